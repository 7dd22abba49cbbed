package crevio_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reviewsOrder returns the ids of a product's reviews in the order the API
// shows them (the product's expanded reviews), and their positions.
func reviewsOrder(t *testing.T, c *crevio.Client, product string) ([]string, []int) {
	t.Helper()
	p, err := c.Products.Get(context.Background(), product, &crevio.ProductGetParams{Expand: []crevio.ProductExpand{crevio.ProductExpandReviews}})
	require.NoError(t, err)
	ids, positions := make([]string, len(p.Reviews)), make([]int, len(p.Reviews))
	for i, r := range p.Reviews {
		ids[i], positions[i] = r.ID, r.Position
	}
	return ids, positions
}

// reviewsIDs returns the ids of a product's reviews in position order, and
// checks the positions run 1 to n.
func reviewsIDs(t *testing.T, c *crevio.Client, product string) []string {
	t.Helper()
	ids, positions := reviewsOrder(t, c, product)
	for i, p := range positions {
		assert.Equal(t, i+1, p, "review %s", ids[i])
	}
	return ids
}

func TestIntegrationReviewsLifecycle(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	ctx := context.Background()
	prods, err := srv.Seed("products", map[string]any{"name": "Course", "slug": "course"}, map[string]any{"name": "Ebook", "slug": "ebook"})
	require.NoError(t, err)
	course, ebook := prods[0]["id"].(string), prods[1]["id"].(string)
	c := fastClient(srv)

	var ids []string
	for i, rating := range []int{5, 4, 3, 2} {
		r, err := c.Reviews.Create(ctx, &crevio.ReviewCreateParams{
			Product: course, Rating: rating, Content: crevio.Ptr(fmt.Sprintf("Review %d", i)), CustomerName: crevio.Ptr("Ann"),
		})
		require.NoError(t, err)
		assert.Regexp(t, `^rev_`, r.ID)
		assert.Equal(t, "review", r.Object)
		assert.Equal(t, course, r.Product)
		assert.Equal(t, i+1, r.Position, "a new review goes last")
		assert.Nil(t, r.CustomerImageURL)
		ids = append(ids, r.ID)
	}
	a, b, cc, d := ids[0], ids[1], ids[2], ids[3]
	assert.Equal(t, []string{a, b, cc, d}, reviewsIDs(t, c, course))

	got, err := c.Reviews.Get(ctx, b, nil)
	require.NoError(t, err)
	assert.Equal(t, 4, got.Rating)
	assert.Equal(t, "Review 1", got.Content)
	p, err := c.Products.Get(ctx, course, nil)
	require.NoError(t, err)
	assert.Equal(t, 4, p.ReviewsCount)
	assert.InDelta(t, 3.5, *p.AverageRating, 0.001)

	// Moving shifts the reviews in between.
	moved, err := c.Reviews.SetPosition(ctx, d, &crevio.ReviewSetPositionParams{Position: 1})
	require.NoError(t, err)
	assert.Equal(t, 1, moved.Position)
	assert.Equal(t, []string{d, a, b, cc}, reviewsIDs(t, c, course))
	_, err = c.Reviews.SetPosition(ctx, d, &crevio.ReviewSetPositionParams{Position: 3})
	require.NoError(t, err)
	assert.Equal(t, []string{a, b, d, cc}, reviewsIDs(t, c, course))
	moved, err = c.Reviews.SetPosition(ctx, a, &crevio.ReviewSetPositionParams{Position: 99})
	require.NoError(t, err)
	assert.Equal(t, 99, moved.Position, "positions are not clamped")
	ids, positions := reviewsOrder(t, c, course)
	assert.Equal(t, []string{b, d, cc, a}, ids)
	assert.Equal(t, []int{1, 2, 3, 99}, positions)
	shifted, err := c.Reviews.Get(ctx, b, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, shifted.Position, "the other reviews' positions change too")
	_, err = c.Reviews.SetPosition(ctx, a, &crevio.ReviewSetPositionParams{Position: 4})
	require.NoError(t, err)
	assert.Equal(t, []string{b, d, cc, a}, reviewsIDs(t, c, course))

	// A create can ask for its place.
	first, err := c.Reviews.Create(ctx, &crevio.ReviewCreateParams{Product: course, Rating: 1, Extra: map[string]any{"position": 1}})
	require.NoError(t, err)
	assert.Equal(t, 1, first.Position)
	assert.Equal(t, []string{first.ID, b, d, cc, a}, reviewsIDs(t, c, course))

	// Updates.
	upd, err := c.Reviews.Update(ctx, b, &crevio.ReviewUpdateParams{Rating: crevio.Ptr(1), CustomerImageURL: crevio.NullableValue("https://x.test/a.png")})
	require.NoError(t, err)
	assert.Equal(t, 1, upd.Rating)
	assert.Equal(t, "https://x.test/a.png", *upd.CustomerImageURL)
	assert.Equal(t, "Review 1", upd.Content, "unset fields are left alone")
	assert.Equal(t, 2, upd.Position)
	upd, err = c.Reviews.Update(ctx, b, &crevio.ReviewUpdateParams{CustomerImageURL: crevio.Null[string]()})
	require.NoError(t, err)
	assert.Nil(t, upd.CustomerImageURL)
	p, err = c.Products.Get(ctx, course, nil)
	require.NoError(t, err)
	assert.InDelta(t, (1.0+1+3+2+5)/5, *p.AverageRating, 0.001)

	// Moving a review to another product closes the gap it leaves.
	upd, err = c.Reviews.Update(ctx, d, &crevio.ReviewUpdateParams{Extra: map[string]any{"product": ebook}})
	require.NoError(t, err)
	assert.Equal(t, ebook, upd.Product)
	assert.Equal(t, 1, upd.Position)
	assert.Equal(t, []string{first.ID, b, cc, a}, reviewsIDs(t, c, course))
	assert.Equal(t, []string{d}, reviewsIDs(t, c, ebook))

	// List by product.
	page, err := c.Reviews.List(ctx, &crevio.ReviewListParams{Product: crevio.Ptr(course)})
	require.NoError(t, err)
	require.Len(t, page.Data, 4)
	assert.ElementsMatch(t, []string{first.ID, b, cc, a}, []string{page.Data[0].ID, page.Data[1].ID, page.Data[2].ID, page.Data[3].ID})
	page, err = c.Reviews.List(ctx, &crevio.ReviewListParams{Product: crevio.Ptr(ebook)})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)

	// Delete closes the gap.
	del, err := c.Reviews.Delete(ctx, b, nil)
	require.NoError(t, err)
	assert.Equal(t, &crevio.Deleted{ID: b, Object: "review", Deleted: true}, del)
	assert.Equal(t, []string{first.ID, cc, a}, reviewsIDs(t, c, course))
	_, err = c.Reviews.Get(ctx, b, nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	p, err = c.Products.Get(ctx, course, nil)
	require.NoError(t, err)
	assert.Equal(t, 3, p.ReviewsCount)
}

