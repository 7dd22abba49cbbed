package creviotest

// refundsResource defines /v1/refunds. See shared/crevio-api.
func refundsResource() *resource {
	return &resource{
		name:   "refunds",
		path:   "/refunds",
		prefix: "re_",
		object: "refund",
	}
}
