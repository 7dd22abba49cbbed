package creviotest

// blogCategoriesResource defines GET /v1/blog_categories, the only blog
// category operation the reference lists (every other one answers 405).
// Categories are seeded; a seed without a slug gets one from its name.
func blogCategoriesResource() *resource {
	return &resource{
		name:     "blog_categories",
		path:     "/blog_categories",
		prefix:   "bcat_",
		object:   "blog_category",
		slug:     true,
		slugFrom: "name",
		disabled: opCreate | opGet | opUpdate | opDelete,
		required: []string{"name"},
	}
}
