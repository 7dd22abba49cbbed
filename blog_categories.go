package crevio

import (
	"context"
	"iter"
	"net/http"
)

// BlogCategoriesService is the blog categories API.
type BlogCategoriesService service

// BlogCategory is a category of blog posts. The API documents only that
// categories exist; the fields are inferred.
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

// BlogCategoryListParams pages a blog category list.
type BlogCategoryListParams struct {
	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// List returns one page of blog categories.
//
// API: GET /v1/blog_categories
func (s *BlogCategoriesService) List(ctx context.Context, params *BlogCategoryListParams, opts ...RequestOption) (*Page[BlogCategory], error) {
	return callPath[Page[BlogCategory]](ctx, s.c, http.MethodGet, pathBlogCategories, params, opts)
}

// All iterates over every blog category.
//
// API: GET /v1/blog_categories (repeated with starting_after)
func (s *BlogCategoriesService) All(ctx context.Context, params *BlogCategoryListParams, opts ...RequestOption) iter.Seq2[*BlogCategory, error] {
	return all(ctx, params, s.List, opts)
}
