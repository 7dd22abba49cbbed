package crevio_test

import (
	"context"
	"testing"

	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIntegrationMe(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	me, err := c.Me.Get(context.Background(), nil)
	require.NoError(t, err)
	assert.Regexp(t, `^usr_`, me.ID)
	assert.Equal(t, "user", me.Object)
	assert.Equal(t, "owner@example.com", *me.Email)
	assert.Equal(t, "Test", *me.FirstName)
	assert.Equal(t, "Owner", *me.LastName)

	_, err = srv.Seed("me", map[string]any{"id": "usr_ada", "first_name": "Ada", "last_name": nil, "email": "ada@example.com"})
	require.NoError(t, err)
	me, err = c.Me.Get(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, "usr_ada", me.ID)
	assert.Nil(t, me.LastName)
}
