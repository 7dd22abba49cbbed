package crevio_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDoAgainstTheFake: raw calls reach the fake's routes as the typed
// methods do, an unknown route answers the API's 404 envelope as a typed
// error, and the raw walk pages a list the fake serves.
func TestDoAgainstTheFake(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := t.Context()

	var created crevio.Product
	require.NoError(t, c.Do(ctx, http.MethodPost, "/products", map[string]any{"name": "Raw course", "status": "active"}, &created,
		crevio.WithIdempotencyKey("raw-create-1")))
	assert.Equal(t, "Raw course", created.Name)
	assert.NotEmpty(t, created.ID)

	var raw json.RawMessage
	var resp *http.Response
	require.NoError(t, c.Do(ctx, http.MethodGet, "/products/"+created.ID, nil, &raw, crevio.WithResponse(&resp)))
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	var back map[string]any
	require.NoError(t, json.Unmarshal(raw, &back))
	assert.Equal(t, created.ID, back["id"])

	err := c.Do(ctx, http.MethodGet, "/no_such_things/x_1", nil, &raw)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	apiErr := asAPIError(t, err)
	assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
	assert.NotEmpty(t, apiErr.Message)

	for i := range 4 {
		_, err := c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "P" + string(rune('a'+i))})
		require.NoError(t, err)
	}
	typed := 0
	for _, err := range c.Products.All(ctx, nil) {
		require.NoError(t, err)
		typed++
	}
	var ids []string
	for p, err := range crevio.All[map[string]any](ctx, c, "/products", url.Values{"limit": {"2"}}) {
		require.NoError(t, err)
		ids = append(ids, (*p)["id"].(string))
	}
	assert.Len(t, ids, typed, "the raw walk sees every product, two per page")
	seen := map[string]bool{}
	for _, id := range ids {
		assert.False(t, seen[id], "no product twice")
		seen[id] = true
	}
}
