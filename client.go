package crevio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Client is a Crevio API client. Create it with [New]; one Client is safe for
// concurrent use by many goroutines and should be shared.
type Client struct {
	// Products is the products API.
	Products *ProductsService
	// PriceVariants is the price variants API: the pricing options of products.
	PriceVariants *PriceVariantsService
	// Orders is the orders API.
	Orders *OrdersService
	// OrderItems is the order items API: the line items of orders.
	OrderItems *OrderItemsService
	// Refunds is the refunds API.
	Refunds *RefundsService
	// Customers is the customers API.
	Customers *CustomersService
	// Subscriptions is the subscriptions API.
	Subscriptions *SubscriptionsService
	// Invoices is the invoices API.
	Invoices *InvoicesService
	// Checkouts is the checkouts API: checkout sessions.
	Checkouts *CheckoutsService
	// CheckoutLinks is the checkout links API: shareable links that start a checkout.
	CheckoutLinks *CheckoutLinksService
	// Discounts is the discounts API: discount codes.
	Discounts *DiscountsService
	// Experiences is the experiences API.
	Experiences *ExperiencesService
	// BlogPosts is the blog posts API.
	BlogPosts *BlogPostsService
	// BlogCategories is the blog categories API.
	BlogCategories *BlogCategoriesService
	// LegalPages is the legal pages API: terms, privacy and refund policies.
	LegalPages *LegalPagesService
	// Reviews is the product reviews API.
	Reviews *ReviewsService
	// Files is the files API: uploads and external files.
	Files *FilesService
	// Emails is the transactional emails API.
	Emails *EmailsService
	// WebhookEndpoints is the webhook endpoints API: where Crevio sends events.
	WebhookEndpoints *WebhookEndpointsService
	// WebhookEvents is the webhook events API: the delivery history of events.
	WebhookEvents *WebhookEventsService
	// X402 is the x402 configuration API: crypto payment settings.
	X402 *X402Service
	// Account is the current account API.
	Account *AccountService
	// Me is the current user API.
	Me *MeService
	// Users is the users API: site visitors' profiles and access checks.
	Users *UsersService
	// APIKeys is the API keys API.
	APIKeys *APIKeysService
	// Forms is the forms API.
	Forms *FormsService
	// FormSubmissions is the form submissions API.
	FormSubmissions *FormSubmissionsService
	// Subscribers is the newsletter subscribers API.
	Subscribers *SubscribersService
	// EventTypes is the event types API: bookable meeting types and their slots.
	EventTypes *EventTypesService
	// Bookings is the bookings API.
	Bookings *BookingsService
	// Sites is the sites API: AI-built storefront sites.
	Sites *SitesService
	// TaskRuns is the task runs API: the runs of tasks given to Crevio's AI agent.
	TaskRuns *TaskRunsService

	common service // one allocation shared by every service

	// core holds the credentials behind a pointer: fmt and other
	// reflection-based printers show a nested pointer as an address, so
	// the key stays out of reach even of a Client held by value in an
	// unexported field of the caller's struct, where Format is not called.
	core             *clientCore
	userAgentHeader  []string
	retry            *retryablehttp.Client // shared by every call with the default retries
	baseURL          string
	userAgent        string
	httpClient       *http.Client
	logger           *slog.Logger
	maxRetries       int
	minRetryWait     time.Duration
	maxRetryWait     time.Duration
	maxRetryAfter    time.Duration
	timeout          time.Duration
	maxResponseBytes int64
}

// clientCore is the part of a Client that holds the API key.
type clientCore struct {
	authHeader []string // {"Bearer " + key}, shared by every request
}

// service is the value every resource service is a conversion of.
type service struct{ c *Client }

// String describes the client without its credentials.
func (c Client) String() string {
	return fmt.Sprintf("crevio.Client{BaseURL: %q, MaxRetries: %d}", c.baseURL, c.maxRetries)
}

