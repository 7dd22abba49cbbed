package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckoutsWire(t *testing.T) {
	co := fixture(t, "checkout.json")
	checkWireUA(t, "shop/1.0", []wireCase{
		{
			name: "create with line items",
			call: func(c *Client) error {
				_, err := c.Checkouts.Create(bg, &CheckoutCreateParams{
					LineItems: []CheckoutLineItem{{PriceVariant: "price_one", Quantity: 2}, {PriceVariant: "price_two", Quantity: 1}},
					Email:     Ptr("jane@example.com"),
				})
				return err
			},
			method: "POST", path: "/checkouts",
			body:    `{"line_items":[{"price_variant":"price_one","quantity":2},{"price_variant":"price_two","quantity":1}],"email":"jane@example.com"}`,
			respond: co,
		},
		{
			name: "create with every field",
			call: func(c *Client) error {
				_, err := c.Checkouts.Create(bg, &CheckoutCreateParams{
					LineItems: []CheckoutLineItem{{PriceVariant: "price_one", Quantity: 1}},
					Customer:  Ptr("cus_xyz789"), Email: Ptr("jane@example.com"),
					SuccessURL: Ptr("https://shop.example.com/thanks"), Discount: Ptr("disc_10off"),
					Extra: map[string]any{"amount": 2500},
				})
				return err
			},
			method: "POST", path: "/checkouts",
			body:    `{"line_items":[{"price_variant":"price_one","quantity":1}],"customer":"cus_xyz789","email":"jane@example.com","success_url":"https://shop.example.com/thanks","discount":"disc_10off","amount":2500}`,
			respond: co,
		},
		{
			name: "create to pay an invoice",
			call: func(c *Client) error {
				_, err := c.Checkouts.Create(bg, &CheckoutCreateParams{Invoice: Ptr("inv_001")})
				return err
			},
			method: "POST", path: "/checkouts", body: `{"invoice":"inv_001"}`, respond: co,
		},
		{
			name: "create with line items given through Extra",
			call: func(c *Client) error {
				_, err := c.Checkouts.Create(bg, &CheckoutCreateParams{Extra: map[string]any{
					"line_items": []map[string]any{{"price_variant": "price_pwyw", "quantity": 1, "amount": 700}},
				}})
				return err
			},
			method: "POST", path: "/checkouts",
			body:    `{"line_items":[{"price_variant":"price_pwyw","quantity":1,"amount":700}]}`,
			respond: co,
		},
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.Checkouts.Get(bg, "co_abc123", nil); return err },
			method: "GET", path: "/checkouts/co_abc123", respond: co,
		},
		{
			name: "get with expand",
			call: func(c *Client) error {
				_, err := c.Checkouts.Get(bg, "co_abc123", &CheckoutGetParams{
					Expand: []CheckoutExpand{CheckoutExpandCustomer, "order"}, Extra: map[string]any{"x": "1"},
				})
				return err
			},
			method: "GET", path: "/checkouts/co_abc123", query: "expand=customer%2Corder&x=1", respond: co,
		},
		{
			name:   "get escapes the id",
			call:   func(c *Client) error { _, err := c.Checkouts.Get(bg, "co a?b", nil); return err },
			method: "GET", path: "/checkouts/co%20a%3Fb", respond: co,
		},
		{
			name: "update with clearable fields",
			call: func(c *Client) error {
				_, err := c.Checkouts.Update(bg, "co_abc123", &CheckoutUpdateParams{
					LineItems: []CheckoutLineItem{{PriceVariant: "price_two", Quantity: 3}},
					Customer:  Ptr("cus_2"), Email: Null[string](), SuccessURL: NullableValue("https://x.example/ok"),
					Discount: Null[string](),
				})
				return err
			},
			method: "PATCH", path: "/checkouts/co_abc123",
			body:    `{"line_items":[{"price_variant":"price_two","quantity":3}],"customer":"cus_2","email":null,"success_url":"https://x.example/ok","discount":null}`,
			respond: co,
		},
		{
			name:   "update with nil params sends an empty object",
			call:   func(c *Client) error { _, err := c.Checkouts.Update(bg, "co_abc123", nil); return err },
			method: "PATCH", path: "/checkouts/co_abc123", body: `{}`, respond: co,
		},
		{
			name: "update with Extra",
			call: func(c *Client) error {
				_, err := c.Checkouts.Update(bg, "co_abc123", &CheckoutUpdateParams{Extra: map[string]any{"metadata": nil}})
				return err
			},
			method: "PATCH", path: "/checkouts/co_abc123", body: `{"metadata":null}`, respond: co,
		},
	})
}

func TestCheckoutsRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	bad := []struct {
		name   string
		params *CheckoutCreateParams
		msg    string
	}{
		{"nil params", nil, "params is required"},
		{"neither line items nor invoice", &CheckoutCreateParams{Email: Ptr("a@b.c")}, "LineItems or Invoice is required"},
		{"empty line items", &CheckoutCreateParams{LineItems: []CheckoutLineItem{}}, "LineItems or Invoice is required"},
		{"empty invoice", &CheckoutCreateParams{Invoice: Ptr("")}, "Invoice is empty"},
		{"zero quantity", &CheckoutCreateParams{LineItems: []CheckoutLineItem{{PriceVariant: "price_1"}}}, "LineItems[0].Quantity must be at least 1"},
		{"negative quantity", &CheckoutCreateParams{LineItems: []CheckoutLineItem{{PriceVariant: "price_1", Quantity: 1}, {PriceVariant: "price_2", Quantity: -2}}}, "LineItems[1].Quantity"},
		{"no price variant", &CheckoutCreateParams{LineItems: []CheckoutLineItem{{Quantity: 1}}}, "LineItems[0].PriceVariant is required"},
	}
	for _, tt := range bad {
		_, err := c.Checkouts.Create(bg, tt.params)
		assert.ErrorIs(t, err, ErrInvalidParam, tt.name)
		assert.ErrorContains(t, err, tt.msg, tt.name)
	}
	_, err := c.Checkouts.Update(bg, "co_1", &CheckoutUpdateParams{LineItems: []CheckoutLineItem{{PriceVariant: "price_1", Quantity: 0}}})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.Empty(t, r.requests(), "invalid input must not reach the network")
}

