package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLegalPagesWire(t *testing.T) {
	one, list := fixture(t, "legal_page.json"), fixture(t, "legal_pages_list.json")
	tests := []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.LegalPages.List(bg, nil); return err },
			method: "GET", path: "/legal_pages", respond: list,
		},
		{
			name: "list with every param",
			call: func(c *Client) error {
				_, err := c.LegalPages.List(bg, &LegalPageListParams{Limit: Ptr(3), StartingAfter: Ptr("lp_1"), Extra: map[string]any{"kind": "terms"}})
				return err
			},
			method: "GET", path: "/legal_pages", query: "kind=terms&limit=3&starting_after=lp_1", respond: list,
		},
		{
			name:   "get by id",
			call:   func(c *Client) error { _, err := c.LegalPages.Get(bg, "lp_terms", nil); return err },
			method: "GET", path: "/legal_pages/lp_terms", respond: one,
		},
		{
			name:   "get by slug",
			call:   func(c *Client) error { _, err := c.LegalPages.Get(bg, "terms-of-service", nil); return err },
			method: "GET", path: "/legal_pages/terms-of-service", respond: one,
		},
		{
			name: "update by slug",
			call: func(c *Client) error {
				_, err := c.LegalPages.Update(bg, "terms-of-service", &LegalPageUpdateParams{
					Title: Ptr("Terms"), Body: Ptr("<p>New</p>"), Extra: map[string]any{"published": true},
				})
				return err
			},
			method: "PATCH", path: "/legal_pages/terms-of-service", body: `{"title":"Terms","body":"<p>New</p>","published":true}`, respond: one,
		},
		{
			name: "update with nil params sends an empty object",
			call: func(c *Client) error {
				_, err := c.LegalPages.Update(bg, "lp 1", nil)
				return err
			},
			method: "PATCH", path: "/legal_pages/lp%201", body: `{}`, respond: one,
		},
	}
	checkWire(t, tests)
}

func TestLegalPageDecode(t *testing.T) {
	raw := fixture(t, "legal_page.json")
	r := newRecorder(t)
	r.respond(200, raw)
	p, err := r.client().LegalPages.Get(bg, "terms-of-service", nil)
	require.NoError(t, err)
	assert.Equal(t, "lp_terms", p.ID)
	assert.Equal(t, "legal_page", p.Object)
	assert.Equal(t, "Terms of Service", p.Title)
	assert.Equal(t, "terms-of-service", p.Slug)
	assert.Equal(t, "<h1>Terms</h1><p>Be nice.</p>", p.Body)
	assert.Equal(t, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), p.CreatedAt.UTC())
	assert.Equal(t, time.Date(2025, 4, 1, 12, 0, 0, 0, time.UTC), p.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(p.RawJSON()))
	var extra struct{ Kind string }
	require.NoError(t, json.Unmarshal(p.RawJSON(), &extra))
	assert.Equal(t, "terms_of_service", extra.Kind)

	r.respond(200, fixture(t, "legal_pages_list.json"))
	page, err := r.client().LegalPages.List(bg, nil)
	require.NoError(t, err)
	require.Len(t, page.Data, 2)
	assert.Equal(t, "privacy-policy", page.Data[0].Slug)
	assert.Equal(t, "lp_terms", page.Data[1].ID)
	assert.Equal(t, "/v1/legal_pages", page.URL)
}
