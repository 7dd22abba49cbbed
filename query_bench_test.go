package crevio

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkQuery compares the generic, tag-driven query encoder with the
// hand-written encodeQuery method ProductListParams had before it (copied
// below, with the helpers it used), on the same params, each used as call
// uses it (the old one through its interface) up to the encoded query:
//
//	go test -run '^$' -bench Query -benchmem -count 6 .
func BenchmarkQuery(b *testing.B) {
	p := benchProductListParams()
	b.Run("generic", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			q, err := encodeQuery(p, "")
			if err != nil {
				b.Fatal(err)
			}
			benchSink = q.Encode()
		}
	})
	b.Run("handwritten", func(b *testing.B) {
		b.ReportAllocs()
		benchEncoder = handWritten{p} // through a variable, as call had it: not devirtualized
		for b.Loop() {
			q := url.Values{}
			if err := benchEncoder.encodeQuery(q); err != nil {
				b.Fatal(err)
			}
			benchSink = q.Encode()
		}
	})
}

var (
	benchSink    string
	benchEncoder oldQueryEncoder
)

// oldQueryEncoder is the interface call used to find a params type's
// hand-written encoder.
type oldQueryEncoder interface{ encodeQuery(url.Values) error }

type handWritten struct{ p *ProductListParams }

func (h handWritten) encodeQuery(q url.Values) error { return handWrittenProductListQuery(h.p, q) }

func benchProductListParams() *ProductListParams {
	return &ProductListParams{
		Status: Ptr(ProductStatusActive), Limit: Ptr(100), StartingAfter: Ptr("prod_9"),
		Expand: []ProductExpand{ProductExpandReviews, "price_variants"},
		Extra:  map[string]any{"created_after": 1700000000},
	}
}

// handWrittenProductListQuery is ProductListParams.encodeQuery as it was
// written by hand before the generic encoder, with copies of the helpers it
// used that are gone now.
func handWrittenProductListQuery(p *ProductListParams, q url.Values) error {
	if p.Status != nil {
		q.Set("status", string(*p.Status))
	}
	if err := oldEncodeList(q, p.Limit, p.StartingAfter); err != nil {
		return err
	}
	oldEncodeExpand(q, p.Expand)
	return encodeExtra(q, p.Extra) // unchanged: the generic encoder uses it too
}

func oldEncodeList(q url.Values, limit *int, startingAfter *string) error {
	if limit != nil {
		if *limit < 1 || *limit > 100 {
			return fmt.Errorf("%w: limit must be between 1 and 100, got %d", ErrInvalidParam, *limit)
		}
		q.Set("limit", strconv.Itoa(*limit))
	}
	if startingAfter != nil {
		if *startingAfter == "" {
			return fmt.Errorf("%w: starting_after is empty", ErrInvalidParam)
		}
		q.Set("starting_after", *startingAfter)
	}
	return nil
}

func oldEncodeExpand[E ~string](q url.Values, expand []E) {
	if len(expand) == 0 {
		return
	}
	parts := make([]string, len(expand))
	for i, e := range expand {
		parts[i] = string(e)
	}
	q.Set("expand", strings.Join(parts, ","))
}
