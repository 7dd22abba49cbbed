package crevio

import (
	"context"
	"net/http"
)

// OrderItemsService is the order items API: the line items of orders. Lists
// of them come with their order ([OrderExpandLineItems]).
type OrderItemsService service

// OrderItem is one line of an order: a quantity of one price variant.
type OrderItem struct {
	// ID is the order item's id (ordi_…).
	ID string `json:"id"`
	// Object is "order_item".
	Object string `json:"object"`
	// Quantity is how many units were bought.
	Quantity int `json:"quantity"`
	// Amount is the line's amount in cents, when the API sends it
	// (inferred).
	Amount *int64 `json:"amount,omitempty"`
	// PriceVariant is the price variant bought (its id).
	PriceVariant Expandable[PriceVariant] `json:"price_variant"`
	// Product is the product bought (its id).
	Product Expandable[Product] `json:"product"`
	// Order is the order the item belongs to (its id).
	Order Expandable[Order] `json:"order"`
	// CreatedAt is when the item was created, when the API sends it.
	CreatedAt Time `json:"created_at"`
	// UpdatedAt is when the item last changed, when the API sends it.
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (i *OrderItem) objectID() string { return i.ID }

// OrderItemGetParams are the params of [OrderItemsService.Get]. The API
// documents none; nil is the usual value.
type OrderItemGetParams struct {
	Extra map[string]any
}

// Get returns an order item by id.
//
// API: GET /v1/order_items/{id}
func (s *OrderItemsService) Get(ctx context.Context, id string, params *OrderItemGetParams, opts ...RequestOption) (*OrderItem, error) {
	return callObject[OrderItem](ctx, s.c, http.MethodGet, pathOrderItems, id, params, opts)
}
