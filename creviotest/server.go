package creviotest

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/creviolabs/crevio-go"
)

// Server is a [Fake] served over HTTP, on a loopback port by
// net/http/httptest, or in process inside a testing/synctest bubble (see
// [NewServer]). Every method of Fake (Seed, Get, Count, Requests, Fail,
// RateLimit, Latency, ...) is available on it.
type Server struct {
	*Fake

	// URL is the API base URL, with the /v1 prefix, such as
	// "http://127.0.0.1:50113/v1" (or "https://creviotest.invalid/v1" when
	// the server is served in process). Give it to crevio.WithBaseURL, or
	// use [Server.Client], which does.
	URL string

	hs         *httptest.Server    // nil when served in process
	inproc     *inProcessTransport // nil when served on a port
	production bool                // WithProductionTiming
}

// serverConfig holds the options that concern a Server, not its Fake.
type serverConfig struct {
	inProcess  bool
	production bool
}

// WithInProcess makes [NewServer] and [NewTestServer] serve the fake in
// process, with no listener, even outside a testing/synctest bubble (inside
// one they always do): [Server.Client] and [Server.HTTPClient] call the
// fake's handler directly, and URL names a host that never resolves, so
// only those clients reach it. It saves the sockets and the loopback round
// trips. [New] ignores it.
func WithInProcess() Option {
	return func(c *config) { c.server.inProcess = true }
}

// WithProductionTiming makes [Server.Client] keep the SDK's production
// retry timing (0.5 s backoff doubling up to 8 s) instead of the short
// waits it uses by default outside a testing/synctest bubble, for tests
// that measure the retry schedule in real time. [New] ignores it.
func WithProductionTiming() Option {
	return func(c *config) { c.server.production = true }
}

// The retry timing of [Server.Client] outside a bubble unless
// [WithProductionTiming] is set: each backoff wait is 0.5 to 10 ms.
const (
	testRetryMinWait = time.Millisecond
	testRetryMaxWait = 10 * time.Millisecond
	// testRetryAfterScale is the share of a Retry-After the client sleeps.
	testRetryAfterScale = 0.001
)

// NewServer starts a fake API server. Call Close when done (or use
// [NewTestServer], which does it for you).
//
// Outside a testing/synctest bubble the server listens on a loopback port,
// like httptest.NewServer. Inside a bubble (or with [WithInProcess]) it is
// served in process: no listener, since a socket keeps a bubble's fake
// clock from advancing. Requests from [Server.Client] and
// [Server.HTTPClient] then call the fake's handler directly, and every
// wait (the SDK's backoff and Retry-After, injected latency, webhook retry
// backoff) runs on the bubble's clock, so a 30-second Retry-After takes 30
// seconds of fake time and no real time. Deliver webhooks to handlers in
// the bubble with [Fake.WebhookURL].
func NewServer(opts ...Option) *Server {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	f := New(opts...)
	s := &Server{Fake: f, production: cfg.server.production}
	if cfg.server.inProcess || inBubble() {
		s.inproc = &inProcessTransport{h: f}
		s.URL = "https://" + inProcessHost + APIPrefix
		return s
	}
	s.hs = httptest.NewServer(f)
	s.URL = s.hs.URL + APIPrefix
	return s
}

// NewTestServer starts a fake API server that is closed when tb and its
// subtests end. Inside a testing/synctest bubble it is served in process
// (see [NewServer]); call it from inside the bubble's function.
func NewTestServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := NewServer(opts...)
	tb.Cleanup(s.Close)
	return s
}

// InProcess reports whether the server is served in process (inside a
// testing/synctest bubble, or with [WithInProcess]) rather than on a
// loopback port.
func (s *Server) InProcess() bool { return s.inproc != nil }

// Close ends requests waiting on injected latency, shuts the server down and
// waits for every request in progress to finish. It leaves no goroutine
// behind.
func (s *Server) Close() {
	s.Fake.Close()
	if s.hs != nil {
		s.hs.Close()
	}
	if s.inproc != nil {
		s.inproc.close()
	}
}

// HTTPClient returns an *http.Client that talks to the server, for tests
// that call the API without the SDK. It is closed with the server. When
// the server is served in process, the client sends every request, to any
// URL, to the fake.
func (s *Server) HTTPClient() *http.Client {
	if s.inproc != nil {
		return &http.Client{Transport: s.inproc}
	}
	return s.hs.Client()
}

// Client returns an SDK client for the server: its token, its base URL and
// its HTTP client, followed by opts (which can override them, and set
// retries, backoff, logging, ...). It returns nil only if opts are invalid,
// since crevio.New cannot fail on the server's own settings.
//
// The client is fast by default: outside a testing/synctest bubble its
// retry backoff is 0.5 to 10 ms instead of the SDK's 0.5 s doubling up to
// 8 s, and it sleeps a thousandth of every Retry-After
// (crevio.WithRetryAfterScale(0.001)), so a Fail(1, 503) costs
// milliseconds and a RateLimit(1, "30") 30 ms. Which answers are retried,
// and the WithMaxRetryAfter cap, are decided on the real values, as in
// production. Inside a bubble the client keeps the production timing,
// since waits there cost no real time and a test can check them exactly.
// Pass crevio.WithRetryBackoff or crevio.WithRetryAfterScale to choose
// other values, or create the server with [WithProductionTiming] for the
// SDK's defaults.
func (s *Server) Client(opts ...crevio.Option) *crevio.Client {
	all := []crevio.Option{crevio.WithBaseURL(s.URL), crevio.WithHTTPClient(s.HTTPClient())}
	if !s.production && !inBubble() {
		all = append(all, crevio.WithRetryBackoff(testRetryMinWait, testRetryMaxWait),
			crevio.WithRetryAfterScale(testRetryAfterScale))
	}
	all = append(all, opts...)
	c, err := crevio.New(s.Token(), all...)
	if err != nil {
		return nil
	}
	return c
}
