package crevio

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMeWire(t *testing.T) {
	checkWire(t, []wireCase{{
		name:   "get",
		call:   func(c *Client) error { _, err := c.Me.Get(bg, nil); return err },
		method: "GET", path: "/me", respond: fixture(t, "user.json"),
	}})
}

func TestMeDecode(t *testing.T) {
	raw := fixture(t, "user.json")
	r := newRecorder(t)
	r.respond(200, raw, "X-Request-Id", "req_me")
	u, err := r.client().Me.Get(bg, nil)
	require.NoError(t, err)
	assert.Equal(t, "usr_jane", u.ID)
	assert.Equal(t, "Jane", *u.FirstName)
	assert.JSONEq(t, raw, string(u.RawJSON()))
}

func TestMeNilContext(t *testing.T) {
	r := newRecorder(t)
	//lint:ignore SA1012 a nil context is exactly what this test passes
	_, err := r.client().Me.Get(nil, nil) //nolint:staticcheck
	assert.ErrorContains(t, err, "nil context")
	assert.Empty(t, r.requests())
}
