package crevio

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const okProduct = `{"id":"prod_1","object":"product","name":"P","slug":"p","status":"active"}`

// Each test runs in a synctest bubble: the clock is fake, so a 1 s backoff
// takes no real time and elapsed times are exact.

func TestRetry429RetryAfterSeconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){
			respondWith(429, `{"error":{"type":"invalid_request_error","message":"slow down"}}`, "Retry-After", "1"),
			respondWith(200, okProduct),
		}}
		c := scriptClient(t, s)
		start := time.Now()
		p, err := c.Products.Get(bg, "prod_1", nil)
		require.NoError(t, err)
		assert.Equal(t, "prod_1", p.ID)
		assert.Equal(t, 2, s.count())
		elapsed := time.Since(start)
		assert.GreaterOrEqual(t, elapsed, time.Second, "never earlier than Retry-After")
		assert.Less(t, elapsed, 1100*time.Millisecond)
	})
}

func TestRetry429RetryAfterHTTPDate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){
			func() (*http.Response, error) {
				return httpResponse(429, `{}`, "Retry-After", time.Now().Add(3*time.Second).UTC().Format(http.TimeFormat)), nil
			},
			respondWith(200, okProduct),
		}}
		c := scriptClient(t, s)
		start := time.Now()
		_, err := c.Products.Create(bg, &ProductCreateParams{Name: "P"})
		require.NoError(t, err, "a 429 is retried even for a POST without an idempotency key")
		assert.Equal(t, 2, s.count())
		assert.GreaterOrEqual(t, time.Since(start), 3*time.Second)
		assert.Less(t, time.Since(start), 4*time.Second)
		assert.Equal(t, string(s.bodies[0]), string(s.bodies[1]), "the body is replayed")
	})
}

func TestRetry503OnGETThenSuccess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){
			respondWith(503, `{"error":{"type":"api_error","message":"down"}}`),
			respondWith(503, `{"error":{"type":"api_error","message":"down"}}`),
			respondWith(200, okProduct),
		}}
		c := scriptClient(t, s)
		start := time.Now()
		_, err := c.Products.Get(bg, "prod_1", nil)
		require.NoError(t, err)
		assert.Equal(t, 3, s.count())
		// Backoff: step 0.5 s then 1 s, each jittered into [step/2, step].
		assert.GreaterOrEqual(t, time.Since(start), 750*time.Millisecond)
		assert.LessOrEqual(t, time.Since(start), 1500*time.Millisecond)
	})
}

func TestRetryRunsOutAndPassesTheFinalResponseThrough(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){
			respondWith(502, `{"error":{"type":"api_error","code":"upstream","message":"bad gateway"}}`, "X-Request-Id", "req_last"),
		}}
		c := scriptClient(t, s)
		_, err := c.Products.Get(bg, "prod_1", nil)
		var apiErr *Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 502, apiErr.StatusCode)
		assert.Equal(t, "upstream", apiErr.Code)
		assert.Equal(t, "req_last", apiErr.RequestID)
		assert.ErrorIs(t, err, ErrServer)
		assert.NotContains(t, err.Error(), "giving up")
		assert.Equal(t, 1+DefaultMaxRetries, s.count())
	})
}

func TestRetryPOSTWithoutIdempotencyKeyIsNotRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){
			respondWith(500, `{"error":{"type":"api_error","message":"boom"}}`),
			respondWith(200, okProduct),
		}}
		c := scriptClient(t, s)
		_, err := c.Products.Create(bg, &ProductCreateParams{Name: "P"})
		assert.ErrorIs(t, err, ErrServer)
		assert.Equal(t, 1, s.count(), "a blind POST retry could create a second product")
	})
}

func TestRetryPOSTWithIdempotencyKeyIsRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){
			respondWith(500, `{"error":{"type":"api_error","message":"boom"}}`),
			failWith(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}),
			respondWith(200, okProduct),
		}}
		c := scriptClient(t, s)
		p, err := c.Products.Create(bg, &ProductCreateParams{Name: "P"}, WithIdempotencyKey("key-1"))
		require.NoError(t, err)
		assert.Equal(t, "prod_1", p.ID)
		assert.Equal(t, 3, s.count())
		assert.Equal(t, []string{"key-1", "key-1", "key-1"}, s.keys, "the same key on every attempt")
	})
}

