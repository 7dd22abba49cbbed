package crevio

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"net/http"
)

// ExperiencesService is the experiences API: the courses, downloads,
// Discord servers, Telegram groups and other experiences that buyers get
// access to through price variants.
type ExperiencesService service

// Experience is a digital experience: a course, a digital download, a
// Discord server, a Telegram group, or one of the other types.
//
// No schema of this object was published: the fields below are inferred
// from the API overview and are decoded tolerantly (absent fields stay
// zero; everything the API sends stays reachable through RawJSON).
type Experience struct {
	// ID is the experience's id (exp_…).
	ID string `json:"id"`
	// Object is "experience".
	Object string `json:"object"`
	// Name is the experience's name. The reference does not know whether
	// the API calls it name or title; see [Experience.DisplayName].
	Name string `json:"name"`
	// Title is the experience's title, when the API sends one instead of
	// (or beside) a name.
	Title string `json:"title"`
	// Slug identifies the experience in URLs; it works wherever an id does.
	Slug string `json:"slug"`
	// Type is the kind of experience.
	Type ExperienceType `json:"type"`
	// AccessType says who may open the experience: secret (the default:
	// only buyers of a price variant that includes it) or open (every
	// team member). The field's name and values are inferred.
	AccessType ExperienceAccessType `json:"access_type"`
	// Description is a summary, when set.
	Description *string `json:"description"`
	// Chapters are a course's ordered chapters, each with its lessons
	// (the docs' terms; where the API puts them is inferred: a top-level
	// "chapters" array). A value that is not an array of chapters leaves
	// it nil, and a chapter that does not decode is skipped: the rest of
	// the experience still decodes.
	Chapters ExperienceChapters `json:"chapters,omitempty"`
	// Content is the experience's content (chapters and lessons for a
	// course, files for a download, ...) exactly as the API sends it, or
	// nil when it sends none. Its structure is not documented, so it is
	// kept as raw JSON: decode it into a type of your own. A JSON null is
	// kept as the bytes "null".
	Content json.RawMessage `json:"content"`

	CreatedAt Time `json:"created_at"`
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (e *Experience) objectID() string { return e.ID }

// DisplayName returns Name, or Title when Name is empty.
func (e *Experience) DisplayName() string {
	if e.Name != "" {
		return e.Name
	}
	return e.Title
}

// ExperienceType is the kind of an experience.
type ExperienceType string

// Known experience types. The docs name four of the nine types there are
// (Course, Digital download, Discord server, Telegram group) and never show
// their wire values: these are inferred (snake_case of the names), and the
// other five types decode as they come.
const (
	ExperienceTypeCourse          ExperienceType = "course"
	ExperienceTypeDigitalDownload ExperienceType = "digital_download"
	ExperienceTypeDiscordServer   ExperienceType = "discord_server"
	ExperienceTypeTelegramGroup   ExperienceType = "telegram_group"
)

// IsKnown reports whether t is one of the types this version knows.
func (t ExperienceType) IsKnown() bool {
	return oneOf(t, ExperienceTypeCourse, ExperienceTypeDigitalDownload, ExperienceTypeDiscordServer,
		ExperienceTypeTelegramGroup)
}

// ExperienceAccessType says who may open an experience. The docs call the
// two "Secret" and "Open"; the wire values are inferred.
type ExperienceAccessType string

// Known access types.
const (
	// ExperienceAccessTypeSecret: only customers who bought a price variant
	// that includes the experience (the default).
	ExperienceAccessTypeSecret ExperienceAccessType = "secret"
	// ExperienceAccessTypeOpen: every team member of the account.
	ExperienceAccessTypeOpen ExperienceAccessType = "open"
)

// IsKnown reports whether t is one of the access types this version knows.
func (t ExperienceAccessType) IsKnown() bool {
	return oneOf(t, ExperienceAccessTypeSecret, ExperienceAccessTypeOpen)
}

// ExperienceChapters are the chapters of a course. It decodes tolerantly:
// anything but an array leaves it nil, and an element that is not a
// chapter is skipped.
type ExperienceChapters []ExperienceChapter

// UnmarshalJSON decodes an array of chapters, never failing.
func (c *ExperienceChapters) UnmarshalJSON(b []byte) error {
	*c = nil
	var elems []json.RawMessage
	if json.Unmarshal(b, &elems) != nil || elems == nil {
		return nil
	}
	out := make(ExperienceChapters, 0, len(elems))
	for _, e := range elems {
		var ch ExperienceChapter
		if json.Unmarshal(e, &ch) == nil && len(bytes.TrimSpace(e)) > 0 && bytes.TrimSpace(e)[0] == '{' {
			out = append(out, ch)
		}
	}
	*c = out
	return nil
}

// ExperienceChapter is one chapter of a course: an ordered group of
// lessons (inferred structure).
type ExperienceChapter struct {
	ID       string             `json:"id"`
	Title    string             `json:"title"`
	Position *int               `json:"position"`
	Lessons  []ExperienceLesson `json:"lessons"`
}

// ExperienceLesson is one lesson of a chapter (inferred structure).
type ExperienceLesson struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Position *int   `json:"position"`
}

// ExperienceListParams pages an experience list. The API documents no
// filters; send any in Extra.
type ExperienceListParams struct {
	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// List returns one page of experiences, newest first.
//
// API: GET /v1/experiences
func (s *ExperiencesService) List(ctx context.Context, params *ExperienceListParams, opts ...RequestOption) (*Page[Experience], error) {
	return callPath[Page[Experience]](ctx, s.c, http.MethodGet, pathExperiences, params, opts)
}

// All iterates over every experience.
//
// API: GET /v1/experiences (repeated with starting_after)
func (s *ExperiencesService) All(ctx context.Context, params *ExperienceListParams, opts ...RequestOption) iter.Seq2[*Experience, error] {
	return all(ctx, params, s.List, opts)
}

// ExperienceGetParams are the params of [ExperiencesService.Get]. The API
// documents none; nil is the usual value.
type ExperienceGetParams struct {
	Extra map[string]any
}

// Get returns an experience, with its content, by id or slug.
//
// API: GET /v1/experiences/{id_or_slug}
func (s *ExperiencesService) Get(ctx context.Context, idOrSlug string, params *ExperienceGetParams, opts ...RequestOption) (*Experience, error) {
	return callObject[Experience](ctx, s.c, http.MethodGet, pathExperiences, idOrSlug, params, opts)
}