// Format makes every fmt verb print [Client.String], so the API key never
// reaches a log line through %v, %+v or %#v, of a *Client or a Client.
func (c Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// BaseURL returns the base URL requests are sent to, without a trailing slash.
func (c *Client) BaseURL() string { return c.baseURL }

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
	timeout          time.Duration
	userAgentSuffix  string
	maxResponseBytes int64
	readIdleTimeout  time.Duration
	middleware       []func(http.RoundTripper) http.RoundTripper
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
// both with RetryAfter set.
func WithMaxRetryAfter(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return errors.New("crevio: WithMaxRetryAfter: negative duration")
		}
		c.maxRetryAfter = d
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

// RequestID returns the request id the API sent with resp, or "".
func RequestID(resp *http.Response) string {
	if resp == nil {
		return ""
	}
	return requestIDFrom(resp.Header)
}

func requestIDFrom(h http.Header) string {
	if id := h.Get("X-Request-Id"); id != "" {
		return id
	}
	return h.Get("Request-Id")
}

// errNilContext refuses a nil context before any I/O.
var errNilContext = fmt.Errorf("%w: nil context", ErrInvalidParam)

// validator is implemented by params that can be checked before any I/O.
type validator interface {
	validate() error
}

// call is the one request path every method uses: build the URL and body,
// send with retries, and decode the JSON answer into out (nil: discard).
func (c *Client) call(ctx context.Context, method, path string, params any, out any, opts []RequestOption) error {
	if ctx == nil {
		return errNilContext
	}
	if isNilParams(params) {
		params = nil
	}
	if v, ok := params.(validator); ok {
		if err := v.validate(); err != nil {
			return err
		}
	}
	rc := requestConfig{maxRetries: -1}
	for _, o := range opts {
		if o != nil {
			o(&rc)
		}
	}

	target := c.baseURL + path
	var body []byte
	switch method {
	case http.MethodGet, http.MethodDelete, http.MethodHead:
		q, err := encodeQuery(params, rc.startingAfter)
		if err != nil {
			return err
		}
		if len(q) > 0 {
			target += "?" + q.Encode()
		}
	default:
		if params != nil {
			b, err := marshalBody(params)
			if err != nil {
				return err
			}
			body = b
		}
	}
	if body == nil && (method == http.MethodPost || method == http.MethodPatch) {
		body = []byte("{}")
	}

	return c.send(ctx, method, path, target, body, nil, &rc, out)
}

// send runs one call, retries included, within the client's timeout, and
// decodes its answer. The body is a JSON document (body), a stream (stream)
// or nothing (both nil).
func (c *Client) send(ctx context.Context, method, path, target string, body []byte, stream *streamBody, rc *requestConfig, out any) error {
	if c.timeout > 0 {
		if dl, ok := ctx.Deadline(); !ok || time.Until(dl) > c.timeout {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, c.timeout)
			defer cancel()
		}
	}

	resp, data, err := c.do(ctx, method, path, target, body, stream, rc)
	if rc.response != nil && resp != nil {
		*rc.response = resp
	}
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return errorFromResponse(resp, data)
	}
	if out == nil {
		return nil
	}
	return decodeBody(resp, data, out)
}

// isNilParams reports whether params is nil or a typed nil pointer (a
// method's params argument is allowed to be nil).
func isNilParams(params any) bool {
	if params == nil {
		return true
	}
	v := reflect.ValueOf(params)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// marshalBody encodes params as JSON and merges their Extra fields.
func marshalBody(params any) ([]byte, error) {
	b, err := json.Marshal(params)
	if err != nil {
		return nil, fmt.Errorf("crevio: encoding params: %w", err)
	}
	extra, err := bodyExtra(params)
	if err != nil {
		return nil, err
	}
	if len(extra) == 0 {
		return b, nil
	}
	fields := map[string]json.RawMessage{}
	if err := json.Unmarshal(b, &fields); err != nil {
		return nil, fmt.Errorf("crevio: encoding params: %w", err)
	}
	for k, v := range extra {
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("crevio: encoding extra param %q: %w", k, err)
		}
		fields[k] = raw
	}
	return json.Marshal(fields)
}

