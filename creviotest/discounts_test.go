package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDiscountWrappedBodyAndDefaults(t *testing.T) {
	a := newAPI(t)
	// The old API wrapped bodies in {"discount": {...}}; both forms work.
	d := a.create("/discounts", map[string]any{"discount": map[string]any{
		"code": "OLDSTYLE", "discount_type": "amount_off", "amount_off": 250, "currency": "usd",
	}})
	assert.Equal(t, "discount", d["object"])
	assert.Regexp(t, `^disc_`, d["id"])
	assert.Equal(t, "active", d["status"])
	assert.Equal(t, float64(0), d["times_redeemed"])
	assert.Equal(t, true, d["destroyable"])
	assert.Equal(t, []any{}, d["price_variants"])
	for _, f := range []string{"percent_off", "duration", "duration_in_months", "redeem_by", "max_redemptions"} {
		assert.Contains(t, d, f)
		assert.Nil(t, d[f], f)
	}

	res := a.do(http.MethodPatch, "/discounts/"+d["id"].(string), map[string]any{"discount": map[string]any{
		"times_redeemed": 1, "status": "scheduled", "destroyable": false,
	}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, float64(0), res.Body["times_redeemed"], "requests cannot set the counters")
	assert.Equal(t, "active", res.Body["status"])
	assert.Equal(t, true, res.Body["destroyable"])

	seeded, err := a.srv.Seed("discounts", map[string]any{"code": "USED", "discount_type": "percent_off", "percent_off": 5, "times_redeemed": 1})
	require.NoError(t, err)
	assert.Equal(t, false, seeded[0]["destroyable"], "destroyable follows times_redeemed")

	res = a.do(http.MethodPatch, "/discounts/"+d["id"].(string), map[string]any{"redeem_by": "next week"})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, map[string]any{"redeem_by": []any{"is not a valid time"}}, res.errField("errors"))
}

func TestDiscountExpandPriceVariants(t *testing.T) {
	a := newAPI(t)
	p := a.create("/products", map[string]any{"name": "P"})
	v := a.create("/price_variants", map[string]any{"product": p["id"], "name": "Std"})
	d := a.create("/discounts", map[string]any{"code": "X", "discount_type": "percent_off", "percent_off": 10, "price_variants": []any{v["id"]}})
	assert.Equal(t, []any{v["id"]}, d["price_variants"])
	res := a.do(http.MethodGet, "/discounts/"+d["id"].(string)+"?expand=price_variants", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "Std", res.Body["price_variants"].([]any)[0].(map[string]any)["name"])
}
