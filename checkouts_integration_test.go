package crevio_test

import (
	"context"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkoutCatalog is what checkoutSeedCatalog seeds: one product with a
// 49.00 USD and a 15.00 USD variant.
type checkoutCatalog struct {
	product, course, workbook string
}

func checkoutSeedCatalog(t *testing.T, srv *creviotest.Server) checkoutCatalog {
	t.Helper()
	prod := seedID(t, srv, "products", map[string]any{"name": "Go Course", "status": "active"})
	vs, err := srv.Seed("price_variants",
		map[string]any{"product": prod, "name": "Course", "amount": 4900, "currency": "usd"},
		map[string]any{"product": prod, "name": "Workbook", "amount": 1500, "currency": "usd"})
	require.NoError(t, err)
	return checkoutCatalog{product: prod, course: vs[0]["id"].(string), workbook: vs[1]["id"].(string)}
}

func TestIntegrationCheckoutToOrder(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	cat := checkoutSeedCatalog(t, srv)
	c := fastClient(srv)
	ctx := context.Background()

	co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{
		LineItems:  []crevio.CheckoutLineItem{{PriceVariant: cat.course, Quantity: 2}, {PriceVariant: cat.workbook, Quantity: 1}},
		Email:      crevio.Ptr("jane@example.com"),
		SuccessURL: crevio.Ptr("https://shop.example.com/thanks"),
	})
	require.NoError(t, err)
	assert.Regexp(t, `^co_`, co.ID)
	assert.Equal(t, "checkout", co.Object)
	assert.Equal(t, crevio.CheckoutStatusOpen, co.Status)
	assert.Equal(t, crevio.CheckoutModePayment, *co.Mode)
	assert.Equal(t, "usd", co.Currency)
	assert.Equal(t, int64(11300), co.Total)
	assert.Equal(t, int64(11300), *co.AmountSubtotal)
	assert.Equal(t, int64(0), *co.AmountDiscount)
	assert.Equal(t, int64(11300), *co.AmountTotal)
	assert.Equal(t, "https://store.crevio.co/checkout/"+co.ID, *co.PurchaseURL)
	assert.Regexp(t, `^`+co.ID+`_secret_\w+$`, *co.ClientSecret)
	assert.Equal(t, "stripe", *co.Processor)
	assert.Equal(t, "jane@example.com", *co.Email)
	assert.Equal(t, "https://shop.example.com/thanks", *co.SuccessURL)
	assert.True(t, co.Customer.IsZero())
	assert.True(t, co.Order.IsZero())
	require.Len(t, co.CheckoutItems, 2)
	assert.Equal(t, cat.course, co.CheckoutItems[0].PriceVariant.ID)
	assert.Equal(t, cat.product, co.CheckoutItems[0].Product.ID)
	assert.Equal(t, 2, co.CheckoutItems[0].Quantity)
	assert.Equal(t, int64(9800), *co.CheckoutItems[0].Amount)
	assert.Equal(t, int64(1500), *co.CheckoutItems[1].Amount)

	// While open, the line items and the email can change; the amounts follow.
	co, err = c.Checkouts.Update(ctx, co.ID, &crevio.CheckoutUpdateParams{
		LineItems: []crevio.CheckoutLineItem{{PriceVariant: cat.course, Quantity: 1}, {PriceVariant: cat.workbook, Quantity: 3}},
		Email:     crevio.NullableValue("buyer@example.com"),
		Extra:     map[string]any{"status": "complete", "total": 1},
	})
	require.NoError(t, err)
	assert.Equal(t, int64(9400), co.Total)
	assert.Equal(t, crevio.CheckoutStatusOpen, co.Status, "a client cannot complete a checkout by PATCH")
	assert.Equal(t, "buyer@example.com", *co.Email)
	assert.Equal(t, "https://shop.example.com/thanks", *co.SuccessURL, "unset fields are left alone")

	orderID, err := srv.CompleteCheckout(co.ID)
	require.NoError(t, err)
	assert.Regexp(t, `^ord_`, orderID)

	done, err := c.Checkouts.Get(ctx, co.ID, &crevio.CheckoutGetParams{Expand: []crevio.CheckoutExpand{crevio.CheckoutExpandCustomer}})
	require.NoError(t, err)
	assert.Equal(t, crevio.CheckoutStatusComplete, done.Status)
	assert.Equal(t, orderID, done.Order.ID)
	buyer, ok := done.Customer.Expanded()
	require.True(t, ok)
	assert.Regexp(t, `^cus_`, buyer.ID)
	assert.Equal(t, "buyer@example.com", buyer.Email)

	o, err := c.Orders.Get(ctx, orderID, &crevio.OrderGetParams{Expand: []crevio.OrderExpand{crevio.OrderExpandCustomer, crevio.OrderExpandLineItems}})
	require.NoError(t, err)
	assert.Equal(t, "order", o.Object)
	assert.Equal(t, crevio.OrderStatusPaid, o.Status)
	assert.Equal(t, int64(9400), o.Amount)
	assert.Equal(t, int64(9400), *o.AmountTotal)
	assert.Zero(t, o.AmountRefunded)
	assert.Equal(t, "usd", o.Currency)
	assert.Equal(t, "stripe", *o.Processor)
	assert.Equal(t, co.ID, o.Checkout.ID)
	cust, ok := o.Customer.Expanded()
	require.True(t, ok)
	assert.Equal(t, buyer.ID, cust.ID)
	require.Len(t, o.LineItems, 2)
	first, ok := o.LineItems[0].Expanded()
	require.True(t, ok)
	assert.Regexp(t, `^ordi_`, first.ID)
	assert.Equal(t, cat.course, first.PriceVariant.ID)
	assert.Equal(t, cat.product, first.Product.ID)
	assert.Equal(t, 1, first.Quantity)
	assert.Equal(t, int64(4900), *first.Amount)
	assert.Equal(t, orderID, first.Order.ID)

	plain, err := c.Orders.Get(ctx, orderID, nil)
	require.NoError(t, err)
	_, expanded := plain.LineItems[1].Expanded()
	assert.False(t, expanded, "line items are ids unless expanded")
	item, err := c.OrderItems.Get(ctx, plain.LineItems[1].ID, nil)
	require.NoError(t, err)
	assert.Equal(t, cat.workbook, item.PriceVariant.ID)
	assert.Equal(t, 3, item.Quantity)
	assert.Equal(t, int64(4500), *item.Amount)

	customer, err := c.Customers.Get(ctx, buyer.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, crevio.CustomerType("paid"), customer.CustomerType)
	assert.Equal(t, 1, customer.OrdersCount)
	assert.Equal(t, int64(9400), customer.TotalSpend)

	// Once complete, a checkout can neither change nor complete again.
	_, err = c.Checkouts.Update(ctx, co.ID, &crevio.CheckoutUpdateParams{Email: crevio.NullableValue("late@example.com")})
	assert.ErrorIs(t, err, crevio.ErrValidation)
	assert.NotEmpty(t, asAPIError(t, err).Errors["status"])
	_, err = srv.CompleteCheckout(co.ID)
	assert.ErrorContains(t, err, "is complete, not open")
	assert.Equal(t, 1, srv.Count("orders"))
	assert.Equal(t, 2, srv.Count("order_items"))
}

