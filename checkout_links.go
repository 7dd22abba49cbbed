package crevio

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// CheckoutLinksService is the checkout links API: shareable links that start a checkout.
type CheckoutLinksService service

// CheckoutLink is a shareable link that opens a checkout for a set of price
// variants, optionally with a discount applied. Its RawJSON method returns
// the JSON it was decoded from.
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
	// CreatedAt is when the link was created.
	CreatedAt Time `json:"created_at"`
	// UpdatedAt is when the link last changed.
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

// CheckoutLinkListParams pages a checkout link list. The zero value (or nil)
// lists the first page with the API's default limit.
type CheckoutLinkListParams struct {
	// Limit is the page size, 1 to 100 (API default 20).
	Limit *int
	// StartingAfter is the id of the last link of the previous page.
	StartingAfter *string
	// Expand names relations to embed in each link.
	Expand []CheckoutLinkExpand
	// Extra holds query params this version does not model.
	Extra map[string]any
}

func (p *CheckoutLinkListParams) encodeQuery(q url.Values) error {
	if err := encodeList(q, p.Limit, p.StartingAfter); err != nil {
		return err
	}
	encodeExpand(q, p.Expand)
	return encodeExtra(q, p.Extra)
}

func (p *CheckoutLinkListParams) setStartingAfter(id string) { p.StartingAfter = &id }

// CheckoutLinkGetParams are the options of [CheckoutLinksService.Get].
type CheckoutLinkGetParams struct {
	// Expand names relations to embed, such as [CheckoutLinkExpandDiscount].
	Expand []CheckoutLinkExpand
	// Extra holds query params this version does not model.
	Extra map[string]any
}

func (p *CheckoutLinkGetParams) encodeQuery(q url.Values) error {
	encodeExpand(q, p.Expand)
	return encodeExtra(q, p.Extra)
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
	// Extra holds body fields this version does not model; they are merged
	// into the JSON body and win over the fields above.
	Extra map[string]any `json:"-"`
}

func (p *CheckoutLinkCreateParams) extraFields() map[string]any { return p.Extra }

// CheckoutLinkUpdateParams are the fields to change on a checkout link;
// unset fields are left as they are. Nullable fields can be cleared with
// [Null].
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
	// Extra holds body fields this version does not model (a nil value sends
	// null); they win over the fields above.
	Extra map[string]any `json:"-"`
}

func (p *CheckoutLinkUpdateParams) extraFields() map[string]any { return p.Extra }

// List returns one page of checkout links, newest first.
//
// API: GET /v1/checkout_links
func (s *CheckoutLinksService) List(ctx context.Context, params *CheckoutLinkListParams, opts ...RequestOption) (*Page[CheckoutLink], error) {
	return callPath[Page[CheckoutLink]](ctx, s.c, http.MethodGet, pathCheckoutLinks, params, opts)
}

// All iterates over every checkout link, fetching pages lazily as the loop
// advances. Breaking out of the loop stops it with no further request. A
// failed page is yielded as an error, after which it stops.
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

// Delete deletes a checkout link.
//
// API: DELETE /v1/checkout_links/{id}
func (s *CheckoutLinksService) Delete(ctx context.Context, id string, opts ...RequestOption) (*Deleted, error) {
	return deleteObject(ctx, s.c, pathCheckoutLinks, "checkout_link", id, opts)
}
