package crevio_test

import (
	"context"
	"testing"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIntegrationUsersAndAccess(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	srv, c := frozenServer(t, now)
	ctx := context.Background()
	account, err := c.Account.Get(ctx, nil)
	require.NoError(t, err)
	_, err = srv.Seed("products", map[string]any{"id": "prod_course", "name": "Course"}, map[string]any{"id": "prod_old", "name": "Old"},
		map[string]any{"id": "prod_other", "name": "Other"})
	require.NoError(t, err)
	_, err = srv.Seed("users", map[string]any{
		"id": "usr_jane", "first_name": "Jane", "email": "jane@example.com",
		"access_grants": []any{
			map[string]any{"resource_id": "prod_course", "access_level": "customer", "expires_at": "2026-12-31T00:00:00Z"},
			map[string]any{"resource_id": "prod_old", "access_level": "customer", "expires_at": "2026-02-01T00:00:00Z"},
			map[string]any{"resource_id": account.ID, "access_level": "admin", "expires_at": nil},
		},
	})
	require.NoError(t, err)

	u, err := c.Users.Get(ctx, "usr_jane", nil)
	require.NoError(t, err)
	assert.Equal(t, "usr_jane", u.ID)
	assert.Equal(t, "user", u.Object)
	assert.Equal(t, "Jane", *u.FirstName)
	assert.Nil(t, u.LastName)
	assert.Equal(t, "jane@example.com", *u.Email)
	_, err = c.Users.Get(ctx, "usr_missing", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)

	check := func(resource string) *crevio.UserAccess {
		t.Helper()
		a, err := c.Users.CheckAccess(ctx, "usr_jane", &crevio.UserAccessParams{ResourceID: resource})
		require.NoError(t, err)
		return a
	}
	a := check("prod_course")
	assert.True(t, a.HasAccess)
	assert.Equal(t, crevio.AccessLevelCustomer, a.AccessLevel)
	assert.Equal(t, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), a.ExpiresAt.UTC())

	a = check(account.ID)
	assert.True(t, a.HasAccess)
	assert.Equal(t, crevio.AccessLevelAdmin, a.AccessLevel)
	assert.True(t, a.ExpiresAt.IsZero())

	a = check("prod_old")
	assert.False(t, a.HasAccess, "an expired grant")
	assert.Equal(t, crevio.AccessLevelNoAccess, a.AccessLevel)

	a = check("prod_other")
	assert.False(t, a.HasAccess, "no grant")
	assert.Equal(t, crevio.AccessLevelNoAccess, a.AccessLevel)

	_, err = c.Users.CheckAccess(ctx, "usr_jane", &crevio.UserAccessParams{ResourceID: "prod_nope"})
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	assert.Equal(t, "resource_id", asAPIError(t, err).Param)
	_, err = c.Users.CheckAccess(ctx, "usr_missing", &crevio.UserAccessParams{ResourceID: "prod_course"})
	assert.ErrorIs(t, err, crevio.ErrNotFound)
}