// attempt holds the state of one call across its retries: the retry policy
// needs the method and idempotency key, which go-retryablehttp does not
// pass. The attempt is also the call's context (it embeds it and answers
// Value(attemptKey{}) with itself), so the client's shared callbacks find it
// from the request or its context: no closure, callback set or context
// value is allocated per call.
type attempt struct {
	context.Context
	c         *Client
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

// guardTransport is the outermost round tripper of every client. For each
// attempt (each request it sees) it counts the answer in the call's attempt
// and bounds every wait, whatever transport it wraps, by cancelling the
// attempt's context: each silence while the request body is sent and while
// the response body is read is bounded by readIdle, and the wait for the
// response headers, from the end of the request body (as net/http's
// ResponseHeaderTimeout), by headerTimeout. One timer per attempt, reset as
// data moves. It exposes RoundTrip only, so http.Client.CloseIdleConnections
// (which go-retryablehttp calls on failures) never reaches the pool.
type guardTransport struct {
	rt            http.RoundTripper
	headerTimeout time.Duration
	readIdle      time.Duration
}

// The phases of an attempt, as its watchdog sees them.
const (
	phaseSending int32 = iota // the request body is being sent
	phaseWaiting              // for the response headers
	phaseReading              // the response body (or the attempt is over)
)

// errStalled is the cause with which a watchdog cancels its attempt.
var errStalled = errors.New("crevio: attempt stalled")

// stallError is the error of an attempt whose server went silent. It is a
// net.Error whose Timeout is true.
type stallError struct{ msg string }

func (e *stallError) Error() string   { return e.msg }
func (e *stallError) Timeout() bool   { return true }
func (e *stallError) Temporary() bool { return true }

// RoundTrip sends req through the wrapped transport under the attempt's
// watchdog, and hands back a body that keeps it watching.
func (t *guardTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	w := &watchdog{t: t, cancel: cancel}
	out := req.WithContext(ctx)
	first := t.headerTimeout
	if req.Body != nil && req.Body != http.NoBody {
		w.phase.Store(phaseSending)
		out.Body = &sendBody{w: w, body: req.Body}
		if getBody := req.GetBody; getBody != nil {
			// net/http may send the body again (a stale pooled connection).
			out.GetBody = func() (io.ReadCloser, error) {
				b, err := getBody()
				if err != nil {
					return nil, err
				}
				return &sendBody{w: w, body: b}, nil
			}
		}
		first = t.readIdle
	} else {
		w.phase.Store(phaseWaiting)
	}
	w.timer = time.AfterFunc(first, w.fire)
	resp, err := t.rt.RoundTrip(out)
	w.mu.Lock()
	w.phase.Store(phaseReading)
	if err != nil {
		w.timer.Stop()
	} else {
		w.timer.Reset(t.readIdle)
	}
	w.mu.Unlock()
	if err != nil {
		cancel(nil)
		switch w.fired.Load() {
		case phaseSending + 1:
			return nil, &stallError{fmt.Sprintf("no progress sending the request for %v", t.readIdle)}
		case phaseWaiting + 1:
			return nil, &stallError{fmt.Sprintf("no response headers within %v", t.headerTimeout)}
		}
		return nil, err
	}
	if a := attemptOf(req.Context()); a != nil {
		a.answers.Add(1)
	}
	w.body = resp.Body
	if w.body == nil {
		w.body = http.NoBody
	}
	resp.Body = w
	return resp, nil
}

// watchdog is the timer of one attempt and, once the headers are in, the
// response body that resets it on every read that makes progress.
type watchdog struct {
	t      *guardTransport
	body   io.ReadCloser
	timer  *time.Timer
	cancel context.CancelCauseFunc
	mu     sync.Mutex   // orders the phase changes and their timer resets
	phase  atomic.Int32 // phaseSending, phaseWaiting or phaseReading
	fired  atomic.Int32 // 1 + the phase in which the timer fired; 0: it did not
}

func (w *watchdog) fire() {
	w.fired.CompareAndSwap(0, w.phase.Load()+1)
	w.cancel(errStalled)
}

// sent notes progress sending the request body: a silence restarts, and
// the end of the body starts the wait for the headers.
func (w *watchdog) sent(done bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.phase.Load() != phaseSending {
		return
	}
	if done {
		w.phase.Store(phaseWaiting)
		w.timer.Reset(w.t.headerTimeout)
		return
	}
	w.timer.Reset(w.t.readIdle)
}

func (w *watchdog) Read(p []byte) (int, error) {
	n, err := w.body.Read(p)
	switch {
	case err == io.EOF:
		w.timer.Stop()
	case err != nil:
		if w.fired.Load() != 0 {
			err = &stallError{fmt.Sprintf("no data from the server for %v", w.t.readIdle)}
		}
	case n > 0:
		w.timer.Reset(w.t.readIdle)
	}
	return n, err
}

// Close closes the response body, then releases the attempt's context.
func (w *watchdog) Close() error {
	w.timer.Stop()
	err := w.body.Close()
	w.cancel(nil)
	return err
}

// sendBody is the request body as the transport reads it, reporting
// progress to the attempt's watchdog.
type sendBody struct {
	w    *watchdog
	body io.ReadCloser
}

func (b *sendBody) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	if n > 0 || err == io.EOF {
		b.w.sent(err == io.EOF)
	}
	return n, err
}

