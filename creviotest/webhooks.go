package creviotest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/creviolabs/crevio-go"
)

// Webhook delivery. Every committed write of the store (API calls, actions,
// seeding, helpers) passes through webhookDispatcher.onWrite, which finds
// the event types of the write in webhookRules, records one webhook event
// per subscribed endpoint (GET /v1/webhook_events) and queues its delivery:
// POST to the endpoint's URL, signed per Standard Webhooks with the
// endpoint's secret, retried with backoff until it is answered 2xx. As the
// Standard Webhooks sender rules ask, a 3xx is a failure (never followed),
// a 410 Gone deactivates the endpoint and ends the delivery, every retry
// uses the endpoint as it is now (URL, secret, and whether it still exists
// and is active), the events of one object reach an endpoint in the order
// they happened, and at most webhookConcurrency attempts are in flight per
// endpoint.

// webhookOn says which writes a rule looks at.
type webhookOn uint8

const (
	onCreate webhookOn = 1 << iota
	onUpdate
)

// webhookRule maps a write of a resource to an event type. Without a field,
// the rule fires on every write of the kinds in on. With one, it fires when
// the field's new value satisfies is and its old value did not (a create
// counts as a change from nothing).
type webhookRule struct {
	resource string
	on       webhookOn
	field    string
	is       func(v any) bool
	event    string
}

// equals matches a string field holding one of want.
func equals(want ...string) func(any) bool {
	return func(v any) bool { s, ok := v.(string); return ok && slices.Contains(want, s) }
}

func notNull(v any) bool { return v != nil }

// webhookRules is the one table of which writes send which events, in the
// order they are sent.
var webhookRules = []webhookRule{
	{resource: "products", on: onCreate, event: "product.created"},
	{resource: "products", on: onUpdate, event: "product.updated"},
	{resource: "checkouts", on: onCreate, event: "checkout.created"},
	{resource: "orders", on: onCreate, event: "order.created"},
	// "succeeded" is the documented status of a paid order; "paid" is what
	// completed checkouts create. Moving from one to the other is no event.
	{resource: "orders", on: onCreate | onUpdate, field: "status", is: equals("paid", "succeeded"), event: "order.paid"},
	{resource: "invoices", on: onCreate, event: "invoice.created"},
	{resource: "invoices", on: onCreate | onUpdate, field: "status", is: equals("paid"), event: "invoice.paid"},
	{resource: "invoices", on: onCreate | onUpdate, field: "status", is: equals("void"), event: "invoice.voided"},
	{resource: "invoices", on: onCreate | onUpdate, field: "status", is: equals("past_due"), event: "invoice.past_due"},
	{resource: "customers", on: onCreate, field: "customer_type", is: equals("lead"), event: "lead.created"},
	{resource: "customers", on: onCreate | onUpdate, field: "confirmed_at", is: notNull, event: "customer.confirmed"},
	// POST /v1/form_submissions, and the newsletter submission of POST
	// /v1/subscribers; a new respondent's lead.created comes first.
	{resource: "form_submissions", on: onCreate, event: "form_submission.created"},
}

// webhookEventTypes returns every event type the fake sends, in table order.
func webhookEventTypes() []string {
	var types []string
	for _, r := range webhookRules {
		if !slices.Contains(types, r.event) {
			types = append(types, r.event)
		}
	}
	return types
}

// webhookEventsFor returns the event types of a write of resource: old is
// nil on create, cur is nil on delete (no event types for deletes yet).
func webhookEventsFor(resource string, old, cur map[string]any) []string {
	if cur == nil {
		return nil
	}
	kind := onUpdate
	if old == nil {
		kind = onCreate
	}
	var types []string
	for _, r := range webhookRules {
		if r.resource != resource || r.on&kind == 0 {
			continue
		}
		if r.field != "" && (!r.is(cur[r.field]) || (old != nil && r.is(old[r.field]))) {
			continue
		}
		types = append(types, r.event)
	}
	return types
}

