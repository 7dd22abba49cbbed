package crevio_test

import (
	"context"
	"fmt"
	"log"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

func ExampleCheckoutsService_Create() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	seeded, err := srv.Seed("products", map[string]any{
		"name":           "Go Workshop",
		"price_variants": []any{map[string]any{"name": "Seat", "amount": 4900, "currency": "usd"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	variant := seeded[0]["price_variants"].([]any)[0].(map[string]any)["id"].(string)
	c := srv.Client()

	// A checkout sells line items (or pays an invoice: Invoice instead of
	// LineItems). The buyer pays at its PurchaseURL.
	co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{
		LineItems: []crevio.CheckoutLineItem{{PriceVariant: variant, Quantity: 2}},
		Email:     crevio.Ptr("jane@example.com"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(co.Status, co.Total, co.Currency, co.PurchaseURL != nil)
	// Output: open 9800 usd true
}

func ExampleRefundsService_Create() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	orders, err := srv.Seed("orders", map[string]any{"status": "paid", "amount": 9800, "currency": "usd"})
	if err != nil {
		log.Fatal(err)
	}
	orderID := orders[0]["id"].(string)
	c := srv.Client()

	// A partial refund names an amount; leaving Amount nil refunds the rest.
	if _, err := c.Refunds.Create(ctx, &crevio.RefundCreateParams{Order: orderID, Amount: crevio.Ptr[int64](4900)}); err != nil {
		log.Fatal(err)
	}
	o, err := c.Orders.Get(ctx, orderID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(o.Status, o.AmountRefunded)

	rest, err := c.Refunds.Create(ctx, &crevio.RefundCreateParams{Order: orderID})
	if err != nil {
		log.Fatal(err)
	}
	o, err = c.Orders.Get(ctx, orderID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rest.Amount, o.Status)
	// Output:
	// partially_refunded 4900
	// 4900 refunded
}

func ExampleOrdersService_Get() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	customers, err := srv.Seed("customers", map[string]any{"email": "jane@example.com"})
	if err != nil {
		log.Fatal(err)
	}
	orders, err := srv.Seed("orders", map[string]any{"status": "paid", "amount": 4900, "customer": customers[0]["id"]})
	if err != nil {
		log.Fatal(err)
	}
	c := srv.Client()

	// Related objects are ids unless expanded.
	o, err := c.Orders.Get(ctx, orders[0]["id"].(string), &crevio.OrderGetParams{
		Expand: []crevio.OrderExpand{crevio.OrderExpandCustomer},
	})
	if err != nil {
		log.Fatal(err)
	}
	if cust, ok := o.Customer.Expanded(); ok {
		fmt.Println(o.Status, cust.Email)
	}
	// Output: paid jane@example.com
}
