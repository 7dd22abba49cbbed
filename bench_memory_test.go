package crevio_test

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

	"github.com/creviolabs/crevio-go"
)

// BenchmarkMemory measures the live heap (after a GC) of walking 100,000
// documented-shape products, 100 per page, from a transport that generates
// the pages as they are asked for, so the heap holds only what the walk
// keeps. Each walk is done by the SDK (All) and by hand (net/http and
// encoding/json, a loop over pages) into the SDK's types and into plain
// structs (via=…):
//
//   - keep=all collects every product (by value, into a slice made for
//     100,000) and reports the live heap with all of them kept;
//   - keep=none keeps nothing and reports the highest live heap seen,
//     sampled every 20 pages;
//   - keep=one-per-page keeps the last product of each page, as a pointer
//     (what All yields), and reports the live heap at the end.
//
// Metrics: MiB (the live heap above the start), B/product (MiB over the
// products kept) and pages (MiB in page bodies, one page being about
// 310 KB). Run once per count:
//
//	go test -run '^$' -bench Memory -benchtime 1x -count 6 . > mem.txt
//	benchstat -col /via mem.txt
func BenchmarkMemory(b *testing.B) {
	for _, keep := range []string{"all", "none", "one-per-page"} {
		for _, via := range []string{"sdk", "typed", "plain"} {
			b.Run("keep="+keep+"/via="+via, func(b *testing.B) {
				for b.Loop() {
					live, kept := memoryWalk(b, keep, via)
					mib := float64(live) / (1 << 20)
					b.ReportMetric(mib, "MiB")
					b.ReportMetric(float64(live)/float64(memPageBytes()), "pages")
					if kept > 0 {
						b.ReportMetric(float64(live)/float64(kept), "B/product")
					}
				}
			})
		}
	}
}

const memProducts = 100_000

// memoryWalk walks memProducts products and returns the live heap above
// the start (see BenchmarkMemory) and the number of products kept.
func memoryWalk(b *testing.B, keep, via string) (live uint64, kept int) {
	gen := &docPages{total: memProducts}
	var ms runtime.MemStats
	liveHeap := func() uint64 {
		// Two collections: what only a sync.Pool's victim cache holds is
		// garbage after the second.
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	base := liveHeap()
	var peak uint64
	sample := func(page int) {
		if keep == "none" && page%20 == 0 {
			live := liveHeap()
			peak = max(peak, live-min(base, live))
		}
	}
	var all []crevio.Product
	var allPlain []plainDocProduct
	var lastOfPage []*crevio.Product
	var lastPlain []*plainDocProduct
	if keep == "all" {
		if via == "plain" {
			allPlain = make([]plainDocProduct, 0, memProducts)
		} else {
			all = make([]crevio.Product, 0, memProducts)
		}
	}
	n := 0
	switch via {
	case "sdk":
		c, err := crevio.New(benchKey, crevio.WithBaseURL("https://api.crevio.test/v1"), crevio.WithTransport(gen))
		if err != nil {
			b.Fatal(err)
		}
		for p, err := range c.Products.All(context.Background(), &crevio.ProductListParams{Limit: crevio.Ptr(100)}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
			switch {
			case keep == "all":
				all = append(all, *p)
			case keep == "one-per-page" && n%100 == 0:
				lastOfPage = append(lastOfPage, p)
			}
			if n%100 == 0 {
				sample(n / 100)
			}
		}
	default:
		hc := &http.Client{Transport: gen}
		cursor := ""
		for page := 1; ; page++ {
			url := "https://api.crevio.test/v1/products?limit=100"
			if cursor != "" {
				url += "&starting_after=" + cursor
			}
			var more bool
			var err error
			if via == "typed" {
				var p pageOf[crevio.Product]
				err = rawGet(context.Background(), hc, url, &p)
				n, more, cursor = n+len(p.Data), p.HasMore, p.Data[len(p.Data)-1].ID
				switch keep {
				case "all":
					all = append(all, p.Data...)
				case "one-per-page":
					lastOfPage = append(lastOfPage, &p.Data[len(p.Data)-1])
				}
				sample(page) // with the page still in use, as in the SDK's loop
				runtime.KeepAlive(&p)
			} else {
				var p pageOf[plainDocProduct]
				err = rawGet(context.Background(), hc, url, &p)
				n, more, cursor = n+len(p.Data), p.HasMore, p.Data[len(p.Data)-1].ID
				switch keep {
				case "all":
					allPlain = append(allPlain, p.Data...)
				case "one-per-page":
					lastPlain = append(lastPlain, &p.Data[len(p.Data)-1])
				}
				sample(page)
				runtime.KeepAlive(&p)
			}
			if err != nil {
				b.Fatal(err)
			}
			if !more {
				break
			}
		}
	}
	if n != memProducts {
		b.Fatalf("walked %d", n)
	}
	if keep != "none" {
		live := liveHeap()
		peak = live - min(base, live)
	}
	kept = len(all) + len(allPlain) + len(lastOfPage) + len(lastPlain)
	runtime.KeepAlive(all)
	runtime.KeepAlive(allPlain)
	runtime.KeepAlive(lastOfPage)
	runtime.KeepAlive(lastPlain)
	return peak, kept
}

// memPageBytes is the size of one generated page of 100 products.
func memPageBytes() int { return len(benchListJSON(benchShapes[0], 100, 0, true)) }

// docPages serves GET /v1/products as pages of 100 documented-shape
// products, generated on each request from the cursor, total in all.
type docPages struct{ total int }

func (g *docPages) RoundTrip(r *http.Request) (*http.Response, error) {
	start := 0
	if c := r.URL.Query().Get("starting_after"); c != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(c, "prod_"))
		if err != nil {
			return nil, fmt.Errorf("bad cursor %q", c)
		}
		start = n + 1
	}
	body := benchListJSON(benchShapes[0], min(100, g.total-start), start, start+100 < g.total)
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
}