func TestIntegrationCheckoutReusesCustomerByEmail(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	cat := checkoutSeedCatalog(t, srv)
	existing, err := srv.Seed("customers", map[string]any{"email": "Jane@Example.com", "name": "Jane"})
	require.NoError(t, err)
	c := fastClient(srv)
	ctx := context.Background()

	var orders []string
	for _, email := range []string{"jane@example.com", "jane@example.com"} {
		co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{
			LineItems: []crevio.CheckoutLineItem{{PriceVariant: cat.course, Quantity: 1}}, Email: crevio.Ptr(email),
		})
		require.NoError(t, err)
		id, err := srv.CompleteCheckout(co.ID)
		require.NoError(t, err)
		orders = append(orders, id)
	}
	assert.Equal(t, 1, srv.Count("customers"), "the buyer is found by email, whatever its case")
	page, err := c.Orders.List(ctx, &crevio.OrderListParams{Customer: crevio.Ptr(existing[0]["id"].(string))})
	require.NoError(t, err)
	require.Len(t, page.Data, 2)
	assert.Equal(t, orders[1], page.Data[0].ID, "newest first")
	customer, err := c.Customers.Get(ctx, existing[0]["id"].(string), nil)
	require.NoError(t, err)
	assert.Equal(t, 2, customer.OrdersCount)
	assert.Equal(t, int64(9800), customer.TotalSpend)

	// A checkout for a known customer uses it; one with neither customer
	// nor email gets a new customer.
	co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{
		LineItems: []crevio.CheckoutLineItem{{PriceVariant: cat.workbook, Quantity: 1}}, Customer: crevio.Ptr(existing[0]["id"].(string)),
	})
	require.NoError(t, err)
	assert.Equal(t, existing[0]["id"], co.Customer.ID)
	co2, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{LineItems: []crevio.CheckoutLineItem{{PriceVariant: cat.workbook, Quantity: 1}}})
	require.NoError(t, err)
	id, err := srv.CompleteCheckout(co2.ID)
	require.NoError(t, err)
	o, err := c.Orders.Get(ctx, id, nil)
	require.NoError(t, err)
	assert.NotEqual(t, existing[0]["id"], o.Customer.ID)
	assert.Equal(t, 2, srv.Count("customers"))
}

