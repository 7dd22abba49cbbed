package creviotest

// productStatuses are the product status values the fake accepts.
var productStatuses = []string{"draft", "active", "archived", "published"}

// productsResource defines /v1/products.
func productsResource() *resource {
	return &resource{
		name:     "products",
		path:     "/products",
		prefix:   "prod_",
		object:   "product",
		slug:     true,
		slugFrom: "name",
		filters:  []string{"status"},
		// tax_code is on the product.created payload; not defaulted, since
		// the REST object is not known to carry it.
		params:   []string{"tax_code"},
		required: []string{"name", "status"},
		enums:    map[string][]string{"status": productStatuses},
		relations: map[string]relation{
			// Full objects, expanded or not (archived and hidden ones too), as
			// the reference's Product object shows them.
			"price_variants": {resource: "price_variants", many: true, via: "product", sortBy: "position", embed: true},
			"reviews":        {resource: "reviews", many: true, via: "product", sortBy: "position", hidden: true},
		},
		defaults: func(p map[string]any) {
			setDefault(p, "status", "draft")
			for _, f := range []string{"description", "body_html", "button_cta", "available_from",
				"available_until", "published_at", "average_rating", "seo"} {
				setDefault(p, f, nil)
			}
			setDefault(p, "url", "https://store.crevio.co/"+stringField(p, "slug"))
			setDefault(p, "reviews_count", float64(0))
			setDefault(p, "media_gallery", []any{})
		},
		validate: func(_ *store, p map[string]any, _ bool) map[string][]string {
			var errs map[string][]string
			if v, ok := p["name"]; ok && v != nil {
				if _, isStr := v.(string); !isStr {
					errs = addErr(errs, "name", "is invalid")
				}
			}
			return errs
		},
	}
}
