package creviotest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFail(t *testing.T) {
	a := newAPI(t)
	a.srv.Fail(2, http.StatusServiceUnavailable)
	assert.Equal(t, 2, a.srv.PendingFaults())

	for range 2 {
		res := a.do(http.MethodPost, "/products", map[string]any{"name": "X"})
		require.Equal(t, http.StatusServiceUnavailable, res.Status)
		assert.Equal(t, "api_error", res.errField("type"))
		assert.Equal(t, "service_unavailable", res.errField("code"))
		assert.NotEmpty(t, res.errField("message"))
		assert.NotEmpty(t, res.Header.Get("X-Request-Id"))
	}
	assert.Zero(t, a.srv.Count("products"), "a fault is applied before the request changes state")
	assert.Zero(t, a.srv.PendingFaults())
	assert.Equal(t, http.StatusOK, a.do(http.MethodPost, "/products", map[string]any{"name": "X"}).Status)

	reqs := a.srv.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "fail", reqs[0].Fault)
	assert.Equal(t, http.StatusServiceUnavailable, reqs[1].Status)
	assert.Equal(t, "", reqs[2].Fault)

	for status, want := range map[int][2]string{
		400: {"invalid_request_error", "bad_request"},
		401: {"invalid_request_error", "authentication_required"},
		404: {"invalid_request_error", "resource_missing"},
		409: {"invalid_request_error", "conflict"},
		422: {"validation_error", "validation_failed"},
		429: {"rate_limit_error", "rate_limited"},
		500: {"api_error", "internal_server_error"},
		0:   {"api_error", "internal_server_error"}, // out of range means 500
	} {
		a.srv.Fail(1, status)
		res := a.do(http.MethodGet, "/products", nil)
		if status == 0 {
			status = 500
		}
		assert.Equal(t, status, res.Status)
		assert.Equal(t, want[0], res.errField("type"), status)
		assert.Equal(t, want[1], res.errField("code"), status)
	}

	a.srv.Fail(0, 500)
	a.srv.Fail(-3, 500)
	assert.Zero(t, a.srv.PendingFaults(), "n <= 0 injects nothing")
}

func TestFaultScope(t *testing.T) {
	a := newAPI(t)
	p := a.create("/products", map[string]any{"name": "P"})
	id := p["id"].(string)

	a.srv.Fail(1, http.StatusInternalServerError, Only("POST", "/products"))
	a.srv.Fail(1, http.StatusBadGateway, Only("get", "/v1/products/*"))
	a.srv.Fail(1, http.StatusConflict, Only("*", "/reviews"))

	assert.Equal(t, http.StatusOK, a.do(http.MethodGet, "/products", nil).Status, "scoped faults skip other requests")
	assert.Equal(t, http.StatusOK, a.do(http.MethodPatch, "/products/"+id, nil).Status)
	assert.Equal(t, http.StatusBadGateway, a.do(http.MethodGet, "/products/"+id, nil).Status)
	assert.Equal(t, http.StatusOK, a.do(http.MethodGet, "/products/"+id, nil).Status)
	assert.Equal(t, http.StatusConflict, a.do(http.MethodGet, "/reviews", nil).Status)
	assert.Equal(t, http.StatusInternalServerError, a.do(http.MethodPost, "/products", map[string]any{"name": "Q"}).Status)
	assert.Equal(t, http.StatusOK, a.do(http.MethodPost, "/products", map[string]any{"name": "Q"}).Status)
	assert.Zero(t, a.srv.PendingFaults())

	// Faults are taken in the order they were injected.
	a.srv.Fail(1, http.StatusInternalServerError)
	a.srv.Fail(1, http.StatusBadGateway)
	assert.Equal(t, http.StatusInternalServerError, a.do(http.MethodGet, "/products", nil).Status)
	assert.Equal(t, http.StatusBadGateway, a.do(http.MethodGet, "/products", nil).Status)

	a.srv.Fail(5, http.StatusInternalServerError, Header("RateLimit-Remaining", "0"), RetryAfter("1"))
	res := a.do(http.MethodGet, "/products", nil)
	assert.Equal(t, "0", res.Header.Get("RateLimit-Remaining"))
	assert.Equal(t, "1", res.Header.Get("Retry-After"))
	a.srv.ClearFaults()
	assert.Zero(t, a.srv.PendingFaults())
	assert.Equal(t, http.StatusOK, a.do(http.MethodGet, "/products", nil).Status)
}

