package crevio_test

import (
	"context"
	"strings"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIntegrationAPIKeys(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()

	k, err := c.APIKeys.Create(ctx, nil)
	require.NoError(t, err)
	assert.Regexp(t, `^key_`, k.ID)
	assert.Equal(t, "api_key", k.Object)
	assert.Equal(t, "Default", *k.Name, "the name defaults to Default")
	require.NotNil(t, k.Token, "the create answer carries the secret")
	assert.True(t, strings.HasSuffix(*k.Token, k.Last4))
	assert.Len(t, k.Last4, 4)
	assert.Equal(t, "bearer", k.TokenType)
	assert.True(t, k.LastUsedAt.IsZero())
	assert.True(t, k.ExpiresAt.IsZero())
	assert.False(t, k.CreatedAt.IsZero())

	named, err := c.APIKeys.Create(ctx, &crevio.APIKeyCreateParams{Name: crevio.Ptr("CI"),
		Extra: map[string]any{"token": "sk_mine", "last4": "mine"}})
	require.NoError(t, err)
	assert.Equal(t, "CI", *named.Name)
	assert.NotEqual(t, "sk_mine", *named.Token, "the fake makes the token")
	assert.NotEqual(t, *k.Token, *named.Token)

	nameless, err := c.APIKeys.Create(ctx, &crevio.APIKeyCreateParams{Extra: map[string]any{"name": nil}})
	require.NoError(t, err)
	assert.Nil(t, nameless.Name, "an explicit null name stays null")

	stored, ok := srv.Get("api_keys", k.ID)
	require.True(t, ok)
	assert.NotContains(t, stored, "token", "the secret is shown once")
	assert.Equal(t, 3, srv.Count("api_keys"))
}
