package creviotest

import (
	"fmt"
	"math"
	"strings"
)

// checkoutStatuses are the checkout status values the fake accepts.
var checkoutStatuses = []string{"open", "complete", "abandoned", "expired"}

// checkoutManagedFields are the checkout fields the fake keeps: a client
// cannot set them on create or change them on update.
var checkoutManagedFields = []string{"status", "order", "invoice", "currency", "mode", "total",
	"amount_subtotal", "amount_discount", "amount_tax", "amount_total", "checkout_items",
	"client_secret", "purchase_url", "processor"}

// checkoutPurchaseBase is where the fake says a checkout is paid.
const checkoutPurchaseBase = "https://store.crevio.co/checkout/"

// checkoutsResource defines /v1/checkouts.
//
// Create takes line_items [{price_variant, quantity}] (existing, unarchived
// variants of one currency; quantity a whole number >= 1, default 1) or
// invoice (an open or past-due invoice: one line for its price variant at
// the invoice's amount; its customer and email_address prefill the
// checkout's), not both and not neither; plus optional customer, email,
// success_url and discount (an active discount's id: percent_off or
// amount_off, on the lines of its price_variants when it names any). The
// fake turns the lines into checkout_items {object, price_variant, product,
// quantity, amount} and computes currency, mode (subscription when a
// variant bills by subscription, else payment), amount_subtotal,
// amount_discount, amount_tax (0), amount_total and total; it sets status
// open, client_secret, purchase_url and processor "stripe". PATCH changes
// line_items (not on an invoice checkout), customer, email, success_url and
// discount of an open checkout only (422 otherwise), recomputing the
// amounts. customer (and invoice, discount, order) expand. There is no list
// and no delete (405). [Fake.CompleteCheckout] pays a checkout;
// [Fake.ExpireCheckout] expires it.
func checkoutsResource() *resource {
	return &resource{
		name:     "checkouts",
		path:     "/checkouts",
		prefix:   "co_",
		object:   "checkout",
		disabled: opList | opDelete,
		enums:    map[string][]string{"status": checkoutStatuses},
		params:   []string{"line_items"},
		relations: map[string]relation{
			"customer": {resource: "customers"},
			"discount": {resource: "discounts"},
			"invoice":  {resource: "invoices"},
			"order":    {resource: "orders"},
		},
		defaults: func(c map[string]any) {
			setDefault(c, "status", "open")
			for _, f := range []string{"customer", "email", "success_url", "discount", "invoice", "order",
				"mode", "client_secret", "purchase_url", "processor"} {
				setDefault(c, f, nil)
			}
			setDefault(c, "currency", "usd")
			for _, f := range []string{"total", "amount_subtotal", "amount_discount", "amount_tax", "amount_total"} {
				setDefault(c, f, float64(0))
			}
			setDefault(c, "checkout_items", []any{})
		},
		validate: validateCheckout,
	}
}

// validateCheckout checks a checkout as it would be stored and fills in
// what the fake derives: the checkout items from line_items or the invoice,
// and the amounts. On update it restores the fields the fake keeps, so a
// client cannot change them.
func validateCheckout(st *store, co map[string]any, create bool) map[string][]string {
	errs := customerEmailErrors(co)
	lines := co["line_items"]
	hasLines := lines != nil // JSON null is no lines
	delete(co, "line_items")

	if create {
		co["status"], co["order"] = "open", nil
		co["processor"] = "stripe"
		co["client_secret"] = stringField(co, "id") + "_secret_" + checkoutRandom(st, 24)
		co["purchase_url"] = checkoutPurchaseBase + stringField(co, "id")
		switch {
		case hasLines && co["invoice"] != nil:
			return addErr(errs, "invoice", "can't be combined with line_items")
		case !hasLines && co["invoice"] == nil:
			return addErr(errs, "line_items", "can't be blank (give line_items or an invoice)")
		}
	} else if old := st.tables["checkouts"].byID[stringField(co, "id")]; old != nil {
		if s := stringField(old.obj, "status"); s != "open" {
			return addErr(errs, "status", "is "+s+": only an open checkout can be changed")
		}
		for _, f := range checkoutManagedFields {
			co[f] = deepCopy(old.obj[f])
		}
		if hasLines && co["invoice"] != nil {
			return addErr(errs, "line_items", "can't be changed on a checkout that pays an invoice")
		}
	}

	var more map[string][]string
	if hasLines {
		var items []any
		var currency, mode string
		items, currency, mode, more = checkoutItemsFromLines(st, lines)
		if len(more) == 0 {
			co["checkout_items"], co["currency"], co["mode"] = items, currency, mode
		}
	} else if create {
		more = checkoutFromInvoice(st, co)
	}
	if len(more) == 0 {
		more = checkoutComputeAmounts(st, co)
	}
	for f, msgs := range more {
		for _, m := range msgs {
			errs = addErr(errs, f, m)
		}
	}
	return errs
}

