package crevio

import (
	"context"
	"net/http"
)

// MeService is the current user API: the user the API token acts as.
type MeService service

// MeGetParams are the params of [MeService.Get]. The API documents none; nil
// is the usual value.
type MeGetParams struct {
	Extra map[string]any
}

// Get returns the user the API token acts as.
//
// API: GET /v1/me
func (s *MeService) Get(ctx context.Context, params *MeGetParams, opts ...RequestOption) (*User, error) {
	return callPath[User](ctx, s.c, http.MethodGet, pathMe, params, opts)
}
