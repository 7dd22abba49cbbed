package crevio

import (
	"context"
	"iter"
	"net/http"
)

// BlogPostsService is the blog posts API: the posts of the creator's blog,
// read-only.
type BlogPostsService service

// BlogPost is a blog post. Its category, author and cover image, which the
// reference does not describe, are reachable through RawJSON.
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

	CreatedAt Time `json:"created_at"`
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (p *BlogPost) objectID() string { return p.ID }

// BlogPostStatus is a blog post's publication status.
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
	Status *BlogPostStatus `url:"status"`

	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// List returns one page of blog posts, newest first.
//
// API: GET /v1/blog_posts
func (s *BlogPostsService) List(ctx context.Context, params *BlogPostListParams, opts ...RequestOption) (*Page[BlogPost], error) {
	return callPath[Page[BlogPost]](ctx, s.c, http.MethodGet, pathBlogPosts, params, opts)
}

// All iterates over every blog post matching params.
//
// API: GET /v1/blog_posts (repeated with starting_after)
func (s *BlogPostsService) All(ctx context.Context, params *BlogPostListParams, opts ...RequestOption) iter.Seq2[*BlogPost, error] {
	return all(ctx, params, s.List, opts)
}

// BlogPostGetParams are the params of [BlogPostsService.Get]. The API
// documents none; nil is the usual value.
type BlogPostGetParams struct {
	Extra map[string]any
}

// Get returns a blog post by id or slug.
//
// API: GET /v1/blog_posts/{id_or_slug}
func (s *BlogPostsService) Get(ctx context.Context, idOrSlug string, params *BlogPostGetParams, opts ...RequestOption) (*BlogPost, error) {
	return callObject[BlogPost](ctx, s.c, http.MethodGet, pathBlogPosts, idOrSlug, params, opts)
}
