package creviotest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// api is a tiny net/http client for the fake, independent of the SDK.
type api struct {
	t     testing.TB
	srv   *Server
	token string
	hc    *http.Client
}

func newAPI(t testing.TB, opts ...Option) *api {
	t.Helper()
	srv := NewTestServer(t, opts...)
	return &api{t: t, srv: srv, token: srv.Token(), hc: srv.HTTPClient()}
}

// result is a decoded answer.
type result struct {
	Status int
	Header http.Header
	Raw    []byte
	Body   map[string]any
}

// errField returns a field of the error envelope.
func (r result) errField(name string) any {
	e, _ := r.Body["error"].(map[string]any)
	return e[name]
}

func (r result) data() []any {
	d, _ := r.Body["data"].([]any)
	return d
}

// ids returns the ids of a list answer's data.
func (r result) ids() []string {
	var ids []string
	for _, o := range r.data() {
		ids = append(ids, o.(map[string]any)["id"].(string))
	}
	return ids
}

// do sends a request; body is JSON-encoded unless it is a string or []byte.
func (a *api) do(method, path string, body any) result {
	a.t.Helper()
	return a.doCtx(context.Background(), method, path, body)
}

func (a *api) doCtx(ctx context.Context, method, path string, body any) result {
	a.t.Helper()
	res, err := a.try(ctx, method, path, body)
	require.NoError(a.t, err)
	return res
}

func (a *api) try(ctx context.Context, method, path string, body any) (result, error) {
	if _, ok := ctx.Deadline(); !ok { // a regression fails fast instead of hanging
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
	}
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return result{}, err
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.srv.URL+path, rd)
	if err != nil {
		return result{}, err
	}
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := a.hc.Do(req)
	if err != nil {
		return result{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return result{}, err
	}
	res := result{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(raw, &res.Body)
	}
	return res, nil
}

// create posts a product and returns it, failing the test on error.
func (a *api) create(path string, body any) map[string]any {
	a.t.Helper()
	res := a.do(http.MethodPost, path, body)
	require.Equal(a.t, http.StatusOK, res.Status, "create %s: %s", path, res.Raw)
	return res.Body
}

// clock is a manual clock for WithClock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func jsonDecode(resp *http.Response, v any) error {
	return json.NewDecoder(resp.Body).Decode(v)
}
