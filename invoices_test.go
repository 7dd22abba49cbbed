package crevio

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInvoicesWire(t *testing.T) {
	inv := fixture(t, "invoice.json")
	list := fixture(t, "invoices_list.json")
	due := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	checkWire(t, []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.Invoices.List(bg, nil); return err },
			method: "GET", path: "/invoices", respond: list,
		},
		{
			name: "list with every filter and expand",
			call: func(c *Client) error {
				_, err := c.Invoices.List(bg, &InvoiceListParams{
					Status: Ptr(InvoiceStatusOpen), Customer: Ptr("cus_1"), Limit: Ptr(10), StartingAfter: Ptr("inv_9"),
					Expand: []InvoiceExpand{InvoiceExpandCustomer, InvoiceExpandPriceVariant, InvoiceExpandOrder},
					Extra:  map[string]any{"due_before": "2026-01-01"},
				})
				return err
			},
			method: "GET", path: "/invoices",
			query:   "customer=cus_1&due_before=2026-01-01&expand=customer%2Cprice_variant%2Corder&limit=10&starting_after=inv_9&status=open",
			respond: list,
		},
		{
			name: "all keeps the filters",
			call: func(c *Client) error {
				for _, err := range c.Invoices.All(bg, &InvoiceListParams{Status: Ptr(InvoiceStatusPaid)}) {
					return err
				}
				return nil
			},
			method: "GET", path: "/invoices", query: "status=paid", respond: list,
		},
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.Invoices.Get(bg, "inv_abc123", nil); return err },
			method: "GET", path: "/invoices/inv_abc123", respond: inv,
		},
		{
			name: "get with expand escapes the id",
			call: func(c *Client) error {
				_, err := c.Invoices.Get(bg, "inv 1", &InvoiceGetParams{Expand: []InvoiceExpand{InvoiceExpandOrder}, Extra: map[string]any{"x": 1}})
				return err
			},
			method: "GET", path: "/invoices/inv%201", query: "expand=order&x=1", respond: inv,
		},
		{
			name: "create for a customer with every field",
			call: func(c *Client) error {
				_, err := c.Invoices.Create(bg, &InvoiceCreateParams{
					PriceVariant: "price_coaching", Customer: Ptr("cus_abc123"), DueAt: &due,
					Description: Ptr("Coaching"), CollectionMethod: Ptr(InvoiceCollectionMethodChargeAutomatically),
					Extra: map[string]any{"currency": "eur"},
				})
				return err
			},
			method: "POST", path: "/invoices",
			body:    `{"price_variant":"price_coaching","customer":"cus_abc123","due_at":"2026-05-01T12:00:00Z","description":"Coaching","collection_method":"charge_automatically","currency":"eur"}`,
			respond: inv,
		},
		{
			name: "create for a name and email",
			call: func(c *Client) error {
				_, err := c.Invoices.Create(bg, &InvoiceCreateParams{
					PriceVariant: "price_1", CustomerName: Ptr("Bo"), EmailAddress: Ptr("bo@example.com"),
				})
				return err
			},
			method: "POST", path: "/invoices",
			body:    `{"price_variant":"price_1","customer_name":"Bo","email_address":"bo@example.com"}`,
			respond: inv,
		},
		{
			name:   "void sends an empty object",
			call:   func(c *Client) error { _, err := c.Invoices.Void(bg, "inv_abc123", nil); return err },
			method: "POST", path: "/invoices/inv_abc123/void", body: `{}`, respond: inv,
		},
		{
			name:   "void escapes the id",
			call:   func(c *Client) error { _, err := c.Invoices.Void(bg, "inv%1", nil); return err },
			method: "POST", path: "/invoices/inv%251/void", body: `{}`, respond: inv,
		},
	})
}

func TestInvoicesRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	_, err := c.Invoices.List(bg, &InvoiceListParams{Limit: Ptr(101)})
	assert.ErrorIs(t, err, ErrInvalidParam)

	for name, p := range map[string]*InvoiceCreateParams{
		"nil params":      nil,
		"no price":        {Customer: Ptr("cus_1")},
		"no buyer":        {PriceVariant: "price_1"},
		"name, no email":  {PriceVariant: "price_1", CustomerName: Ptr("Bo")},
		"email, no name":  {PriceVariant: "price_1", EmailAddress: Ptr("bo@example.com")},
		"long desc (501)": {PriceVariant: "price_1", Customer: Ptr("cus_1"), Description: Ptr(strings.Repeat("é", 501))},
	} {
		_, err := c.Invoices.Create(bg, p)
		assert.ErrorIs(t, err, ErrInvalidParam, name)
	}
	assert.Empty(t, r.requests(), "invalid input must not reach the network")

	// 500 multi-byte characters are within the limit.
	r.respond(200, fixture(t, "invoice.json"))
	_, err = c.Invoices.Create(bg, &InvoiceCreateParams{PriceVariant: "price_1", Customer: Ptr("cus_1"), Description: Ptr(strings.Repeat("é", 500))})
	require.NoError(t, err)
}

