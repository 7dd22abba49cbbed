package crevio

import (
	"context"
	"iter"
	"net/http"
)

// OrdersService is the orders API. Orders are read-only: they come from
// completed checkouts, paid invoices and x402 payments, and change through
// refunds (see [RefundsService]).
type OrdersService service

// Order is a purchase.
type Order struct {
	// ID is the order's id (ord_…).
	ID string `json:"id"`
	// Object is "order".
	Object string `json:"object"`
	// Status is the order's payment state.
	Status OrderStatus `json:"status"`
	// Amount is the amount paid, in cents.
	Amount int64 `json:"amount"`
	// AmountTotal is the order's total in cents, when the API sends it
	// (inferred; the documented total is Amount).
	AmountTotal *int64 `json:"amount_total,omitempty"`
	// AmountRefunded is how much of Amount has been refunded, in cents.
	AmountRefunded int64 `json:"amount_refunded"`
	// Currency is the lowercase ISO currency code, such as "usd".
	Currency string `json:"currency"`
	// Processor is the payment processor that took the payment, such as
	// "stripe" (inferred from the list filter of the same name).
	Processor *string `json:"processor,omitempty"`
	// Customer is the buyer, if known: their id, or the object when expanded
	// with [OrderExpandCustomer].
	Customer Expandable[Customer] `json:"customer"`
	// Checkout is the checkout the order came from, if any (its id).
	Checkout Expandable[Checkout] `json:"checkout"`
	// LineItems are the order's items: ids, or objects when expanded with
	// [OrderExpandLineItems].
	LineItems []Expandable[OrderItem] `json:"line_items"`

	CreatedAt Time `json:"created_at"`
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (o *Order) objectID() string { return o.ID }

// OrderStatus is an order's payment state.
type OrderStatus string

// Known order statuses.
const (
	OrderStatusPending           OrderStatus = "pending"
	OrderStatusPaid              OrderStatus = "paid"
	OrderStatusSucceeded         OrderStatus = "succeeded"
	OrderStatusFailed            OrderStatus = "failed"
	OrderStatusRefunded          OrderStatus = "refunded"
	OrderStatusPartiallyRefunded OrderStatus = "partially_refunded"
)

// IsKnown reports whether s is one of the statuses this version knows.
func (s OrderStatus) IsKnown() bool {
	return oneOf(s, OrderStatusPending, OrderStatusPaid, OrderStatusSucceeded, OrderStatusFailed,
		OrderStatusRefunded, OrderStatusPartiallyRefunded)
}

// OrderExpand names a related object an order call can expand.
type OrderExpand string

// Expandable order relations.
const (
	// OrderExpandCustomer embeds the buyer.
	OrderExpandCustomer OrderExpand = "customer"
	// OrderExpandLineItems embeds the order items.
	OrderExpandLineItems OrderExpand = "line_items"
)

// OrderListParams filters and pages an order list.
type OrderListParams struct {
	// Status keeps only orders with this status.
	Status *OrderStatus `url:"status"`
	// Customer keeps only the orders of this customer id.
	Customer *string `url:"customer"`
	// Processor keeps only orders paid through this processor, such as
	// "stripe".
	Processor *string `url:"processor"`
	// Expand names relations to embed in each order.
	Expand []OrderExpand `url:"expand"`

	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// OrderGetParams are the options of [OrdersService.Get].
type OrderGetParams struct {
	// Expand names relations to embed, such as [OrderExpandCustomer].
	Expand []OrderExpand `url:"expand"`

	Extra map[string]any
}

// List returns one page of orders, newest first.
//
// API: GET /v1/orders
func (s *OrdersService) List(ctx context.Context, params *OrderListParams, opts ...RequestOption) (*Page[Order], error) {
	return callPath[Page[Order]](ctx, s.c, http.MethodGet, pathOrders, params, opts)
}

// All iterates over every order matching params.
//
// API: GET /v1/orders (repeated with starting_after)
func (s *OrdersService) All(ctx context.Context, params *OrderListParams, opts ...RequestOption) iter.Seq2[*Order, error] {
	return all(ctx, params, s.List, opts)
}

// Get returns an order by id.
//
// API: GET /v1/orders/{id}
func (s *OrdersService) Get(ctx context.Context, id string, params *OrderGetParams, opts ...RequestOption) (*Order, error) {
	return callObject[Order](ctx, s.c, http.MethodGet, pathOrders, id, params, opts)
}
