package crevio

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBaseURLWithoutAPathGetsV1 checks the versioning rule: a bare origin
// means the API's /v1; any other path is used as given.
func TestBaseURLWithoutAPathGetsV1(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.crevio.co":           "https://api.crevio.co/v1",
		"https://api.crevio.co/":          "https://api.crevio.co/v1",
		"http://127.0.0.1:12111":          "http://127.0.0.1:12111/v1",
		"https://api.crevio.co/v1":        "https://api.crevio.co/v1",
		"https://api.crevio.co/v2":        "https://api.crevio.co/v2",
		"https://proxy.example/api/v1":    "https://proxy.example/api/v1",
		"https://proxy.example/crevio/":   "https://proxy.example/crevio",
		"https://proxy.example/a%2Fb/v1/": "https://proxy.example/a%2Fb/v1",
	} {
		c, err := New(testKey, WithBaseURL(in))
		require.NoError(t, err, in)
		assert.Equal(t, want, c.BaseURL(), in)
	}

	// The requests go there.
	var path string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path = r.URL.Path
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"site_abc123","object":"site"}`))
	}))
	t.Cleanup(srv.Close)
	c, err := New(testKey, WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = c.Sites.Get(bg, "site_abc123", nil)
	require.NoError(t, err)
	assert.Equal(t, "/v1/sites/site_abc123", path)
}

// TestNilContextIsAnInvalidParam checks every entry point refuses a nil
// context with an error matching ErrInvalidParam, before any I/O: a call,
// All (with and without prefetch), Upload and WaitReady.
func TestNilContextIsAnInvalidParam(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	var nilCtx context.Context
	_, err := c.Products.List(nilCtx, nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.ErrorContains(t, err, "nil context")
	_, err = c.Sites.Create(nilCtx, &SiteCreateParams{Prompt: Ptr("x")})
	assert.ErrorIs(t, err, ErrInvalidParam)
	for _, opts := range [][]RequestOption{nil, {WithPrefetch()}} {
		n := 0
		for p, err := range c.Products.All(nilCtx, nil, opts...) {
			n++
			assert.Nil(t, p)
			assert.ErrorIs(t, err, ErrInvalidParam)
		}
		assert.Equal(t, 1, n, "one error, then the loop ends")
	}
	_, err = c.Files.Upload(nilCtx, &FileUploadParams{Filename: "a", Reader: nil})
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.Files.WaitReady(nilCtx, "file_1", nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.Empty(t, r.requests())
}

func TestRefundCreateMetadataWire(t *testing.T) {
	checkWire(t, []wireCase{{
		name: "create with metadata",
		call: func(c *Client) error {
			_, err := c.Refunds.Create(bg, &RefundCreateParams{Order: "ord_1", Metadata: map[string]any{"k": "v"}})
			return err
		},
		method: "POST", path: "/refunds", body: `{"order":"ord_1","metadata":{"k":"v"}}`, respond: fixture(t, "refund.json"),
	}})
}
