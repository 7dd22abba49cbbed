package creviotest

import (
	"fmt"
	"net/url"
	"strings"
)

// customerTypes are the customer_type values the fake accepts (GAPS
// contradiction 5: a webhook example shows "customer"; the fake keeps the
// documented lead, free, paid).
var customerTypes = []string{"lead", "free", "paid"}

// customersResource defines /v1/customers.
//
// Emails are required, must look like one and are unique within the account
// regardless of case. confirmed_at is null until [Fake.ConfirmCustomer] (or a
// seed) sets it; request bodies cannot set it, nor the order statistics. Lists filter by
// customer_type and search email and name with ?query=. There is no delete.
func customersResource() *resource {
	return &resource{
		name:       "customers",
		path:       "/customers",
		prefix:     "cus_",
		object:     "customer",
		disabled:   opDelete,
		filters:    []string{"customer_type"},
		listFilter: customerMatchesQuery,
		required:   []string{"email", "customer_type"},
		readOnly:   []string{"confirmed_at", "orders_count", "total_spend"},
		enums:      map[string][]string{"customer_type": customerTypes},
		defaults: func(c map[string]any) {
			setDefault(c, "customer_type", "lead")
			for _, f := range []string{"name", "first_name", "last_name", "phone_number", "confirmed_at"} {
				setDefault(c, f, nil)
			}
			setDefault(c, "orders_count", float64(0))
			setDefault(c, "total_spend", float64(0))
			setDefault(c, "tags", []any{})
		},
		validate: validateCustomer,
	}
}

// customerMatchesQuery implements ?query=: a case-insensitive substring of
// the email or the name.
func customerMatchesQuery(c map[string]any, q url.Values) bool {
	query := strings.ToLower(strings.TrimSpace(q.Get("query")))
	if query == "" {
		return true
	}
	for _, f := range []string{"email", "name"} {
		if strings.Contains(strings.ToLower(stringField(c, f)), query) {
			return true
		}
	}
	return false
}

// validateCustomer adds the email checks: well-formed, and not the email
// of another customer (ignoring case).
func validateCustomer(st *store, c map[string]any, _ bool) map[string][]string {
	errs := customerEmailErrors(c)
	if len(errs) == 0 {
		if other := customerRecordByEmail(st, stringField(c, "email")); other != nil && other.obj["id"] != c["id"] {
			errs = addErr(errs, "email", "has already been taken")
		}
	}
	return errs
}

// customerEmailErrors checks that a present email is a string that looks
// like an address: one @ with something on both sides, a dot in the domain,
// no white space (blank emails are the required check's business). Form
// submissions apply the same rule.
func customerEmailErrors(c map[string]any) map[string][]string {
	v, ok := c["email"]
	if !ok || isBlank(v) {
		return nil
	}
	s, _ := v.(string)
	local, domain, found := strings.Cut(s, "@")
	if !found || local == "" || strings.Contains(domain, "@") || !strings.Contains(strings.Trim(domain, "."), ".") ||
		strings.ContainsAny(s, " \t\r\n") {
		return map[string][]string{"email": {"is invalid"}}
	}
	return nil
}

// customerRecordByEmail returns the customer with this email, compared without
// case and surrounding space, or nil.
func customerRecordByEmail(st *store, email string) *record {
	email = strings.TrimSpace(email)
	if email == "" {
		return nil
	}
	for _, r := range st.tables["customers"].order {
		if strings.EqualFold(strings.TrimSpace(stringField(r.obj, "email")), email) {
			return r
		}
	}
	return nil
}

// findOrCreateCustomer returns the customer with this email, creating it
// (with the given name and customer_type) when there is none. An existing
// customer is returned unchanged. The caller holds the store's write lock.
// Resources that record buyers (subscribers, checkouts) use it.
func findOrCreateCustomer(st *store, email string, name any, customerType string) (*record, *apiError) {
	if r := customerRecordByEmail(st, email); r != nil {
		return r, nil
	}
	obj := map[string]any{"email": strings.TrimSpace(email), "customer_type": customerType}
	if name != nil {
		obj["name"] = name
	}
	return st.create(st.tables["customers"], obj)
}

// ConfirmCustomer sets the confirmed_at of a customer to the fake's current
// time, as a person confirming their email address (double opt-in) would. A
// customer already confirmed keeps its first confirmation time. It returns
// an error for an unknown id.
func (f *Fake) ConfirmCustomer(id string) error {
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	t := f.st.tables["customers"]
	r := t.lookup(id)
	if r == nil {
		return fmt.Errorf("creviotest: no such customer %q", id)
	}
	if !isBlank(r.obj["confirmed_at"]) {
		return nil
	}
	obj := deepCopy(r.obj).(map[string]any)
	obj["confirmed_at"], _ = f.st.timestamp()
	f.st.save(t, r, obj)
	return nil
}
