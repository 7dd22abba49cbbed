package creviotest

// formsResource defines /v1/forms. See shared/crevio-api.
func formsResource() *resource {
	return &resource{
		name:   "forms",
		path:   "/forms",
		prefix: "form_",
		object: "form",
	}
}
