package crevio

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listPage renders a products list page with the given ids.
func listPage(hasMore bool, ids ...string) string {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = fmt.Sprintf(`{"id":%q,"object":"product","name":"Product %s","slug":%q,"status":"active"}`, id, id, id)
	}
	return fmt.Sprintf(`{"object":"list","data":[%s],"has_more":%t,"url":"/v1/products"}`, strings.Join(items, ","), hasMore)
}

func collect(t *testing.T, c *Client, params *ProductListParams) ([]string, error) {
	t.Helper()
	var ids []string
	for p, err := range c.Products.All(bg, params) {
		if err != nil {
			return ids, err
		}
		ids = append(ids, p.ID)
	}
	return ids, nil
}

func TestAllFollowsTheCursor(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, listPage(true, "p5", "p4"))
	r.respond(200, listPage(true, "p3", "p2"))
	r.respond(200, listPage(false, "p1"))
	params := &ProductListParams{Limit: Ptr(2), Status: Ptr(ProductStatusActive)}
	ids, err := collect(t, r.client(), params)
	require.NoError(t, err)
	assert.Equal(t, []string{"p5", "p4", "p3", "p2", "p1"}, ids)

	reqs := r.requests()
	require.Len(t, reqs, 3)
	queries := []string{}
	for _, q := range reqs {
		queries = append(queries, q.RawQuery)
	}
	assert.Equal(t, []string{
		"limit=2&status=active",
		"limit=2&starting_after=p4&status=active",
		"limit=2&starting_after=p2&status=active",
	}, queries)
	assert.Nil(t, params.StartingAfter, "the caller's params are not modified")
}

func TestAllIsLazy(t *testing.T) {
	r := newRecorder(t)
	seq := r.client().Products.All(bg, nil)
	assert.Empty(t, r.requests(), "no request until ranged over")
	r.respond(200, listPage(false, "p1"))
	for range seq {
	}
	assert.Len(t, r.requests(), 1)
}

func TestAllBreakStopsWithoutAnotherRequest(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, listPage(true, "p3", "p2"))
	r.respond(200, listPage(false, "p1"))
	var ids []string
	for p, err := range r.client().Products.All(bg, nil) {
		require.NoError(t, err)
		ids = append(ids, p.ID)
		if p.ID == "p2" {
			break
		}
	}
	assert.Equal(t, []string{"p3", "p2"}, ids)
	assert.Len(t, r.requests(), 1, "break at the end of a page fetches nothing more")
}

func TestAllErrorOnPageTwo(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, listPage(true, "p3", "p2"))
	r.respond(404, `{"error":{"type":"invalid_request_error","code":"resource_missing","message":"cursor gone"}}`)
	r.respond(200, listPage(false, "p1"))
	ids, err := collect(t, r.client(), nil)
	assert.Equal(t, []string{"p3", "p2"}, ids, "items before the error are delivered")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.Len(t, r.requests(), 2, "it stops after the error")
}

func TestAllStalledCursor(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, listPage(true, "p3", "p2"))
	r.respond(200, listPage(true, "p2"))
	r.respond(200, listPage(true, "p2"))
	ids, err := collect(t, r.client(), nil)
	assert.ErrorIs(t, err, ErrCursorStuck)
	assert.Equal(t, []string{"p3", "p2", "p2"}, ids)
	assert.Len(t, r.requests(), 2, "a repeated cursor stops the walk instead of looping")
}

func TestAllMissingIDOnLastItem(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, `{"object":"list","data":[{"name":"no id"}],"has_more":true}`)
	_, err := collect(t, r.client(), nil)
	assert.ErrorIs(t, err, ErrCursorStuck)
	assert.Len(t, r.requests(), 1)
}

func TestAllStopsOnAnEmptyPage(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, listPage(true, "p2"))
	r.respond(200, `{"object":"list","data":[],"has_more":true,"url":"/v1/products"}`)
	r.respond(200, listPage(false, "p1"))
	ids, err := collect(t, r.client(), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"p2"}, ids)
	assert.Len(t, r.requests(), 2)
}

func TestAllStartsFromTheCallersCursor(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, listPage(false, "p1"))
	_, err := collect(t, r.client(), &ProductListParams{StartingAfter: Ptr("p2")})
	require.NoError(t, err)
	q, _ := url.ParseQuery(r.last().RawQuery)
	assert.Equal(t, "p2", q.Get("starting_after"))
}

func TestAllInvalidParamsYieldAnError(t *testing.T) {
	r := newRecorder(t)
	_, err := collect(t, r.client(), &ProductListParams{Limit: Ptr(1000)})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.Empty(t, r.requests())
}

func TestListItemRawJSONIsSafeConcurrently(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, listPage(false, "p1", "p2", "p3"))
	page, err := r.client().Products.List(bg, nil)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 8 {
		for i := range page.Data {
			wg.Go(func() {
				assert.Contains(t, string(page.Data[i].RawJSON()), fmt.Sprintf(`"id":"p%d"`, i+1))
			})
		}
	}
	wg.Wait()
	copied := page.Data[1]
	assert.Equal(t, page.Data[1].RawJSON(), copied.RawJSON(), "a copied item keeps its raw JSON")
}

// Found by FuzzListEnvelope: encoding/json matches "dAtA" to Data, so the
// raw JSON must come from the same key, and from the last one when repeated.
func TestListItemRawJSONFollowsEncodingJSONKeyMatching(t *testing.T) {
	var p Page[Product]
	require.NoError(t, p.decodeBody([]byte(`{"data":[{"id":"old"}],"DATA":[{"id":"a","x":1},{"id":"b"}]}`)))
	require.Len(t, p.Data, 2)
	assert.Equal(t, "a", p.Data[0].ID)
	assert.JSONEq(t, `{"id":"a","x":1}`, string(p.Data[0].RawJSON()))
	assert.JSONEq(t, `{"id":"b"}`, string(p.Data[1].RawJSON()))
}

// TestAllCursorIsARequestDetail: the cursor of pages after the first goes
// out as starting_after over the params' own StartingAfter (which only the
// first page sends), Extra still applied last, without writing into the
// caller's params or options.
func TestAllCursorIsARequestDetail(t *testing.T) {
	for _, prefetch := range []bool{false, true} {
		t.Run(fmt.Sprintf("prefetch=%t", prefetch), func(t *testing.T) {
			r := newRecorder(t)
			r.respond(200, listPage(true, "p8", "p7"))
			r.respond(200, listPage(false, "p6"))
			params := &ProductListParams{StartingAfter: Ptr("p9"), Extra: map[string]any{"x": "1"}}
			opts := make([]RequestOption, 1, 4) // spare capacity a careless append would write into
			opts[0] = WithHeader("X-Test", "1")
			if prefetch {
				opts = append(opts, WithPrefetch())
			}
			var ids []string
			for p, err := range r.client().Products.All(bg, params, opts...) {
				require.NoError(t, err)
				ids = append(ids, p.ID)
			}
			assert.Equal(t, []string{"p8", "p7", "p6"}, ids)
			reqs := r.requests()
			require.Len(t, reqs, 2)
			assert.Equal(t, "starting_after=p9&x=1", reqs[0].RawQuery)
			assert.Equal(t, "starting_after=p7&x=1", reqs[1].RawQuery)
			assert.Equal(t, "p9", *params.StartingAfter, "the caller's params are not modified")
			for _, o := range opts[len(opts):cap(opts)] {
				assert.Nil(t, o, "the caller's options are not written into")
			}
		})
	}
}
