package creviotest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIdempotencyKeyReplaysTheFirstAnswer(t *testing.T) {
	srv := NewTestServer(t)
	post := func(key, body string) (int, map[string]any) {
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/products", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+srv.Token())
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		resp, err := srv.HTTPClient().Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		var out map[string]any
		require.NoError(t, json.Unmarshal(b, &out))
		return resp.StatusCode, out
	}

	status, first := post("k1", `{"name":"Course"}`)
	require.Equal(t, 200, status)
	status, again := post("k1", `{"name":"Course"}`)
	assert.Equal(t, 200, status)
	assert.Equal(t, first["id"], again["id"], "the same key answers the same object")
	assert.Equal(t, 1, srv.Count("products"))

	_, other := post("k2", `{"name":"Course"}`)
	assert.NotEqual(t, first["id"], other["id"], "another key creates")
	_, unkeyed := post("", `{"name":"Course"}`)
	assert.NotEqual(t, first["id"], unkeyed["id"])
	assert.Equal(t, 3, srv.Count("products"))

	// A 422 is stored too; a 5xx is not, so a retry after it is served.
	status, _ = post("k3", `{"description":"no name"}`)
	assert.Equal(t, 422, status)
	status, _ = post("k3", `{"name":"Now valid"}`)
	assert.Equal(t, 422, status, "the first answer for the key is replayed")
	srv.Fail(1, 503)
	status, _ = post("k4", `{"name":"After 503"}`)
	assert.Equal(t, 503, status)
	status, _ = post("k4", `{"name":"After 503"}`)
	assert.Equal(t, 200, status)

	// FailAfter commits and loses the answer; the retry gets the stored one.
	srv.FailAfter(1, 500)
	status, _ = post("k5", `{"name":"Committed"}`)
	assert.Equal(t, 500, status)
	before := srv.Count("products")
	status, replay := post("k5", `{"name":"Committed"}`)
	assert.Equal(t, 200, status)
	assert.Equal(t, "Committed", replay["name"])
	assert.Equal(t, before, srv.Count("products"), "not created twice")
}
