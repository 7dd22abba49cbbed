package crevio

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tracer is a middleware that records, per request it sees, its name and
// whether the request carried the key.
type tracer struct {
	mu   *sync.Mutex
	log  *[]string
	name string
	next http.RoundTripper
}

func (tr tracer) RoundTrip(r *http.Request) (*http.Response, error) {
	tr.mu.Lock()
	*tr.log = append(*tr.log, tr.name+" "+r.Method)
	tr.mu.Unlock()
	return tr.next.RoundTrip(r)
}

func tracing(mu *sync.Mutex, log *[]string, name string, inner *http.RoundTripper) func(http.RoundTripper) http.RoundTripper {
	return func(next http.RoundTripper) http.RoundTripper {
		if inner != nil {
			*inner = next
		}
		return tracer{mu: mu, log: log, name: name, next: next}
	}
}

// TestTransportMiddlewareSeesEveryAttempt: two middlewares, applied in the
// order given (the first outermost), see each attempt of a retried call and
// wrap the SDK's own pooled transport.
func TestTransportMiddlewareSeesEveryAttempt(t *testing.T) {
	r := newRecorder(t)
	r.respond(503, `{}`)
	r.respond(502, `{}`)
	r.respond(200, okProduct)
	var mu sync.Mutex
	var log []string
	var inner http.RoundTripper
	c := r.client(WithTransportMiddleware(tracing(&mu, &log, "a", nil)), WithTransportMiddleware(tracing(&mu, &log, "b", &inner)))
	_, err := c.Products.Get(bg, "prod_1", nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"a GET", "b GET", "a GET", "b GET", "a GET", "b GET"}, log)
	assert.Len(t, r.requests(), 3)
	tr, ok := inner.(*http.Transport)
	require.True(t, ok, "the innermost middleware wraps the SDK's transport, %T", inner)
	assert.Equal(t, 64, tr.MaxIdleConnsPerHost, "the tuned pool is kept")
}

// TestTransportMiddlewareKeepsTheBounds: with a middleware in place, a
// redirect is still refused (the middleware sees one request), and the
// header and idle-read bounds still end a stalled attempt.
func TestTransportMiddlewareKeepsTheBounds(t *testing.T) {
	t.Run("redirect", func(t *testing.T) {
		other := newElsewhere(t)
		api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.srv.URL+"/x?q=1", http.StatusTemporaryRedirect)
		}))
		t.Cleanup(api.Close)
		var mu sync.Mutex
		var log []string
		c, err := New(testKey, WithBaseURL(api.URL+"/v1"), WithTransportMiddleware(tracing(&mu, &log, "a", nil)))
		require.NoError(t, err)
		_, err = c.Products.Get(bg, "prod_1", nil)
		var re *RedirectError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, []string{"a GET"}, log)
		assert.Empty(t, other.requests())
	})
	t.Run("headers", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var mu sync.Mutex
			var log []string
			d := &dripTransport{bad: 1 << 30}
			c := scriptClientT(t, d, WithMaxRetries(1), WithRetryBackoff(time.Second, time.Second),
				WithTransportMiddleware(tracing(&mu, &log, "a", nil)))
			start := time.Now()
			_, err := c.Products.Get(bg, "prod_1", nil)
			assertStalled(t, err)
			elapsed := time.Since(start)
			assert.GreaterOrEqual(t, elapsed, 2*DefaultResponseHeaderTimeout+500*time.Millisecond)
			assert.LessOrEqual(t, elapsed, 2*DefaultResponseHeaderTimeout+time.Second)
			assert.Equal(t, []string{"a GET", "a GET"}, log, "each attempt")
		})
	})
	t.Run("body", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var mu sync.Mutex
			var log []string
			d := &dripTransport{body: silent, bad: 1 << 30}
			c := scriptClientT(t, d, WithMaxRetries(0), WithReadIdleTimeout(3*time.Second),
				WithTransportMiddleware(tracing(&mu, &log, "a", nil)))
			start := time.Now()
			_, err := c.Products.Get(bg, "prod_1", nil)
			assertStalled(t, err)
			assert.Equal(t, 3*time.Second, time.Since(start))
			assert.Equal(t, []string{"a GET"}, log)
		})
	})
}

// TestTransportMiddlewareRefusesNil: a nil middleware, or one that returns
// nil, is an error from New.
func TestTransportMiddlewareRefusesNil(t *testing.T) {
	_, err := New(testKey, WithTransportMiddleware(nil))
	assert.Error(t, err)
	_, err = New(testKey, WithTransportMiddleware(func(http.RoundTripper) http.RoundTripper { return nil }))
	assert.Error(t, err)
}