// Close closes the body; a transport closes it once it has sent it.
func (b *sendBody) Close() error {
	b.w.sent(true)
	return b.body.Close()
}

// newRetryClient returns a go-retryablehttp client configured for this SDK:
// the callbacks are shared functions that find the call's state through the
// request's context, the final response passes through, and it never logs.
func (c *Client) newRetryClient(maxRetries int) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:     c.httpClient,
		RetryWaitMin:   c.minRetryWait,
		RetryWaitMax:   c.maxRetryWait,
		RetryMax:       maxRetries,
		CheckRetry:     checkRetry,
		Backoff:        backoff,
		ErrorHandler:   retryablehttp.PassthroughErrorHandler,
		RequestLogHook: logRequest,
	}
}

// Header values every request carries, allocated once: net/http and
// go-retryablehttp only read them.
var (
	acceptJSON      = []string{"application/json"}
	contentTypeJSON = []string{"application/json"}
)

func (c *Client) do(ctx context.Context, method, path, target string, body []byte, stream *streamBody, rc *requestConfig) (*http.Response, []byte, error) {
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
	req.Header["Authorization"] = c.core.authHeader
	req.Header["Accept"] = acceptJSON
	req.Header["User-Agent"] = c.userAgentHeader
	if body != nil {
		req.Header["Content-Type"] = contentTypeJSON
	}
	if rc.idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", rc.idempotencyKey)
	}
	var pipe *pipeBody
	if stream != nil {
		req.Header.Set("Content-Type", stream.contentType)
		pipe = &pipeBody{src: stream}
		// Whatever happens to the attempts, the writer goroutine has ended
		// and the source is no longer read when the call returns.
		defer pipe.stop()
		if err := pipe.attach(req.Request); err != nil {
			return nil, nil, fmt.Errorf("crevio: %s %s: %w", method, path, err)
		}
	}

	req.SetResponseHandler(a.readBody)
	rh := c.retry
	if (rc.maxRetries >= 0 && rc.maxRetries != c.maxRetries) || pipe != nil {
		maxRetries := c.maxRetries
		if rc.maxRetries >= 0 {
			maxRetries = rc.maxRetries
		}
		rh = c.newRetryClient(maxRetries)
		if pipe != nil {
			rh.PrepareRetry = pipe.attach
		}
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

// streamBody is a request body that is written while it is sent, through a
// pipe, so that a large upload is never held in memory. go-retryablehttp
// would read an io.Reader body whole before the first attempt, so a stream
// never goes through it: do sets the request's Body itself.
type streamBody struct {
	// contentType is the Content-Type header of the body.
	contentType string
	// write writes the whole body to w, once per attempt, on a goroutine of
	// its own. Errors reading the caller's source should wrap
	// errUploadSource, so that they are not retried.
	write func(w io.Writer) error
	// rewind prepares the source for another attempt. nil means the body
	// can be sent only once, and the call is never retried.
	rewind func() error
}

// errUploadSource marks an error reading the caller's upload source: it does
// not heal by sending again, so it is never retried.
var errUploadSource = errors.New("reading the upload source")

// errUploadStopped ends the writer of an attempt that is over.
var errUploadStopped = errors.New("crevio: upload attempt ended")

// pipeBody feeds a streamBody to the attempts of one call, each through a
// fresh io.Pipe written by its own goroutine. Only one writer runs at a
// time: before a retry rewinds the source, the previous writer has ended.
type pipeBody struct {
	src     *streamBody
	mu      sync.Mutex
	pr      *io.PipeReader // the current attempt's body
	done    chan struct{}  // closed when the current writer has returned
	started bool
}

// attach gives req the body of a new attempt. It is the first attempt's
// setup and, as go-retryablehttp's PrepareRetry hook, each retry's.
func (p *pipeBody) attach(req *http.Request) error {
	body, err := p.next()
	if err != nil {
		return err
	}
	req.Body = body
	req.ContentLength = -1 // unknown: sent chunked
	req.GetBody = nil      // net/http must not replay a stream on its own
	if p.src.rewind != nil {
		req.GetBody = p.next
	}
	return nil
}

// next ends the previous attempt's writer, rewinds the source when this is
// not the first attempt, and starts a writer for a new pipe.
func (p *pipeBody) next() (io.ReadCloser, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopLocked()
	if p.started {
		if p.src.rewind == nil {
			return nil, fmt.Errorf("%w: the body cannot be sent twice", errUploadSource)
		}
		if err := p.src.rewind(); err != nil {
			return nil, fmt.Errorf("%w: rewinding: %w", errUploadSource, err)
		}
	}
	p.started = true
	pr, pw := io.Pipe()
	done := make(chan struct{})
	write := p.src.write
	go func() {
		defer close(done)
		// nil closes the pipe cleanly: the reader sees io.EOF.
		pw.CloseWithError(write(pw))
	}()
	p.pr, p.done = pr, done
	return pr, nil
}

// stop ends the current writer, if any, and waits for it to return. A
// writer blocked on the pipe returns at once; one blocked reading the
// caller's source returns when that read does.
func (p *pipeBody) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopLocked()
}

