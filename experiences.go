package crevio

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
)

// ExperiencesService is the experiences API: the courses, communities and
// downloads that buyers get access to through price variants.
type ExperiencesService service

// Experience is a digital experience: a course, a community or a download.
// Its RawJSON method returns the JSON it was decoded from.
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
	// CreatedAt is when the experience was created.
	CreatedAt Time `json:"created_at"`
	// UpdatedAt is when the experience last changed.
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

// ExperienceType is the kind of an experience. It is an open enum: values
// this version does not know decode as they are.
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

// ExperienceListParams pages an experience list. The zero value (or nil)
// lists the first page with the API's default limit.
type ExperienceListParams struct {
	// Limit is the page size, 1 to 100 (API default 20).
	Limit *int
	// StartingAfter is the id of the last experience of the previous page.
	StartingAfter *string
	// Extra holds query params this version does not model (the API's
	// filters are not documented).
	Extra map[string]any
}

func (p *ExperienceListParams) encodeQuery(q url.Values) error {
	if err := encodeList(q, p.Limit, p.StartingAfter); err != nil {
		return err
	}
	return encodeExtra(q, p.Extra)
}

func (p *ExperienceListParams) setStartingAfter(id string) { p.StartingAfter = &id }

// List returns one page of experiences, newest first.
//
// API: GET /v1/experiences
func (s *ExperiencesService) List(ctx context.Context, params *ExperienceListParams, opts ...RequestOption) (*Page[Experience], error) {
	return callPath[Page[Experience]](ctx, s.c, http.MethodGet, pathExperiences, params, opts)
}

// All iterates over every experience, fetching pages lazily as the loop
// advances. Breaking out of the loop stops it with no further request. A
// failed page is yielded as an error, after which it stops.
//
// API: GET /v1/experiences (repeated with starting_after)
func (s *ExperiencesService) All(ctx context.Context, params *ExperienceListParams, opts ...RequestOption) iter.Seq2[*Experience, error] {
	return all(ctx, params, s.List, opts)
}

// Get returns an experience, with its content, by id or slug.
//
// API: GET /v1/experiences/{id_or_slug}
func (s *ExperiencesService) Get(ctx context.Context, idOrSlug string, opts ...RequestOption) (*Experience, error) {
	return callObject[Experience](ctx, s.c, http.MethodGet, pathExperiences, idOrSlug, nil, opts)
}
