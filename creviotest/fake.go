package creviotest

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultToken is the API token a fake accepts unless [WithToken] says
// otherwise.
const DefaultToken = "sk_test_creviotest"

// APIPrefix is the path prefix of every API route; base URLs end with it.
const APIPrefix = "/v1"

// maxBodyBytes caps the request bodies the fake reads.
const maxBodyBytes = 8 << 20

// Option configures a [Fake] or a [Server].
type Option func(*config)

type config struct {
	token    string
	now      func() time.Time
	log      io.Writer
	history  int
	idemKeys int           // idempotency.go
	imports  int           // files.go: WithFileImportReads
	webhook  webhookConfig // webhooks.go
	server   serverConfig  // server.go
}

// WithToken sets the API token the fake accepts (default [DefaultToken]).
func WithToken(token string) Option {
	return func(c *config) { c.token = token }
}

// WithClock sets the clock the fake reads for created_at and updated_at
// (default time.Now). Timestamps are truncated to the second, as the API
// sends them. Webhook signatures are timestamped with the real time
// whatever the clock, since receivers check them against theirs.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithRequestLog makes the fake write one line per request to w: method,
// path and query, status and duration, plus the fault injected, if any. It
// never writes headers or bodies. Writes are serialised.
func WithRequestLog(w io.Writer) Option {
	return func(c *config) { c.log = w }
}

// WithRequestHistory makes the fake keep only the n most recent requests
// for [Fake.Requests] (default [DefaultRequestHistory]; the bodies kept are
// bounded to 64 MiB in all whatever n). n <= 0 keeps the default: the
// history is always bounded.
func WithRequestHistory(n int) Option {
	return func(c *config) { c.history = n }
}

// Fake is a stateful, in-memory fake of the Crevio API: an [http.Handler]
// serving the API's routes under [APIPrefix], with fault injection and
// inspection for tests. It is safe for concurrent use.
//
// Most tests use it through [Server], which serves it on a loopback port;
// use Fake directly to serve it on a listener of your own (as
// cmd/creviomock does).
type Fake struct {
	token  string
	st     *store
	routes []*table // longest path first
	faults faultSet
	reqs   requestLog

	logMu sync.Mutex
	log   io.Writer

	idem idempotencyCache

	closing   chan struct{}
	closeOnce sync.Once

	hooks *webhookDispatcher // webhooks.go
}

// New returns a fake with empty state.
func New(opts ...Option) *Fake {
	cfg := config{token: DefaultToken, now: time.Now, webhook: defaultWebhookConfig()}
	for _, o := range opts {
		o(&cfg)
	}
	f := &Fake{
		token:   cfg.token,
		st:      newStore(defaultResources(), cfg.now),
		log:     cfg.log,
		reqs:    requestLog{max: cfg.history},
		idem:    idempotencyCache{max: cfg.idemKeys},
		closing: make(chan struct{}),
	}
	for _, d := range f.st.defs {
		f.routes = append(f.routes, f.st.tables[d.name])
	}
	f.st.createSingletons() // state.go; Reset makes them again
	slices.SortStableFunc(f.routes, func(a, b *table) int {
		return strings.Count(b.def.path, "/") - strings.Count(a.def.path, "/")
	})
	f.hooks = newWebhookDispatcher(f.st, cfg.webhook, f.logLine)
	configureFiles(f.st, cfg.imports)
	return f
}

// Token returns the API token the fake accepts.
func (f *Fake) Token() string { return f.token }

// Handler returns the fake as an http.Handler. The API lives under
// [APIPrefix], so a client's base URL is the server's URL plus "/v1".
func (f *Fake) Handler() http.Handler { return f }

// Close makes every request that waits on injected latency, or on the
// first request with its idempotency key, now or later, answer 503 at once,
// so the server in front of the fake can shut down promptly. Other
// requests are served as before. It also stops webhook delivery: attempts
// in flight are cancelled, pending retries and queued deliveries abandoned
// (their events stay "pending"), later writes send nothing, and Close
// returns once every delivery goroutine has ended. Close is idempotent.
func (f *Fake) Close() {
	f.closeOnce.Do(func() { close(f.closing) })
	f.hooks.close()
}

// response is an answer the fake has computed but not yet written.
type response struct {
	status      int
	contentType string // default application/json
	header      http.Header
	body        []byte
}

func jsonResponse(status int, v any) *response {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Stored objects are decoded JSON, so this cannot happen; answer
		// like a server with a bug would.
		return errorResponse(&apiError{Status: http.StatusInternalServerError, Type: typeAPI,
			Code: "internal_server_error", Message: "encoding the response: " + err.Error()})
	}
	return &response{status: status, body: buf.Bytes()}
}

func errorResponse(e *apiError) *response {
	return jsonResponse(e.Status, map[string]any{"error": e})
}

