package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckoutLinkExpandOnWriteAndSeedJSON(t *testing.T) {
	a := newAPI(t)
	require.NoError(t, a.srv.SeedJSON([]byte(`{
		"checkout_links": [{"id": "cl_seeded", "name": "Seeded", "price_variants": ["price_a"], "discount": "disc_a"}],
		"discounts": [{"id": "disc_a", "code": "A", "discount_type": "percent_off", "percent_off": 10}],
		"products": [{"id": "prod_a", "name": "A", "price_variants": [{"id": "price_a", "name": "Std"}]}]
	}`)))
	res := a.do(http.MethodGet, "/checkout_links/cl_seeded?expand=discount,price_variants", nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "A", res.Body["discount"].(map[string]any)["code"])
	assert.Equal(t, "Std", res.Body["price_variants"].([]any)[0].(map[string]any)["name"])
	assert.Equal(t, "https://store.crevio.co/l/cl_seeded", res.Body["url"])

	res = a.do(http.MethodPost, "/checkout_links?expand=discount", map[string]any{
		"checkout_link": map[string]any{"name": "New", "price_variants": []any{"price_a"}, "discount": "disc_a"},
	})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "disc_a", res.Body["discount"].(map[string]any)["id"])
	assert.Equal(t, []any{"price_a"}, res.Body["price_variants"])
	assert.Equal(t, map[string]any{}, res.Body["metadata"])
	assert.Equal(t, false, res.Body["allow_discount_codes"])
	assert.Regexp(t, `^https://store\.crevio\.co/l/cl_`, res.Body["url"])

	res = a.do(http.MethodPatch, "/checkout_links/cl_seeded", map[string]any{"url": "https://evil.example"})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "https://store.crevio.co/l/cl_seeded", res.Body["url"], "requests cannot set url")

	res = a.do(http.MethodPatch, "/checkout_links/cl_seeded", map[string]any{"price_variants": "price_a", "allow_discount_codes": "yes"})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	errs := res.errField("errors").(map[string]any)
	assert.Equal(t, []any{"is invalid"}, errs["price_variants"])
	assert.Contains(t, errs, "allow_discount_codes")

	res = a.do(http.MethodDelete, "/discounts/disc_a", nil)
	require.Equal(t, http.StatusOK, res.Status)
	for _, l := range a.do(http.MethodGet, "/checkout_links", nil).data() {
		assert.Nil(t, l.(map[string]any)["discount"], "a deleted discount leaves every link")
	}
}
