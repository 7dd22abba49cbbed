package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSitesWire(t *testing.T) {
	one, list := fixture(t, "site.json"), fixture(t, "sites_list.json")
	checkWire(t, []wireCase{
		{
			name: "create from a prompt",
			call: func(c *Client) error {
				_, err := c.Sites.Create(bg, &SiteCreateParams{Prompt: Ptr("A shop for handmade mugs")})
				return err
			},
			method: "POST", path: "/sites", body: `{"prompt":"A shop for handmade mugs"}`, respond: one,
		},
		{
			name: "create with every param",
			call: func(c *Client) error {
				_, err := c.Sites.Create(bg, &SiteCreateParams{Prompt: Ptr("Warmer colours"), Repository: Ptr("acme/mug-shop"),
					Name: Ptr("Mug Shop"), AccessMode: Ptr(SiteAccessModeAdminsOnly), ShowReferralBadge: Ptr(false),
					Extra: map[string]any{"theme": "warm"}})
				return err
			},
			method: "POST", path: "/sites",
			body:    `{"prompt":"Warmer colours","repository":"acme/mug-shop","name":"Mug Shop","access_mode":"admins_only","show_referral_badge":false,"theme":"warm"}`,
			respond: one,
		},
		{
			name: "create from a repository, with a key",
			call: func(c *Client) error {
				_, err := c.Sites.Create(bg, &SiteCreateParams{Repository: Ptr("acme/mug-shop")}, WithIdempotencyKey("site-1"))
				return err
			},
			method: "POST", path: "/sites", body: `{"repository":"acme/mug-shop"}`, header: map[string]string{"Idempotency-Key": "site-1"},
			respond: one,
		},
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.Sites.List(bg, nil); return err },
			method: "GET", path: "/sites", respond: list,
		},
		{
			name: "list with every param",
			call: func(c *Client) error {
				_, err := c.Sites.List(bg, &SiteListParams{Limit: Ptr(5), StartingAfter: Ptr("site_a"), Extra: map[string]any{"is_live": "true"}})
				return err
			},
			method: "GET", path: "/sites", query: "is_live=true&limit=5&starting_after=site_a", respond: list,
		},
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.Sites.Get(bg, "site_abc123", nil); return err },
			method: "GET", path: "/sites/site_abc123", respond: one,
		},
		{
			name: "get with Extra",
			call: func(c *Client) error {
				_, err := c.Sites.Get(bg, "site abc", &SiteGetParams{Extra: map[string]any{"x": "1"}})
				return err
			},
			method: "GET", path: "/sites/site%20abc", query: "x=1", respond: one,
		},
	})
}

func TestSitesRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	for name, p := range map[string]*SiteCreateParams{
		"nil params":              nil,
		"nothing":                 {},
		"name only":               {Name: Ptr("Shop")},
		"blank prompt":            {Prompt: Ptr("  ")},
		"blank repository":        {Repository: Ptr("")},
		"repository without /":    {Repository: Ptr("mug-shop")},
		"repository without repo": {Repository: Ptr("acme/")},
		"repository with a path":  {Repository: Ptr("acme/mug/shop"), Prompt: Ptr("x")},
	} {
		_, err := c.Sites.Create(bg, p)
		assert.ErrorIs(t, err, ErrInvalidParam, name)
	}
	_, err := c.Sites.Create(bg, &SiteCreateParams{})
	assert.ErrorContains(t, err, "Prompt is required unless Repository is given")
	_, err = c.Sites.List(bg, &SiteListParams{Limit: Ptr(101)})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.Empty(t, r.requests())
}

func TestSiteDecode(t *testing.T) {
	raw := fixture(t, "site.json")
	r := newRecorder(t)
	r.respond(200, raw)
	s, err := r.client().Sites.Get(bg, "site_abc123", nil)
	require.NoError(t, err)
	assert.Equal(t, "site_abc123", s.ID)
	assert.Equal(t, "site", s.Object)
	assert.Equal(t, "Mug Shop", s.Name)
	assert.Equal(t, SiteAccessModePublic, s.AccessMode)
	assert.True(t, s.AccessMode.IsKnown())
	assert.Equal(t, "mug-shop", *s.Subdomain)
	assert.Equal(t, "acme/mug-shop", *s.GitHubRepoFullName)
	assert.Equal(t, "mugs.example.com", *s.Domain)
	assert.Equal(t, "https://github.com/acme/mug-shop", *s.GitHubURL)
	assert.True(t, s.DomainVerified)
	assert.Equal(t, "https://mug-shop.crevio.site", *s.AppURL)
	assert.True(t, s.IsLive)
	assert.False(t, s.ShowReferralBadge)
	assert.Equal(t, "task_9f8e7d", *s.BuildTaskID)
	assert.Equal(t, time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC), s.CreatedAt.UTC())
	assert.JSONEq(t, raw, string(s.RawJSON()))
	var extra struct{ Theme string }
	require.NoError(t, json.Unmarshal(s.RawJSON(), &extra))
	assert.Equal(t, "warm", extra.Theme)

	r.respond(200, fixture(t, "sites_list.json"))
	page, err := r.client().Sites.List(bg, nil)
	require.NoError(t, err)
	require.Len(t, page.Data, 2)
	d := page.Data[0]
	assert.Equal(t, SiteAccessModeMeOnly, d.AccessMode)
	assert.Nil(t, d.Subdomain)
	assert.Nil(t, d.AppURL)
	assert.Nil(t, d.BuildTaskID, "absent in one copy of the reference")
	assert.Equal(t, time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), d.CreatedAt.UTC(), "a plain string, parsed leniently")
	assert.Equal(t, SiteAccessMode("members_only"), page.Data[1].AccessMode)
	assert.False(t, page.Data[1].AccessMode.IsKnown(), "an open enum")
	for _, m := range []SiteAccessMode{SiteAccessModePublic, SiteAccessModeAccount, SiteAccessModeAdminsOnly, SiteAccessModeMeOnly} {
		assert.True(t, m.IsKnown())
	}
}
