package crevio

import (
	"encoding/json"
	"net/url"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// queryKinds has a field of every kind the query encoder sends.
type queryKinds struct {
	S     string          `url:"s"`
	SP    *string         `url:"sp"`
	E     *ProductStatus  `url:"e"`
	I     *int            `url:"i"`
	I64   *int64          `url:"i64"`
	U     *uint8          `url:"u"`
	B     *bool           `url:"b"`
	F     *float64        `url:"f"`
	T     *time.Time      `url:"t"`
	D     time.Time       `url:"d,date"`
	L     []ProductExpand `url:"l"`
	Skip  *string         `url:"-"`
	NoTag *string
	Extra map[string]any
}

func TestEncodeQueryKinds(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	p := &queryKinds{
		S: "plain", SP: Ptr("a b&c"), E: Ptr(ProductStatusActive), I: Ptr(-3), I64: Ptr(int64(1) << 40),
		U: Ptr(uint8(7)), B: Ptr(false), F: Ptr(2.5),
		T:    Ptr(time.Date(2026, 3, 2, 10, 4, 5, 600, berlin)),
		D:    time.Date(2026, 3, 2, 23, 30, 0, 0, berlin), // the date in its own location
		L:    []ProductExpand{"a", "b", "c"},
		Skip: Ptr("x"), NoTag: Ptr("y"),
	}
	q, err := encodeQuery(p, "")
	require.NoError(t, err)
	assert.Equal(t, "b=false&d=2026-03-02&e=active&f=2.5&i=-3&i64=1099511627776&l=a%2Cb%2Cc&s=plain&sp=a+b%26c&t=2026-03-02T10%3A04%3A05.0000006%2B01%3A00&u=7", q.Encode())

	// Nil pointers and empty slices are left out; other fields always sent.
	q, err = encodeQuery(&queryKinds{}, "")
	require.NoError(t, err)
	assert.Equal(t, url.Values{"s": {""}, "d": {"0001-01-01"}}, q)

	// One-element lists need no separator.
	q, err = encodeQuery(&ProductGetParams{Expand: []ProductExpand{ProductExpandReviews}}, "")
	require.NoError(t, err)
	assert.Equal(t, "expand=reviews", q.Encode())
}

func TestEncodeQueryNilParams(t *testing.T) {
	for _, p := range []any{nil, (*ProductListParams)(nil)} {
		q, err := encodeQuery(p, "")
		require.NoError(t, err)
		assert.Empty(t, q)
		q, err = encodeQuery(p, "prod_9")
		require.NoError(t, err)
		assert.Equal(t, "starting_after=prod_9", q.Encode(), "the cursor does not need params")
	}
	_, err := encodeQuery(ProductListParams{}, "")
	assert.ErrorContains(t, err, "pointer to a struct")
}

func TestEncodeQueryListRules(t *testing.T) {
	for _, limit := range []int{0, -1, 101} {
		_, err := encodeQuery(&ProductListParams{Limit: Ptr(limit)}, "")
		assert.ErrorIs(t, err, ErrInvalidParam, "limit %d", limit)
		assert.ErrorContains(t, err, "limit must be between 1 and 100")
	}
	for _, limit := range []int{1, 100} {
		_, err := encodeQuery(&ProductListParams{Limit: Ptr(limit)}, "")
		assert.NoError(t, err, "limit %d", limit)
	}
	_, err := encodeQuery(&ProductListParams{StartingAfter: Ptr("")}, "")
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.ErrorContains(t, err, "starting_after is empty")
}

type stringer struct{}

func (stringer) String() string { return "str" }

func TestEncodeQueryExtra(t *testing.T) {
	q, err := encodeQuery(&ProductListParams{
		Status: Ptr(ProductStatusActive), Limit: Ptr(5), StartingAfter: Ptr("prod_1"),
		Extra: map[string]any{
			"status":  "draft",                // wins over the field
			"limit":   nil,                    // removes the field
			"tag":     []string{"a", "b"},     // once per element
			"s":       stringer{},             // fmt.Stringer
			"n":       1700000000,             // fmt.Sprint
			"nothing": nil,                    // removing an absent param is fine
			"when":    time.Unix(0, 0).UTC(),  // a Stringer too
			"raw":     json.RawMessage(`[1]`), // its JSON text
		},
	}, "prod_cursor")
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"status": {"draft"}, "tag": {"a", "b"}, "s": {"str"}, "n": {"1700000000"},
		"starting_after": {"prod_cursor"}, "when": {"1970-01-01 00:00:00 +0000 UTC"}, "raw": {"[1]"},
	}, q, "the cursor overrides StartingAfter")

	q, err = encodeQuery(&ProductListParams{Extra: map[string]any{"starting_after": "mine"}}, "prod_cursor")
	require.NoError(t, err)
	assert.Equal(t, "starting_after=mine", q.Encode(), "Extra is applied last and wins, as before")

	_, err = encodeQuery(&ProductListParams{Extra: map[string]any{"": 1}}, "")
	assert.ErrorIs(t, err, ErrInvalidParam)
}