// checkoutItemsFromLines turns request line items into checkout items.
func checkoutItemsFromLines(st *store, v any) (items []any, currency, mode string, errs map[string][]string) {
	arr, ok := v.([]any)
	if !ok || len(arr) == 0 {
		return nil, "", "", addErr(nil, "line_items", "can't be blank")
	}
	mode = "payment"
	variants := st.tables["price_variants"]
	for i, e := range arr {
		line, ok := e.(map[string]any)
		if !ok {
			errs = addErr(errs, "line_items", fmt.Sprintf("item %d is not an object", i))
			continue
		}
		id := stringField(line, "price_variant")
		var pv *record
		if variants != nil {
			pv = variants.byID[id]
		}
		switch {
		case strings.TrimSpace(id) == "":
			errs = addErr(errs, "line_items", fmt.Sprintf("item %d needs a price_variant", i))
			continue
		case pv == nil:
			errs = addErr(errs, "line_items", fmt.Sprintf("has an unknown price variant: %s", id))
			continue
		case pv.obj["archived"] == true:
			errs = addErr(errs, "line_items", fmt.Sprintf("has an archived price variant: %s", id))
			continue
		}
		qty := float64(1)
		if q, present := line["quantity"]; present && q != nil {
			n, isNum := q.(float64)
			if !isNum || n != math.Trunc(n) || n < 1 {
				errs = addErr(errs, "line_items", fmt.Sprintf("item %d quantity must be a whole number of at least 1", i))
				continue
			}
			qty = n
		}
		c := strings.ToLower(stringField(pv.obj, "currency"))
		if c == "" {
			c = "usd"
		}
		if currency == "" {
			currency = c
		} else if c != currency {
			errs = addErr(errs, "line_items", "must all be in one currency")
			continue
		}
		if stringField(pv.obj, "billing_type") == "subscription" {
			mode = "subscription"
		}
		items = append(items, map[string]any{
			"object":        "checkout_item",
			"price_variant": id,
			"product":       pv.obj["product"],
			"quantity":      qty,
			"amount":        checkoutUnitAmount(pv.obj) * qty,
		})
	}
	return items, currency, mode, errs
}

// checkoutUnitAmount is what one unit of a price variant costs: its amount,
// or for a pay-what-you-want variant without one its preset or minimum
// amount; free variants cost 0.
func checkoutUnitAmount(pv map[string]any) float64 {
	for _, f := range []string{"amount", "preset_amount", "minimum_amount"} {
		if n, ok := pv[f].(float64); ok {
			return n
		}
	}
	return 0
}

// checkoutFromInvoice makes the checkout pay its invoice: one item for the
// invoice's price variant at the invoice's amount, and the invoice's
// customer and email address when the checkout has none.
func checkoutFromInvoice(st *store, co map[string]any) map[string][]string {
	invoices := st.tables["invoices"]
	if invoices == nil {
		return nil
	}
	inv := invoices.byID[stringField(co, "invoice")]
	if inv == nil {
		return nil // the relation check reports it
	}
	if s := stringField(inv.obj, "status"); s != "open" && s != "past_due" {
		return addErr(nil, "invoice", "is "+s+": only an open invoice can be paid")
	}
	pvID := stringField(inv.obj, "price_variant")
	var pv map[string]any
	if variants := st.tables["price_variants"]; variants != nil && variants.byID[pvID] != nil {
		pv = variants.byID[pvID].obj
	}
	amount, ok := inv.obj["amount"].(float64)
	if !ok && pv != nil {
		amount = checkoutUnitAmount(pv)
	}
	currency := strings.ToLower(stringField(inv.obj, "currency"))
	if currency == "" && pv != nil {
		currency = strings.ToLower(stringField(pv, "currency"))
	}
	if currency == "" {
		currency = "usd"
	}
	item := map[string]any{"object": "checkout_item", "price_variant": nil, "product": nil, "quantity": float64(1), "amount": amount}
	mode := "payment"
	if pvID != "" {
		item["price_variant"] = pvID
	}
	if pv != nil {
		item["product"] = pv["product"]
		if stringField(pv, "billing_type") == "subscription" {
			mode = "subscription"
		}
	}
	co["checkout_items"] = []any{item}
	co["currency"], co["mode"] = currency, mode
	if co["customer"] == nil {
		co["customer"] = inv.obj["customer"]
	}
	if isBlank(co["email"]) && !isBlank(inv.obj["email_address"]) {
		co["email"] = inv.obj["email_address"]
	}
	return nil
}

