package crevio

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"time"
)

// config collects what the options set before New builds the Client.
type config struct {
	baseURL          string
	insecureHTTP     bool
	httpClient       *http.Client
	transport        http.RoundTripper
	logger           *slog.Logger
	maxRetries       int
	minRetryWait     time.Duration
	maxRetryWait     time.Duration
	maxRetryAfter    time.Duration
	retryAfterScale  float64
	timeout          time.Duration
	userAgentSuffix  string
	maxResponseBytes int64
	readIdleTimeout  time.Duration
	middleware       []func(http.RoundTripper) http.RoundTripper
	noSharedGate     bool    // WithSharedRetryAfter(false)
	rateLimit        float64 // WithRateLimit: attempts per second; 0 for none
	rateBurst        int
}

// Option configures a [Client] in [New].
type Option func(*config) error

// WithBaseURL sets the API base URL, including the version path
// (default [DefaultBaseURL]). A URL with no path gets /v1
// (https://api.crevio.co becomes https://api.crevio.co/v1); any other path
// is used as given (a trailing slash dropped). Point it at a creviotest
// server in tests.
func WithBaseURL(u string) Option {
	return func(c *config) error { c.baseURL = u; return nil }
}

// WithInsecureHTTP allows a plain-http base URL on a non-loopback host.
// Without it, New refuses such a URL, because the API key would travel
// in clear text.
func WithInsecureHTTP() Option {
	return func(c *config) error { c.insecureHTTP = true; return nil }
}

// WithHTTPClient sets the HTTP client requests go through. Its Transport and
// Jar are used; its Timeout bounds each attempt. Its CheckRedirect is not:
// the SDK never follows a redirect (a 3xx answer is a [*RedirectError]), so
// the API key goes to the configured origin only. The client itself is
// copied, not modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("crevio: WithHTTPClient: nil client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithTransport sets the round tripper requests go through (default: a
// pooled transport that keeps up to 64 idle connections to the API). The
// SDK's bounds on the waits for response headers
// ([DefaultResponseHeaderTimeout]) and body ([WithReadIdleTimeout]) apply to
// it too, as long as it honours the request's context as net/http does.
func WithTransport(rt http.RoundTripper) Option {
	return func(c *config) error {
		if rt == nil {
			return errors.New("crevio: WithTransport: nil transport")
		}
		c.transport = rt
		return nil
	}
}

// WithTransportMiddleware wraps the round tripper requests go through (the
// SDK's pooled transport, or the one given with [WithTransport] or
// [WithHTTPClient]) with mw, once, in New: for tracing, metrics or extra
// headers. mw sees every attempt of every call, retries included, each as
// its own request. Several middlewares compose in the order given: with
// WithTransportMiddleware(a) and then WithTransportMiddleware(b), a request
// goes through a, then b, then the transport. The SDK's own layer stays
// outermost: redirects are refused and the header and body waits are bounded
// around the middleware too. mw must not return nil.
func WithTransportMiddleware(mw func(http.RoundTripper) http.RoundTripper) Option {
	return func(c *config) error {
		if mw == nil {
			return errors.New("crevio: WithTransportMiddleware: nil middleware")
		}
		c.middleware = append(c.middleware, mw)
		return nil
	}
}

// WithReadIdleTimeout bounds how long reading a response body, or sending a
// request body, may make no progress (default [DefaultReadIdleTimeout]). A
// read that receives nothing for d fails the attempt; every byte that moves
// restarts the clock, so a large body that keeps flowing is never cut,
// however long it takes. A failed read is retried like any cut body: on an
// idempotent call, not on a POST without an idempotency key. The wait for
// the response headers has its own bound, [DefaultResponseHeaderTimeout],
// counted from the end of the request body. Both bounds cancel the
// attempt's context, which net/http's transports honour; a custom transport
// must too. d must be positive.
func WithReadIdleTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return errors.New("crevio: WithReadIdleTimeout: must be positive")
		}
		c.readIdleTimeout = d
		return nil
	}
}

// WithLogger sets the logger for debug lines, one per attempt: method, path,
// status, attempt, duration and request id, never headers or bodies. The
// default logger discards everything.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error { c.logger = l; return nil }
}

// WithMaxRetries sets how many times a failed request is retried
// (default [DefaultMaxRetries]; 0 turns retries off).
func WithMaxRetries(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("crevio: WithMaxRetries: %d is negative", n)
		}
		c.maxRetries = n
		return nil
	}
}

// WithRetryBackoff sets the exponential backoff bounds between retries
// (default 0.5 s doubling up to 8 s). Each wait is jittered between half and
// all of its step. A server's Retry-After always wins when it asks for longer.
func WithRetryBackoff(minWait, maxWait time.Duration) Option {
	return func(c *config) error {
		if minWait <= 0 || maxWait <= 0 {
			return errors.New("crevio: WithRetryBackoff: waits must be positive")
		}
		c.minRetryWait, c.maxRetryWait = minWait, maxWait
		return nil
	}
}

// WithMaxRetryAfter sets the longest Retry-After the client will wait for
// (default [DefaultMaxRetryAfter]). When an answer that would be retried
// (429, 408, 5xx) asks for longer, the call returns at once instead of
// sleeping: a 429 as a [*RateLimitError], any other status as an [*Error],
// both with RetryAfter set. It also bounds how long the client's other
// calls are held after such an answer (see [WithSharedRetryAfter]); 0 means
// no Retry-After is waited for, and no call is held.
func WithMaxRetryAfter(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return errors.New("crevio: WithMaxRetryAfter: negative duration")
		}
		c.maxRetryAfter = d
		return nil
	}
}