func TestIntegrationCheckoutValidation(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	cat := checkoutSeedCatalog(t, srv)
	archived, err := srv.Seed("price_variants", map[string]any{"product": cat.product, "name": "Old", "amount": 100, "archived": true})
	require.NoError(t, err)
	euro, err := srv.Seed("price_variants", map[string]any{"product": cat.product, "name": "Euro", "amount": 100, "currency": "eur"})
	require.NoError(t, err)
	invoices, err := srv.Seed("invoices", map[string]any{"status": "open", "amount": 4900, "currency": "usd", "price_variant": cat.course})
	require.NoError(t, err)
	c := fastClient(srv)
	ctx := context.Background()
	line := func(pv string, qty int) []crevio.CheckoutLineItem {
		return []crevio.CheckoutLineItem{{PriceVariant: pv, Quantity: qty}}
	}

	tests := []struct {
		name   string
		params *crevio.CheckoutCreateParams
		field  string
	}{
		{"unknown price variant", &crevio.CheckoutCreateParams{LineItems: line("price_nope", 1)}, "line_items"},
		{"archived price variant", &crevio.CheckoutCreateParams{LineItems: line(archived[0]["id"].(string), 1)}, "line_items"},
		{"mixed currencies", &crevio.CheckoutCreateParams{LineItems: append(line(cat.course, 1), line(euro[0]["id"].(string), 1)...)}, "line_items"},
		{"quantity 0 past the SDK", &crevio.CheckoutCreateParams{Extra: map[string]any{"line_items": []any{map[string]any{"price_variant": cat.course, "quantity": 0}}}}, "line_items"},
		{"fractional quantity", &crevio.CheckoutCreateParams{Extra: map[string]any{"line_items": []any{map[string]any{"price_variant": cat.course, "quantity": 1.5}}}}, "line_items"},
		{"line items and invoice", &crevio.CheckoutCreateParams{LineItems: line(cat.course, 1), Invoice: crevio.Ptr(invoices[0]["id"].(string))}, "invoice"},
		{"unknown invoice", &crevio.CheckoutCreateParams{Invoice: crevio.Ptr("inv_nope")}, "invoice"},
		{"unknown customer", &crevio.CheckoutCreateParams{LineItems: line(cat.course, 1), Customer: crevio.Ptr("cus_nope")}, "customer"},
		{"unknown discount", &crevio.CheckoutCreateParams{LineItems: line(cat.course, 1), Discount: crevio.Ptr("disc_nope")}, "discount"},
		{"invalid email", &crevio.CheckoutCreateParams{LineItems: line(cat.course, 1), Email: crevio.Ptr("not-an-email")}, "email"},
		{"neither, past the SDK", &crevio.CheckoutCreateParams{Extra: map[string]any{"line_items": []any{}}}, "line_items"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Checkouts.Create(ctx, tt.params)
			assert.ErrorIs(t, err, crevio.ErrValidation)
			assert.NotEmpty(t, asAPIError(t, err).Errors[tt.field], "%v", err)
		})
	}
	assert.Zero(t, srv.Count("checkouts"))

	_, err = c.Checkouts.Get(ctx, "co_nope", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	_, err = c.Checkouts.Update(ctx, "co_nope", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)

	// A line item without a quantity buys one.
	co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{Extra: map[string]any{"line_items": []any{map[string]any{"price_variant": cat.course}}}})
	require.NoError(t, err)
	assert.Equal(t, 1, co.CheckoutItems[0].Quantity)
	assert.Equal(t, int64(4900), co.Total)
	// Updates are checked the same way, and a failed one changes nothing.
	_, err = c.Checkouts.Update(ctx, co.ID, &crevio.CheckoutUpdateParams{LineItems: line("price_nope", 2)})
	assert.ErrorIs(t, err, crevio.ErrValidation)
	again, err := c.Checkouts.Get(ctx, co.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(4900), again.Total)
	assert.Equal(t, cat.course, again.CheckoutItems[0].PriceVariant.ID)
}

