package creviotest

// formSubmissionsResource defines /v1/form_submissions. See shared/crevio-api.
func formSubmissionsResource() *resource {
	return &resource{
		name:   "form_submissions",
		path:   "/form_submissions",
		prefix: "fsub_",
		object: "form_submission",
	}
}
