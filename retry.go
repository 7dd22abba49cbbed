package crevio

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// This file is the glue to go-retryablehttp, which runs the attempts of
// every call. Its defaults are replaced where they disagree with the API's
// rules or with a library's manners:
//
//   - CheckRetry: its default retries any method after a connection error
//     or a 5xx, which can create an object twice. Ours retries a POST only
//     with an idempotency key or when the request provably never reached a
//     server, adds 408, and stops on a Retry-After over the client's cap.
//     It also feeds a 429's or 503's Retry-After to the client's shared
//     gate (ratelimit.go), so the other calls hold off too.
//   - Backoff: its default honours Retry-After only on 429 and 503 and
//     without bound; ours adds jitter and honours it on every retried
//     status (never waiting less than the server asked).
//   - RetryMax, RetryWaitMin, RetryWaitMax: 2, 0.5 s and 8 s instead of 4,
//     1 s and 30 s, so a failing call gives up within seconds.
//   - ErrorHandler: PassthroughErrorHandler, so the last response reaches
//     errorFromResponse and becomes a typed error (the default closes it and
//     returns "giving up after N attempts").
//   - Logger: none (its default writes to stderr); RequestLogHook and
//     CheckRetry feed the client's slog logger instead, one debug line per
//     attempt, with no URL or query in it.
//   - HTTPClient: the client's own, with the guarded transport
//     (transport.go) and redirects refused.
//   - PrepareRetry: prepareRetry (ratelimit.go), so a retry waits for the
//     client's shared Retry-After gate and WithRateLimit bucket after its
//     backoff, as a first attempt waits for them in do. (An upload's PUT
//     to its storage host runs its own loop in files.go, since
//     go-retryablehttp would buffer a streamed body whole.)
//
// Each request also gets a response handler (attempt.readBody), so the body
// is read inside the retry loop and a body cut short is retried like any
// other failed attempt.

// attempt holds the state of one call across its retries: the retry policy
// needs the method and idempotency key, which go-retryablehttp does not
// pass. The attempt is also the call's context (it embeds it and answers
// Value(attemptKey{}) with itself), so the client's shared callbacks find it
// from the request or its context: no closure, callback set or context
// value is allocated per call.
type attempt struct {
	context.Context
	c         *core
	method    string
	path      string
	retryPOST bool
	n         int
	logged    int // the attempt last logged: checkRetry runs twice when the body is read
	started   time.Time
	data      []byte // the body of the final response, read inside the retry loop
	readErr   error
	// answers counts the responses any attempt (any hop) of the call has
	// received, as guardTransport saw them: once one has, an error before
	// the next response no longer proves the request never reached a server.
	answers atomic.Int32
}

// attemptKey is the context key under which an attempt finds itself.
type attemptKey struct{}

// Value returns the attempt for attemptKey, else the wrapped context's value.
func (a *attempt) Value(key any) any {
	if _, ok := key.(attemptKey); ok {
		return a
	}
	return a.Context.Value(key)
}

// attemptOf returns the attempt a request's context belongs to.
func attemptOf(ctx context.Context) *attempt {
	a, _ := ctx.Value(attemptKey{}).(*attempt)
	return a
}

// newRetryClient returns a go-retryablehttp client configured for this SDK:
// the callbacks are shared functions that find the call's state through the
// request's context, the final response passes through, and it never logs.
func (c *core) newRetryClient(maxRetries int) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:     c.httpClient,
		RetryWaitMin:   c.minRetryWait,
		RetryWaitMax:   c.maxRetryWait,
		RetryMax:       maxRetries,
		CheckRetry:     checkRetry,
		Backoff:        backoff,
		ErrorHandler:   retryablehttp.PassthroughErrorHandler,
		RequestLogHook: logRequest,
		PrepareRetry:   prepareRetry,
	}
}

// Header values every request carries, allocated once: net/http and
// go-retryablehttp only read them.
var (
	acceptJSON      = []string{"application/json"}
	contentTypeJSON = []string{"application/json"}
)

