package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExperiencesWire(t *testing.T) {
	one, list := fixture(t, "experience.json"), fixture(t, "experiences_list.json")
	tests := []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.Experiences.List(bg, nil); return err },
			method: "GET", path: "/experiences", respond: list,
		},
		{
			name: "list with every param",
			call: func(c *Client) error {
				_, err := c.Experiences.List(bg, &ExperienceListParams{Limit: Ptr(5), StartingAfter: Ptr("exp_9"), Extra: map[string]any{"type": "course"}})
				return err
			},
			method: "GET", path: "/experiences", query: "limit=5&starting_after=exp_9&type=course", respond: list,
		},
		{
			name:   "get by id",
			call:   func(c *Client) error { _, err := c.Experiences.Get(bg, "exp_abc123", nil); return err },
			method: "GET", path: "/experiences/exp_abc123", respond: one,
		},
		{
			name:   "get by slug",
			call:   func(c *Client) error { _, err := c.Experiences.Get(bg, "go-in-a-weekend", nil); return err },
			method: "GET", path: "/experiences/go-in-a-weekend", respond: one,
		},
		{
			name:   "get escapes the id",
			call:   func(c *Client) error { _, err := c.Experiences.Get(bg, "a b?c#d", nil); return err },
			method: "GET", path: "/experiences/a%20b%3Fc%23d", respond: one,
		},
	}
	checkWire(t, tests)
}

func TestExperienceDecode(t *testing.T) {
	raw := fixture(t, "experience.json")
	r := newRecorder(t)
	r.respond(200, raw)
	e, err := r.client().Experiences.Get(bg, "go-in-a-weekend", nil)
	require.NoError(t, err)

	assert.Equal(t, "exp_abc123", e.ID)
	assert.Equal(t, "experience", e.Object)
	assert.Equal(t, "Go in a Weekend", e.Name)
	assert.Empty(t, e.Title)
	assert.Equal(t, "Go in a Weekend", e.DisplayName())
	assert.Equal(t, "go-in-a-weekend", e.Slug)
	assert.Equal(t, ExperienceTypeCourse, e.Type)
	assert.True(t, e.Type.IsKnown())
	assert.Equal(t, ExperienceAccessTypeSecret, e.AccessType)
	assert.True(t, e.AccessType.IsKnown())
	assert.Equal(t, ExperienceChapters{
		{ID: "chap_1", Title: "Basics", Position: Ptr(1), Lessons: []ExperienceLesson{
			{ID: "les_1", Title: "Hello", Position: Ptr(1)}, {ID: "les_2", Title: "Types", Position: Ptr(2)}}},
		{ID: "chap_2", Title: "Concurrency", Position: Ptr(2), Lessons: []ExperienceLesson{}},
	}, e.Chapters)
	assert.Equal(t, "Twelve lessons, one weekend.", *e.Description)
	assert.Equal(t, time.Date(2025, 2, 1, 9, 0, 0, 0, time.UTC), e.CreatedAt.UTC())
	assert.Equal(t, time.Date(2025, 2, 3, 10, 30, 0, 5e8, time.UTC), e.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(e.RawJSON()))

	// The content is kept raw, for a type of the caller's own.
	var content struct {
		Chapters []struct {
			Title   string
			Lessons []struct{ ID, Title string }
		}
	}
	require.NoError(t, json.Unmarshal(e.Content, &content))
	require.Len(t, content.Chapters, 1)
	assert.Equal(t, "Basics", content.Chapters[0].Title)
	assert.Equal(t, "les_1", content.Chapters[0].Lessons[0].ID)

	var extra struct {
		Cover string `json:"cover_image_url"`
	}
	require.NoError(t, json.Unmarshal(e.RawJSON(), &extra))
	assert.Equal(t, "https://cdn.crevio.co/go.png", extra.Cover)
}

func TestExperienceListDecodeTolerates(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "experiences_list.json"))
	page, err := r.client().Experiences.List(bg, nil)
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	assert.Equal(t, "/v1/experiences", page.URL)
	require.Len(t, page.Data, 2)

	b := page.Data[0]
	assert.Empty(t, b.Name, "the API may call it title")
	assert.Equal(t, "Makers Club", b.Title)
	assert.Equal(t, "Makers Club", b.DisplayName())
	assert.Equal(t, ExperienceType("membership_plus"), b.Type)
	assert.False(t, b.Type.IsKnown())
	assert.Nil(t, b.Description)
	assert.Equal(t, "null", string(b.Content), "a null content stays null")
	assert.Equal(t, ExperienceAccessTypeOpen, b.AccessType)
	assert.Nil(t, b.Chapters, "chapters that are not an array are dropped, not an error")

	a := page.Data[1]
	assert.Nil(t, a.Content, "an absent content is nil")
	assert.Equal(t, ExperienceTypeDigitalDownload, a.Type)
	assert.Empty(t, a.AccessType, "absent")
	assert.Equal(t, ExperienceChapters{{ID: "chap_x", Title: "Kept"}}, a.Chapters, "elements that are not chapters are skipped")
	for _, typ := range []ExperienceType{ExperienceTypeCourse, ExperienceTypeDigitalDownload, ExperienceTypeDiscordServer,
		ExperienceTypeTelegramGroup} {
		assert.True(t, typ.IsKnown(), typ)
	}
	assert.False(t, ExperienceType("community").IsKnown(), "the old guess is withdrawn")
	assert.False(t, ExperienceAccessType("public").IsKnown())
}
