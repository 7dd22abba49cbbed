package creviotest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
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
	status, _ = post("k3", `{"description":"no name"}`)
	assert.Equal(t, 422, status, "the first answer for the key is replayed")
	status, _ = post("k3", `{"name":"Now valid"}`)
	assert.Equal(t, 400, status, "another body with the key is an error, not a replay")
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

// idemDo sends a request (or another method) with an Idempotency-Key
// through hc and returns the status and the decoded body.
func idemDo(t *testing.T, hc *http.Client, method, url, key, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

// gateFirstWrite makes the first write of resource wait (inside the store,
// with its lock held) until release is closed, and closes entered when it
// starts waiting.
func gateFirstWrite(f *Fake, resource string) (entered, release chan struct{}) {
	entered, release = make(chan struct{}), make(chan struct{})
	var once sync.Once
	next := f.st.onWrite
	f.st.onWrite = func(tb *table, r *record, old, cur map[string]any) {
		if tb.def.name == resource {
			once.Do(func() { close(entered); <-release })
		}
		if next != nil {
			next(tb, r, old, cur)
		}
	}
	return entered, release
}

func TestIdempotencyConcurrentRequestsCreateOnce(t *testing.T) {
	const n = 16
	f := New()
	_, release := gateFirstWrite(f, "products")
	// arrived counts requests whose body has been read, just before the
	// fake sees them: the first create is held until all n are in.
	arrived := make(chan struct{}, n)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(b))
		arrived <- struct{}{}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { hs.Close(); f.Close() })
	go func() {
		for range n {
			<-arrived
		}
		close(release)
	}()

	type answer struct {
		status int
		body   map[string]any
	}
	answers := make(chan answer, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			status, body := idemDo(t, hs.Client(), http.MethodPost, hs.URL+"/v1/products", "same-key", `{"name":"Once"}`)
			answers <- answer{status, body}
		})
	}
	wg.Wait()
	close(answers)
	var ids []any
	for a := range answers {
		assert.Equal(t, http.StatusOK, a.status, "%v", a.body)
		ids = append(ids, a.body["id"])
	}
	require.Len(t, ids, n)
	for _, id := range ids {
		assert.Equal(t, ids[0], id, "every request gets the same answer")
	}
	assert.Equal(t, 1, f.Count("products"), "one key, one object")
	replays := 0
	for _, r := range f.Requests() {
		if r.Fault == "idempotent_replay" {
			replays++
		}
	}
	assert.Equal(t, n-1, replays)
}

