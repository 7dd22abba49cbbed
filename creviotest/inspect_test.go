package creviotest

import (
	"bytes"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRequestsAndCount(t *testing.T) {
	a := newAPI(t)
	assert.Empty(t, a.srv.Requests())
	assert.Zero(t, a.srv.Count("products"))

	a.create("/products?expand=reviews", map[string]any{"name": "A"})
	a.do(http.MethodGet, "/products?limit=5&status=draft", nil)
	assert.Equal(t, 1, a.srv.Count("products"))

	reqs := a.srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, http.MethodPost, reqs[0].Method)
	assert.Equal(t, "/v1/products", reqs[0].Path)
	assert.Equal(t, "expand=reviews", reqs[0].RawQuery)
	assert.JSONEq(t, `{"name":"A"}`, string(reqs[0].Body))
	assert.Equal(t, "application/json", reqs[0].Header.Get("Content-Type"))
	assert.Empty(t, reqs[0].Header.Values("Authorization"), "the token is never recorded")
	assert.Equal(t, http.StatusOK, reqs[0].Status)
	assert.Equal(t, http.MethodGet, reqs[1].Method)
	assert.Equal(t, "5", reqs[1].Query().Get("limit"))
	assert.Equal(t, "draft", reqs[1].Query().Get("status"))
	assert.Empty(t, reqs[1].Body)

	// Requests returns copies.
	reqs[0].Body[0] = 'X'
	reqs[0].Header.Set("Authorization", "leak")
	again := a.srv.Requests()
	assert.Equal(t, byte('{'), again[0].Body[0])
	assert.Empty(t, again[0].Header.Get("Authorization"))

	// Failed requests are recorded too, with their status.
	a.do(http.MethodGet, "/products/nope", nil)
	assert.Equal(t, http.StatusNotFound, a.srv.Requests()[2].Status)

	a.srv.ResetRequests()
	assert.Empty(t, a.srv.Requests())
	a.do(http.MethodGet, "/products", nil)
	assert.Len(t, a.srv.Requests(), 1)

	assert.Zero(t, a.srv.Count("nothing"))
	_, ok := a.srv.Get("nothing", "x")
	assert.False(t, ok)
}

func TestRequestHistory(t *testing.T) {
	a := newAPI(t, WithRequestHistory(3))
	for i := range 5 {
		a.do(http.MethodGet, fmt.Sprintf("/products?limit=%d", i+1), nil)
	}
	reqs := a.srv.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "limit=3", reqs[0].RawQuery)
	assert.Equal(t, "limit=5", reqs[2].RawQuery)
}

func TestGetReturnsCopies(t *testing.T) {
	a := newAPI(t)
	p := a.create("/products", map[string]any{"name": "A", "media_gallery": []any{map[string]any{"id": "m1"}}})
	got := mustGet(t, a.srv, "products", p["id"].(string))
	got["media_gallery"].([]any)[0].(map[string]any)["id"] = "changed"
	got["name"] = "changed"
	again := mustGet(t, a.srv, "products", p["id"].(string))
	assert.Equal(t, "A", again["name"])
	assert.Equal(t, "m1", again["media_gallery"].([]any)[0].(map[string]any)["id"])
}

// syncBuffer is a bytes.Buffer safe for the fake's concurrent log writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRequestLog(t *testing.T) {
	var log syncBuffer
	a := newAPI(t, WithRequestLog(&log), WithToken("sk_test_secret_token"))
	a.create("/products", map[string]any{"name": "Logged"})
	a.do(http.MethodGet, "/products?limit=2", nil)
	a.srv.RateLimit(1, "3")
	a.do(http.MethodGet, "/products/nope", nil)

	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	require.Len(t, lines, 3, log.String())
	assert.Regexp(t, `^POST /v1/products 200 \S+$`, lines[0])
	assert.Regexp(t, `^GET /v1/products\?limit=2 200 \S+$`, lines[1])
	assert.Regexp(t, `^GET /v1/products/nope 429 \S+ fault=rate_limit$`, lines[2])
	assert.NotContains(t, log.String(), "secret")
	assert.NotContains(t, log.String(), "Logged", "bodies are not logged")
}

func TestConcurrentUse(t *testing.T) {
	a := newAPI(t)
	const workers, perWorker = 16, 15
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker*2)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				res, err := a.try(t.Context(), http.MethodPost, "/products", map[string]any{"name": "Same Name"})
				if err != nil || res.Status != http.StatusOK {
					errs <- fmt.Errorf("create %d/%d: %v %d %s", w, i, err, res.Status, res.Raw)
					continue
				}
				id := res.Body["id"].(string)
				if _, err := a.try(t.Context(), http.MethodPatch, "/products/"+id, map[string]any{"description": "d"}); err != nil {
					errs <- err
				}
				if res, err := a.try(t.Context(), http.MethodGet, "/products?limit=100&expand=reviews", nil); err != nil || res.Status != http.StatusOK {
					errs <- fmt.Errorf("list: %v %d", err, res.Status)
				}
				if i%5 == 0 {
					a.srv.Fail(1, http.StatusBadGateway, Only("GET", "/nothing"))
					_ = a.srv.Requests()
					_ = a.srv.Count("products")
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	total := workers * perWorker
	assert.Equal(t, total, a.srv.Count("products"))
	// Every id and every generated slug is unique, and a full walk sees them all.
	ids, slugs := map[string]bool{}, map[string]bool{}
	cursor := ""
	for {
		q := "/products?limit=100"
		if cursor != "" {
			q += "&starting_after=" + cursor
		}
		res := a.do(http.MethodGet, q, nil)
		for _, o := range res.data() {
			m := o.(map[string]any)
			ids[m["id"].(string)] = true
			slugs[m["slug"].(string)] = true
			assert.Equal(t, "d", m["description"])
		}
		if res.Body["has_more"] == false {
			break
		}
		cursor = res.ids()[len(res.ids())-1]
	}
	assert.Len(t, ids, total)
	assert.Len(t, slugs, total)
	assert.True(t, slugs["same-name"])
	assert.True(t, slugs[fmt.Sprintf("same-name-%d", total)])
}

func TestCloseLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	srv := NewServer()
	a := &api{t: t, srv: srv, token: srv.Token(), hc: srv.HTTPClient()}
	for range 5 {
		a.create("/products", map[string]any{"name": "X"})
	}
	srv.TruncatedBody(1)
	_, _ = a.try(t.Context(), http.MethodGet, "/products", nil)
	srv.DropConnection(1)
	_, _ = a.try(t.Context(), http.MethodGet, "/products", nil)
	srv.Close()
	srv.Close() // idempotent

	// Connection goroutines end asynchronously after Close: poll, bounded.
	// (Not require.Eventually: its own goroutines would be counted.)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	deadline := time.After(5 * time.Second)
	for runtime.NumGoroutine() > before {
		select {
		case <-tick.C:
		case <-deadline:
			buf := make([]byte, 1<<16)
			t.Fatalf("goroutines: before %d, after Close %d\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
	}
}
