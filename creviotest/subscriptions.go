package creviotest

// subscriptionsResource defines /v1/subscriptions. See shared/crevio-api.
func subscriptionsResource() *resource {
	return &resource{
		name:   "subscriptions",
		path:   "/subscriptions",
		prefix: "sub_",
		object: "subscription",
	}
}
