package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRefundProviderAndMetadata checks the fields the reference marks
// present: provider (the order's processor, else stripe) and metadata (an
// object).
func TestRefundProviderAndMetadata(t *testing.T) {
	a := newAPI(t)
	orders, err := a.srv.Seed("orders",
		map[string]any{"status": "succeeded", "amount": 1000, "currency": "usd"},
		map[string]any{"status": "succeeded", "amount": 1000, "currency": "usd", "processor": "paypal"})
	require.NoError(t, err)

	r := a.create("/refunds", map[string]any{"order": orders[0]["id"], "amount": 100, "metadata": map[string]any{"k": "v"}})
	assert.Equal(t, "stripe", r["provider"], "an order without a processor")
	assert.Equal(t, map[string]any{"k": "v"}, r["metadata"])
	r = a.create("/refunds", map[string]any{"order": orders[1]["id"], "amount": 100, "provider": "evil"})
	assert.Equal(t, "paypal", r["provider"], "the order's processor")
	assert.Equal(t, map[string]any{}, r["metadata"])

	for _, bad := range []any{"text", []any{1}, nil} {
		res := a.do(http.MethodPost, "/refunds", map[string]any{"order": orders[0]["id"], "amount": 1, "metadata": bad})
		require.Equal(t, http.StatusUnprocessableEntity, res.Status, "%v: %s", bad, res.Raw)
		assert.Equal(t, map[string]any{"metadata": []any{"must be an object"}}, res.errField("errors"))
	}
	seeded, err := a.srv.Seed("refunds", map[string]any{"order": orders[0]["id"], "amount": 1})
	require.NoError(t, err)
	assert.Equal(t, "stripe", seeded[0]["provider"], "a seeded refund has one too")
}
