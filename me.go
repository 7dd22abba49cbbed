package crevio

import (
	"context"
	"net/http"
)

// MeService is the current user API: the user the API token acts as.
type MeService service

// Get returns the user the API token acts as.
//
// API: GET /v1/me
func (s *MeService) Get(ctx context.Context, opts ...RequestOption) (*User, error) {
	return callPath[User](ctx, s.c, http.MethodGet, pathMe, nil, opts)
}
