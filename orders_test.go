package crevio

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOrdersWire(t *testing.T) {
	order := fixture(t, "order.json")
	list := fixture(t, "orders_list.json")
	checkWireUA(t, "shop/1.0", []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.Orders.List(bg, nil); return err },
			method: "GET", path: "/orders", respond: list,
		},
		{
			name: "list with every filter",
			call: func(c *Client) error {
				_, err := c.Orders.List(bg, &OrderListParams{
					Status: Ptr(OrderStatusPartiallyRefunded), Customer: Ptr("cus_1"), Processor: Ptr("stripe"),
					Limit: Ptr(50), StartingAfter: Ptr("ord_9"),
					Expand: []OrderExpand{OrderExpandCustomer, OrderExpandLineItems},
					Extra:  map[string]any{"created_after": "2025-01-01"},
				})
				return err
			},
			method: "GET", path: "/orders",
			query:   "created_after=2025-01-01&customer=cus_1&expand=customer%2Cline_items&limit=50&processor=stripe&starting_after=ord_9&status=partially_refunded",
			respond: list,
		},
		{
			name: "all sends the list params",
			call: func(c *Client) error {
				for _, err := range c.Orders.All(bg, &OrderListParams{Status: Ptr(OrderStatusPaid)}) {
					if err != nil {
						return err
					}
				}
				return nil
			},
			method: "GET", path: "/orders", query: "status=paid",
			respond: `{"object":"list","data":[{"id":"ord_1"}],"has_more":false,"url":"/v1/orders"}`,
		},
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.Orders.Get(bg, "ord_abc123", nil); return err },
			method: "GET", path: "/orders/ord_abc123", respond: order,
		},
		{
			name: "get with expand",
			call: func(c *Client) error {
				_, err := c.Orders.Get(bg, "ord_abc123", &OrderGetParams{
					Expand: []OrderExpand{OrderExpandLineItems, OrderExpandCustomer},
					Extra:  map[string]any{"include": "charges"},
				})
				return err
			},
			method: "GET", path: "/orders/ord_abc123", query: "expand=line_items%2Ccustomer&include=charges", respond: order,
		},
		{
			name:   "get escapes the id",
			call:   func(c *Client) error { _, err := c.Orders.Get(bg, "ord 1?x#y%", nil); return err },
			method: "GET", path: "/orders/ord%201%3Fx%23y%25", respond: order,
		},
	})
}

func TestOrdersRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	for _, err := range c.Orders.All(bg, &OrderListParams{Limit: Ptr(0)}) {
		assert.ErrorIs(t, err, ErrInvalidParam)
	}
	assert.Empty(t, r.requests(), "invalid input must not reach the network")
}

func TestOrderDecode(t *testing.T) {
	raw := fixture(t, "order.json")
	r := newRecorder(t)
	r.respond(200, raw, "X-Request-Id", "req_ord")
	var resp *http.Response
	o, err := r.client().Orders.Get(bg, "ord_abc123", nil, WithResponse(&resp))
	require.NoError(t, err)

	assert.Equal(t, "ord_abc123", o.ID)
	assert.Equal(t, "order", o.Object)
	assert.Equal(t, OrderStatusPartiallyRefunded, o.Status)
	assert.True(t, o.Status.IsKnown())
	assert.Equal(t, int64(9800), o.Amount)
	assert.Equal(t, int64(9800), *o.AmountTotal)
	assert.Equal(t, int64(1000), o.AmountRefunded)
	assert.Equal(t, "usd", o.Currency)
	assert.Equal(t, "stripe", *o.Processor)
	assert.Equal(t, "cus_xyz789", o.Customer.ID)
	_, expanded := o.Customer.Expanded()
	assert.False(t, expanded)
	assert.Equal(t, "co_abc123", o.Checkout.ID)
	require.Len(t, o.LineItems, 2)
	assert.Equal(t, "ordi_1", o.LineItems[0].ID)
	assert.Equal(t, "ordi_2", o.LineItems[1].ID)
	_, expanded = o.LineItems[0].Expanded()
	assert.False(t, expanded)
	assert.Equal(t, time.Date(2025, 3, 1, 12, 10, 0, 0, time.UTC), o.CreatedAt.UTC())
	assert.Equal(t, time.Date(2025, 3, 2, 9, 0, 0, 0, time.UTC), o.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(o.RawJSON()))
	var extra struct {
		IsSeatOrder *bool `json:"is_seat_order"`
	}
	require.NoError(t, json.Unmarshal(o.RawJSON(), &extra))
	require.NotNil(t, extra.IsSeatOrder, "unknown fields stay reachable")
	assert.Equal(t, "req_ord", RequestID(resp))
}

