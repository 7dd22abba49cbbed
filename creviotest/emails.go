package creviotest

import (
	"strings"
)

// emailsResource defines /v1/emails: POST sends (records) a transactional
// email; the fake serves no list or get, as the reference shows none.
// Tests read what was sent with [Fake.SentEmails], Count("emails") and
// Get("emails", id).
//
// An email needs a subject and a recipient: to (an address) or customer
// (a customer id, which must exist, or an address). Given a customer
// without to, the email goes to the customer's address.
func emailsResource() *resource {
	return &resource{
		name:     "emails",
		path:     "/emails",
		prefix:   "em_",
		object:   "email",
		disabled: opList | opGet | opUpdate | opDelete,
		required: []string{"subject"},
		readOnly: []string{"status"},
		defaults: func(e map[string]any) {
			for _, f := range []string{"to", "customer", "body", "html", "reply_to"} {
				setDefault(e, f, nil)
			}
			setDefault(e, "status", "sent")
		},
		validate: func(st *store, e map[string]any, _ bool) map[string][]string {
			var errs map[string][]string
			to, cust := e["to"], e["customer"]
			if isBlank(to) && isBlank(cust) {
				return addErr(errs, "to", "can't be blank")
			}
			if to != nil {
				if s, ok := to.(string); !ok || !emailLike(s) {
					errs = addErr(errs, "to", "is invalid")
				}
			}
			if cust != nil {
				s, ok := cust.(string)
				switch {
				case !ok:
					errs = addErr(errs, "customer", "is invalid")
				case emailLike(s):
				case emailCustomer(st, s) == nil:
					errs = addErr(errs, "customer", "must exist")
				}
			}
			return errs
		},
		afterWrite: func(st *store, old, cur map[string]any) {
			if old != nil || cur == nil {
				return
			}
			// A customer named by address becomes the customer with that
			// address, if there is one; the recipient defaults to the
			// customer's address.
			s, _ := cur["customer"].(string)
			if emailLike(s) {
				cur["customer"] = nil
				if c := emailCustomerByAddress(st, s); c != nil {
					cur["customer"] = c["id"]
				}
				emailSetBlank(cur, "to", s)
			} else if c := emailCustomer(st, s); c != nil {
				emailSetBlank(cur, "to", c["email"])
			}
		},
	}
}

// SentEmails returns a copy of every email sent through POST /v1/emails,
// oldest first.
func (f *Fake) SentEmails() []map[string]any {
	t := f.st.tables["emails"]
	if t == nil {
		return nil
	}
	f.st.mu.RLock()
	defer f.st.mu.RUnlock()
	out := make([]map[string]any, 0, len(t.order))
	for _, r := range t.order {
		out = append(out, f.st.render(t, r, nil))
	}
	return out
}

func emailLike(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1
}

// emailCustomer returns the stored customer with this id, or nil.
func emailCustomer(st *store, id string) map[string]any {
	if t := st.tables["customers"]; t != nil && id != "" {
		if r := t.byID[id]; r != nil {
			return r.obj
		}
	}
	return nil
}

// emailCustomerByAddress returns the stored customer with this address (compared
// without case), or nil.
func emailCustomerByAddress(st *store, addr string) map[string]any {
	if t := st.tables["customers"]; t != nil {
		for _, r := range t.order {
			if e, _ := r.obj["email"].(string); strings.EqualFold(e, addr) {
				return r.obj
			}
		}
	}
	return nil
}

// emailSetBlank sets obj[key] to v when the field is blank.
func emailSetBlank(obj map[string]any, key string, v any) {
	if isBlank(obj[key]) {
		obj[key] = v
	}
}