// ServeHTTP serves one API request: it records it, applies injected latency
// and faults, checks the token, then routes it to the resource.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	entry := f.reqs.add(r, body)
	rel := relPath(r.URL.Path)

	if d := f.faults.delay(r.Method, rel); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			f.finish(entry, 0, "client gone", start)
			return
		case <-f.closing:
			t.Stop()
			f.write(w, entry, errorResponse(&apiError{Status: http.StatusServiceUnavailable, Type: typeAPI,
				Code: "service_unavailable", Message: "The server is shutting down."}), start)
			return
		}
	}

	flt := f.faults.take(r.Method, rel)
	if flt != nil {
		f.reqs.setFault(entry, flt.name)
	}
	// A POST or PATCH with an Idempotency-Key is served once per key
	// (idempotency.go): a retried create never creates twice. A fault that
	// keeps the request from the API bypasses the keys.
	var idem *idemEntry
	key := idempotencyKey(r)
	if key != "" && (flt == nil || flt.kind == faultAfter) && f.authorized(r) {
		fp := fingerprint(r, body)
		for idem == nil {
			e, lead, mismatch := f.idem.begin(key, fp)
			switch {
			case mismatch != nil:
				f.write(w, entry, errorResponse(mismatch), start)
				return
			case lead:
				idem = e
				continue
			}
			select {
			case <-e.done:
			case <-r.Context().Done():
				f.finish(entry, 0, "client gone", start)
				return
			case <-f.closing:
				f.write(w, entry, errorResponse(&apiError{Status: http.StatusServiceUnavailable, Type: typeAPI,
					Code: "service_unavailable", Message: "The server is shutting down."}), start)
				return
			}
			if e.resp != nil {
				f.reqs.setFault(entry, "idempotent_replay")
				f.write(w, entry, e.resp, start)
				return
			}
			// The first request stored nothing (a 5xx): serve this one.
		}
	}
	// endIdem records the answer for the key this request leads, once;
	// the deferred call frees the key of a request that never got one.
	endIdem := func(resp *response) {
		if idem != nil {
			f.idem.end(key, idem, resp)
			idem = nil
		}
	}
	defer endIdem(nil)
	var resp *response
	switch {
	case flt == nil:
		resp = f.handle(r, body, readErr)
		endIdem(resp)
	case flt.kind == faultAfter:
		endIdem(f.handle(r, body, readErr)) // commit, then lose the answer
		resp = flt.response()
	case flt.kind == faultDrop:
		f.finish(entry, 0, "", start)
		dropConnection(w)
		return
	case flt.kind == faultTruncated:
		f.finish(entry, http.StatusOK, "", start)
		truncateResponse(w, entry.RequestID)
		return
	default:
		resp = flt.response()
	}
	f.write(w, entry, resp, start)
}

// write records and logs the answer, then sends it. Recording first means a
// test that inspects Requests after its client returned sees the status.
func (f *Fake) write(w http.ResponseWriter, entry *Request, resp *response, start time.Time) {
	h := w.Header()
	for k, vs := range resp.header {
		h[k] = vs
	}
	ct := resp.contentType
	if ct == "" {
		ct = "application/json"
	}
	h.Set("Content-Type", ct)
	h.Set("X-Request-Id", entry.RequestID)
	h.Set("Content-Length", strconv.Itoa(len(resp.body)))
	f.finish(entry, resp.status, "", start)
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

// finish records the status of entry and writes its log line.
func (f *Fake) finish(entry *Request, status int, note string, start time.Time) {
	f.reqs.setStatus(entry, status)
	if f.log == nil {
		return
	}
	target := entry.Path
	if entry.RawQuery != "" {
		target += "?" + entry.RawQuery
	}
	st := "-"
	if status != 0 {
		st = strconv.Itoa(status)
	}
	line := fmt.Sprintf("%s %s %s %s", entry.Method, target, st, time.Since(start).Round(time.Microsecond))
	if fault := f.reqs.fault(entry); fault != "" {
		line += " fault=" + fault
	}
	if note != "" {
		line += " (" + note + ")"
	}
	f.logLine(line)
}

// logLine writes one line to the request log, if there is one.
func (f *Fake) logLine(line string) {
	if f.log == nil {
		return
	}
	f.logMu.Lock()
	defer f.logMu.Unlock()
	_, _ = io.WriteString(f.log, line+"\n")
}

// authorized reports whether r carries "Authorization: Bearer <token>".
func (f *Fake) authorized(r *http.Request) bool {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(f.token)) == 1
}

