package crevio_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Integration tests: the SDK against creviotest over real loopback HTTP.

func TestIntegrationProductLifecycle(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()

	created, err := c.Products.Create(ctx, &crevio.ProductCreateParams{
		Name: "Go in a Weekend", Description: crevio.Ptr("Learn Go"), ButtonCTA: crevio.Ptr("Buy"),
		Extra: map[string]any{"tax_code": "txcd_10000000"},
	})
	require.NoError(t, err)
	assert.Regexp(t, `^prod_`, created.ID)
	assert.Equal(t, "product", created.Object)
	assert.Equal(t, "go-in-a-weekend", created.Slug)
	assert.Equal(t, crevio.ProductStatusDraft, created.Status)
	assert.False(t, created.CreatedAt.IsZero())
	assert.Equal(t, "txcd_10000000", *created.TaxCode, "Extra fields reach the API")

	byID, err := c.Products.Get(ctx, created.ID, nil)
	require.NoError(t, err)
	bySlug, err := c.Products.Get(ctx, created.Slug, nil)
	require.NoError(t, err)
	assert.Equal(t, byID.ID, bySlug.ID)

	updated, err := c.Products.Update(ctx, created.Slug, &crevio.ProductUpdateParams{
		Name: crevio.Ptr("Go in Two Weekends"), Description: crevio.Null[string](), Status: crevio.Ptr(crevio.ProductStatusActive),
	})
	require.NoError(t, err)
	assert.Equal(t, "Go in Two Weekends", updated.Name)
	assert.Nil(t, updated.Description, "Null cleared the description")
	assert.Equal(t, "Buy", *updated.ButtonCTA, "unset fields are left alone")

	active, err := c.Products.List(ctx, &crevio.ProductListParams{Status: crevio.Ptr(crevio.ProductStatusActive)})
	require.NoError(t, err)
	require.Len(t, active.Data, 1)
	assert.Equal(t, created.ID, active.Data[0].ID)
	drafts, err := c.Products.List(ctx, &crevio.ProductListParams{Status: crevio.Ptr(crevio.ProductStatusDraft)})
	require.NoError(t, err)
	assert.Empty(t, drafts.Data)

	d, err := c.Products.Delete(ctx, created.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, &crevio.Deleted{ID: created.ID, Object: "product", Deleted: true}, d)
	_, err = c.Products.Get(ctx, created.ID, nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	assert.Zero(t, srv.Count("products"))
}

func TestIntegrationWalk250(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	for i := range 250 {
		_, err := srv.Seed("products", map[string]any{"name": fmt.Sprintf("Product %03d", i)})
		require.NoError(t, err)
	}
	c := fastClient(srv)
	for _, tt := range []struct {
		limit *int
		pages int
	}{{nil, 13}, {crevio.Ptr(100), 3}, {crevio.Ptr(1), 250}} {
		srv.ResetRequests()
		seen := map[string]bool{}
		var names []string
		for p, err := range c.Products.All(context.Background(), &crevio.ProductListParams{Limit: tt.limit}) {
			require.NoError(t, err)
			require.False(t, seen[p.ID], "duplicate %s", p.ID)
			seen[p.ID] = true
			names = append(names, p.Name)
		}
		assert.Len(t, names, 250)
		assert.Equal(t, "Product 249", names[0], "newest first")
		assert.Equal(t, "Product 000", names[249])
		assert.Len(t, srv.Requests(), tt.pages)
	}
}

func TestIntegrationExpandReviews(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	seeded, err := srv.Seed("products", map[string]any{"name": "Course", "slug": "course"})
	require.NoError(t, err)
	id := seeded[0]["id"].(string)
	_, err = srv.Seed("reviews",
		map[string]any{"product": id, "rating": 5, "content": "Great", "customer_name": "Ann"},
		map[string]any{"product": id, "rating": 4, "content": "Good", "customer_name": "Bo"})
	require.NoError(t, err)
	c := fastClient(srv)

	plain, err := c.Products.Get(context.Background(), "course", nil)
	require.NoError(t, err)
	assert.Nil(t, plain.Reviews)
	expanded, err := c.Products.Get(context.Background(), "course", &crevio.ProductGetParams{Expand: []crevio.ProductExpand{crevio.ProductExpandReviews}})
	require.NoError(t, err)
	require.Len(t, expanded.Reviews, 2)
	ratings := []int{expanded.Reviews[0].Rating, expanded.Reviews[1].Rating}
	assert.ElementsMatch(t, []int{5, 4}, ratings)
}

func TestIntegrationErrors(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	ctx := context.Background()

	wrong, err := crevio.New("sk_wrong", crevio.WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = wrong.Products.List(ctx, nil)
	assert.ErrorIs(t, err, crevio.ErrUnauthorized)

	c := fastClient(srv)
	_, err = c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Twin", Slug: crevio.Ptr("twin")})
	require.NoError(t, err)
	_, err = c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Twin", Slug: crevio.Ptr("twin")})
	var apiErr *crevio.Error
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, crevio.ErrValidation)
	assert.Equal(t, "validation_error", apiErr.Type)
	assert.NotEmpty(t, apiErr.Errors["slug"])

	_, err = c.Products.List(ctx, &crevio.ProductListParams{StartingAfter: crevio.Ptr("prod_unknown")})
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, crevio.ErrBadRequest)
	assert.Equal(t, "starting_after", apiErr.Param)
}

