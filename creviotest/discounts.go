package creviotest

import (
	"strings"
	"time"
)

// Discount enum values the fake accepts (the SDK's enums stay open).
var (
	discountTypes     = []string{"amount_off", "percent_off"}
	discountDurations = []string{"once", "forever", "repeating"}
	discountStatuses  = []string{"active", "expired", "scheduled"}
)

// discountsResource defines /v1/discounts.
//
// Rules: code is required and unique, ignoring case (422 "has already been
// taken"); discount_type is amount_off (amount_off a whole number > 0 and a
// currency, percent_off null) or percent_off (percent_off from 1 to 100,
// amount_off null); duration is null, once, forever or repeating, and
// duration_in_months is a whole number >= 1 for repeating and null
// otherwise; price_variants name existing variants. status is kept by the
// fake: expired once redeem_by has passed or max_redemptions is reached (as
// of the last write), else active (or scheduled, when seeded so);
// destroyable is true while times_redeemed is 0. Requests cannot set
// status, times_redeemed or destroyable; Seed can. Deleting a discount clears
// it from the checkout links that apply it.
func discountsResource() *resource {
	return &resource{
		name:     "discounts",
		path:     "/discounts",
		prefix:   "disc_",
		object:   "discount",
		filters:  []string{"status"},
		required: []string{"code", "discount_type"},
		readOnly: []string{"status", "times_redeemed", "destroyable"},
		enums: map[string][]string{
			"discount_type": discountTypes,
			"duration":      discountDurations,
			"status":        discountStatuses,
		},
		relations: map[string]relation{
			"price_variants": {resource: "price_variants", many: true},
		},
		defaults: func(d map[string]any) {
			for _, f := range []string{"amount_off", "percent_off", "currency", "duration",
				"duration_in_months", "redeem_by", "max_redemptions"} {
				setDefault(d, f, nil)
			}
			setDefault(d, "status", "active")
			setDefault(d, "times_redeemed", float64(0))
			setDefault(d, "destroyable", true)
			setDefault(d, "price_variants", []any{})
		},
		validate:   validateDiscount,
		afterWrite: discountAfterWrite,
	}
}

func validateDiscount(st *store, d map[string]any, _ bool) map[string][]string {
	var errs map[string][]string
	if code, ok := d["code"]; ok && code != nil {
		s, isStr := code.(string)
		if !isStr {
			errs = addErr(errs, "code", "is invalid")
		} else if t := st.tables["discounts"]; t != nil && strings.TrimSpace(s) != "" {
			for _, r := range t.order {
				other, _ := r.obj["code"].(string)
				if r.obj["id"] != d["id"] && strings.EqualFold(other, s) {
					errs = addErr(errs, "code", "has already been taken")
					break
				}
			}
		}
	}

	switch d["discount_type"] {
	case "percent_off":
		switch p, isNum := d["percent_off"].(float64); {
		case d["percent_off"] == nil:
			errs = addErr(errs, "percent_off", "can't be blank")
		case !isNum || p < 1 || p > 100:
			errs = addErr(errs, "percent_off", "must be between 1 and 100")
		}
		if d["amount_off"] != nil {
			errs = addErr(errs, "amount_off", "must be blank for a percent_off discount")
		}
	case "amount_off":
		if d["amount_off"] == nil {
			errs = addErr(errs, "amount_off", "can't be blank")
		} else {
			errs = priceVariantCheckInteger(errs, d, "amount_off", 1)
		}
		if d["percent_off"] != nil {
			errs = addErr(errs, "percent_off", "must be blank for an amount_off discount")
		}
		if isBlank(d["currency"]) {
			errs = addErr(errs, "currency", "can't be blank")
		}
	}

	if d["duration"] == "repeating" {
		if d["duration_in_months"] == nil {
			errs = addErr(errs, "duration_in_months", "can't be blank")
		} else {
			errs = priceVariantCheckInteger(errs, d, "duration_in_months", 1)
		}
	} else if d["duration_in_months"] != nil {
		errs = addErr(errs, "duration_in_months", "must be blank unless duration is repeating")
	}

	errs = priceVariantCheckInteger(errs, d, "max_redemptions", 1)
	errs = priceVariantCheckInteger(errs, d, "times_redeemed", 0)
	if v, ok := d["redeem_by"]; ok && v != nil {
		if _, err := discountTime(v); err != nil {
			errs = addErr(errs, "redeem_by", "is not a valid time")
		}
	}
	return errs
}

// discountTime reads a redeem_by value (RFC 3339).
func discountTime(v any) (time.Time, error) {
	s, _ := v.(string)
	return time.Parse(time.RFC3339, s)
}

// discountAfterWrite keeps status and destroyable in step with the stored
// fields, and clears a deleted discount from the checkout links using it.
func discountAfterWrite(st *store, old, cur map[string]any) {
	if cur == nil {
		id := stringField(old, "id")
		if links := st.tables["checkout_links"]; links != nil {
			for _, r := range links.order {
				if stringField(r.obj, "discount") == id {
					r.obj["discount"] = nil
				}
			}
		}
		return
	}
	redeemed, _ := cur["times_redeemed"].(float64)
	cur["destroyable"] = redeemed == 0
	expired := false
	if v := cur["redeem_by"]; v != nil {
		if t, err := discountTime(v); err == nil && !t.After(st.now()) {
			expired = true
		}
	}
	if limit, ok := cur["max_redemptions"].(float64); ok && redeemed >= limit {
		expired = true
	}
	switch {
	case expired:
		cur["status"] = "expired"
	case cur["status"] == "expired":
		cur["status"] = "active"
	}
}
