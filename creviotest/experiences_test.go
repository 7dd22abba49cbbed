package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExperiencesBlogPostsLegalPagesAreReadMostly checks the operations the
// reference does not list answer 405, and slugs resolve.
func TestExperiencesBlogPostsLegalPagesAreReadMostly(t *testing.T) {
	a := newAPI(t)
	_, err := a.srv.Seed("experiences", map[string]any{"name": "Go Course", "content": map[string]any{"modules": []any{}}})
	require.NoError(t, err)
	_, err = a.srv.Seed("blog_posts", map[string]any{"title": "Hello"})
	require.NoError(t, err)
	_, err = a.srv.Seed("legal_pages", map[string]any{"title": "Terms of Service"})
	require.NoError(t, err)

	for _, tt := range []struct {
		method, path string
		status       int
	}{
		{http.MethodGet, "/experiences/go-course", http.StatusOK},
		{http.MethodPost, "/experiences", http.StatusMethodNotAllowed},
		{http.MethodPatch, "/experiences/go-course", http.StatusMethodNotAllowed},
		{http.MethodDelete, "/experiences/go-course", http.StatusMethodNotAllowed},
		{http.MethodGet, "/blog_posts/hello", http.StatusOK},
		{http.MethodPost, "/blog_posts", http.StatusMethodNotAllowed},
		{http.MethodPatch, "/blog_posts/hello", http.StatusMethodNotAllowed},
		{http.MethodDelete, "/blog_posts/hello", http.StatusMethodNotAllowed},
		{http.MethodGet, "/legal_pages/terms-of-service", http.StatusOK},
		{http.MethodPatch, "/legal_pages/terms-of-service", http.StatusOK},
		{http.MethodPost, "/legal_pages", http.StatusMethodNotAllowed},
		{http.MethodDelete, "/legal_pages/terms-of-service", http.StatusMethodNotAllowed},
	} {
		res := a.do(tt.method, tt.path, map[string]any{})
		assert.Equal(t, tt.status, res.Status, "%s %s: %s", tt.method, tt.path, res.Raw)
	}
	e := mustGet(t, a.srv, "experiences", "go-course")
	assert.Equal(t, "course", e["type"])
	assert.Equal(t, map[string]any{"modules": []any{}}, e["content"])
	p := mustGet(t, a.srv, "blog_posts", "hello")
	assert.Equal(t, "draft", p["status"])
	assert.Nil(t, p["published_at"])

	res := a.do(http.MethodPatch, "/legal_pages/terms-of-service", map[string]any{"content": 5})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
}
