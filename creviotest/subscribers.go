package creviotest

import (
	"maps"
	"strings"
)

// subscribersResource defines POST /v1/subscribers, the newsletter signup.
//
// A subscriber is not an object of its own: the API answers with the
// customer the email is recorded as. So this resource only serves create
// (every other operation answers 405), validates the body (email required
// and well-formed), and its afterWrite hands the signup to the customers
// table: it finds the customer with that email or creates one (type lead,
// confirmed_at null), records the signup as a submission of the primary
// newsletter form (form_submissions.go, which provisions the form), then
// answers with that customer. The subscribers table itself never keeps
// anything, so ids are never duplicated between the two tables, and webhook
// events come from the customers (and form submissions) tables only.
// Seeding "subscribers" goes through the same path.
func subscribersResource() *resource {
	return &resource{
		name:       "subscribers",
		path:       "/subscribers",
		prefix:     "cus_",
		object:     "customer",
		disabled:   opList | opGet | opUpdate | opDelete,
		required:   []string{"email"},
		params:     []string{"name"},
		validate:   func(_ *store, s map[string]any, _ bool) map[string][]string { return customerEmailErrors(s) },
		afterWrite: subscribeCustomer,
	}
}

// subscribeCustomer turns a just-inserted subscriber into the customer it
// stands for: it removes the subscriber from its own table and replaces its
// fields, in place, with those of the (found or new) customer, which is what
// the create answers.
func subscribeCustomer(st *store, old, cur map[string]any) {
	if old != nil || cur == nil {
		return
	}
	subs := st.tables["subscribers"]
	if r := subs.byID[stringField(cur, "id")]; r != nil {
		subs.remove(r)
	}
	email := stringField(cur, "email")
	c, e := findOrCreateCustomer(st, email, cur["name"], "lead")
	if e != nil {
		// Only a seed (which skips validate) gets here, with an email the
		// customers refuse: the signup is then stored nowhere.
		return
	}
	// The signup is recorded even when the customer existed. Its email
	// passed the customers' check, which is the forms' one too.
	_, _ = formNewsletterSignup(st, strings.TrimSpace(email), cur["name"])
	clear(cur)
	maps.Copy(cur, deepCopy(c.obj).(map[string]any))
}
