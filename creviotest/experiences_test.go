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
	assert.Equal(t, map[string]any{"modules": []any{}}, e["content"], "a seed's content is kept")
	assert.Equal(t, "secret", e["access_type"], "the documented default")
	assert.Equal(t, []any{}, e["chapters"], "a course has chapters")
	p := mustGet(t, a.srv, "blog_posts", "hello")
	assert.Equal(t, "draft", p["status"])
	assert.Nil(t, p["published_at"])

	res := a.do(http.MethodPatch, "/legal_pages/terms-of-service", map[string]any{"body": 5})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
}

// TestExperiencesFields checks the inferred access type and the chapters
// and lessons of a course, and that the other documented types decode.
func TestExperiencesFields(t *testing.T) {
	a := newAPI(t)
	chapters := []any{map[string]any{"id": "chap_1", "title": "Basics", "position": 1.0,
		"lessons": []any{map[string]any{"id": "les_1", "title": "Hello", "position": 1.0}}}}
	_, err := a.srv.Seed("experiences",
		map[string]any{"name": "Course", "chapters": chapters, "access_type": "open"},
		map[string]any{"name": "Files", "type": "digital_download"},
		map[string]any{"name": "Chat", "type": "discord_server"},
		map[string]any{"name": "Group", "type": "telegram_group"},
		map[string]any{"name": "Other", "type": "live_event"})
	require.NoError(t, err)
	c := a.do(http.MethodGet, "/experiences/course", nil).Body
	assert.Equal(t, "open", c["access_type"])
	assert.Equal(t, chapters, c["chapters"])
	for slug, typ := range map[string]string{"files": "digital_download", "chat": "discord_server",
		"group": "telegram_group", "other": "live_event"} {
		e := a.do(http.MethodGet, "/experiences/"+slug, nil).Body
		assert.Equal(t, typ, e["type"], "seeds keep any type")
		assert.Equal(t, "secret", e["access_type"])
		assert.NotContains(t, e, "chapters", "only a course has chapters")
	}
	for _, typ := range []string{"course", "digital_download", "discord_server", "telegram_group"} {
		assert.Contains(t, experienceTypes, typ)
	}
}

func TestLegalPagesBody(t *testing.T) {
	a := newAPI(t)
	_, err := a.srv.Seed("legal_pages", map[string]any{"title": "Privacy"})
	require.NoError(t, err)
	p := a.do(http.MethodGet, "/legal_pages/privacy", nil).Body
	assert.Equal(t, "", p["body"], "body is always present")
	assert.NotContains(t, p, "content")
	res := a.do(http.MethodPatch, "/legal_pages/privacy", map[string]any{"title": "Privacy", "body": "<p>We keep little.</p>", "content": "x"})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "<p>We keep little.</p>", res.Body["body"])
	assert.NotContains(t, res.Body, "content", "content is not a field")
}