func TestOrderDecodeExpanded(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "order_expanded.json"))
	o, err := r.client().Orders.Get(bg, "ord_def456", &OrderGetParams{Expand: []OrderExpand{OrderExpandCustomer, OrderExpandLineItems}})
	require.NoError(t, err)

	assert.Equal(t, OrderStatus("disputed"), o.Status, "unknown enum values decode as they are")
	assert.False(t, o.Status.IsKnown())
	assert.Nil(t, o.AmountTotal)
	assert.Nil(t, o.Processor)
	assert.True(t, o.Checkout.IsZero())

	cust, ok := o.Customer.Expanded()
	require.True(t, ok)
	assert.Equal(t, "cus_xyz789", o.Customer.ID, "an expanded object still has its ID")
	assert.Equal(t, "jane@example.com", cust.Email)
	assert.Equal(t, "Jane Doe", *cust.Name)
	assert.Equal(t, 1, cust.OrdersCount)

	require.Len(t, o.LineItems, 1)
	item, ok := o.LineItems[0].Expanded()
	require.True(t, ok)
	assert.Equal(t, "ordi_3", o.LineItems[0].ID)
	assert.Equal(t, "order_item", item.Object)
	assert.Equal(t, 1, item.Quantity)
	assert.Equal(t, int64(4900), *item.Amount)
	assert.Equal(t, "price_two", item.PriceVariant.ID)
	assert.Equal(t, "prod_abc123", item.Product.ID)
	assert.Equal(t, "ord_def456", item.Order.ID)
	var gift struct{ Gift bool }
	require.NoError(t, json.Unmarshal(item.RawJSON(), &gift))
	assert.True(t, gift.Gift, "an expanded item keeps its own raw JSON")
}

func TestOrderListDecode(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "orders_list.json"), "X-Request-Id", "req_list")
	page, err := r.client().Orders.List(bg, nil)
	require.NoError(t, err)
	assert.Equal(t, "list", page.Object)
	assert.True(t, page.HasMore)
	assert.Equal(t, "/v1/orders", page.URL)
	assert.Equal(t, "req_list", page.RequestID)
	require.Len(t, page.Data, 2)
	assert.Equal(t, "ord_b", page.Data[0].ID)
	assert.Equal(t, OrderStatusPaid, page.Data[0].Status)
	assert.Equal(t, "ordi_b1", page.Data[0].LineItems[0].ID)
	assert.Equal(t, OrderStatus("chargeback"), page.Data[1].Status)
	assert.False(t, page.Data[1].Status.IsKnown())
	assert.True(t, page.Data[1].Customer.IsZero(), "a null customer is zero")
	assert.Empty(t, page.Data[1].LineItems)
	var x402 struct{ X402 struct{ Network string } }
	require.NoError(t, json.Unmarshal(page.Data[0].RawJSON(), &x402))
	assert.Equal(t, "base", x402.X402.Network)
}

func TestOrderStatusIsKnown(t *testing.T) {
	for _, s := range []OrderStatus{OrderStatusPending, OrderStatusPaid, OrderStatusSucceeded, OrderStatusFailed,
		OrderStatusRefunded, OrderStatusPartiallyRefunded} {
		assert.True(t, s.IsKnown(), s)
	}
	assert.False(t, OrderStatus("").IsKnown())
	assert.False(t, OrderStatus("PAID").IsKnown())
}