// checkoutComputeAmounts sets the subtotal, discount, tax and totals of a
// checkout from its items and discount.
func checkoutComputeAmounts(st *store, co map[string]any) map[string][]string {
	items, _ := co["checkout_items"].([]any)
	var subtotal float64
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			a, _ := m["amount"].(float64)
			subtotal += a
		}
	}
	var off float64
	if id := stringField(co, "discount"); id != "" {
		if discounts := st.tables["discounts"]; discounts != nil && discounts.byID[id] != nil {
			var msg string
			off, msg = checkoutDiscount(discounts.byID[id].obj, items, stringField(co, "currency"))
			if msg != "" {
				return addErr(nil, "discount", msg)
			}
		}
	}
	total := subtotal - off
	co["amount_subtotal"], co["amount_discount"], co["amount_tax"] = subtotal, off, float64(0)
	co["amount_total"], co["total"] = total, total
	return nil
}

// checkoutDiscount returns what discount d takes off items, or a reason it
// cannot apply.
func checkoutDiscount(d map[string]any, items []any, currency string) (float64, string) {
	if s := stringField(d, "status"); s != "" && s != "active" {
		return 0, "is " + s + ", not active"
	}
	only := map[string]bool{}
	if pvs, ok := d["price_variants"].([]any); ok {
		for _, v := range pvs {
			if s, ok := v.(string); ok {
				only[s] = true
			}
		}
	}
	var eligible float64
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok || (len(only) > 0 && !only[stringField(m, "price_variant")]) {
			continue
		}
		a, _ := m["amount"].(float64)
		eligible += a
	}
	if p, ok := d["percent_off"].(float64); ok {
		return math.Round(eligible * p / 100), ""
	}
	if a, ok := d["amount_off"].(float64); ok {
		if c := stringField(d, "currency"); c != "" && !strings.EqualFold(c, currency) {
			return 0, "is in " + strings.ToLower(c) + ", not " + currency
		}
		return math.Min(a, eligible), ""
	}
	return 0, ""
}

// checkoutRandom returns n base62 characters from the store's generator
// (deterministic per fake, like ids).
func checkoutRandom(st *store, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = idAlphabet[st.rng.IntN(len(idAlphabet))]
	}
	return string(b)
}

// CompleteCheckout pays an open checkout, as a buyer paying at its
// purchase_url would, and returns the id of the order it creates. It:
//
//   - finds the buyer: the checkout's customer, else the customer with the
//     checkout's email, else a new customer (customer_type paid) with that
//     email (or with buyer+<checkout id>@example.com when the checkout has
//     no email);
//   - creates the order (status paid, amount and amount_total = the
//     checkout's total, currency, processor, customer, checkout) with one
//     order item per checkout item (price_variant, product, quantity,
//     amount), listed in its line_items;
//   - marks the checkout complete, with its order and customer;
//   - counts a redemption of its discount, if any;
//   - marks the invoice it pays, if any, paid (paid_at, order, customer).
//
// Every object is written like an API write (ids, timestamps, hooks), so
// the customer's orders_count, total_spend and customer_type follow. It
// returns an error, changing nothing, for an unknown checkout, one that is
// not open, or one whose invoice is no longer open.
func (f *Fake) CompleteCheckout(id string) (orderID string, err error) {
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	return checkoutComplete(f.st, id)
}