// handle answers an authenticated API request, or a PUT to an upload URL
// (files.go), which takes no token.
func (f *Fake) handle(r *http.Request, body []byte, readErr error) *response {
	if id, ok := uploadPathID(r.URL.Path); ok {
		return f.upload(r, id, body, readErr)
	}
	if r.Header.Get("Authorization") == "" {
		return errorResponse(errUnauthorized("You did not provide an API key. Send it as 'Authorization: Bearer <token>'."))
	}
	if !f.authorized(r) {
		return errorResponse(errUnauthorized("Invalid API key provided."))
	}
	if readErr != nil {
		var tooBig *http.MaxBytesError
		if errors.As(readErr, &tooBig) {
			return errorResponse(&apiError{Status: http.StatusRequestEntityTooLarge, Type: typeInvalidRequest,
				Code: "request_too_large", Message: "The request body is too large."})
		}
		return errorResponse(errBadRequest("invalid_body", "", "Reading the request body failed."))
	}
	segs, ok := splitPath(r.URL)
	if !ok {
		return errorResponse(errRouteNotFound(r.Method, r.URL.Path))
	}
	if segs[0] == testHelpersSegment { // the control plane: test_helpers.go
		return f.testHelper(r, segs[1:], body)
	}
	t, rest := f.route(segs)
	if t == nil {
		return errorResponse(errRouteNotFound(r.Method, r.URL.Path))
	}
	q := r.URL.Query()
	if t.def.singleton {
		return f.singleton(t, r, q, rest, body)
	}
	switch len(rest) {
	case 0:
		switch r.Method {
		case http.MethodGet:
			if t.def.disabled&opList == 0 {
				return f.list(t, q)
			}
		case http.MethodPost:
			if t.def.disabled&opCreate == 0 {
				return f.create(t, q, r, body)
			}
		}
		return f.notAllowed(t, r, opList, opCreate)
	case 1:
		id := rest[0]
		switch r.Method {
		case http.MethodGet:
			if t.def.disabled&opGet == 0 {
				return f.get(t, q, id)
			}
		case http.MethodPatch:
			if t.def.disabled&opUpdate == 0 {
				return f.update(t, q, id, body)
			}
		case http.MethodDelete:
			if t.def.disabled&opDelete == 0 {
				return f.delete(t, id)
			}
		}
		return f.notAllowed(t, r, opGet, opUpdate, opDelete)
	case 2:
		if view := t.def.views[rest[1]]; view != nil && r.Method == http.MethodGet {
			return f.view(t, q, rest[0], view)
		}
		action := t.def.actions[rest[1]]
		if action == nil {
			break
		}
		if r.Method != http.MethodPost {
			resp := errorResponse(errMethodNotAllowed(r.Method, r.URL.Path))
			resp.header = http.Header{"Allow": {http.MethodPost}}
			return resp
		}
		return f.action(t, q, rest[0], action, body)
	}
	return errorResponse(errRouteNotFound(r.Method, r.URL.Path))
}

// singleton serves a resource that is one object at its path.
func (f *Fake) singleton(t *table, r *http.Request, q url.Values, rest []string, body []byte) *response {
	if len(rest) > 0 {
		return errorResponse(errRouteNotFound(r.Method, r.URL.Path))
	}
	f.st.mu.RLock()
	id := ""
	if n := len(t.order); n > 0 {
		id = t.order[n-1].obj["id"].(string)
	}
	f.st.mu.RUnlock()
	switch r.Method {
	case http.MethodGet:
		if t.def.disabled&opGet == 0 {
			return f.get(t, q, id)
		}
	case http.MethodPatch:
		if t.def.disabled&opUpdate == 0 {
			return f.update(t, q, id, body)
		}
	}
	return f.notAllowed(t, r, opGet, opUpdate)
}

// view answers GET {path}/{id}/{name}.
func (f *Fake) view(t *table, q url.Values, id string, view viewFunc) *response {
	f.st.mu.RLock()
	defer f.st.mu.RUnlock()
	r := t.lookup(id)
	if r == nil {
		return errorResponse(errNoSuch(t.def.object, id))
	}
	v, e := view(f.st, r.obj, q)
	if e != nil {
		return errorResponse(e)
	}
	return jsonResponse(http.StatusOK, v)
}

// notAllowed answers 405 with the methods the route does allow.
func (f *Fake) notAllowed(t *table, r *http.Request, ops ...op) *response {
	methods := map[op]string{opList: http.MethodGet, opCreate: http.MethodPost, opGet: http.MethodGet,
		opUpdate: http.MethodPatch, opDelete: http.MethodDelete}
	var allow []string
	for _, o := range ops {
		if t.def.disabled&o == 0 {
			allow = append(allow, methods[o])
		}
	}
	resp := errorResponse(errMethodNotAllowed(r.Method, r.URL.Path))
	resp.header = http.Header{"Allow": {strings.Join(allow, ", ")}}
	return resp
}

