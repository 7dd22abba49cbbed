package creviotest

// legalPagesResource defines /v1/legal_pages. See shared/crevio-api.
func legalPagesResource() *resource {
	return &resource{
		name:   "legal_pages",
		path:   "/legal_pages",
		prefix: "lp_",
		object: "legal_page",
		slug:   true,
	}
}
