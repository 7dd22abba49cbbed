package crevio

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// BlogPostsService is the blog posts API: the posts of the creator's blog,
// read-only.
type BlogPostsService service

// BlogPost is a blog post. Its RawJSON method returns the JSON it was
// decoded from; the post's category, author and cover image, which the
// reference does not describe, are reachable there.
type BlogPost struct {
	// ID is the post's id (post_…).
	ID string `json:"id"`
	// Object is "blog_post".
	Object string `json:"object"`
	// Title is the post's title.
	Title string `json:"title"`
	// Slug identifies the post in URLs; it works wherever an id does.
	Slug string `json:"slug"`
	// Excerpt is a short summary, when set.
	Excerpt *string `json:"excerpt"`
	// Content is the post's body, in HTML.
	Content string `json:"content"`
	// Status is the post's publication status.
	Status BlogPostStatus `json:"status"`
	// PublishedAt is when the post was published (zero: not published).
	PublishedAt Time `json:"published_at"`
	// CreatedAt is when the post was created.
	CreatedAt Time `json:"created_at"`
	// UpdatedAt is when the post last changed.
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (p *BlogPost) objectID() string { return p.ID }

// BlogPostStatus is a blog post's publication status. It is an open enum:
// values this version does not know decode as they are.
type BlogPostStatus string

// Known blog post statuses. Published is documented; draft is inferred.
const (
	BlogPostStatusDraft     BlogPostStatus = "draft"
	BlogPostStatusPublished BlogPostStatus = "published"
)

// IsKnown reports whether s is one of the statuses this version knows.
func (s BlogPostStatus) IsKnown() bool {
	return oneOf(s, BlogPostStatusDraft, BlogPostStatusPublished)
}

// BlogPostListParams filters and pages a blog post list. The zero value (or
// nil) lists the first page, every status, with the API's default limit.
type BlogPostListParams struct {
	// Status keeps only posts with this status.
	Status *BlogPostStatus
	// Limit is the page size, 1 to 100 (API default 20).
	Limit *int
	// StartingAfter is the id of the last post of the previous page.
	StartingAfter *string
	// Extra holds query params this version does not model.
	Extra map[string]any
}

func (p *BlogPostListParams) encodeQuery(q url.Values) error {
	if p.Status != nil {
		q.Set("status", string(*p.Status))
	}
	if err := encodeList(q, p.Limit, p.StartingAfter); err != nil {
		return err
	}
	return encodeExtra(q, p.Extra)
}

func (p *BlogPostListParams) setStartingAfter(id string) { p.StartingAfter = &id }

// List returns one page of blog posts, newest first.
//
// API: GET /v1/blog_posts
func (s *BlogPostsService) List(ctx context.Context, params *BlogPostListParams, opts ...RequestOption) (*Page[BlogPost], error) {
	return callPath[Page[BlogPost]](ctx, s.c, http.MethodGet, pathBlogPosts, params, opts)
}

// All iterates over every blog post matching params, fetching pages lazily
// as the loop advances. Breaking out of the loop stops it with no further
// request. A failed page is yielded as an error, after which it stops.
//
// API: GET /v1/blog_posts (repeated with starting_after)
func (s *BlogPostsService) All(ctx context.Context, params *BlogPostListParams, opts ...RequestOption) iter.Seq2[*BlogPost, error] {
	return all(ctx, params, s.List, opts)
}

// Get returns a blog post by id or slug.
//
// API: GET /v1/blog_posts/{id_or_slug}
func (s *BlogPostsService) Get(ctx context.Context, idOrSlug string, opts ...RequestOption) (*BlogPost, error) {
	return callObject[BlogPost](ctx, s.c, http.MethodGet, pathBlogPosts, idOrSlug, nil, opts)
}