func TestRateLimit(t *testing.T) {
	a := newAPI(t)
	a.srv.RateLimit(1, "2")
	date := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat)
	a.srv.RateLimit(1, date)
	a.srv.RateLimit(1, "")

	res := a.do(http.MethodPost, "/products", map[string]any{"name": "X"})
	require.Equal(t, http.StatusTooManyRequests, res.Status)
	assert.Equal(t, "2", res.Header.Get("Retry-After"))
	assert.Equal(t, "rate_limit_error", res.errField("type"))
	assert.Equal(t, "rate_limited", res.errField("code"))

	res = a.do(http.MethodGet, "/products", nil)
	require.Equal(t, http.StatusTooManyRequests, res.Status)
	assert.Equal(t, date, res.Header.Get("Retry-After"))

	res = a.do(http.MethodGet, "/products", nil)
	require.Equal(t, http.StatusTooManyRequests, res.Status)
	assert.NotContains(t, res.Header, "Retry-After")

	assert.Equal(t, http.StatusOK, a.do(http.MethodGet, "/products", nil).Status)
	assert.Zero(t, a.srv.Count("products"))
	assert.Equal(t, "rate_limit", a.srv.Requests()[0].Fault)
}

func TestFailAfter(t *testing.T) {
	a := newAPI(t)
	a.srv.FailAfter(1, http.StatusInternalServerError, Only("POST", "/products"))
	res := a.do(http.MethodPost, "/products", map[string]any{"name": "Committed"})
	require.Equal(t, http.StatusInternalServerError, res.Status)
	assert.Equal(t, "api_error", res.errField("type"))
	assert.Equal(t, 1, a.srv.Count("products"), "the create happened")
	_, ok := a.srv.Get("products", "committed")
	assert.True(t, ok)
	assert.Equal(t, "fail_after", a.srv.Requests()[0].Fault)

	// A client that blindly retried would now have two; the fake shows it.
	res = a.do(http.MethodPost, "/products", map[string]any{"name": "Committed"})
	assert.Equal(t, "committed-2", res.Body["slug"])
	assert.Equal(t, 2, a.srv.Count("products"))
}

func TestDropConnection(t *testing.T) {
	a := newAPI(t)
	// A fresh connection per request: net/http's Transport would otherwise
	// replay a GET dropped on a reused connection by itself.
	a.hc = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	t.Cleanup(a.hc.CloseIdleConnections)

	a.srv.DropConnection(2)
	_, err := a.try(context.Background(), http.MethodPost, "/products", map[string]any{"name": "X"})
	require.Error(t, err)
	assert.ErrorIs(t, err, io.EOF)
	_, err = a.try(context.Background(), http.MethodGet, "/products", nil)
	require.Error(t, err)
	assert.Zero(t, a.srv.Count("products"))
	assert.Equal(t, http.StatusOK, a.do(http.MethodGet, "/products", nil).Status)

	reqs := a.srv.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, 0, reqs[0].Status)
	assert.Equal(t, "drop_connection", reqs[0].Fault)
	assert.JSONEq(t, `{"name":"X"}`, string(reqs[0].Body))
}

func TestMalformedBody(t *testing.T) {
	a := newAPI(t)
	a.srv.MalformedBody(1, Only("GET", "/products"))
	res := a.do(http.MethodGet, "/products", nil)
	assert.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "application/json", res.Header.Get("Content-Type"))
	assert.False(t, json.Valid(res.Raw), "%s", res.Raw)
	assert.True(t, json.Valid(a.do(http.MethodGet, "/products", nil).Raw))
}

