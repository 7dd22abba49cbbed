package crevio

import (
	"context"
	"iter"
	"net/http"
)

// ReviewsService is the product reviews API.
type ReviewsService service

// Review is a product review.
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

	CreatedAt Time `json:"created_at"`
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (r *Review) objectID() string { return r.ID }

// ReviewListParams filters and pages a review list. The zero value (or nil)
// lists the first page of every product's reviews with the API's default
// limit.
type ReviewListParams struct {
	// Product keeps only the reviews of the product with this id.
	Product *string `url:"product"`

	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

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

	Extra map[string]any `json:"-"`
}

func (p *ReviewCreateParams) validate() error {
	if p.Product == "" {
		return errRequired("Product")
	}
	return nil
}

// ReviewUpdateParams are the fields to change on a review.
type ReviewUpdateParams struct {
	// Rating changes the score.
	Rating *int `json:"rating,omitempty"`
	// Content changes the review text.
	Content *string `json:"content,omitempty"`
	// CustomerName changes the reviewer's display name.
	CustomerName *string `json:"customer_name,omitempty"`
	// CustomerImageURL sets or clears the reviewer's picture.
	CustomerImageURL Nullable[string] `json:"customer_image_url,omitzero"`

	Extra map[string]any `json:"-"`
}

// ReviewSetPositionParams move a review within its product's reviews.
type ReviewSetPositionParams struct {
	// Position is the review's new place among its product's reviews; the
	// reviews between its old and new place shift to make room.
	Position int `json:"position"`
	// Extra holds body fields this version does not model.
	Extra map[string]any `json:"-"`
}

// List returns one page of reviews.
//
// API: GET /v1/reviews
func (s *ReviewsService) List(ctx context.Context, params *ReviewListParams, opts ...RequestOption) (*Page[Review], error) {
	return callPath[Page[Review]](ctx, s.c, http.MethodGet, pathReviews, params, opts)
}

// All iterates over every review matching params.
//
// API: GET /v1/reviews (repeated with starting_after)
func (s *ReviewsService) All(ctx context.Context, params *ReviewListParams, opts ...RequestOption) iter.Seq2[*Review, error] {
	return all(ctx, params, s.List, opts)
}

// ReviewGetParams are the params of [ReviewsService.Get]. The API documents
// none; nil is the usual value.
type ReviewGetParams struct {
	Extra map[string]any
}

// Get returns a review by id.
//
// API: GET /v1/reviews/{id}
func (s *ReviewsService) Get(ctx context.Context, id string, params *ReviewGetParams, opts ...RequestOption) (*Review, error) {
	return callObject[Review](ctx, s.c, http.MethodGet, pathReviews, id, params, opts)
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

// ReviewDeleteParams are the params of [ReviewsService.Delete]. The API
// documents none; nil is the usual value.
type ReviewDeleteParams struct {
	Extra map[string]any
}

// Delete deletes a review.
//
// API: DELETE /v1/reviews/{id}
func (s *ReviewsService) Delete(ctx context.Context, id string, params *ReviewDeleteParams, opts ...RequestOption) (*Deleted, error) {
	return deleteObject(ctx, s.c, pathReviews, "review", id, params, opts)
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
