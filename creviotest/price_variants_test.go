package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPriceVariantArchivedListing(t *testing.T) {
	a := newAPI(t)
	p := a.create("/products", map[string]any{"name": "P"})
	live := a.create("/price_variants", map[string]any{"product": p["id"], "name": "Live"})
	gone := a.create("/price_variants", map[string]any{"product": p["id"], "name": "Gone"})
	res := a.do(http.MethodPost, "/price_variants/"+gone["id"].(string)+"/archive", nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)

	assert.Equal(t, []string{live["id"].(string)}, a.do(http.MethodGet, "/price_variants", nil).ids())
	assert.Equal(t, []string{live["id"].(string)}, a.do(http.MethodGet, "/price_variants?archived=false", nil).ids())
	assert.Equal(t, []string{live["id"].(string)}, a.do(http.MethodGet, "/price_variants?archived=nonsense", nil).ids(),
		"an unreadable value counts as false")
	assert.Equal(t, []string{gone["id"].(string)}, a.do(http.MethodGet, "/price_variants?archived=true", nil).ids())
	assert.Equal(t, []string{gone["id"].(string)}, a.do(http.MethodGet, "/price_variants?archived=1&product="+p["id"].(string), nil).ids())

	// A cursor on an archived variant still pages the default list.
	res = a.do(http.MethodGet, "/price_variants?starting_after="+gone["id"].(string), nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, []string{live["id"].(string)}, res.ids())

	assert.Equal(t, http.StatusOK, a.do(http.MethodGet, "/price_variants/"+gone["id"].(string), nil).Status)
	assert.Equal(t, []any{live["id"], gone["id"]}, ids(a.do(http.MethodGet, "/products/"+p["id"].(string), nil).Body["price_variants"]),
		"a product embeds its archived variants too")
}

func TestPriceVariantDefaultsAndChecks(t *testing.T) {
	a := newAPI(t)
	p := a.create("/products", map[string]any{"name": "P"})
	v := a.create("/price_variants", map[string]any{"price_variant": map[string]any{"product": p["id"], "name": "Wrapped"}})
	for _, f := range []string{"recurring_interval", "interval_count", "installment_count", "setup_fee_amount",
		"trial_period_days", "revoke_after_days", "quantity_available", "discounted_from_amount",
		"minimum_amount", "maximum_amount", "preset_amount", "benefits", "amount"} {
		assert.Contains(t, v, f)
		assert.Nil(t, v[f], f)
	}
	assert.Equal(t, "Wrapped", v["name"], "a root-key-wrapped body is unwrapped")
	assert.Equal(t, "https://store.crevio.co/buy/"+v["id"].(string), v["purchase_url"], "purchase_url is always present")
	res0 := a.do(http.MethodPatch, "/price_variants/"+v["id"].(string), map[string]any{"purchase_url": "https://evil.example"})
	assert.Equal(t, v["purchase_url"], res0.Body["purchase_url"], "bodies cannot set it")
	seeded, err := a.srv.Seed("price_variants", map[string]any{"product": p["id"], "name": "S", "purchase_url": "https://buy.test/s"})
	require.NoError(t, err)
	assert.Equal(t, "https://buy.test/s", seeded[0]["purchase_url"], "seeds may give their own")

	res := a.do(http.MethodPatch, "/price_variants/"+v["id"].(string), map[string]any{
		"amount": 10.5, "hidden": "yes", "benefits": []any{"ok", 3}, "recurring_interval": "fortnight",
	})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	errs := res.errField("errors").(map[string]any)
	for _, f := range []string{"amount", "hidden", "benefits", "recurring_interval"} {
		assert.Contains(t, errs, f)
	}
}
