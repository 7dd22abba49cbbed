package crevio

import (
	"context"
	"fmt"
	"net/http"
)

// CheckoutsService is the checkouts API: checkout sessions. A checkout is
// created with line items, or with an invoice to pay it; the buyer pays at
// its purchase page, which completes it and creates an order.
type CheckoutsService service

// Checkout is a checkout session.
type Checkout struct {
	// ID is the checkout's id (co_…).
	ID string `json:"id"`
	// Object is "checkout".
	Object string `json:"object"`
	// Status is the checkout's state: open until paid (complete), abandoned
	// or expired.
	Status CheckoutStatus `json:"status"`
	// Mode is the kind of payment, such as payment or subscription, when set.
	Mode *CheckoutMode `json:"mode"`
	// Currency is the lowercase ISO currency code, such as "usd".
	Currency string `json:"currency"`
	// Total is the amount to pay, in cents.
	Total int64 `json:"total"`
	// AmountSubtotal is the total before discounts, in cents, when the API
	// sends it (inferred).
	AmountSubtotal *int64 `json:"amount_subtotal,omitempty"`
	// AmountDiscount is the discount taken off, in cents, when the API sends
	// it (inferred).
	AmountDiscount *int64 `json:"amount_discount,omitempty"`
	// AmountTax is the tax included, in cents, when the API sends it (seen in
	// webhook payloads).
	AmountTax *int64 `json:"amount_tax,omitempty"`
	// AmountTotal is the amount to pay, in cents, when the API sends it (seen
	// in webhook payloads; the same as Total).
	AmountTotal *int64 `json:"amount_total,omitempty"`
	// ClientSecret lets a client-side payment form confirm the payment.
	ClientSecret *string `json:"client_secret"`
	// CheckoutItems are what the checkout sells.
	CheckoutItems []CheckoutItem `json:"checkout_items"`
	// Customer is the buyer, if known: their id, or the object when expanded
	// with [CheckoutExpandCustomer].
	Customer Expandable[Customer] `json:"customer"`
	// Email is the buyer's email address the checkout was created with, if
	// any (inferred).
	Email *string `json:"email,omitempty"`
	// SuccessURL is where the buyer is sent after paying, if set (inferred).
	SuccessURL *string `json:"success_url,omitempty"`
	// Discount is the discount applied, if any (its id; inferred).
	Discount Expandable[Discount] `json:"discount"`
	// Invoice is the invoice the checkout pays, if any (its id; inferred).
	Invoice Expandable[Invoice] `json:"invoice"`
	// Order is the order created when the checkout completed (zero until
	// then; its id; inferred).
	Order Expandable[Order] `json:"order"`
	// PurchaseURL is the hosted page where the buyer pays, when the API sends
	// it.
	PurchaseURL *string `json:"purchase_url,omitempty"`
	// Processor is the payment processor, such as "stripe", when the API
	// sends it (seen in webhook payloads).
	Processor *string `json:"processor,omitempty"`

	CreatedAt Time `json:"created_at"`
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (c *Checkout) objectID() string { return c.ID }

// CheckoutItem is one line of a checkout.
type CheckoutItem struct {
	// Object is "checkout_item".
	Object string `json:"object"`
	// Quantity is how many units are bought.
	Quantity int `json:"quantity"`
	// Amount is the line's amount in cents, when the API sends it
	// (inferred).
	Amount *int64 `json:"amount,omitempty"`
	// PriceVariant is the price variant bought (its id).
	PriceVariant Expandable[PriceVariant] `json:"price_variant"`
	// Product is the product bought (its id).
	Product Expandable[Product] `json:"product"`
}

// CheckoutStatus is a checkout's state.
type CheckoutStatus string

// Known checkout statuses.
const (
	CheckoutStatusOpen      CheckoutStatus = "open"
	CheckoutStatusComplete  CheckoutStatus = "complete"
	CheckoutStatusAbandoned CheckoutStatus = "abandoned"
	CheckoutStatusExpired   CheckoutStatus = "expired"
)

// IsKnown reports whether s is one of the statuses this version knows.
func (s CheckoutStatus) IsKnown() bool {
	return oneOf(s, CheckoutStatusOpen, CheckoutStatusComplete, CheckoutStatusAbandoned, CheckoutStatusExpired)
}

// CheckoutMode is the kind of payment a checkout takes. Its values are
// inferred.
type CheckoutMode string

// Known checkout modes.
const (
	// CheckoutModePayment is a one-time payment.
	CheckoutModePayment CheckoutMode = "payment"
	// CheckoutModeSubscription starts a subscription.
	CheckoutModeSubscription CheckoutMode = "subscription"
)

// IsKnown reports whether m is one of the modes this version knows.
func (m CheckoutMode) IsKnown() bool {
	return oneOf(m, CheckoutModePayment, CheckoutModeSubscription)
}

// CheckoutExpand names a related object a checkout call can expand.
type CheckoutExpand string

// Expandable checkout relations.
const (
	// CheckoutExpandCustomer embeds the buyer.
	CheckoutExpandCustomer CheckoutExpand = "customer"
)

// CheckoutLineItem is a line of a new or changed checkout.
type CheckoutLineItem struct {
	// PriceVariant is the id of the price variant to sell (required).
	PriceVariant string `json:"price_variant"`
	// Quantity is how many units to sell, at least 1 (required).
	Quantity int `json:"quantity"`
}

// validateCheckoutLineItems checks the lines of a create or update.
func validateCheckoutLineItems(items []CheckoutLineItem) error {
	for i, li := range items {
		if li.PriceVariant == "" {
			return fmt.Errorf("%w: LineItems[%d].PriceVariant is required", ErrInvalidParam, i)
		}
		if li.Quantity < 1 {
			return fmt.Errorf("%w: LineItems[%d].Quantity must be at least 1, got %d", ErrInvalidParam, i, li.Quantity)
		}
	}
	return nil
}

// CheckoutCreateParams are the fields of a new checkout. It needs LineItems
// or an Invoice.
type CheckoutCreateParams struct {
	// LineItems are what to sell.
	LineItems []CheckoutLineItem `json:"line_items,omitempty"`
	// Invoice is the id of an open invoice to pay, instead of LineItems.
	Invoice *string `json:"invoice,omitempty"`
	// Customer is the id of an existing customer who will pay.
	Customer *string `json:"customer,omitempty"`
	// Email prefills the buyer's email address.
	Email *string `json:"email,omitempty"`
	// SuccessURL is where the buyer is sent after paying.
	SuccessURL *string `json:"success_url,omitempty"`
	// Discount is the id of a discount to apply.
	Discount *string `json:"discount,omitempty"`

	Extra map[string]any `json:"-"`
}

func (p *CheckoutCreateParams) validate() error {
	if p.Invoice != nil && *p.Invoice == "" {
		return fmt.Errorf("%w: Invoice is empty", ErrInvalidParam)
	}
	_, extraItems := p.Extra["line_items"]
	_, extraInvoice := p.Extra["invoice"]
	if len(p.LineItems) == 0 && p.Invoice == nil && !extraItems && !extraInvoice {
		return fmt.Errorf("%w: LineItems or Invoice is required", ErrInvalidParam)
	}
	return validateCheckoutLineItems(p.LineItems)
}

// CheckoutUpdateParams are the fields to change on an open checkout.
type CheckoutUpdateParams struct {
	// LineItems replaces what the checkout sells.
	LineItems []CheckoutLineItem `json:"line_items,omitempty"`
	// Customer sets the id of the customer who will pay.
	Customer *string `json:"customer,omitempty"`
	// Email sets or clears the prefilled email address.
	Email Nullable[string] `json:"email,omitzero"`
	// SuccessURL sets or clears where the buyer is sent after paying.
	SuccessURL Nullable[string] `json:"success_url,omitzero"`
	// Discount sets (by id) or removes the discount.
	Discount Nullable[string] `json:"discount,omitzero"`

	Extra map[string]any `json:"-"`
}

func (p *CheckoutUpdateParams) validate() error { return validateCheckoutLineItems(p.LineItems) }

// CheckoutGetParams are the options of [CheckoutsService.Get].
type CheckoutGetParams struct {
	// Expand names relations to embed, such as [CheckoutExpandCustomer].
	Expand []CheckoutExpand `url:"expand"`

	Extra map[string]any
}

// Create creates a checkout session, with line items or to pay an invoice.
// Send the buyer to its PurchaseURL to pay.
//
// API: POST /v1/checkouts
func (s *CheckoutsService) Create(ctx context.Context, params *CheckoutCreateParams, opts ...RequestOption) (*Checkout, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[Checkout](ctx, s.c, http.MethodPost, pathCheckouts, params, opts)
}

// Get returns a checkout by id.
//
// API: GET /v1/checkouts/{id}
func (s *CheckoutsService) Get(ctx context.Context, id string, params *CheckoutGetParams, opts ...RequestOption) (*Checkout, error) {
	return callObject[Checkout](ctx, s.c, http.MethodGet, pathCheckouts, id, params, opts)
}

// Update changes an open checkout and returns it.
//
// API: PATCH /v1/checkouts/{id}
func (s *CheckoutsService) Update(ctx context.Context, id string, params *CheckoutUpdateParams, opts ...RequestOption) (*Checkout, error) {
	return callObject[Checkout](ctx, s.c, http.MethodPatch, pathCheckouts, id, params, opts)
}