func (p *pipeBody) stopLocked() {
	if p.pr == nil {
		return
	}
	p.pr.CloseWithError(errUploadStopped)
	<-p.done
	p.pr, p.done = nil, nil
}

func statusOf(resp *http.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

var (
	errBodyTooLarge = errors.New("response body exceeds the configured maximum size")
	errBodyRead     = errors.New("reading response body")
)

// readBody reads and closes the response body, within the size cap. A body
// of known length is read into one buffer of exactly that size. It is the
// request's response handler, so it runs inside the retry loop and a body
// cut short on an idempotent call is retried. (It is bound to the attempt
// rather than found through resp.Request, which a test transport may leave
// nil.)
func (a *attempt) readBody(resp *http.Response) error {
	defer resp.Body.Close()
	limit := a.c.maxResponseBytes
	var data []byte
	var err error
	switch cl := resp.ContentLength; {
	case cl > limit:
		err = fmt.Errorf("%w (%d bytes)", errBodyTooLarge, limit)
	case cl >= 0:
		data = make([]byte, cl)
		if _, rerr := io.ReadFull(resp.Body, data); rerr != nil {
			err = fmt.Errorf("%w: %w", errBodyRead, rerr)
		}
	default:
		var buf bytes.Buffer
		n, rerr := buf.ReadFrom(io.LimitReader(resp.Body, limit+1))
		switch {
		case rerr != nil:
			err = fmt.Errorf("%w: %w", errBodyRead, rerr)
		case n > limit:
			err = fmt.Errorf("%w (%d bytes)", errBodyTooLarge, limit)
		}
		data = buf.Bytes()
	}
	if err != nil {
		a.data, a.readErr = nil, err
		return err
	}
	if data == nil {
		data = []byte{}
	}
	a.data, a.readErr = data, nil
	return nil
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
		if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok && ra > wait {
			wait = ra
		}
	}
	return wait
}

