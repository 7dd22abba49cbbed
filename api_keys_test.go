package crevio

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPIKeysWire(t *testing.T) {
	key := fixture(t, "api_key.json")
	checkWire(t, []wireCase{
		{
			name:   "create with nil params sends an empty object",
			call:   func(c *Client) error { _, err := c.APIKeys.Create(bg, nil); return err },
			method: "POST", path: "/auth/keys", body: `{}`, respond: key,
		},
		{
			name: "create with a name",
			call: func(c *Client) error {
				_, err := c.APIKeys.Create(bg, &APIKeyCreateParams{Name: Ptr("CI"), Extra: map[string]any{"expires_in_days": 30}})
				return err
			},
			method: "POST", path: "/auth/keys", body: `{"name":"CI","expires_in_days":30}`, respond: key,
		},
	})
}

func TestAPIKeyDecode(t *testing.T) {
	raw := fixture(t, "api_key.json")
	r := newRecorder(t)
	r.respond(200, raw)
	k, err := r.client().APIKeys.Create(bg, nil)
	require.NoError(t, err)
	assert.Equal(t, "key_123", k.ID)
	assert.Equal(t, "api_key", k.Object)
	assert.Equal(t, "CI", *k.Name)
	assert.Equal(t, "WXYZ", k.Last4)
	assert.Equal(t, "bearer", k.TokenType)
	assert.Equal(t, "sk_live_0000secretWXYZ", *k.Token)
	assert.True(t, k.LastUsedAt.IsZero())
	assert.Equal(t, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), k.ExpiresAt.UTC())
	assert.Equal(t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), k.CreatedAt.UTC())
	assert.JSONEq(t, raw, string(k.RawJSON()))
	var extra struct{ Scopes []string }
	require.NoError(t, json.Unmarshal(k.RawJSON(), &extra))
	assert.Equal(t, []string{"all"}, extra.Scopes)
	// Token is a pointer, so printing the key shows an address, not the secret.
	assert.NotContains(t, fmt.Sprintf("%v %+v", *k, k), "secretWXYZ")
}
