package crevio_test

import (
	"context"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIntegrationX402(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	ctx := context.Background()
	c := fastClient(srv)
	const wallet = "0x52908400098527886E0F7030069857D2E4169EE7"

	cfg, err := c.X402.Get(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, "x402_configuration", cfg.Object)
	assert.False(t, cfg.Enabled, "off until configured")
	assert.Nil(t, cfg.WalletAddress)
	assert.Nil(t, cfg.Chain)
	assert.Equal(t, "usdc", *cfg.Currency)

	var apiErr *crevio.Error
	_, err = c.X402.Update(ctx, &crevio.X402UpdateParams{Enabled: crevio.Ptr(true)})
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, crevio.ErrValidation)
	assert.NotEmpty(t, apiErr.Errors["x402_wallet_address"], "enabling needs a wallet")

	cfg, err = c.X402.Update(ctx, &crevio.X402UpdateParams{
		Enabled: crevio.Ptr(true), WalletAddress: crevio.NullableValue(wallet), Chain: crevio.NullableValue("base"),
	})
	require.NoError(t, err)
	assert.True(t, cfg.Enabled)
	assert.Equal(t, wallet, *cfg.WalletAddress)
	assert.Equal(t, "base", *cfg.Chain)
	body := srv.Requests()[len(srv.Requests())-1].Body
	assert.JSONEq(t, `{"x402_configuration":{"x402_enabled":true,"x402_wallet_address":"`+wallet+`","x402_chain":"base"}}`, string(body))

	cfg, err = c.X402.Update(ctx, &crevio.X402UpdateParams{Chain: crevio.NullableValue("polygon")})
	require.NoError(t, err)
	assert.True(t, cfg.Enabled, "unset fields are left alone")
	assert.Equal(t, "polygon", *cfg.Chain)

	_, err = c.X402.Update(ctx, &crevio.X402UpdateParams{WalletAddress: crevio.Null[string]()})
	require.ErrorAs(t, err, &apiErr)
	assert.NotEmpty(t, apiErr.Errors["x402_wallet_address"], "an enabled configuration keeps its wallet")
	_, err = c.X402.Update(ctx, &crevio.X402UpdateParams{Extra: map[string]any{"x402_wallet_address": "0xnot-hex"}})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"is not a valid EVM address"}, apiErr.Errors["x402_wallet_address"])
	_, err = c.X402.Update(ctx, &crevio.X402UpdateParams{Extra: map[string]any{"currency": "eth"}})
	require.NoError(t, err)

	cfg, err = c.X402.Update(ctx, &crevio.X402UpdateParams{Enabled: crevio.Ptr(false), WalletAddress: crevio.Null[string](), Chain: crevio.Null[string]()})
	require.NoError(t, err)
	assert.False(t, cfg.Enabled)
	assert.Nil(t, cfg.WalletAddress)
	assert.Nil(t, cfg.Chain)
	assert.Equal(t, "usdc", *cfg.Currency, "the currency is not settable")

	same, err := c.X402.Update(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, cfg.Enabled, same.Enabled)
	got, err := c.X402.Get(ctx, nil)
	require.NoError(t, err)
	assert.False(t, got.Enabled)
	assert.Equal(t, 1, srv.Count("x402_configuration"))
}
