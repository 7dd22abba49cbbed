package creviotest

// subscribersResource defines /v1/subscribers. See shared/crevio-api.
func subscribersResource() *resource {
	return &resource{
		name:   "subscribers",
		path:   "/subscribers",
		prefix: "cus_",
		object: "customer",
	}
}
