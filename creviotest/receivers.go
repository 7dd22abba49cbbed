package creviotest

import (
	"fmt"
	"net/http"
	"sync"
)

// DefaultWebhookEventHistory is how many webhook events (GET
// /v1/webhook_events) a fake keeps unless [WithWebhookEventHistory] says
// otherwise.
const DefaultWebhookEventHistory = 10000

// WithWebhookEventHistory sets how many webhook events the fake keeps in
// its delivery history (default [DefaultWebhookEventHistory]). When a new
// event would exceed n, the oldest finished ones (delivered or failed) are
// forgotten; events still being delivered are kept. n <= 0 keeps the
// default: the history is always bounded, so a long-running creviomock
// does not grow without end.
func WithWebhookEventHistory(n int) Option {
	return func(c *config) { c.webhook.history = n }
}

// trimEvents forgets the oldest finished events beyond the history bound.
// st.mu is held for writing.
func (d *webhookDispatcher) trimEvents(events *table) {
	limit := d.cfg.history
	if limit <= 0 {
		limit = DefaultWebhookEventHistory
	}
	for i := 0; len(events.order) > limit && i < len(events.order); {
		r := events.order[i]
		if stringField(r.obj, "status") == "pending" {
			i++
			continue
		}
		events.remove(r)
	}
}

// receiverSet holds the in-process webhook receivers of a fake
// ([Fake.WebhookURL]), by host.
type receiverSet struct {
	mu    sync.Mutex
	n     int
	hosts map[string]*inProcessTransport
}

// add registers h and returns its URL.
func (rs *receiverSet) add(h http.Handler) string {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.n++
	host := fmt.Sprintf("receiver-%d.%s", rs.n, inProcessHost)
	if rs.hosts == nil {
		rs.hosts = map[string]*inProcessTransport{}
	}
	rs.hosts[host] = &inProcessTransport{h: h, async: true}
	return "http://" + host + "/"
}

func (rs *receiverSet) lookup(host string) *inProcessTransport {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return rs.hosts[host]
}

// close waits for the receivers' handlers still running.
func (rs *receiverSet) close() {
	rs.mu.Lock()
	ts := make([]*inProcessTransport, 0, len(rs.hosts))
	for _, t := range rs.hosts {
		ts = append(ts, t)
	}
	rs.mu.Unlock()
	for _, t := range ts {
		t.close()
	}
}

// router returns a round tripper that serves requests to a registered
// receiver in process and sends the others through next (nil:
// http.DefaultTransport, read at each request).
func (rs *receiverSet) router(next http.RoundTripper) http.RoundTripper {
	return &receiverRouter{rs: rs, next: next}
}

type receiverRouter struct {
	rs   *receiverSet
	next http.RoundTripper
}

func (r *receiverRouter) RoundTrip(req *http.Request) (*http.Response, error) {
	if t := r.rs.lookup(req.URL.Host); t != nil {
		return t.RoundTrip(req)
	}
	next := r.next
	if next == nil {
		next = http.DefaultTransport
	}
	return next.RoundTrip(req)
}

// WebhookURL returns the URL of a webhook receiver served in process by h.
// Give it to a webhook endpoint (POST /v1/webhook_endpoints) and the fake
// delivers that endpoint's events by calling h directly, with no listener:
// the same signed requests, retries, ordering and timeouts as over the
// network, and an attempt whose handler outlives the delivery timeout
// fails with "timeout: …". It is what webhook tests in a testing/synctest
// bubble need, where a listener cannot run (deliveries and their backoff
// then run on the bubble's clock), and it works outside one too. The URL
// names a host that never resolves (receiver-N.creviotest.invalid), so only
// this fake reaches h. Close waits for h's calls still running.
func (f *Fake) WebhookURL(h http.Handler) string { return f.hooks.receivers.add(h) }
