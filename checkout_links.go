package crevio

import (
	"context"
	"iter"
	"net/http"
)

// CheckoutLinksService is the checkout links API: shareable links that start a checkout.
type CheckoutLinksService service

// CheckoutLink is a shareable link that opens a checkout for a set of price
// variants, optionally with a discount applied.
type CheckoutLink struct {
	// ID is the checkout link's id.
	ID string `json:"id"`
	// Object is "checkout_link".
	Object string `json:"object"`
	// Name is the link's internal name.
	Name string `json:"name"`
	// URL is the shareable public URL.
	URL string `json:"url"`
	// SuccessURL is where the buyer goes after paying, nil for the default.
	SuccessURL *string `json:"success_url"`
	// AllowDiscountCodes lets buyers enter discount codes.
	AllowDiscountCodes bool `json:"allow_discount_codes"`
	// Discount is the discount applied automatically, zero when none; the
	// full object with [CheckoutLinkExpandDiscount].
	Discount Expandable[Discount] `json:"discount"`
	// PriceVariants are the variants the link sells: ids, or full objects
	// with [CheckoutLinkExpandPriceVariants].
	PriceVariants []Expandable[PriceVariant] `json:"price_variants"`
	// Metadata is free-form data set by the account.
	Metadata map[string]any `json:"metadata"`

	CreatedAt Time `json:"created_at"`
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (l *CheckoutLink) objectID() string { return l.ID }

// CheckoutLinkExpand names a related object a checkout link call can expand.
type CheckoutLinkExpand string

// Expandable checkout link relations.
const (
	// CheckoutLinkExpandDiscount embeds the link's discount.
	CheckoutLinkExpandDiscount CheckoutLinkExpand = "discount"
	// CheckoutLinkExpandPriceVariants embeds the link's price variants.
	CheckoutLinkExpandPriceVariants CheckoutLinkExpand = "price_variants"
)

// CheckoutLinkListParams pages a checkout link list.
type CheckoutLinkListParams struct {
	// Expand names relations to embed in each link.
	Expand []CheckoutLinkExpand `url:"expand"`

	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// CheckoutLinkGetParams are the options of [CheckoutLinksService.Get].
type CheckoutLinkGetParams struct {
	// Expand names relations to embed, such as [CheckoutLinkExpandDiscount].
	Expand []CheckoutLinkExpand `url:"expand"`

	Extra map[string]any
}

// CheckoutLinkCreateParams are the fields of a new checkout link (the API's
// CheckoutLinkRequest). The API is expected to require Name and
// PriceVariants; the SDK leaves that check to it.
type CheckoutLinkCreateParams struct {
	// Name is the link's internal name.
	Name string `json:"name,omitempty"`
	// PriceVariants are the ids of the price variants the link sells.
	PriceVariants []string `json:"price_variants,omitempty"`
	// SuccessURL is where the buyer goes after paying.
	SuccessURL *string `json:"success_url,omitempty"`
	// AllowDiscountCodes lets buyers enter discount codes.
	AllowDiscountCodes *bool `json:"allow_discount_codes,omitempty"`
	// Discount is the id of a discount applied automatically.
	Discount *string `json:"discount,omitempty"`
	// Metadata is free-form data to keep on the link.
	Metadata map[string]any `json:"metadata,omitempty"`

	Extra map[string]any `json:"-"`
}

// CheckoutLinkUpdateParams are the fields to change on a checkout link.
type CheckoutLinkUpdateParams struct {
	// Name renames the link.
	Name *string `json:"name,omitempty"`
	// PriceVariants replaces the ids of the price variants the link sells.
	PriceVariants []string `json:"price_variants,omitempty"`
	// SuccessURL sets or clears the redirect after purchase.
	SuccessURL Nullable[string] `json:"success_url,omitzero"`
	// AllowDiscountCodes allows or forbids discount codes.
	AllowDiscountCodes *bool `json:"allow_discount_codes,omitempty"`
	// Discount sets (by id) or clears the discount applied automatically.
	Discount Nullable[string] `json:"discount,omitzero"`
	// Metadata replaces the link's metadata.
	Metadata map[string]any `json:"metadata,omitempty"`

	Extra map[string]any `json:"-"`
}

// List returns one page of checkout links, newest first.
//
// API: GET /v1/checkout_links
func (s *CheckoutLinksService) List(ctx context.Context, params *CheckoutLinkListParams, opts ...RequestOption) (*Page[CheckoutLink], error) {
	return callPath[Page[CheckoutLink]](ctx, s.c, http.MethodGet, pathCheckoutLinks, params, opts)
}

// All iterates over every checkout link.
//
// API: GET /v1/checkout_links (repeated with starting_after)
func (s *CheckoutLinksService) All(ctx context.Context, params *CheckoutLinkListParams, opts ...RequestOption) iter.Seq2[*CheckoutLink, error] {
	return all(ctx, params, s.List, opts)
}

// Get returns a checkout link by id.
//
// API: GET /v1/checkout_links/{id}
func (s *CheckoutLinksService) Get(ctx context.Context, id string, params *CheckoutLinkGetParams, opts ...RequestOption) (*CheckoutLink, error) {
	return callObject[CheckoutLink](ctx, s.c, http.MethodGet, pathCheckoutLinks, id, params, opts)
}

// Create creates a checkout link. Nil params send an empty body.
//
// API: POST /v1/checkout_links
func (s *CheckoutLinksService) Create(ctx context.Context, params *CheckoutLinkCreateParams, opts ...RequestOption) (*CheckoutLink, error) {
	return callPath[CheckoutLink](ctx, s.c, http.MethodPost, pathCheckoutLinks, params, opts)
}

// Update changes a checkout link and returns it.
//
// API: PATCH /v1/checkout_links/{id}
func (s *CheckoutLinksService) Update(ctx context.Context, id string, params *CheckoutLinkUpdateParams, opts ...RequestOption) (*CheckoutLink, error) {
	return callObject[CheckoutLink](ctx, s.c, http.MethodPatch, pathCheckoutLinks, id, params, opts)
}

// CheckoutLinkDeleteParams are the params of [CheckoutLinksService.Delete].
// The API documents none; nil is the usual value.
type CheckoutLinkDeleteParams struct {
	Extra map[string]any
}

// Delete deletes a checkout link.
//
// API: DELETE /v1/checkout_links/{id}
func (s *CheckoutLinksService) Delete(ctx context.Context, id string, params *CheckoutLinkDeleteParams, opts ...RequestOption) (*Deleted, error) {
	return deleteObject(ctx, s.c, pathCheckoutLinks, "checkout_link", id, params, opts)
}