// webhookConfig is the delivery policy, set by the options below.
type webhookConfig struct {
	attempts int
	backoff  func(attempt int) time.Duration
	client   *http.Client
	history  int // events kept in /v1/webhook_events (receivers.go); 0: DefaultWebhookEventHistory
}

func defaultWebhookConfig() webhookConfig {
	return webhookConfig{attempts: 5, backoff: defaultWebhookBackoff}
}

// defaultWebhookBackoff waits 100 ms after the first failed attempt and
// doubles each time (100 ms, 200 ms, 400 ms, 800 ms).
func defaultWebhookBackoff(attempt int) time.Duration {
	return 100 * time.Millisecond << min(max(attempt-1, 0), 20)
}

// WithWebhookRetry sets how webhook deliveries are retried: attempts is the
// most deliveries tried per event and endpoint (default 5; below 1 counts
// as 1), and backoff(n) is the wait after the n-th failed attempt (default
// 100 ms doubling; nil keeps it). A non-2xx answer (3xx included) or no
// answer is a failed attempt; a 410 Gone is the last one and deactivates
// the endpoint; deleting or deactivating the endpoint stops the retries.
// Tests usually want a zero backoff:
//
//	creviotest.WithWebhookRetry(3, func(int) time.Duration { return 0 })
func WithWebhookRetry(attempts int, backoff func(attempt int) time.Duration) Option {
	return func(c *config) {
		c.webhook.attempts = max(attempts, 1)
		if backoff != nil {
			c.webhook.backoff = backoff
		}
	}
}

// WithWebhookHTTPClient sets the HTTP client webhooks are delivered with,
// for example an httptest.NewTLSServer's Client() to deliver over TLS. The
// default client gives each attempt 5 seconds (the time Crevio allows).
// Whatever the client's CheckRedirect, the fake never follows a redirect:
// a 3xx answer is a failed attempt, as Standard Webhooks asks.
func WithWebhookHTTPClient(hc *http.Client) Option {
	return func(c *config) { c.webhook.client = hc }
}

// webhookConcurrency is the most delivery attempts in flight to one
// endpoint at a time. Deliveries beyond it queue, in the order their events
// happened; a delivery waiting for its retry backoff holds no slot.
const webhookConcurrency = 4

// webhookDispatcher records and delivers the webhook events of a fake.
//
// Each endpoint has a queue. The events of one object (a product, an
// order) go to an endpoint one at a time, in the order they happened: the
// next waits until the one before has been delivered, has failed for good
// or has been abandoned. Events of different objects go concurrently, up
// to webhookConcurrency per endpoint. Every attempt reads the endpoint
// afresh: its current URL and secret, and whether it still exists and is
// active (if not, the delivery is abandoned and its event marked failed).
type webhookDispatcher struct {
	st        *store
	cfg       webhookConfig
	client    *http.Client
	transport *http.Transport // the default client's, closed by close; nil with WithWebhookHTTPClient
	log       func(string)

	ctx    context.Context // cancelled by close
	cancel context.CancelFunc
	wg     sync.WaitGroup

	// pending holds the writes of a batch (a seed), rendered when it ends.
	// Guarded by st.mu like the store.
	pending []pendingWrite

	mu       sync.Mutex
	closed   bool
	queues   map[string]*endpointQueue // by endpoint id; dropped when empty
	inflight int                       // deliveries queued or running
	idle     chan struct{}             // closed while inflight is 0

	receivers receiverSet // receivers.go: in-process webhook receivers
}

type pendingWrite struct {
	t     *table
	r     *record
	types []string
}

// delivery is one event on its way to one endpoint.
type delivery struct {
	eventID  string
	endpoint string
	object   string // "products/prod_…": the object the event is about
	typ      string
	payload  []byte
}

// endpointQueue is the delivery state of one endpoint, guarded by the
// dispatcher's mu. An object key is in ready exactly when the object has
// queued deliveries and none in progress.
type endpointQueue struct {
	running int                    // attempts holding a slot (at most webhookConcurrency)
	queued  map[string][]*delivery // by object, in the order the events happened
	ready   []string               // objects whose next delivery may start, FIFO
	busy    map[string]bool        // objects with a delivery in progress (sending or backing off)
	waiters []chan struct{}        // retries whose backoff is over, waiting for a slot
}