func TestIntegrationCheckoutPaysInvoice(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	cat := checkoutSeedCatalog(t, srv)
	cust, err := srv.Seed("customers", map[string]any{"email": "client@example.com", "name": "Client"})
	require.NoError(t, err)
	customerID := cust[0]["id"].(string)
	invs, err := srv.Seed("invoices",
		map[string]any{"status": "open", "number": "INV-0001", "amount": 12000, "currency": "usd", "price_variant": cat.course,
			"customer": customerID, "email_address": "client@example.com", "paid_at": nil, "order": nil},
		map[string]any{"status": "void", "number": "INV-0002", "amount": 100, "currency": "usd", "price_variant": cat.course},
		map[string]any{"status": "past_due", "number": "INV-0003", "amount": 2500, "currency": "usd", "price_variant": cat.workbook,
			"customer_name": "Late Payer", "email_address": "late@example.com"})
	require.NoError(t, err)
	invoiceID := invs[0]["id"].(string)
	c := fastClient(srv)
	ctx := context.Background()

	co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{Invoice: crevio.Ptr(invoiceID)})
	require.NoError(t, err)
	assert.Equal(t, invoiceID, co.Invoice.ID)
	assert.Equal(t, int64(12000), co.Total, "the invoice's amount, not the variant's")
	assert.Equal(t, "usd", co.Currency)
	assert.Equal(t, customerID, co.Customer.ID, "the invoice's customer pays")
	assert.Equal(t, "client@example.com", *co.Email)
	require.Len(t, co.CheckoutItems, 1)
	assert.Equal(t, cat.course, co.CheckoutItems[0].PriceVariant.ID)
	assert.Equal(t, cat.product, co.CheckoutItems[0].Product.ID)
	assert.Equal(t, 1, co.CheckoutItems[0].Quantity)

	// The lines of an invoice checkout are the invoice's.
	_, err = c.Checkouts.Update(ctx, co.ID, &crevio.CheckoutUpdateParams{LineItems: []crevio.CheckoutLineItem{{PriceVariant: cat.workbook, Quantity: 1}}})
	assert.ErrorIs(t, err, crevio.ErrValidation)

	orderID, err := srv.CompleteCheckout(co.ID)
	require.NoError(t, err)
	inv, ok := srv.Get("invoices", invoiceID)
	require.True(t, ok)
	assert.Equal(t, "paid", inv["status"])
	assert.NotEmpty(t, inv["paid_at"])
	assert.Equal(t, orderID, inv["order"])
	o, err := c.Orders.Get(ctx, orderID, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(12000), o.Amount)
	assert.Equal(t, customerID, o.Customer.ID)
	assert.Equal(t, crevio.OrderStatusPaid, o.Status)

	// A paid or void invoice cannot be paid again.
	for _, id := range []string{invoiceID, invs[1]["id"].(string)} {
		_, err = c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{Invoice: crevio.Ptr(id)})
		assert.ErrorIs(t, err, crevio.ErrValidation)
		assert.NotEmpty(t, asAPIError(t, err).Errors["invoice"])
	}

	// A past-due invoice still can; its buyer, known only by email, becomes
	// a customer, and the invoice records them.
	late, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{Invoice: crevio.Ptr(invs[2]["id"].(string))})
	require.NoError(t, err)
	assert.Equal(t, int64(2500), late.Total)
	assert.True(t, late.Customer.IsZero())
	assert.Equal(t, "late@example.com", *late.Email)
	// Two open checkouts for one invoice: once one pays it, the other cannot.
	twin, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{Invoice: crevio.Ptr(invs[2]["id"].(string))})
	require.NoError(t, err)
	lateOrder, err := srv.CompleteCheckout(late.ID)
	require.NoError(t, err)
	paid, _ := srv.Get("invoices", invs[2]["id"].(string))
	assert.Equal(t, "paid", paid["status"])
	assert.Equal(t, lateOrder, paid["order"])
	assert.Regexp(t, `^cus_`, paid["customer"])
	_, err = srv.CompleteCheckout(twin.ID)
	assert.ErrorContains(t, err, "which is paid")
	still, err := c.Checkouts.Get(ctx, twin.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, crevio.CheckoutStatusOpen, still.Status, "a failed completion changes nothing")
	assert.Equal(t, 2, srv.Count("orders"))
}

