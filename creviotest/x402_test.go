package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestX402Configuration(t *testing.T) {
	a := newAPI(t)
	const wallet = "0x52908400098527886e0f7030069857d2e4169ee7"
	res := a.do(http.MethodGet, "/x402_configuration", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, false, res.Body["x402_enabled"])
	assert.Equal(t, "usdc", res.Body["currency"])
	id := res.Body["id"].(string)

	// Flat and wrapped bodies both work.
	res = a.do(http.MethodPatch, "/x402_configuration", map[string]any{"x402_configuration": map[string]any{"x402_wallet_address": wallet}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, wallet, res.Body["x402_wallet_address"])
	res = a.do(http.MethodPatch, "/x402_configuration", map[string]any{"x402_enabled": true, "x402_chain": "base"})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, true, res.Body["x402_enabled"], "the stored wallet is enough to enable")

	for _, body := range []map[string]any{
		{"x402_enabled": "yes"},
		{"x402_wallet_address": 7},
		{"x402_wallet_address": "0x12"},
		{"x402_chain": ""},
		{"x402_wallet_address": nil},
	} {
		res = a.do(http.MethodPatch, "/x402_configuration", body)
		assert.Equal(t, http.StatusUnprocessableEntity, res.Status, "%v", body)
	}
	assert.Equal(t, wallet, mustGet(t, a.srv, "x402_configuration", id)["x402_wallet_address"], "failed updates change nothing")

	assert.Equal(t, http.StatusMethodNotAllowed, a.do(http.MethodPost, "/x402_configuration", map[string]any{}).Status)
	assert.Equal(t, http.StatusMethodNotAllowed, a.do(http.MethodDelete, "/x402_configuration", nil).Status)
	assert.Equal(t, http.StatusNotFound, a.do(http.MethodGet, "/x402_configuration/x", nil).Status)
}