func newWebhookDispatcher(st *store, cfg webhookConfig, log func(string)) *webhookDispatcher {
	d := &webhookDispatcher{st: st, cfg: cfg, log: log, idle: make(chan struct{}), queues: map[string]*endpointQueue{}}
	close(d.idle)
	if cfg.client != nil {
		c := *cfg.client // a copy: the caller's client is left as it is
		c.CheckRedirect = noRedirects
		d.client = &c
	} else {
		// Its own transport (not http.DefaultTransport, which tests may have
		// replaced), so close can drop its idle connections.
		d.transport = &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
			MaxIdleConnsPerHost: webhookConcurrency,
			IdleConnTimeout:     30 * time.Second,
			TLSHandshakeTimeout: 5 * time.Second,
		}
		d.client = &http.Client{Transport: d.transport, Timeout: 5 * time.Second, CheckRedirect: noRedirects}
	}
	d.client.Transport = d.receivers.router(d.client.Transport) // Fake.WebhookURL
	d.ctx, d.cancel = context.WithCancel(context.Background())
	st.onWrite = d.onWrite
	st.onBatchEnd = d.flush
	return d
}

// noRedirects makes a client return a 3xx answer instead of following it.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// onWrite runs after every committed write, with st.mu held for writing.
func (d *webhookDispatcher) onWrite(t *table, r *record, old, cur map[string]any) {
	types := webhookEventsFor(t.def.name, old, cur)
	if len(types) == 0 {
		return
	}
	if d.st.batch > 0 {
		d.pending = append(d.pending, pendingWrite{t, r, types})
		return
	}
	d.emit(t, r, types)
}

// flush emits the events of a batch that has ended.
func (d *webhookDispatcher) flush() {
	pending := d.pending
	d.pending = nil
	for _, p := range pending {
		if p.t.byID[stringField(p.r.obj, "id")] == p.r { // still stored
			d.emit(p.t, p.r, p.types)
		}
	}
}

// eventEnvelope is the body of a delivery, fields in the documented order.
type eventEnvelope struct {
	ID         string         `json:"id"`
	Object     string         `json:"object"`
	Type       string         `json:"type"`
	APIVersion string         `json:"api_version"`
	CreatedAt  string         `json:"created_at"`
	Data       map[string]any `json:"data"`
}

// emit records an event of each type for each endpoint subscribed to it and
// queues its delivery. st.mu is held for writing, so deliveries are queued
// in the order the writes happened.
func (d *webhookDispatcher) emit(t *table, r *record, types []string) {
	st := d.st
	endpoints, events := st.tables["webhook_endpoints"], st.tables["webhook_events"]
	if endpoints == nil || events == nil || len(endpoints.order) == 0 || d.isClosed() {
		return
	}
	obj := st.render(t, r, nil)
	object := t.def.name + "/" + stringField(r.obj, "id")
	for _, typ := range types {
		for _, ep := range endpoints.order {
			if !endpointWants(ep.obj, typ) {
				continue
			}
			ts, created := st.timestamp()
			id := st.newID(events)
			data := map[string]any{"object": deepCopy(obj)}
			payload, err := marshalEnvelope(eventEnvelope{ID: id, Object: events.def.object, Type: typ,
				APIVersion: "v1", CreatedAt: ts, Data: data})
			if err != nil {
				continue // stored objects are decoded JSON: cannot happen
			}
			st.insert(events, map[string]any{
				"id": id, "object": events.def.object, "type": typ, "api_version": "v1",
				"created_at": ts, "updated_at": ts, "data": data,
				"webhook_endpoint": ep.obj["id"], "status": "pending", "attempts": float64(0),
				"last_attempt_at": nil, "response_status": nil, "deliveries": []any{},
			}, created)
			d.trimEvents(events) // receivers.go: the history is bounded
			d.enqueue(&delivery{eventID: id, endpoint: stringField(ep.obj, "id"), object: object, typ: typ,
				payload: payload})
		}
	}
}

