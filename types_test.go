package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExpandableDecode(t *testing.T) {
	var v struct {
		A, B, C Expandable[Product]
		D       Expandable[Product] `json:"d"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"A":"prod_1","B":{"id":"prod_2","name":"Two","x":1},"C":null}`), &v))
	assert.Equal(t, "prod_1", v.A.ID)
	_, ok := v.A.Expanded()
	assert.False(t, ok)
	p, ok := v.B.Expanded()
	require.True(t, ok)
	assert.Equal(t, "prod_2", v.B.ID)
	assert.Equal(t, "Two", p.Name)
	assert.JSONEq(t, `{"id":"prod_2","name":"Two","x":1}`, string(p.RawJSON()))
	assert.True(t, v.C.IsZero())
	assert.True(t, v.D.IsZero())

	for _, bad := range []string{`{"A":42}`, `{"A":[1]}`, `{"A":true}`, `{"A":{"id":7}}`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &v), bad)
	}
}

func TestExpandableEncode(t *testing.T) {
	b, err := json.Marshal([]Expandable[Review]{{ID: "rev_1"}, {}, {ID: "rev_2", Object: &Review{ID: "rev_2", Rating: 4}}})
	require.NoError(t, err)
	assert.Contains(t, string(b), `["rev_1",null,{"id":"rev_2","object":"","product":"","rating":4`)
}

func TestNullable(t *testing.T) {
	type body struct {
		A Nullable[string]    `json:"a,omitzero"`
		B Nullable[int]       `json:"b,omitzero"`
		C Nullable[time.Time] `json:"c,omitzero"`
	}
	b, err := json.Marshal(body{})
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(b), "unset fields are left out")

	when := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	b, err = json.Marshal(body{A: Null[string](), B: NullableValue(0), C: NullableValue(when)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":null,"b":0,"c":"2026-02-03T04:05:06Z"}`, string(b), "null clears; a zero value is still sent")

	var got body
	require.NoError(t, json.Unmarshal([]byte(`{"a":null,"b":7}`), &got))
	assert.True(t, got.A.IsNull())
	v, ok := got.B.Get()
	assert.True(t, ok)
	assert.Equal(t, 7, v)
	assert.True(t, got.C.IsZero())
	_, ok = got.C.Get()
	assert.False(t, ok)
	assert.Error(t, json.Unmarshal([]byte(`{"b":"x"}`), &got))
}

func TestTimeDecodesLeniently(t *testing.T) {
	for in, want := range map[string]time.Time{
		`"2023-11-07T05:31:56Z"`:        time.Date(2023, 11, 7, 5, 31, 56, 0, time.UTC),
		`"2023-11-07T05:31:56.5+02:00"`: time.Date(2023, 11, 7, 3, 31, 56, 5e8, time.UTC),
		`"2023-11-07T05:31:56"`:         time.Date(2023, 11, 7, 5, 31, 56, 0, time.UTC),
		`"2023-11-07"`:                  time.Date(2023, 11, 7, 0, 0, 0, 0, time.UTC),
		`1699335116`:                    time.Date(2023, 11, 7, 5, 31, 56, 0, time.UTC),
		`null`:                          {},
		`""`:                            {},
		`"next tuesday"`:                {},
		`"2023-13-45T99:00:00Z"`:        {},
		`{"not":"a time"}`:              {},
	} {
		var tm Time
		require.NoError(t, json.Unmarshal([]byte(in), &tm), in)
		assert.True(t, want.Equal(tm.Time), "%s: got %v", in, tm.Time)
	}
	b, err := json.Marshal(struct{ A, B Time }{A: Time{time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"A":"2026-01-02T03:04:05Z","B":null}`, string(b))
}

func TestPathID(t *testing.T) {
	for in, want := range map[string]string{
		"prod_abc123": "prod_abc123",
		"my-course":   "my-course",
		"a b":         "a%20b",
		"a?b#c":       "a%3Fb%23c",
		"100%":        "100%25",
		"café":        "caf%C3%A9",
		"...":         "...",
	} {
		got, err := pathID(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got)
	}
	for _, bad := range []string{"", ".", "..", "a/b", "../x", `a\b`, "a\x00b", "a\tb"} {
		_, err := pathID(bad)
		assert.ErrorIs(t, err, ErrInvalidID, "%q", bad)
	}
}

func TestEncodeExtraQuery(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, `{"object":"list","data":[]}`)
	_, err := r.client().Products.List(bg, &ProductListParams{
		Status: Ptr(ProductStatusActive),
		Extra:  map[string]any{"status": nil, "tag": []string{"a", "b"}, "since": time.Duration(0), "flag": true},
	})
	require.NoError(t, err)
	assert.Equal(t, "flag=true&since=0s&tag=a&tag=b", r.last().RawQuery, "Extra wins, nil removes")
	_, err = r.client().Products.List(bg, &ProductListParams{Extra: map[string]any{"": 1}})
	assert.ErrorIs(t, err, ErrInvalidParam)
}

func TestExtraBodyFieldsMerge(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, okProduct)
	_, err := r.client().Products.Update(bg, "p", &ProductUpdateParams{
		Name:  Ptr("Old"),
		Extra: map[string]any{"name": "New", "seo": nil},
	})
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"New","seo":null}`, string(r.last().Body))

	_, err = r.client().Products.Update(bg, "p", &ProductUpdateParams{Extra: map[string]any{"bad": func() {}}})
	assert.ErrorContains(t, err, `extra param "bad"`)
}

func TestEnumsIsKnown(t *testing.T) {
	for _, known := range []interface{ IsKnown() bool }{
		ProductStatusDraft, ProductStatusActive, ProductStatusArchived, ProductStatusPublished,
		AmountTypeFixed, AmountTypeFree, AmountTypeCustom,
		BillingTypeOneTime, BillingTypeSubscription, BillingTypeFree, BillingTypeInstallments,
		RecurringIntervalDay, RecurringIntervalWeek, RecurringIntervalMonth, RecurringIntervalYear,
	} {
		assert.True(t, known.IsKnown(), "%v", known)
	}
	for _, unknown := range []interface{ IsKnown() bool }{
		ProductStatus(""), ProductStatus("Active"), AmountType("pwyw"), BillingType("recurring"), RecurringInterval("fortnight"),
	} {
		assert.False(t, unknown.IsKnown(), "%v", unknown)
	}
}

func TestExpandableIDsDecodeLikeEncodingJSON(t *testing.T) {
	for _, raw := range []string{`"prod_1"`, `"pr\u006fd_1"`, `"café"`, "\"\x8d\"", `"a\"b"`, `"tab\tin"`, `""`} {
		var e Expandable[Product]
		var want string
		errE, errW := json.Unmarshal([]byte(raw), &e), json.Unmarshal([]byte(raw), &want)
		assert.Equal(t, errW == nil, errE == nil, raw)
		assert.Equal(t, want, e.ID, raw)
	}
}
