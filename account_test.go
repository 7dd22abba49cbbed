package crevio

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAccountWire(t *testing.T) {
	checkWire(t, []wireCase{{
		name:   "get",
		call:   func(c *Client) error { _, err := c.Account.Get(bg, nil); return err },
		method: "GET", path: "/account", respond: fixture(t, "account.json"),
	}})
}

func TestAccountDecode(t *testing.T) {
	raw := fixture(t, "account.json")
	r := newRecorder(t)
	r.respond(200, raw)
	a, err := r.client().Account.Get(bg, nil)
	require.NoError(t, err)
	assert.Equal(t, "acct_123", a.ID)
	assert.Equal(t, "account", a.Object)
	assert.Equal(t, "Jane's Studio", a.Name)
	assert.Equal(t, "Courses and coaching.", *a.Description)
	assert.Nil(t, a.AvatarURL)
	assert.Equal(t, "help@janes.studio", *a.SupportEmail)
	assert.Equal(t, "eur", a.DisplayCurrency)
	assert.Equal(t, []AccountSocialLink{
		{Platform: AccountSocialPlatformYouTube, URL: "https://youtube.com/@jane"},
		{Platform: "mastodon", URL: "https://hachyderm.io/@jane"},
	}, a.SocialLinks)
	assert.True(t, a.SocialLinks[0].Platform.IsKnown())
	assert.False(t, a.SocialLinks[1].Platform.IsKnown(), "an unknown platform decodes as it is")
	for _, p := range []AccountSocialPlatform{AccountSocialPlatformTwitter, AccountSocialPlatformInstagram, AccountSocialPlatformYouTube,
		AccountSocialPlatformFacebook, AccountSocialPlatformLinkedIn, AccountSocialPlatformTikTok} {
		assert.True(t, p.IsKnown(), p)
	}
	assert.JSONEq(t, raw, string(a.RawJSON()))
	var extra struct{ Subdomain string }
	require.NoError(t, json.Unmarshal(a.RawJSON(), &extra))
	assert.Equal(t, "jane", extra.Subdomain)
}
