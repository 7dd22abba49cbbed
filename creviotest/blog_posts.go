package creviotest

// blogPostStatuses are the blog post statuses the fake knows.
var blogPostStatuses = []string{"draft", "published"}

// blogPostsResource defines /v1/blog_posts, read-only (tests seed them),
// filtered by ?status= and resolving slugs.
func blogPostsResource() *resource {
	return &resource{
		name:     "blog_posts",
		path:     "/blog_posts",
		prefix:   "post_",
		object:   "blog_post",
		slug:     true,
		slugFrom: "title",
		disabled: opCreate | opUpdate | opDelete,
		filters:  []string{"status"},
		enums:    map[string][]string{"status": blogPostStatuses},
		defaults: func(p map[string]any) {
			setDefault(p, "status", "draft")
			setDefault(p, "excerpt", nil)
			setDefault(p, "content", "")
			if p["status"] == "published" {
				// A published post without a date was published when it
				// was created.
				setDefault(p, "published_at", p["created_at"])
			}
			setDefault(p, "published_at", nil)
		},
	}
}
