package creviotest

// legalPagesResource defines /v1/legal_pages: list, get by id or slug, and
// update (title, body); tests seed the pages. The page's HTML is "body",
// as every template renders it.
func legalPagesResource() *resource {
	return &resource{
		name:     "legal_pages",
		path:     "/legal_pages",
		prefix:   "lp_",
		object:   "legal_page",
		slug:     true,
		slugFrom: "title",
		disabled: opCreate | opDelete,
		required: []string{"title"},
		defaults: func(p map[string]any) {
			setDefault(p, "body", "")
		},
		validate: func(_ *store, p map[string]any, _ bool) map[string][]string {
			var errs map[string][]string
			for _, f := range []string{"title", "body"} {
				if v, ok := p[f]; ok && v != nil {
					if _, isStr := v.(string); !isStr {
						errs = addErr(errs, f, "is invalid")
					}
				}
			}
			return errs
		},
	}
}
