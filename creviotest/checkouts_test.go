package creviotest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkoutSeedVariant seeds a product with one 25.00 USD price variant and
// returns the variant's id.
func checkoutSeedVariant(t *testing.T, f *Fake) string {
	t.Helper()
	p, err := f.Seed("products", map[string]any{"name": "Course"})
	require.NoError(t, err)
	v, err := f.Seed("price_variants", map[string]any{"product": p[0]["id"], "name": "Full", "amount": 2500})
	require.NoError(t, err)
	return v[0]["id"].(string)
}

func TestCheckoutShapeAndManagedFields(t *testing.T) {
	a := newAPI(t)
	pv := checkoutSeedVariant(t, a.srv.Fake)

	// A wrapped body works; fields the fake keeps are ignored.
	co := a.create("/checkouts", map[string]any{"checkout": map[string]any{
		"line_items": []any{map[string]any{"price_variant": pv, "quantity": 2}},
		"status":     "complete", "total": 1, "order": nil, "purchase_url": "https://evil.example", "processor": "paypal",
		"checkout_items": []any{},
	}})
	assert.Equal(t, "checkout", co["object"])
	assert.Equal(t, "open", co["status"])
	assert.EqualValues(t, 5000, co["total"])
	assert.EqualValues(t, 5000, co["amount_total"])
	assert.EqualValues(t, 5000, co["amount_subtotal"])
	assert.EqualValues(t, 0, co["amount_discount"])
	assert.EqualValues(t, 0, co["amount_tax"])
	assert.Equal(t, "usd", co["currency"])
	assert.Equal(t, "payment", co["mode"])
	assert.Equal(t, "stripe", co["processor"])
	assert.Equal(t, checkoutPurchaseBase+co["id"].(string), co["purchase_url"])
	assert.NotContains(t, co, "line_items", "the request's lines become checkout_items")
	for _, k := range []string{"customer", "email", "success_url", "discount", "invoice", "order"} {
		assert.Contains(t, co, k)
		assert.Nil(t, co[k], k)
	}
	items := co["checkout_items"].([]any)
	require.Len(t, items, 1)
	assert.Equal(t, map[string]any{"object": "checkout_item", "price_variant": pv, "product": items[0].(map[string]any)["product"],
		"quantity": float64(2), "amount": float64(5000)}, items[0])

	id := co["id"].(string)
	res := a.do(http.MethodPatch, "/checkouts/"+id, map[string]any{"client_secret": "x", "currency": "eur", "success_url": "https://ok.example"})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, co["client_secret"], res.Body["client_secret"])
	assert.Equal(t, "usd", res.Body["currency"])
	assert.Equal(t, "https://ok.example", res.Body["success_url"])

	// line_items null is no lines.
	inv, err := a.srv.Seed("invoices", map[string]any{"status": "open", "amount": 700, "currency": "usd", "price_variant": pv})
	require.NoError(t, err)
	paying := a.create("/checkouts", map[string]any{"invoice": inv[0]["id"], "line_items": nil})
	assert.EqualValues(t, 700, paying["total"])
	res = a.do(http.MethodPost, "/checkouts", map[string]any{"line_items": nil})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)

	// A lone line is enough; an absent quantity is 1.
	one := a.create("/checkouts", map[string]any{"line_items": []any{map[string]any{"price_variant": pv}}})
	assert.EqualValues(t, 2500, one["total"])
	assert.NotEqual(t, co["client_secret"], one["client_secret"])
}

func TestCheckoutCommerceRoutesNotServed(t *testing.T) {
	a := newAPI(t)
	seeded, err := a.srv.Seed("orders", map[string]any{"status": "paid", "amount": 100, "line_items": []any{}})
	require.NoError(t, err)
	orderID := seeded[0]["id"].(string)
	items, err := a.srv.Seed("order_items", map[string]any{"order": orderID, "quantity": 1})
	require.NoError(t, err)
	refunds, err := a.srv.Seed("refunds", map[string]any{"order": orderID, "amount": 10})
	require.NoError(t, err)

	for _, tt := range []struct{ method, path, allow string }{
		{http.MethodGet, "/checkouts", "POST"},
		{http.MethodDelete, "/checkouts/co_1", "GET, PATCH"},
		{http.MethodPost, "/orders", "GET"},
		{http.MethodPatch, "/orders/" + orderID, "GET"},
		{http.MethodDelete, "/orders/" + orderID, "GET"},
		{http.MethodGet, "/order_items", ""},
		{http.MethodPost, "/order_items", ""},
		{http.MethodPatch, "/order_items/" + items[0]["id"].(string), "GET"},
		{http.MethodPatch, "/refunds/" + refunds[0]["id"].(string), "GET"},
		{http.MethodDelete, "/refunds/" + refunds[0]["id"].(string), "GET"},
	} {
		res := a.do(tt.method, tt.path, nil)
		assert.Equal(t, http.StatusMethodNotAllowed, res.Status, "%s %s", tt.method, tt.path)
		assert.Equal(t, tt.allow, res.Header.Get("Allow"), "%s %s", tt.method, tt.path)
	}
	assert.Equal(t, 1, a.srv.Count("orders"))

	res := a.do(http.MethodGet, "/order_items/"+items[0]["id"].(string), nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "order_item", res.Body["object"])
	assert.Equal(t, orderID, res.Body["order"])
}

