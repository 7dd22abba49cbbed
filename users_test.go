package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUsersWire(t *testing.T) {
	user := fixture(t, "user.json")
	access := fixture(t, "user_access.json")
	checkWire(t, []wireCase{
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.Users.Get(bg, "usr_jane", nil); return err },
			method: "GET", path: "/users/usr_jane", respond: user,
		},
		{
			name:   "get escapes the id",
			call:   func(c *Client) error { _, err := c.Users.Get(bg, "usr 1#x", nil); return err },
			method: "GET", path: "/users/usr%201%23x", respond: user,
		},
		{
			name: "check access",
			call: func(c *Client) error {
				_, err := c.Users.CheckAccess(bg, "usr_jane", &UserAccessParams{ResourceID: "prod_course"})
				return err
			},
			method: "GET", path: "/users/usr_jane/access", query: "resource_id=prod_course", respond: access,
		},
		{
			name: "check access escapes and passes extra params",
			call: func(c *Client) error {
				_, err := c.Users.CheckAccess(bg, "usr 1", &UserAccessParams{ResourceID: "exp a&b", Extra: map[string]any{"fresh": true}})
				return err
			},
			method: "GET", path: "/users/usr%201/access", query: "fresh=true&resource_id=exp+a%26b", respond: access,
		},
	})
}

func TestUsersRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	_, err := c.Users.Get(bg, "", nil)
	assert.ErrorIs(t, err, ErrInvalidID)
	_, err = c.Users.CheckAccess(bg, "usr_1", nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.Users.CheckAccess(bg, "usr_1", &UserAccessParams{})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.ErrorContains(t, err, "ResourceID is required")
	_, err = c.Users.CheckAccess(bg, "a/b", &UserAccessParams{ResourceID: "prod_1"})
	assert.ErrorIs(t, err, ErrInvalidID)
	assert.Empty(t, r.requests())
}

func TestUserDecode(t *testing.T) {
	raw := fixture(t, "user.json")
	r := newRecorder(t)
	r.respond(200, raw)
	u, err := r.client().Users.Get(bg, "usr_jane", nil)
	require.NoError(t, err)
	assert.Equal(t, "usr_jane", u.ID)
	assert.Equal(t, "user", u.Object)
	assert.Equal(t, "Jane", *u.FirstName)
	assert.Nil(t, u.LastName)
	assert.Equal(t, "jane@example.com", *u.Email)
	assert.JSONEq(t, raw, string(u.RawJSON()))
	var extra struct {
		AvatarURL string `json:"avatar_url"`
	}
	require.NoError(t, json.Unmarshal(u.RawJSON(), &extra))
	assert.Equal(t, "https://cdn.crevio.co/jane.png", extra.AvatarURL)
}

func TestUserAccessDecode(t *testing.T) {
	raw := fixture(t, "user_access.json")
	r := newRecorder(t)
	r.respond(200, raw)
	r.respond(200, fixture(t, "user_access_unknown_level.json"))
	c := r.client()

	a, err := c.Users.CheckAccess(bg, "usr_jane", &UserAccessParams{ResourceID: "prod_course"})
	require.NoError(t, err)
	assert.True(t, a.HasAccess)
	assert.Equal(t, AccessLevelCustomer, a.AccessLevel)
	assert.True(t, a.AccessLevel.IsKnown())
	assert.Equal(t, time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC), a.ExpiresAt.UTC())
	assert.JSONEq(t, raw, string(a.RawJSON()))

	a, err = c.Users.CheckAccess(bg, "usr_jane", &UserAccessParams{ResourceID: "acct_1"})
	require.NoError(t, err)
	assert.Equal(t, AccessLevel("moderator"), a.AccessLevel)
	assert.False(t, a.AccessLevel.IsKnown())
	assert.True(t, a.ExpiresAt.IsZero())
	for _, l := range []AccessLevel{AccessLevelNoAccess, AccessLevelCustomer, AccessLevelAdmin} {
		assert.True(t, l.IsKnown(), l)
	}
}
