package creviotest

import "math"

// orderStatuses are the order status values the fake accepts: the
// documented ones plus "paid", which completed checkouts create.
var orderStatuses = []string{"pending", "paid", "succeeded", "failed", "refunded", "partially_refunded"}

// orderPaidStatuses are the statuses of an order whose payment went through.
var orderPaidStatuses = []string{"paid", "succeeded", "partially_refunded", "refunded"}

// ordersResource defines /v1/orders.
//
// Orders are read-only over the API (POST, PATCH and DELETE answer 405):
// they are created by [Fake.CompleteCheckout] (or seeded) and changed by
// refunds. Lists filter by status, customer and processor; customer and
// line_items (order item ids) expand. Every write keeps the orders_count,
// total_spend and customer_type of the orders' customers in step.
func ordersResource() *resource {
	return &resource{
		name:     "orders",
		path:     "/orders",
		prefix:   "ord_",
		object:   "order",
		disabled: opCreate | opUpdate | opDelete,
		filters:  []string{"status", "customer", "processor"},
		enums:    map[string][]string{"status": orderStatuses},
		relations: map[string]relation{
			"customer":   {resource: "customers"},
			"line_items": {resource: "order_items", many: true},
		},
		defaults: func(o map[string]any) {
			setDefault(o, "status", "pending")
			setDefault(o, "amount", float64(0))
			setDefault(o, "amount_total", o["amount"])
			setDefault(o, "amount_refunded", float64(0))
			setDefault(o, "currency", "usd")
			for _, f := range []string{"customer", "checkout", "processor"} {
				setDefault(o, f, nil)
			}
			setDefault(o, "line_items", []any{})
		},
		afterWrite: orderUpdateCustomerStats,
	}
}

// orderIsPaid reports whether the order's payment went through.
func orderIsPaid(o map[string]any) bool {
	s := stringField(o, "status")
	for _, p := range orderPaidStatuses {
		if s == p {
			return true
		}
	}
	return false
}

// orderUpdateCustomerStats recomputes orders_count (paid orders),
// total_spend (what they paid less refunds) and, once there is a paid order,
// customer_type "paid" for the customers of an order before and after a
// change.
func orderUpdateCustomerStats(st *store, old, cur map[string]any) {
	customers, orders := st.tables["customers"], st.tables["orders"]
	if customers == nil || orders == nil {
		return
	}
	for _, m := range []map[string]any{old, cur} {
		c := customers.byID[stringField(m, "customer")]
		if c == nil {
			continue
		}
		var n, spend float64
		for _, o := range st.related(orders, relation{via: "customer"}, c.obj["id"].(string)) {
			if !orderIsPaid(o.obj) {
				continue
			}
			amount, _ := o.obj["amount"].(float64)
			refunded, _ := o.obj["amount_refunded"].(float64)
			n++
			spend += math.Max(amount-refunded, 0)
		}
		c.obj["orders_count"] = n
		c.obj["total_spend"] = spend
		if n > 0 {
			c.obj["customer_type"] = "paid"
		}
	}
}