func TestIntegrationCheckoutDiscount(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	cat := checkoutSeedCatalog(t, srv)
	ds, err := srv.Seed("discounts",
		map[string]any{"code": "TEN", "discount_type": "percent_off", "percent_off": 10},
		map[string]any{"code": "FIVEBOOK", "discount_type": "amount_off", "amount_off": 500, "currency": "usd", "price_variants": []any{cat.workbook}},
		map[string]any{"code": "OLD", "discount_type": "percent_off", "percent_off": 50, "redeem_by": "2020-01-01T00:00:00Z"})
	require.NoError(t, err)
	c := fastClient(srv)
	ctx := context.Background()
	lines := []crevio.CheckoutLineItem{{PriceVariant: cat.course, Quantity: 1}, {PriceVariant: cat.workbook, Quantity: 2}}

	co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{LineItems: lines, Discount: crevio.Ptr(ds[0]["id"].(string))})
	require.NoError(t, err)
	assert.Equal(t, int64(7900), *co.AmountSubtotal)
	assert.Equal(t, int64(790), *co.AmountDiscount)
	assert.Equal(t, int64(7110), co.Total)
	assert.Equal(t, ds[0]["id"], co.Discount.ID)

	// Switching to a discount limited to one variant discounts that line only.
	co, err = c.Checkouts.Update(ctx, co.ID, &crevio.CheckoutUpdateParams{Discount: crevio.NullableValue(ds[1]["id"].(string))})
	require.NoError(t, err)
	assert.Equal(t, int64(500), *co.AmountDiscount)
	assert.Equal(t, int64(7400), co.Total)
	co, err = c.Checkouts.Update(ctx, co.ID, &crevio.CheckoutUpdateParams{Discount: crevio.Null[string]()})
	require.NoError(t, err)
	assert.True(t, co.Discount.IsZero())
	assert.Equal(t, int64(7900), co.Total)

	_, err = c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{LineItems: lines, Discount: crevio.Ptr(ds[2]["id"].(string))})
	assert.ErrorIs(t, err, crevio.ErrValidation, "an expired discount does not apply")

	co, err = c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{LineItems: lines, Discount: crevio.Ptr(ds[0]["id"].(string))})
	require.NoError(t, err)
	orderID, err := srv.CompleteCheckout(co.ID)
	require.NoError(t, err)
	o, err := c.Orders.Get(ctx, orderID, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(7110), o.Amount, "the order charges the discounted total")
	d, _ := srv.Get("discounts", ds[0]["id"].(string))
	assert.EqualValues(t, 1, d["times_redeemed"], "completing counts a redemption")
}

