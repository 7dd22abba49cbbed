package creviotest

// blogPostsResource defines /v1/blog_posts. See shared/crevio-api.
func blogPostsResource() *resource {
	return &resource{
		name:   "blog_posts",
		path:   "/blog_posts",
		prefix: "post_",
		object: "blog_post",
		slug:   true,
	}
}
