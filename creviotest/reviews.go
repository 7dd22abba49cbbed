package creviotest

import "math"

// reviewsResource defines /v1/reviews: full CRUD, ?product= filter, and
// POST /reviews/{id}/position.
//
// Positions order the reviews of a product (1 first), as a list does: a new
// review goes last (after the highest position) unless it gives a
// position, where it is inserted, shifting that review and the ones after
// it down by one; moving a review from position o to p shifts the reviews
// between o and p by one toward o; deleting a review, or moving it to
// another product, shifts the ones after it up. Positions are not clamped:
// moving a review to 99 puts it at 99. A product's expanded reviews come in
// position order.
func reviewsResource() *resource {
	return &resource{
		name:     "reviews",
		path:     "/reviews",
		prefix:   "rev_",
		object:   "review",
		filters:  []string{"product"},
		required: []string{"product", "rating"},
		params:   []string{"position"},
		relations: map[string]relation{
			"product": {resource: "products"},
		},
		defaults: func(r map[string]any) {
			for _, f := range []string{"content", "customer_name", "customer_image_url"} {
				setDefault(r, f, nil)
			}
		},
		validate: func(_ *store, r map[string]any, _ bool) map[string][]string {
			var errs map[string][]string
			if v, ok := r["rating"]; ok && v != nil {
				if n, isNum := v.(float64); !isNum || n != math.Trunc(n) || n < 1 || n > 5 {
					errs = addErr(errs, "rating", "must be an integer from 1 to 5")
				}
			}
			if v, ok := r["position"]; ok && !reviewPositionValid(v) {
				errs = addErr(errs, "position", "must be an integer greater than 0")
			}
			return errs
		},
		actions: map[string]actionFunc{
			// POST /reviews/{id}/position {"position": n} moves a review.
			"position": func(_ *store, r map[string]any, body map[string]any) *apiError {
				if !reviewPositionValid(body["position"]) {
					return errBadRequest("parameter_invalid", "position", "position must be an integer greater than 0.")
				}
				r["position"] = body["position"]
				return nil
			},
		},
		afterWrite: func(st *store, old, cur map[string]any) {
			positionReviews(st, old, cur)
			updateProductRating(st, old, cur)
		},
	}
}

func reviewPositionValid(v any) bool {
	n, ok := v.(float64)
	return ok && n == math.Trunc(n) && n >= 1
}

// positionReviews shifts the other reviews of the products a review
// belonged to (old) and belongs to (cur) around its change of place.
func positionReviews(st *store, old, cur map[string]any) {
	reviews := st.tables["reviews"]
	if reviews == nil {
		return
	}
	oldProduct, curProduct := stringField(old, "product"), stringField(cur, "product")
	oldPos, _ := old["position"].(float64)
	sameProduct := old != nil && cur != nil && oldProduct == curProduct
	if old != nil && !sameProduct && oldProduct != "" && oldPos > 0 {
		// It left oldProduct: the reviews after it move up.
		shiftReviews(st, reviews, oldProduct, old["id"], oldPos+1, math.Inf(1), -1)
	}
	if cur == nil || curProduct == "" {
		return
	}
	newPos, _ := cur["position"].(float64)
	switch {
	case sameProduct && newPos == oldPos:
		// Same place.
	case sameProduct && reviewPositionValid(cur["position"]):
		if newPos < oldPos {
			shiftReviews(st, reviews, curProduct, cur["id"], newPos, oldPos-1, +1)
		} else {
			shiftReviews(st, reviews, curProduct, cur["id"], oldPos+1, newPos, -1)
		}
	case !sameProduct && reviewPositionValid(cur["position"]) && (old == nil || newPos != oldPos):
		// New to this product at the place it asks for.
		shiftReviews(st, reviews, curProduct, cur["id"], newPos, math.Inf(1), +1)
	default:
		// New to this product, no place asked for (or one kept from
		// another product): last.
		last := 0.0
		for _, r := range st.related(reviews, relation{via: "product"}, curProduct) {
			if p, ok := r.obj["position"].(float64); ok && r.obj["id"] != cur["id"] {
				last = max(last, p)
			}
		}
		cur["position"] = last + 1
	}
}

// shiftReviews adds delta to the position of every review of product,
// except the one with id except, whose position is within [from, to].
func shiftReviews(st *store, reviews *table, product string, except any, from, to, delta float64) {
	for _, r := range st.related(reviews, relation{via: "product"}, product) {
		if p, ok := r.obj["position"].(float64); ok && r.obj["id"] != except && p >= from && p <= to {
			r.obj["position"] = p + delta
		}
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
