package creviotest

// checkoutsResource defines /v1/checkouts. See shared/crevio-api.
func checkoutsResource() *resource {
	return &resource{
		name:   "checkouts",
		path:   "/checkouts",
		prefix: "co_",
		object: "checkout",
	}
}