func marshalEnvelope(e eventEnvelope) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// endpointWants reports whether an endpoint is active and subscribed to typ.
func endpointWants(ep map[string]any, typ string) bool {
	if active, _ := ep["active"].(bool); !active {
		return false
	}
	events, _ := ep["events"].([]any)
	return slices.ContainsFunc(events, func(v any) bool { return v == "*" || v == typ })
}

func (d *webhookDispatcher) isClosed() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.closed
}

// enqueue adds a delivery to its endpoint's queue and starts what may
// start, unless the fake is closed.
func (d *webhookDispatcher) enqueue(job *delivery) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	if d.inflight == 0 {
		d.idle = make(chan struct{})
	}
	d.inflight++
	q := d.queues[job.endpoint]
	if q == nil {
		q = &endpointQueue{queued: map[string][]*delivery{}, busy: map[string]bool{}}
		d.queues[job.endpoint] = q
	}
	if !q.busy[job.object] && len(q.queued[job.object]) == 0 {
		q.ready = append(q.ready, job.object)
	}
	q.queued[job.object] = append(q.queued[job.object], job)
	d.schedule(job.endpoint, q)
}

// schedule hands free slots of an endpoint to retries waiting for one,
// then to the next deliveries of ready objects. d.mu is held.
func (d *webhookDispatcher) schedule(endpoint string, q *endpointQueue) {
	for q.running < webhookConcurrency && !d.closed {
		if len(q.waiters) > 0 {
			q.running++
			close(q.waiters[0])
			q.waiters = q.waiters[1:]
			continue
		}
		if len(q.ready) == 0 {
			break
		}
		object := q.ready[0]
		q.ready = q.ready[1:]
		job := q.queued[object][0]
		if rest := q.queued[object][1:]; len(rest) > 0 {
			q.queued[object] = rest
		} else {
			delete(q.queued, object)
		}
		q.busy[object] = true
		q.running++
		d.wg.Add(1)
		go d.run(q, job)
	}
	if q.running == 0 && len(q.busy) == 0 && len(q.queued) == 0 && len(q.waiters) == 0 {
		delete(d.queues, endpoint) // the map holds only endpoints with work
	}
}

// release gives up the slot a delivery holds; with final, the delivery is
// over and the next one of its object may start.
func (d *webhookDispatcher) release(q *endpointQueue, job *delivery, final bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	q.running--
	if final {
		delete(q.busy, job.object)
		if len(q.queued[job.object]) > 0 {
			q.ready = append(q.ready, job.object)
		}
		d.inflight--
		if d.inflight == 0 {
			close(d.idle)
		}
	}
	d.schedule(job.endpoint, q)
}

// acquire waits for a slot of the endpoint for a retry. It returns false
// when the fake is closing.
func (d *webhookDispatcher) acquire(q *endpointQueue) bool {
	d.mu.Lock()
	if q.running < webhookConcurrency && len(q.waiters) == 0 {
		q.running++
		d.mu.Unlock()
		return true
	}
	ch := make(chan struct{})
	q.waiters = append(q.waiters, ch)
	d.mu.Unlock()
	select {
	case <-ch:
		return true
	case <-d.ctx.Done():
		select {
		case <-ch: // granted as the fake closed: the slot is ours
			return true
		default:
			return false
		}
	}
}

