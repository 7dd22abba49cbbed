package crevio

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dripBody is a response body that behaves like net/http's: each read
// waits for the next chunk (gap apart) or for the request's context to end.
// After the chunks it ends (io.EOF), or goes silent when silent is set.
type dripBody struct {
	ctx    context.Context
	chunks []string
	gap    time.Duration
	silent bool
}

func (b *dripBody) Read(p []byte) (int, error) {
	if len(b.chunks) == 0 && !b.silent {
		return 0, io.EOF
	}
	var wait <-chan time.Time
	if len(b.chunks) > 0 {
		wait = time.After(b.gap)
	}
	select {
	case <-wait:
	case <-b.ctx.Done():
		return 0, b.ctx.Err()
	}
	n := copy(p, b.chunks[0])
	if b.chunks[0] = b.chunks[0][n:]; b.chunks[0] == "" {
		b.chunks = b.chunks[1:]
	}
	return n, nil
}

func (b *dripBody) Close() error { return nil }

// chunks splits s into n pieces.
func chunks(s string, n int) []string {
	var out []string
	size := (len(s) + n - 1) / n
	for len(s) > 0 {
		k := min(size, len(s))
		out = append(out, s[:k])
		s = s[k:]
	}
	return out
}

// dripTransport answers every request with 200 and a dripBody made by body
// (nil: headers never come), counting requests; after the first `bad`
// requests it answers okProduct at once.
type dripTransport struct {
	body  func(ctx context.Context) *dripBody
	bad   int
	calls atomic.Int32
}

func (d *dripTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if int(d.calls.Add(1)) > d.bad {
		return httpResponse(200, okProduct), nil
	}
	if d.body == nil {
		<-r.Context().Done()
		return nil, r.Context().Err()
	}
	resp := httpResponse(200, "")
	resp.ContentLength = -1
	resp.Body = d.body(r.Context())
	return resp, nil
}

func silent(ctx context.Context) *dripBody { return &dripBody{ctx: ctx, silent: true} }

func assertStalled(t *testing.T, err error) {
	t.Helper()
	var ne net.Error
	require.ErrorAs(t, err, &ne)
	assert.True(t, ne.Timeout())
}

// TestSilentBodyFailsAfterTheIdleBound: headers, then silence. Without a
// deadline or WithTimeout the call used to hang for ever; it now fails
// after exactly the idle bound (the default, or WithReadIdleTimeout's).
func TestSilentBodyFailsAfterTheIdleBound(t *testing.T) {
	for _, tt := range []struct {
		name  string
		opts  []Option
		bound time.Duration
	}{
		{"default", nil, DefaultReadIdleTimeout},
		{"WithReadIdleTimeout", []Option{WithReadIdleTimeout(5 * time.Second)}, 5 * time.Second},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				d := &dripTransport{body: silent, bad: 1 << 30}
				c, err := New(testKey, append([]Option{WithBaseURL("https://api.crevio.test/v1"), WithTransport(d), WithMaxRetries(0)}, tt.opts...)...)
				require.NoError(t, err)
				start := time.Now()
				_, err = c.Products.Get(bg, "prod_1", nil)
				assert.Equal(t, tt.bound, time.Since(start))
				var de *DecodeError
				require.ErrorAs(t, err, &de)
				assert.ErrorIs(t, err, errBodyRead)
				assertStalled(t, err)
				assert.Contains(t, err.Error(), "no data from the server for "+tt.bound.String())
			})
		})
	}
}

// TestPartBodyThenSilence: half the body, then silence: the bound counts
// from the last byte.
func TestPartBodyThenSilence(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := &dripTransport{bad: 1 << 30, body: func(ctx context.Context) *dripBody {
			return &dripBody{ctx: ctx, chunks: chunks(okProduct[:len(okProduct)/2], 4), gap: 10 * time.Second, silent: true}
		}}
		c := scriptClientT(t, d, WithMaxRetries(0))
		start := time.Now()
		_, err := c.Products.Get(bg, "prod_1", nil)
		assertStalled(t, err)
		assert.Equal(t, 4*10*time.Second+DefaultReadIdleTimeout, time.Since(start))
	})
}

// TestSilentBodyIsRetriedOnlyWhenIdempotent: a body that stops is a read
// error like a cut body: retried on a GET or a keyed POST, not on a POST
// without a key.
func TestSilentBodyIsRetriedOnlyWhenIdempotent(t *testing.T) {
	for _, tt := range []struct {
		name  string
		call  func(c *Client) error
		calls int32
	}{
		{"GET", func(c *Client) error { _, err := c.Products.Get(bg, "prod_1", nil); return err }, 2},
		{"keyed POST", func(c *Client) error {
			_, err := c.Products.Create(bg, &ProductCreateParams{Name: "P"}, WithIdempotencyKey("k"))
			return err
		}, 2},
		{"POST", func(c *Client) error { _, err := c.Products.Create(bg, &ProductCreateParams{Name: "P"}); return err }, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				d := &dripTransport{body: silent, bad: 1}
				c := scriptClientT(t, d, WithRetryBackoff(time.Second, time.Second))
				start := time.Now()
				err := tt.call(c)
				assert.Equal(t, tt.calls, d.calls.Load())
				if tt.calls == 1 {
					var de *DecodeError
					require.ErrorAs(t, err, &de)
					assertStalled(t, err)
					assert.Equal(t, DefaultReadIdleTimeout, time.Since(start))
					return
				}
				require.NoError(t, err)
				assert.GreaterOrEqual(t, time.Since(start), DefaultReadIdleTimeout+500*time.Millisecond)
				assert.LessOrEqual(t, time.Since(start), DefaultReadIdleTimeout+time.Second)
			})
		})
	}
}

