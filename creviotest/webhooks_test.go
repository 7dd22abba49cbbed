package creviotest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// webhookDelivery is one request a webhookReceiver got.
type webhookDelivery struct {
	Path   string
	Header http.Header
	Body   []byte
}

// webhookReceiver is a test endpoint: it records every delivery and
// answers with the scripted statuses (the last one repeats; default 204).
type webhookReceiver struct {
	srv      *httptest.Server
	mu       sync.Mutex
	got      []webhookDelivery
	statuses []int
}

func newWebhookReceiver(t testing.TB, statuses ...int) *webhookReceiver {
	rc := &webhookReceiver{statuses: statuses}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		status := http.StatusNoContent
		if n := len(rc.statuses); n > 0 {
			status = rc.statuses[min(len(rc.got), n-1)]
		}
		rc.got = append(rc.got, webhookDelivery{r.URL.Path, r.Header.Clone(), body})
		rc.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *webhookReceiver) deliveries() []webhookDelivery {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.got)
}

func webhookNoBackoff(int) time.Duration { return 0 }

// newWebhookAPI is a fake that retries deliveries at once, up to 3 times.
func newWebhookAPI(t testing.TB, opts ...Option) *api {
	return newAPI(t, append([]Option{WithWebhookRetry(3, webhookNoBackoff)}, opts...)...)
}

// endpoint registers url for events and returns the created endpoint.
func (a *api) webhookEndpoint(url string, events ...string) map[string]any {
	a.t.Helper()
	return a.create("/webhook_endpoints", map[string]any{"url": url, "events": events})
}

func (a *api) waitDeliveries() {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(a.t, a.srv.WaitDeliveries(ctx))
}

// webhookEventsLog returns the types of every recorded webhook event,
// oldest first.
func (a *api) webhookEventsLog(query string) []string {
	a.t.Helper()
	res := a.do(http.MethodGet, "/webhook_events?limit=100"+query, nil)
	require.Equal(a.t, http.StatusOK, res.Status, "%s", res.Raw)
	var types []string
	for _, e := range res.data() {
		types = append(types, e.(map[string]any)["type"].(string))
	}
	slices.Reverse(types)
	return types
}

func webhookVerify(t testing.TB, secret string, d webhookDelivery) *crevio.Event {
	t.Helper()
	v, err := crevio.NewWebhookVerifier(secret)
	require.NoError(t, err)
	e, err := v.VerifyEvent(d.Body, d.Header)
	require.NoError(t, err)
	return e
}