// route finds the resource whose path is a prefix of segs and returns the
// segments after it.
func (f *Fake) route(segs []string) (*table, []string) {
	for _, t := range f.routes {
		p := strings.Split(strings.Trim(t.def.path, "/"), "/")
		if len(segs) >= len(p) && slices.Equal(segs[:len(p)], p) {
			return t, segs[len(p):]
		}
	}
	return nil, nil
}

func (f *Fake) list(t *table, q url.Values) *response {
	expand := parseExpand(q)
	unlock := f.lockForRead(t)
	page, hasMore, e := f.st.list(t, q)
	data := make([]any, 0, len(page))
	for _, r := range page {
		if t.def.beforeRead != nil {
			t.def.beforeRead(f.st, t, r)
		}
		data = append(data, f.st.render(t, r, expand))
	}
	unlock()
	if e != nil {
		return errorResponse(e)
	}
	return jsonResponse(http.StatusOK, map[string]any{
		"object":   "list",
		"data":     data,
		"has_more": hasMore,
		"url":      APIPrefix + t.def.path,
	})
}

func (f *Fake) get(t *table, q url.Values, id string) *response {
	defer f.lockForRead(t)()
	r := t.lookup(id)
	if r == nil {
		return errorResponse(errNoSuch(t.def.object, id))
	}
	if t.def.beforeRead != nil {
		t.def.beforeRead(f.st, t, r)
	}
	return jsonResponse(http.StatusOK, f.st.render(t, r, parseExpand(q)))
}

// lockForRead locks the store for a GET or list of t, and returns the
// unlock: a read lock, or the write lock when t's beforeRead may write.
func (f *Fake) lockForRead(t *table) func() {
	if t.def.beforeRead != nil {
		f.st.mu.Lock()
		return f.st.mu.Unlock
	}
	f.st.mu.RLock()
	return f.st.mu.RUnlock
}

func (f *Fake) create(t *table, q url.Values, req *http.Request, body []byte) *response {
	obj, e := decodeObject(body, t.def.object)
	if e != nil {
		return errorResponse(e)
	}
	filterInput(t, obj)
	if t.def.fromRequest != nil {
		t.def.fromRequest(req, obj)
	}
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	r, e := f.st.create(t, obj)
	if e != nil {
		return errorResponse(e)
	}
	out := f.st.render(t, r, parseExpand(q))
	for _, s := range t.def.secrets { // shown once: in the answer to the create
		out[s] = r.obj[s]
	}
	return jsonResponse(http.StatusOK, out)
}

func (f *Fake) update(t *table, q url.Values, id string, body []byte) *response {
	patch, e := decodeObject(body, t.def.object)
	if e != nil {
		return errorResponse(e)
	}
	filterInput(t, patch)
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	r := t.lookup(id)
	if r == nil {
		return errorResponse(errNoSuch(t.def.object, id))
	}
	if e := f.st.update(t, r, patch); e != nil {
		return errorResponse(e)
	}
	return jsonResponse(http.StatusOK, f.st.render(t, r, parseExpand(q)))
}

func (f *Fake) delete(t *table, id string) *response {
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	r := t.lookup(id)
	if r == nil {
		return errorResponse(errNoSuch(t.def.object, id))
	}
	f.st.delete(t, r)
	return jsonResponse(http.StatusOK, map[string]any{"id": r.obj["id"], "object": t.def.object, "deleted": true})
}

func (f *Fake) action(t *table, q url.Values, id string, action actionFunc, body []byte) *response {
	params, e := decodeObject(body, t.def.object)
	if e != nil {
		return errorResponse(e)
	}
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	r := t.lookup(id)
	if r == nil {
		return errorResponse(errNoSuch(t.def.object, id))
	}
	obj := deepCopy(r.obj).(map[string]any)
	if e := action(f.st, obj, params); e != nil {
		return errorResponse(e)
	}
	f.st.save(t, r, obj)
	return jsonResponse(http.StatusOK, f.st.render(t, r, parseExpand(q)))
}

// splitPath returns the path segments after /v1, each unescaped, so an id or
// slug holding an escaped "/" stays one segment. A trailing slash is ignored.
func splitPath(u *url.URL) ([]string, bool) {
	p := u.EscapedPath()
	if p != APIPrefix && !strings.HasPrefix(p, APIPrefix+"/") {
		return nil, false
	}
	p = strings.TrimSuffix(strings.TrimPrefix(p, APIPrefix), "/")
	if p == "" {
		return nil, false
	}
	raw := strings.Split(p[1:], "/")
	segs := make([]string, len(raw))
	for i, s := range raw {
		u, err := url.PathUnescape(s)
		if err != nil {
			return nil, false
		}
		segs[i] = u
	}
	return segs, true
}

// relPath returns p without the /v1 prefix, for fault scopes.
func relPath(p string) string {
	if p == APIPrefix {
		return "/"
	}
	if strings.HasPrefix(p, APIPrefix+"/") {
		return p[len(APIPrefix):]
	}
	return p
}
