package creviotest

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// saleFixture seeds a product with a 49.00 USD variant and opens a
// checkout for it through the API; it returns the checkout id.
func saleFixture(t *testing.T, a *api) string {
	t.Helper()
	p := a.create("/products", map[string]any{"name": "Course", "status": "active"})
	pv := a.create("/price_variants", map[string]any{"product": p["id"], "name": "Full", "amount": 4900, "currency": "usd"})
	co := a.create("/checkouts", map[string]any{
		"line_items": []any{map[string]any{"price_variant": pv["id"], "quantity": 1}},
		"email":      "ada@example.com",
	})
	return co["id"].(string)
}

func TestTestHelpersAuthenticated(t *testing.T) {
	a := newAPI(t)
	a.token = ""
	assert.Equal(t, http.StatusUnauthorized, a.do(http.MethodGet, "/test_helpers", nil).Status)
	assert.Equal(t, http.StatusUnauthorized, a.do(http.MethodPost, "/test_helpers/reset", nil).Status)
	a.token = "sk_test_wrong"
	assert.Equal(t, http.StatusUnauthorized, a.do(http.MethodPost, "/test_helpers/faults", map[string]any{"kind": "fail"}).Status)
	assert.Equal(t, 0, a.srv.PendingFaults())

	a.token = a.srv.Token()
	res := a.do(http.MethodGet, "/test_helpers", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, res.Body["routes"], "POST /v1/test_helpers/checkouts/{id}/complete")
	assert.Equal(t, http.StatusNotFound, a.do(http.MethodGet, "/test_helpers/nope", nil).Status)
}

func TestTestHelpersCompleteCheckout(t *testing.T) {
	a := newAPI(t)
	co := saleFixture(t, a)

	res := a.do(http.MethodGet, "/test_helpers/checkouts/"+co+"/complete", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, res.Status)
	assert.Equal(t, "POST", res.Header.Get("Allow"))

	res = a.do(http.MethodPost, "/test_helpers/checkouts/"+co+"/complete?expand=customer", nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	order := res.Body
	assert.Equal(t, "order", order["object"])
	assert.Regexp(t, `^ord_`, order["id"])
	assert.Equal(t, "paid", order["status"])
	assert.Equal(t, co, order["checkout"])
	assert.Equal(t, 4900.0, order["amount_total"])
	assert.Equal(t, "ada@example.com", order["customer"].(map[string]any)["email"], "expanded")
	got, _ := a.srv.Get("checkouts", co)
	assert.Equal(t, "complete", got["status"])
	assert.Equal(t, order["id"], got["order"])

	res = a.do(http.MethodPost, "/test_helpers/checkouts/"+co+"/complete", nil)
	assert.Equal(t, http.StatusBadRequest, res.Status)
	assert.Equal(t, "invalid_state", res.errField("code"))
	assert.Contains(t, res.errField("message"), "is complete, not open")
	assert.Equal(t, 1, a.srv.Count("orders"), "nothing more was created")

	res = a.do(http.MethodPost, "/test_helpers/checkouts/co_missing/complete", nil)
	assert.Equal(t, http.StatusNotFound, res.Status)
	assert.Equal(t, "resource_missing", res.errField("code"))
}

func TestTestHelpersExpireAndConfirm(t *testing.T) {
	a := newAPI(t)
	co := saleFixture(t, a)
	res := a.do(http.MethodPost, "/test_helpers/checkouts/"+co+"/expire", nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "expired", res.Body["status"])
	res = a.do(http.MethodPost, "/test_helpers/checkouts/"+co+"/complete", nil)
	assert.Equal(t, http.StatusBadRequest, res.Status)
	assert.Contains(t, res.errField("message"), "is expired")
	assert.Equal(t, http.StatusNotFound, a.do(http.MethodPost, "/test_helpers/checkouts/co_nope/expire", nil).Status)

	cus := a.create("/customers", map[string]any{"email": "lead@example.com"})
	assert.Nil(t, cus["confirmed_at"])
	res = a.do(http.MethodPost, "/test_helpers/customers/"+cus["id"].(string)+"/confirm", nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "customer", res.Body["object"])
	assert.NotNil(t, res.Body["confirmed_at"])
	assert.Equal(t, http.StatusNotFound, a.do(http.MethodPost, "/test_helpers/customers/cus_nope/confirm", nil).Status)
}

// recorder is an in-process webhook receiver answering the statuses given,
// then 200.
type recorder struct {
	mu       sync.Mutex
	statuses []int
	got      []map[string]any
	headers  []http.Header
	raw      [][]byte
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	var env map[string]any
	_ = json.Unmarshal(b, &env)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.got = append(rc.got, env)
	rc.headers = append(rc.headers, r.Header.Clone())
	rc.raw = append(rc.raw, b)
	if len(rc.statuses) > 0 {
		w.WriteHeader(rc.statuses[0])
		rc.statuses = rc.statuses[1:]
	}
}

func (rc *recorder) types() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []string
	for _, e := range rc.got {
		out = append(out, e["type"].(string))
	}
	return out
}

