package crevio

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// ReviewsService is the product reviews API.
type ReviewsService service

// Review is a product review. Its RawJSON method returns the JSON it was
// decoded from.
type Review struct {
	// ID is the review's id (rev_…).
	ID string `json:"id"`
	// Object is "review".
	Object string `json:"object"`
	// Product is the id of the reviewed product.
	Product string `json:"product"`
	// Rating is the score, 1 to 5.
	Rating int `json:"rating"`
	// Content is the review text.
	Content string `json:"content"`
	// CustomerName is the reviewer's display name.
	CustomerName string `json:"customer_name"`
	// CustomerImageURL is the reviewer's picture, when set.
	CustomerImageURL *string `json:"customer_image_url"`
	// Position orders the reviews of a product.
	Position int `json:"position"`
	// CreatedAt is when the review was created.
	CreatedAt Time `json:"created_at"`
	// UpdatedAt is when the review last changed.
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (r *Review) objectID() string { return r.ID }

// ReviewListParams filters and pages a review list. The zero value (or nil)
// lists the first page of every product's reviews with the API's default
// limit.
type ReviewListParams struct {
	// Product keeps only the reviews of the product with this id.
	Product *string
	// Limit is the page size, 1 to 100 (API default 20).
	Limit *int
	// StartingAfter is the id of the last review of the previous page.
	StartingAfter *string
	// Extra holds query params this version does not model.
	Extra map[string]any
}

func (p *ReviewListParams) encodeQuery(q url.Values) error {
	if p.Product != nil {
		q.Set("product", *p.Product)
	}
	if err := encodeList(q, p.Limit, p.StartingAfter); err != nil {
		return err
	}
	return encodeExtra(q, p.Extra)
}

func (p *ReviewListParams) setStartingAfter(id string) { p.StartingAfter = &id }

// ReviewCreateParams are the fields of a new review.
type ReviewCreateParams struct {
	// Product is the id of the reviewed product (required).
	Product string `json:"product"`
	// Rating is the score; the API expects 1 to 5.
	Rating int `json:"rating"`
	// Content is the review text.
	Content *string `json:"content,omitempty"`
	// CustomerName is the reviewer's display name.
	CustomerName *string `json:"customer_name,omitempty"`
	// CustomerImageURL is the reviewer's picture.
	CustomerImageURL *string `json:"customer_image_url,omitempty"`
	// Extra holds body fields this version does not model; they are merged
	// into the JSON body and win over the fields above.
	Extra map[string]any `json:"-"`
}

func (p *ReviewCreateParams) extraFields() map[string]any { return p.Extra }

func (p *ReviewCreateParams) validate() error {
	if p.Product == "" {
		return errRequired("Product")
	}
	return nil
}

// ReviewUpdateParams are the fields to change on a review; unset fields are
// left as they are. Nullable fields can be cleared with [Null].
type ReviewUpdateParams struct {
	// Rating changes the score.
	Rating *int `json:"rating,omitempty"`
	// Content changes the review text.
	Content *string `json:"content,omitempty"`
	// CustomerName changes the reviewer's display name.
	CustomerName *string `json:"customer_name,omitempty"`
	// CustomerImageURL sets or clears the reviewer's picture.
	CustomerImageURL Nullable[string] `json:"customer_image_url,omitzero"`
	// Extra holds body fields this version does not model (a nil value sends
	// null); they win over the fields above.
	Extra map[string]any `json:"-"`
}

func (p *ReviewUpdateParams) extraFields() map[string]any { return p.Extra }

// ReviewSetPositionParams move a review within its product's reviews.
type ReviewSetPositionParams struct {
	// Position is the review's new place among its product's reviews; the
	// reviews between its old and new place shift to make room.
	Position int `json:"position"`
	// Extra holds body fields this version does not model.
	Extra map[string]any `json:"-"`
}

func (p *ReviewSetPositionParams) extraFields() map[string]any { return p.Extra }

// List returns one page of reviews.
//
// API: GET /v1/reviews
func (s *ReviewsService) List(ctx context.Context, params *ReviewListParams, opts ...RequestOption) (*Page[Review], error) {
	return callPath[Page[Review]](ctx, s.c, http.MethodGet, pathReviews, params, opts)
}

// All iterates over every review matching params, fetching pages lazily as
// the loop advances. Breaking out of the loop stops it with no further
// request. A failed page is yielded as an error, after which it stops.
//
// API: GET /v1/reviews (repeated with starting_after)
func (s *ReviewsService) All(ctx context.Context, params *ReviewListParams, opts ...RequestOption) iter.Seq2[*Review, error] {
	return all(ctx, params, s.List, opts)
}

// Get returns a review by id.
//
// API: GET /v1/reviews/{id}
func (s *ReviewsService) Get(ctx context.Context, id string, opts ...RequestOption) (*Review, error) {
	return callObject[Review](ctx, s.c, http.MethodGet, pathReviews, id, nil, opts)
}

// Create creates a review of a product.
//
// API: POST /v1/reviews
func (s *ReviewsService) Create(ctx context.Context, params *ReviewCreateParams, opts ...RequestOption) (*Review, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[Review](ctx, s.c, http.MethodPost, pathReviews, params, opts)
}

// Update changes a review and returns it.
//
// API: PATCH /v1/reviews/{id}
func (s *ReviewsService) Update(ctx context.Context, id string, params *ReviewUpdateParams, opts ...RequestOption) (*Review, error) {
	return callObject[Review](ctx, s.c, http.MethodPatch, pathReviews, id, params, opts)
}

// Delete deletes a review.
//
// API: DELETE /v1/reviews/{id}
func (s *ReviewsService) Delete(ctx context.Context, id string, opts ...RequestOption) (*Deleted, error) {
	return deleteObject(ctx, s.c, pathReviews, "review", id, opts)
}

// SetPosition moves a review to another place among its product's reviews
// and returns it.
//
// API: POST /v1/reviews/{id}/position
func (s *ReviewsService) SetPosition(ctx context.Context, id string, params *ReviewSetPositionParams, opts ...RequestOption) (*Review, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	path, err := actionPath(pathReviews, id, actionPosition)
	if err != nil {
		return nil, err
	}
	return callPath[Review](ctx, s.c, http.MethodPost, path, params, opts)
}