func TestTruncatedBody(t *testing.T) {
	a := newAPI(t)
	a.srv.TruncatedBody(1)
	_, err := a.try(context.Background(), http.MethodGet, "/products", nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Equal(t, http.StatusOK, a.do(http.MethodGet, "/products", nil).Status, "the next request works")
	reqs := a.srv.Requests()
	assert.Equal(t, "truncated_body", reqs[0].Fault)
}

func TestHTMLError(t *testing.T) {
	a := newAPI(t)
	a.srv.HTMLError(1, 0)
	a.srv.HTMLError(1, http.StatusServiceUnavailable)
	res := a.do(http.MethodGet, "/products", nil)
	assert.Equal(t, http.StatusBadGateway, res.Status)
	assert.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
	assert.Contains(t, string(res.Raw), "<h1>502 Bad Gateway</h1>")
	res = a.do(http.MethodGet, "/products", nil)
	assert.Equal(t, http.StatusServiceUnavailable, res.Status)
	assert.Contains(t, string(res.Raw), "503 Service Unavailable")
}

func TestLatency(t *testing.T) {
	a := newAPI(t)

	t.Run("delays the answer", func(t *testing.T) {
		a.srv.Latency(30*time.Millisecond, Only("GET", "/products"))
		defer a.srv.Latency(0, Only("GET", "/products"))
		start := time.Now()
		assert.Equal(t, http.StatusOK, a.do(http.MethodGet, "/products", nil).Status)
		assert.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond)
	})

	t.Run("removed with zero", func(t *testing.T) {
		a.srv.Latency(time.Hour)
		a.srv.Latency(0)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		assert.Equal(t, http.StatusOK, a.doCtx(ctx, http.MethodGet, "/products", nil).Status)
	})

	t.Run("a cancelled client returns at once", func(t *testing.T) {
		a.srv.Latency(time.Hour)
		defer a.srv.Latency(0)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := a.try(ctx, http.MethodPost, "/products", map[string]any{"name": "Late"})
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Less(t, time.Since(start), 5*time.Second)
		assert.Zero(t, a.srv.Count("products"), "latency comes before the request is served")
	})

	t.Run("adds to a fault", func(t *testing.T) {
		a.srv.Latency(10*time.Millisecond, Only("GET", ""))
		defer a.srv.Latency(0, Only("GET", ""))
		a.srv.Fail(1, http.StatusBadGateway)
		start := time.Now()
		assert.Equal(t, http.StatusBadGateway, a.do(http.MethodGet, "/products", nil).Status)
		assert.GreaterOrEqual(t, time.Since(start), 10*time.Millisecond)
	})
}

func TestCloseEndsLatency(t *testing.T) {
	srv := NewServer()
	a := &api{t: t, srv: srv, token: srv.Token(), hc: srv.HTTPClient()}
	srv.Latency(time.Hour)

	type outcome struct {
		res result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := a.try(context.Background(), http.MethodGet, "/products", nil)
		done <- outcome{res, err}
	}()
	// Wait until the request is in the server, waiting on its latency.
	require.Eventually(t, func() bool { return len(srv.Requests()) == 1 }, 5*time.Second, time.Millisecond)

	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited on a request's latency")
	}
	out := <-done
	require.NoError(t, out.err)
	assert.Equal(t, http.StatusServiceUnavailable, out.res.Status)
}

func TestFaultsBeforeAuth(t *testing.T) {
	// Faults hit every request, like a proxy or rate limiter in front of the API.
	a := newAPI(t)
	a.token = ""
	a.srv.RateLimit(1, "1")
	assert.Equal(t, http.StatusTooManyRequests, a.do(http.MethodGet, "/products", nil).Status)
	assert.Equal(t, http.StatusUnauthorized, a.do(http.MethodGet, "/products", nil).Status)
}

func TestPendingFaultsCountsUses(t *testing.T) {
	f := New()
	f.Fail(3, 500)
	f.DropConnection(2, Only("POST", "/products"))
	f.Latency(time.Second)
	assert.Equal(t, 5, f.PendingFaults())
	assert.Equal(t, "fail", f.faults.take("GET", "/reviews").name)
	assert.Equal(t, 4, f.PendingFaults())
	f.ClearFaults()
	assert.Zero(t, f.PendingFaults())
	assert.Zero(t, f.faults.delay("GET", "/products"))
}

func TestFaultsChangeNothing(t *testing.T) {
	for name, inject := range map[string]func(*Server){
		"fail":           func(s *Server) { s.Fail(1, http.StatusInternalServerError) },
		"rate_limit":     func(s *Server) { s.RateLimit(1, "1") },
		"drop":           func(s *Server) { s.DropConnection(1) },
		"malformed_body": func(s *Server) { s.MalformedBody(1) },
		"truncated_body": func(s *Server) { s.TruncatedBody(1) },
		"html_error":     func(s *Server) { s.HTMLError(1, http.StatusBadGateway) },
	} {
		t.Run(name, func(t *testing.T) {
			a := newAPI(t)
			inject(a.srv)
			_, _ = a.try(t.Context(), http.MethodPost, "/products", map[string]any{"name": "X"})
			assert.Zero(t, a.srv.Count("products"))
			assert.Zero(t, a.srv.PendingFaults())
			require.Len(t, a.srv.Requests(), 1)
			assert.NotEmpty(t, a.srv.Requests()[0].Fault)
		})
	}
}