func TestWebhookEventsFor(t *testing.T) {
	tests := []struct {
		resource string
		old, cur map[string]any
		want     []string
	}{
		{"products", nil, map[string]any{"name": "A"}, []string{"product.created"}},
		{"products", map[string]any{"name": "A"}, map[string]any{"name": "B"}, []string{"product.updated"}},
		{"products", map[string]any{"name": "A"}, nil, nil},
		{"checkouts", nil, map[string]any{"status": "open"}, []string{"checkout.created"}},
		{"checkouts", map[string]any{"status": "open"}, map[string]any{"status": "complete"}, nil},
		{"orders", nil, map[string]any{"status": "pending"}, []string{"order.created"}},
		{"orders", nil, map[string]any{"status": "paid"}, []string{"order.created", "order.paid"}},
		{"orders", nil, map[string]any{"status": "succeeded"}, []string{"order.created", "order.paid"}},
		{"orders", map[string]any{"status": "pending"}, map[string]any{"status": "paid"}, []string{"order.paid"}},
		{"orders", map[string]any{"status": "paid"}, map[string]any{"status": "paid", "amount": 1.0}, nil},
		{"orders", map[string]any{"status": "paid"}, map[string]any{"status": "succeeded"}, nil},
		{"orders", map[string]any{"status": "paid"}, map[string]any{"status": "refunded"}, nil},
		{"invoices", nil, map[string]any{"status": "open"}, []string{"invoice.created"}},
		{"invoices", map[string]any{"status": "open"}, map[string]any{"status": "paid"}, []string{"invoice.paid"}},
		{"invoices", map[string]any{"status": "open"}, map[string]any{"status": "void"}, []string{"invoice.voided"}},
		{"invoices", map[string]any{"status": "open"}, map[string]any{"status": "past_due"}, []string{"invoice.past_due"}},
		{"invoices", map[string]any{"status": "past_due"}, map[string]any{"status": "paid"}, []string{"invoice.paid"}},
		{"invoices", map[string]any{"status": "void"}, map[string]any{"status": "void"}, nil},
		{"customers", nil, map[string]any{"customer_type": "lead", "confirmed_at": nil}, []string{"lead.created"}},
		{"customers", nil, map[string]any{"customer_type": "free", "confirmed_at": "2026-01-01T00:00:00Z"}, []string{"customer.confirmed"}},
		{"customers", map[string]any{"confirmed_at": nil}, map[string]any{"confirmed_at": "2026-01-01T00:00:00Z"}, []string{"customer.confirmed"}},
		{"customers", map[string]any{}, map[string]any{"confirmed_at": "2026-01-01T00:00:00Z"}, []string{"customer.confirmed"}},
		{"customers", map[string]any{"confirmed_at": "2026-01-01T00:00:00Z"}, map[string]any{"confirmed_at": "2026-02-01T00:00:00Z"}, nil},
		{"customers", map[string]any{"customer_type": "free"}, map[string]any{"customer_type": "lead"}, nil},
		{"reviews", nil, map[string]any{"rating": 5.0}, nil},
		{"webhook_events", nil, map[string]any{"type": "product.created"}, nil},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, webhookEventsFor(tt.resource, tt.old, tt.cur), "%s %v -> %v", tt.resource, tt.old, tt.cur)
	}

	// Every type the fake sends is one the SDK knows, and the other way round.
	var sdk []string
	for _, typ := range []crevio.WebhookEventType{crevio.WebhookEventTypeCheckoutCreated, crevio.WebhookEventTypeCustomerConfirmed,
		crevio.WebhookEventTypeInvoiceCreated, crevio.WebhookEventTypeInvoicePaid, crevio.WebhookEventTypeInvoicePastDue, crevio.WebhookEventTypeInvoiceVoided,
		crevio.WebhookEventTypeLeadCreated, crevio.WebhookEventTypeOrderCreated, crevio.WebhookEventTypeOrderPaid, crevio.WebhookEventTypeProductCreated,
		crevio.WebhookEventTypeProductUpdated, crevio.WebhookEventTypeFormSubmissionCreated} {
		sdk = append(sdk, string(typ))
	}
	assert.ElementsMatch(t, sdk, webhookEventTypes())
}

func TestWebhookDeliveryEnvelope(t *testing.T) {
	a := newWebhookAPI(t, WithClock(newClock().Now))
	rc := newWebhookReceiver(t)
	ep := a.webhookEndpoint(rc.srv.URL+"/hooks?token=abc", "product.created")
	p := a.create("/products", map[string]any{"name": "Course", "status": "active"})
	a.waitDeliveries()

	got := rc.deliveries()
	require.Len(t, got, 1)
	d := got[0]
	assert.Equal(t, "/hooks", d.Path)
	assert.Equal(t, "application/json", d.Header.Get("Content-Type"))
	// The fake's clock is in 2025, yet the signature's timestamp is now, so
	// a verifier on the real clock accepts it.
	e := webhookVerify(t, ep["secret"].(string), d)
	assert.Equal(t, d.Header.Get("webhook-id"), e.ID)
	assert.Regexp(t, `^whev_`, e.ID)

	var body map[string]any
	require.NoError(t, json.Unmarshal(d.Body, &body))
	assert.Equal(t, []string{"api_version", "created_at", "data", "id", "object", "type"}, slices.Sorted(func(yield func(string) bool) {
		for k := range body {
			if !yield(k) {
				return
			}
		}
	}))
	assert.Equal(t, "event", body["object"])
	assert.Equal(t, "product.created", body["type"])
	assert.Equal(t, "v1", body["api_version"])
	assert.Equal(t, "2025-01-02T03:04:05Z", body["created_at"])
	current := a.do(http.MethodGet, "/products/"+p["id"].(string), nil)
	object, err := json.Marshal(body["data"].(map[string]any)["object"])
	require.NoError(t, err)
	assert.JSONEq(t, string(current.Raw), string(object), "data.object is the product as GET renders it")

	// The delivery is recorded, with the same envelope.
	rec := a.do(http.MethodGet, "/webhook_events/"+e.ID, nil)
	require.Equal(t, http.StatusOK, rec.Status)
	assert.Equal(t, "event", rec.Body["object"])
	assert.Equal(t, ep["id"], rec.Body["webhook_endpoint"])
	assert.Equal(t, "delivered", rec.Body["status"])
	assert.EqualValues(t, 1, rec.Body["attempts"])
	assert.EqualValues(t, 204, rec.Body["response_status"])
	assert.Equal(t, "2025-01-02T03:04:05Z", rec.Body["last_attempt_at"])
	assert.Equal(t, body["data"], rec.Body["data"])
	assert.Equal(t, []any{map[string]any{"attempt": 1.0, "attempted_at": "2025-01-02T03:04:05Z", "response_status": 204.0,
		"succeeded": true, "error": nil}}, rec.Body["deliveries"])

	expanded := a.do(http.MethodGet, "/webhook_events/"+e.ID+"?expand=webhook_endpoint", nil)
	epObj := expanded.Body["webhook_endpoint"].(map[string]any)
	assert.Equal(t, ep["id"], epObj["id"])
	assert.NotContains(t, epObj, "secret", "an expanded endpoint has no secret")
}

