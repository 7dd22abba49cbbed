package creviotest

// discountsResource defines /v1/discounts. See shared/crevio-api.
func discountsResource() *resource {
	return &resource{
		name:   "discounts",
		path:   "/discounts",
		prefix: "disc_",
		object: "discount",
	}
}
