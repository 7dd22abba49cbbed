package creviotest

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAuth(t *testing.T) {
	a := newAPI(t)

	for name, header := range map[string]string{
		"missing":      "",
		"wrong token":  "Bearer sk_test_wrong",
		"basic scheme": "Basic " + a.token,
		"no scheme":    a.token,
		"empty bearer": "Bearer ",
	} {
		t.Run(name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, a.srv.URL+"/products", nil)
			require.NoError(t, err)
			if header != "" {
				req.Header.Set("Authorization", header)
			}
			resp, err := a.hc.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
			var body map[string]map[string]any
			require.NoError(t, jsonDecode(resp, &body))
			assert.Equal(t, "invalid_request_error", body["error"]["type"])
			assert.Equal(t, "authentication_required", body["error"]["code"])
			assert.NotEmpty(t, body["error"]["message"])
			assert.NotContains(t, body["error"]["message"], "sk_test", "the message must not echo a token")
		})
	}

	t.Run("unknown routes need the token too", func(t *testing.T) {
		a := *a
		a.token = ""
		assert.Equal(t, http.StatusUnauthorized, a.do(http.MethodGet, "/nope", nil).Status)
	})

	t.Run("scheme is case-insensitive", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodGet, a.srv.URL+"/products", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "bearer "+a.token)
		resp, err := a.hc.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	})

	t.Run("WithToken", func(t *testing.T) {
		b := newAPI(t, WithToken("sk_live_custom"))
		assert.Equal(t, "sk_live_custom", b.srv.Token())
		assert.Equal(t, http.StatusOK, b.do(http.MethodGet, "/products", nil).Status)
		b.token = DefaultToken
		assert.Equal(t, http.StatusUnauthorized, b.do(http.MethodGet, "/products", nil).Status)
	})

	t.Run("a 401 changes nothing", func(t *testing.T) {
		b := *a
		b.token = "sk_wrong"
		assert.Equal(t, http.StatusUnauthorized, b.do(http.MethodPost, "/products", map[string]any{"name": "X"}).Status)
		assert.Zero(t, a.srv.Count("products"))
	})
}