func TestWebhookRulesEndToEnd(t *testing.T) {
	a := newWebhookAPI(t)
	f := a.srv.Fake
	rc := newWebhookReceiver(t)
	ep := a.webhookEndpoint(rc.srv.URL, "*")

	seed := func(resource string, obj map[string]any) string {
		t.Helper()
		out, err := f.Seed(resource, obj)
		require.NoError(t, err)
		return out[0]["id"].(string)
	}
	// write changes a stored object as a resource's action or a helper would
	// (store.save), without the resource's validation.
	write := func(resource, id string, patch map[string]any) {
		t.Helper()
		f.st.mu.Lock()
		defer f.st.mu.Unlock()
		tbl := f.st.tables[resource]
		r := tbl.byID[id]
		require.NotNil(t, r)
		obj := deepCopy(r.obj).(map[string]any)
		for k, v := range patch {
			obj[k] = v
		}
		f.st.save(tbl, r, obj)
	}
	steps := []struct {
		name string
		do   func()
		want []string
	}{
		{"product created", func() { seed("products", map[string]any{"name": "Course", "id": "prod_rule"}) }, []string{"product.created"}},
		{"product updated over the API", func() {
			require.Equal(t, http.StatusOK, a.do(http.MethodPatch, "/products/prod_rule", map[string]any{"name": "Course 2"}).Status)
		}, []string{"product.updated"}},
		{"product deleted", func() {
			require.Equal(t, http.StatusOK, a.do(http.MethodDelete, "/products/prod_rule", nil).Status)
		}, nil},
		{"checkout created", func() { seed("checkouts", map[string]any{"id": "co_rule", "status": "open"}) }, []string{"checkout.created"}},
		{"checkout completed", func() { write("checkouts", "co_rule", map[string]any{"status": "complete"}) }, nil},
		{"pending order", func() { seed("orders", map[string]any{"id": "ord_rule", "status": "pending"}) }, []string{"order.created"}},
		{"order paid", func() { write("orders", "ord_rule", map[string]any{"status": "paid"}) }, []string{"order.paid"}},
		{"order succeeded", func() { write("orders", "ord_rule", map[string]any{"status": "succeeded"}) }, nil},
		{"order refunded", func() { write("orders", "ord_rule", map[string]any{"status": "refunded"}) }, nil},
		{"paid order created", func() { seed("orders", map[string]any{"id": "ord_paid", "status": "paid"}) }, []string{"order.created", "order.paid"}},
		{"invoice created", func() { seed("invoices", map[string]any{"id": "inv_rule", "status": "open"}) }, []string{"invoice.created"}},
		{"invoice past due", func() { write("invoices", "inv_rule", map[string]any{"status": "past_due"}) }, []string{"invoice.past_due"}},
		{"invoice paid", func() { write("invoices", "inv_rule", map[string]any{"status": "paid"}) }, []string{"invoice.paid"}},
		{"invoice voided", func() {
			id := seed("invoices", map[string]any{"status": "open"})
			write("invoices", id, map[string]any{"status": "void"})
		}, []string{"invoice.created", "invoice.voided"}},
		{"lead created", func() {
			seed("customers", map[string]any{"id": "cus_rule", "email": "lead@example.com", "customer_type": "lead", "confirmed_at": nil})
		}, []string{"lead.created"}},
		{"customer confirmed", func() { write("customers", "cus_rule", map[string]any{"confirmed_at": "2026-01-01T00:00:00Z"}) }, []string{"customer.confirmed"}},
		{"customer confirmed again", func() { write("customers", "cus_rule", map[string]any{"confirmed_at": "2026-02-01T00:00:00Z"}) }, nil},
	}
	seen := 0
	for _, s := range steps {
		s.do()
		a.waitDeliveries()
		all := a.webhookEventsLog("")
		var got []string // nil when the step sent nothing
		got = append(got, all[seen:]...)
		assert.Equal(t, s.want, got, s.name)
		seen = len(all)
	}
	assert.Len(t, rc.deliveries(), seen, "one delivery per event")
	for _, d := range rc.deliveries() {
		webhookVerify(t, ep["secret"].(string), d)
	}
}

