package crevio

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const x402TestWallet = "0x52908400098527886E0F7030069857D2E4169EE7"

func TestX402Wire(t *testing.T) {
	cfg := fixture(t, "x402_configuration.json")
	checkWire(t, []wireCase{
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.X402.Get(bg, nil); return err },
			method: "GET", path: "/x402_configuration", respond: cfg,
		},
		{
			name: "update wraps the body in its root key",
			call: func(c *Client) error {
				_, err := c.X402.Update(bg, &X402UpdateParams{Enabled: Ptr(true), WalletAddress: NullableValue(x402TestWallet), Chain: NullableValue("base")})
				return err
			},
			method: "PATCH", path: "/x402_configuration", respond: cfg,
			body: `{"x402_configuration":{"x402_enabled":true,"x402_wallet_address":"` + x402TestWallet + `","x402_chain":"base"}}`,
		},
		{
			name: "update disables and clears",
			call: func(c *Client) error {
				_, err := c.X402.Update(bg, &X402UpdateParams{Enabled: Ptr(false), WalletAddress: Null[string](), Chain: Null[string]()})
				return err
			},
			method: "PATCH", path: "/x402_configuration", respond: cfg,
			body: `{"x402_configuration":{"x402_enabled":false,"x402_wallet_address":null,"x402_chain":null}}`,
		},
		{
			name: "update puts Extra inside the root key",
			call: func(c *Client) error {
				_, err := c.X402.Update(bg, &X402UpdateParams{Chain: NullableValue("polygon"), Extra: map[string]any{"x402_chain": "base", "max_amount": 100}})
				return err
			},
			method: "PATCH", path: "/x402_configuration", respond: cfg,
			body: `{"x402_configuration":{"x402_chain":"base","max_amount":100}}`,
		},
		{
			name:   "update with nil params",
			call:   func(c *Client) error { _, err := c.X402.Update(bg, nil); return err },
			method: "PATCH", path: "/x402_configuration", respond: cfg, body: `{"x402_configuration":{}}`,
		},
	})
}

func TestX402RejectsABadWalletBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	for _, addr := range []string{"", "0x123", "52908400098527886E0F7030069857D2E4169EE7", "0x52908400098527886E0F7030069857D2E4169EEZ", x402TestWallet + "0"} {
		_, err := c.X402.Update(bg, &X402UpdateParams{WalletAddress: NullableValue(addr)})
		assert.ErrorIs(t, err, ErrInvalidParam, "%q", addr)
	}
	assert.Empty(t, r.requests())
}

func TestX402Decode(t *testing.T) {
	raw := fixture(t, "x402_configuration.json")
	r := newRecorder(t)
	r.respond(200, raw)
	cfg, err := r.client().X402.Get(bg, nil)
	require.NoError(t, err)
	assert.Equal(t, "x402_configuration", cfg.Object)
	assert.True(t, cfg.Enabled)
	assert.Equal(t, x402TestWallet, *cfg.WalletAddress)
	assert.Equal(t, "base", *cfg.Chain)
	assert.Equal(t, "usdc", *cfg.Currency)
	assert.JSONEq(t, raw, string(cfg.RawJSON()))
	var extra struct {
		FacilitatorURL string `json:"facilitator_url"`
	}
	require.NoError(t, json.Unmarshal(cfg.RawJSON(), &extra))
	assert.Equal(t, "https://x402.org/facilitator", extra.FacilitatorURL)

	r.respond(200, `{"object":"x402_configuration","x402_enabled":false,"x402_wallet_address":null,"x402_chain":null}`)
	cfg, err = r.client().X402.Get(bg, nil)
	require.NoError(t, err)
	assert.False(t, cfg.Enabled)
	assert.Nil(t, cfg.WalletAddress)
	assert.Nil(t, cfg.Chain)
	assert.Nil(t, cfg.Currency)
}
