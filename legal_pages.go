package crevio

import (
	"context"
	"iter"
	"net/http"
)

// LegalPagesService is the legal pages API: terms, privacy and refund policies.
type LegalPagesService service

// LegalPage is a legal page: the terms of service, the privacy policy or
// the refund policy. The page's kind, whose field name the reference does
// not know, is reachable through RawJSON.
type LegalPage struct {
	// ID is the page's id.
	ID string `json:"id"`
	// Object is "legal_page".
	Object string `json:"object"`
	// Title is the page's title, such as "Terms of Service".
	Title string `json:"title"`
	// Slug identifies the page in URLs, such as "terms-of-service"; it
	// works wherever an id does.
	Slug string `json:"slug"`
	// Body is the page's HTML, the field every storefront template renders.
	Body string `json:"body"`

	CreatedAt Time `json:"created_at"`
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (p *LegalPage) objectID() string { return p.ID }

// LegalPageListParams pages a legal page list.
type LegalPageListParams struct {
	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// LegalPageUpdateParams are the fields to change on a legal page.
type LegalPageUpdateParams struct {
	// Title renames the page.
	Title *string `json:"title,omitempty"`
	// Body replaces the page's HTML (inferred: the update body is not
	// documented).
	Body *string `json:"body,omitempty"`

	Extra map[string]any `json:"-"`
}

// List returns one page of legal pages.
//
// API: GET /v1/legal_pages
func (s *LegalPagesService) List(ctx context.Context, params *LegalPageListParams, opts ...RequestOption) (*Page[LegalPage], error) {
	return callPath[Page[LegalPage]](ctx, s.c, http.MethodGet, pathLegalPages, params, opts)
}

// All iterates over every legal page.
//
// API: GET /v1/legal_pages (repeated with starting_after)
func (s *LegalPagesService) All(ctx context.Context, params *LegalPageListParams, opts ...RequestOption) iter.Seq2[*LegalPage, error] {
	return all(ctx, params, s.List, opts)
}

// LegalPageGetParams are the params of [LegalPagesService.Get]. The API
// documents none; nil is the usual value.
type LegalPageGetParams struct {
	Extra map[string]any
}

// Get returns a legal page by id or slug.
//
// API: GET /v1/legal_pages/{id_or_slug}
func (s *LegalPagesService) Get(ctx context.Context, idOrSlug string, params *LegalPageGetParams, opts ...RequestOption) (*LegalPage, error) {
	return callObject[LegalPage](ctx, s.c, http.MethodGet, pathLegalPages, idOrSlug, params, opts)
}

// Update changes a legal page, found by id or slug, and returns it.
//
// API: PATCH /v1/legal_pages/{id_or_slug}
func (s *LegalPagesService) Update(ctx context.Context, idOrSlug string, params *LegalPageUpdateParams, opts ...RequestOption) (*LegalPage, error) {
	return callObject[LegalPage](ctx, s.c, http.MethodPatch, pathLegalPages, idOrSlug, params, opts)
}