func TestWebhookSeedIsOneWrite(t *testing.T) {
	a := newWebhookAPI(t)
	rc := newWebhookReceiver(t)
	ep := a.webhookEndpoint(rc.srv.URL, "product.created")
	_, err := a.srv.Seed("products", map[string]any{"name": "Bundle", "price_variants": []any{
		map[string]any{"name": "Standard", "amount": 4900}, map[string]any{"name": "Pro", "amount": 9900},
	}})
	require.NoError(t, err)
	a.waitDeliveries()
	got := rc.deliveries()
	require.Len(t, got, 1)
	e := webhookVerify(t, ep["secret"].(string), got[0])
	p, err := crevio.DecodeEventObject[crevio.Product](e)
	require.NoError(t, err)
	assert.Len(t, p.PriceVariants, 2, "the event shows the product with its nested price variants")
}

func TestWebhookRetries(t *testing.T) {
	var mu sync.Mutex
	var waits []int
	backoff := func(n int) time.Duration {
		mu.Lock()
		defer mu.Unlock()
		waits = append(waits, n)
		return 0
	}

	t.Run("until answered 2xx", func(t *testing.T) {
		waits = nil
		a := newAPI(t, WithWebhookRetry(5, backoff))
		rc := newWebhookReceiver(t, 500, 502, 200)
		ep := a.webhookEndpoint(rc.srv.URL, "*")
		a.create("/products", map[string]any{"name": "Course"})
		a.waitDeliveries()

		got := rc.deliveries()
		require.Len(t, got, 3)
		id := got[0].Header.Get("webhook-id")
		for _, d := range got {
			assert.Equal(t, id, d.Header.Get("webhook-id"), "the same id on every attempt")
			assert.Equal(t, got[0].Body, d.Body, "the same body on every attempt")
			webhookVerify(t, ep["secret"].(string), d)
		}
		assert.Equal(t, []int{1, 2}, waits)
		rec := a.do(http.MethodGet, "/webhook_events/"+id, nil).Body
		assert.Equal(t, "delivered", rec["status"])
		assert.EqualValues(t, 3, rec["attempts"])
		assert.EqualValues(t, 200, rec["response_status"])
		var statuses []any
		var succeeded []any
		for _, d := range rec["deliveries"].([]any) {
			statuses = append(statuses, d.(map[string]any)["response_status"])
			succeeded = append(succeeded, d.(map[string]any)["succeeded"])
		}
		assert.Equal(t, []any{500.0, 502.0, 200.0}, statuses)
		assert.Equal(t, []any{false, false, true}, succeeded)
	})

	t.Run("until attempts run out", func(t *testing.T) {
		waits = nil
		a := newAPI(t, WithWebhookRetry(3, backoff))
		rc := newWebhookReceiver(t, 503)
		a.webhookEndpoint(rc.srv.URL, "*")
		a.create("/products", map[string]any{"name": "Course"})
		a.waitDeliveries()
		assert.Len(t, rc.deliveries(), 3)
		assert.Equal(t, []int{1, 2}, waits)
		rec := a.do(http.MethodGet, "/webhook_events", nil).data()[0].(map[string]any)
		assert.Equal(t, "failed", rec["status"])
		assert.EqualValues(t, 3, rec["attempts"])
		assert.Len(t, rec["deliveries"], 3)
	})

	t.Run("connection errors", func(t *testing.T) {
		gone := httptest.NewServer(http.NotFoundHandler())
		url := gone.URL + "/hook?token=s3cret-token"
		gone.Close()
		a := newAPI(t, WithWebhookRetry(2, webhookNoBackoff))
		a.webhookEndpoint(url, "*")
		a.create("/products", map[string]any{"name": "Course"})
		a.waitDeliveries()
		rec := a.do(http.MethodGet, "/webhook_events", nil).data()[0].(map[string]any)
		assert.Equal(t, "failed", rec["status"])
		assert.Nil(t, rec["response_status"])
		attempts := rec["deliveries"].([]any)
		require.Len(t, attempts, 2)
		for _, at := range attempts {
			at := at.(map[string]any)
			assert.Nil(t, at["response_status"])
			assert.Equal(t, false, at["succeeded"])
			msg, _ := at["error"].(string)
			assert.NotEmpty(t, msg)
			assert.NotContains(t, msg, "s3cret-token", "the URL's query stays out of the history")
		}
	})

	t.Run("default policy", func(t *testing.T) {
		cfg := defaultWebhookConfig()
		assert.Equal(t, 5, cfg.attempts)
		var got []time.Duration
		for n := 1; n <= 4; n++ {
			got = append(got, cfg.backoff(n))
		}
		assert.Equal(t, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond}, got)
		var c config
		c.webhook = cfg
		WithWebhookRetry(0, nil)(&c)
		assert.Equal(t, 1, c.webhook.attempts, "at least one attempt")
		assert.Equal(t, 100*time.Millisecond, c.webhook.backoff(1), "nil keeps the backoff")
	})
}