func TestTestHelpersTrigger(t *testing.T) {
	a := newAPI(t)
	rc := &recorder{}
	ep := a.create("/webhook_endpoints", map[string]any{"url": a.srv.WebhookURL(rc), "events": []any{"order.paid", "customer.confirmed"}})

	res := a.do(http.MethodPost, "/test_helpers/trigger", map[string]any{"type": "order.paid"})
	assert.Equal(t, http.StatusNotFound, res.Status)
	assert.Contains(t, res.errField("message"), "There are no orders to send order.paid about")

	co := saleFixture(t, a)
	order := a.do(http.MethodPost, "/test_helpers/checkouts/"+co+"/complete", nil).Body
	a.waitDeliveries()
	require.Equal(t, []string{"order.paid"}, rc.types(), "completing sends order.paid")
	before, _ := a.srv.Get("orders", order["id"].(string))

	// By id, and without one (the newest order).
	for _, body := range []map[string]any{{"type": "order.paid", "object": order["id"]}, {"type": "order.paid"}} {
		res = a.do(http.MethodPost, "/test_helpers/trigger", body)
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
		require.Len(t, res.data(), 1)
		ev := res.data()[0].(map[string]any)
		assert.Equal(t, "order.paid", ev["type"])
		assert.Equal(t, ep["id"], ev["webhook_endpoint"])
		assert.Equal(t, order["id"], ev["data"].(map[string]any)["object"].(map[string]any)["id"])
	}
	a.waitDeliveries()
	assert.Equal(t, []string{"order.paid", "order.paid", "order.paid"}, rc.types())
	after, _ := a.srv.Get("orders", order["id"].(string))
	assert.Equal(t, before, after, "triggering changes nothing")

	// Any documented event: an object of another resource.
	cus := a.srv.st.tables["customers"].order[0].obj["id"].(string)
	ids, err := a.srv.TriggerEvent("customer.confirmed", cus)
	require.NoError(t, err)
	assert.Len(t, ids, 1)
	// No endpoint wants product.created: no event, no error.
	ids, err = a.srv.TriggerEvent("product.created", "")
	require.NoError(t, err)
	assert.Empty(t, ids)

	res = a.do(http.MethodPost, "/test_helpers/trigger", map[string]any{"type": "order.exploded"})
	assert.Equal(t, http.StatusBadRequest, res.Status)
	assert.Contains(t, res.errField("message"), "order.paid")
	res = a.do(http.MethodPost, "/test_helpers/trigger", map[string]any{"type": "order.paid", "object": "ord_missing"})
	assert.Equal(t, http.StatusNotFound, res.Status)
	assert.Equal(t, "object", res.errField("param"))
	res = a.do(http.MethodPost, "/test_helpers/trigger", map[string]any{"typ": "order.paid"})
	assert.Equal(t, http.StatusBadRequest, res.Status, "an unknown field is an error")
	res = a.do(http.MethodPost, "/test_helpers/trigger", nil)
	assert.Equal(t, "parameter_missing", res.errField("code"))
}

