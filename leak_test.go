package crevio_test

import (
	"context"
	"testing"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// TestNoGoroutineLeaks drives real-network faults and an early break out of
// All, then checks that no goroutine outlives the server. (The fault matrix
// runs in synctest bubbles, which fail on any goroutine left behind.)
func TestNoGoroutineLeaks(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx := context.Background()
	srv := creviotest.NewServer()
	for range 30 {
		_, err := srv.Seed("products", map[string]any{"name": "P"})
		require.NoError(t, err)
	}
	c := fastClient(srv)

	n := 0
	for _, err := range c.Products.All(ctx, &crevio.ProductListParams{Limit: crevio.Ptr(5)}) {
		require.NoError(t, err)
		if n++; n == 7 {
			break
		}
	}
	assert.Len(t, srv.Requests(), 2, "break stops fetching")

	srv.DropConnection(1, creviotest.Only("POST", "/products"))
	_, err := c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Dropped"})
	assert.Error(t, err)
	srv.TruncatedBody(1)
	_, err = c.Products.List(ctx, nil)
	assert.NoError(t, err, "a cut GET is retried")
	srv.Latency(time.Hour)
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	_, err = c.Products.List(short, nil)
	cancel()
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	srv.Latency(0)
	srv.Close()
}