func TestWebhookSubscriptions(t *testing.T) {
	a := newWebhookAPI(t)
	rc := newWebhookReceiver(t)
	only := a.webhookEndpoint(rc.srv.URL+"/only", "product.created")
	every := a.webhookEndpoint(rc.srv.URL+"/every", "*")
	a.webhookEndpoint(rc.srv.URL+"/orders", "order.paid")
	off := a.create("/webhook_endpoints", map[string]any{"url": rc.srv.URL + "/off", "events": []string{"*"}, "active": false})
	assert.Equal(t, false, off["active"])

	a.create("/products", map[string]any{"name": "Course", "slug": "course"})
	a.waitDeliveries()
	var paths []string
	for _, d := range rc.deliveries() {
		paths = append(paths, d.Path)
	}
	assert.ElementsMatch(t, []string{"/only", "/every"}, paths)

	assert.Len(t, a.do(http.MethodGet, "/webhook_events?webhook_endpoint="+only["id"].(string), nil).data(), 1)
	assert.Len(t, a.do(http.MethodGet, "/webhook_events?type=product.created", nil).data(), 2)
	assert.Len(t, a.do(http.MethodGet, "/webhook_events?type=order.paid", nil).data(), 0)
	assert.Len(t, a.do(http.MethodGet, "/webhook_events?status=delivered", nil).data(), 2)
	assert.Len(t, a.do(http.MethodGet, "/webhook_events?status=pending", nil).data(), 0)

	// Turning an endpoint off, or deleting it, stops its deliveries.
	require.Equal(t, http.StatusOK, a.do(http.MethodPatch, "/webhook_endpoints/"+every["id"].(string), map[string]any{"active": false}).Status)
	require.Equal(t, http.StatusOK, a.do(http.MethodDelete, "/webhook_endpoints/"+only["id"].(string), nil).Status)
	a.create("/products", map[string]any{"name": "Course 2"})
	require.Equal(t, http.StatusOK, a.do(http.MethodPatch, "/products/course", map[string]any{"name": "Renamed"}).Status)
	a.waitDeliveries()
	assert.Len(t, rc.deliveries(), 2, "no new deliveries")
	assert.Len(t, a.do(http.MethodGet, "/webhook_events?webhook_endpoint="+only["id"].(string), nil).data(), 1,
		"the history outlives the endpoint")
}

