package creviotest

// blogCategoriesResource defines /v1/blog_categories. See shared/crevio-api.
func blogCategoriesResource() *resource {
	return &resource{
		name:   "blog_categories",
		path:   "/blog_categories",
		prefix: "bcat_",
		object: "blog_category",
	}
}
