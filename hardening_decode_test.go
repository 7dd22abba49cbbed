package crevio

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const errorEnvelope = `{"error":{"type":"api_error","code":"internal","message":"boom"}}`

// TestTwoHundredWithoutTheObjectIsADecodeError: a 2xx whose body is {},
// an error envelope, or an object without its id is a *DecodeError for
// every type with an id, and a list without "data" for every page; it used
// to be a zero-valued success.
func TestTwoHundredWithoutTheObjectIsADecodeError(t *testing.T) {
	bodies := []string{`{}`, ` { } `, errorEnvelope, `{"error":"boom"}`, `{"object":"product","name":"no id"}`, `{"id":""}`}
	outs := map[string]func() any{
		"Product":         func() any { return new(Product) },
		"Customer":        func() any { return new(Customer) },
		"APIKey":          func() any { return new(APIKey) },
		"WebhookEndpoint": func() any { return new(WebhookEndpoint) },
		"User":            func() any { return new(User) },
		"Page[Product]":   func() any { return new(Page[Product]) },
		"Page[Order]":     func() any { return new(Page[Order]) },
	}
	for name, out := range outs {
		for _, body := range bodies {
			for _, status := range []int{200, 201} {
				t.Run(fmt.Sprintf("%s %d %s", name, status, body), func(t *testing.T) {
					err := decodeBody(httpResponse(status, body), []byte(body), out())
					var de *DecodeError
					require.ErrorAs(t, err, &de)
					assert.Equal(t, status, de.StatusCode)
				})
			}
		}
	}
	for _, body := range []string{`{"data":null}`, `{"object":"list","has_more":false}`} {
		err := decodeBody(httpResponse(200, body), []byte(body), new(Page[Product]))
		var de *DecodeError
		assert.ErrorAs(t, err, &de, body)
	}
}

// TestObjectsWithoutAnIDStillDecode: the answers that have no id of their
// own (x402 configuration, slots, an access check) and the ones whose id the
// reference only infers (the account, a sent email) decode without one, but
// {} and an error envelope are refused for them too. An empty list page and
// the empty 202/204 answers keep working.
func TestObjectsWithoutAnIDStillDecode(t *testing.T) {
	ok := []struct {
		status int
		body   string
		out    any
	}{
		{200, `{"object":"x402_configuration","x402_enabled":true}`, new(X402Configuration)},
		{200, `{"object":"list","data":[]}`, new(EventTypeSlots)},
		{200, `{"has_access":false,"access_level":"no_access"}`, new(UserAccess)},
		{200, `{"object":"account","name":"Store"}`, new(Account)},
		{200, `{"object":"email","status":"queued"}`, new(Email)},
		{200, `{"object":"list","data":[],"has_more":false}`, new(Page[Product])},
		{202, ``, new(Email)},
		{202, `{}`, new(Email)},
		{204, ``, new(Deleted)},
	}
	for _, tt := range ok {
		assert.NoError(t, decodeBody(httpResponse(tt.status, tt.body), []byte(tt.body), tt.out), "%T %d %s", tt.out, tt.status, tt.body)
	}
	for _, out := range []func() any{
		func() any { return new(X402Configuration) }, func() any { return new(EventTypeSlots) },
		func() any { return new(UserAccess) }, func() any { return new(Account) }, func() any { return new(Email) },
	} {
		for _, body := range []string{`{}`, errorEnvelope, `{"error":"boom"}`} {
			err := decodeBody(httpResponse(200, body), []byte(body), out())
			var de *DecodeError
			assert.ErrorAs(t, err, &de, "%T %s", out(), body)
		}
	}
}

// TestGetAnsweredWithAnEnvelopeOnTwoHundred: through a real call, a 200
// carrying an error envelope is a *DecodeError, not a product with no id.
func TestGetAnsweredWithAnEnvelopeOnTwoHundred(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, errorEnvelope)
	r.respond(200, `{}`)
	c := r.client(WithMaxRetries(0))
	for range 2 {
		p, err := c.Products.Get(bg, "prod_1", nil)
		assert.Nil(t, p)
		var de *DecodeError
		require.ErrorAs(t, err, &de)
	}
	r.respond(200, `{}`)
	page, err := c.Products.List(bg, nil)
	assert.Nil(t, page)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
}

// TestDeleteMustBeConfirmed: {"deleted": false}, or an answer without
// "deleted", is not a successful delete; "deleted": true and an empty 204 (or
// 202) are.
func TestDeleteMustBeConfirmed(t *testing.T) {
	for _, tt := range []struct {
		status int
		body   string
		ok     bool
	}{
		{200, `{"id":"prod_1","object":"product","deleted":false}`, false},
		{200, `{"id":"prod_1","object":"product"}`, false},
		{200, `{}`, false},
		{200, errorEnvelope, false},
		{200, `{"id":"prod_1","object":"product","deleted":true}`, true},
		{200, `{"deleted":true}`, true},
		{204, ``, true},
		{202, ``, true},
	} {
		t.Run(fmt.Sprintf("%d %s", tt.status, tt.body), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := &script{steps: []func() (*http.Response, error){respondWith(tt.status, tt.body)}}
				d, err := scriptClient(t, s).Products.Delete(bg, "prod_1", nil)
				if !tt.ok {
					var de *DecodeError
					require.ErrorAs(t, err, &de)
					assert.Nil(t, d)
					assert.Equal(t, 1, s.count(), "not retried")
					return
				}
				require.NoError(t, err)
				assert.Equal(t, Deleted{ID: "prod_1", Object: "product", Deleted: true}, *d)
			})
		})
	}
}

// TestDeleteNotConfirmedIsNotAnAPIError: the refusal is a *DecodeError,
// not an *Error, so errors.Is(err, ErrNotFound) and the like stay false.
func TestDeleteNotConfirmedIsNotAnAPIError(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, `{"id":"prod_1","object":"product","deleted":false}`)
	_, err := r.client().Products.Delete(bg, "prod_1", nil)
	var apiErr *Error
	assert.False(t, errors.As(err, &apiErr))
	assert.Contains(t, err.Error(), "deleted")
}