func TestWebhookEndpointSecret(t *testing.T) {
	a := newWebhookAPI(t)
	rc := newWebhookReceiver(t)
	ep := a.webhookEndpoint(rc.srv.URL, "*")
	id := ep["id"].(string)
	secret, _ := ep["secret"].(string)
	require.True(t, strings.HasPrefix(secret, "whsec_"), "the create answer has the secret: %v", ep)
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	require.NoError(t, err)
	assert.Len(t, key, 24)
	second := a.webhookEndpoint(rc.srv.URL+"/second", "*")
	assert.NotEqual(t, secret, second["secret"], "every endpoint has its own secret")

	for name, res := range map[string]result{
		"get":    a.do(http.MethodGet, "/webhook_endpoints/"+id, nil),
		"update": a.do(http.MethodPatch, "/webhook_endpoints/"+id, map[string]any{"secret": "whsec_AAAA", "description": "x"}),
	} {
		require.Equal(t, http.StatusOK, res.Status, name)
		assert.NotContains(t, res.Body, "secret", name)
		assert.NotContains(t, string(res.Raw), strings.TrimPrefix(secret, "whsec_"), name)
	}
	list := a.do(http.MethodGet, "/webhook_endpoints", nil)
	assert.NotContains(t, string(list.Raw), "secret")
	stored, _ := a.srv.Get("webhook_endpoints", id)
	assert.NotContains(t, stored, "secret")
	got, ok := a.srv.WebhookSecret(id)
	assert.True(t, ok)
	assert.Equal(t, secret, got, "an update cannot change the secret")
	_, ok = a.srv.WebhookSecret("wh_nope")
	assert.False(t, ok)

	// Deliveries are signed with it.
	a.create("/products", map[string]any{"name": "Course"})
	a.waitDeliveries()
	d := rc.deliveries()
	require.Len(t, d, 2)
	for _, dd := range d {
		if dd.Path == "/second" {
			webhookVerify(t, second["secret"].(string), dd)
		} else {
			webhookVerify(t, secret, dd)
		}
	}

	t.Run("seeded with a chosen secret", func(t *testing.T) {
		a := newWebhookAPI(t)
		rc := newWebhookReceiver(t)
		chosen := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
		out, err := a.srv.Seed("webhook_endpoints", map[string]any{"url": rc.srv.URL, "events": []any{"*"}, "secret": chosen})
		require.NoError(t, err)
		assert.NotContains(t, out[0], "secret")
		assert.Equal(t, true, out[0]["active"])
		got, _ := a.srv.WebhookSecret(out[0]["id"].(string))
		assert.Equal(t, chosen, got)
		a.create("/products", map[string]any{"name": "Course"})
		a.waitDeliveries()
		require.Len(t, rc.deliveries(), 1)
		webhookVerify(t, chosen, rc.deliveries()[0])
	})

	t.Run("never logged", func(t *testing.T) {
		var log bytes.Buffer
		a := newWebhookAPI(t, WithRequestLog(&log))
		rc := newWebhookReceiver(t)
		ep := a.webhookEndpoint(rc.srv.URL, "*")
		a.create("/products", map[string]any{"name": "Course"})
		a.waitDeliveries()
		d := rc.deliveries()
		require.Len(t, d, 1)
		line := "webhook " + d[0].Header.Get("webhook-id") + " product.created -> " + ep["id"].(string) + " attempt 1: 204\n"
		assert.Contains(t, log.String(), line)
		secret := ep["secret"].(string)
		assert.NotContains(t, log.String(), strings.TrimPrefix(secret, "whsec_"))
		assert.NotContains(t, log.String(), strings.TrimPrefix(d[0].Header.Get("webhook-signature"), "v1,"))
	})
}