// Every fault the Go API offers can be injected over HTTP, scoped by
// method and path, and shows up as the Go one does.
func TestTestHelpersFaults(t *testing.T) {
	a := newAPI(t)
	a.create("/products", map[string]any{"name": "Seeded"})
	inject := func(body map[string]any) result {
		t.Helper()
		res := a.do(http.MethodPost, "/test_helpers/faults", body)
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
		return res
	}

	// rate_limit, scoped to GET /products: a POST goes through.
	res := inject(map[string]any{"kind": "rate_limit", "retry_after": "30", "method": "get", "path": "/v1/products"})
	require.Len(t, res.data(), 1)
	assert.Equal(t, map[string]any{"object": "fault", "kind": "rate_limit", "remaining": 1.0, "status": 429.0,
		"method": "GET", "path": "/products", "headers": map[string]any{"Retry-After": "30"}}, res.data()[0])
	assert.Equal(t, http.StatusOK, a.do(http.MethodPost, "/products", map[string]any{"name": "B"}).Status)
	// The control plane is never faulted.
	assert.Equal(t, http.StatusOK, a.do(http.MethodGet, "/test_helpers/faults", nil).Status)
	got := a.do(http.MethodGet, "/products", nil)
	assert.Equal(t, http.StatusTooManyRequests, got.Status)
	assert.Equal(t, "30", got.Header.Get("Retry-After"))

	cases := []struct {
		body  map[string]any
		check func(t *testing.T, res result, err error)
		fault string
	}{
		{map[string]any{"kind": "fail_after", "method": "POST", "path": "/products"}, func(t *testing.T, res result, err error) {
			assert.Equal(t, http.StatusInternalServerError, res.Status)
		}, "fail_after"},
		{map[string]any{"kind": "html_error", "headers": map[string]any{"X-Proxy": "nginx"}}, func(t *testing.T, res result, err error) {
			assert.Equal(t, http.StatusBadGateway, res.Status)
			assert.Contains(t, string(res.Raw), "<center>nginx</center>")
			assert.Equal(t, "nginx", res.Header.Get("X-Proxy"))
		}, "html_error"},
		{map[string]any{"kind": "malformed_body"}, func(t *testing.T, res result, err error) {
			assert.Equal(t, http.StatusOK, res.Status)
			assert.False(t, json.Valid(res.Raw))
		}, "malformed_body"},
		{map[string]any{"kind": "truncated_body"}, func(t *testing.T, res result, err error) {
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
		}, "truncated_body"},
		{map[string]any{"kind": "drop_connection"}, func(t *testing.T, res result, err error) {
			assert.Error(t, err)
		}, "drop_connection"},
		{map[string]any{"kind": "fail", "status": 503, "count": 2}, func(t *testing.T, res result, err error) {
			assert.Equal(t, http.StatusServiceUnavailable, res.Status)
		}, "fail"},
	}
	for _, c := range cases {
		a.srv.ResetRequests()
		inject(c.body)
		method, body := http.MethodGet, any(nil)
		if c.body["method"] == "POST" {
			method, body = http.MethodPost, map[string]any{"name": "After"}
		}
		// A fresh connection each time, so a dropped one is not retried.
		hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		b := &api{t: t, srv: a.srv, token: a.token, hc: hc}
		res, err := b.try(t.Context(), method, "/products", body)
		c.check(t, res, err)
		var faults []string
		for _, r := range a.srv.Requests() {
			faults = append(faults, r.Fault)
		}
		assert.Contains(t, faults, c.fault, "%v", c.body)
	}
	assert.Equal(t, 1, a.srv.PendingFaults(), "the second 503 is still pending")

	// latency: listed, then removed with 0, then cleared with DELETE.
	res = inject(map[string]any{"kind": "latency", "duration": "250ms", "path": "/orders"})
	assert.Contains(t, res.data(), map[string]any{"object": "fault", "kind": "latency", "duration": "250ms", "method": nil, "path": "/orders"})
	res = inject(map[string]any{"kind": "latency", "duration": 0, "path": "/orders"})
	assert.Len(t, res.data(), 1, "only the pending 503 is left")
	inject(map[string]any{"kind": "latency", "duration": 1500})
	res = a.do(http.MethodDelete, "/test_helpers/faults", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Empty(t, res.data())
	assert.Equal(t, 0, a.srv.PendingFaults())
	assert.Equal(t, time.Duration(0), a.srv.faults.delay(http.MethodGet, "/products"))

	for _, bad := range []map[string]any{
		{"kind": "explode"},
		{"kind": "fail", "count": 0},
		{"kind": "fail", "status": 99},
		{"kind": "latency"},
		{"kind": "latency", "duration": "soon"},
		{"kind": "latency", "duration": -5},
		{"kind": "fail", "colour": "red"},
	} {
		res := a.do(http.MethodPost, "/test_helpers/faults", bad)
		assert.Equal(t, http.StatusBadRequest, res.Status, "%v", bad)
	}
	assert.Equal(t, 0, a.srv.PendingFaults())
	assert.Equal(t, http.StatusMethodNotAllowed, a.do(http.MethodPatch, "/test_helpers/faults", nil).Status)
}

// The deliveries list gives every attempt and why it failed: a status, a
// refused connection.
func TestTestHelpersDeliveries(t *testing.T) {
	a := newAPI(t, WithWebhookRetry(2, webhookNoBackoff))
	rc := &recorder{statuses: []int{503, 503}}
	a.create("/webhook_endpoints", map[string]any{"url": a.srv.WebhookURL(rc), "events": []any{"product.created"}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := "http://" + ln.Addr().String() + "/hooks"
	require.NoError(t, ln.Close())
	a.create("/webhook_endpoints", map[string]any{"url": closed, "events": []any{"product.created"}})

	a.create("/products", map[string]any{"name": "Hooked"})
	res := a.do(http.MethodPost, "/test_helpers/deliveries/wait?timeout=10s", nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)

	res = a.do(http.MethodGet, "/test_helpers/deliveries?status=failed", nil)
	require.Equal(t, http.StatusOK, res.Status)
	require.Len(t, res.data(), 2)
	reasons := map[string][]string{}
	for _, d := range res.data() {
		ev := d.(map[string]any)
		assert.Equal(t, 2.0, ev["attempts"])
		for _, at := range ev["deliveries"].([]any) {
			reasons[ev["webhook_endpoint"].(string)] = append(reasons[ev["webhook_endpoint"].(string)], at.(map[string]any)["error"].(string))
		}
	}
	var all []string
	for _, r := range reasons {
		all = append(all, strings.Join(r, " | "))
	}
	assert.Contains(t, all, "HTTP 503 Service Unavailable | HTTP 503 Service Unavailable")
	assert.Contains(t, strings.Join(all, "\n"), "connection refused")
	assert.Empty(t, a.do(http.MethodGet, "/test_helpers/deliveries?status=delivered", nil).data())

	res = a.do(http.MethodPost, "/test_helpers/deliveries/wait?timeout=forever", nil)
	assert.Equal(t, http.StatusBadRequest, res.Status)
}

// The wait answers 504 when deliveries are still in flight after the
// timeout, in fake time here.
func TestTestHelpersDeliveriesWaitTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newAPI(t)
		release := make(chan struct{})
		url := a.srv.WebhookURL(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		a.create("/webhook_endpoints", map[string]any{"url": url, "events": []any{"product.created"}})
		a.create("/products", map[string]any{"name": "Slow"})
		start := time.Now()
		res := a.do(http.MethodPost, "/test_helpers/deliveries/wait?timeout=2s", nil)
		assert.Equal(t, http.StatusGatewayTimeout, res.Status)
		assert.Equal(t, "deliveries_pending", res.errField("code"))
		assert.Equal(t, 2*time.Second, time.Since(start))
		close(release)
		res = a.do(http.MethodPost, "/test_helpers/deliveries/wait", nil)
		assert.Equal(t, http.StatusOK, res.Status)
	})
}

func TestTestHelpersReset(t *testing.T) {
	a := newAPI(t)
	co := saleFixture(t, a)
	a.do(http.MethodPost, "/test_helpers/checkouts/"+co+"/complete", nil)
	oldProduct := a.srv.st.tables["products"].order[0].obj["id"].(string)
	a.srv.Fail(3, 500, Only("GET", "/nothing"))
	a.srv.Latency(time.Hour, Only("GET", "/nothing"))
	require.NotZero(t, a.srv.Count("orders"))

	res := a.do(http.MethodPost, "/test_helpers/reset", nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	fresh := New()
	defer fresh.Close()
	for _, name := range a.srv.Resources() {
		assert.Equal(t, fresh.Count(name), a.srv.Count(name), name)
	}
	assert.Equal(t, 2, a.srv.Count("forms"), "the primary forms are made again")
	assert.Equal(t, 1, a.srv.Count("account"))
	assert.Equal(t, 0, a.srv.PendingFaults())
	assert.Equal(t, time.Duration(0), a.srv.faults.delay("GET", "/nothing"))
	assert.Zero(t, a.srv.idem.len())
	assert.Len(t, a.srv.Requests(), 0, "the reset itself is logged before the history is cleared")

	p := a.create("/products", map[string]any{"name": "Course"})
	assert.Equal(t, "course", p["slug"], "slugs are free again")
	assert.NotEqual(t, oldProduct, p["id"], "ids are never handed out twice")
}
