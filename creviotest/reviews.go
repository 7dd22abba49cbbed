package creviotest

import "math"

// reviewsResource defines /v1/reviews. See shared/crevio-api/reviews.md.
func reviewsResource() *resource {
	return &resource{
		name:     "reviews",
		path:     "/reviews",
		prefix:   "rev_",
		object:   "review",
		filters:  []string{"product"},
		required: []string{"product", "rating"},
		relations: map[string]relation{
			"product": {resource: "products"},
		},
		defaults: func(r map[string]any) {
			for _, f := range []string{"content", "customer_name", "customer_image_url"} {
				setDefault(r, f, nil)
			}
			setDefault(r, "position", float64(0))
		},
		validate: func(_ *store, r map[string]any, _ bool) map[string][]string {
			v, ok := r["rating"]
			if !ok || v == nil {
				return nil
			}
			if n, isNum := v.(float64); !isNum || n != math.Trunc(n) || n < 1 || n > 5 {
				return map[string][]string{"rating": {"must be an integer from 1 to 5"}}
			}
			return nil
		},
		actions: map[string]actionFunc{
			// POST /reviews/{id}/position {"position": n} reorders a review.
			"position": func(_ *store, r map[string]any, body map[string]any) *apiError {
				n, ok := body["position"].(float64)
				if !ok || n != math.Trunc(n) {
					return errBadRequest("parameter_invalid", "position", "position must be an integer.")
				}
				r["position"] = n
				return nil
			},
		},
		afterWrite: updateProductRating,
	}
}

// updateProductRating keeps reviews_count and average_rating of the products
// a review belongs to (before and after the change) in step with the stored
// reviews.
func updateProductRating(st *store, old, cur map[string]any) {
	products, reviews := st.tables["products"], st.tables["reviews"]
	if products == nil || reviews == nil {
		return
	}
	for _, m := range []map[string]any{old, cur} {
		p := products.byID[stringField(m, "product")]
		if p == nil {
			continue
		}
		var n, sum float64
		for _, r := range st.related(reviews, relation{via: "product"}, p.obj["id"].(string)) {
			if rating, ok := r.obj["rating"].(float64); ok {
				n++
				sum += rating
			}
		}
		p.obj["reviews_count"] = n
		if n == 0 {
			p.obj["average_rating"] = nil
		} else {
			p.obj["average_rating"] = math.Round(sum/n*100) / 100
		}
	}
}
