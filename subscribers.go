package crevio

import (
	"context"
	"net/http"
)

// SubscribersService is the newsletter subscribers API: it signs people up
// to the account's primary newsletter form, as customers.
type SubscribersService service

// SubscriberCreateParams are the fields of a newsletter signup.
type SubscriberCreateParams struct {
	// Email is the subscriber's email address (required).
	Email string `json:"email"`
	// Name is the subscriber's name.
	Name *string `json:"name,omitempty"`

	Extra map[string]any `json:"-"`
}

func (p *SubscriberCreateParams) validate() error {
	if p.Email == "" {
		return errRequired("Email")
	}
	return nil
}

// Create subscribes an email address to the account's primary newsletter
// and returns the customer it is recorded as. Its ConfirmedAt stays zero
// until the person confirms by email (double opt-in).
//
// API: POST /v1/subscribers
func (s *SubscribersService) Create(ctx context.Context, params *SubscriberCreateParams, opts ...RequestOption) (*Customer, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[Customer](ctx, s.c, http.MethodPost, pathSubscribers, params, opts)
}
