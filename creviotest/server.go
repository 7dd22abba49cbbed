package creviotest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/creviolabs/crevio-go"
)

// Server is a [Fake] served over HTTP on a loopback port by
// net/http/httptest. Every method of Fake (Seed, Get, Count, Requests, Fail,
// RateLimit, Latency, ...) is available on it.
type Server struct {
	*Fake

	// URL is the API base URL, with the /v1 prefix, such as
	// "http://127.0.0.1:50113/v1". Give it to crevio.WithBaseURL.
	URL string

	hs *httptest.Server
}

// NewServer starts a fake API server. Call Close when done (or use
// [NewTestServer], which does it for you).
func NewServer(opts ...Option) *Server {
	f := New(opts...)
	hs := httptest.NewServer(f)
	return &Server{Fake: f, URL: hs.URL + APIPrefix, hs: hs}
}

// NewTestServer starts a fake API server that is closed when tb and its
// subtests end.
func NewTestServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := NewServer(opts...)
	tb.Cleanup(s.Close)
	return s
}

// Close ends requests waiting on injected latency, shuts the server down and
// waits for every request in progress to finish. It leaves no goroutine
// behind.
func (s *Server) Close() {
	s.Fake.Close()
	s.hs.Close()
}

// HTTPClient returns an *http.Client that talks to the server, for tests
// that call the API without the SDK. It is closed with the server.
func (s *Server) HTTPClient() *http.Client { return s.hs.Client() }

// Client returns an SDK client for the server: its token, its base URL and
// its HTTP client, followed by opts (which can override them, and set
// retries, backoff, logging, ...). It returns nil only if opts are invalid,
// since crevio.New cannot fail on the server's own settings.
func (s *Server) Client(opts ...crevio.Option) *crevio.Client {
	all := append([]crevio.Option{crevio.WithBaseURL(s.URL), crevio.WithHTTPClient(s.hs.Client())}, opts...)
	c, err := crevio.New(s.Token(), all...)
	if err != nil {
		return nil
	}
	return c
}
