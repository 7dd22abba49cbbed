package crevio

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cycleTransport serves a list whose cursors go round: the page after
// cursor "" ends with id c0, the page after c(i) ends with c(next(i)).
// Each page holds one item, its cursor. It counts requests and sets a
// request id per page, "page-<cursor>".
type cycleTransport struct {
	next func(i int) int

	mu    sync.Mutex
	calls int
}

func (ct *cycleTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	ct.mu.Lock()
	ct.calls++
	ct.mu.Unlock()
	after := r.URL.Query().Get("starting_after")
	i := 0
	if after != "" {
		n, err := strconv.Atoi(after[1:])
		if err != nil {
			return nil, err
		}
		i = ct.next(n)
	}
	id := "c" + strconv.Itoa(i)
	return httpResponse(200, listPage(true, id), "X-Request-Id", "page-"+after), nil
}

func (ct *cycleTransport) count() int {
	ct.mu.Lock()
	defer ct.mu.Unlock()
	return ct.calls
}

func walkAll(c *Client, opts ...RequestOption) ([]string, error) {
	var ids []string
	for p, err := range c.Products.All(context.Background(), nil, opts...) {
		if err != nil {
			return ids, err
		}
		ids = append(ids, p.ID)
	}
	return ids, nil
}

// TestAllEndsOnACursorCycle: A → B → A (which the check of the previous
// cursor alone missed, looping for ever) and longer cycles end the walk
// with ErrCursorStuck, with and without prefetch: one within the window at
// the first repeated cursor, one longer than the window within three times
// its length.
func TestAllEndsOnACursorCycle(t *testing.T) {
	for _, tt := range []struct {
		name     string
		next     func(i int) int
		maxPages int
		exact    []string
	}{
		// c0 → c1 → c0: the third page brings c0 back.
		{"A B A", func(i int) int { return (i + 1) % 2 }, 3, []string{"c0", "c1", "c0"}},
		// c0 … c9, then c3 again.
		{"lead-in and cycle of 7", func(i int) int {
			if i == 9 {
				return 3
			}
			return i + 1
		}, 11, nil},
		// A cycle of 500 pages, beyond the exact window of cursorWindow.
		{"cycle longer than the window", func(i int) int { return (i + 1) % 500 }, 3 * 500, nil},
	} {
		for _, prefetch := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s prefetch=%t", tt.name, prefetch), func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					ct := &cycleTransport{next: tt.next}
					c := scriptClientT(t, ct, WithMaxRetries(0))
					var opts []RequestOption
					if prefetch {
						opts = append(opts, WithPrefetch())
					}
					ids, err := walkAll(c, opts...)
					require.ErrorIs(t, err, ErrCursorStuck)
					assert.LessOrEqual(t, ct.count(), tt.maxPages)
					if tt.exact != nil {
						assert.Equal(t, tt.exact, ids)
						assert.Equal(t, len(tt.exact), ct.count(), "no request after the repeat")
					}
					if tt.maxPages == 11 {
						assert.Equal(t, 11, ct.count(), "caught at the first repeat, inside the window")
					}
				})
			})
		}
	}
}

// TestCursorTrailBound checks the documented bound of cursorTrail for
// cycles of many shapes: a repeat inside the window is caught at once; any
// other within three times the lead-in plus the cycle.
func TestCursorTrailBound(t *testing.T) {
	for _, lead := range []int{0, 1, 5, 127, 128, 300, 1000} {
		for _, cycle := range []int{1, 2, 3, 64, 128, 129, 257, 1000, 3000} {
			var trail cursorTrail
			steps := 0
			for i := 0; ; i++ {
				pos := i
				if i >= lead {
					pos = lead + (i-lead)%cycle
				}
				steps++
				if trail.repeats("x" + strconv.Itoa(pos)) {
					break
				}
				require.Less(t, steps, 3*(lead+cycle)+2, "lead %d cycle %d", lead, cycle)
			}
			if cycle <= cursorWindow {
				assert.Equal(t, lead+cycle+1, steps, "lead %d cycle %d: caught at the first repeat", lead, cycle)
			}
			assert.LessOrEqual(t, len(trail.ring), cursorWindow)
			assert.LessOrEqual(t, len(trail.recent), cursorWindow)
		}
	}
}

// TestPrefetchWithResponseIsEachPagesOwn: with WithPrefetch and
// WithResponse, each item sees its own page's response (the fetch of the
// next page, in flight meanwhile, must not overwrite it: it used to, racing).
// Run with -race.
func TestPrefetchWithResponseIsEachPagesOwn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		pt := &pagedTransport{pages: 6, per: 3, latency: time.Millisecond}
		rt := rtFunc(func(r *http.Request) (*http.Response, error) {
			resp, err := pt.RoundTrip(r)
			if err == nil {
				resp.Header.Set("X-Request-Id", "page-after-"+r.URL.Query().Get("starting_after"))
			}
			return resp, err
		})
		c := scriptClientT(t, rt, WithMaxRetries(0))
		var resp *http.Response
		prev := ""
		n := 0
		for p, err := range c.Products.All(context.Background(), &ProductListParams{Limit: Ptr(3)}, WithPrefetch(), WithResponse(&resp)) {
			require.NoError(t, err)
			require.NotNil(t, resp)
			if n%3 == 0 && n > 0 {
				prev = "p" + strconv.Itoa(n-1)
			}
			assert.Equal(t, "page-after-"+prev, RequestID(resp), "item %s", p.ID)
			time.Sleep(time.Millisecond) // the caller's work, while the next page is fetched
			n++
		}
		assert.Equal(t, 18, n)
	})
}