func TestIntegrationCheckoutExpired(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	cat := checkoutSeedCatalog(t, srv)
	c := fastClient(srv)
	ctx := context.Background()
	co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{LineItems: []crevio.CheckoutLineItem{{PriceVariant: cat.course, Quantity: 1}}})
	require.NoError(t, err)

	require.NoError(t, srv.ExpireCheckout(co.ID))
	got, err := c.Checkouts.Get(ctx, co.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, crevio.CheckoutStatusExpired, got.Status)
	_, err = c.Checkouts.Update(ctx, co.ID, &crevio.CheckoutUpdateParams{Email: crevio.NullableValue("a@example.com")})
	assert.ErrorIs(t, err, crevio.ErrValidation)
	_, err = srv.CompleteCheckout(co.ID)
	assert.ErrorContains(t, err, "is expired")
	assert.ErrorContains(t, srv.ExpireCheckout(co.ID), "not open")
	assert.ErrorContains(t, srv.ExpireCheckout("co_nope"), "no such checkout")
	_, err = srv.CompleteCheckout("co_nope")
	assert.ErrorContains(t, err, "no such checkout")
	assert.Zero(t, srv.Count("orders"))
}

func TestIntegrationCheckoutSubscriptionMode(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	cat := checkoutSeedCatalog(t, srv)
	sub, err := srv.Seed("price_variants", map[string]any{"product": cat.product, "name": "Monthly", "amount": 900,
		"billing_type": "subscription", "recurring_interval": "month"})
	require.NoError(t, err)
	pwyw, err := srv.Seed("price_variants", map[string]any{"product": cat.product, "name": "Tip", "amount": nil,
		"amount_type": "custom", "preset_amount": 300})
	require.NoError(t, err)
	c := fastClient(srv)

	co, err := c.Checkouts.Create(context.Background(), &crevio.CheckoutCreateParams{LineItems: []crevio.CheckoutLineItem{
		{PriceVariant: sub[0]["id"].(string), Quantity: 1}, {PriceVariant: pwyw[0]["id"].(string), Quantity: 1},
	}})
	require.NoError(t, err)
	assert.Equal(t, crevio.CheckoutModeSubscription, *co.Mode)
	assert.Equal(t, int64(1200), co.Total, "a pay-what-you-want variant costs its preset amount")

	// Completing it starts one subscription, for the subscription variant only.
	orderID, err := srv.CompleteCheckout(co.ID)
	require.NoError(t, err)
	order, err := c.Orders.Get(context.Background(), orderID, nil)
	require.NoError(t, err)
	subs, err := c.Subscriptions.List(context.Background(), nil)
	require.NoError(t, err)
	require.Len(t, subs.Data, 1)
	assert.Equal(t, crevio.SubscriptionStatusActive, subs.Data[0].Status)
	assert.Equal(t, sub[0]["id"], subs.Data[0].PriceVariant.ID)
	assert.Equal(t, order.Customer.ID, subs.Data[0].Customer.ID)
}
