package crevio

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// ProductsService is the products API: products are what a creator sells
// (courses, downloads, memberships, …), each with one or more price variants.
type ProductsService service

// Product is a product.
type Product struct {
	// ID is the product's id (prod_…).
	ID string `json:"id"`
	// Object is "product".
	Object string `json:"object"`
	// Name is the product's name.
	Name string `json:"name"`
	// Slug identifies the product in URLs; it works wherever an id does.
	Slug string `json:"slug"`
	// Status is the product's publication status.
	Status ProductStatus `json:"status"`
	// Description is a plain-text summary.
	Description *string `json:"description"`
	// BodyHTML is the long HTML description.
	BodyHTML *string `json:"body_html"`
	// ButtonCTA is the buy button's label.
	ButtonCTA *string `json:"button_cta"`
	// URL is the public storefront URL.
	URL *string `json:"url"`
	// AvailableFrom starts the sale window (zero: no start).
	AvailableFrom Time `json:"available_from"`
	// AvailableUntil ends the sale window (zero: no end).
	AvailableUntil Time `json:"available_until"`
	// PublishedAt is when the product was published (zero: not published).
	PublishedAt Time `json:"published_at"`
	// ReviewsCount is the number of reviews.
	ReviewsCount int `json:"reviews_count"`
	// AverageRating is the mean review rating, nil without reviews.
	AverageRating *float64 `json:"average_rating"`
	// MediaGallery lists the product's images and videos.
	MediaGallery []MediaItem `json:"media_gallery"`
	// PriceVariants are the product's prices, archived and hidden ones
	// included: full price variant objects, as the API embeds them (an
	// id-only element also decodes).
	PriceVariants []Expandable[PriceVariant] `json:"price_variants"`
	// SEO holds search-engine overrides, nil when unset.
	SEO *SEO `json:"seo"`
	// Reviews holds the product's reviews when expanded with
	// [ProductExpandReviews]; nil otherwise.
	Reviews []Review `json:"reviews,omitempty"`
	// TaxCode is the Stripe tax code, when set.
	TaxCode *string `json:"tax_code,omitempty"`

	CreatedAt Time `json:"created_at"`
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (p *Product) objectID() string { return p.ID }

// MediaItem is an image or video in a product's media gallery.
type MediaItem struct {
	// ID is the media item's id.
	ID string `json:"id"`
	// Type is a MIME-like content type: image/*, video/*, or
	// external/youtube, external/vimeo, external/wistia.
	Type string `json:"type"`
	// URL is where the media lives.
	URL string `json:"url"`
}

// SEO holds search-engine overrides for a page.
type SEO struct {
	// Title overrides the page title.
	Title *string `json:"title"`
	// Description overrides the meta description.
	Description *string `json:"description"`
}

// ProductStatus is a product's publication status.
type ProductStatus string

// Known product statuses.
const (
	ProductStatusDraft     ProductStatus = "draft"
	ProductStatusActive    ProductStatus = "active"
	ProductStatusArchived  ProductStatus = "archived"
	ProductStatusPublished ProductStatus = "published"
)

// IsKnown reports whether s is one of the statuses this version knows.
func (s ProductStatus) IsKnown() bool {
	return oneOf(s, ProductStatusDraft, ProductStatusActive, ProductStatusArchived, ProductStatusPublished)
}

// ProductExpand names a related object a product call can expand.
type ProductExpand string

// Expandable product relations.
const (
	// ProductExpandReviews embeds the product's reviews.
	ProductExpandReviews ProductExpand = "reviews"
)

// ProductListParams filters and pages a product list.
type ProductListParams struct {
	// Status keeps only products with this status.
	Status *ProductStatus `url:"status"`
	// Expand names relations to embed in each product.
	Expand []ProductExpand `url:"expand"`

	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// ProductGetParams are the options of [ProductsService.Get].
type ProductGetParams struct {
	// Expand names relations to embed, such as [ProductExpandReviews].
	Expand []ProductExpand `url:"expand"`

	Extra map[string]any
}

// ProductCreateParams are the fields of a new product.
type ProductCreateParams struct {
	// Name is the product's name (required).
	Name string `json:"name"`
	// Slug sets the URL slug (default: derived from the name).
	Slug *string `json:"slug,omitempty"`
	// Description is a plain-text summary.
	Description *string `json:"description,omitempty"`
	// BodyHTML is the long HTML description.
	BodyHTML *string `json:"body_html,omitempty"`
	// ButtonCTA is the buy button's label.
	ButtonCTA *string `json:"button_cta,omitempty"`
	// Status is the initial status (API default: draft).
	Status *ProductStatus `json:"status,omitempty"`
	// AvailableFrom starts the sale window.
	AvailableFrom *time.Time `json:"available_from,omitempty"`
	// AvailableUntil ends the sale window.
	AvailableUntil *time.Time `json:"available_until,omitempty"`

	Extra map[string]any `json:"-"`
}

func (p *ProductCreateParams) validate() error {
	if p.Name == "" {
		return errRequired("Name")
	}
	return nil
}

// ProductUpdateParams are the fields to change on a product.
type ProductUpdateParams struct {
	// Name renames the product.
	Name *string `json:"name,omitempty"`
	// Slug changes the URL slug.
	Slug *string `json:"slug,omitempty"`
	// Description sets or clears the summary.
	Description Nullable[string] `json:"description,omitzero"`
	// BodyHTML sets or clears the long description.
	BodyHTML Nullable[string] `json:"body_html,omitzero"`
	// ButtonCTA sets or clears the buy button's label.
	ButtonCTA Nullable[string] `json:"button_cta,omitzero"`
	// Status changes the status.
	Status *ProductStatus `json:"status,omitempty"`
	// AvailableFrom sets or clears the sale window's start.
	AvailableFrom Nullable[time.Time] `json:"available_from,omitzero"`
	// AvailableUntil sets or clears the sale window's end.
	AvailableUntil Nullable[time.Time] `json:"available_until,omitzero"`

	Extra map[string]any `json:"-"`
}

// List returns one page of products, newest first.
//
// API: GET /v1/products
func (s *ProductsService) List(ctx context.Context, params *ProductListParams, opts ...RequestOption) (*Page[Product], error) {
	return callPath[Page[Product]](ctx, s.c, http.MethodGet, pathProducts, params, opts)
}

// All iterates over every product matching params.
//
// API: GET /v1/products (repeated with starting_after)
func (s *ProductsService) All(ctx context.Context, params *ProductListParams, opts ...RequestOption) iter.Seq2[*Product, error] {
	return all(ctx, params, s.List, opts)
}

// Get returns a product by id or slug.
//
// API: GET /v1/products/{id_or_slug}
func (s *ProductsService) Get(ctx context.Context, idOrSlug string, params *ProductGetParams, opts ...RequestOption) (*Product, error) {
	return s.do(ctx, http.MethodGet, idOrSlug, params, opts)
}

// Create creates a product.
//
// API: POST /v1/products
func (s *ProductsService) Create(ctx context.Context, params *ProductCreateParams, opts ...RequestOption) (*Product, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[Product](ctx, s.c, http.MethodPost, pathProducts, params, opts)
}

// Update changes a product, found by id or slug, and returns it.
//
// API: PATCH /v1/products/{id_or_slug}
func (s *ProductsService) Update(ctx context.Context, idOrSlug string, params *ProductUpdateParams, opts ...RequestOption) (*Product, error) {
	return s.do(ctx, http.MethodPatch, idOrSlug, params, opts)
}

// ProductDeleteParams are the params of [ProductsService.Delete]. The API
// documents none; nil is the usual value.
type ProductDeleteParams struct {
	Extra map[string]any
}

// Delete deletes a product, found by id or slug.
//
// API: DELETE /v1/products/{id_or_slug}
func (s *ProductsService) Delete(ctx context.Context, idOrSlug string, params *ProductDeleteParams, opts ...RequestOption) (*Deleted, error) {
	return deleteObject(ctx, s.c, pathProducts, "product", idOrSlug, params, opts)
}

// do runs a call on one product and decodes the product it returns.
func (s *ProductsService) do(ctx context.Context, method, idOrSlug string, params any, opts []RequestOption) (*Product, error) {
	return callObject[Product](ctx, s.c, method, pathProducts, idOrSlug, params, opts)
}
