package crevio_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIntegrationLegalPages(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	ctx := context.Background()
	seeded, err := srv.Seed("legal_pages",
		map[string]any{"title": "Terms of Service", "body": "<p>Be nice.</p>"},
		map[string]any{"title": "Privacy Policy"},
		map[string]any{"title": "Refund Policy", "slug": "refunds"})
	require.NoError(t, err)
	c := fastClient(srv)

	terms, err := c.LegalPages.Get(ctx, "terms-of-service", nil)
	require.NoError(t, err)
	assert.Equal(t, seeded[0]["id"], terms.ID)
	assert.Equal(t, "legal_page", terms.Object)
	assert.Equal(t, "<p>Be nice.</p>", terms.Body)
	privacy, err := c.LegalPages.Get(ctx, seeded[1]["id"].(string), nil)
	require.NoError(t, err)
	assert.Equal(t, "privacy-policy", privacy.Slug)
	assert.Empty(t, privacy.Body)

	updated, err := c.LegalPages.Update(ctx, "refunds", &crevio.LegalPageUpdateParams{Body: crevio.Ptr("<p>30 days.</p>")})
	require.NoError(t, err)
	assert.Equal(t, "<p>30 days.</p>", updated.Body)
	assert.Equal(t, "Refund Policy", updated.Title, "unset fields are left alone")
	again, err := c.LegalPages.Get(ctx, seeded[2]["id"].(string), nil)
	require.NoError(t, err)
	assert.Equal(t, "<p>30 days.</p>", again.Body, "the update is stored")

	renamed, err := c.LegalPages.Update(ctx, terms.ID, &crevio.LegalPageUpdateParams{Title: crevio.Ptr("Terms"), Extra: map[string]any{"slug": "terms"}})
	require.NoError(t, err)
	assert.Equal(t, "Terms", renamed.Title)
	_, err = c.LegalPages.Get(ctx, "terms", nil)
	require.NoError(t, err, "the new slug resolves")

	_, err = c.LegalPages.Update(ctx, "terms", &crevio.LegalPageUpdateParams{Title: crevio.Ptr(" ")})
	var apiErr *crevio.Error
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, crevio.ErrValidation)
	assert.NotEmpty(t, apiErr.Errors["title"])
	_, err = c.LegalPages.Update(ctx, "terms", &crevio.LegalPageUpdateParams{Extra: map[string]any{"slug": "privacy-policy"}})
	require.ErrorAs(t, err, &apiErr)
	assert.NotEmpty(t, apiErr.Errors["slug"], "slugs stay unique")
	_, err = c.LegalPages.Update(ctx, "cookie-policy", &crevio.LegalPageUpdateParams{Title: crevio.Ptr("Cookies")})
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	assert.Equal(t, 3, srv.Count("legal_pages"))
}

func TestIntegrationLegalPagesWalk(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	for i := range 25 {
		_, err := srv.Seed("legal_pages", map[string]any{"title": fmt.Sprintf("Policy %02d", i)})
		require.NoError(t, err)
	}
	seen := map[string]bool{}
	for p, err := range fastClient(srv).LegalPages.All(context.Background(), &crevio.LegalPageListParams{Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		seen[p.Slug] = true
	}
	assert.Len(t, seen, 25)
	assert.True(t, seen["policy-00"] && seen["policy-24"])
	assert.Len(t, srv.Requests(), 3)
}
