package creviotest

import (
	"math"
	"strconv"
)

// refundStatuses are the refund status values the fake accepts.
var refundStatuses = []string{"pending", "succeeded", "failed"}

// refundsResource defines /v1/refunds.
//
// A refund needs an existing order whose payment went through (paid,
// succeeded or partially refunded). amount is optional and defaults to what
// remains refundable (amount - amount_refunded of the order); a given amount
// must be a whole number of cents above 0 and at most that remainder (422
// otherwise), and metadata an object. The fake copies currency and provider
// (the order's processor; "stripe" when the order has none) from the order
// and marks the refund succeeded; then the order's
// amount_refunded grows by the refund and its status becomes
// partially_refunded or refunded. Refunds cannot be changed or deleted (405);
// lists filter by order. Seeded refunds count against their order too.
func refundsResource() *resource {
	return &resource{
		name:     "refunds",
		path:     "/refunds",
		prefix:   "re_",
		object:   "refund",
		disabled: opUpdate | opDelete,
		filters:  []string{"order"},
		required: []string{"order"},
		enums:    map[string][]string{"status": refundStatuses},
		relations: map[string]relation{
			"order": {resource: "orders"},
		},
		defaults: func(r map[string]any) {
			setDefault(r, "amount", nil)
			setDefault(r, "currency", nil)
			setDefault(r, "reason", nil)
			setDefault(r, "notes", nil)
			setDefault(r, "provider", "stripe")
			setDefault(r, "metadata", map[string]any{})
			setDefault(r, "status", "succeeded")
		},
		validate:   validateRefund,
		afterWrite: refundApplyToOrder,
	}
}

// validateRefund checks a new refund against its order and fills in the
// fields the fake derives from it (amount when absent, currency, provider,
// status).
func validateRefund(st *store, r map[string]any, create bool) map[string][]string {
	if !create {
		return nil
	}
	orders := st.tables["orders"]
	if orders == nil {
		return nil
	}
	o := orders.byID[stringField(r, "order")]
	if o == nil {
		return nil // the relation check reports it
	}
	amount, _ := o.obj["amount"].(float64)
	refunded, _ := o.obj["amount_refunded"].(float64)
	remaining := math.Max(amount-refunded, 0)
	var errs map[string][]string
	switch {
	case !orderIsPaid(o.obj):
		errs = addErr(errs, "order", "has not been paid")
	case remaining <= 0:
		errs = addErr(errs, "order", "has already been fully refunded")
	}
	switch v := r["amount"].(type) {
	case nil:
		r["amount"] = remaining
	case float64:
		switch {
		case v != math.Trunc(v):
			errs = addErr(errs, "amount", "must be an integer")
		case v <= 0:
			errs = addErr(errs, "amount", "must be greater than 0")
		case remaining > 0 && v > remaining:
			errs = addErr(errs, "amount", "must be less than or equal to "+
				strconv.FormatFloat(remaining, 'f', -1, 64)+", the amount not yet refunded")
		}
	default:
		errs = addErr(errs, "amount", "must be an integer")
	}
	if m, ok := r["metadata"]; ok {
		if _, isObj := m.(map[string]any); !isObj {
			errs = addErr(errs, "metadata", "must be an object")
		}
	}
	r["currency"] = o.obj["currency"]
	// provider is required in the reference: an order without a
	// processor (a seeded one) was paid through Stripe.
	r["provider"] = "stripe"
	if p, _ := o.obj["processor"].(string); p != "" {
		r["provider"] = p
	}
	r["status"] = "succeeded"
	return errs
}

// refundApplyToOrder adds a new succeeded refund to its order's
// amount_refunded and moves the order to partially_refunded or refunded. The
// order is saved (updated_at, hooks) like any other write.
func refundApplyToOrder(st *store, old, cur map[string]any) {
	if old != nil || cur == nil || stringField(cur, "status") != "succeeded" {
		return
	}
	orders := st.tables["orders"]
	if orders == nil {
		return
	}
	rec := orders.byID[stringField(cur, "order")]
	amount, _ := cur["amount"].(float64)
	if rec == nil || amount <= 0 {
		return
	}
	o := deepCopy(rec.obj).(map[string]any)
	total, _ := o["amount"].(float64)
	refunded, _ := o["amount_refunded"].(float64)
	refunded += amount
	o["amount_refunded"] = refunded
	if refunded >= total {
		o["status"] = "refunded"
	} else {
		o["status"] = "partially_refunded"
	}
	st.save(orders, rec, o)
}