func TestWebhookEndpointValidation(t *testing.T) {
	a := newWebhookAPI(t)
	ok := map[string]any{"url": "https://example.com/hooks", "events": []any{"order.paid"}}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for key, val := range ok {
			m[key] = val
		}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"no url", with("url", nil), "url"},
		{"no events", with("events", nil), "events"},
		{"empty events", with("events", []any{}), "events"},
		{"ftp url", with("url", "ftp://example.com/x"), "url"},
		{"relative url", with("url", "/hooks"), "url"},
		{"url not a string", with("url", 5), "url"},
		{"unknown event type", with("events", []any{"order.payed"}), "events"},
		{"events not a list", with("events", "order.paid"), "events"},
		{"event not a string", with("events", []any{1}), "events"},
		{"description not a string", with("description", 5), "description"},
		{"active not a bool", with("active", "yes"), "active"},
	}
	for _, tt := range tests {
		res := a.do(http.MethodPost, "/webhook_endpoints", tt.body)
		assert.Equal(t, http.StatusUnprocessableEntity, res.Status, tt.name)
		errs, _ := res.errField("errors").(map[string]any)
		assert.Contains(t, errs, tt.field, tt.name)
	}
	created := a.create("/webhook_endpoints", with("events", []any{"*", "invoice.past_due"}))
	assert.Nil(t, created["description"])
	assert.Equal(t, true, created["active"])
	assert.Equal(t, "webhook_endpoint", created["object"])
	assert.Regexp(t, `^wh_`, created["id"])
	res := a.do(http.MethodPatch, "/webhook_endpoints/"+created["id"].(string), map[string]any{"events": []any{"nope"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, 1, a.srv.Count("webhook_endpoints"))

	// The events API is read-only.
	for _, m := range []string{http.MethodPost, http.MethodPatch, http.MethodDelete} {
		path := "/webhook_events"
		if m != http.MethodPost {
			path += "/whev_1"
		}
		assert.Equal(t, http.StatusMethodNotAllowed, a.do(m, path, map[string]any{}).Status, m)
	}
	assert.Equal(t, http.StatusNotFound, a.do(http.MethodGet, "/webhook_events/whev_nope", nil).Status)
}

func TestWebhookWaitDeliveries(t *testing.T) {
	release := make(chan struct{})
	arrived := make(chan string, 1)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- r.Header.Get("webhook-id")
		<-release
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(recv.Close)
	a := newWebhookAPI(t)
	assert.NoError(t, a.srv.WaitDeliveries(context.Background()), "nothing in flight")
	a.webhookEndpoint(recv.URL, "*")
	a.create("/products", map[string]any{"name": "Course"})
	id := <-arrived

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, a.srv.WaitDeliveries(ctx), context.Canceled, "a delivery is in flight")
	rec := a.do(http.MethodGet, "/webhook_events/"+id, nil).Body
	assert.Equal(t, "pending", rec["status"])
	assert.EqualValues(t, 0, rec["attempts"])

	close(release)
	a.waitDeliveries()
	assert.Equal(t, "delivered", a.do(http.MethodGet, "/webhook_events/"+id, nil).Body["status"])
}

func TestWebhookCloseLeavesNothingBehind(t *testing.T) {
	tests := []struct {
		name    string
		handler func(arrived chan<- struct{}) http.HandlerFunc
	}{
		{"an attempt in flight", func(arrived chan<- struct{}) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.ReadAll(r.Body) // (the server notices a closed connection once the body is read)
				arrived <- struct{}{}
				<-r.Context().Done() // answers only when the fake gives up
			}
		}},
		{"a retry waiting for its backoff", func(arrived chan<- struct{}) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusInternalServerError)
				arrived <- struct{}{}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			arrived := make(chan struct{}, 10)
			recv := httptest.NewServer(tt.handler(arrived))
			defer recv.Close()

			srv := NewServer(WithWebhookRetry(5, func(int) time.Duration { return time.Hour }))
			a := &api{t: t, srv: srv, token: srv.Token(), hc: srv.HTTPClient()}
			a.webhookEndpoint(recv.URL, "*")
			a.create("/products", map[string]any{"name": "Course"})
			<-arrived

			closed := make(chan struct{})
			go func() { srv.Close(); close(closed) }()
			select {
			case <-closed:
			case <-time.After(10 * time.Second):
				t.Fatal("Close did not stop the delivery")
			}
			// A delivery goroutine that has signalled its end may still be
			// returning: give it a few chances to go. One still blocked in
			// a delivery would stay.
			var stacks []byte
			for range 100 {
				stacks = make([]byte, 1<<20)
				stacks = stacks[:runtime.Stack(stacks, true)]
				if !bytes.Contains(stacks, []byte("(*webhookDispatcher).run")) {
					break
				}
				runtime.Gosched()
			}
			assert.NotContains(t, string(stacks), "(*webhookDispatcher).run", "Close returned before its delivery goroutines ended")
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			assert.NoError(t, srv.WaitDeliveries(ctx))
			ev := srv.Count("webhook_events")
			assert.Equal(t, 1, ev)
		})
	}
}

