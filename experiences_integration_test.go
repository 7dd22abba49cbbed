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

func TestIntegrationExperiences(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	ctx := context.Background()
	content := map[string]any{"chapters": []any{map[string]any{"title": "Basics", "lessons": []any{"Hello", "Types"}}}}
	chapters := []any{map[string]any{"id": "chap_1", "title": "Basics", "position": 1,
		"lessons": []any{map[string]any{"id": "les_1", "title": "Hello", "position": 1}}}}
	seeded, err := srv.Seed("experiences",
		map[string]any{"name": "Go in a Weekend", "type": "course", "description": "Learn Go", "content": content, "chapters": chapters},
		map[string]any{"name": "Makers Club", "type": "discord_server", "access_type": "open"})
	require.NoError(t, err)
	c := fastClient(srv)

	byID, err := c.Experiences.Get(ctx, seeded[0]["id"].(string), nil)
	require.NoError(t, err)
	assert.Regexp(t, `^exp_`, byID.ID)
	assert.Equal(t, "experience", byID.Object)
	assert.Equal(t, "Go in a Weekend", byID.DisplayName())
	assert.Equal(t, "go-in-a-weekend", byID.Slug)
	assert.Equal(t, crevio.ExperienceTypeCourse, byID.Type)
	assert.Equal(t, "Learn Go", *byID.Description)
	assert.JSONEq(t, `{"chapters":[{"title":"Basics","lessons":["Hello","Types"]}]}`, string(byID.Content), "the content comes back as it was stored")
	assert.Equal(t, crevio.ExperienceAccessTypeSecret, byID.AccessType, "the fake's default, the documented one")
	assert.Equal(t, crevio.ExperienceChapters{{ID: "chap_1", Title: "Basics", Position: crevio.Ptr(1),
		Lessons: []crevio.ExperienceLesson{{ID: "les_1", Title: "Hello", Position: crevio.Ptr(1)}}}}, byID.Chapters)
	assert.False(t, byID.CreatedAt.IsZero())

	bySlug, err := c.Experiences.Get(ctx, "makers-club", nil)
	require.NoError(t, err)
	assert.Equal(t, seeded[1]["id"], bySlug.ID)
	assert.Equal(t, crevio.ExperienceTypeDiscordServer, bySlug.Type)
	assert.Equal(t, crevio.ExperienceAccessTypeOpen, bySlug.AccessType)
	assert.Nil(t, bySlug.Chapters, "only a course has chapters")
	assert.Nil(t, bySlug.Description)
	assert.Equal(t, "null", string(bySlug.Content))

	_, err = c.Experiences.Get(ctx, "no-such-experience", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)

	page, err := c.Experiences.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, page.Data, 2)
	assert.Equal(t, "makers-club", page.Data[0].Slug, "newest first")
	assert.Equal(t, "/v1/experiences", page.URL)
}

func TestIntegrationExperiencesWalk(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	for i := range 25 {
		_, err := srv.Seed("experiences", map[string]any{"name": fmt.Sprintf("Experience %02d", i)})
		require.NoError(t, err)
	}
	var names []string
	for e, err := range fastClient(srv).Experiences.All(context.Background(), &crevio.ExperienceListParams{Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		names = append(names, e.Name)
	}
	require.Len(t, names, 25)
	assert.Equal(t, "Experience 24", names[0])
	assert.Equal(t, "Experience 00", names[24])
	assert.Len(t, srv.Requests(), 3)
}
