package crevio_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIntegrationBlogPosts(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	ctx := context.Background()
	seeded, err := srv.Seed("blog_posts",
		map[string]any{"title": "Hello World", "content": "<p>Hi</p>", "status": "published", "excerpt": "Hi",
			"created_at": "2025-03-01T08:00:00Z"},
		map[string]any{"title": "Work in Progress", "created_at": "2025-03-02T08:00:00Z"})
	require.NoError(t, err)
	c := fastClient(srv)

	post, err := c.BlogPosts.Get(ctx, "hello-world", nil)
	require.NoError(t, err)
	assert.Equal(t, seeded[0]["id"], post.ID)
	assert.Regexp(t, `^post_`, post.ID)
	assert.Equal(t, "blog_post", post.Object)
	assert.Equal(t, "Hello World", post.Title)
	assert.Equal(t, "<p>Hi</p>", post.Content)
	assert.Equal(t, "Hi", *post.Excerpt)
	assert.Equal(t, crevio.BlogPostStatusPublished, post.Status)
	assert.Equal(t, post.CreatedAt, post.PublishedAt, "published when created")

	draft, err := c.BlogPosts.Get(ctx, seeded[1]["id"].(string), nil)
	require.NoError(t, err)
	assert.Equal(t, crevio.BlogPostStatusDraft, draft.Status)
	assert.True(t, draft.PublishedAt.IsZero())
	assert.Nil(t, draft.Excerpt)

	all, err := c.BlogPosts.List(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, all.Data, 2, "no filter: every status")
	published, err := c.BlogPosts.List(ctx, &crevio.BlogPostListParams{Status: crevio.Ptr(crevio.BlogPostStatusPublished)})
	require.NoError(t, err)
	require.Len(t, published.Data, 1)
	assert.Equal(t, "hello-world", published.Data[0].Slug)
	drafts, err := c.BlogPosts.List(ctx, &crevio.BlogPostListParams{Status: crevio.Ptr(crevio.BlogPostStatusDraft)})
	require.NoError(t, err)
	require.Len(t, drafts.Data, 1)
	assert.Equal(t, "work-in-progress", drafts.Data[0].Slug)

	_, err = c.BlogPosts.Get(ctx, "missing", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
}

func TestIntegrationBlogPostsWalk(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	for i := range 50 {
		status := "draft"
		if i%2 == 0 {
			status = "published"
		}
		_, err := srv.Seed("blog_posts", map[string]any{"title": fmt.Sprintf("Post %02d", i), "status": status})
		require.NoError(t, err)
	}
	var titles []string
	params := &crevio.BlogPostListParams{Status: crevio.Ptr(crevio.BlogPostStatusPublished), Limit: crevio.Ptr(10)}
	for p, err := range fastClient(srv).BlogPosts.All(context.Background(), params) {
		require.NoError(t, err)
		assert.Equal(t, crevio.BlogPostStatusPublished, p.Status)
		titles = append(titles, p.Title)
	}
	require.Len(t, titles, 25)
	assert.Equal(t, "Post 48", titles[0])
	assert.Equal(t, "Post 00", titles[24])
	assert.Len(t, srv.Requests(), 3)
	assert.Nil(t, params.StartingAfter, "All works on a copy of params")
}
