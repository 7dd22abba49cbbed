package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBlogCategoriesWire(t *testing.T) {
	list := fixture(t, "blog_categories_list.json")
	checkWire(t, []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.BlogCategories.List(bg, nil); return err },
			method: "GET", path: "/blog_categories", respond: list,
		},
		{
			name: "list with every param",
			call: func(c *Client) error {
				_, err := c.BlogCategories.List(bg, &BlogCategoryListParams{Limit: Ptr(3), StartingAfter: Ptr("bcat_9"),
					Extra: map[string]any{"locale": "de"}})
				return err
			},
			method: "GET", path: "/blog_categories", query: "limit=3&locale=de&starting_after=bcat_9", respond: list,
		},
	})
}

func TestBlogCategoriesRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	_, err := r.client().BlogCategories.List(bg, &BlogCategoryListParams{Limit: Ptr(-1)})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.Empty(t, r.requests())
}

func TestBlogCategoryDecode(t *testing.T) {
	raw := fixture(t, "blog_category.json")
	r := newRecorder(t)
	r.respond(200, `{"object":"list","data":[`+raw+`],"has_more":false,"url":"/v1/blog_categories"}`)
	page, err := r.client().BlogCategories.List(bg, nil)
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	b := page.Data[0]
	assert.Equal(t, "bcat_news", b.ID)
	assert.Equal(t, "blog_category", b.Object)
	assert.Equal(t, "News", b.Name)
	assert.Equal(t, "news", b.Slug)
	assert.Equal(t, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), b.CreatedAt.UTC())
	assert.Equal(t, time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), b.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(b.RawJSON()))
	var extra struct {
		PostsCount int `json:"posts_count"`
	}
	require.NoError(t, json.Unmarshal(b.RawJSON(), &extra))
	assert.Equal(t, 3, extra.PostsCount)
}

func TestBlogCategoryListDecode(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "blog_categories_list.json"))
	page, err := r.client().BlogCategories.List(bg, nil)
	require.NoError(t, err)
	assert.Equal(t, "list", page.Object)
	assert.False(t, page.HasMore)
	assert.Equal(t, "/v1/blog_categories", page.URL)
	require.Len(t, page.Data, 2)
	assert.Equal(t, "bcat_b", page.Data[0].ID)
	assert.Equal(t, "tutorials", page.Data[0].Slug)
	assert.Equal(t, "News", page.Data[1].Name)
}
