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
	"time"

	"github.com/creviolabs/crevio-go"
)

// Webhook delivery. Every committed write of the store (API calls, actions,
// seeding, helpers) passes through webhookDispatcher.onWrite, which finds
// the event types of the write in webhookRules, records one webhook event
// per subscribed endpoint (GET /v1/webhook_events) and delivers it from a
// goroutine: POST to the endpoint's URL, signed per Standard Webhooks with
// the endpoint's secret, retried with backoff until it is answered 2xx.

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
// 100 ms doubling; nil keeps it). Tests usually want a zero backoff:
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
func WithWebhookHTTPClient(hc *http.Client) Option {
	return func(c *config) { c.webhook.client = hc }
}

// webhookDispatcher records and delivers the webhook events of a fake.
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
	inflight int
	idle     chan struct{} // closed while inflight is 0
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
	typ      string
	url      string
	secret   string
	payload  []byte
}

func newWebhookDispatcher(st *store, cfg webhookConfig, log func(string)) *webhookDispatcher {
	d := &webhookDispatcher{st: st, cfg: cfg, client: cfg.client, log: log, idle: make(chan struct{})}
	close(d.idle)
	if d.client == nil {
		// Its own transport (not http.DefaultTransport, which tests may have
		// replaced), so close can drop its idle connections.
		d.transport = &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
			MaxIdleConnsPerHost: 4,
			IdleConnTimeout:     30 * time.Second,
			TLSHandshakeTimeout: 5 * time.Second,
		}
		d.client = &http.Client{Transport: d.transport, Timeout: 5 * time.Second}
	}
	d.ctx, d.cancel = context.WithCancel(context.Background())
	st.onWrite = d.onWrite
	st.onBatchEnd = d.flush
	return d
}

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
// starts its delivery. st.mu is held for writing.
func (d *webhookDispatcher) emit(t *table, r *record, types []string) {
	st := d.st
	endpoints, events := st.tables["webhook_endpoints"], st.tables["webhook_events"]
	if endpoints == nil || events == nil || len(endpoints.order) == 0 || d.isClosed() {
		return
	}
	obj := st.render(t, r, nil)
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
			d.start(delivery{eventID: id, endpoint: stringField(ep.obj, "id"), typ: typ,
				url: stringField(ep.obj, "url"), secret: stringField(ep.obj, "secret"), payload: payload})
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

// start delivers from a new goroutine, unless the fake is closed.
func (d *webhookDispatcher) start(job delivery) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	if d.inflight == 0 {
		d.idle = make(chan struct{})
	}
	d.inflight++
	d.wg.Add(1)
	go d.run(job)
}

func (d *webhookDispatcher) done() {
	d.mu.Lock()
	d.inflight--
	if d.inflight == 0 {
		close(d.idle)
	}
	d.mu.Unlock()
	d.wg.Done()
}

// run delivers one event to one endpoint, retrying until it is answered 2xx
// or attempts run out, and records every attempt. It holds no lock while
// sending or waiting.
func (d *webhookDispatcher) run(job delivery) {
	defer d.done()
	for attempt := 1; ; attempt++ {
		status, err := d.send(job)
		if d.ctx.Err() != nil {
			return // closing: the attempt was cut short, record nothing
		}
		ok := err == nil && status >= 200 && status <= 299
		final := ok || attempt >= d.cfg.attempts
		d.record(job, attempt, status, err, ok, final)
		if final {
			return
		}
		if wait := d.cfg.backoff(attempt); wait > 0 {
			timer := time.NewTimer(wait)
			select {
			case <-timer.C:
			case <-d.ctx.Done():
				timer.Stop()
				return
			}
		}
	}
}

// send makes one delivery attempt and returns the status the endpoint
// answered (0 with an error when none).
func (d *webhookDispatcher) send(job delivery) (int, error) {
	h, err := crevio.SignWebhook(job.secret, job.eventID, time.Now(), job.payload)
	if err != nil {
		return 0, errors.New("the endpoint's signing secret is malformed")
	}
	req, err := http.NewRequestWithContext(d.ctx, http.MethodPost, job.url, bytes.NewReader(job.payload))
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
		var urlErr *url.Error
		if errors.As(err, &urlErr) { // drop the URL: its query may hold a token
			err = urlErr.Err
		}
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp.StatusCode, nil
}

// record adds an attempt to the event's delivery history.
func (d *webhookDispatcher) record(job delivery, attempt, status int, sendErr error, ok, final bool) {
	st := d.st
	st.mu.Lock()
	defer st.mu.Unlock()
	events := st.tables["webhook_events"]
	r := events.byID[job.eventID]
	if r == nil {
		return
	}
	obj := deepCopy(r.obj).(map[string]any)
	ts, _ := st.timestamp()
	attemptRec := map[string]any{"attempt": float64(attempt), "attempted_at": ts, "succeeded": ok,
		"response_status": nil, "error": nil}
	if status != 0 {
		attemptRec["response_status"] = float64(status)
		obj["response_status"] = float64(status)
	}
	if sendErr != nil {
		attemptRec["error"] = sendErr.Error()
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

	outcome := strconv.Itoa(status)
	if sendErr != nil {
		outcome = "error"
	}
	d.log(fmt.Sprintf("webhook %s %s -> %s attempt %d: %s", job.eventID, job.typ, job.endpoint, attempt, outcome))
}

// close stops delivery and waits for every delivery goroutine to end.
func (d *webhookDispatcher) close() {
	d.mu.Lock()
	d.closed = true
	d.mu.Unlock()
	d.cancel()
	d.wg.Wait()
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
// has finished (answered 2xx, or out of attempts) and its attempts are
// visible in GET /v1/webhook_events, or until ctx ends. An event is started
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
