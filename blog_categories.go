package crevio

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// BlogCategoriesService is the blog categories API.
type BlogCategoriesService service

// BlogCategory is a category of blog posts. The API documents only that
// categories exist; the fields are inferred. Its RawJSON method returns the
// JSON it was decoded from.
type BlogCategory struct {
	// ID is the category's id.
	ID string `json:"id"`
	// Object is "blog_category" (inferred).
	Object string `json:"object"`
	// Name is the category's name (inferred).
	Name string `json:"name"`
	// Slug is the category's URL slug (inferred).
	Slug string `json:"slug"`
	// CreatedAt is when the category was created (inferred).
	CreatedAt Time `json:"created_at"`
	// UpdatedAt is when the category last changed (inferred).
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (b *BlogCategory) objectID() string { return b.ID }

// BlogCategoryListParams pages a blog category list. The zero value (or
// nil) lists the first page with the API's default limit.
type BlogCategoryListParams struct {
	// Limit is the page size, 1 to 100 (API default 20).
	Limit *int
	// StartingAfter is the id of the last category of the previous page.
	StartingAfter *string
	// Extra holds query params this version does not model.
	Extra map[string]any
}

func (p *BlogCategoryListParams) encodeQuery(q url.Values) error {
	if err := encodeList(q, p.Limit, p.StartingAfter); err != nil {
		return err
	}
	return encodeExtra(q, p.Extra)
}

func (p *BlogCategoryListParams) setStartingAfter(id string) { p.StartingAfter = &id }

// List returns one page of blog categories.
//
// API: GET /v1/blog_categories
func (s *BlogCategoriesService) List(ctx context.Context, params *BlogCategoryListParams, opts ...RequestOption) (*Page[BlogCategory], error) {
	return callPath[Page[BlogCategory]](ctx, s.c, http.MethodGet, pathBlogCategories, params, opts)
}

// All iterates over every blog category, fetching pages lazily as the loop
// advances. Breaking out of the loop stops it with no further request. A
// failed page is yielded as an error, after which it stops.
//
// API: GET /v1/blog_categories (repeated with starting_after)
func (s *BlogCategoriesService) All(ctx context.Context, params *BlogCategoryListParams, opts ...RequestOption) iter.Seq2[*BlogCategory, error] {
	return all(ctx, params, s.List, opts)
}