// TestSlowFlowingBodyKeepsWorking: a body that sends a piece every half
// bound, for over five bounds in all, is read whole: every byte restarts the clock.
func TestSlowFlowingBodyKeepsWorking(t *testing.T) {
	for _, known := range []bool{true, false} {
		name := "chunked"
		if known {
			name = "with Content-Length"
		}
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				const bound = 4 * time.Second
				pieces := chunks(okProduct, 20)
				rt := rtFunc(func(r *http.Request) (*http.Response, error) {
					resp := httpResponse(200, "")
					resp.ContentLength = -1
					if known {
						resp.ContentLength = int64(len(okProduct))
					}
					resp.Body = &dripBody{ctx: r.Context(), chunks: append([]string(nil), pieces...), gap: bound / 2}
					return resp, nil
				})
				c := scriptClientT(t, rt, WithReadIdleTimeout(bound), WithMaxRetries(0))
				start := time.Now()
				p, err := c.Products.Get(bg, "prod_1", nil)
				require.NoError(t, err)
				assert.Equal(t, "prod_1", p.ID)
				require.Greater(t, len(pieces), 10)
				assert.Equal(t, time.Duration(len(pieces))*bound/2, time.Since(start), "many bounds in all")
			})
		})
	}
}

// TestResponseHeaderBoundAppliesToAnyTransport: a caller's transport that
// has no header timeout of its own (it waits for the request's context, as
// net/http does) still fails an attempt after DefaultResponseHeaderTimeout.
func TestResponseHeaderBoundAppliesToAnyTransport(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := &dripTransport{bad: 1 << 30} // headers never come
		c := scriptClientT(t, d, WithMaxRetries(0))
		start := time.Now()
		_, err := c.Products.Get(bg, "prod_1", nil)
		assert.Equal(t, DefaultResponseHeaderTimeout, time.Since(start))
		assertStalled(t, err)
		assert.Contains(t, err.Error(), "no response headers within 1m0s")
		assert.False(t, errors.Is(err, context.Canceled), "the call's own context was not cancelled")
	})
	synctest.Test(t, func(t *testing.T) {
		d := &dripTransport{bad: 1} // then answers
		c := scriptClientT(t, d, WithRetryBackoff(time.Second, time.Second))
		_, err := c.Products.Get(bg, "prod_1", nil)
		require.NoError(t, err, "a GET whose headers never came is retried")
		assert.Equal(t, int32(2), d.calls.Load())
	})
}

// TestSilentBodyOverRealHTTP: the same bound through net/http's transport
// on loopback: the server sends its headers and then nothing.
func TestSilentBodyOverRealHTTP(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"id":`))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	c, err := New(testKey, WithBaseURL(srv.URL+"/v1"), WithReadIdleTimeout(50*time.Millisecond), WithMaxRetries(0))
	require.NoError(t, err)
	start := time.Now()
	_, err = c.Products.Get(bg, "prod_1", nil)
	assertStalled(t, err)
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
	assert.True(t, strings.Contains(err.Error(), "no data from the server"), err.Error())
}

// scriptClientT is scriptClient for any transport.
func scriptClientT(t testing.TB, rt http.RoundTripper, opts ...Option) *Client {
	c, err := New(testKey, append([]Option{WithBaseURL("https://api.crevio.test/v1"), WithTransport(rt)}, opts...)...)
	require.NoError(t, err)
	return c
}

// slowReader reads the request body a few bytes at a time, gap apart (a
// slow uplink), then answers with answer; it stops reading for good after
// stopAfter reads when stopAfter > 0 (a dead uplink).
func slowReader(gap time.Duration, stopAfter int, answer string) rtFunc {
	return func(r *http.Request) (*http.Response, error) {
		buf := make([]byte, 2)
		for reads := 0; ; reads++ {
			var wait <-chan time.Time
			if stopAfter == 0 || reads < stopAfter {
				wait = time.After(gap)
			}
			select {
			case <-wait:
			case <-r.Context().Done():
				return nil, r.Context().Err()
			}
			if _, err := r.Body.Read(buf); err == io.EOF {
				break
			} else if err != nil {
				return nil, err
			}
		}
		return httpResponse(201, answer), nil
	}
}

// TestSlowUploadIsNotCutByTheHeaderBound: the wait for the headers starts
// when the request body has been sent, as with net/http's own
// ResponseHeaderTimeout: a request body that takes longer than the header
// bound to send, but keeps moving, succeeds.
func TestSlowUploadIsNotCutByTheHeaderBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := scriptClientT(t, slowReader(10*time.Second, 0, okProduct), WithMaxRetries(0))
		start := time.Now()
		p, err := c.Products.Create(bg, &ProductCreateParams{Name: "A product with a long name"})
		require.NoError(t, err)
		assert.Equal(t, "prod_1", p.ID)
		assert.Greater(t, time.Since(start), DefaultResponseHeaderTimeout)
	})
}

// TestStalledUploadFailsAfterTheIdleBound: a request body that stops
// moving fails the attempt after the idle bound (not retried: a POST).
func TestStalledUploadFailsAfterTheIdleBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := scriptClientT(t, slowReader(time.Second, 2, okProduct))
		start := time.Now()
		_, err := c.Products.Create(bg, &ProductCreateParams{Name: "A product with a long name"})
		assertStalled(t, err)
		assert.Contains(t, err.Error(), "no progress sending the request for 30s")
		assert.Equal(t, 2*time.Second+DefaultReadIdleTimeout, time.Since(start))
	})
}