// webhookSlowTransport answers nothing: when its request is cancelled it
// reports it on cancelled, then waits for release before returning.
type webhookSlowTransport struct {
	cancelled chan struct{}
	release   chan struct{}
}

func (tr *webhookSlowTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	<-r.Context().Done()
	close(tr.cancelled)
	<-tr.release
	return nil, r.Context().Err()
}

func TestWebhookCloseWaitsForDeliveryGoroutines(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	tr := &webhookSlowTransport{cancelled: make(chan struct{}), release: make(chan struct{})}
	srv := NewServer(WithWebhookHTTPClient(&http.Client{Transport: tr}))
	a := &api{t: t, srv: srv, token: srv.Token(), hc: srv.HTTPClient()}
	a.webhookEndpoint("http://receiver.invalid/hook", "*")
	a.create("/products", map[string]any{"name": "Course"})

	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	<-tr.cancelled
	for range 100 { // give a Close that does not wait every chance to return
		runtime.Gosched()
	}
	select {
	case <-closed:
		t.Fatal("Close returned while a delivery goroutine was still running")
	default:
	}
	close(tr.release)
	<-closed
}

func TestWebhookNothingAfterClose(t *testing.T) {
	rc := newWebhookReceiver(t)
	f := New()
	hs := httptest.NewServer(f)
	defer hs.Close()
	a := &api{t: t, srv: &Server{Fake: f, URL: hs.URL + APIPrefix, hs: hs}, token: f.Token(), hc: hs.Client()}
	a.webhookEndpoint(rc.srv.URL, "*")
	f.Close()
	f.Close() // idempotent
	a.create("/products", map[string]any{"name": "Course"})
	assert.NoError(t, f.WaitDeliveries(context.Background()))
	assert.Zero(t, f.Count("webhook_events"))
	assert.Empty(t, rc.deliveries())
}

func TestWebhookTransports(t *testing.T) {
	t.Run("over TLS with WithWebhookHTTPClient", func(t *testing.T) {
		got := make(chan string, 1)
		tls := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got <- r.Header.Get("webhook-id")
			w.WriteHeader(http.StatusOK)
		}))
		defer tls.Close()
		a := newWebhookAPI(t, WithWebhookHTTPClient(tls.Client()))
		a.webhookEndpoint(tls.URL, "*")
		a.create("/products", map[string]any{"name": "Course"})
		a.waitDeliveries()
		id := <-got
		assert.Equal(t, "delivered", a.do(http.MethodGet, "/webhook_events/"+id, nil).Body["status"])
	})

	t.Run("not through http.DefaultTransport", func(t *testing.T) {
		saved := http.DefaultTransport
		t.Cleanup(func() { http.DefaultTransport = saved })
		http.DefaultTransport = webhookRoundTripFunc(func(*http.Request) (*http.Response, error) {
			return nil, io.ErrUnexpectedEOF // a test's mock (httpmock.Activate does this)
		})
		rc := newWebhookReceiver(t)
		a := newWebhookAPI(t)
		a.webhookEndpoint(rc.srv.URL, "*")
		a.create("/products", map[string]any{"name": "Course"})
		a.waitDeliveries()
		assert.Len(t, rc.deliveries(), 1)
	})
}

type webhookRoundTripFunc func(*http.Request) (*http.Response, error)

func (f webhookRoundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