func checkoutComplete(st *store, id string) (string, error) {
	checkouts := st.tables["checkouts"]
	rec := checkouts.lookup(id)
	if rec == nil {
		return "", fmt.Errorf("creviotest: no such checkout %q", id)
	}
	if s := stringField(rec.obj, "status"); s != "open" {
		return "", fmt.Errorf("creviotest: checkout %s is %s, not open", id, s)
	}
	co := deepCopy(rec.obj).(map[string]any)
	id = stringField(co, "id")

	var inv *record
	if invID := stringField(co, "invoice"); invID != "" {
		if t := st.tables["invoices"]; t != nil {
			inv = t.byID[invID]
		}
		if inv == nil {
			return "", fmt.Errorf("creviotest: checkout %s pays invoice %s, which does not exist", id, invID)
		}
		if s := stringField(inv.obj, "status"); s != "open" && s != "past_due" {
			return "", fmt.Errorf("creviotest: checkout %s pays invoice %s, which is %s", id, invID, s)
		}
	}

	customers := st.tables["customers"]
	customerID := stringField(co, "customer")
	if customerID == "" || customers.byID[customerID] == nil {
		email := stringField(co, "email")
		if strings.TrimSpace(email) == "" {
			email = "buyer+" + id + "@example.com"
		}
		c, e := findOrCreateCustomer(st, email, nil, "paid")
		if e != nil {
			return "", fmt.Errorf("creviotest: checkout %s: creating its customer: %s", id, e.Message)
		}
		customerID = stringField(c.obj, "id")
	}

	orders, orderItems := st.tables["orders"], st.tables["order_items"]
	orderID := st.newID(orders)
	lineIDs := []any{}
	items, _ := co["checkout_items"].([]any)
	for _, it := range items {
		m, _ := it.(map[string]any)
		item, e := st.create(orderItems, map[string]any{
			"order": orderID, "price_variant": m["price_variant"], "product": m["product"],
			"quantity": m["quantity"], "amount": m["amount"],
		})
		if e != nil {
			return "", fmt.Errorf("creviotest: checkout %s: creating an order item: %s", id, e.Message)
		}
		lineIDs = append(lineIDs, item.obj["id"])
	}
	processor := co["processor"]
	if isBlank(processor) {
		processor = "stripe"
	}
	order := map[string]any{
		"status": "paid", "amount": co["total"], "amount_total": co["total"], "amount_refunded": float64(0),
		"currency": co["currency"], "processor": processor, "customer": customerID, "checkout": id,
		"line_items": lineIDs,
	}
	st.fill(orders, order, orderID)
	if errs := st.validate(orders, nil, order); len(errs) > 0 {
		return "", fmt.Errorf("creviotest: checkout %s: creating its order: %s", id, errValidation(errs).Message)
	}
	ts, created := st.timestamp()
	order["created_at"], order["updated_at"] = ts, ts
	st.insert(orders, order, created)

	co["status"], co["order"], co["customer"] = "complete", orderID, customerID
	st.save(checkouts, rec, co)

	if discounts := st.tables["discounts"]; discounts != nil {
		if d := discounts.byID[stringField(co, "discount")]; d != nil {
			obj := deepCopy(d.obj).(map[string]any)
			n, _ := obj["times_redeemed"].(float64)
			obj["times_redeemed"] = n + 1
			st.save(discounts, d, obj)
		}
	}
	if inv != nil {
		obj := deepCopy(inv.obj).(map[string]any)
		obj["status"], obj["paid_at"], obj["order"] = "paid", ts, orderID
		if isBlank(obj["customer"]) {
			obj["customer"] = customerID
		}
		st.save(st.tables["invoices"], inv, obj)
	}
	// Buying a subscription variant starts a subscription for the buyer.
	for _, it := range items {
		m, _ := it.(map[string]any)
		pv := st.tables["price_variants"].byID[stringField(m, "price_variant")]
		if pv == nil || stringField(pv.obj, "billing_type") != "subscription" {
			continue
		}
		q, _ := m["quantity"].(float64)
		if _, e := startSubscription(st, customerID, stringField(pv.obj, "id"), int(q)); e != nil {
			return "", fmt.Errorf("creviotest: checkout %s: starting its subscription: %s", id, e.Message)
		}
	}
	// A booking paid through this checkout is confirmed.
	bookingConfirmPaid(st, id)
	return orderID, nil
}

// ExpireCheckout expires an open checkout, as the API does when a checkout
// session times out: its status becomes expired, and it can no longer be
// changed or completed. It returns an error for an unknown checkout or one
// that is not open.
func (f *Fake) ExpireCheckout(id string) error {
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	t := f.st.tables["checkouts"]
	rec := t.lookup(id)
	if rec == nil {
		return fmt.Errorf("creviotest: no such checkout %q", id)
	}
	if s := stringField(rec.obj, "status"); s != "open" {
		return fmt.Errorf("creviotest: checkout %s is %s, not open", id, s)
	}
	obj := deepCopy(rec.obj).(map[string]any)
	obj["status"] = "expired"
	f.st.save(t, rec, obj)
	return nil
}
