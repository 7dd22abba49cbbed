package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInvoiceRoutesAndDefaults(t *testing.T) {
	a := newAPI(t)
	_, err := a.srv.Seed("price_variants", map[string]any{"id": "price_free", "product": "prod_1", "name": "Free", "amount": nil, "currency": "gbp"})
	require.NoError(t, err)
	inv := a.create("/invoices", map[string]any{"invoice": map[string]any{
		"price_variant": "price_free", "customer_name": "Bo", "email_address": "bo@example.com",
	}})
	id := inv["id"].(string)
	assert.Regexp(t, `^inv_`, id)
	assert.Equal(t, "invoice", inv["object"])
	assert.Equal(t, "open", inv["status"])
	assert.Equal(t, float64(0), inv["amount"], "a variant without an amount bills 0")
	assert.Equal(t, "gbp", inv["currency"])
	assert.Equal(t, "INV-0001", inv["number"])
	assert.Equal(t, "send_invoice", inv["collection_method"])
	assert.Equal(t, "https://store.crevio.co/invoices/"+id, inv["checkout_url"])
	for _, f := range []string{"description", "customer", "due_at", "paid_at", "order"} {
		v, ok := inv[f]
		assert.True(t, ok && v == nil, "%s is null", f)
	}

	for _, m := range []string{http.MethodPatch, http.MethodDelete} {
		res := a.do(m, "/invoices/"+id, map[string]any{"status": "paid"})
		assert.Equal(t, http.StatusMethodNotAllowed, res.Status, m)
		assert.Equal(t, "GET", res.Header.Get("Allow"))
	}
	res := a.do(http.MethodPost, "/invoices/"+id+"/void", nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "void", res.Body["status"])
	res = a.do(http.MethodPost, "/invoices/"+id+"/void", nil)
	assert.Equal(t, http.StatusConflict, res.Status)
	assert.Equal(t, "Cannot void invoice "+id+": its status is void.", res.errField("message"))
}

func TestInvoiceValidationMessages(t *testing.T) {
	a := newAPI(t)
	res := a.do(http.MethodPost, "/invoices", map[string]any{})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, map[string]any{
		"price_variant": []any{"can't be blank"},
		"customer":      []any{"can't be blank unless customer_name and email_address are given"},
	}, res.errField("errors"))

	res = a.do(http.MethodPost, "/invoices", map[string]any{
		"price_variant": "price_x", "customer_name": "Bo", "email_address": "bo@example.com",
		"due_at": "tomorrow", "description": 7, "status": "bogus",
	})
	assert.Equal(t, map[string]any{
		"price_variant": []any{"must exist"},
		"due_at":        []any{"is invalid"},
		"description":   []any{"is invalid"},
		"status":        []any{"is not included in the list", "must be open or draft on create"},
	}, res.errField("errors"))
	assert.Zero(t, a.srv.Count("invoices"))
}

func TestInvoiceNumbersFollowSeeds(t *testing.T) {
	f := New()
	out, err := f.Seed("invoices",
		map[string]any{"price_variant": "price_1", "number": "INV-0041"},
		map[string]any{"price_variant": "price_1", "number": "CUSTOM-7"},
		map[string]any{"price_variant": "price_1"},
	)
	require.NoError(t, err)
	assert.Equal(t, "INV-0041", out[0]["number"], "a seed keeps its number")
	assert.Equal(t, "CUSTOM-7", out[1]["number"])
	assert.Equal(t, "INV-0042", out[2]["number"], "the next number follows the highest")
	assert.Equal(t, float64(0), out[2]["amount"], "an unknown variant leaves the amount 0")
	assert.Equal(t, "usd", out[2]["currency"])
}