func TestCheckoutCompleteOnBareFake(t *testing.T) {
	f := New()
	pv := checkoutSeedVariant(t, f)
	co, err := f.Seed("checkouts", map[string]any{"status": "open", "total": 2500, "currency": "usd", "email": "x@example.com",
		"checkout_items": []any{map[string]any{"object": "checkout_item", "price_variant": pv, "quantity": 1, "amount": 2500}}})
	require.NoError(t, err)

	orderID, err := f.CompleteCheckout(co[0]["id"].(string))
	require.NoError(t, err)
	order, ok := f.Get("orders", orderID)
	require.True(t, ok)
	assert.Equal(t, "paid", order["status"])
	assert.EqualValues(t, 2500, order["amount"])
	assert.EqualValues(t, 0, order["amount_refunded"])
	assert.Equal(t, "stripe", order["processor"], "a seeded checkout without a processor still gets one")
	assert.Equal(t, co[0]["id"], order["checkout"])
	lines := order["line_items"].([]any)
	require.Len(t, lines, 1)
	item, ok := f.Get("order_items", lines[0].(string))
	require.True(t, ok)
	assert.Equal(t, orderID, item["order"])
	assert.Equal(t, pv, item["price_variant"])
	cust, ok := f.Get("customers", order["customer"].(string))
	require.True(t, ok)
	assert.Equal(t, "x@example.com", cust["email"])
	assert.Equal(t, "paid", cust["customer_type"])
	assert.EqualValues(t, 1, cust["orders_count"])
	assert.EqualValues(t, 2500, cust["total_spend"])
}

func TestCheckoutConcurrentCompletionsMakeOneOrder(t *testing.T) {
	a := newAPI(t)
	pv := checkoutSeedVariant(t, a.srv.Fake)
	co := a.create("/checkouts", map[string]any{"line_items": []any{map[string]any{"price_variant": pv, "quantity": 1}}})

	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 8 {
		wg.Go(func() {
			if _, err := a.srv.CompleteCheckout(co["id"].(string)); err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			}
			a.do(http.MethodGet, "/checkouts/"+co["id"].(string)+"?expand=customer,order", nil)
		})
	}
	wg.Wait()
	assert.Equal(t, 1, wins)
	assert.Equal(t, 1, a.srv.Count("orders"))
	assert.Equal(t, 1, a.srv.Count("customers"))
}

func TestRefundConcurrentFullRefundsNeverOverRefund(t *testing.T) {
	a := newAPI(t)
	o, err := a.srv.Seed("orders", map[string]any{"status": "paid", "amount": 1000})
	require.NoError(t, err)
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for range 10 {
		wg.Go(func() {
			res := a.do(http.MethodPost, "/refunds", map[string]any{"order": o[0]["id"], "amount": 300})
			mu.Lock()
			codes[res.Status]++
			mu.Unlock()
		})
	}
	wg.Wait()
	assert.Equal(t, map[int]int{http.StatusOK: 3, http.StatusUnprocessableEntity: 7}, codes)
	got, _ := a.srv.Get("orders", o[0]["id"].(string))
	assert.EqualValues(t, 900, got["amount_refunded"])
	assert.Equal(t, "partially_refunded", got["status"])
	res := a.do(http.MethodPost, "/refunds", map[string]any{"order": o[0]["id"]})
	require.Equal(t, http.StatusOK, res.Status)
	assert.EqualValues(t, 100, res.Body["amount"], "a refund without an amount takes the rest")
	got, _ = a.srv.Get("orders", o[0]["id"].(string))
	assert.Equal(t, "refunded", got["status"])
}

// TestCheckoutSaleSendsWebhookEvents checks the events a sale emits: the
// checkout's creation, then the order's creation and payment and the
// invoice's payment when the checkout completes.
func TestCheckoutSaleSendsWebhookEvents(t *testing.T) {
	var mu sync.Mutex
	var types []string
	var paidOrder map[string]any
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ev struct {
			Type string `json:"type"`
			Data struct {
				Object map[string]any `json:"object"`
			} `json:"data"`
		}
		if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		mu.Lock()
		types = append(types, ev.Type)
		if ev.Type == "order.paid" {
			paidOrder = ev.Data.Object
		}
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer rcv.Close()

	a := newAPI(t)
	a.create("/webhook_endpoints", map[string]any{"url": rcv.URL, "events": []string{"*"}})
	pv := checkoutSeedVariant(t, a.srv.Fake)
	inv, err := a.srv.Seed("invoices", map[string]any{"status": "open", "amount": 900, "currency": "usd", "price_variant": pv})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, a.srv.WaitDeliveries(ctx))
	mu.Lock()
	types = nil // what seeding sent is not the sale's
	mu.Unlock()

	co := a.create("/checkouts", map[string]any{"invoice": inv[0]["id"], "email": "jane@example.com"})
	orderID, err := a.srv.CompleteCheckout(co["id"].(string))
	require.NoError(t, err)
	require.NoError(t, a.srv.WaitDeliveries(ctx))

	mu.Lock()
	defer mu.Unlock()
	// Deliveries run concurrently, so their order is not fixed.
	assert.ElementsMatch(t, []string{"checkout.created", "order.created", "order.paid", "invoice.paid"}, types,
		"the buyer is created as a paid customer: no lead.created")
	require.NotNil(t, paidOrder)
	assert.Equal(t, orderID, paidOrder["id"])
	assert.Equal(t, "paid", paidOrder["status"])
	assert.Len(t, paidOrder["line_items"], 1, "the order is complete when its events are sent")
}
