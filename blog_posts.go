package crevio

// BlogPostsService is the blog posts API.
type BlogPostsService service
