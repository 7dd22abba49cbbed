package crevio_test

import (
	"context"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIntegrationSitesAndTaskRuns creates a site from a prompt and follows
// its build through the task runs, against the fake.
func TestIntegrationSitesAndTaskRuns(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()

	s, err := c.Sites.Create(ctx, &crevio.SiteCreateParams{Prompt: crevio.Ptr("A shop for handmade mugs"), Name: crevio.Ptr("Mug Shop"),
		AccessMode: crevio.Ptr(crevio.SiteAccessModeAccount)})
	require.NoError(t, err)
	assert.Regexp(t, `^site_`, s.ID)
	assert.Equal(t, "site", s.Object)
	assert.Equal(t, "Mug Shop", s.Name)
	assert.Equal(t, crevio.SiteAccessModeAccount, s.AccessMode)
	assert.Equal(t, "mug-shop", *s.Subdomain)
	assert.Equal(t, "https://mug-shop.crevio.site", *s.AppURL)
	assert.True(t, s.ShowReferralBadge)
	assert.False(t, s.IsLive)
	assert.Nil(t, s.GitHubRepoFullName)
	require.NotNil(t, s.BuildTaskID)
	assert.False(t, s.CreatedAt.IsZero())

	runs, err := c.TaskRuns.List(ctx, &crevio.TaskRunListParams{AITaskID: s.BuildTaskID})
	require.NoError(t, err)
	require.Len(t, runs.Data, 1)
	run := runs.Data[0]
	assert.Equal(t, *s.BuildTaskID, run.TaskID)
	assert.Equal(t, crevio.TaskRunStatusPending, run.Status)
	got, err := c.TaskRuns.Get(ctx, run.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, run.ID, got.ID)
	none, err := c.TaskRuns.List(ctx, &crevio.TaskRunListParams{Status: crevio.Ptr(crevio.TaskRunStatusCompleted)})
	require.NoError(t, err)
	assert.Empty(t, none.Data)

	repo, err := c.Sites.Create(ctx, &crevio.SiteCreateParams{Repository: crevio.Ptr("acme/storefront")})
	require.NoError(t, err)
	assert.Equal(t, "storefront", repo.Name)
	assert.Equal(t, "https://github.com/acme/storefront", *repo.GitHubURL)
	assert.Nil(t, repo.BuildTaskID)

	_, err = c.Sites.Create(ctx, &crevio.SiteCreateParams{Prompt: crevio.Ptr("Again"), Name: crevio.Ptr("Mug shop")})
	assert.Equal(t, []string{"has already been taken"}, fieldErrors(t, err)["subdomain"])

	var names []string
	for site, err := range c.Sites.All(ctx, &crevio.SiteListParams{Limit: crevio.Ptr(1)}) {
		require.NoError(t, err)
		names = append(names, site.Name)
	}
	assert.Equal(t, []string{"storefront", "Mug Shop"}, names)
	byID, err := c.Sites.Get(ctx, s.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, s.Name, byID.Name)

	for r, err := range c.TaskRuns.All(ctx, nil) {
		require.NoError(t, err)
		assert.Equal(t, run.ID, r.ID)
	}
}
