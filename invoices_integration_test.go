package crevio_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// invoiceServer returns a fake at a fixed time holding a product with the
// price variant "price_coaching" (250.00 EUR) and the customer "cus_jane".
func invoiceServer(t *testing.T) (*creviotest.Server, time.Time) {
	t.Helper()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	srv := creviotest.NewTestServer(t, creviotest.WithClock(func() time.Time { return now }))
	_, err := srv.Seed("products", map[string]any{"id": "prod_coaching", "name": "Coaching", "status": "active"})
	require.NoError(t, err)
	_, err = srv.Seed("price_variants", map[string]any{
		"id": "price_coaching", "product": "prod_coaching", "name": "One hour", "amount": 25000, "currency": "eur",
	})
	require.NoError(t, err)
	_, err = srv.Seed("customers", map[string]any{"id": "cus_jane", "email": "jane@example.com", "name": "Jane Doe"})
	require.NoError(t, err)
	return srv, now
}

func TestIntegrationInvoiceCreate(t *testing.T) {
	srv, now := invoiceServer(t)
	c := fastClient(srv)
	ctx := context.Background()
	due := now.Add(14 * 24 * time.Hour)

	inv, err := c.Invoices.Create(ctx, &crevio.InvoiceCreateParams{
		PriceVariant: "price_coaching", Customer: crevio.Ptr("cus_jane"), DueAt: &due, Description: crevio.Ptr("June coaching"),
	})
	require.NoError(t, err)
	assert.Regexp(t, `^inv_`, inv.ID)
	assert.Equal(t, "invoice", inv.Object)
	assert.Equal(t, crevio.InvoiceStatusOpen, inv.Status, "an invoice starts open")
	assert.Equal(t, "INV-0001", inv.Number)
	assert.Equal(t, int64(25000), inv.Amount, "amount comes from the price variant")
	assert.Equal(t, "eur", inv.Currency)
	assert.Equal(t, "Jane Doe", *inv.CustomerName, "the buyer's name comes from the customer")
	assert.Equal(t, "jane@example.com", *inv.EmailAddress)
	assert.Equal(t, crevio.InvoiceCollectionMethodSendInvoice, *inv.CollectionMethod)
	assert.Equal(t, due, inv.DueAt.UTC())
	assert.Equal(t, "June coaching", *inv.Description)
	assert.True(t, inv.PaidAt.IsZero())
	assert.True(t, inv.Order.IsZero())
	assert.Equal(t, "cus_jane", inv.Customer.ID)
	assert.Equal(t, "price_coaching", inv.PriceVariant.ID)
	assert.Equal(t, now, inv.CreatedAt.UTC())

	guest, err := c.Invoices.Create(ctx, &crevio.InvoiceCreateParams{
		PriceVariant: "price_coaching", CustomerName: crevio.Ptr("Bo Guest"), EmailAddress: crevio.Ptr("bo@example.com"),
		CollectionMethod: crevio.Ptr(crevio.InvoiceCollectionMethodChargeAutomatically),
	})
	require.NoError(t, err)
	assert.Equal(t, "INV-0002", guest.Number, "numbers count up")
	assert.True(t, guest.Customer.IsZero(), "a name and email need no customer")
	assert.Equal(t, "Bo Guest", *guest.CustomerName)
	assert.Equal(t, crevio.InvoiceCollectionMethodChargeAutomatically, *guest.CollectionMethod)
	assert.True(t, guest.DueAt.IsZero())

	got, err := c.Invoices.Get(ctx, guest.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, guest.Number, got.Number)
	_, err = c.Invoices.Get(ctx, "inv_missing", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
}

func TestIntegrationInvoiceCreateValidation(t *testing.T) {
	srv, now := invoiceServer(t)
	c := fastClient(srv)
	past := now.Add(-time.Hour)
	for name, tt := range map[string]struct {
		params *crevio.InvoiceCreateParams
		field  string
		msg    string
	}{
		"blank customer": {&crevio.InvoiceCreateParams{PriceVariant: "price_coaching", Customer: crevio.Ptr("")},
			"customer", "can't be blank unless customer_name and email_address are given"},
		"blank email address": {&crevio.InvoiceCreateParams{PriceVariant: "price_coaching", CustomerName: crevio.Ptr("Bo"), EmailAddress: crevio.Ptr(" ")},
			"customer", "can't be blank unless customer_name and email_address are given"},
		"bad email address": {&crevio.InvoiceCreateParams{PriceVariant: "price_coaching", CustomerName: crevio.Ptr("Bo"), EmailAddress: crevio.Ptr("bo")},
			"email_address", "is invalid"},
		"unknown customer": {&crevio.InvoiceCreateParams{PriceVariant: "price_coaching", Customer: crevio.Ptr("cus_missing")},
			"customer", "must exist"},
		"unknown price variant": {&crevio.InvoiceCreateParams{PriceVariant: "price_missing", Customer: crevio.Ptr("cus_jane")},
			"price_variant", "must exist"},
		"due date in the past": {&crevio.InvoiceCreateParams{PriceVariant: "price_coaching", Customer: crevio.Ptr("cus_jane"), DueAt: &past},
			"due_at", "must be in the future"},
		"due date now": {&crevio.InvoiceCreateParams{PriceVariant: "price_coaching", Customer: crevio.Ptr("cus_jane"), DueAt: &now},
			"due_at", "must be in the future"},
		"unknown collection method": {&crevio.InvoiceCreateParams{PriceVariant: "price_coaching", Customer: crevio.Ptr("cus_jane"),
			CollectionMethod: crevio.Ptr(crevio.InvoiceCollectionMethod("barter"))}, "collection_method", "is not included in the list"},
		"created paid": {&crevio.InvoiceCreateParams{PriceVariant: "price_coaching", Customer: crevio.Ptr("cus_jane"),
			Extra: map[string]any{"status": "paid"}}, "status", "must be open or draft on create"},
		"description too long (server side)": {&crevio.InvoiceCreateParams{PriceVariant: "price_coaching", Customer: crevio.Ptr("cus_jane"),
			Extra: map[string]any{"description": strings.Repeat("x", 501)}}, "description", "is too long (maximum is 500 characters)"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.Invoices.Create(context.Background(), tt.params)
			var apiErr *crevio.Error
			require.ErrorAs(t, err, &apiErr)
			assert.ErrorIs(t, err, crevio.ErrValidation)
			assert.Equal(t, http.StatusUnprocessableEntity, apiErr.StatusCode)
			assert.Contains(t, apiErr.Errors[tt.field], tt.msg)
		})
	}
	assert.Zero(t, srv.Count("invoices"), "no invalid invoice is stored")

	forged, err := c.Invoices.Create(context.Background(), &crevio.InvoiceCreateParams{
		PriceVariant: "price_coaching", Customer: crevio.Ptr("cus_jane"),
		Extra: map[string]any{"amount": 1, "currency": "usd", "number": "INV-9999", "paid_at": "2025-01-01T00:00:00Z", "order": "ord_x"},
	})
	require.NoError(t, err)
	assert.Equal(t, int64(25000), forged.Amount, "amount, currency, number, paid_at and order are read-only")
	assert.Equal(t, "eur", forged.Currency)
	assert.Equal(t, "INV-0001", forged.Number)
	assert.True(t, forged.PaidAt.IsZero())
	assert.True(t, forged.Order.IsZero())

	draft, err := c.Invoices.Create(context.Background(), &crevio.InvoiceCreateParams{
		PriceVariant: "price_coaching", Customer: crevio.Ptr("cus_jane"), Extra: map[string]any{"status": "draft"},
	})
	require.NoError(t, err)
	assert.Equal(t, crevio.InvoiceStatusDraft, draft.Status, "a draft may be asked for")
}