func TestListEnvelope(t *testing.T) {
	a := newAPI(t)
	res := a.do(http.MethodGet, "/products", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "application/json", res.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"object":"list","data":[],"has_more":false,"url":"/v1/products"}`, string(res.Raw))

	a.create("/products", map[string]any{"name": "One"})
	res = a.do(http.MethodGet, "/products", nil)
	assert.Equal(t, "list", res.Body["object"])
	assert.Equal(t, false, res.Body["has_more"])
	assert.Equal(t, "/v1/products", res.Body["url"])
	require.Len(t, res.data(), 1)
	assert.Equal(t, "product", res.data()[0].(map[string]any)["object"])
}

func TestListLimit(t *testing.T) {
	a := newAPI(t)
	objs := make([]map[string]any, 105)
	for i := range objs {
		objs[i] = map[string]any{"name": fmt.Sprintf("P%d", i)}
	}
	_, err := a.srv.Seed("products", objs...)
	require.NoError(t, err)

	for _, tc := range []struct {
		query   string
		n       int
		hasMore bool
	}{
		{"", 20, true},
		{"?limit=1", 1, true},
		{"?limit=100", 100, true},
		{"?limit=37", 37, true},
	} {
		res := a.do(http.MethodGet, "/products"+tc.query, nil)
		require.Equal(t, http.StatusOK, res.Status, tc.query)
		assert.Len(t, res.data(), tc.n, tc.query)
		assert.Equal(t, tc.hasMore, res.Body["has_more"], tc.query)
	}

	for _, bad := range []string{"0", "101", "-1", "abc", "1.5", "", "1e2"} {
		res := a.do(http.MethodGet, "/products?limit="+url.QueryEscape(bad), nil)
		assert.Equal(t, http.StatusBadRequest, res.Status, "limit=%q", bad)
		assert.Equal(t, "invalid_request_error", res.errField("type"))
		assert.Equal(t, "limit", res.errField("param"), "limit=%q", bad)
	}
}

func TestListUnknownCursor(t *testing.T) {
	a := newAPI(t)
	p := a.create("/products", map[string]any{"name": "One"})
	for _, cursor := range []string{"prod_doesnotexist", "", "one"} { // not a slug either
		res := a.do(http.MethodGet, "/products?starting_after="+cursor, nil)
		assert.Equal(t, http.StatusBadRequest, res.Status, cursor)
		assert.Equal(t, "starting_after", res.errField("param"))
		assert.Equal(t, "invalid_request_error", res.errField("type"))
	}
	res := a.do(http.MethodGet, "/products?starting_after="+p["id"].(string), nil)
	assert.Equal(t, http.StatusOK, res.Status)
	assert.Empty(t, res.data())

	// A deleted cursor is unknown too.
	require.Equal(t, http.StatusOK, a.do(http.MethodDelete, "/products/"+p["id"].(string), nil).Status)
	assert.Equal(t, http.StatusBadRequest, a.do(http.MethodGet, "/products?starting_after="+p["id"].(string), nil).Status)
}

func TestListNewestFirstStable(t *testing.T) {
	// Every timestamp is equal: the order must still be creation order, newest first.
	clk := newClock()
	a := newAPI(t, WithClock(clk.Now))
	var created []string
	for i := range 30 {
		created = append(created, a.create("/products", map[string]any{"name": fmt.Sprintf("P%02d", i)})["id"].(string))
	}
	want := make([]string, len(created))
	for i, id := range created {
		want[len(created)-1-i] = id
	}
	for range 3 {
		res := a.do(http.MethodGet, "/products?limit=100", nil)
		assert.Equal(t, want, res.ids())
	}
	assert.Equal(t, want[:7], a.do(http.MethodGet, "/products?limit=7", nil).ids())
	assert.Equal(t, want[8:15], a.do(http.MethodGet, "/products?limit=7&starting_after="+want[7], nil).ids())
}

func TestListOrderFollowsCreatedAt(t *testing.T) {
	a := newAPI(t)
	_, err := a.srv.Seed("products",
		map[string]any{"id": "prod_b", "name": "B", "created_at": "2024-02-01T00:00:00Z"},
		map[string]any{"id": "prod_c", "name": "C", "created_at": "2024-03-01T00:00:00Z"},
		map[string]any{"id": "prod_a", "name": "A", "created_at": "2024-01-01T00:00:00Z"},
		map[string]any{"id": "prod_c2", "name": "C2", "created_at": "2024-03-01T00:00:00Z"},
	)
	require.NoError(t, err)
	assert.Equal(t, []string{"prod_c2", "prod_c", "prod_b", "prod_a"}, a.do(http.MethodGet, "/products", nil).ids())
}

func TestListWalk250(t *testing.T) {
	a := newAPI(t)
	for i := range 250 {
		// Half through the API, half seeded, to mix both paths.
		if i%2 == 0 {
			a.create("/products", map[string]any{"name": fmt.Sprintf("Product %d", i)})
		} else {
			_, err := a.srv.Seed("products", map[string]any{"name": fmt.Sprintf("Product %d", i)})
			require.NoError(t, err)
		}
	}
	require.Equal(t, 250, a.srv.Count("products"))

	for _, limit := range []int{100, 20, 7} {
		seen := map[string]bool{}
		var order []string
		cursor := ""
		pages := 0
		for {
			q := fmt.Sprintf("?limit=%d", limit)
			if cursor != "" {
				q += "&starting_after=" + cursor
			}
			res := a.do(http.MethodGet, "/products"+q, nil)
			require.Equal(t, http.StatusOK, res.Status)
			pages++
			ids := res.ids()
			for _, id := range ids {
				require.False(t, seen[id], "duplicate %s", id)
				seen[id] = true
			}
			order = append(order, ids...)
			if res.Body["has_more"] == false {
				break
			}
			require.Len(t, ids, limit, "a page with has_more must be full")
			cursor = ids[len(ids)-1]
			require.Less(t, pages, 100, "cursor does not advance")
		}
		assert.Len(t, seen, 250, "limit %d", limit)
		assert.Equal(t, (250+limit-1)/limit, pages, "limit %d", limit)
		assert.Equal(t, "Product 249", mustGet(t, a.srv, "products", order[0])["name"])
		assert.Equal(t, "Product 0", mustGet(t, a.srv, "products", order[249])["name"])
	}
}

func TestListFilter(t *testing.T) {
	a := newAPI(t)
	a.create("/products", map[string]any{"name": "A", "status": "active"})
	a.create("/products", map[string]any{"name": "B"})
	c := a.create("/products", map[string]any{"name": "C", "status": "active"})

	res := a.do(http.MethodGet, "/products?status=active", nil)
	require.Len(t, res.data(), 2)
	for _, o := range res.data() {
		assert.Equal(t, "active", o.(map[string]any)["status"])
	}
	assert.Len(t, a.do(http.MethodGet, "/products?status=draft", nil).data(), 1)
	assert.Empty(t, a.do(http.MethodGet, "/products?status=nope", nil).data())
	// Filters combine with the cursor and limit.
	res = a.do(http.MethodGet, "/products?status=active&limit=1", nil)
	assert.Equal(t, []string{c["id"].(string)}, res.ids())
	assert.Equal(t, true, res.Body["has_more"])
	res = a.do(http.MethodGet, "/products?status=active&limit=1&starting_after="+c["id"].(string), nil)
	assert.Equal(t, false, res.Body["has_more"])
	assert.Len(t, res.data(), 1)
	// An undeclared param does not filter.
	assert.Len(t, a.do(http.MethodGet, "/products?name=A", nil).data(), 3)
}

func TestProductDefaults(t *testing.T) {
	clk := newClock()
	a := newAPI(t, WithClock(clk.Now))
	p := a.create("/products", map[string]any{"name": "My First Course!"})
	assert.Regexp(t, `^prod_[0-9A-Za-z]{14}$`, p["id"])
	assert.Equal(t, "product", p["object"])
	assert.Equal(t, "my-first-course", p["slug"])
	assert.Equal(t, "draft", p["status"])
	assert.Equal(t, "https://store.crevio.co/my-first-course", p["url"])
	assert.Equal(t, "2025-01-02T03:04:05Z", p["created_at"])
	assert.Equal(t, p["created_at"], p["updated_at"])
	for _, f := range []string{"description", "body_html", "button_cta", "available_from", "available_until",
		"published_at", "average_rating", "seo"} {
		v, ok := p[f]
		assert.True(t, ok, "%s missing", f)
		assert.Nil(t, v, f)
	}
	assert.Equal(t, float64(0), p["reviews_count"])
	assert.Equal(t, []any{}, p["media_gallery"])
	assert.Equal(t, []any{}, p["price_variants"])
	assert.NotContains(t, p, "reviews")

	// A second product with the same name gets a free slug.
	q := a.create("/products", map[string]any{"name": "My first course"})
	assert.Equal(t, "my-first-course-2", q["slug"])
	assert.NotEqual(t, p["id"], q["id"])
}

func TestValidation(t *testing.T) {
	a := newAPI(t)
	for name, tc := range map[string]struct {
		body   any
		errors map[string]any
	}{
		"no name":       {map[string]any{"description": "x"}, map[string]any{"name": []any{"can't be blank"}}},
		"blank name":    {map[string]any{"name": "  "}, map[string]any{"name": []any{"can't be blank"}}},
		"empty body":    {nil, map[string]any{"name": []any{"can't be blank"}}},
		"number name":   {map[string]any{"name": 12}, map[string]any{"name": []any{"is invalid"}}},
		"bad status":    {map[string]any{"name": "X", "status": "live"}, map[string]any{"status": []any{"is not included in the list"}}},
		"null status":   {map[string]any{"name": "X", "status": nil}, map[string]any{"status": []any{"can't be blank"}}},
		"two fields":    {map[string]any{"status": 3}, map[string]any{"name": []any{"can't be blank"}, "status": []any{"is not included in the list"}}},
		"wrapped blank": {map[string]any{"product": map[string]any{"name": ""}}, map[string]any{"name": []any{"can't be blank"}}},
	} {
		t.Run(name, func(t *testing.T) {
			res := a.do(http.MethodPost, "/products", tc.body)
			require.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Raw)
			assert.Equal(t, "validation_error", res.errField("type"))
			assert.Equal(t, "validation_failed", res.errField("code"))
			assert.Equal(t, tc.errors, res.errField("errors"))
			assert.NotEmpty(t, res.errField("message"))
		})
	}
	res := a.do(http.MethodPost, "/products", map[string]any{})
	assert.Equal(t, "Name can't be blank", res.errField("message"))
	assert.Zero(t, a.srv.Count("products"), "a 422 stores nothing")

	t.Run("allowed statuses", func(t *testing.T) {
		for _, s := range []string{"draft", "active", "archived", "published"} {
			p := a.create("/products", map[string]any{"name": "S " + s, "status": s})
			assert.Equal(t, s, p["status"])
		}
	})

	t.Run("slug taken", func(t *testing.T) {
		a.create("/products", map[string]any{"name": "Taken", "slug": "taken"})
		res := a.do(http.MethodPost, "/products", map[string]any{"name": "Other", "slug": "taken"})
		require.Equal(t, http.StatusUnprocessableEntity, res.Status)
		assert.Equal(t, map[string]any{"slug": []any{"has already been taken"}}, res.errField("errors"))

		other := a.create("/products", map[string]any{"name": "Other"})
		res = a.do(http.MethodPatch, "/products/"+other["id"].(string), map[string]any{"slug": "taken"})
		require.Equal(t, http.StatusUnprocessableEntity, res.Status)
		assert.Equal(t, map[string]any{"slug": []any{"has already been taken"}}, res.errField("errors"))
		// Re-saving its own slug is fine.
		res = a.do(http.MethodPatch, "/products/taken", map[string]any{"slug": "taken", "name": "Renamed"})
		assert.Equal(t, http.StatusOK, res.Status)
	})

	t.Run("review rating and product", func(t *testing.T) {
		p := a.create("/products", map[string]any{"name": "Rated"})
		res := a.do(http.MethodPost, "/reviews", map[string]any{"product": "prod_nope", "rating": 9})
		require.Equal(t, http.StatusUnprocessableEntity, res.Status)
		assert.Equal(t, map[string]any{"product": []any{"must exist"}, "rating": []any{"must be an integer from 1 to 5"}},
			res.errField("errors"))
		res = a.do(http.MethodPost, "/reviews", map[string]any{"product": p["id"], "rating": 4.5})
		assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
		a.create("/reviews", map[string]any{"product": p["id"], "rating": 5})
	})
}

func TestNotFound(t *testing.T) {
	a := newAPI(t)
	for _, m := range []string{http.MethodGet, http.MethodPatch, http.MethodDelete} {
		res := a.do(m, "/products/prod_missing", map[string]any{})
		require.Equal(t, http.StatusNotFound, res.Status, m)
		assert.Equal(t, "invalid_request_error", res.errField("type"))
		assert.Equal(t, "resource_missing", res.errField("code"))
		assert.Equal(t, "No such product: 'prod_missing'", res.errField("message"))
	}
	res := a.do(http.MethodPost, "/price_variants/price_missing/archive", nil)
	assert.Equal(t, http.StatusNotFound, res.Status)
	assert.Equal(t, "No such price variant: 'price_missing'", res.errField("message"))

	// Unknown routes.
	for _, p := range []string{"/nothing", "/products/x/y/z", "/price_variants/x/unknown_action", ""} {
		res := a.do(http.MethodGet, p, nil)
		assert.Equal(t, http.StatusNotFound, res.Status, p)
		assert.Equal(t, "invalid_request_error", res.errField("type"), p)
	}
	// Outside /v1.
	req, err := http.NewRequest(http.MethodGet, strings.TrimSuffix(a.srv.URL, "/v1")+"/products", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+a.token)
	resp, err := a.hc.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestMethodNotAllowed(t *testing.T) {
	a := newAPI(t)
	p := a.create("/products", map[string]any{"name": "X"})
	res := a.do(http.MethodPut, "/products/"+p["id"].(string), map[string]any{"name": "Y"})
	assert.Equal(t, http.StatusMethodNotAllowed, res.Status)
	assert.Equal(t, "GET, PATCH, DELETE", res.Header.Get("Allow"))
	assert.Equal(t, "method_not_allowed", res.errField("code"))
	res = a.do(http.MethodDelete, "/products", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, res.Status)
	assert.Equal(t, "GET, POST", res.Header.Get("Allow"))

	v := a.create("/price_variants", map[string]any{"product": p["id"], "name": "Std"})
	res = a.do(http.MethodGet, "/price_variants/"+v["id"].(string)+"/archive", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, res.Status)
	assert.Equal(t, "POST", res.Header.Get("Allow"))
}

func TestDisabledOps(t *testing.T) {
	a := newAPI(t)
	// Set before any request is served.
	a.srv.st.tables["reviews"].def.disabled = opCreate | opDelete
	res := a.do(http.MethodPost, "/reviews", map[string]any{"rating": 1})
	assert.Equal(t, http.StatusMethodNotAllowed, res.Status)
	assert.Equal(t, "GET", res.Header.Get("Allow"))
	res = a.do(http.MethodDelete, "/reviews/rev_x", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, res.Status)
	assert.Equal(t, "GET, PATCH", res.Header.Get("Allow"))
	assert.Equal(t, http.StatusOK, a.do(http.MethodGet, "/reviews", nil).Status)
	assert.Equal(t, http.StatusOK, a.do(http.MethodPost, "/products", map[string]any{"name": "x"}).Status)
}

func TestDelete(t *testing.T) {
	a := newAPI(t)
	p := a.create("/products", map[string]any{"name": "Gone"})
	id := p["id"].(string)
	res := a.do(http.MethodDelete, "/products/"+id, nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.JSONEq(t, fmt.Sprintf(`{"id":%q,"object":"product","deleted":true}`, id), string(res.Raw))
	assert.Equal(t, http.StatusNotFound, a.do(http.MethodGet, "/products/"+id, nil).Status)
	assert.Equal(t, http.StatusNotFound, a.do(http.MethodGet, "/products/gone", nil).Status)
	assert.Equal(t, http.StatusNotFound, a.do(http.MethodDelete, "/products/"+id, nil).Status)
	assert.Zero(t, a.srv.Count("products"))
	assert.Empty(t, a.do(http.MethodGet, "/products", nil).data())

	// Deleting by slug answers with the id.
	q := a.create("/products", map[string]any{"name": "By Slug"})
	res = a.do(http.MethodDelete, "/products/by-slug", nil)
	assert.Equal(t, q["id"], res.Body["id"])
}

func TestSlugLookup(t *testing.T) {
	a := newAPI(t)
	p := a.create("/products", map[string]any{"name": "My Course"})
	id := p["id"].(string)

	res := a.do(http.MethodGet, "/products/my-course", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, id, res.Body["id"])

	res = a.do(http.MethodPatch, "/products/my-course", map[string]any{"description": "d"})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "d", res.Body["description"])

	// Exact id wins over a slug that equals another product's id.
	other := a.create("/products", map[string]any{"name": "Tricky", "slug": id})
	assert.Equal(t, id, a.do(http.MethodGet, "/products/"+id, nil).Body["id"])
	assert.Equal(t, other["id"], a.do(http.MethodGet, "/products/"+other["id"].(string), nil).Body["id"])

	// A slug with an escaped slash stays one path segment.
	odd := a.create("/products", map[string]any{"name": "Odd", "slug": "a/b c"})
	res = a.do(http.MethodGet, "/products/"+url.PathEscape("a/b c"), nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, odd["id"], res.Body["id"])

	// Resources without slugs don't resolve them, even with a slug field.
	_, err := a.srv.Seed("reviews", map[string]any{"id": "rev_1", "product": id, "rating": 5, "slug": "great"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, a.do(http.MethodGet, "/reviews/rev_1", nil).Status)
	assert.Equal(t, http.StatusNotFound, a.do(http.MethodGet, "/reviews/great", nil).Status)

	got, ok := a.srv.Get("products", "my-course")
	assert.True(t, ok)
	assert.Equal(t, id, got["id"])
	_, ok = a.srv.Get("reviews", "great")
	assert.False(t, ok)
}

func TestBodies(t *testing.T) {
	clk := newClock()
	a := newAPI(t, WithClock(clk.Now))

	flat := a.create("/products", map[string]any{"name": "Flat", "description": "f"})
	assert.Equal(t, "Flat", flat["name"])
	assert.Equal(t, "f", flat["description"])

	wrapped := a.create("/products", map[string]any{"product": map[string]any{"name": "Wrapped", "status": "active"}})
	assert.Equal(t, "Wrapped", wrapped["name"])
	assert.Equal(t, "active", wrapped["status"])
	assert.NotContains(t, wrapped, "product")

	res := a.do(http.MethodPatch, "/products/wrapped", map[string]any{"product": map[string]any{"description": "w"}})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "w", res.Body["description"])

	for name, body := range map[string]string{
		"malformed": `{"name": `,
		"array":     `[{"name":"x"}]`,
		"string":    `"name"`,
		"trailing":  `{"name":"x"} {}`,
	} {
		res := a.do(http.MethodPost, "/products", body)
		assert.Equal(t, http.StatusBadRequest, res.Status, name)
		assert.Equal(t, "invalid_request_error", res.errField("type"), name)
		res = a.do(http.MethodPatch, "/products/flat", body)
		assert.Equal(t, http.StatusBadRequest, res.Status, name)
	}
	assert.Equal(t, 2, a.srv.Count("products"))

	// Clients can't set id, object or timestamps; unknown fields are
	// dropped, as the API's parameter filtering does.
	p := a.create("/products", map[string]any{
		"name": "Sneaky", "id": "prod_mine", "object": "order", "created_at": "2001-01-01T00:00:00Z",
		"updated_at": "2001-01-01T00:00:00Z", "is_admin": true, "custom": map[string]any{"a": []any{1.0}},
	})
	assert.NotEqual(t, "prod_mine", p["id"])
	assert.Equal(t, "product", p["object"])
	assert.Equal(t, "2025-01-02T03:04:05Z", p["created_at"])
	assert.Equal(t, "2025-01-02T03:04:05Z", p["updated_at"])
	assert.NotContains(t, p, "is_admin")
	assert.NotContains(t, p, "custom")
	res = a.do(http.MethodPatch, "/products/sneaky", map[string]any{"id": "prod_mine", "object": "x"})
	assert.Equal(t, p["id"], res.Body["id"])
	assert.Equal(t, "product", res.Body["object"])
}

func TestPatch(t *testing.T) {
	clk := newClock()
	a := newAPI(t, WithClock(clk.Now))
	p := a.create("/products", map[string]any{"name": "Course", "description": "old", "button_cta": "Buy"})
	id := p["id"].(string)
	clk.Advance(time.Hour)

	res := a.do(http.MethodPatch, "/products/"+id, map[string]any{"description": nil, "name": "Course 2"})
	require.Equal(t, http.StatusOK, res.Status)
	got := res.Body
	v, present := got["description"]
	assert.True(t, present, "a cleared field stays, as null")
	assert.Nil(t, v)
	assert.Equal(t, "Course 2", got["name"])
	assert.Equal(t, "Buy", got["button_cta"], "fields not sent are kept")
	assert.Equal(t, "course", got["slug"], "a rename keeps the slug")
	assert.Equal(t, p["created_at"], got["created_at"])
	assert.Equal(t, "2025-01-02T04:04:05Z", got["updated_at"])

	stored, ok := a.srv.Get("products", id)
	require.True(t, ok)
	assert.Equal(t, got, stored)

	// Clearing a required field is a 422 and changes nothing.
	res = a.do(http.MethodPatch, "/products/"+id, map[string]any{"name": nil, "button_cta": "Get"})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, map[string]any{"name": []any{"can't be blank"}}, res.errField("errors"))
	stored, _ = a.srv.Get("products", id)
	assert.Equal(t, "Buy", stored["button_cta"])

	// An empty patch is fine.
	assert.Equal(t, http.StatusOK, a.do(http.MethodPatch, "/products/"+id, nil).Status)
}

func TestExpand(t *testing.T) {
	a := newAPI(t)
	p := a.create("/products", map[string]any{"name": "Course"})
	pid := p["id"].(string)
	v1 := a.create("/price_variants", map[string]any{"product": pid, "name": "Monthly", "amount": 1000, "position": 2})
	v2 := a.create("/price_variants", map[string]any{"price_variant": map[string]any{"product": pid, "name": "Yearly", "position": 1}})
	r1 := a.create("/reviews", map[string]any{"product": pid, "rating": 5, "content": "Great"})
	r2 := a.create("/reviews", map[string]any{"product": pid, "rating": 4})
	other := a.create("/products", map[string]any{"name": "Other"})
	a.create("/reviews", map[string]any{"product": other["id"], "rating": 1})

	// Unexpanded: price variants embedded (ordered by position), reviews omitted.
	res := a.do(http.MethodGet, "/products/"+pid, nil)
	assert.Equal(t, []any{v2["id"], v1["id"]}, ids(res.Body["price_variants"]))
	assert.NotContains(t, res.Body, "reviews")

	res = a.do(http.MethodGet, "/products/"+pid+"?expand=reviews", nil)
	assert.Equal(t, []any{v2["id"], v1["id"]}, ids(res.Body["price_variants"]))
	reviews := res.Body["reviews"].([]any)
	require.Len(t, reviews, 2)
	assert.Equal(t, r1, reviews[0])
	assert.Equal(t, r2["id"], reviews[1].(map[string]any)["id"])

	res = a.do(http.MethodGet, "/products/course?expand=price_variants,reviews,nonsense", nil)
	require.Equal(t, http.StatusOK, res.Status)
	pvs := res.Body["price_variants"].([]any)
	require.Len(t, pvs, 2)
	assert.Equal(t, "Yearly", pvs[0].(map[string]any)["name"])
	assert.Equal(t, "price_variant", pvs[0].(map[string]any)["object"])
	assert.Equal(t, float64(1000), pvs[1].(map[string]any)["amount"])
	assert.Len(t, res.Body["reviews"], 2)

	// Spaces and repeated expand values.
	res = a.do(http.MethodGet, "/products/"+pid+"?expand=price_variants,%20reviews", nil)
	assert.Len(t, res.Body["reviews"], 2)
	assert.IsType(t, map[string]any{}, res.Body["price_variants"].([]any)[0])

	// Expand works on lists, on every item.
	res = a.do(http.MethodGet, "/products?expand=reviews", nil)
	for _, o := range res.data() {
		assert.Contains(t, o.(map[string]any), "reviews")
	}
	assert.NotContains(t, a.do(http.MethodGet, "/products", nil).data()[0].(map[string]any), "reviews")

	// A stored relation: the price variant's product, id or object.
	res = a.do(http.MethodGet, "/price_variants/"+v1["id"].(string), nil)
	assert.Equal(t, pid, res.Body["product"])
	res = a.do(http.MethodGet, "/price_variants/"+v1["id"].(string)+"?expand=product", nil)
	exp := res.Body["product"].(map[string]any)
	assert.Equal(t, pid, exp["id"])
	assert.Equal(t, []any{v2["id"], v1["id"]}, ids(exp["price_variants"]))
	assert.NotContains(t, exp, "reviews", "nested objects are not expanded further")

	// Expand on create and update answers too.
	res = a.do(http.MethodPost, "/reviews?expand=product", map[string]any{"product": pid, "rating": 3})
	assert.Equal(t, pid, res.Body["product"].(map[string]any)["id"])

	// Price variants list filtered by product.
	res = a.do(http.MethodGet, "/price_variants?product="+pid, nil)
	assert.Len(t, res.data(), 2)
	assert.Empty(t, a.do(http.MethodGet, "/price_variants?product="+other["id"].(string), nil).data())

	// Deleting a variant removes it from the product.
	a.do(http.MethodDelete, "/price_variants/"+v2["id"].(string), nil)
	assert.Equal(t, []any{v1["id"]}, ids(a.do(http.MethodGet, "/products/"+pid, nil).Body["price_variants"]))
}

func TestReviewsKeepProductRating(t *testing.T) {
	a := newAPI(t)
	p := a.create("/products", map[string]any{"name": "Rated"})
	pid := p["id"].(string)
	r1 := a.create("/reviews", map[string]any{"product": pid, "rating": 5})
	a.create("/reviews", map[string]any{"product": pid, "rating": 4})
	a.create("/reviews", map[string]any{"product": pid, "rating": 4})

	got := mustGet(t, a.srv, "products", pid)
	assert.Equal(t, float64(3), got["reviews_count"])
	assert.Equal(t, 4.33, got["average_rating"])

	a.do(http.MethodPatch, "/reviews/"+r1["id"].(string), map[string]any{"rating": 1})
	assert.Equal(t, float64(3), mustGet(t, a.srv, "products", pid)["average_rating"])

	for _, r := range a.do(http.MethodGet, "/reviews?product="+pid, nil).ids() {
		a.do(http.MethodDelete, "/reviews/"+r, nil)
	}
	got = mustGet(t, a.srv, "products", pid)
	assert.Equal(t, float64(0), got["reviews_count"])
	assert.Nil(t, got["average_rating"])
}

func TestActions(t *testing.T) {
	clk := newClock()
	a := newAPI(t, WithClock(clk.Now))
	p := a.create("/products", map[string]any{"name": "P"})
	v := a.create("/price_variants", map[string]any{"product": p["id"], "name": "Std"})
	assert.Equal(t, false, v["archived"])
	clk.Advance(time.Minute)

	res := a.do(http.MethodPost, "/price_variants/"+v["id"].(string)+"/archive", nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, true, res.Body["archived"])
	assert.Equal(t, "2025-01-02T03:05:05Z", res.Body["updated_at"])
	assert.Equal(t, true, mustGet(t, a.srv, "price_variants", v["id"].(string))["archived"])

	r := a.create("/reviews", map[string]any{"product": p["id"], "rating": 5})
	res = a.do(http.MethodPost, "/reviews/"+r["id"].(string)+"/position", map[string]any{"position": 3})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, float64(3), res.Body["position"])
	res = a.do(http.MethodPost, "/reviews/"+r["id"].(string)+"/position", map[string]any{"position": "top"})
	assert.Equal(t, http.StatusBadRequest, res.Status)
	assert.Equal(t, "position", res.errField("param"))
	assert.Equal(t, float64(3), mustGet(t, a.srv, "reviews", r["id"].(string))["position"], "a failed action changes nothing")
}

func TestSeed(t *testing.T) {
	a := newAPI(t)
	out, err := a.srv.Seed("products", map[string]any{
		"id": "prod_seeded", "name": "Seeded Course", "status": "active", "reviews_count": 7,
		"created_at": "2024-05-06T07:08:09Z",
		"price_variants": []any{
			map[string]any{"id": "price_a", "name": "Basic", "amount": 1000, "currency": "usd"},
			map[string]any{"name": "Pro", "amount": 5000},
		},
	})
	require.NoError(t, err)
	require.Len(t, out, 1)
	assert.Equal(t, "prod_seeded", out[0]["id"])
	assert.Equal(t, "seeded-course", out[0]["slug"])
	assert.Equal(t, "2024-05-06T07:08:09Z", out[0]["created_at"])
	assert.Equal(t, "2024-05-06T07:08:09Z", out[0]["updated_at"])
	assert.Equal(t, float64(7), out[0]["reviews_count"], "seeded values are kept")
	pvs := out[0]["price_variants"].([]any)
	require.Len(t, pvs, 2)
	assert.Equal(t, "price_a", pvs[0].(map[string]any)["id"])
	assert.Equal(t, 2, a.srv.Count("price_variants"))
	assert.Equal(t, "prod_seeded", mustGet(t, a.srv, "price_variants", "price_a")["product"])

	res := a.do(http.MethodGet, "/products/seeded-course?expand=price_variants", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "Basic", res.Body["price_variants"].([]any)[0].(map[string]any)["name"])

	for name, obj := range map[string]map[string]any{
		"duplicate id":   {"id": "prod_seeded", "name": "X"},
		"duplicate slug": {"name": "X", "slug": "seeded-course"},
		"wrong object":   {"name": "X", "object": "order"},
		"bad created_at": {"name": "X", "created_at": "yesterday"},
		"empty id":       {"id": "", "name": "X"},
	} {
		_, err := a.srv.Seed("products", obj)
		assert.Error(t, err, name)
	}
	_, err = a.srv.Seed("unicorns", map[string]any{})
	assert.ErrorContains(t, err, "unknown resource")
	assert.Equal(t, 1, a.srv.Count("products"))
	assert.Zero(t, a.srv.Count("unicorns"))

	// The caller's maps are not changed or kept.
	in := map[string]any{"name": "Mine"}
	out, err = a.srv.Seed("products", in)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"name": "Mine"}, in)
	out[0]["name"] = "changed"
	assert.Equal(t, "Mine", mustGet(t, a.srv, "products", out[0]["id"].(string))["name"])
}

func TestSeedJSON(t *testing.T) {
	a := newAPI(t)
	err := a.srv.SeedJSON([]byte(`{
		"reviews": [{"id": "rev_x", "product": "prod_1", "rating": 4}],
		"products": [
			{"id": "prod_1", "name": "One", "reviews": [{"rating": 2, "content": "meh"}]},
			{"id": "prod_2", "name": "Two", "slug": "second"}
		]
	}`))
	require.NoError(t, err)
	assert.Equal(t, 2, a.srv.Count("products"))
	assert.Equal(t, 2, a.srv.Count("reviews"))
	p := mustGet(t, a.srv, "products", "prod_1")
	assert.Equal(t, float64(2), p["reviews_count"])
	assert.Equal(t, float64(3), p["average_rating"])
	assert.Equal(t, "prod_2", mustGet(t, a.srv, "products", "second")["id"])

	assert.Error(t, a.srv.SeedJSON([]byte(`{"products": [`)))
	assert.ErrorContains(t, a.srv.SeedJSON([]byte(`{"products": [{"name":"Z"}], "gizmos": []}`)), "gizmos")
	assert.Equal(t, 2, a.srv.Count("products"), "nothing is seeded when a resource is unknown")

	assert.Error(t, a.srv.SeedFile("testdata/does-not-exist.json"))
	assert.Subset(t, a.srv.Resources(), []string{"price_variants", "products", "reviews"})
	assert.IsIncreasing(t, a.srv.Resources(), "sorted")
}

func TestDeterministicIDs(t *testing.T) {
	// Two fakes fed the same requests hand out the same ids.
	var ids [2][]string
	for i := range ids {
		a := newAPI(t)
		for range 3 {
			ids[i] = append(ids[i], a.create("/products", map[string]any{"name": "X"})["id"].(string))
		}
	}
	assert.Equal(t, ids[0], ids[1])
}

func TestRequestIDHeader(t *testing.T) {
	a := newAPI(t)
	res := a.do(http.MethodGet, "/products", nil)
	rid := res.Header.Get("X-Request-Id")
	assert.Regexp(t, `^req_[0-9A-Za-z]{16}$`, rid)
	assert.Equal(t, rid, a.srv.Requests()[0].RequestID)
	assert.NotEqual(t, rid, a.do(http.MethodGet, "/products", nil).Header.Get("X-Request-Id"))
}

func TestNewServerURL(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	assert.True(t, strings.HasPrefix(srv.URL, "http://127.0.0.1:"), srv.URL)
	assert.True(t, strings.HasSuffix(srv.URL, "/v1"), srv.URL)
	assert.Equal(t, DefaultToken, srv.Token())
	assert.Equal(t, srv.Fake, srv.Handler())
}

func mustGet(t testing.TB, srv *Server, resource, id string) map[string]any {
	t.Helper()
	obj, ok := srv.Get(resource, id)
	require.True(t, ok, "%s %s not found", resource, id)
	return obj
}
