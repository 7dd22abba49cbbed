package creviotest

// checkoutLinksResource defines /v1/checkout_links.
//
// name and price_variants are required; price_variants (an array of ids)
// and discount (an id or null) must name existing objects and expand with
// ?expand=price_variants,discount; metadata is a JSON object. url is set
// from the id (requests cannot set it).
func checkoutLinksResource() *resource {
	return &resource{
		name:     "checkout_links",
		path:     "/checkout_links",
		prefix:   "cl_",
		object:   "checkout_link",
		required: []string{"name", "price_variants"},
		readOnly: []string{"url"},
		relations: map[string]relation{
			"discount":       {resource: "discounts"},
			"price_variants": {resource: "price_variants", many: true},
		},
		defaults: func(l map[string]any) {
			setDefault(l, "success_url", nil)
			setDefault(l, "allow_discount_codes", false)
			setDefault(l, "discount", nil)
			setDefault(l, "metadata", map[string]any{})
			setDefault(l, "url", "https://store.crevio.co/l/"+stringField(l, "id"))
		},
		validate: func(_ *store, l map[string]any, _ bool) map[string][]string {
			var errs map[string][]string
			if v, ok := l["name"]; ok && v != nil {
				if _, isStr := v.(string); !isStr {
					errs = addErr(errs, "name", "is invalid")
				}
			}
			if v, ok := l["success_url"]; ok && v != nil {
				if _, isStr := v.(string); !isStr {
					errs = addErr(errs, "success_url", "is invalid")
				}
			}
			if _, ok := l["allow_discount_codes"].(bool); !ok {
				errs = addErr(errs, "allow_discount_codes", "must be true or false")
			}
			if _, ok := l["metadata"].(map[string]any); !ok {
				errs = addErr(errs, "metadata", "must be an object")
			}
			return errs
		},
	}
}
