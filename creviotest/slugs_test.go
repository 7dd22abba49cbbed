package creviotest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// createProduct serves POST /v1/products with body straight through the
// fake (no network) and returns the status and the answer.
func createProduct(tb testing.TB, f *Fake, body string) (int, string) {
	tb.Helper()
	req := httptest.NewRequest(http.MethodPost, "/v1/products", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// TestSameNameSlugsCostLinearWork creates many products with one name:
// they get course, course-2, course-3, ... and the lookups by slug that
// takes grow linearly with the count (the old code tried every suffix in
// turn, each by a scan of the table: cubic work in all).
func TestSameNameSlugsCostLinearWork(t *testing.T) {
	const n = 500
	f := New()
	defer f.Close()
	tbl := f.st.tables["products"]
	before := tbl.slugProbes.Load()
	for i := range n {
		status, body := createProduct(t, f, `{"name":"Course"}`)
		require.Equal(t, http.StatusOK, status, body)
		want := `"slug":"course"`
		if i > 0 {
			want = fmt.Sprintf(`"slug":"course-%d"`, i+1)
		}
		require.Contains(t, body, want)
	}
	probes := tbl.slugProbes.Load() - before
	t.Logf("%d same-name creates: %d slug lookups", n, probes)
	assert.LessOrEqual(t, probes, uint64(4*n), "O(n) slug lookups for n creates")

	// The index follows renames and deletes: a freed slug is handed out
	// again, and the next suffix is still free.
	a := newAPI(t)
	p1 := a.create("/products", map[string]any{"name": "Guide"})
	p2 := a.create("/products", map[string]any{"name": "Guide"})
	assert.Equal(t, "guide-2", p2["slug"])
	require.Equal(t, http.StatusOK, a.do(http.MethodPatch, "/products/guide", map[string]any{"slug": "renamed"}).Status)
	assert.Equal(t, http.StatusNotFound, a.do(http.MethodGet, "/products/guide", nil).Status, "the old slug is gone")
	assert.Equal(t, p1["id"], a.do(http.MethodGet, "/products/renamed", nil).Body["id"])
	p3 := a.create("/products", map[string]any{"name": "Guide"})
	assert.Equal(t, "guide", p3["slug"], "a freed slug is free")
	p4 := a.create("/products", map[string]any{"name": "Guide"})
	assert.Equal(t, "guide-3", p4["slug"], "guide-2 is still taken")
	require.Equal(t, http.StatusOK, a.do(http.MethodDelete, "/products/guide-3", nil).Status)
	assert.Equal(t, http.StatusNotFound, a.do(http.MethodGet, "/products/guide-3", nil).Status)
	tbl = a.srv.st.tables["products"]
	a.srv.st.mu.RLock()
	defer a.srv.st.mu.RUnlock()
	assert.Len(t, tbl.slugs, len(tbl.order), "one index entry per stored product")
	assert.LessOrEqual(t, len(tbl.slugNext), len(tbl.slugs), "suffix counters only for stored base slugs")
}

// BenchmarkCreateSameName measures one create of a product whose name
// every earlier product has: its cost does not grow with b.N.
func BenchmarkCreateSameName(b *testing.B) {
	f := New()
	defer f.Close()
	for b.Loop() {
		if status, body := createProduct(b, f, `{"name":"Course"}`); status != http.StatusOK {
			b.Fatal(body)
		}
	}
}
