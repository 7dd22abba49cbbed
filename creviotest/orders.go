package creviotest

// ordersResource defines /v1/orders. See shared/crevio-api.
func ordersResource() *resource {
	return &resource{
		name:   "orders",
		path:   "/orders",
		prefix: "ord_",
		object: "order",
	}
}
