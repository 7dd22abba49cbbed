package crevio_test

import (
	"context"
	"fmt"
	"log"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// An invoice bills one person for one price variant: the amount and
// currency come from the variant. The buyer pays it through a checkout
// created with the invoice.
func ExampleInvoicesService_Create() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	// Typed seeding: the product comes back with its price variant expanded.
	product, err := creviotest.SeedAs[crevio.Product](srv, &crevio.ProductCreateParams{Name: "Consulting"},
		creviotest.Nest[crevio.PriceVariant](map[string]any{"name": "One hour", "amount": 15000, "currency": "eur"}))
	if err != nil {
		log.Fatal(err)
	}
	variant := product.PriceVariants[0].ID
	c := srv.Client()

	inv, err := c.Invoices.Create(ctx, &crevio.InvoiceCreateParams{
		PriceVariant: variant,
		CustomerName: crevio.Ptr("Jane Doe"),
		EmailAddress: crevio.Ptr("jane@example.com"),
		Description:  crevio.Ptr("Code review, March"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(inv.Number, inv.Status, inv.Amount, inv.Currency)

	co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{Invoice: crevio.Ptr(inv.ID)})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := srv.CompleteCheckout(co.ID); err != nil { // the buyer pays
		log.Fatal(err)
	}
	inv, err = c.Invoices.Get(ctx, inv.ID, &crevio.InvoiceGetParams{
		Expand: []crevio.InvoiceExpand{crevio.InvoiceExpandOrder},
	})
	if err != nil {
		log.Fatal(err)
	}
	order, _ := inv.Order.Expanded()
	fmt.Println(inv.Status, !inv.PaidAt.IsZero(), order.Status, order.Amount)
	// Output:
	// INV-0001 open 15000 eur
	// paid true paid 15000
}

// List filters invoices by status; Void closes an unpaid invoice for good.
func ExampleInvoicesService_List() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	// Typed seeding: the product comes back with its price variant expanded.
	product, err := creviotest.SeedAs[crevio.Product](srv, &crevio.ProductCreateParams{Name: "Consulting"},
		creviotest.Nest[crevio.PriceVariant](map[string]any{"name": "One hour", "amount": 15000}))
	if err != nil {
		log.Fatal(err)
	}
	variant := product.PriceVariants[0].ID
	c := srv.Client()
	var last *crevio.Invoice
	for _, name := range []string{"Ann", "Bo", "Cy"} {
		last, err = c.Invoices.Create(ctx, &crevio.InvoiceCreateParams{
			PriceVariant: variant, CustomerName: crevio.Ptr(name), EmailAddress: crevio.Ptr(name + "@example.com"),
		})
		if err != nil {
			log.Fatal(err)
		}
	}
	if _, err := c.Invoices.Void(ctx, last.ID, nil); err != nil {
		log.Fatal(err)
	}

	open, err := c.Invoices.List(ctx, &crevio.InvoiceListParams{Status: crevio.Ptr(crevio.InvoiceStatusOpen)})
	if err != nil {
		log.Fatal(err)
	}
	for _, inv := range open.Data {
		fmt.Println(inv.Number, *inv.CustomerName, inv.Status)
	}
	// Output:
	// INV-0002 Bo open
	// INV-0001 Ann open
}
