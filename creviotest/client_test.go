package creviotest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fastRetries keeps retry tests quick.
var fastRetries = crevio.WithRetryBackoff(time.Millisecond, 5*time.Millisecond)

func TestSDKClient(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := srv.Client(fastRetries)
	require.NotNil(t, c)
	assert.Equal(t, srv.URL, c.BaseURL())
	ctx := t.Context()

	p, err := c.Products.Create(ctx, &crevio.ProductCreateParams{
		Name:        "Go in Practice",
		Description: crevio.Ptr("A course"),
		Status:      crevio.Ptr(crevio.ProductStatusActive),
	})
	require.NoError(t, err)
	assert.Equal(t, "go-in-practice", p.Slug)
	assert.Equal(t, crevio.ProductStatusActive, p.Status)
	require.NotNil(t, p.Description)
	assert.Equal(t, "A course", *p.Description)
	assert.False(t, p.CreatedAt.IsZero())

	_, err = srv.Seed("reviews",
		map[string]any{"product": p.ID, "rating": 5, "content": "Great", "customer_name": "Ada"},
		map[string]any{"product": p.ID, "rating": 4, "content": "Good", "customer_name": "Linus"})
	require.NoError(t, err)

	got, err := c.Products.Get(ctx, "go-in-practice", &crevio.ProductGetParams{
		Expand: []crevio.ProductExpand{crevio.ProductExpandReviews},
	})
	require.NoError(t, err)
	assert.Equal(t, p.ID, got.ID)
	require.Len(t, got.Reviews, 2)
	assert.Equal(t, "Ada", got.Reviews[0].CustomerName)
	assert.Equal(t, 2, got.ReviewsCount)
	require.NotNil(t, got.AverageRating)
	assert.Equal(t, 4.5, *got.AverageRating)
	assert.Equal(t, "expand=reviews", srv.Requests()[len(srv.Requests())-1].RawQuery)

	upd, err := c.Products.Update(ctx, p.ID, &crevio.ProductUpdateParams{Description: crevio.Null[string]()})
	require.NoError(t, err)
	assert.Nil(t, upd.Description)

	// Walk every page with All.
	var seed []map[string]any
	for i := range 44 {
		seed = append(seed, map[string]any{"name": fmt.Sprintf("Seeded %d", i)})
	}
	_, err = srv.Seed("products", seed...)
	require.NoError(t, err)
	n := 0
	for p, err := range c.Products.All(ctx, &crevio.ProductListParams{Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		require.NotEmpty(t, p.ID)
		n++
	}
	assert.Equal(t, 45, n)

	// Errors map to the SDK's sentinels.
	_, err = c.Products.Get(ctx, "prod_missing", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	_, err = c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "X", Extra: map[string]any{"status": "live"}})
	require.ErrorIs(t, err, crevio.ErrValidation)
	var apiErr *crevio.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"is not included in the list"}, apiErr.Errors["status"])
	assert.NotEmpty(t, apiErr.RequestID)

	del, err := c.Products.Delete(ctx, p.ID, nil)
	require.NoError(t, err)
	assert.True(t, del.Deleted)
	assert.Equal(t, 44, srv.Count("products"))
}

func TestSDKClientFaults(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := srv.Client(fastRetries)
	ctx := t.Context()

	// A 429 with Retry-After is retried.
	srv.RateLimit(1, "0")
	_, err := c.Products.List(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, srv.Requests(), 2)

	// A POST that failed after its commit is not repeated.
	srv.ResetRequests()
	srv.FailAfter(1, http.StatusInternalServerError, creviotest.Only("POST", "/products"))
	_, err = c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Once"})
	require.ErrorIs(t, err, crevio.ErrServer)
	assert.Equal(t, 1, srv.Count("products"))
	assert.Len(t, srv.Requests(), 1)

	// A GET is retried through 5xx.
	srv.ResetRequests()
	srv.Fail(2, http.StatusBadGateway)
	_, err = c.Products.Get(ctx, "once", nil)
	require.NoError(t, err)
	assert.Len(t, srv.Requests(), 3)

	// Malformed bodies and HTML pages give clear errors.
	srv.MalformedBody(1)
	_, err = c.Products.Get(ctx, "once", nil)
	var decErr *crevio.DecodeError
	assert.ErrorAs(t, err, &decErr)
	srv.HTMLError(3, http.StatusBadGateway)
	_, err = c.Products.Get(ctx, "once", nil)
	assert.ErrorIs(t, err, crevio.ErrServer)

	// A POST whose connection drops after the server read it is not
	// repeated: the client cannot know whether it was applied.
	srv.ResetRequests()
	srv.DropConnection(1, creviotest.Only("POST", "/products"))
	_, err = c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Dropped"})
	require.Error(t, err)
	assert.Len(t, srv.Requests(), 1)
	assert.Equal(t, 1, srv.Count("products"))

	// A GET survives a dropped connection (retried by net/http or the SDK).
	srv.ResetRequests()
	srv.DropConnection(1, creviotest.Only("GET", "/products/once"))
	_, err = c.Products.Get(ctx, "once", nil)
	require.NoError(t, err)
	assert.Len(t, srv.Requests(), 2)
	assert.Zero(t, srv.PendingFaults())

	// Latency bounded by the caller's context.
	srv.Latency(time.Hour)
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err = c.Products.Get(short, "once", nil)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
}

func TestSDKClientInvalidOption(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	assert.Nil(t, srv.Client(crevio.WithMaxRetries(-1)))
}

// TestSDKClientShortRetryAfter checks that srv.Client sleeps a thousandth of
// a Retry-After: a 429 asking for 30 s is retried well within a 5 s
// deadline, where the production client would still be asleep.
func TestSDKClientShortRetryAfter(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := srv.Client()
	srv.RateLimit(1, "30")
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	_, err := c.Products.List(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, srv.Requests(), 2)

	// The cap is still decided on the real value: 120 s is over the
	// default 60 s cap, so the call gives up at once as in production.
	srv.ResetRequests()
	srv.RateLimit(1, "120")
	_, err = c.Products.List(ctx, nil)
	var rl *crevio.RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.Equal(t, 120*time.Second, rl.RetryAfter)
	assert.Len(t, srv.Requests(), 1)
}
