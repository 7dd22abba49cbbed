package crevio

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
)

// ExperiencesService is the experiences API: the courses, communities and
// downloads that buyers get access to through price variants.
type ExperiencesService service

// Experience is a digital experience: a course, a community or a download.
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
	// Description is a summary, when set.
	Description *string `json:"description"`
	// Content is the experience's content (modules, lessons, files) exactly
	// as the API sends it, or nil when it sends none. Its structure is not
	// documented, so it is kept as raw JSON: decode it into a type of your
	// own. A JSON null is kept as the bytes "null".
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

// Known experience types (inferred from the API's description of
// experiences: "courses, communities, downloads").
const (
	ExperienceTypeCourse    ExperienceType = "course"
	ExperienceTypeCommunity ExperienceType = "community"
	ExperienceTypeDownload  ExperienceType = "download"
)

// IsKnown reports whether t is one of the types this version knows.
func (t ExperienceType) IsKnown() bool {
	return oneOf(t, ExperienceTypeCourse, ExperienceTypeCommunity, ExperienceTypeDownload)
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
