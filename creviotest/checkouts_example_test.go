package creviotest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// The fake stands in for the buyer: CompleteCheckout pays an open checkout
// and creates the customer, the order and its items.
func ExampleFake_CompleteCheckout() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	seeded, err := srv.Seed("products", map[string]any{
		"name":           "Go Workshop",
		"price_variants": []any{map[string]any{"name": "Seat", "amount": 4900}},
	})
	if err != nil {
		log.Fatal(err)
	}
	c := srv.Client()
	co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{
		LineItems: []crevio.CheckoutLineItem{{PriceVariant: seeded[0]["price_variants"].([]any)[0].(map[string]any)["id"].(string), Quantity: 1}},
		Email:     crevio.Ptr("jane@example.com"),
	})
	if err != nil {
		log.Fatal(err)
	}

	orderID, err := srv.CompleteCheckout(co.ID)
	if err != nil {
		log.Fatal(err)
	}
	o, err := c.Orders.Get(ctx, orderID, &crevio.OrderGetParams{Expand: []crevio.OrderExpand{crevio.OrderExpandCustomer}})
	if err != nil {
		log.Fatal(err)
	}
	cust, _ := o.Customer.Expanded()
	fmt.Println(o.Status, o.Amount, len(o.LineItems), cust.Email)
	// Output: paid 4900 1 jane@example.com
}
