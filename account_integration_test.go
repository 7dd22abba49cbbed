package crevio_test

import (
	"context"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIntegrationAccount(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	a, err := c.Account.Get(context.Background(), nil)
	require.NoError(t, err)
	assert.Regexp(t, `^acct_`, a.ID)
	assert.Equal(t, "account", a.Object)
	assert.Equal(t, "Test Store", a.Name)
	assert.Equal(t, "usd", a.DisplayCurrency)
	assert.Nil(t, a.Description)
	assert.Empty(t, a.SocialLinks)

	_, err = srv.Seed("account", map[string]any{"id": "acct_jane", "name": "Jane's Studio", "support_email": "help@jane.test",
		"social_links": []any{map[string]any{"platform": "youtube", "url": "https://youtube.com/@jane"}}})
	require.NoError(t, err)
	a, err = c.Account.Get(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, "acct_jane", a.ID)
	assert.Equal(t, "Jane's Studio", a.Name)
	assert.Equal(t, "help@jane.test", *a.SupportEmail)
	assert.Equal(t, []crevio.AccountSocialLink{{Platform: crevio.AccountSocialPlatformYouTube, URL: "https://youtube.com/@jane"}}, a.SocialLinks)
	assert.Equal(t, 2, srv.Count("forms"), "replacing the account provisions no second set of forms")
}
