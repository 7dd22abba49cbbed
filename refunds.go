package crevio

import (
	"context"
	"fmt"
	"iter"
	"net/http"
)

// RefundsService is the refunds API: full and partial refunds of orders.
type RefundsService service

// Refund gives back all or part of an order's payment.
type Refund struct {
	// ID is the refund's id.
	ID string `json:"id"`
	// Object is "refund".
	Object string `json:"object"`
	// Amount is the amount refunded, in cents.
	Amount int64 `json:"amount"`
	// Currency is the lowercase ISO currency code, such as "usd".
	Currency string `json:"currency"`
	// Status is the refund's state.
	Status RefundStatus `json:"status"`
	// Reason is the reason given for the refund, if any.
	Reason *string `json:"reason"`
	// Notes are the internal notes given with the refund, when the API
	// sends them back (inferred).
	Notes *string `json:"notes,omitempty"`
	// Provider is the payment provider that carries the refund out, such
	// as "stripe".
	Provider *string `json:"provider"`
	// Metadata is free-form data attached to the refund.
	Metadata map[string]any `json:"metadata"`
	// Order is the refunded order (its id).
	Order Expandable[Order] `json:"order"`

	CreatedAt Time `json:"created_at"`
	// UpdatedAt is when the refund last changed, when the API sends it.
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (r *Refund) objectID() string { return r.ID }

// RefundStatus is a refund's state.
type RefundStatus string

// Known refund statuses (inferred: the API reference shows no values).
const (
	RefundStatusPending   RefundStatus = "pending"
	RefundStatusSucceeded RefundStatus = "succeeded"
	RefundStatusFailed    RefundStatus = "failed"
)

// IsKnown reports whether s is one of the statuses this version knows.
func (s RefundStatus) IsKnown() bool {
	return oneOf(s, RefundStatusPending, RefundStatusSucceeded, RefundStatusFailed)
}

// RefundCreateParams are the fields of a new refund.
type RefundCreateParams struct {
	// Order is the id of the order to refund (required).
	Order string `json:"order"`
	// Amount is the amount to refund in cents, more than 0. Leave it nil to
	// refund whatever of the order has not been refunded yet.
	Amount *int64 `json:"amount,omitempty"`
	// Reason is a free-text reason for the refund.
	Reason *string `json:"reason,omitempty"`
	// Notes are internal notes, not shown to the customer.
	Notes *string `json:"notes,omitempty"`
	// Metadata is free-form data kept on the refund ([Refund.Metadata]).
	// The create page does not list it (inferred).
	Metadata map[string]any `json:"metadata,omitempty"`

	Extra map[string]any `json:"-"`
}

func (p *RefundCreateParams) validate() error {
	if p.Order == "" {
		return errRequired("Order")
	}
	if p.Amount != nil && *p.Amount <= 0 {
		return fmt.Errorf("%w: Amount must be more than 0, got %d (leave it nil for a full refund)", ErrInvalidParam, *p.Amount)
	}
	return nil
}

// RefundListParams filters and pages a refund list.
type RefundListParams struct {
	// Order keeps only the refunds of this order id.
	Order *string `url:"order"`

	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// Create refunds an order, fully (Amount nil) or partly. The order's status
// becomes partially_refunded or refunded.
//
// API: POST /v1/refunds
func (s *RefundsService) Create(ctx context.Context, params *RefundCreateParams, opts ...RequestOption) (*Refund, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[Refund](ctx, s.c, http.MethodPost, pathRefunds, params, opts)
}

// List returns one page of refunds, newest first.
//
// API: GET /v1/refunds
func (s *RefundsService) List(ctx context.Context, params *RefundListParams, opts ...RequestOption) (*Page[Refund], error) {
	return callPath[Page[Refund]](ctx, s.c, http.MethodGet, pathRefunds, params, opts)
}

// All iterates over every refund matching params.
//
// API: GET /v1/refunds (repeated with starting_after)
func (s *RefundsService) All(ctx context.Context, params *RefundListParams, opts ...RequestOption) iter.Seq2[*Refund, error] {
	return all(ctx, params, s.List, opts)
}

// RefundGetParams are the params of [RefundsService.Get]. The API documents
// none; nil is the usual value.
type RefundGetParams struct {
	Extra map[string]any
}

// Get returns a refund by id.
//
// API: GET /v1/refunds/{id}
func (s *RefundsService) Get(ctx context.Context, id string, params *RefundGetParams, opts ...RequestOption) (*Refund, error) {
	return callObject[Refund](ctx, s.c, http.MethodGet, pathRefunds, id, params, opts)
}
