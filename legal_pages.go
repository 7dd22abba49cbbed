package crevio

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// LegalPagesService is the legal pages API: terms, privacy and refund policies.
type LegalPagesService service

// LegalPage is a legal page: the terms of service, the privacy policy or
// the refund policy. Its RawJSON method returns the JSON it was decoded
// from; the page's kind, whose field name the reference does not know, is
// reachable there.
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
	// Content is the page's body, in HTML.
	Content string `json:"content"`
	// CreatedAt is when the page was created.
	CreatedAt Time `json:"created_at"`
	// UpdatedAt is when the page last changed.
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (p *LegalPage) objectID() string { return p.ID }

// LegalPageListParams pages a legal page list. The zero value (or nil)
// lists the first page with the API's default limit.
type LegalPageListParams struct {
	// Limit is the page size, 1 to 100 (API default 20).
	Limit *int
	// StartingAfter is the id of the last page of the previous page.
	StartingAfter *string
	// Extra holds query params this version does not model.
	Extra map[string]any
}

func (p *LegalPageListParams) encodeQuery(q url.Values) error {
	if err := encodeList(q, p.Limit, p.StartingAfter); err != nil {
		return err
	}
	return encodeExtra(q, p.Extra)
}

func (p *LegalPageListParams) setStartingAfter(id string) { p.StartingAfter = &id }

// LegalPageUpdateParams are the fields to change on a legal page; unset
// fields are left as they are.
type LegalPageUpdateParams struct {
	// Title renames the page.
	Title *string `json:"title,omitempty"`
	// Content replaces the page's HTML body.
	Content *string `json:"content,omitempty"`
	// Extra holds body fields this version does not model (a nil value sends
	// null); they win over the fields above.
	Extra map[string]any `json:"-"`
}

func (p *LegalPageUpdateParams) extraFields() map[string]any { return p.Extra }

// List returns one page of legal pages.
//
// API: GET /v1/legal_pages
func (s *LegalPagesService) List(ctx context.Context, params *LegalPageListParams, opts ...RequestOption) (*Page[LegalPage], error) {
	return callPath[Page[LegalPage]](ctx, s.c, http.MethodGet, pathLegalPages, params, opts)
}

// All iterates over every legal page, fetching pages lazily as the loop
// advances. Breaking out of the loop stops it with no further request. A
// failed page is yielded as an error, after which it stops.
//
// API: GET /v1/legal_pages (repeated with starting_after)
func (s *LegalPagesService) All(ctx context.Context, params *LegalPageListParams, opts ...RequestOption) iter.Seq2[*LegalPage, error] {
	return all(ctx, params, s.List, opts)
}

// Get returns a legal page by id or slug.
//
// API: GET /v1/legal_pages/{id_or_slug}
func (s *LegalPagesService) Get(ctx context.Context, idOrSlug string, opts ...RequestOption) (*LegalPage, error) {
	return callObject[LegalPage](ctx, s.c, http.MethodGet, pathLegalPages, idOrSlug, nil, opts)
}

// Update changes a legal page, found by id or slug, and returns it.
//
// API: PATCH /v1/legal_pages/{id_or_slug}
func (s *LegalPagesService) Update(ctx context.Context, idOrSlug string, params *LegalPageUpdateParams, opts ...RequestOption) (*LegalPage, error) {
	return callObject[LegalPage](ctx, s.c, http.MethodPatch, pathLegalPages, idOrSlug, params, opts)
}
