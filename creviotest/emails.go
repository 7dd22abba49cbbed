package creviotest

// emailsResource defines /v1/emails. See shared/crevio-api.
func emailsResource() *resource {
	return &resource{
		name:   "emails",
		path:   "/emails",
		prefix: "em_",
		object: "email",
	}
}
