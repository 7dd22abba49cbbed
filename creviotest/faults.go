package creviotest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Fault injection. Faults are queued: each request takes the first pending
// fault whose scope matches it (at most one), and the fault is applied before
// the request reaches the API, so it changes no state — except FailAfter,
// whose whole point is to change state and then lose the answer. Latency is
// separate and adds to any fault.

type faultKind int

const (
	faultStatus    faultKind = iota // an error envelope with a status
	faultAfter                      // serve normally, then answer an error
	faultDrop                       // close the connection, no answer
	faultMalformed                  // 200 with a body that is not JSON
	faultTruncated                  // 200 whose body stops short of its Content-Length
	faultHTML                       // an HTML error page
)

// fault is one queued fault.
type fault struct {
	kind      faultKind
	name      string // shown in Requests and the request log
	remaining int
	status    int
	scope     scope
	header    http.Header
}

// scope limits a fault to a method and a path.
type scope struct {
	method string   // "" matches any method
	path   []string // nil matches any path; "*" matches any one segment
}

func (s scope) key() string { return s.method + " " + strings.Join(s.path, "/") }

func (s scope) matches(method, rel string) bool {
	if s.method != "" && !strings.EqualFold(s.method, method) {
		return false
	}
	if s.path == nil {
		return true
	}
	segs := strings.Split(strings.Trim(rel, "/"), "/")
	if len(segs) != len(s.path) {
		return false
	}
	for i, p := range s.path {
		if p != "*" && p != segs[i] {
			return false
		}
	}
	return true
}

// FaultOption configures a fault injected with one of the Fake's fault
// methods.
type FaultOption func(*fault)

// Only limits a fault to requests with the given method and path. An empty
// method or "*" matches any method; path is relative to /v1 (a leading "/v1"
// is ignored) and matches segment by segment, "*" matching any one segment:
// Only("POST", "/products"), Only("GET", "/products/*"). An empty path
// matches any path.
func Only(method, path string) FaultOption {
	return func(f *fault) {
		if method == "*" {
			method = ""
		}
		f.scope.method = method
		f.scope.path = nil
		if path != "" {
			f.scope.path = strings.Split(strings.Trim(relPath(path), "/"), "/")
		}
	}
}

// RetryAfter adds a Retry-After header with the given value (seconds, or an
// HTTP date) to the fault's answers.
func RetryAfter(value string) FaultOption {
	return Header("Retry-After", value)
}

// Header adds a header to the fault's answers (for example a RateLimit-*
// header). It has no effect on DropConnection and TruncatedBody.
func Header(key, value string) FaultOption {
	return func(f *fault) {
		if f.header == nil {
			f.header = http.Header{}
		}
		f.header.Add(key, value)
	}
}

// response returns the answer of a fault that answers at all.
func (f *fault) response() *response {
	var resp *response
	switch f.kind {
	case faultMalformed:
		resp = &response{status: http.StatusOK, body: []byte(`{"id":"malformed","object":`)}
	case faultHTML:
		text := fmt.Sprintf("%d %s", f.status, http.StatusText(f.status))
		resp = &response{status: f.status, contentType: "text/html; charset=utf-8", body: []byte(
			"<html>\r\n<head><title>" + text + "</title></head>\r\n<body>\r\n<center><h1>" + text +
				"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")}
	default:
		resp = errorResponse(errForStatus(f.status))
	}
	if f.header != nil {
		resp.header = f.header.Clone()
	}
	return resp
}

type latencyRule struct {
	d     time.Duration
	scope scope
}

// faultSet is the fault queue and latency rules of a Fake.
type faultSet struct {
	mu      sync.Mutex
	queue   []*fault
	latency []latencyRule
	budget  *requestBudget // budget.go: RequestBudget; nil for none
}

func (s *faultSet) add(f *fault, opts []FaultOption) {
	if f.remaining <= 0 {
		return
	}
	if f.status < 100 || f.status > 599 {
		f.status = http.StatusInternalServerError
	}
	for _, o := range opts {
		o(f)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, f)
}

// take consumes one use of the first pending fault matching the request;
// with none, it takes the request from the budget (budget.go), which may
// refuse it. The control plane (/v1/test_helpers) is never faulted.
func (s *faultSet) take(method, rel string) *fault {
	if isControlPlane(rel) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.queue {
		if !f.scope.matches(method, rel) {
			continue
		}
		f.remaining--
		if f.remaining == 0 {
			s.queue = append(s.queue[:i:i], s.queue[i+1:]...)
		}
		return f
	}
	return s.overBudget(method, rel)
}