// maxRetryAfter clamps absurd Retry-After values (they still exceed any
// sensible WithMaxRetryAfter cap, so they become a *RateLimitError).
const maxRetryAfter = 365 * 24 * time.Hour

// parseRetryAfter reads a Retry-After value: delay seconds or an HTTP date.
// A date in the past means no wait. A delay too large for an int64 (valid:
// RFC 9110 sets no bound) is clamped like any delay over a year, never
// dropped. ok is false when v is empty or invalid.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	switch {
	case d < 0:
		d = 0
	case d > maxRetryAfter: // also keeps the rounding below from overflowing
		return maxRetryAfter, true
	}
	// Round a fractional second up: the date has one-second precision and
	// rounding down would retry before the server asked.
	if r := d % time.Second; r != 0 {
		d += time.Second - r
	}
	return d, true
}

// logRequest is go-retryablehttp's RequestLogHook: it notes the start of
// each attempt for the debug log.
func logRequest(_ retryablehttp.Logger, req *http.Request, n int) {
	if a := attemptOf(req.Context()); a != nil {
		a.n = n + 1
		a.started = time.Now()
	}
}

// logAttempt writes one debug line per attempt. It builds no arguments when
// debug logging is off.
func (a *attempt) logAttempt(resp *http.Response, err error) {
	if a.logged == a.n || !a.c.logger.Enabled(a, slog.LevelDebug) {
		return
	}
	a.logged = a.n
	attrs := []slog.Attr{
		slog.String("method", a.method),
		slog.String("path", a.path),
		slog.Int("attempt", a.n),
		slog.Duration("duration", time.Since(a.started)),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
		if id := requestIDFrom(resp.Header); id != "" {
			attrs = append(attrs, slog.String("request_id", id))
		}
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", redactedError(err)))
	}
	a.c.logger.LogAttrs(a, slog.LevelDebug, "crevio request", attrs...)
}

// redactedError drops the URL (and so the query string) that net/http puts
// in its errors.
func redactedError(err error) string {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err.Error()
	}
	return err.Error()
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

// callPath runs a call on path and decodes its answer into a new T (an
// object, or a Page of them). Every service method that returns a value goes
// through it or through callObject.
func callPath[T any](ctx context.Context, c *Client, method, path string, params any, opts []RequestOption) (*T, error) {
	var v T
	if err := c.call(ctx, method, path, params, &v, opts); err != nil {
		return nil, err
	}
	return &v, nil
}

// callObject runs a call on collection/{id} and decodes the object it
// returns. Every "one object" method of every service goes through it.
func callObject[T any](ctx context.Context, c *Client, method, collection, id string, params any, opts []RequestOption) (*T, error) {
	path, err := objectPath(collection, id)
	if err != nil {
		return nil, err
	}
	return callPath[T](ctx, c, method, path, params, opts)
}

// deleteObject deletes collection/{id}. It accepts the API's
// {"id","object","deleted":true} answer and an empty 202 or 204 (filling in
// what it knows); {"deleted": false} or a body without "deleted" is a
// [*DecodeError].
func deleteObject(ctx context.Context, c *Client, collection, object, id string, params any, opts []RequestOption) (*Deleted, error) {
	d, err := callObject[Deleted](ctx, c, http.MethodDelete, collection, id, params, opts)
	if err != nil {
		return nil, err
	}
	// Only an empty answer leaves Deleted false here: checkBody refused
	// every body that does not say true.
	d.Deleted = true
	if d.ID == "" {
		d.ID = id
	}
	if d.Object == "" {
		d.Object = object
	}
	return d, nil
}
