package creviotest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// invoiceStatuses are the invoice status values the fake accepts.
var invoiceStatuses = []string{"draft", "open", "paid", "past_due", "void", "uncollectible"}

// invoiceVoidable are the statuses void accepts: every unpaid, not yet void
// status ("any → Void" on the invoices feature page, but a paid invoice has
// created its order and can't be voided).
var invoiceVoidable = []string{"draft", "open", "past_due", "uncollectible"}

// invoicesResource defines /v1/invoices.
//
// Create needs a price_variant and a buyer: an existing customer, or a
// customer_name with an email_address (422 otherwise). The invoice starts
// open (draft may be asked for); amount and currency come from the price
// variant, customer_name and email_address from the customer, and number
// counts up (INV-0001, ...); request bodies cannot set those, nor paid_at
// and order (customer_name and email_address they can). due_at must be in
// the future, description at most 500 characters. There is no update or
// delete: the status changes by void (from draft, open, past_due or
// uncollectible; 409 Conflict otherwise) and by paying through a checkout
// created with the invoice (checkouts.go sets status paid, paid_at and
// order). customer, price_variant and order are expandable.
func invoicesResource() *resource {
	return &resource{
		name:     "invoices",
		path:     "/invoices",
		prefix:   "inv_",
		object:   "invoice",
		disabled: opUpdate | opDelete,
		filters:  []string{"status", "customer"},
		required: []string{"price_variant", "status"},
		readOnly: []string{"number", "amount", "currency", "paid_at", "order", "checkout_url"},
		enums: map[string][]string{
			"status":            invoiceStatuses,
			"collection_method": {"send_invoice", "charge_automatically"},
		},
		relations: map[string]relation{
			"customer":      {resource: "customers"},
			"price_variant": {resource: "price_variants"},
			"order":         {resource: "orders"},
		},
		defaults: func(inv map[string]any) {
			setDefault(inv, "status", "open")
			for _, f := range []string{"description", "customer", "customer_name", "email_address", "due_at",
				"paid_at", "order"} {
				setDefault(inv, f, nil)
			}
			setDefault(inv, "collection_method", "send_invoice")
			setDefault(inv, "checkout_url", "https://store.crevio.co/invoices/"+stringField(inv, "id"))
		},
		validate: validateInvoice,
		actions: map[string]actionFunc{
			"void": func(_ *store, inv map[string]any, _ map[string]any) *apiError {
				if s, _ := inv["status"].(string); !slices.Contains(invoiceVoidable, s) {
					return errInvalidState(inv, "void")
				}
				inv["status"] = "void"
				return nil
			},
		},
		afterWrite: fillInvoice,
	}
}

// validateInvoice checks a new invoice (invoices are never updated).
func validateInvoice(st *store, inv map[string]any, create bool) map[string][]string {
	if !create {
		return nil
	}
	var errs map[string][]string
	if isBlank(inv["customer"]) && (isBlank(inv["customer_name"]) || isBlank(inv["email_address"])) {
		errs = addErr(errs, "customer", "can't be blank unless customer_name and email_address are given")
	}
	if v := inv["email_address"]; !isBlank(v) {
		for _, m := range customerEmailErrors(map[string]any{"email": v})["email"] {
			errs = addErr(errs, "email_address", m)
		}
	}
	if s, ok := inv["status"].(string); ok && s != "open" && s != "draft" {
		errs = addErr(errs, "status", "must be open or draft on create")
	}
	if v := inv["due_at"]; v != nil {
		s, _ := v.(string)
		if due, err := time.Parse(time.RFC3339, s); err != nil {
			errs = addErr(errs, "due_at", "is invalid")
		} else if _, now := st.timestamp(); !due.After(now) {
			errs = addErr(errs, "due_at", "must be in the future")
		}
	}
	if v := inv["description"]; v != nil {
		if s, ok := v.(string); !ok {
			errs = addErr(errs, "description", "is invalid")
		} else if utf8.RuneCountInString(s) > 500 {
			errs = addErr(errs, "description", "is too long (maximum is 500 characters)")
		}
	}
	return errs
}

// fillInvoice completes a new invoice from what it refers to: the amount and
// currency of its price variant, the name and email of its customer, and
// the next number. It leaves values a seed gave alone.
func fillInvoice(st *store, old, cur map[string]any) {
	if old != nil || cur == nil {
		return
	}
	if pv := st.tables["price_variants"].byID[stringField(cur, "price_variant")]; pv != nil {
		if _, ok := cur["amount"]; !ok {
			amount, _ := pv.obj["amount"].(float64)
			cur["amount"] = amount
		}
		setDefault(cur, "currency", pv.obj["currency"])
	}
	setDefault(cur, "amount", float64(0))
	setDefault(cur, "currency", "usd")
	if c := st.tables["customers"].byID[stringField(cur, "customer")]; c != nil {
		for field, from := range map[string]string{"customer_name": "name", "email_address": "email"} {
			if isBlank(cur[field]) {
				cur[field] = c.obj[from]
			}
		}
	}
	if isBlank(cur["number"]) {
		cur["number"] = fmt.Sprintf("INV-%04d", invoiceLastNumber(st)+1)
	}
}

// invoiceLastNumber returns the highest number of the INV-nnnn invoices.
func invoiceLastNumber(st *store) int {
	highest := 0
	for _, r := range st.tables["invoices"].order {
		if n, err := strconv.Atoi(strings.TrimPrefix(stringField(r.obj, "number"), "INV-")); err == nil {
			highest = max(highest, n)
		}
	}
	return highest
}

// MarkInvoicePastDue moves an open invoice to past_due, as the API does
// when an invoice's due date passes unpaid, which sends invoice.past_due.
// A past-due invoice can still be paid (through a checkout created with
// it) or voided. It returns an error for an unknown invoice or one that is
// not open.
func (f *Fake) MarkInvoicePastDue(id string) error {
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	t := f.st.tables["invoices"]
	rec := t.lookup(id)
	if rec == nil {
		return fmt.Errorf("creviotest: no such invoice %q", id)
	}
	if s := stringField(rec.obj, "status"); s != "open" {
		return fmt.Errorf("creviotest: invoice %s is %s, not open", id, s)
	}
	obj := deepCopy(rec.obj).(map[string]any)
	obj["status"] = "past_due"
	f.st.save(t, rec, obj)
	return nil
}
