package crevio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pagedTransport serves a products list of pages×per items ("p0", "p1", …)
// after a delay per request, and can fail one page. It runs inside synctest
// bubbles, where the delay is virtual time.
type pagedTransport struct {
	pages, per int
	latency    time.Duration
	failPage   int // 1-based page that answers 500; 0: none

	mu       sync.Mutex
	requests int
}

func (pt *pagedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	pt.mu.Lock()
	pt.requests++
	pt.mu.Unlock()
	select {
	case <-time.After(pt.latency):
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
	start := 0
	if c := r.URL.Query().Get("starting_after"); c != "" {
		n, _ := strconv.Atoi(strings.TrimPrefix(c, "p"))
		start = n + 1
	}
	page := start/pt.per + 1
	if page == pt.failPage {
		return httpResponse(500, `{"error":{"type":"api_error","message":"boom"}}`), nil
	}
	ids := []string{}
	for i := start; i < start+pt.per && i < pt.pages*pt.per; i++ {
		ids = append(ids, "p"+strconv.Itoa(i))
	}
	return httpResponse(200, listPage(start+pt.per < pt.pages*pt.per, ids...)), nil
}

func (pt *pagedTransport) count() int {
	pt.mu.Lock()
	defer pt.mu.Unlock()
	return pt.requests
}

func pagedClient(t *testing.T, pt *pagedTransport) *Client {
	c, err := New(testKey, WithBaseURL("https://api.crevio.test/v1"), WithTransport(pt), WithMaxRetries(0))
	require.NoError(t, err)
	return c
}

// walk ranges over All, spending work per page on the caller's side.
func walk(c *Client, work time.Duration, opts ...RequestOption) ([]string, error) {
	var ids []string
	for p, err := range c.Products.All(context.Background(), &ProductListParams{Limit: Ptr(10)}, opts...) {
		if err != nil {
			return ids, err
		}
		ids = append(ids, p.ID)
		if len(ids)%10 == 0 {
			time.Sleep(work) // the caller's work on a page, in virtual time
		}
	}
	return ids, nil
}

func TestPrefetchHalvesAWalkWithLatency(t *testing.T) {
	var sequential, prefetched time.Duration
	for _, prefetch := range []bool{false, true} {
		synctest.Test(t, func(t *testing.T) {
			pt := &pagedTransport{pages: 20, per: 10, latency: 5 * time.Millisecond}
			c := pagedClient(t, pt)
			var opts []RequestOption
			if prefetch {
				opts = append(opts, WithPrefetch())
			}
			start := time.Now()
			ids, err := walk(c, 5*time.Millisecond, opts...)
			elapsed := time.Since(start)
			require.NoError(t, err)
			require.Len(t, ids, 200)
			assert.Equal(t, "p0", ids[0])
			assert.Equal(t, "p199", ids[199])
			assert.Equal(t, 20, pt.count(), "one request per page either way")
			if prefetch {
				prefetched = elapsed
			} else {
				sequential = elapsed
			}
		})
	}
	assert.Equal(t, 200*time.Millisecond, sequential, "20 pages × (5 ms latency + 5 ms work)")
	ratio := float64(prefetched) / float64(sequential)
	t.Logf("20 pages, 5 ms latency, 5 ms work: sequential %v, prefetched %v (%.3f×)", sequential, prefetched, ratio)
	assert.LessOrEqual(t, ratio, 0.6)
}

func TestPrefetchBreakCancelsTheFetchInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		pt := &pagedTransport{pages: 5, per: 10, latency: time.Second}
		c := pagedClient(t, pt)
		start := time.Now()
		n := 0
		for _, err := range c.Products.All(context.Background(), &ProductListParams{Limit: Ptr(10)}, WithPrefetch()) {
			require.NoError(t, err)
			if n++; n == 3 {
				break
			}
		}
		assert.Equal(t, time.Second, time.Since(start), "break does not wait for the page in flight")
		assert.Equal(t, 2, pt.count(), "one page ahead at most")
		// synctest.Test fails if the prefetching goroutine outlived the loop.
	})
}

func TestPrefetchDeliversErrorsInOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		pt := &pagedTransport{pages: 5, per: 10, failPage: 3}
		ids, err := walk(pagedClient(t, pt), 0, WithPrefetch())
		assert.Len(t, ids, 20, "every item before the failed page first")
		assert.ErrorIs(t, err, ErrServer)
		assert.Equal(t, 3, pt.count())
	})
}

func TestPrefetchStuckCursor(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []func() (*http.Response, error){
			respondWith(200, listPage(true, "a", "b")),
			respondWith(200, listPage(true, "b")),
		}}
		var ids []string
		var err error
		for p, e := range scriptClient(t, s).Products.All(context.Background(), nil, WithPrefetch()) {
			if e != nil {
				err = e
				break
			}
			ids = append(ids, p.ID)
		}
		assert.Equal(t, []string{"a", "b", "b"}, ids)
		assert.ErrorIs(t, err, ErrCursorStuck)
	})
}

func TestPrefetchContextCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		pt := &pagedTransport{pages: 5, per: 10, latency: time.Second}
		c := pagedClient(t, pt)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var err error
		n := 0
		for _, e := range c.Products.All(ctx, &ProductListParams{Limit: Ptr(10)}, WithPrefetch()) {
			if e != nil {
				err = e
				break
			}
			if n++; n == 10 {
				cancel()
			}
		}
		assert.Equal(t, 10, n)
		assert.True(t, errors.Is(err, context.Canceled), "%v", err)
	})
}

// BenchmarkAllPrefetch measures the same walk in real time against a
// loopback-free transport with 5 ms latency and 5 ms of caller work per page.
func BenchmarkAllPrefetch(b *testing.B) {
	for _, prefetch := range []bool{false, true} {
		b.Run(fmt.Sprintf("prefetch=%t", prefetch), func(b *testing.B) {
			pt := &pagedTransport{pages: 20, per: 10, latency: 5 * time.Millisecond}
			c, err := New(testKey, WithBaseURL("https://api.crevio.test/v1"), WithTransport(pt))
			if err != nil {
				b.Fatal(err)
			}
			var opts []RequestOption
			if prefetch {
				opts = append(opts, WithPrefetch())
			}
			for b.Loop() {
				if _, err := walk(c, 5*time.Millisecond, opts...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