func TestIntegrationFaults(t *testing.T) {
	ctx := context.Background()
	create := func(c *crevio.Client, opts ...crevio.RequestOption) error {
		_, err := c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Course"}, opts...)
		return err
	}
	get := func(c *crevio.Client, opts ...crevio.RequestOption) error {
		_, err := c.Products.Get(ctx, "seeded", nil, opts...)
		return err
	}
	tests := []struct {
		name     string
		inject   func(srv *creviotest.Server)
		call     func(c *crevio.Client, opts ...crevio.RequestOption) error
		opts     []crevio.RequestOption
		check    func(t *testing.T, err error)
		requests int
		products int // stored afterwards, the seeded one included
	}{
		{"429 then success", func(s *creviotest.Server) { s.RateLimit(1, "0") }, get, nil, nil, 2, 1},
		{"503 twice on GET then success", func(s *creviotest.Server) { s.Fail(2, 503) }, get, nil, nil, 3, 1},
		{"503 on POST is not retried", func(s *creviotest.Server) { s.Fail(1, 503) }, create, nil,
			func(t *testing.T, err error) { assert.ErrorIs(t, err, crevio.ErrServer) }, 1, 1},
		{"503 on POST with a key is retried once", func(s *creviotest.Server) { s.Fail(1, 503) }, create,
			[]crevio.RequestOption{crevio.WithIdempotencyKey("k1")}, nil, 2, 2},
		{"500 after commit on POST is not repeated", func(s *creviotest.Server) { s.FailAfter(1, 500) }, create, nil,
			func(t *testing.T, err error) { assert.ErrorIs(t, err, crevio.ErrServer) }, 1, 2},
		{"malformed body", func(s *creviotest.Server) { s.MalformedBody(1) }, get, nil,
			func(t *testing.T, err error) {
				var de *crevio.DecodeError
				assert.ErrorAs(t, err, &de)
			}, 1, 1},
		{"truncated body on GET is retried", func(s *creviotest.Server) { s.TruncatedBody(1) }, get, nil, nil, 2, 1},
		{"HTML 502 page", func(s *creviotest.Server) { s.HTMLError(3, 502) }, get, nil,
			func(t *testing.T, err error) {
				var apiErr *crevio.Error
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, 502, apiErr.StatusCode)
				assert.Contains(t, apiErr.Message, "text/html")
			}, 3, 1},
		{"rate limit beyond the cap", func(s *creviotest.Server) { s.RateLimit(1, "86400") }, get, nil,
			func(t *testing.T, err error) {
				var rl *crevio.RateLimitError
				require.ErrorAs(t, err, &rl)
				assert.Equal(t, 24*time.Hour, rl.RetryAfter)
			}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := creviotest.NewTestServer(t)
			_, err := srv.Seed("products", map[string]any{"name": "Seeded", "slug": "seeded"})
			require.NoError(t, err)
			tt.inject(srv)
			err = tt.call(fastClient(srv), tt.opts...)
			if tt.check == nil {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
				tt.check(t, err)
			}
			assert.Len(t, srv.Requests(), tt.requests)
			assert.Equal(t, tt.products, srv.Count("products"))
		})
	}
}

func TestIntegrationDeadlineBoundsLatency(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	srv.Latency(time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := fastClient(srv).Products.List(ctx, nil)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
}