func TestRetryTransportErrors(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	tests := []struct {
		name  string
		call  func(c *Client) error
		err   error
		calls int
	}{
		{"refused POST is retried: it never reached the server", func(c *Client) error {
			_, err := c.Products.Create(bg, &ProductCreateParams{Name: "P"})
			return err
		}, refused, 2},
		{"reset POST is not retried", func(c *Client) error {
			_, err := c.Products.Create(bg, &ProductCreateParams{Name: "P"})
			return err
		}, reset, 1},
		{"reset GET is retried", func(c *Client) error {
			_, err := c.Products.Get(bg, "prod_1", nil)
			return err
		}, reset, 2},
		{"reset DELETE is retried", func(c *Client) error {
			_, err := c.Products.Delete(bg, "prod_1", nil)
			return err
		}, reset, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				// A product that also confirms a delete, so one answer serves every case.
				s := &script{steps: []func() (*http.Response, error){failWith(tt.err), respondWith(200, `{"id":"prod_1","object":"product","name":"P","deleted":true}`)}}
				err := tt.call(scriptClient(t, s))
				assert.Equal(t, tt.calls, s.count())
				if tt.calls == 1 {
					require.Error(t, err)
					assert.ErrorIs(t, err, syscall.ECONNRESET)
				} else {
					require.NoError(t, err)
				}
			})
		})
	}
}

func TestRetryStatusMatrix(t *testing.T) {
	for _, tt := range []struct {
		method string
		status int
		calls  int
	}{
		{"GET", 408, 3}, {"GET", 500, 3}, {"GET", 501, 1}, {"GET", 504, 3}, {"GET", 400, 1}, {"GET", 404, 1}, {"GET", 422, 1},
		{"PATCH", 502, 3}, {"DELETE", 503, 3}, {"POST", 503, 1}, {"POST", 408, 1}, {"POST", 429, 3}, {"PATCH", 429, 3},
	} {
		t.Run(tt.method+" "+http.StatusText(tt.status), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := &script{steps: []func() (*http.Response, error){respondWith(tt.status, `{}`)}}
				c := scriptClient(t, s)
				var err error
				switch tt.method {
				case "GET":
					_, err = c.Products.Get(bg, "p", nil)
				case "POST":
					_, err = c.Products.Create(bg, &ProductCreateParams{Name: "P"})
				case "PATCH":
					_, err = c.Products.Update(bg, "p", nil)
				case "DELETE":
					_, err = c.Products.Delete(bg, "p", nil)
				}
				var apiErr *Error
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, tt.status, apiErr.StatusCode)
				assert.Equal(t, tt.calls, s.count())
			})
		})
	}
}

func TestRetryAfterAboveCapIsARateLimitError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){
			respondWith(429, `{"error":{"type":"invalid_request_error","code":"rate_limited","message":"quota"}}`, "Retry-After", "86400"),
			respondWith(200, okProduct),
		}}
		c := scriptClient(t, s, WithMaxRetryAfter(30*time.Second))
		start := time.Now()
		_, err := c.Products.Get(bg, "prod_1", nil)
		var rl *RateLimitError
		require.ErrorAs(t, err, &rl)
		assert.Equal(t, 24*time.Hour, rl.RetryAfter)
		assert.Equal(t, "rate_limited", rl.Err.Code)
		assert.ErrorIs(t, err, ErrRateLimited)
		var apiErr *Error
		assert.ErrorAs(t, err, &apiErr, "a RateLimitError unwraps to its *Error")
		assert.Equal(t, 1, s.count())
		assert.Zero(t, time.Since(start), "it returns instead of sleeping")
		assert.Contains(t, err.Error(), "retry after 24h0m0s")
	})
}

func TestRetry429ExhaustedIsARateLimitError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){respondWith(429, `{}`, "Retry-After", "2")}}
		c := scriptClient(t, s, WithMaxRetries(1))
		start := time.Now()
		_, err := c.Products.List(bg, nil)
		var rl *RateLimitError
		require.ErrorAs(t, err, &rl)
		assert.Equal(t, 2*time.Second, rl.RetryAfter)
		assert.Equal(t, 2, s.count())
		assert.Equal(t, 2*time.Second, time.Since(start))
	})
}

func TestContextCancelledDuringBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){respondWith(503, `{}`, "Retry-After", "30")}}
		c := scriptClient(t, s)
		ctx, cancel := context.WithCancel(bg)
		time.AfterFunc(time.Second, cancel)
		start := time.Now()
		_, err := c.Products.Get(ctx, "prod_1", nil)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, time.Second, time.Since(start), "returns as soon as the context ends")
		assert.Equal(t, 1, s.count())
	})
}

func TestTimeoutBoundsTheWholeCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){respondWith(503, `{}`, "Retry-After", "5")}}
		c := scriptClient(t, s, WithTimeout(7*time.Second), WithMaxRetries(10))
		start := time.Now()
		_, err := c.Products.Get(bg, "prod_1", nil)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 7*time.Second, time.Since(start))
		assert.Equal(t, 2, s.count())
	})
}

func TestPerRequestRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){respondWith(503, `{}`)}}
		c := scriptClient(t, s)
		_, err := c.Products.Get(bg, "prod_1", nil, WithRetries(0))
		assert.ErrorIs(t, err, ErrServer)
		assert.Equal(t, 1, s.count())
	})
}

func TestTruncatedBodyOnGETIsRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){cutResponse(200, okProduct), respondWith(200, okProduct)}}
		p, err := scriptClient(t, s).Products.Get(bg, "prod_1", nil)
		require.NoError(t, err)
		assert.Equal(t, "prod_1", p.ID)
		assert.Equal(t, 2, s.count())
	})
}

func TestTruncatedBodyOnPOSTIsADecodeError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){cutResponse(200, okProduct), respondWith(200, okProduct)}}
		_, err := scriptClient(t, s).Products.Create(bg, &ProductCreateParams{Name: "P"})
		var de *DecodeError
		require.ErrorAs(t, err, &de)
		assert.ErrorIs(t, err, errBodyRead)
		assert.Equal(t, 1, s.count(), "the create may have happened: not retried")
	})
}

func TestBackoffBounds(t *testing.T) {
	minWait, maxWait := 500*time.Millisecond, 8*time.Second
	for n, step := range []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second} {
		seen := map[time.Duration]bool{}
		for range 200 {
			d := backoff(minWait, maxWait, n, nil)
			require.GreaterOrEqual(t, d, step/2, "attempt %d", n)
			require.LessOrEqual(t, d, step, "attempt %d", n)
			seen[d] = true
		}
		assert.Greater(t, len(seen), 1, "attempt %d has jitter", n)
	}
	resp := httpResponse(429, "", "Retry-After", "20")
	assert.Equal(t, 20*time.Second, backoff(minWait, maxWait, 0, resp), "Retry-After beyond the backoff cap is honoured, never shortened")
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{"1", time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{"-1", 0, false},
		{"", 0, false},
		{"soon", 0, false},
		{"1.5", 0, false},
		{"Sat, 21 Nov 2026 12:00:30 GMT", 30 * time.Second, true},
		{"Sat, 21 Nov 2026 11:00:00 GMT", 0, true},
		{"Saturday, 21-Nov-26 12:01:00 GMT", time.Minute, true},
		// Overflowing delay-seconds are valid (RFC 9110 sets no bound): very long, not absent.
		{"99999999999999999999", 365 * 24 * time.Hour, true},
		{"-99999999999999999999", 0, false},
		{"9999999999", 365 * 24 * time.Hour, true},
		// Found by FuzzParseRetryAfter: rounding a far-future date overflowed.
		{"Sat, 01 Nov 7000 00:00:00 GMT", 365 * 24 * time.Hour, true},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		assert.Equal(t, tt.ok, ok, "%q", tt.in)
		assert.Equal(t, tt.want, got, "%q", tt.in)
	}
	got, ok := parseRetryAfter("Sat, 21 Nov 2026 12:00:30 GMT", now.Add(100*time.Millisecond))
	assert.True(t, ok)
	assert.Equal(t, 30*time.Second, got, "a fractional second rounds up, never down")
}

func TestNoRetryOnCertificateErrors(t *testing.T) {
	certErr := &url.Error{Op: "Get", URL: "https://api.crevio.co/v1/products", Err: errors.New("tls: failed to verify certificate: x509: certificate signed by unknown authority")}
	assert.False(t, retryableTransportError(certErr, true), "a bad certificate does not heal by retrying")
	assert.True(t, retryableTransportError(&net.DNSError{Err: "no such host", Name: "api"}, false), "a failed lookup never reached the server")
	assert.True(t, retryableTransportError(errors.New("EOF"), true))
	assert.False(t, retryableTransportError(errors.New("EOF"), false))
}
