package creviotest

// customersResource defines /v1/customers. See shared/crevio-api.
func customersResource() *resource {
	return &resource{
		name:   "customers",
		path:   "/customers",
		prefix: "cus_",
		object: "customer",
	}
}