// run delivers one event to one endpoint, retrying until it is answered
// 2xx, attempts run out, the endpoint answers 410 Gone (which disables it),
// or the endpoint is deleted or deactivated; it records every attempt. It
// holds no lock while sending or waiting, and no slot while backing off.
func (d *webhookDispatcher) run(q *endpointQueue, job *delivery) {
	defer d.wg.Done()
	holding := true // the slot schedule gave this delivery
	defer func() {
		if !holding { // closing during a backoff: account for the delivery
			d.mu.Lock()
			q.running++
			d.mu.Unlock()
		}
		d.release(q, job, true)
	}()
	for attempt := 1; ; attempt++ {
		url, secret, missing := d.target(job.endpoint)
		if missing != "" {
			d.abandon(job, attempt, missing)
			return
		}
		status, err := d.send(job, url, secret)
		if d.ctx.Err() != nil {
			return // closing: the attempt was cut short, record nothing
		}
		ok := err == nil && status >= 200 && status <= 299
		gone := err == nil && status == http.StatusGone
		final := ok || gone || attempt >= d.cfg.attempts
		d.record(job, attempt, status, err, ok, final, gone)
		if final {
			return
		}
		d.release(q, job, false)
		holding = false
		if wait := d.cfg.backoff(attempt); wait > 0 {
			timer := time.NewTimer(wait)
			select {
			case <-timer.C:
			case <-d.ctx.Done():
				timer.Stop()
				return
			}
		}
		if !d.acquire(q) {
			return
		}
		holding = true
	}
}

// target returns the current URL and secret of an endpoint, or why there is
// nothing to deliver to ("endpoint deleted", "endpoint disabled").
func (d *webhookDispatcher) target(endpoint string) (url, secret, missing string) {
	d.st.mu.RLock()
	defer d.st.mu.RUnlock()
	ep := d.st.tables["webhook_endpoints"].byID[endpoint]
	switch {
	case ep == nil:
		return "", "", "endpoint deleted"
	case ep.obj["active"] != true:
		return "", "", "endpoint disabled"
	}
	return stringField(ep.obj, "url"), stringField(ep.obj, "secret"), ""
}

