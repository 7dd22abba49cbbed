package crevio

import (
	"fmt"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRetryAfterOverTheCapIsAnErrorAtOnce: on every status that would be
// retried (429, 408, 500, 502, 503, 504), on a GET, a keyed POST and a POST
// without a key, a Retry-After over WithMaxRetryAfter (in seconds, as an
// HTTP date, or too large for an int64) returns the answer at once, in fake
// time that does not move: a *RateLimitError for a 429, an *Error matching
// ErrServer (or the 408's) for the rest, each with RetryAfter set.
func TestRetryAfterOverTheCapIsAnErrorAtOnce(t *testing.T) {
	const year = 365 * 24 * time.Hour
	values := []struct {
		name string
		v    func() string
		want time.Duration
	}{
		{"3600 s", func() string { return "3600" }, time.Hour},
		{"overflowing", func() string { return "99999999999999999999" }, year},
		{"date in 2 h", func() string { return time.Now().Add(2 * time.Hour).UTC().Format(http.TimeFormat) }, 2 * time.Hour},
	}
	calls := []struct {
		name string
		call func(c *Client) error
	}{
		{"GET", func(c *Client) error { _, err := c.Products.Get(bg, "prod_1", nil); return err }},
		{"keyed POST", func(c *Client) error {
			_, err := c.Products.Create(bg, &ProductCreateParams{Name: "P"}, WithIdempotencyKey("k1"))
			return err
		}},
		{"POST", func(c *Client) error { _, err := c.Products.Create(bg, &ProductCreateParams{Name: "P"}); return err }},
	}
	for _, status := range []int{429, 408, 500, 502, 503, 504} {
		for _, v := range values {
			for _, call := range calls {
				t.Run(fmt.Sprintf("%d %s %s", status, v.name, call.name), func(t *testing.T) {
					synctest.Test(t, func(t *testing.T) {
						s := &script{steps: []func() (*http.Response, error){
							func() (*http.Response, error) {
								return httpResponse(status, `{"error":{"type":"api_error","message":"later"}}`, "Retry-After", v.v()), nil
							},
							respondWith(200, okProduct),
						}}
						c := scriptClient(t, s, WithMaxRetryAfter(time.Minute))
						start := time.Now()
						err := call.call(c)
						assert.Zero(t, time.Since(start), "no sleep")
						assert.Equal(t, 1, s.count(), "no retry")
						if status == http.StatusTooManyRequests {
							var rl *RateLimitError
							require.ErrorAs(t, err, &rl)
							assert.Equal(t, v.want, rl.RetryAfter)
						}
						var apiErr *Error
						require.ErrorAs(t, err, &apiErr)
						assert.Equal(t, status, apiErr.StatusCode)
						assert.Equal(t, v.want, apiErr.RetryAfter)
						if status >= 500 {
							assert.ErrorIs(t, err, ErrServer)
						}
						assert.Contains(t, err.Error(), "retry after")
					})
				})
			}
		}
	}
}

// TestRetryAfterWithinTheCapIsStillHonoured: a 503 on a GET that asks for
// 30 s (under the 60 s default) is waited for, exactly.
func TestRetryAfterWithinTheCapIsStillHonoured(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){
			respondWith(503, `{}`, "Retry-After", "30"),
			respondWith(200, okProduct),
		}}
		start := time.Now()
		_, err := scriptClient(t, s).Products.Get(bg, "prod_1", nil)
		require.NoError(t, err)
		assert.Equal(t, 30*time.Second, time.Since(start))
		assert.Equal(t, 2, s.count())
	})
}

// TestServerErrorCarriesRetryAfter: a 503 that is not retried (a POST
// without a key) still tells the caller how long to wait.
func TestServerErrorCarriesRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){respondWith(503, `{}`, "Retry-After", "5")}}
		_, err := scriptClient(t, s).Products.Create(bg, &ProductCreateParams{Name: "P"})
		var apiErr *Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 5*time.Second, apiErr.RetryAfter)
		assert.Equal(t, 1, s.count())
	})
}

// TestRetryAfterScale: WithRetryAfterScale shortens the sleep by its factor,
// exactly, in fake time; the cap is still checked against the real value.
func TestRetryAfterScale(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){
			func() (*http.Response, error) {
				return httpResponse(429, `{"error":{"type":"rate_limit_error","message":"slow"}}`, "Retry-After", "40"), nil
			},
			respondWith(200, okProduct),
		}}
		c := scriptClient(t, s, WithRetryAfterScale(0.25), WithRetryBackoff(time.Millisecond, time.Millisecond))
		start := time.Now()
		_, err := c.Products.Get(bg, "prod_1", nil)
		require.NoError(t, err)
		assert.Equal(t, 10*time.Second, time.Since(start))
		assert.Equal(t, 2, s.count())
	})
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){
			func() (*http.Response, error) {
				return httpResponse(429, `{"error":{"type":"rate_limit_error","message":"slow"}}`, "Retry-After", "120"), nil
			},
			respondWith(200, okProduct),
		}}
		c := scriptClient(t, s, WithRetryAfterScale(0.001), WithMaxRetryAfter(time.Minute))
		_, err := c.Products.Get(bg, "prod_1", nil)
		var rl *RateLimitError
		require.ErrorAs(t, err, &rl, "120 s is over the 60 s cap even when the sleep would be short")
		assert.Equal(t, 1, s.count())
	})
}
