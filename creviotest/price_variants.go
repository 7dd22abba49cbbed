package creviotest

// priceVariantsResource defines /v1/price_variants, minimally: the commerce
// issue gives it its full shape. See shared/crevio-api/price_variants.md.
func priceVariantsResource() *resource {
	return &resource{
		name:     "price_variants",
		path:     "/price_variants",
		prefix:   "price_",
		object:   "price_variant",
		filters:  []string{"product"},
		required: []string{"product", "name"},
		relations: map[string]relation{
			"product": {resource: "products"},
		},
		defaults: func(v map[string]any) {
			setDefault(v, "amount", nil)
			setDefault(v, "amount_type", "fixed")
			setDefault(v, "billing_type", "one_time")
			setDefault(v, "currency", "usd")
			setDefault(v, "archived", false)
			setDefault(v, "hidden", false)
			setDefault(v, "position", float64(0))
			setDefault(v, "waitlist", false)
			setDefault(v, "purchase_url", nil)
		},
		actions: map[string]actionFunc{
			"archive": func(_ *store, v map[string]any, _ map[string]any) *apiError {
				v["archived"] = true
				return nil
			},
		},
	}
}