// WithRetryAfterScale multiplies every Retry-After wait by scale, between 0
// and 1, before the client sleeps (default 1: the wait the server asked
// for). It is meant for tests against a fake server: creviotest's
// Server.Client uses 0.001, so a Retry-After of 30 s costs 30 ms. The
// [WithMaxRetryAfter] cap is checked against the unscaled value, so the
// client retries or gives up exactly as it would in production; only the
// sleep is shorter. The hold of the shared Retry-After gate
// ([WithSharedRetryAfter]) is scaled alike.
func WithRetryAfterScale(scale float64) Option {
	return func(c *config) error {
		if !(scale >= 0 && scale <= 1) {
			return fmt.Errorf("crevio: WithRetryAfterScale: %v is not between 0 and 1", scale)
		}
		c.retryAfterScale = scale
		return nil
	}
}

// WithSharedRetryAfter turns the client's shared Retry-After gate on or
// off (default on). With it on, when any call receives a 429, or a 503 with
// a Retry-After header, every other call of the client holds its next
// attempt (first attempts and retries alike) until the instant the server
// named, instead of each spending a request on a 429 of its own. A hold is
// never longer than [WithMaxRetryAfter] (a Retry-After over the cap holds
// the other calls for the cap, then they send and get their own answer) and
// is scaled by [WithRetryAfterScale]; a call whose context ends while it is
// held returns the context's error without sending. A later, shorter
// Retry-After does not shorten the hold.
//
// Only answers of the API count: a 429 from the storage host an upload
// PUTs to ([FilesService.Upload]) holds only that upload.
//
// Turn it off when the calls of one client do not share one rate limit,
// for example when a transport middleware spreads them over several API
// keys; each call then waits only for the Retry-After it receives itself.
func WithSharedRetryAfter(enabled bool) Option {
	return func(c *config) error { c.noSharedGate = !enabled; return nil }
}

// WithRateLimit limits the client to rps attempts per second on average,
// in bursts of at most burst, shared by all its calls: a token bucket that
// starts full. Every attempt to the API, retries included, takes a token
// (an upload's PUT to its storage host does not), waiting for one when
// there is none; a call whose context ends while it waits returns the
// context's error without sending. Set rps to the API's limit so a bulk
// job stays under it instead of bouncing off it, and burst below the
// API's: the network can bunch requests up on their way, and the
// difference is the margin. It is off by default; rps must be finite and
// at least one an hour (1.0/3600), burst at least 1.
func WithRateLimit(rps float64, burst int) Option {
	return func(c *config) error {
		if !(rps >= 1.0/3600) || math.IsInf(rps, 1) {
			return fmt.Errorf("crevio: WithRateLimit: rate %v is not a finite number of at least one request an hour", rps)
		}
		if burst < 1 {
			return fmt.Errorf("crevio: WithRateLimit: burst %d is less than 1", burst)
		}
		c.rateLimit, c.rateBurst = rps, burst
		return nil
	}
}

// WithTimeout bounds each call, retries and waits included. By default
// there is no per-call timer (it has a cost on every call): the
// context bounds a call, and each attempt fails when its response headers
// take longer than [DefaultResponseHeaderTimeout] or its body stops flowing
// for [DefaultReadIdleTimeout] (see [WithReadIdleTimeout]), so a call cannot
// hang on a dead server. 0 turns the per-call timer off.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return errors.New("crevio: WithTimeout: negative duration")
		}
		c.timeout = d
		return nil
	}
}

// WithUserAgentSuffix appends s (for example "my-app/1.2") to the
// User-Agent header.
func WithUserAgentSuffix(s string) Option {
	return func(c *config) error {
		if strings.ContainsAny(s, "\r\n") {
			return errors.New("crevio: WithUserAgentSuffix: line break in user agent")
		}
		c.userAgentSuffix = s
		return nil
	}
}

// WithMaxResponseBytes caps how much of a response body is read (default
// [DefaultMaxResponseBytes]). A larger body is a [*DecodeError].
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return errors.New("crevio: WithMaxResponseBytes: must be positive")
		}
		c.maxResponseBytes = n
		return nil
	}
}

// RequestOption changes one call: its headers, retries, or what it reports
// back. Pass any number of them after a method's params.
type RequestOption func(*requestConfig)

type requestConfig struct {
	idempotencyKey string
	header         http.Header
	maxRetries     int // -1: the client's setting
	response       **http.Response
	prefetch       bool   // All: fetch the next page while the loop runs
	startingAfter  string // All: the page's cursor, sent over what params say
}

// WithIdempotencyKey sends an Idempotency-Key header with the call. A POST is
// retried after a 5xx or a timeout only when it carries one: a blind retry
// could create a second object. The retry is safe only if the server honours
// the key, which the API does not document; creviotest does (it replays the
// first answer for a key).
func WithIdempotencyKey(key string) RequestOption {
	return func(r *requestConfig) { r.idempotencyKey = key }
}

// WithHeader adds a header to the call. Authorization cannot be overridden.
func WithHeader(key, value string) RequestOption {
	return func(r *requestConfig) {
		if r.header == nil {
			r.header = make(http.Header)
		}
		r.header.Add(key, value)
	}
}

// WithRetries overrides the client's maximum number of retries for one call.
func WithRetries(n int) RequestOption {
	return func(r *requestConfig) {
		if n >= 0 {
			r.maxRetries = n
		}
	}
}

// WithResponse stores the final *http.Response of the call in dst, for its
// status and headers (see [RequestID]). Its body has already been read and
// closed.
func WithResponse(dst **http.Response) RequestOption {
	return func(r *requestConfig) { r.response = dst }
}
