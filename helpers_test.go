package crevio

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testKey = "sk_test_0123456789SECRET"

// seen is one request as the test server received it.
type seen struct {
	Method   string
	Path     string // escaped path, as sent on the wire, without the /api/v1 mount
	RawQuery string
	Header   http.Header
	Body     []byte
}

// recorder is an httptest server mounted under /api/v1 (so a path that
// ignores the base URL's own path is caught) that records every request
// and answers with the next queued response.
type recorder struct {
	t    testing.TB
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []seen
	next []stubResponse
}

type stubResponse struct {
	status int
	body   string
	header map[string]string
}

func newRecorder(t testing.TB) *recorder {
	r := &recorder{t: t}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *recorder) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	path := req.URL.EscapedPath()
	if !strings.HasPrefix(path, "/api/v1/") {
		r.t.Errorf("request outside the base URL: %s %s", req.Method, path)
		w.WriteHeader(http.StatusTeapot)
		return
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, seen{req.Method, strings.TrimPrefix(path, "/api/v1"), req.URL.RawQuery, req.Header.Clone(), body})
	resp := stubResponse{status: 200, body: `{}`}
	if len(r.next) > 0 {
		resp, r.next = r.next[0], r.next[1:]
	}
	r.mu.Unlock()
	for k, v := range resp.header {
		w.Header().Set(k, v)
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(resp.status)
	_, _ = io.WriteString(w, resp.body)
}

// respond queues a response; headers come in key, value pairs.
func (r *recorder) respond(status int, body string, header ...string) {
	h := map[string]string{}
	for i := 0; i+1 < len(header); i += 2 {
		h[header[i]] = header[i+1]
	}
	r.mu.Lock()
	r.next = append(r.next, stubResponse{status, body, h})
	r.mu.Unlock()
}

func (r *recorder) requests() []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seen(nil), r.reqs...)
}

func (r *recorder) last() seen {
	reqs := r.requests()
	require.NotEmpty(r.t, reqs, "no request reached the server")
	return reqs[len(reqs)-1]
}

func (r *recorder) client(opts ...Option) *Client {
	c, err := New(testKey, append([]Option{WithBaseURL(r.srv.URL + "/api/v1"), WithRetryBackoff(1_000, 2_000)}, opts...)...)
	require.NoError(r.t, err)
	return c
}

func fixture(t testing.TB, name string) string {
	b, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return string(b)
}

// rtFunc is an in-memory RoundTripper for tests that must run inside a
// synctest bubble (no real network, fake clock).
type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func httpResponse(status int, body string, header ...string) *http.Response {
	h := http.Header{"Content-Type": {"application/json"}}
	for i := 0; i+1 < len(header); i += 2 {
		h.Set(header[i], header[i+1])
	}
	return &http.Response{
		StatusCode:    status,
		Status:        http.StatusText(status),
		Header:        h,
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
	}
}

// script answers the n-th call with steps[n] (the last step repeats) and
// counts calls. Each step returns a response or an error.
type script struct {
	mu     sync.Mutex
	calls  int
	bodies [][]byte
	keys   []string
	steps  []func() (*http.Response, error)
}

func (s *script) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	i := min(s.calls, len(s.steps)-1)
	s.calls++
	if r.Body != nil {
		b, _ := io.ReadAll(r.Body)
		s.bodies = append(s.bodies, b)
	}
	s.keys = append(s.keys, r.Header.Get("Idempotency-Key"))
	s.mu.Unlock()
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	return s.steps[i]()
}

func (s *script) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

func respondWith(status int, body string, header ...string) func() (*http.Response, error) {
	return func() (*http.Response, error) { return httpResponse(status, body, header...), nil }
}

func failWith(err error) func() (*http.Response, error) {
	return func() (*http.Response, error) { return nil, err }
}

// truncatedBody yields part of a body, then an unexpected EOF.
type truncatedBody struct{ r io.Reader }

func (b truncatedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if errors.Is(err, io.EOF) {
		return n, io.ErrUnexpectedEOF
	}
	return n, err
}
func (truncatedBody) Close() error { return nil }

func cutResponse(status int, body string) func() (*http.Response, error) {
	return func() (*http.Response, error) {
		r := httpResponse(status, "")
		r.Body = truncatedBody{bytes.NewReader([]byte(body[:len(body)/2]))}
		r.ContentLength = int64(len(body))
		return r, nil
	}
}

func scriptClient(t testing.TB, s *script, opts ...Option) *Client {
	c, err := New(testKey, append([]Option{WithBaseURL("https://api.crevio.test/v1"), WithTransport(s)}, opts...)...)
	require.NoError(t, err)
	return c
}

var bg = context.Background()

// wireCase is one wire check: a call, and the one request it must send.
// Every resource's Wire test is a table of them, run by checkWire.
type wireCase struct {
	name   string
	call   func(c *Client) error
	method string
	path   string // escaped, relative to the base URL
	query  string // raw query, "" for none
	body   string // JSON, compared semantically; "" means no body and no Content-Type
	// header lists headers the request must carry, beyond the standard ones.
	// The request must carry no Idempotency-Key unless one is listed here.
	header  map[string]string
	respond string // the body served
	status  int    // the status served; 0 means 200
}

// checkWire runs each case against its own recorder with a client made by
// r.client() and checks the one request it sent: method, escaped path, raw
// query, JSON body and Content-Type, Authorization, Accept, User-Agent,
// Idempotency-Key and the case's extra headers.
func checkWire(t *testing.T, cases []wireCase) {
	t.Helper()
	checkWireUA(t, "", cases)
}

// checkWireUA is checkWire with a client made WithUserAgentSuffix(suffix)
// (none when suffix is ""): the User-Agent must end in " "+suffix.
func checkWireUA(t *testing.T, suffix string, cases []wireCase) {
	t.Helper()
	var opts []Option
	ua := "crevio-go/" + Version + " " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
	if suffix != "" {
		opts = append(opts, WithUserAgentSuffix(suffix))
		ua += " " + suffix
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			r := newRecorder(t)
			status := tt.status
			if status == 0 {
				status = http.StatusOK
			}
			r.respond(status, tt.respond)
			require.NoError(t, tt.call(r.client(opts...)))

			reqs := r.requests()
			require.Len(t, reqs, 1)
			got := reqs[0]
			assert.Equal(t, tt.method, got.Method)
			assert.Equal(t, tt.path, got.Path)
			assert.Equal(t, tt.query, got.RawQuery)
			assert.Equal(t, "Bearer "+testKey, got.Header.Get("Authorization"))
			assert.Equal(t, "application/json", got.Header.Get("Accept"))
			assert.Equal(t, ua, got.Header.Get("User-Agent"))
			if _, ok := tt.header["Idempotency-Key"]; !ok {
				assert.Empty(t, got.Header.Get("Idempotency-Key"))
			}
			for k, v := range tt.header {
				assert.Equal(t, v, got.Header.Get(k), "header %s", k)
			}
			if tt.body == "" {
				assert.Empty(t, got.Body)
				assert.Empty(t, got.Header.Get("Content-Type"))
			} else {
				assert.JSONEq(t, tt.body, string(got.Body))
				assert.Equal(t, "application/json", got.Header.Get("Content-Type"))
			}
		})
	}
}
