package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ids returns the ids of a rendered relation: each element's id when it is
// an object, else the element itself.
func ids(v any) []any {
	arr, _ := v.([]any)
	out := make([]any, 0, len(arr))
	for _, e := range arr {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m["id"])
		} else {
			out = append(out, e)
		}
	}
	return out
}

// TestPriceVariantsEmbedded checks that products and event types show
// their price variants as full objects without expand, as the reference's
// objects do: archived and hidden ones included, in position order for a
// product, each with its product as an id.
func TestPriceVariantsEmbedded(t *testing.T) {
	a := newAPI(t)
	p := a.create("/products", map[string]any{"name": "Course"})
	pid := p["id"].(string)
	assert.Equal(t, []any{}, p["price_variants"])
	v1 := a.create("/price_variants", map[string]any{"product": pid, "name": "Monthly", "amount": 1000, "position": 2})
	v2 := a.create("/price_variants", map[string]any{"product": pid, "name": "Yearly", "position": 1, "hidden": true})
	v3 := a.create("/price_variants", map[string]any{"product": pid, "name": "Old", "position": 3})
	require.Equal(t, http.StatusOK, a.do(http.MethodPost, "/price_variants/"+v3["id"].(string)+"/archive", nil).Status)

	check := func(where string, got any) {
		t.Helper()
		pvs, ok := got.([]any)
		require.True(t, ok, "%s: %v", where, got)
		require.Len(t, pvs, 3, where)
		for i, want := range []map[string]any{v2, v1, v3} {
			m, ok := pvs[i].(map[string]any)
			require.True(t, ok, "%s: element %d is an object", where, i)
			assert.Equal(t, want["id"], m["id"], where)
			assert.Equal(t, "price_variant", m["object"], where)
			assert.Equal(t, pid, m["product"], "%s: the nested product stays an id", where)
			assert.Contains(t, m, "purchase_url", where)
		}
		assert.Equal(t, true, pvs[0].(map[string]any)["hidden"], where)
		assert.Equal(t, true, pvs[2].(map[string]any)["archived"], where)
	}
	check("GET", a.do(http.MethodGet, "/products/"+pid, nil).Body["price_variants"])
	check("GET expand", a.do(http.MethodGet, "/products/"+pid+"?expand=price_variants", nil).Body["price_variants"])
	check("list", a.do(http.MethodGet, "/products", nil).data()[0].(map[string]any)["price_variants"])
	stored, ok := a.srv.Get("products", pid)
	require.True(t, ok)
	check("Fake.Get", stored["price_variants"])

	// Event types store ids and answer objects.
	et := a.create("/event-types", map[string]any{"name": "Coaching", "free": false, "price_variants": []any{v1["id"], v3["id"]}})
	for where, got := range map[string]any{
		"create": et["price_variants"],
		"GET":    a.do(http.MethodGet, "/event-types/"+et["id"].(string), nil).Body["price_variants"],
	} {
		pvs := got.([]any)
		require.Len(t, pvs, 2, where)
		assert.Equal(t, []any{v1["id"], v3["id"]}, ids(pvs), where)
		assert.Equal(t, "Monthly", pvs[0].(map[string]any)["name"], where)
		assert.Equal(t, true, pvs[1].(map[string]any)["archived"], where)
	}
	raw, _ := a.srv.Get("event_types", et["id"].(string))
	assert.Equal(t, "Coaching", raw["name"])
}