func TestIntegrationReviewsErrors(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	ctx := context.Background()
	prods, err := srv.Seed("products", map[string]any{"name": "Course"})
	require.NoError(t, err)
	course := prods[0]["id"].(string)
	c := fastClient(srv)
	var apiErr *crevio.Error

	_, err = c.Reviews.Create(ctx, &crevio.ReviewCreateParams{Product: course, Rating: 6})
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, crevio.ErrValidation)
	assert.NotEmpty(t, apiErr.Errors["rating"])
	_, err = c.Reviews.Create(ctx, &crevio.ReviewCreateParams{Product: "prod_missing", Rating: 5})
	require.ErrorAs(t, err, &apiErr)
	assert.NotEmpty(t, apiErr.Errors["product"])
	_, err = c.Reviews.Create(ctx, &crevio.ReviewCreateParams{Product: course, Rating: 5, Extra: map[string]any{"position": 0}})
	require.ErrorAs(t, err, &apiErr)
	assert.NotEmpty(t, apiErr.Errors["position"])

	r, err := c.Reviews.Create(ctx, &crevio.ReviewCreateParams{Product: course, Rating: 5})
	require.NoError(t, err)
	_, err = c.Reviews.SetPosition(ctx, r.ID, &crevio.ReviewSetPositionParams{Position: 0})
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, crevio.ErrBadRequest)
	assert.Equal(t, "position", apiErr.Param)
	_, err = c.Reviews.SetPosition(ctx, "rev_missing", &crevio.ReviewSetPositionParams{Position: 1})
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	_, err = c.Reviews.Update(ctx, r.ID, &crevio.ReviewUpdateParams{Rating: crevio.Ptr(0)})
	assert.ErrorIs(t, err, crevio.ErrValidation)
	_, err = c.Reviews.Delete(ctx, "rev_missing", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	assert.Equal(t, 1, srv.Count("reviews"))
}

func TestIntegrationReviewsWalk(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	prods, err := srv.Seed("products", map[string]any{"name": "Course"}, map[string]any{"name": "Other"})
	require.NoError(t, err)
	course, other := prods[0]["id"].(string), prods[1]["id"].(string)
	for i := range 25 {
		_, err := srv.Seed("reviews",
			map[string]any{"product": course, "rating": 1 + i%5, "customer_name": fmt.Sprintf("C%02d", i)},
			map[string]any{"product": other, "rating": 3})
		require.NoError(t, err)
	}
	c := fastClient(srv)
	var names []string
	for r, err := range c.Reviews.All(context.Background(), &crevio.ReviewListParams{Product: crevio.Ptr(course), Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		require.Equal(t, course, r.Product)
		names = append(names, r.CustomerName)
	}
	require.Len(t, names, 25)
	assert.Equal(t, "C24", names[0])
	assert.Len(t, srv.Requests(), 3)
	assert.Len(t, reviewsIDs(t, c, course), 25, "seeded reviews are numbered 1 to n too")
}
