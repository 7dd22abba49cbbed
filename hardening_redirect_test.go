package crevio

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// elsewhere is a plain-http server on another port: the target of a
// redirect. It records the Authorization header of every request it gets.
type elsewhere struct {
	srv   *httptest.Server
	mu    sync.Mutex
	auths []string
}

func newElsewhere(t *testing.T) *elsewhere {
	e := &elsewhere{}
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.auths = append(e.auths, r.Header.Get("Authorization"))
		e.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(okProduct))
	}))
	t.Cleanup(e.srv.Close)
	return e
}

func (e *elsewhere) requests() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.auths...)
}

// TestRedirectIsNeverFollowed: an https API that answers 3xx towards plain
// http on another port. Whatever the status and method, and even with a
// caller's http.Client whose CheckRedirect follows everything, the other
// origin gets no request (so no Authorization), and the call returns a
// *RedirectError naming the status and the target's origin, never its
// path or query.
func TestRedirectIsNeverFollowed(t *testing.T) {
	other := newElsewhere(t)
	target := other.srv.URL + "/steal/path?token=abc123&email=jane@example.com"
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, method := range []string{"GET", "POST"} {
			t.Run(fmt.Sprintf("%d %s", status, method), func(t *testing.T) {
				var hits atomic.Int32
				api := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					hits.Add(1)
					w.Header().Set("X-Request-Id", "req_redirect")
					http.Redirect(w, r, target, status)
				}))
				t.Cleanup(api.Close)
				hc := api.Client()
				hc.CheckRedirect = func(*http.Request, []*http.Request) error { return nil } // follow anything
				c, err := New(testKey, WithBaseURL(api.URL+"/v1"), WithHTTPClient(hc))
				require.NoError(t, err)

				before := len(other.requests())
				if method == "GET" {
					_, err = c.Products.Get(bg, "prod_1", nil)
				} else {
					_, err = c.Products.Create(bg, &ProductCreateParams{Name: "P"})
				}
				var re *RedirectError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, status, re.StatusCode)
				assert.Equal(t, other.srv.URL, re.Location, "the origin only: scheme://host:port")
				assert.Equal(t, "req_redirect", re.RequestID)
				assert.Contains(t, err.Error(), fmt.Sprint(status))
				assert.Contains(t, err.Error(), other.srv.URL)
				for _, leak := range []string{"steal", "token", "abc123", "jane", testKey} {
					assert.NotContains(t, err.Error(), leak)
				}
				assert.Equal(t, int32(1), hits.Load(), "sent once, not retried")
				assert.Len(t, other.requests(), before, "the other origin got no request")
			})
		}
	}
	for _, auth := range other.requests() {
		assert.Empty(t, auth, "the bearer token never left its origin")
	}
}

// TestRedirectErrorLocation: the origin of a relative, absolute or
// malformed Location.
func TestRedirectErrorLocation(t *testing.T) {
	req, err := http.NewRequest("GET", "https://api.crevio.co/v1/products?email=x", nil)
	require.NoError(t, err)
	for loc, want := range map[string]string{
		"/v2/products?email=x":            "https://api.crevio.co",
		"http://evil.test:8080/a?token=1": "http://evil.test:8080",
		"https://user:pass@evil.test/x":   "https://evil.test",
		"":                                "",
		"://bad":                          "",
		"mailto:someone@example.com?subject=leak": "",
	} {
		resp := &http.Response{StatusCode: 302, Header: http.Header{}, Request: req}
		if loc != "" {
			resp.Header.Set("Location", loc)
		}
		err := errorFromResponse(resp, nil)
		var re *RedirectError
		require.ErrorAs(t, err, &re, loc)
		assert.Equal(t, want, re.Location, loc)
		assert.NotContains(t, err.Error(), "email=x")
		assert.NotContains(t, err.Error(), "pass")
	}
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

// TestCreateAnsweredWithARedirectIsSentOnce: a POST without an idempotency
// key answered 302 or 303 towards a port that refuses connections reaches
// the server exactly once (it was sent three times: the dial error after
// the hop counted as "never reached the server").
func TestCreateAnsweredWithARedirectIsSentOnce(t *testing.T) {
	dead := "http://" + closedPort(t) + "/v1/products/prod_1"
	for _, status := range []int{302, 303} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			var posts atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				posts.Add(1)
				http.Redirect(w, r, dead, status)
			}))
			t.Cleanup(srv.Close)
			c, err := New(testKey, WithBaseURL(srv.URL+"/v1"), WithRetryBackoff(1_000, 2_000))
			require.NoError(t, err)
			_, err = c.Products.Create(bg, &ProductCreateParams{Name: "P"})
			var re *RedirectError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, status, re.StatusCode)
			assert.Equal(t, int32(1), posts.Load(), "the create reached the server exactly once")
		})
	}
}

// TestDialErrorAfterAnAnswerIsNotProofOfNeverReached: a connection refused
// is "never reached the server" only while no attempt of the call has had
// an answer. A POST without a key that got a 429 and then a refused
// connection is not sent a third time; a GET still is.
func TestDialErrorAfterAnAnswerIsNotProofOfNeverReached(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for _, tt := range []struct {
		name  string
		call  func(c *Client) error
		calls int
	}{
		{"POST without key", func(c *Client) error {
			_, err := c.Products.Create(bg, &ProductCreateParams{Name: "P"})
			return err
		}, 2},
		{"POST with key", func(c *Client) error {
			_, err := c.Products.Create(bg, &ProductCreateParams{Name: "P"}, WithIdempotencyKey("k"))
			return err
		}, 3},
		{"GET", func(c *Client) error {
			_, err := c.Products.Get(bg, "prod_1", nil)
			return err
		}, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := &script{steps: []func() (*http.Response, error){
					respondWith(429, `{}`, "Retry-After", "0"),
					failWith(refused),
				}}
				err := tt.call(scriptClient(t, s))
				assert.ErrorIs(t, err, syscall.ECONNREFUSED)
				assert.Equal(t, tt.calls, s.count())
			})
		})
	}
	t.Run("a refused first attempt is still retried", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			s := &script{steps: []func() (*http.Response, error){failWith(refused), respondWith(200, okProduct)}}
			_, err := scriptClient(t, s).Products.Create(bg, &ProductCreateParams{Name: "P"})
			require.NoError(t, err)
			assert.Equal(t, 2, s.count())
		})
	})
}

// TestRedirectErrorIsNotAnError: a 3xx is its own type, not an *Error.
func TestRedirectErrorIsNotAnError(t *testing.T) {
	err := errorFromResponse(&http.Response{StatusCode: 304, Header: http.Header{}}, nil)
	var apiErr *Error
	assert.False(t, errors.As(err, &apiErr))
	assert.True(t, strings.HasPrefix(err.Error(), "crevio: 304 Not Modified"), err.Error())
}
