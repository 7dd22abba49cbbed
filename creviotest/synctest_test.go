package creviotest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFakeTimeRetryAfter is the README's fake-time example: inside a
// testing/synctest bubble, NewTestServer serves the fake in process, so a
// 429 with Retry-After: 30 costs the SDK exactly 30 seconds of fake time
// and next to no real time.
func TestFakeTimeRetryAfter(t *testing.T) {
	realStart := time.Now()
	synctest.Test(t, func(t *testing.T) {
		srv := creviotest.NewTestServer(t)
		c := srv.Client()
		srv.RateLimit(1, "30") // the next request: 429, Retry-After: 30

		start := time.Now() // the bubble's clock
		_, err := c.Products.List(t.Context(), nil)
		require.NoError(t, err)                            // retried after the wait
		assert.Equal(t, 30*time.Second, time.Since(start)) // exactly, in fake time
		assert.True(t, srv.InProcess())
	})
	assert.Less(t, time.Since(realStart), 5*time.Second, "real time")
}

// Outside a bubble nothing changes: the server listens on loopback.
func TestOutsideBubbleListens(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	assert.False(t, srv.InProcess())
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+/v1$`, srv.URL)
	resp, err := http.Get(srv.URL + "/products") // any client reaches it
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func TestFakeTimeLatencyAndDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := creviotest.NewTestServer(t)
		c := srv.Client(crevio.WithMaxRetries(0))
		srv.Latency(time.Hour)
		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
		defer cancel()
		_, err := c.Products.List(ctx, nil)
		require.Error(t, err)
		assert.Equal(t, 60*time.Second, time.Since(start), "the SDK's response header timeout, in fake time")

		srv.Latency(0)
		_, err = c.Products.List(t.Context(), nil)
		require.NoError(t, err)
	})
}

func TestFakeTimeFaultsInProcess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := creviotest.NewTestServer(t)
		c := srv.Client(crevio.WithMaxRetries(0))
		ctx := t.Context()

		srv.DropConnection(1)
		_, err := c.Products.List(ctx, nil)
		require.Error(t, err)

		srv.TruncatedBody(1)
		_, err = c.Products.List(ctx, nil)
		var de *crevio.DecodeError
		require.ErrorAs(t, err, &de)

		srv.MalformedBody(1)
		_, err = c.Products.List(ctx, nil)
		require.ErrorAs(t, err, &de)

		srv.HTMLError(1, 502)
		_, err = c.Products.List(ctx, nil)
		var apiErr *crevio.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 502, apiErr.StatusCode)

		// A request with a body reaches the fake whole.
		p, err := c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "In process"})
		require.NoError(t, err)
		assert.Equal(t, "in-process", p.Slug)

		// The plain HTTP client goes in process too.
		resp, err := srv.HTTPClient().Get(srv.URL + "/products")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	})
}

// Webhook deliveries, retries included, run in the bubble: a receiver
// given by WebhookURL fails twice, and the default backoff (100 ms, then
// 200 ms) passes in fake time.
func TestFakeTimeWebhookRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := creviotest.NewTestServer(t)
		c := srv.Client()
		ctx := t.Context()

		var mu sync.Mutex
		var times []time.Time
		var bodies [][]byte
		var headers []http.Header
		url := srv.WebhookURL(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			defer mu.Unlock()
			times = append(times, time.Now())
			bodies = append(bodies, b)
			headers = append(headers, r.Header.Clone())
			if len(times) < 3 {
				w.WriteHeader(http.StatusServiceUnavailable)
			}
		}))
		ep, err := c.WebhookEndpoints.Create(ctx, &crevio.WebhookEndpointCreateParams{
			URL: url, Events: []crevio.WebhookEventType{crevio.WebhookEventTypeProductCreated},
		})
		require.NoError(t, err)
		_, err = c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Hooked"})
		require.NoError(t, err)
		require.NoError(t, srv.WaitDeliveries(ctx))

		require.Len(t, times, 3)
		assert.Equal(t, 100*time.Millisecond, times[1].Sub(times[0]))
		assert.Equal(t, 200*time.Millisecond, times[2].Sub(times[1]))

		// Signed as over the network, with the bubble's clock.
		v, err := crevio.NewWebhookVerifier(string(ep.Secret))
		require.NoError(t, err)
		e, err := v.VerifyEvent(bodies[2], headers[2])
		require.NoError(t, err)
		assert.Equal(t, crevio.WebhookEventTypeProductCreated, e.Type)

		page, err := c.WebhookEvents.List(ctx, nil)
		require.NoError(t, err)
		require.Len(t, page.Data, 1)
		assert.Equal(t, crevio.WebhookEventStatusDelivered, page.Data[0].Status)
		require.Len(t, page.Data[0].Deliveries, 3)
		require.NotNil(t, page.Data[0].Deliveries[0].Error)
		assert.Equal(t, "HTTP 503 Service Unavailable", *page.Data[0].Deliveries[0].Error)
	})
}

// A receiver that outlives the delivery timeout fails the attempt with a
// timeout, after exactly the 5 seconds Crevio allows, in fake time.
func TestFakeTimeWebhookTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := creviotest.NewTestServer(t, creviotest.WithWebhookRetry(1, nil))
		c := srv.Client()
		ctx := t.Context()
		url := srv.WebhookURL(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}))
		_, err := c.WebhookEndpoints.Create(ctx, &crevio.WebhookEndpointCreateParams{
			URL: url, Events: []crevio.WebhookEventType{crevio.WebhookEventTypeProductCreated},
		})
		require.NoError(t, err)
		start := time.Now()
		_, err = c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Slow receiver"})
		require.NoError(t, err)
		require.NoError(t, srv.WaitDeliveries(ctx))
		assert.Equal(t, 5*time.Second, time.Since(start))

		page, err := c.WebhookEvents.List(ctx, nil)
		require.NoError(t, err)
		require.Len(t, page.Data, 1)
		require.Len(t, page.Data[0].Deliveries, 1)
		require.NotNil(t, page.Data[0].Deliveries[0].Error)
		assert.Contains(t, *page.Data[0].Deliveries[0].Error, "timeout")
	})
}

// srv.Client is fast by default outside a bubble: a 503 costs
// milliseconds, not the SDK's 0.25-0.5 s first backoff.
func TestClientFastByDefault(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := srv.Client()
	srv.Fail(2, http.StatusServiceUnavailable)
	start := time.Now()
	_, err := c.Products.List(t.Context(), nil)
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 200*time.Millisecond)
	assert.Equal(t, 0, srv.PendingFaults())
}

// WithProductionTiming keeps the SDK's backoff: the first retry waits at
// least 0.25 s (half of the 0.5 s step).
func TestClientProductionTiming(t *testing.T) {
	srv := creviotest.NewTestServer(t, creviotest.WithProductionTiming())
	c := srv.Client()
	srv.Fail(1, http.StatusServiceUnavailable)
	start := time.Now()
	_, err := c.Products.List(t.Context(), nil)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), 250*time.Millisecond)
}

// WithInProcess serves in process outside a bubble too.
func TestWithInProcess(t *testing.T) {
	srv := creviotest.NewTestServer(t, creviotest.WithInProcess())
	assert.True(t, srv.InProcess())
	assert.Equal(t, "https://creviotest.invalid/v1", srv.URL)
	c := srv.Client()
	_, err := c.Products.Create(t.Context(), &crevio.ProductCreateParams{Name: "A"})
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Count("products"))

	srv.Close()
	_, err = c.Products.List(t.Context(), nil)
	require.Error(t, err, "a closed server refuses requests")
	assert.False(t, errors.Is(err, crevio.ErrServer))
}
