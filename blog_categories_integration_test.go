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

func TestIntegrationBlogCategoriesAll(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	for i := range 25 {
		_, err := srv.Seed("blog_categories", map[string]any{"name": fmt.Sprintf("Topic %02d", i)})
		require.NoError(t, err)
	}
	c := fastClient(srv)
	ctx := context.Background()

	page, err := c.BlogCategories.List(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, page.Data, 20, "the default limit")
	assert.True(t, page.HasMore)
	assert.Equal(t, "/v1/blog_categories", page.URL)
	assert.Equal(t, "topic-24", page.Data[0].Slug)
	assert.Regexp(t, `^bcat_`, page.Data[0].ID)
	assert.Equal(t, "blog_category", page.Data[0].Object)

	srv.ResetRequests()
	var names []string
	for b, err := range c.BlogCategories.All(ctx, &crevio.BlogCategoryListParams{Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		names = append(names, b.Name)
	}
	require.Len(t, names, 25)
	assert.Equal(t, "Topic 24", names[0])
	assert.Equal(t, "Topic 00", names[24])
	assert.Len(t, srv.Requests(), 3)
}
