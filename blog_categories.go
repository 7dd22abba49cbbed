package crevio

// BlogCategoriesService is the blog categories API.
type BlogCategoriesService service
