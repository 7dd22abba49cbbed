package creviotest

// orderItemsResource defines /v1/order_items.
//
// Order items are read one at a time (GET /order_items/{id}); every other
// operation answers 405. They are created with their order by
// [Fake.CompleteCheckout] (or seeded), and listed through an order's
// line_items.
func orderItemsResource() *resource {
	return &resource{
		name:     "order_items",
		path:     "/order_items",
		prefix:   "ordi_",
		object:   "order_item",
		disabled: opList | opCreate | opUpdate | opDelete,
		defaults: func(i map[string]any) {
			setDefault(i, "quantity", float64(1))
			for _, f := range []string{"amount", "price_variant", "product", "order"} {
				setDefault(i, f, nil)
			}
		},
	}
}