// send makes one delivery attempt and returns the status the endpoint
// answered (0 with an error when none). A redirect is not followed: its
// 3xx is the status.
func (d *webhookDispatcher) send(job *delivery, url, secret string) (int, error) {
	h, err := crevio.SignWebhook(secret, job.eventID, time.Now(), job.payload)
	if err != nil {
		return 0, errors.New("the endpoint's signing secret is malformed")
	}
	req, err := http.NewRequestWithContext(d.ctx, http.MethodPost, url, bytes.NewReader(job.payload))
	if err != nil {
		return 0, errors.New("the endpoint's URL is invalid")
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "creviotest-webhooks")
	resp, err := d.client.Do(req)
	if err != nil {
		return 0, deliveryError(err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp.StatusCode, nil
}

// deliveryError names why an attempt got no answer: "timeout: …",
// "connection refused: …", or the error itself. The URL is left out: its
// query may hold a token.
func deliveryError(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	var netErr net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("connection refused: %w", err)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Errorf("timeout: %w", err)
	}
	return err
}

// attemptOutcome is the reason an attempt failed (or its status), for the
// delivery history and the request log.
func attemptOutcome(status int, err error, ok, gone bool) (errText any, logText string) {
	switch {
	case err != nil:
		return err.Error(), err.Error()
	case ok:
		return nil, strconv.Itoa(status)
	case gone:
		return "HTTP 410 Gone: endpoint disabled", "410 (endpoint disabled)"
	case status >= 300 && status <= 399:
		return fmt.Sprintf("HTTP %d %s: redirects are not followed", status, http.StatusText(status)),
			strconv.Itoa(status) + " (redirect not followed)"
	}
	return fmt.Sprintf("HTTP %d %s", status, http.StatusText(status)), strconv.Itoa(status)
}

// record adds an attempt to the event's delivery history; gone (a 410)
// also deactivates the endpoint.
func (d *webhookDispatcher) record(job *delivery, attempt, status int, sendErr error, ok, final, gone bool) {
	st := d.st
	st.mu.Lock()
	defer st.mu.Unlock()
	errText, logText := attemptOutcome(status, sendErr, ok, gone)
	if gone {
		endpoints := st.tables["webhook_endpoints"]
		if ep := endpoints.byID[job.endpoint]; ep != nil && ep.obj["active"] == true {
			obj := deepCopy(ep.obj).(map[string]any)
			obj["active"] = false
			st.save(endpoints, ep, obj)
		}
	}
	d.log(fmt.Sprintf("webhook %s %s -> %s attempt %d: %s", job.eventID, job.typ, job.endpoint, attempt, logText))
	events := st.tables["webhook_events"]
	r := events.byID[job.eventID]
	if r == nil {
		return
	}
	obj := deepCopy(r.obj).(map[string]any)
	ts, _ := st.timestamp()
	attemptRec := map[string]any{"attempt": float64(attempt), "attempted_at": ts, "succeeded": ok,
		"response_status": nil, "error": errText}
	if status != 0 {
		attemptRec["response_status"] = float64(status)
		obj["response_status"] = float64(status)
	}
	history, _ := obj["deliveries"].([]any)
	obj["deliveries"] = append(history, attemptRec)
	obj["attempts"] = float64(attempt)
	obj["last_attempt_at"] = ts
	switch {
	case ok:
		obj["status"] = "delivered"
	case final:
		obj["status"] = "failed"
	}
	st.save(events, r, obj)
}

// abandon ends a delivery whose endpoint is gone or inactive before its
// attempt-th attempt: the event is marked failed, with no new attempt.
func (d *webhookDispatcher) abandon(job *delivery, attempt int, why string) {
	st := d.st
	st.mu.Lock()
	defer st.mu.Unlock()
	d.log(fmt.Sprintf("webhook %s %s -> %s attempt %d: abandoned (%s)", job.eventID, job.typ, job.endpoint, attempt, why))
	events := st.tables["webhook_events"]
	r := events.byID[job.eventID]
	if r == nil {
		return
	}
	obj := deepCopy(r.obj).(map[string]any)
	obj["status"] = "failed"
	st.save(events, r, obj)
}

// close stops delivery and waits for every delivery goroutine to end.
// Deliveries still queued are dropped (their events stay pending).
func (d *webhookDispatcher) close() {
	d.mu.Lock()
	d.closed = true
	d.dropQueuedLocked() // state.go
	d.mu.Unlock()
	d.cancel()
	d.wg.Wait()
	d.receivers.close()
	if d.transport != nil {
		d.transport.CloseIdleConnections()
	}
}

// wait blocks until no delivery is in flight or ctx ends.
func (d *webhookDispatcher) wait(ctx context.Context) error {
	for {
		d.mu.Lock()
		n, idle := d.inflight, d.idle
		d.mu.Unlock()
		if n == 0 {
			return nil
		}
		select {
		case <-idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// WaitDeliveries blocks until every webhook delivery the fake has started
// has finished (answered 2xx, out of attempts, answered 410, or abandoned
// because its endpoint was deleted or deactivated) and its attempts are
// visible in GET /v1/webhook_events, or until ctx ends. Deliveries queued
// behind others (see the ordering and concurrency rules in the package
// documentation) count as started. An event is started
// by the write that causes it, before that write's API call answers, so
//
//	c.Products.Create(ctx, ...)   // product.created is on its way
//	srv.WaitDeliveries(ctx)       // ... and has been delivered (or failed)
//
// needs no sleeping. It returns ctx's error if ctx ends first.
func (f *Fake) WaitDeliveries(ctx context.Context) error { return f.hooks.wait(ctx) }

// WebhookSecret returns the signing secret of a webhook endpoint, which the
// API shows only when the endpoint is created: for endpoints made with
// [Fake.Seed] (seed a "secret" to choose it).
func (f *Fake) WebhookSecret(endpointID string) (string, bool) {
	f.st.mu.RLock()
	defer f.st.mu.RUnlock()
	r := f.st.tables["webhook_endpoints"].byID[endpointID]
	if r == nil {
		return "", false
	}
	s, ok := r.obj["secret"].(string)
	return s, ok
}

// newWebhookSecret returns a fresh signing secret: whsec_ and 24 random
// bytes in base64, like the API's.
func newWebhookSecret() string {
	key := make([]byte, 24)
	_, _ = rand.Read(key) // never fails (crypto/rand)
	return "whsec_" + base64.StdEncoding.EncodeToString(key)
}
