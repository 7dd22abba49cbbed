package creviotest

import (
	"fmt"
	"net/http"
	"time"
)

// subscriptionStatuses are the subscription status values the fake accepts.
var subscriptionStatuses = []string{"active", "trialing", "past_due", "paused", "canceled", "unpaid", "incomplete"}

// subscriptionsResource defines /v1/subscriptions.
//
// The API lists, retrieves and changes subscriptions through actions only:
// they come into being when a subscription price variant is bought (see
// startSubscription) or by seeding (Seed("subscriptions", ...); a seeded
// status of paused or canceled sets paused or canceled to match). The
// state machine:
//
//	cancel: any status but canceled -> canceled (canceled, canceled_at, ends_at set)
//	pause:  active -> paused (paused set)
//	resume: paused -> active (paused cleared)
//
// Any other transition, and every action on a canceled subscription, is 409
// Conflict with code "invalid_state": the request is well-formed but the
// subscription's state forbids it (422 stays for field validation).
func subscriptionsResource() *resource {
	return &resource{
		name:     "subscriptions",
		path:     "/subscriptions",
		prefix:   "sub_",
		object:   "subscription",
		disabled: opCreate | opUpdate | opDelete,
		filters:  []string{"status", "customer"},
		required: []string{"status"},
		enums:    map[string][]string{"status": subscriptionStatuses},
		relations: map[string]relation{
			"customer":      {resource: "customers"},
			"price_variant": {resource: "price_variants"},
		},
		defaults: func(s map[string]any) {
			setDefault(s, "status", "active")
			setDefault(s, "quantity", float64(1))
			for _, f := range []string{"current_period_start", "current_period_end", "trial_ends_at", "ends_at",
				"canceled_at", "customer", "price_variant", "product"} {
				setDefault(s, f, nil)
			}
			setDefault(s, "canceled", s["status"] == "canceled")
			setDefault(s, "paused", s["status"] == "paused")
		},
		actions: map[string]actionFunc{
			"cancel": func(st *store, s map[string]any, _ map[string]any) *apiError {
				if s["status"] == "canceled" {
					return errInvalidState(s, "cancel")
				}
				now, _ := st.timestamp()
				s["status"], s["canceled"], s["paused"] = "canceled", true, false
				s["canceled_at"], s["ends_at"] = now, now
				return nil
			},
			"pause": func(_ *store, s map[string]any, _ map[string]any) *apiError {
				if s["status"] != "active" {
					return errInvalidState(s, "pause")
				}
				s["status"], s["paused"] = "paused", true
				return nil
			},
			"resume": func(_ *store, s map[string]any, _ map[string]any) *apiError {
				if s["status"] != "paused" {
					return errInvalidState(s, "resume")
				}
				s["status"], s["paused"] = "active", false
				return nil
			},
		},
	}
}

// errInvalidState is the 409 answer to an action the object's status
// forbids, such as pausing a canceled subscription or voiding a paid
// invoice.
func errInvalidState(obj map[string]any, action string) *apiError {
	object := stringField(obj, "object")
	return &apiError{
		Status:  http.StatusConflict,
		Type:    typeInvalidRequest,
		Code:    "invalid_state",
		Param:   "status",
		Message: fmt.Sprintf("Cannot %s %s %s: its status is %v.", action, object, stringField(obj, "id"), obj["status"]),
	}
}

// startSubscription creates an active subscription of customer to the
// subscription price variant variant (quantity units), as buying it does,
// and returns the stored object. A variant with trial_period_days starts
// trialing, with trial_ends_at set. The current
// period runs from now for the variant's interval (recurring_interval times
// interval_count; a month when unset). The caller holds the store's write
// lock. Completing a checkout of a subscription variant calls it.
func startSubscription(st *store, customer, variant string, quantity int) (map[string]any, *apiError) {
	pv := st.tables["price_variants"].byID[variant]
	if pv == nil {
		return nil, errValidation(map[string][]string{"price_variant": {"must exist"}})
	}
	_, now := st.timestamp()
	end := subscriptionPeriodEnd(now, stringField(pv.obj, "recurring_interval"), pv.obj["interval_count"])
	sub := map[string]any{
		"status":               "active",
		"customer":             customer,
		"price_variant":        variant,
		"product":              pv.obj["product"],
		"quantity":             float64(max(quantity, 1)),
		"current_period_start": now.Format(time.RFC3339),
		"current_period_end":   end.Format(time.RFC3339),
	}
	if days, ok := pv.obj["trial_period_days"].(float64); ok && days > 0 {
		sub["status"] = "trialing"
		sub["trial_ends_at"] = now.AddDate(0, 0, int(days)).Format(time.RFC3339)
	}
	r, e := st.create(st.tables["subscriptions"], sub)
	if e != nil {
		return nil, e
	}
	return r.obj, nil
}

// subscriptionPeriodEnd adds count intervals (default 1 month) to start.
func subscriptionPeriodEnd(start time.Time, interval string, count any) time.Time {
	n := 1
	if c, ok := count.(float64); ok && c >= 1 {
		n = int(c)
	}
	switch interval {
	case "day":
		return start.AddDate(0, 0, n)
	case "week":
		return start.AddDate(0, 0, 7*n)
	case "year":
		return start.AddDate(n, 0, 0)
	}
	return start.AddDate(0, n, 0)
}
