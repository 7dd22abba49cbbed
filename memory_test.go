package crevio

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// generatedPages serves an endless-looking products list generated on the
// fly (total items, 100 per page), so the heap holds only what the SDK keeps.
type generatedPages struct{ total int }

func (g generatedPages) RoundTrip(r *http.Request) (*http.Response, error) {
	start := 0
	if c := r.URL.Query().Get("starting_after"); c != "" {
		n, _ := strconv.Atoi(strings.TrimPrefix(c, "p"))
		start = n + 1
	}
	var b bytes.Buffer
	b.WriteString(`{"object":"list","data":[`)
	for i := start; i < min(start+100, g.total); i++ {
		if i > start {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"p%d","object":"product","name":"Product %d","slug":"product-%d","status":"active",`+
			`"description":"%s","price_variants":["price_a","price_b"],"created_at":"2025-01-15T10:30:00Z"}`,
			i, i, i, strings.Repeat("x", 400))
	}
	fmt.Fprintf(&b, `],"has_more":%t,"url":"/v1/products"}`, start+100 < g.total)
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(&b), ContentLength: int64(b.Len()), Request: r}, nil
}

// TestAllMemoryIsBoundedByAFewPages walks 100,000 products and samples the
// live heap after a GC every 50 pages: it must stay near the size of a page
// or two, whatever the walk's length.
func TestAllMemoryIsBoundedByAFewPages(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 100,000 objects")
	}
	c, err := New(testKey, WithBaseURL("https://api.crevio.test/v1"), WithTransport(generatedPages{total: 100_000}))
	require.NoError(t, err)

	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak uint64
	n := 0
	for p, err := range c.Products.All(context.Background(), &ProductListParams{Limit: Ptr(100)}) {
		require.NoError(t, err)
		n++
		if n%5000 == 0 {
			_ = p.RawJSON() // raw JSON stays reachable without pinning earlier pages
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc-min(base, ms.HeapAlloc))
		}
	}
	assert.Equal(t, 100_000, n)
	const pageBytes = 100 * 600 // about one page body
	t.Logf("100,000 objects in 1,000 pages: peak live heap above the start %.2f MiB (one page body ≈ %.2f MiB)",
		float64(peak)/(1<<20), float64(pageBytes)/(1<<20))
	assert.Less(t, peak, uint64(8*pageBytes+(1<<20)), "live heap must not grow with the walk")
}
