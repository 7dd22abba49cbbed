package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reviewsPositions returns the position of each review id of product.
func reviewsPositions(t *testing.T, a *api, product string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, r := range a.do(http.MethodGet, "/reviews?limit=100&product="+product, nil).data() {
		m := r.(map[string]any)
		out[m["id"].(string)] = m["position"].(float64)
	}
	return out
}

func TestReviewPositions(t *testing.T) {
	a := newAPI(t)
	pid := a.create("/products", map[string]any{"name": "P"})["id"].(string)
	other := a.create("/products", map[string]any{"name": "Q"})["id"].(string)
	var ids []string
	for range 3 {
		ids = append(ids, a.create("/reviews", map[string]any{"product": pid, "rating": 5})["id"].(string))
	}
	r1, r2, r3 := ids[0], ids[1], ids[2]
	assert.Equal(t, map[string]float64{r1: 1, r2: 2, r3: 3}, reviewsPositions(t, a, pid))

	// Inserted at a position: that one and the ones after move down.
	r0 := a.create("/reviews", map[string]any{"product": pid, "rating": 4, "position": 2})["id"].(string)
	assert.Equal(t, map[string]float64{r1: 1, r0: 2, r2: 3, r3: 4}, reviewsPositions(t, a, pid))

	// Moved up, then down, by action and by update.
	res := a.do(http.MethodPost, "/reviews/"+r3+"/position", map[string]any{"position": 1})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, map[string]float64{r3: 1, r1: 2, r0: 3, r2: 4}, reviewsPositions(t, a, pid))
	res = a.do(http.MethodPatch, "/reviews/"+r3, map[string]any{"position": 3})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, map[string]float64{r1: 1, r0: 2, r3: 3, r2: 4}, reviewsPositions(t, a, pid))
	res = a.do(http.MethodPatch, "/reviews/"+r3, map[string]any{"position": nil})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	res = a.do(http.MethodPatch, "/reviews/"+r3, map[string]any{"rating": 1})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, map[string]float64{r1: 1, r0: 2, r3: 3, r2: 4}, reviewsPositions(t, a, pid), "other changes keep the order")

	// To another product: the gap closes, and it goes last there.
	a.create("/reviews", map[string]any{"product": other, "rating": 3})
	res = a.do(http.MethodPatch, "/reviews/"+r0, map[string]any{"product": other})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, float64(2), res.Body["position"])
	assert.Equal(t, map[string]float64{r1: 1, r3: 2, r2: 3}, reviewsPositions(t, a, pid))

	// Deleted: the gap closes.
	require.Equal(t, http.StatusOK, a.do(http.MethodDelete, "/reviews/"+r1, nil).Status)
	assert.Equal(t, map[string]float64{r3: 1, r2: 2}, reviewsPositions(t, a, pid))

	// The product's expanded reviews come in position order.
	res = a.do(http.MethodGet, "/products/"+pid+"?expand=reviews", nil)
	var order []string
	for _, r := range res.Body["reviews"].([]any) {
		order = append(order, r.(map[string]any)["id"].(string))
	}
	assert.Equal(t, []string{r3, r2}, order)
}

func TestReviewPositionsSeeded(t *testing.T) {
	a := newAPI(t)
	out, err := a.srv.Seed("products", map[string]any{"name": "P", "reviews": []any{
		map[string]any{"rating": 5}, map[string]any{"rating": 4}, map[string]any{"rating": 3, "position": 1},
	}})
	require.NoError(t, err)
	res := a.do(http.MethodGet, "/products/"+out[0]["id"].(string)+"?expand=reviews", nil)
	var ratings, positions []float64
	for _, r := range res.Body["reviews"].([]any) {
		ratings = append(ratings, r.(map[string]any)["rating"].(float64))
		positions = append(positions, r.(map[string]any)["position"].(float64))
	}
	assert.Equal(t, []float64{3, 5, 4}, ratings)
	assert.Equal(t, []float64{1, 2, 3}, positions)
}