type badQueryParams struct {
	Body  Nullable[string] `url:"body"`
	Extra map[string]any
}

type badOptionParams struct {
	At    *time.Time `url:"at,unix"`
	Extra map[string]any
}

type noNameParams struct {
	X     *string `url:",date"`
	Extra map[string]any
}

func TestEncodeQueryRefusesWhatItCannotSend(t *testing.T) {
	for _, p := range []any{&badQueryParams{}, &badOptionParams{}, &noNameParams{}} {
		_, err := encodeQuery(p, "")
		assert.Error(t, err, "%T", p)
		_, err = bodyExtra(p)
		assert.Error(t, err, "%T", p)
	}
	// A call refuses them before any I/O.
	r := newRecorder(t)
	err := r.client().core.call(bg, "GET", "/x", &badQueryParams{}, nil, nil)
	assert.ErrorContains(t, err, "cannot send crevio.Nullable[string] in a query")
	assert.Empty(t, r.requests())
}

func TestBodyExtra(t *testing.T) {
	extra := map[string]any{"k": 1}
	got, err := bodyExtra(&ProductCreateParams{Extra: extra})
	require.NoError(t, err)
	assert.Equal(t, extra, got)

	got, err = bodyExtra(&X402UpdateParams{Extra: extra})
	require.NoError(t, err)
	assert.Nil(t, got, "a type with its own MarshalJSON places Extra itself")

	got, err = bodyExtra(&struct{ A int }{})
	require.NoError(t, err)
	assert.Nil(t, got, "no Extra field")

	got, err = bodyExtra(nil)
	require.NoError(t, err)
	assert.Nil(t, got)
}

func TestCodecIsBuiltOncePerType(t *testing.T) {
	typ := reflect.TypeFor[*struct {
		A     *string `url:"a"`
		Extra map[string]any
	}]()
	var wg sync.WaitGroup
	got := make([]*paramsCodec, 8)
	for i := range got {
		wg.Go(func() { got[i] = codecOf(typ) })
	}
	wg.Wait()
	for _, c := range got {
		assert.Same(t, got[0], c)
	}
	assert.Len(t, got[0].query, 1)
	assert.Equal(t, 1, got[0].extra)
}

// TestEncodeQueryMatchesHandWritten compares the encoder with the
// hand-written encodeQuery it replaced (kept in query_bench_test.go).
func TestEncodeQueryMatchesHandWritten(t *testing.T) {
	for _, p := range []*ProductListParams{
		{},
		benchProductListParams(),
		{Status: Ptr(ProductStatus("we ird&")), Expand: []ProductExpand{"x"}},
		{Limit: Ptr(1), Extra: map[string]any{"expand": nil, "a": []string{"1", "2"}}},
		{Limit: Ptr(0)},
		{StartingAfter: Ptr("")},
	} {
		want := url.Values{}
		wantErr := handWrittenProductListQuery(p, want)
		got, err := encodeQuery(p, "")
		if wantErr != nil {
			assert.EqualError(t, err, wantErr.Error())
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, want.Encode(), got.Encode())
	}
}
