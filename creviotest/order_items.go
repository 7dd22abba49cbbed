package creviotest

// orderItemsResource defines /v1/order_items. See shared/crevio-api.
func orderItemsResource() *resource {
	return &resource{
		name:   "order_items",
		path:   "/order_items",
		prefix: "ordi_",
		object: "order_item",
	}
}
