package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReviewsWire(t *testing.T) {
	one, list := fixture(t, "review.json"), fixture(t, "reviews_list.json")
	tests := []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.Reviews.List(bg, nil); return err },
			method: "GET", path: "/reviews", respond: list,
		},
		{
			name: "list by product",
			call: func(c *Client) error {
				_, err := c.Reviews.List(bg, &ReviewListParams{Product: Ptr("prod_abc123"), Limit: Ptr(50), StartingAfter: Ptr("rev_a"),
					Extra: map[string]any{"rating": 5}})
				return err
			},
			method: "GET", path: "/reviews", query: "limit=50&product=prod_abc123&rating=5&starting_after=rev_a", respond: list,
		},
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.Reviews.Get(bg, "rev_abc123", nil); return err },
			method: "GET", path: "/reviews/rev_abc123", respond: one,
		},
		{
			name:   "get escapes the id",
			call:   func(c *Client) error { _, err := c.Reviews.Get(bg, "rev 1#2", nil); return err },
			method: "GET", path: "/reviews/rev%201%232", respond: one,
		},
		{
			name: "create",
			call: func(c *Client) error {
				_, err := c.Reviews.Create(bg, &ReviewCreateParams{
					Product: "prod_abc123", Rating: 4, Content: Ptr("Clear and practical."), CustomerName: Ptr("Ann Lee"),
					CustomerImageURL: Ptr("https://cdn.crevio.co/ann.png"), Extra: map[string]any{"position": 1},
				})
				return err
			},
			method: "POST", path: "/reviews", body: `{"product":"prod_abc123","rating":4,"content":"Clear and practical.","customer_name":"Ann Lee","customer_image_url":"https://cdn.crevio.co/ann.png","position":1}`, respond: one,
		},
		{
			name: "create with the required fields only",
			call: func(c *Client) error {
				_, err := c.Reviews.Create(bg, &ReviewCreateParams{Product: "prod_1", Rating: 5})
				return err
			},
			method: "POST", path: "/reviews", body: `{"product":"prod_1","rating":5}`, respond: one,
		},
		{
			name: "update",
			call: func(c *Client) error {
				_, err := c.Reviews.Update(bg, "rev_abc123", &ReviewUpdateParams{
					Rating: Ptr(5), Content: Ptr("Even better"), CustomerName: Ptr("Ann"), CustomerImageURL: Null[string](),
				})
				return err
			},
			method: "PATCH", path: "/reviews/rev_abc123", body: `{"rating":5,"content":"Even better","customer_name":"Ann","customer_image_url":null}`, respond: one,
		},
		{
			name: "update sets an image",
			call: func(c *Client) error {
				_, err := c.Reviews.Update(bg, "rev_abc123", &ReviewUpdateParams{CustomerImageURL: NullableValue("https://x/y.png")})
				return err
			},
			method: "PATCH", path: "/reviews/rev_abc123", body: `{"customer_image_url":"https://x/y.png"}`, respond: one,
		},
		{
			name:   "update with nil params",
			call:   func(c *Client) error { _, err := c.Reviews.Update(bg, "rev_abc123", nil); return err },
			method: "PATCH", path: "/reviews/rev_abc123", body: `{}`, respond: one,
		},
		{
			name:   "delete",
			call:   func(c *Client) error { _, err := c.Reviews.Delete(bg, "rev_abc123", nil); return err },
			method: "DELETE", path: "/reviews/rev_abc123", respond: fixture(t, "review_deleted.json"),
		},
		{
			name: "set position",
			call: func(c *Client) error {
				_, err := c.Reviews.SetPosition(bg, "rev_abc123", &ReviewSetPositionParams{Position: 1})
				return err
			},
			method: "POST", path: "/reviews/rev_abc123/position", body: `{"position":1}`, respond: one,
		},
		{
			name: "set position escapes the id",
			call: func(c *Client) error {
				_, err := c.Reviews.SetPosition(bg, "a?b", &ReviewSetPositionParams{Position: 3, Extra: map[string]any{"scope": "product"}})
				return err
			},
			method: "POST", path: "/reviews/a%3Fb/position", body: `{"position":3,"scope":"product"}`, respond: one,
		},
	}
	checkWire(t, tests)
}

func TestReviewsRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	_, err := c.Reviews.Create(bg, nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.Reviews.Create(bg, &ReviewCreateParams{Rating: 5})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.ErrorContains(t, err, "Product is required")
	_, err = c.Reviews.SetPosition(bg, "rev_1", nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.Reviews.List(bg, &ReviewListParams{Limit: Ptr(1000)})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.Empty(t, r.requests())
}

func TestReviewDecode(t *testing.T) {
	raw := fixture(t, "review.json")
	r := newRecorder(t)
	r.respond(200, raw)
	rv, err := r.client().Reviews.Get(bg, "rev_abc123", nil)
	require.NoError(t, err)
	assert.Equal(t, "rev_abc123", rv.ID)
	assert.Equal(t, "review", rv.Object)
	assert.Equal(t, "prod_abc123", rv.Product)
	assert.Equal(t, 4, rv.Rating)
	assert.Equal(t, "Clear and practical.", rv.Content)
	assert.Equal(t, "Ann Lee", rv.CustomerName)
	assert.Equal(t, "https://cdn.crevio.co/ann.png", *rv.CustomerImageURL)
	assert.Equal(t, 2, rv.Position)
	assert.Equal(t, time.Date(2025, 1, 20, 10, 0, 0, 0, time.UTC), rv.CreatedAt.UTC())
	assert.Equal(t, time.Date(2025, 1, 21, 11, 0, 0, 0, time.UTC), rv.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(rv.RawJSON()))
	var extra struct{ Verified bool }
	require.NoError(t, json.Unmarshal(rv.RawJSON(), &extra))
	assert.True(t, extra.Verified)

	r.respond(200, fixture(t, "reviews_list.json"))
	page, err := r.client().Reviews.List(bg, nil)
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	require.Len(t, page.Data, 2)
	assert.Equal(t, "rev_b", page.Data[0].ID)
	assert.Empty(t, page.Data[0].Content, "null content decodes as empty")
	assert.Nil(t, page.Data[0].CustomerImageURL)
	assert.Equal(t, 1, page.Data[0].Position)
	assert.Equal(t, "Bo", page.Data[1].CustomerName)

	r.respond(200, fixture(t, "review_deleted.json"))
	d, err := r.client().Reviews.Delete(bg, "rev_abc123", nil)
	require.NoError(t, err)
	assert.Equal(t, &Deleted{ID: "rev_abc123", Object: "review", Deleted: true}, d)
}
