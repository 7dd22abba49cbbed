package creviotest

import (
	"math"
	"net/url"
	"strconv"
)

// Price variant enum values the fake accepts (the SDK's enums stay open).
var (
	priceVariantAmountTypes         = []string{"fixed", "free", "custom"}
	priceVariantBillingTypes        = []string{"one_time", "subscription", "free", "installments"}
	priceVariantRecurringIntervals  = []string{"day", "week", "month", "year"}
	priceVariantNullableFields      = []string{"recurring_interval", "interval_count", "installment_count", "setup_fee_amount", "trial_period_days", "revoke_after_days", "quantity_available", "discounted_from_amount", "minimum_amount", "maximum_amount", "preset_amount", "benefits"}
	priceVariantNonNegativeIntegers = []string{"amount", "setup_fee_amount", "trial_period_days", "revoke_after_days", "quantity_available", "discounted_from_amount", "minimum_amount", "maximum_amount", "preset_amount", "position"}
	priceVariantPositiveIntegers    = []string{"interval_count", "installment_count"}
)

// priceVariantsResource defines /v1/price_variants.
//
// POST /price_variants/{id}/archive sets archived to true. Lists leave
// archived variants out unless the query says archived=true, which lists
// only the archived ones (archived=false, or no value, lists the others);
// GET by id finds a variant either way, and a product's price_variants still
// embed its archived variants. purchase_url is
// https://store.crevio.co/buy/<id>. DELETE stays served too, since the reference
// does not rule it out.
func priceVariantsResource() *resource {
	return &resource{
		name:       "price_variants",
		path:       "/price_variants",
		prefix:     "price_",
		object:     "price_variant",
		filters:    []string{"product"},
		listFilter: priceVariantListFilter,
		required:   []string{"product", "name"},
		readOnly:   []string{"purchase_url"},
		// seat_quantity: the old generation's seatQuantity (one access token
		// per seat), likely in the new one; kept when given.
		params: []string{"seat_quantity"},
		enums: map[string][]string{
			"amount_type":        priceVariantAmountTypes,
			"billing_type":       priceVariantBillingTypes,
			"recurring_interval": priceVariantRecurringIntervals,
		},
		relations: map[string]relation{
			"product": {resource: "products"},
		},
		defaults: func(v map[string]any) {
			setDefault(v, "amount", nil)
			setDefault(v, "amount_type", "fixed")
			setDefault(v, "billing_type", "one_time")
			setDefault(v, "currency", "usd")
			setDefault(v, "archived", false)
			setDefault(v, "hidden", false)
			setDefault(v, "position", float64(0))
			setDefault(v, "waitlist", false)
			// The direct buy link the reference marks present; seeds may
			// give their own.
			setDefault(v, "purchase_url", "https://store.crevio.co/buy/"+stringField(v, "id"))
			for _, f := range priceVariantNullableFields {
				setDefault(v, f, nil)
			}
		},
		validate: func(_ *store, v map[string]any, _ bool) map[string][]string {
			var errs map[string][]string
			for _, f := range priceVariantNonNegativeIntegers {
				errs = priceVariantCheckInteger(errs, v, f, 0)
			}
			for _, f := range priceVariantPositiveIntegers {
				errs = priceVariantCheckInteger(errs, v, f, 1)
			}
			for _, f := range []string{"archived", "hidden", "waitlist"} {
				if _, ok := v[f].(bool); !ok {
					errs = addErr(errs, f, "must be true or false")
				}
			}
			if b, ok := v["benefits"]; ok && b != nil {
				arr, isArr := b.([]any)
				for _, e := range arr {
					if _, isStr := e.(string); !isStr {
						isArr = false
					}
				}
				if !isArr {
					errs = addErr(errs, "benefits", "must be a list of strings")
				}
			}
			return errs
		},
		actions: map[string]actionFunc{
			"archive": func(_ *store, v map[string]any, _ map[string]any) *apiError {
				v["archived"] = true
				return nil
			},
		},
	}
}

// priceVariantListFilter shows archived variants only for archived=true.
func priceVariantListFilter(v map[string]any, q url.Values) bool {
	want, _ := strconv.ParseBool(q.Get("archived"))
	archived, _ := v["archived"].(bool)
	return archived == want
}

// priceVariantCheckInteger adds an error when obj[field] is set (not null)
// and is not a whole number of at least minimum.
func priceVariantCheckInteger(errs map[string][]string, obj map[string]any, field string, minimum float64) map[string][]string {
	v, ok := obj[field]
	if !ok || v == nil {
		return errs
	}
	n, isNum := v.(float64)
	switch {
	case !isNum || n != math.Trunc(n):
		return addErr(errs, field, "must be an integer")
	case n < minimum:
		return addErr(errs, field, "must be greater than or equal to "+strconv.FormatFloat(minimum, 'f', -1, 64))
	}
	return errs
}
