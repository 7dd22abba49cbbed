package creviotest

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"sync"
)

// Idempotency keys, with Stripe's semantics:
//
//   - A POST or PATCH with an Idempotency-Key header is served once: every
//     later request with the key gets the first one's answer (status and
//     body; a 5xx, or a fault injected before the request reached the API,
//     stores nothing, so the next request with the key is served afresh).
//   - A request that arrives while the first one with its key is still being
//     served waits for that answer (Stripe answers 409 instead; waiting
//     gives every concurrent retry the same answer, which is what a test of
//     a retrying client wants), so concurrent requests never create twice.
//   - A key is bound to its first request: the same key with another
//     method, path, query or body is a 400 with type "idempotency_error",
//     never a replay of an answer to a different request.
//   - Keys are per fake (one account), not per path. GET and DELETE ignore
//     them, as Stripe's do.
//   - The fake remembers the most recent keys only ([WithIdempotencyKeys],
//     default [DefaultIdempotencyKeys]); an older key is served afresh.

// DefaultIdempotencyKeys is how many idempotency keys a fake remembers
// unless [WithIdempotencyKeys] says otherwise.
const DefaultIdempotencyKeys = 1000

// WithIdempotencyKeys sets how many idempotency keys the fake remembers
// (default [DefaultIdempotencyKeys]), most recent first; when a new key
// would exceed n, the oldest is forgotten. n <= 0 keeps the default: the
// cache is always bounded.
func WithIdempotencyKeys(n int) Option {
	return func(c *config) { c.idemKeys = n }
}

// typeIdempotency is the error type of a key reused for another request.
const typeIdempotency = "idempotency_error"

// idemEntry is the state of one key: in flight until done is closed, then
// holding the answer to replay.
type idemEntry struct {
	fingerprint [sha256.Size]byte
	done        chan struct{} // closed when the first request has its answer
	resp        *response     // set before done is closed; nil: nothing stored
}

// idempotencyCache holds the keys of a fake: in-flight entries, and up to
// max completed ones in arrival order (oldest evicted first).
type idempotencyCache struct {
	mu      sync.Mutex
	max     int
	entries map[string]*idemEntry
	order   []string // keys of completed entries, oldest first, from head on
	head    int
}

// idempotencyKey returns the key r is served under ("" for none): POST and
// PATCH honour the Idempotency-Key header.
func idempotencyKey(r *http.Request) string {
	if r.Method != http.MethodPost && r.Method != http.MethodPatch {
		return ""
	}
	return r.Header.Get("Idempotency-Key")
}

// fingerprint identifies the request a key was first used with: method,
// path, query and body. A JSON body is compared by its value, so a retry
// that encodes the same object with its keys in another order still
// matches; any other body (a multipart upload) by its bytes.
func fingerprint(r *http.Request, body []byte) [sha256.Size]byte {
	h := sha256.New()
	for _, s := range []string{r.Method, r.URL.EscapedPath(), r.URL.RawQuery} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	var v any
	if len(bytes.TrimSpace(body)) > 0 && json.Unmarshal(body, &v) == nil {
		if canon, err := json.Marshal(v); err == nil { // map keys sorted
			body = canon
		}
	}
	h.Write(body)
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// begin looks key up for a request with fingerprint fp. It returns the
// entry and lead true when the caller is first and must serve the request,
// then call end; an entry to replay or wait for (lead false); or the error
// to answer when the key belongs to another request.
func (c *idempotencyCache) begin(key string, fp [sha256.Size]byte) (e *idemEntry, lead bool, mismatch *apiError) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[key]; e != nil {
		if e.fingerprint != fp {
			return nil, false, &apiError{Status: http.StatusBadRequest, Type: typeIdempotency,
				Code: "idempotency_key_reused",
				Message: "Keys for idempotent requests can only be used with the same method, path and " +
					"parameters they were first used with. Use another key for a different request."}
		}
		return e, false, nil
	}
	if c.entries == nil {
		c.entries = map[string]*idemEntry{}
	}
	e = &idemEntry{fingerprint: fp, done: make(chan struct{})}
	c.entries[key] = e
	return e, true, nil
}

// end records the answer of the request that leads e. A 2xx or 4xx answer
// is kept for replay, counting against the bound; anything else (a 5xx, or
// nil when no answer was computed) stores nothing and frees the key.
// Requests waiting on e are released either way.
func (c *idempotencyCache) end(key string, e *idemEntry, resp *response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer close(e.done)
	if resp == nil || resp.status >= 500 {
		if c.entries[key] == e {
			delete(c.entries, key)
		}
		return
	}
	e.resp = resp
	c.order = append(c.order, key)
	limit := c.max
	if limit <= 0 {
		limit = DefaultIdempotencyKeys
	}
	for len(c.order)-c.head > limit {
		// A key is in order exactly while its completed entry is stored.
		delete(c.entries, c.order[c.head])
		c.order[c.head] = ""
		c.head++
	}
	if c.head > len(c.order)/2 { // keep the slice from growing without end
		c.order = append(c.order[:0], c.order[c.head:]...)
		c.head = 0
	}
}

// len returns how many keys are remembered, in flight or completed.
func (c *idempotencyCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