func TestIdempotencyWaiterCanGiveUp(t *testing.T) {
	f := New()
	entered, release := gateFirstWrite(f, "products")
	arrived := make(chan struct{}, 2)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { hs.Close(); f.Close() })
	first := make(chan int)
	go func() {
		status, _ := idemDo(t, hs.Client(), http.MethodPost, hs.URL+"/v1/products", "k", `{"name":"Slow"}`)
		first <- status
	}()
	<-arrived
	<-entered

	// A second request with the key waits for the first (old code: blocked
	// on the store, then created a second product); its client gives up.
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hs.URL+"/v1/products", strings.NewReader(`{"name":"Slow"}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+f.Token())
	req.Header.Set("Idempotency-Key", "k")
	done := make(chan error)
	go func() {
		resp, err := hs.Client().Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	<-arrived
	cancel()
	require.ErrorIs(t, <-done, context.Canceled)
	close(release)
	assert.Equal(t, http.StatusOK, <-first)
	status, _ := idemDo(t, hs.Client(), http.MethodPost, hs.URL+"/v1/products", "k", `{"name":"Slow"}`)
	assert.Equal(t, http.StatusOK, status, "the key replays the first answer")
	assert.Equal(t, 1, f.Count("products"), "created once")
}

func TestIdempotencyKeyIsBoundToItsRequest(t *testing.T) {
	srv := NewTestServer(t)
	hc := srv.HTTPClient()
	status, first := idemDo(t, hc, http.MethodPost, srv.URL+"/products", "k", `{"name":"Course","status":"active"}`)
	require.Equal(t, http.StatusOK, status)

	status, again := idemDo(t, hc, http.MethodPost, srv.URL+"/products", "k", ` {"status":"active", "name":"Course"}`)
	assert.Equal(t, http.StatusOK, status, "the same JSON object, encoded differently, is the same request")
	assert.Equal(t, first["id"], again["id"])

	for name, tt := range map[string]struct{ method, path, body string }{
		"another body":   {http.MethodPost, "/products", `{"name":"Other"}`},
		"another path":   {http.MethodPost, "/customers", `{"name":"Course","status":"active"}`},
		"another query":  {http.MethodPost, "/products?expand=price_variants", `{"name":"Course","status":"active"}`},
		"another method": {http.MethodPatch, "/products/" + first["id"].(string), `{"name":"Course","status":"active"}`},
	} {
		status, body := idemDo(t, hc, tt.method, srv.URL+tt.path, "k", tt.body)
		assert.Equal(t, http.StatusBadRequest, status, name)
		e, _ := body["error"].(map[string]any)
		assert.Equal(t, "idempotency_error", e["type"], name)
		assert.Equal(t, "idempotency_key_reused", e["code"], name)
		assert.NotEmpty(t, e["message"], name)
	}
	assert.Equal(t, 1, srv.Count("products"))
	assert.Equal(t, 0, srv.Count("customers"))
	status, again = idemDo(t, hc, http.MethodPost, srv.URL+"/products", "k", `{"name":"Course","status":"active"}`)
	assert.Equal(t, http.StatusOK, status, "a refused reuse leaves the key's answer alone")
	assert.Equal(t, first["id"], again["id"])

	// PATCH honours keys too; GET and DELETE ignore them.
	path := srv.URL + "/products/" + first["id"].(string)
	status, _ = idemDo(t, hc, http.MethodPatch, path, "p", `{"name":"Renamed"}`)
	require.Equal(t, http.StatusOK, status)
	status, _ = idemDo(t, hc, http.MethodPatch, path, "", `{"name":"Changed"}`)
	require.Equal(t, http.StatusOK, status)
	status, replay := idemDo(t, hc, http.MethodPatch, path, "p", `{"name":"Renamed"}`)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "Renamed", replay["name"], "the PATCH's first answer")
	status, _ = idemDo(t, hc, http.MethodGet, path, "k", "")
	assert.Equal(t, http.StatusOK, status, "GET ignores the key")
}

func TestIdempotencyKeysAreBounded(t *testing.T) {
	serve := func(f *Fake, key, body string) int {
		req := httptest.NewRequest(http.MethodPost, "/v1/products", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+DefaultToken)
		req.Header.Set("Idempotency-Key", key)
		rec := httptest.NewRecorder()
		f.ServeHTTP(rec, req)
		return rec.Code
	}
	t.Run("WithIdempotencyKeys", func(t *testing.T) {
		f := New(WithIdempotencyKeys(5))
		defer f.Close()
		for i := range 20 {
			body := `{"name":"P"}`
			if i%2 == 1 {
				body = `{"status":"nope"}` // a 422: nothing created, the answer is still kept
			}
			serve(f, fmt.Sprint("key-", i), body)
			assert.LessOrEqual(t, f.idem.len(), 5)
		}
		assert.Equal(t, 5, f.idem.len())
		assert.Equal(t, http.StatusOK, serve(f, "key-0", `{"name":"Different"}`), "the oldest key is forgotten")
		assert.Equal(t, http.StatusBadRequest, serve(f, "key-19", `{"name":"Different"}`), "a recent key is not")
	})
	t.Run("by default", func(t *testing.T) {
		f := New()
		defer f.Close()
		for i := range DefaultIdempotencyKeys + 50 {
			serve(f, fmt.Sprint("key-", i), `{"status":"nope"}`)
		}
		assert.Equal(t, DefaultIdempotencyKeys, f.idem.len())
		assert.LessOrEqual(t, cap(f.idem.order), 2*DefaultIdempotencyKeys+2, "the eviction queue stays bounded too")
	})
	t.Run("answers that store nothing free the key", func(t *testing.T) {
		f := New()
		defer f.Close()
		f.Fail(1, 503)
		assert.Equal(t, http.StatusServiceUnavailable, serve(f, "k", `{"name":"P"}`))
		assert.Zero(t, f.idem.len())
	})
}
