package creviotest

// checkoutLinksResource defines /v1/checkout_links. See shared/crevio-api.
func checkoutLinksResource() *resource {
	return &resource{
		name:   "checkout_links",
		path:   "/checkout_links",
		prefix: "cl_",
		object: "checkout_link",
	}
}
