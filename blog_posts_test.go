package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBlogPostsWire(t *testing.T) {
	one, list := fixture(t, "blog_post.json"), fixture(t, "blog_posts_list.json")
	tests := []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.BlogPosts.List(bg, nil); return err },
			method: "GET", path: "/blog_posts", respond: list,
		},
		{
			name: "list by status",
			call: func(c *Client) error {
				_, err := c.BlogPosts.List(bg, &BlogPostListParams{Status: Ptr(BlogPostStatusPublished), Limit: Ptr(3), StartingAfter: Ptr("post_9"),
					Extra: map[string]any{"category": "bcat_1"}})
				return err
			},
			method: "GET", path: "/blog_posts", query: "category=bcat_1&limit=3&starting_after=post_9&status=published", respond: list,
		},
		{
			name:   "get by id",
			call:   func(c *Client) error { _, err := c.BlogPosts.Get(bg, "post_abc123", nil); return err },
			method: "GET", path: "/blog_posts/post_abc123", respond: one,
		},
		{
			name:   "get by slug",
			call:   func(c *Client) error { _, err := c.BlogPosts.Get(bg, "shipping-a-go-sdk", nil); return err },
			method: "GET", path: "/blog_posts/shipping-a-go-sdk", respond: one,
		},
		{
			name:   "get escapes the id",
			call:   func(c *Client) error { _, err := c.BlogPosts.Get(bg, "ça va?", nil); return err },
			method: "GET", path: "/blog_posts/%C3%A7a%20va%3F", respond: one,
		},
	}
	checkWire(t, tests)
}

func TestBlogPostDecode(t *testing.T) {
	raw := fixture(t, "blog_post.json")
	r := newRecorder(t)
	r.respond(200, raw)
	p, err := r.client().BlogPosts.Get(bg, "shipping-a-go-sdk", nil)
	require.NoError(t, err)

	assert.Equal(t, "post_abc123", p.ID)
	assert.Equal(t, "blog_post", p.Object)
	assert.Equal(t, "Shipping a Go SDK", p.Title)
	assert.Equal(t, "shipping-a-go-sdk", p.Slug)
	assert.Equal(t, "What we learned.", *p.Excerpt)
	assert.Equal(t, "<p>It took a <b>while</b>.</p>", p.Content)
	assert.Equal(t, BlogPostStatusPublished, p.Status)
	assert.True(t, p.Status.IsKnown())
	assert.Equal(t, time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC), p.PublishedAt.UTC())
	assert.Equal(t, time.Date(2025, 2, 28, 17, 0, 0, 0, time.UTC), p.CreatedAt.UTC())
	assert.Equal(t, time.Date(2025, 3, 2, 12, 0, 0, 0, time.UTC), p.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(p.RawJSON()))
	var extra struct{ Category struct{ Name string } }
	require.NoError(t, json.Unmarshal(p.RawJSON(), &extra))
	assert.Equal(t, "Engineering", extra.Category.Name, "unmodelled fields stay reachable")
}

func TestBlogPostListDecode(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "blog_posts_list.json"))
	page, err := r.client().BlogPosts.List(bg, nil)
	require.NoError(t, err)
	assert.False(t, page.HasMore)
	require.Len(t, page.Data, 2)
	assert.Equal(t, BlogPostStatus("scheduled"), page.Data[0].Status)
	assert.False(t, page.Data[0].Status.IsKnown())
	assert.Nil(t, page.Data[0].Excerpt)
	assert.True(t, page.Data[0].PublishedAt.IsZero())
	assert.Equal(t, BlogPostStatusDraft, page.Data[1].Status)
	assert.True(t, page.Data[1].Status.IsKnown())
	assert.Equal(t, "post_a", page.Data[1].ID)
}
