package crevio

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