func TestIntegrationInvoiceVoid(t *testing.T) {
	srv, _ := invoiceServer(t)
	c := fastClient(srv)
	ctx := context.Background()

	inv, err := c.Invoices.Create(ctx, &crevio.InvoiceCreateParams{PriceVariant: "price_coaching", Customer: crevio.Ptr("cus_jane")})
	require.NoError(t, err)
	voided, err := c.Invoices.Void(ctx, inv.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, crevio.InvoiceStatusVoid, voided.Status)
	got, err := c.Invoices.Get(ctx, inv.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, crevio.InvoiceStatusVoid, got.Status)

	for _, status := range []string{"draft", "past_due", "uncollectible"} {
		seeded, err := srv.Seed("invoices", map[string]any{"price_variant": "price_coaching", "status": status, "customer_name": "X", "email_address": "x@example.com"})
		require.NoError(t, err)
		v, err := c.Invoices.Void(ctx, seeded[0]["id"].(string), nil)
		require.NoError(t, err, status)
		assert.Equal(t, crevio.InvoiceStatusVoid, v.Status, status)
	}

	paid, err := srv.Seed("invoices", map[string]any{"price_variant": "price_coaching", "customer": "cus_jane", "status": "paid", "paid_at": "2025-05-01T00:00:00Z"})
	require.NoError(t, err)
	for name, id := range map[string]string{"void twice": inv.ID, "void a paid invoice": paid[0]["id"].(string)} {
		t.Run(name, func(t *testing.T) {
			before, err := c.Invoices.Get(ctx, id, nil)
			require.NoError(t, err)
			_, err = c.Invoices.Void(ctx, id, nil)
			var apiErr *crevio.Error
			require.ErrorAs(t, err, &apiErr)
			assert.ErrorIs(t, err, crevio.ErrConflict)
			assert.Equal(t, "invalid_state", apiErr.Code)
			after, err := c.Invoices.Get(ctx, id, nil)
			require.NoError(t, err)
			assert.Equal(t, before.Status, after.Status, "a refused void changes nothing")
		})
	}
	_, err = c.Invoices.Void(ctx, "inv_missing", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
}

func TestIntegrationInvoiceExpand(t *testing.T) {
	srv, _ := invoiceServer(t)
	_, err := srv.Seed("orders", map[string]any{"id": "ord_paid", "status": "paid", "amount": 25000, "currency": "eur", "customer": "cus_jane"})
	require.NoError(t, err)
	seeded, err := srv.Seed("invoices", map[string]any{
		"price_variant": "price_coaching", "customer": "cus_jane", "status": "paid",
		"paid_at": "2025-05-20T10:00:00Z", "order": "ord_paid",
	})
	require.NoError(t, err)
	id := seeded[0]["id"].(string)
	c := fastClient(srv)
	ctx := context.Background()

	plain, err := c.Invoices.Get(ctx, id, nil)
	require.NoError(t, err)
	assert.Equal(t, crevio.InvoiceStatusPaid, plain.Status)
	assert.Equal(t, time.Date(2025, 5, 20, 10, 0, 0, 0, time.UTC), plain.PaidAt.UTC())
	for _, e := range []bool{plain.Customer.Object != nil, plain.PriceVariant.Object != nil, plain.Order.Object != nil} {
		assert.False(t, e, "nothing is expanded unless asked")
	}
	assert.Equal(t, "ord_paid", plain.Order.ID)

	full, err := c.Invoices.Get(ctx, id, &crevio.InvoiceGetParams{
		Expand: []crevio.InvoiceExpand{crevio.InvoiceExpandCustomer, crevio.InvoiceExpandPriceVariant, crevio.InvoiceExpandOrder},
	})
	require.NoError(t, err)
	cu, ok := full.Customer.Expanded()
	require.True(t, ok)
	assert.Equal(t, "jane@example.com", cu.Email)
	pv, ok := full.PriceVariant.Expanded()
	require.True(t, ok)
	assert.Equal(t, int64(25000), *pv.Amount)
	o, ok := full.Order.Expanded()
	require.True(t, ok)
	assert.Equal(t, "ord_paid", o.ID)
	assert.Equal(t, int64(25000), o.Amount)

	page, err := c.Invoices.List(ctx, &crevio.InvoiceListParams{Expand: []crevio.InvoiceExpand{crevio.InvoiceExpandCustomer}})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	_, ok = page.Data[0].Customer.Expanded()
	assert.True(t, ok, "list expands too")
	_, ok = page.Data[0].Order.Expanded()
	assert.False(t, ok, "only what was asked for")
}

func TestIntegrationInvoiceListAndWalk(t *testing.T) {
	srv, _ := invoiceServer(t)
	_, err := srv.Seed("customers", map[string]any{"id": "cus_bo", "email": "bo@example.com"})
	require.NoError(t, err)
	for i := range 25 {
		inv := map[string]any{"price_variant": "price_coaching", "customer": "cus_jane", "status": "open"}
		if i%2 == 1 {
			inv["customer"], inv["status"] = "cus_bo", "paid"
		}
		_, err := srv.Seed("invoices", inv)
		require.NoError(t, err)
	}
	c := fastClient(srv)
	ctx := context.Background()

	srv.ResetRequests()
	seen := map[string]bool{}
	var numbers []string
	for inv, err := range c.Invoices.All(ctx, &crevio.InvoiceListParams{Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		require.False(t, seen[inv.ID], "duplicate %s", inv.ID)
		seen[inv.ID] = true
		numbers = append(numbers, inv.Number)
	}
	require.Len(t, numbers, 25)
	assert.Equal(t, "INV-0025", numbers[0], "newest first; seeds are numbered too")
	assert.Equal(t, "INV-0001", numbers[24])
	assert.Len(t, srv.Requests(), 3)

	count := func(p *crevio.InvoiceListParams) int {
		n := 0
		for _, err := range c.Invoices.All(ctx, p) {
			require.NoError(t, err)
			n++
		}
		return n
	}
	assert.Equal(t, 12, count(&crevio.InvoiceListParams{Status: crevio.Ptr(crevio.InvoiceStatusPaid)}))
	assert.Equal(t, 13, count(&crevio.InvoiceListParams{Customer: crevio.Ptr("cus_jane")}))
	assert.Equal(t, 0, count(&crevio.InvoiceListParams{Customer: crevio.Ptr("cus_jane"), Status: crevio.Ptr(crevio.InvoiceStatusPaid)}))
}

// TestIntegrationInvoicePaidThroughCheckout pays an invoice the documented
// way, with a checkout created for it, then checks the invoice's side: paid,
// paid_at, the order, and that a paid invoice can no longer be voided.
func TestIntegrationInvoicePaidThroughCheckout(t *testing.T) {
	srv, now := invoiceServer(t)
	c := fastClient(srv)
	ctx := context.Background()

	inv, err := c.Invoices.Create(ctx, &crevio.InvoiceCreateParams{PriceVariant: "price_coaching", Customer: crevio.Ptr("cus_jane")})
	require.NoError(t, err)
	co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{Invoice: crevio.Ptr(inv.ID)})
	require.NoError(t, err)
	orderID, err := srv.CompleteCheckout(co.ID)
	require.NoError(t, err)

	paid, err := c.Invoices.Get(ctx, inv.ID, &crevio.InvoiceGetParams{Expand: []crevio.InvoiceExpand{crevio.InvoiceExpandOrder}})
	require.NoError(t, err)
	assert.Equal(t, crevio.InvoiceStatusPaid, paid.Status)
	assert.Equal(t, now, paid.PaidAt.UTC())
	assert.Equal(t, orderID, paid.Order.ID)
	o, ok := paid.Order.Expanded()
	require.True(t, ok)
	assert.Equal(t, int64(25000), o.Amount)
	assert.Equal(t, "cus_jane", o.Customer.ID)

	byStatus, err := c.Invoices.List(ctx, &crevio.InvoiceListParams{Status: crevio.Ptr(crevio.InvoiceStatusPaid)})
	require.NoError(t, err)
	require.Len(t, byStatus.Data, 1)
	assert.Equal(t, inv.ID, byStatus.Data[0].ID)

	_, err = c.Invoices.Void(ctx, inv.ID, nil)
	assert.ErrorIs(t, err, crevio.ErrConflict, "a paid invoice cannot be voided")
}