func (c *core) do(ctx context.Context, method, path, target string, body []byte, rc *requestConfig) (*http.Response, []byte, error) {
	var raw any // nil interface: no body at all on GET/DELETE
	if body != nil {
		raw = body
	}
	a := &attempt{Context: ctx, c: c, method: method, path: path, retryPOST: rc.idempotencyKey != ""}
	req, err := retryablehttp.NewRequestWithContext(a, method, target, raw)
	if err != nil {
		return nil, nil, fmt.Errorf("crevio: building request %s %s: %w", method, path, err)
	}
	for k, vs := range rc.header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header["Authorization"] = c.authHeader
	req.Header["Accept"] = acceptJSON
	req.Header["User-Agent"] = c.userAgentHeader
	if body != nil {
		req.Header["Content-Type"] = contentTypeJSON
	}
	if rc.idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", rc.idempotencyKey)
	}
	req.SetResponseHandler(a.readBody)
	rh := c.retry
	if rc.maxRetries >= 0 && rc.maxRetries != c.maxRetries {
		rh = c.newRetryClient(rc.maxRetries)
	}
	// The first attempt waits for the client's limits here; retries in
	// prepareRetry. One atomic load when none is active.
	if err := c.limits.wait(a); err != nil {
		return nil, nil, transportError(method, path, a, err)
	}
	resp, err := rh.Do(req)
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		if errors.Is(err, errBodyTooLarge) || errors.Is(err, errBodyRead) {
			return resp, nil, &DecodeError{StatusCode: statusOf(resp), RequestID: RequestID(resp), Err: err}
		}
		return nil, nil, transportError(method, path, a, err)
	}
	if a.data == nil && a.readErr == nil {
		// Retries ran out on a retryable status: the handler never ran.
		_ = a.readBody(resp)
	}
	if a.readErr != nil {
		return resp, nil, &DecodeError{StatusCode: resp.StatusCode, RequestID: RequestID(resp), Err: a.readErr}
	}
	return resp, a.data, nil
}

// idempotent reports whether the call may be sent again after it may have
// reached the server.
func (a *attempt) idempotent() bool {
	switch a.method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions:
		return true
	}
	return a.retryPOST
}

// checkRetry is go-retryablehttp's CheckRetry: the policy of the call ctx
// belongs to.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if a := attemptOf(ctx); a != nil {
		return a.checkRetry(ctx, resp, err)
	}
	return false, err
}

// checkRetry is the retry policy (see the README's Reliability section).
func (a *attempt) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	a.logAttempt(resp, err)
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		if errors.Is(err, errBodyTooLarge) || errors.Is(err, errUploadSource) {
			return false, nil
		}
		if errors.Is(err, errBodyRead) {
			return a.idempotent(), nil
		}
		retry := retryableTransportError(err, a.idempotent())
		if retry && !a.idempotent() && a.answers.Load() > 0 {
			// An error "before any response" is proof that this request
			// never reached a server only when no earlier attempt or hop of
			// the call got an answer: after one did, it may have.
			retry = false
		}
		return retry, nil
	}
	if (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) &&
		a.path != uploadPathLabel {
		// Whether or not this call retries, the other calls of the client
		// hold off until the Retry-After (ratelimit.go). Not for an
		// upload's PUT: the storage host's limits are not the API's.
		a.c.learnFrom(resp)
	}
	retry := false
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		retry = true
	case resp.StatusCode == http.StatusRequestTimeout,
		resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented && resp.StatusCode <= 599:
		retry = a.idempotent()
	}
	if retry && resp.Header.Get("Retry-After") != "" {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok && d > a.c.maxRetryAfter {
			// Too long to wait: the caller gets the answer at once, as a
			// *RateLimitError or an *Error with RetryAfter set.
			return false, nil
		}
	}
	return retry, nil
}

// retryableTransportError decides about an error before any response: a
// request that surely never reached the server is always safe to resend;
// anything else only when the call is idempotent.
func retryableTransportError(err error, idempotent bool) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		msg := urlErr.Err.Error()
		if strings.Contains(msg, "unsupported protocol scheme") ||
			strings.Contains(msg, "certificate") ||
			strings.Contains(msg, "stopped after") ||
			strings.Contains(msg, "invalid header") {
			return false
		}
	}
	return idempotent
}

// backoff returns how long to wait before retry number attemptNum (0-based):
// exponential with jitter, and never shorter than a Retry-After the server sent.
func backoff(minWait, maxWait time.Duration, attemptNum int, resp *http.Response) time.Duration {
	step := minWait
	for i := 0; i < attemptNum && step < maxWait; i++ {
		step *= 2
	}
	step = min(step, maxWait)
	wait := step/2 + rand.N(step/2+1)
	if resp != nil {
		if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			if resp.Request != nil {
				if a := attemptOf(resp.Request.Context()); a != nil && a.c.retryAfterScale != 1 {
					ra = time.Duration(float64(ra) * a.c.retryAfterScale)
				}
			}
			wait = max(wait, ra)
		}
	}
	return wait
}

// transportError wraps an error that came before any usable response. The
// URL is dropped (it may carry personal data in the query); errors.Is still
// finds context.Canceled, context.DeadlineExceeded and net errors.
func transportError(method, path string, ctx context.Context, err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("crevio: %s %s: %w (%v)", method, path, ctxErr, err)
	}
	return fmt.Errorf("crevio: %s %s: %w", method, path, err)
}