// delay returns the largest latency of the rules matching the request
// (none for the control plane).
func (s *faultSet) delay(method, rel string) time.Duration {
	if isControlPlane(rel) {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var d time.Duration
	for _, l := range s.latency {
		if l.scope.matches(method, rel) && l.d > d {
			d = l.d
		}
	}
	return d
}

// Fail makes the next n requests answer status with the API's error
// envelope (a type and code typical of the status: 429 rate_limited, 5xx
// api_error, ...), before they reach the API, so they change nothing. A
// status outside 100..599 means 500.
func (f *Fake) Fail(n, status int, opts ...FaultOption) {
	f.faults.add(&fault{kind: faultStatus, name: "fail", remaining: n, status: status}, opts)
}

// FailAfter makes the next n requests run normally — a create creates, a
// delete deletes — and then answer status with the error envelope instead of
// the result, as a server that fails after committing would. Use it to prove
// a client does not repeat a create it cannot know failed.
func (f *Fake) FailAfter(n, status int, opts ...FaultOption) {
	f.faults.add(&fault{kind: faultAfter, name: "fail_after", remaining: n, status: status}, opts)
}

// RateLimit makes the next n requests answer 429 with the error envelope and
// a Retry-After header holding retryAfter (seconds, such as "2", or an HTTP
// date); an empty retryAfter sends no Retry-After header.
func (f *Fake) RateLimit(n int, retryAfter string, opts ...FaultOption) {
	if retryAfter != "" {
		opts = append([]FaultOption{RetryAfter(retryAfter)}, opts...)
	}
	f.faults.add(&fault{kind: faultStatus, name: "rate_limit", remaining: n, status: http.StatusTooManyRequests}, opts)
}

// DropConnection makes the server close the connection of each of the next n
// requests without answering, after reading the request.
//
// Note that net/http's Transport itself retries a GET or HEAD (or a request
// with an Idempotency-Key header) once on a fresh connection when a reused
// keep-alive connection is closed before any answer, so a client may see
// success while the fault was used up; use a new connection (or disable keep
// alives) to see the error.
func (f *Fake) DropConnection(n int, opts ...FaultOption) {
	f.faults.add(&fault{kind: faultDrop, name: "drop_connection", remaining: n}, opts)
}

// MalformedBody makes the next n requests answer 200 with
// Content-Type application/json and a body that is not valid JSON.
func (f *Fake) MalformedBody(n int, opts ...FaultOption) {
	f.faults.add(&fault{kind: faultMalformed, name: "malformed_body", remaining: n, status: http.StatusOK}, opts)
}

// TruncatedBody makes the next n requests answer 200 with a Content-Length
// larger than the body sent, then close the connection, so reading the body
// fails with an unexpected EOF.
func (f *Fake) TruncatedBody(n int, opts ...FaultOption) {
	f.faults.add(&fault{kind: faultTruncated, name: "truncated_body", remaining: n, status: http.StatusOK}, opts)
}

// HTMLError makes the next n requests answer status (502 when 0) with an
// HTML error page and Content-Type text/html, as a proxy in front of the API
// would.
func (f *Fake) HTMLError(n, status int, opts ...FaultOption) {
	if status == 0 {
		status = http.StatusBadGateway
	}
	f.faults.add(&fault{kind: faultHTML, name: "html_error", remaining: n, status: status}, opts)
}

// Latency delays every request in scope (all requests, or those chosen with
// [Only]) by d before it is served, until changed. Setting it again for the
// same scope replaces the delay; d <= 0 removes it. When several scopes
// match, the largest delay applies. A request whose client gives up (its
// context ends) returns at once; nothing sleeps past it.
func (f *Fake) Latency(d time.Duration, opts ...FaultOption) {
	var tmp fault
	for _, o := range opts {
		o(&tmp)
	}
	f.faults.mu.Lock()
	defer f.faults.mu.Unlock()
	rules := f.faults.latency[:0:0]
	for _, l := range f.faults.latency {
		if l.scope.key() != tmp.scope.key() {
			rules = append(rules, l)
		}
	}
	if d > 0 {
		rules = append(rules, latencyRule{d: d, scope: tmp.scope})
	}
	f.faults.latency = rules
}

// snapshot returns copies of the pending faults and the latency rules.
func (s *faultSet) snapshot() ([]fault, []latencyRule) {
	s.mu.Lock()
	defer s.mu.Unlock()
	queue := make([]fault, len(s.queue))
	for i, f := range s.queue {
		queue[i] = *f
		queue[i].header = f.header.Clone()
	}
	return queue, slices.Clone(s.latency)
}

// PendingFaults returns how many injected fault uses are still to come
// (latency not counted).
func (f *Fake) PendingFaults() int {
	f.faults.mu.Lock()
	defer f.faults.mu.Unlock()
	n := 0
	for _, flt := range f.faults.queue {
		n += flt.remaining
	}
	return n
}

// ClearFaults removes every pending fault, all latency and the request
// budget.
func (f *Fake) ClearFaults() {
	f.faults.mu.Lock()
	defer f.faults.mu.Unlock()
	f.faults.queue, f.faults.latency, f.faults.budget = nil, nil, nil
}

// dropConnection closes the connection of w without answering.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// HTTP/2 or a recorder: abort the stream instead.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// truncatedBody is the start of a list answer, cut short.
const truncatedBody = `{"object":"list","data":[{"id":"prod_`

// truncateResponse answers 200 with a Content-Length larger than the body
// sent, then closes the connection.
func truncateResponse(w http.ResponseWriter, requestID string) {
	declared := len(truncatedBody) + 1024
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", fmt.Sprint(declared))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(truncatedBody))
		_ = http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	fmt.Fprintf(brw, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"+
		"X-Request-Id: %s\r\nConnection: close\r\n\r\n%s", declared, requestID, truncatedBody)
	_ = brw.Flush()
}
