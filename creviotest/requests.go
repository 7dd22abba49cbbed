package creviotest

import (
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"sync"
)

// Request is one request the fake received, as [Fake.Requests] reports it.
type Request struct {
	Method   string
	Path     string      // URL path as received, with the /v1 prefix
	RawQuery string      // encoded query, without "?"
	Header   http.Header // request headers, without Authorization
	Body     []byte
	// ContentLength is the Content-Length the request declared, or -1
	// when it had none (a chunked body).
	ContentLength int64
	Status        int    // status answered; 0 while in flight, or when no answer was sent (dropped connection, client gone)
	RequestID     string // the X-Request-Id the fake answered with
	Fault         string // the fault injected into the answer ("rate_limit", "fail", "fail_after", "drop_connection", ...), or ""
}

// Query returns the parsed query string of the request.
func (r Request) Query() url.Values {
	q, _ := url.ParseQuery(r.RawQuery)
	return q
}

// DefaultRequestHistory is how many requests a fake keeps for
// [Fake.Requests] unless [WithRequestHistory] says otherwise.
const DefaultRequestHistory = 10000

// requestHistoryBytes bounds the request bodies the history keeps in all:
// beyond it the oldest requests are forgotten, even below the count.
const requestHistoryBytes = 64 << 20

// requestLog keeps the requests of a Fake, in arrival order.
type requestLog struct {
	mu      sync.Mutex
	max     int // keep at most max entries; <= 0: DefaultRequestHistory
	entries []*Request
	bytes   int // total length of the entries' bodies
}

func (l *requestLog) add(r *http.Request, body []byte) *Request {
	h := r.Header.Clone()
	h.Del("Authorization")
	e := &Request{
		Method:        r.Method,
		Path:          r.URL.Path,
		RawQuery:      r.URL.RawQuery,
		Header:        h,
		Body:          body,
		ContentLength: r.ContentLength,
		RequestID:     "req_" + randomBase62(16),
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
	l.bytes += len(body)
	limit := l.max
	if limit <= 0 {
		limit = DefaultRequestHistory
	}
	drop := 0
	for n := len(l.entries); n-drop > limit || (l.bytes > requestHistoryBytes && n-drop > 1); drop++ {
		l.bytes -= len(l.entries[drop].Body)
	}
	if drop > 0 {
		// Reslice rather than shift: append copies only the live entries
		// when it grows, so adding stays O(1) amortised.
		clear(l.entries[:drop])
		l.entries = l.entries[drop:]
	}
	return e
}

func (l *requestLog) setStatus(e *Request, status int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e.Status = status
}

func (l *requestLog) setFault(e *Request, fault string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e.Fault = fault
}

func (l *requestLog) fault(e *Request) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return e.Fault
}

// Requests returns a copy of every request received since the fake started
// or since [Fake.ResetRequests], in arrival order: the most recent
// [DefaultRequestHistory] (see [WithRequestHistory]), and fewer when their
// bodies add up to more than 64 MiB. The Authorization header
// is never kept. A request's Status is set before its answer is sent, so
// once a client has its answer the request shows its status here.
func (f *Fake) Requests() []Request {
	f.reqs.mu.Lock()
	defer f.reqs.mu.Unlock()
	out := make([]Request, len(f.reqs.entries))
	for i, e := range f.reqs.entries {
		out[i] = *e
		out[i].Header = e.Header.Clone()
		out[i].Body = slices.Clone(e.Body)
	}
	return out
}

// ResetRequests forgets the requests received so far.
func (f *Fake) ResetRequests() {
	f.reqs.mu.Lock()
	defer f.reqs.mu.Unlock()
	f.reqs.entries, f.reqs.bytes = nil, 0
}

func randomBase62(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = idAlphabet[rand.IntN(len(idAlphabet))]
	}
	return string(b)
}