func TestCheckoutDecode(t *testing.T) {
	raw := fixture(t, "checkout.json")
	r := newRecorder(t)
	r.respond(200, raw)
	co, err := r.client().Checkouts.Get(bg, "co_abc123", nil)
	require.NoError(t, err)

	assert.Equal(t, "co_abc123", co.ID)
	assert.Equal(t, "checkout", co.Object)
	assert.Equal(t, CheckoutStatusOpen, co.Status)
	assert.True(t, co.Status.IsKnown())
	assert.Equal(t, CheckoutModePayment, *co.Mode)
	assert.True(t, co.Mode.IsKnown())
	assert.Equal(t, "usd", co.Currency)
	assert.Equal(t, int64(8820), co.Total)
	assert.Equal(t, int64(9800), *co.AmountSubtotal)
	assert.Equal(t, int64(980), *co.AmountDiscount)
	assert.Equal(t, int64(0), *co.AmountTax)
	assert.Equal(t, int64(8820), *co.AmountTotal)
	assert.Equal(t, "co_abc123_secret_xyz", *co.ClientSecret)
	require.Len(t, co.CheckoutItems, 1)
	item := co.CheckoutItems[0]
	assert.Equal(t, "checkout_item", item.Object)
	assert.Equal(t, 2, item.Quantity)
	assert.Equal(t, int64(9800), *item.Amount)
	assert.Equal(t, "price_one", item.PriceVariant.ID)
	assert.Equal(t, "prod_abc123", item.Product.ID)
	assert.Equal(t, "cus_xyz789", co.Customer.ID)
	_, expanded := co.Customer.Expanded()
	assert.False(t, expanded)
	assert.Equal(t, "jane@example.com", *co.Email)
	assert.Equal(t, "https://shop.example.com/thanks", *co.SuccessURL)
	assert.Equal(t, "disc_10off", co.Discount.ID)
	assert.True(t, co.Invoice.IsZero())
	assert.True(t, co.Order.IsZero())
	assert.Equal(t, "https://store.crevio.co/checkout/co_abc123", *co.PurchaseURL)
	assert.Equal(t, "stripe", *co.Processor)
	assert.Equal(t, time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC), co.CreatedAt.UTC())
	assert.Equal(t, time.Date(2025, 3, 1, 12, 5, 0, 0, time.UTC), co.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(co.RawJSON()))
	var extra struct {
		ExpiresAt string `json:"expires_at"`
	}
	require.NoError(t, json.Unmarshal(co.RawJSON(), &extra))
	assert.Equal(t, "2025-03-02T12:00:00Z", extra.ExpiresAt, "unknown fields stay reachable")
}

func TestCheckoutDecodeExpandedUnknownEnums(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "checkout_expanded.json"))
	co, err := r.client().Checkouts.Get(bg, "co_def456", &CheckoutGetParams{Expand: []CheckoutExpand{CheckoutExpandCustomer}})
	require.NoError(t, err)

	assert.Equal(t, CheckoutStatus("processing"), co.Status, "unknown enum values decode as they are")
	assert.False(t, co.Status.IsKnown())
	assert.Equal(t, CheckoutMode("installments"), *co.Mode)
	assert.False(t, co.Mode.IsKnown())
	assert.Nil(t, co.ClientSecret)
	assert.Nil(t, co.AmountSubtotal, "fields the API leaves out stay nil")
	assert.Nil(t, co.PurchaseURL)
	assert.True(t, co.UpdatedAt.IsZero(), "an unreadable timestamp is zero, not a failed decode")
	assert.Equal(t, "inv_001", co.Invoice.ID)
	assert.Equal(t, "ord_777", co.Order.ID)
	assert.True(t, co.Discount.IsZero())

	cust, ok := co.Customer.Expanded()
	require.True(t, ok)
	assert.Equal(t, "cus_xyz789", co.Customer.ID)
	assert.Equal(t, "jane@example.com", cust.Email)
	assert.Equal(t, int64(14700), cust.TotalSpend)
	var tier struct {
		LoyaltyTier string `json:"loyalty_tier"`
	}
	require.NoError(t, json.Unmarshal(cust.RawJSON(), &tier))
	assert.Equal(t, "gold", tier.LoyaltyTier, "an expanded customer keeps its own raw JSON")

	require.Len(t, co.CheckoutItems, 1)
	pv, ok := co.CheckoutItems[0].PriceVariant.Expanded()
	require.True(t, ok, "an item's price variant decodes from an object too")
	assert.Equal(t, "price_two", co.CheckoutItems[0].PriceVariant.ID)
	assert.Equal(t, "Monthly", pv.Name)
	assert.Nil(t, co.CheckoutItems[0].Amount)
}

func TestCheckoutEnumsIsKnown(t *testing.T) {
	for _, s := range []CheckoutStatus{CheckoutStatusOpen, CheckoutStatusComplete, CheckoutStatusAbandoned, CheckoutStatusExpired} {
		assert.True(t, s.IsKnown(), s)
	}
	assert.False(t, CheckoutStatus("").IsKnown())
	assert.True(t, CheckoutModeSubscription.IsKnown())
	assert.False(t, CheckoutMode("setup").IsKnown())
}
