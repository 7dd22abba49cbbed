package crevio

import (
	"context"
	"iter"
	"net/http"
)

// SubscriptionsService is the subscriptions API: recurring purchases of
// subscription price variants, which can be canceled, paused and resumed.
type SubscriptionsService service

// Subscription is a customer's recurring purchase.
type Subscription struct {
	// ID is the subscription's id (sub_…).
	ID string `json:"id"`
	// Object is "subscription".
	Object string `json:"object"`
	// Status is the subscription's state.
	Status SubscriptionStatus `json:"status"`
	// Quantity is the number of units subscribed to.
	Quantity *int `json:"quantity"`
	// CurrentPeriodStart starts the current billing period.
	CurrentPeriodStart Time `json:"current_period_start"`
	// CurrentPeriodEnd ends the current billing period.
	CurrentPeriodEnd Time `json:"current_period_end"`
	// TrialEndsAt ends the free trial (zero: no trial).
	TrialEndsAt Time `json:"trial_ends_at"`
	// EndsAt is when access ends after a cancellation (zero: not ending).
	EndsAt Time `json:"ends_at"`
	// CanceledAt is when the subscription was canceled (zero: not
	// canceled). Inferred: not in the documented schema.
	CanceledAt Time `json:"canceled_at"`
	// Canceled reports whether the subscription is canceled.
	Canceled bool `json:"canceled"`
	// Paused reports whether the subscription is paused.
	Paused bool `json:"paused"`
	// Customer is the subscriber, when the API names one (inferred: not in
	// the documented schema).
	Customer Expandable[Customer] `json:"customer"`
	// PriceVariant is the subscribed price variant, when the API names one
	// (inferred: not in the documented schema).
	PriceVariant Expandable[PriceVariant] `json:"price_variant"`
	// Product is the subscribed product's id, when the API names one
	// (inferred: not in the documented schema).
	Product *string `json:"product"`

	CreatedAt Time `json:"created_at"`
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (s *Subscription) objectID() string { return s.ID }

// SubscriptionStatus is a subscription's state.
type SubscriptionStatus string

// Known subscription statuses.
const (
	SubscriptionStatusActive     SubscriptionStatus = "active"
	SubscriptionStatusTrialing   SubscriptionStatus = "trialing"
	SubscriptionStatusPastDue    SubscriptionStatus = "past_due"
	SubscriptionStatusPaused     SubscriptionStatus = "paused"
	SubscriptionStatusCanceled   SubscriptionStatus = "canceled"
	SubscriptionStatusUnpaid     SubscriptionStatus = "unpaid"
	SubscriptionStatusIncomplete SubscriptionStatus = "incomplete"
)

// IsKnown reports whether s is one of the statuses this version knows.
func (s SubscriptionStatus) IsKnown() bool {
	return oneOf(s, SubscriptionStatusActive, SubscriptionStatusTrialing, SubscriptionStatusPastDue,
		SubscriptionStatusPaused, SubscriptionStatusCanceled, SubscriptionStatusUnpaid, SubscriptionStatusIncomplete)
}

// SubscriptionListParams filters and pages a subscription list.
type SubscriptionListParams struct {
	// Status keeps only subscriptions with this status.
	Status *SubscriptionStatus `url:"status"`

	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// SubscriptionActionParams are the options of [SubscriptionsService.Cancel],
// [SubscriptionsService.Pause] and [SubscriptionsService.Resume]. The API
// documents none, so nil (an empty JSON body) is the usual value; Extra
// sends options this version does not model.
type SubscriptionActionParams struct {
	// Extra holds body fields this version does not model; they make up
	// the JSON body.
	Extra map[string]any `json:"-"`
}

// List returns one page of subscriptions, newest first.
//
// API: GET /v1/subscriptions
func (s *SubscriptionsService) List(ctx context.Context, params *SubscriptionListParams, opts ...RequestOption) (*Page[Subscription], error) {
	return callPath[Page[Subscription]](ctx, s.c, http.MethodGet, pathSubscriptions, params, opts)
}

// All iterates over every subscription matching params.
//
// API: GET /v1/subscriptions (repeated with starting_after)
func (s *SubscriptionsService) All(ctx context.Context, params *SubscriptionListParams, opts ...RequestOption) iter.Seq2[*Subscription, error] {
	return all(ctx, params, s.List, opts)
}

// SubscriptionGetParams are the params of [SubscriptionsService.Get]. The
// API documents none; nil is the usual value.
type SubscriptionGetParams struct {
	Extra map[string]any
}

// Get returns a subscription by id.
//
// API: GET /v1/subscriptions/{id}
func (s *SubscriptionsService) Get(ctx context.Context, id string, params *SubscriptionGetParams, opts ...RequestOption) (*Subscription, error) {
	return callObject[Subscription](ctx, s.c, http.MethodGet, pathSubscriptions, id, params, opts)
}

// Cancel cancels a subscription and returns it; access to what it grants
// ends. Canceling is final: a canceled subscription cannot be paused or
// resumed.
//
// API: POST /v1/subscriptions/{id}/cancel
func (s *SubscriptionsService) Cancel(ctx context.Context, id string, params *SubscriptionActionParams, opts ...RequestOption) (*Subscription, error) {
	return s.action(ctx, id, actionCancel, params, opts)
}

// Pause pauses an active subscription and returns it.
//
// API: POST /v1/subscriptions/{id}/pause
func (s *SubscriptionsService) Pause(ctx context.Context, id string, params *SubscriptionActionParams, opts ...RequestOption) (*Subscription, error) {
	return s.action(ctx, id, actionPause, params, opts)
}

// Resume resumes a paused subscription and returns it.
//
// API: POST /v1/subscriptions/{id}/resume
func (s *SubscriptionsService) Resume(ctx context.Context, id string, params *SubscriptionActionParams, opts ...RequestOption) (*Subscription, error) {
	return s.action(ctx, id, actionResume, params, opts)
}

// action runs POST /subscriptions/{id}/{action} and decodes the
// subscription it returns.
func (s *SubscriptionsService) action(ctx context.Context, id, action string, params *SubscriptionActionParams, opts []RequestOption) (*Subscription, error) {
	path, err := actionPath(pathSubscriptions, id, action)
	if err != nil {
		return nil, err
	}
	return callPath[Subscription](ctx, s.c, http.MethodPost, path, params, opts)
}