func TestInvoiceDecode(t *testing.T) {
	raw := fixture(t, "invoice.json")
	r := newRecorder(t)
	r.respond(200, raw)
	inv, err := r.client().Invoices.Get(bg, "inv_abc123", nil)
	require.NoError(t, err)

	assert.Equal(t, "inv_abc123", inv.ID)
	assert.Equal(t, "invoice", inv.Object)
	assert.Equal(t, InvoiceStatusOpen, inv.Status)
	assert.True(t, inv.Status.IsKnown())
	assert.Equal(t, "INV-0001", inv.Number)
	assert.Equal(t, "Coaching package, March", *inv.Description)
	assert.Equal(t, "Jane Doe", *inv.CustomerName)
	assert.Equal(t, "jane@example.com", *inv.EmailAddress)
	assert.Equal(t, int64(25000), inv.Amount)
	assert.Equal(t, "usd", inv.Currency)
	assert.Equal(t, InvoiceCollectionMethodSendInvoice, *inv.CollectionMethod)
	assert.True(t, inv.CollectionMethod.IsKnown())
	assert.Equal(t, time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), inv.DueAt.UTC())
	assert.True(t, inv.PaidAt.IsZero())
	assert.Equal(t, Expandable[PriceVariant]{ID: "price_coaching"}, inv.PriceVariant)
	assert.Equal(t, Expandable[Customer]{ID: "cus_abc123"}, inv.Customer)
	assert.True(t, inv.Order.IsZero(), "null order: unpaid")
	assert.Equal(t, "https://store.crevio.co/invoices/inv_abc123", *inv.CheckoutURL)
	assert.Equal(t, time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC), inv.CreatedAt.UTC())
	assert.Equal(t, time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC), inv.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(inv.RawJSON()))
	var extra struct {
		MemoInternal string `json:"memo_internal"`
	}
	require.NoError(t, json.Unmarshal(inv.RawJSON(), &extra))
	assert.Equal(t, "net 30", extra.MemoInternal)
}

func TestInvoiceDecodeExpandedUnknownEnums(t *testing.T) {
	raw := fixture(t, "invoice_expanded.json")
	r := newRecorder(t)
	r.respond(200, raw)
	inv, err := r.client().Invoices.Get(bg, "inv_paid1", &InvoiceGetParams{
		Expand: []InvoiceExpand{InvoiceExpandCustomer, InvoiceExpandPriceVariant, InvoiceExpandOrder},
	})
	require.NoError(t, err)

	assert.Equal(t, InvoiceStatus("partially_paid"), inv.Status, "unknown enum values decode as they are")
	assert.False(t, inv.Status.IsKnown())
	assert.Equal(t, InvoiceCollectionMethod("pay_by_carrier_pigeon"), *inv.CollectionMethod)
	assert.False(t, inv.CollectionMethod.IsKnown())
	assert.Nil(t, inv.Description)
	assert.True(t, inv.DueAt.IsZero())
	assert.Nil(t, inv.CheckoutURL)
	assert.Equal(t, time.Date(2025, 3, 5, 14, 0, 0, 0, time.UTC), inv.PaidAt.UTC(), "paid_at is read leniently")
	assert.True(t, inv.UpdatedAt.IsZero(), "an unreadable timestamp is zero, not a failed decode")

	pv, ok := inv.PriceVariant.Expanded()
	require.True(t, ok)
	assert.Equal(t, "price_coaching", inv.PriceVariant.ID, "an expanded object still has its ID")
	assert.Equal(t, int64(4900), *pv.Amount)
	assert.Equal(t, "eur", *pv.Currency)
	var color struct{ Color string }
	require.NoError(t, json.Unmarshal(pv.RawJSON(), &color))
	assert.Equal(t, "green", color.Color, "an expanded object keeps its own raw JSON")

	cu, ok := inv.Customer.Expanded()
	require.True(t, ok)
	assert.Equal(t, "cus_abc123", inv.Customer.ID)
	assert.Equal(t, "Jane Doe", *cu.Name)
	assert.Equal(t, int64(4900), cu.TotalSpend)

	o, ok := inv.Order.Expanded()
	require.True(t, ok)
	assert.Equal(t, "ord_1", inv.Order.ID)
	assert.Equal(t, int64(4900), o.Amount)
	assert.Equal(t, "cus_abc123", o.Customer.ID)
	assert.JSONEq(t, raw, string(inv.RawJSON()))
}

func TestInvoiceListDecode(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "invoices_list.json"))
	page, err := r.client().Invoices.List(bg, nil)
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	assert.Equal(t, "/v1/invoices", page.URL)
	require.Len(t, page.Data, 2)

	void := page.Data[0]
	assert.Equal(t, InvoiceStatusVoid, void.Status)
	assert.True(t, void.Customer.IsZero(), "null customer")
	assert.Equal(t, "Bo", *void.CustomerName)
	assert.Nil(t, void.CollectionMethod, "absent collection_method is nil")
	var extra struct {
		DaysOverdue *int `json:"days_overdue"`
	}
	require.NoError(t, json.Unmarshal(void.RawJSON(), &extra))
	require.NotNil(t, extra.DaysOverdue)

	paid := page.Data[1]
	assert.Equal(t, InvoiceStatusPaid, paid.Status)
	assert.Equal(t, "ord_1", paid.Order.ID)
	_, expanded := paid.Order.Expanded()
	assert.False(t, expanded)
	assert.Equal(t, time.Date(2025, 3, 5, 14, 0, 0, 0, time.UTC), paid.PaidAt.UTC())
}

func TestInvoiceEnumsIsKnown(t *testing.T) {
	for _, s := range []InvoiceStatus{InvoiceStatusDraft, InvoiceStatusOpen, InvoiceStatusPaid, InvoiceStatusPastDue,
		InvoiceStatusVoid, InvoiceStatusUncollectible} {
		assert.True(t, s.IsKnown(), s)
	}
	assert.False(t, InvoiceStatus("voided").IsKnown())
	assert.True(t, InvoiceCollectionMethodChargeAutomatically.IsKnown())
	assert.False(t, InvoiceCollectionMethod("").IsKnown())
}
