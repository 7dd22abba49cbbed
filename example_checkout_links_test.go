package crevio_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// A checkout link is a reusable, shareable buy page for one or more price
// variants, optionally with a discount applied.
func ExampleCheckoutLinksService_Create() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	// Typed seeding: the product comes back with its price variant expanded.
	product, err := creviotest.SeedAs[crevio.Product](srv, &crevio.ProductCreateParams{Name: "Go Workshop"},
		creviotest.Nest[crevio.PriceVariant](map[string]any{"name": "Seat", "amount": 4900}))
	if err != nil {
		log.Fatal(err)
	}
	variant := product.PriceVariants[0].ID
	c := srv.Client()
	d, err := c.Discounts.Create(ctx, &crevio.DiscountCreateParams{
		Code: "FRIENDS", DiscountType: crevio.DiscountTypePercentOff, PercentOff: crevio.Ptr(10.0),
	})
	if err != nil {
		log.Fatal(err)
	}

	link, err := c.CheckoutLinks.Create(ctx, &crevio.CheckoutLinkCreateParams{
		Name:          "Friends and family",
		PriceVariants: []string{variant},
		Discount:      crevio.Ptr(d.ID),
		SuccessURL:    crevio.Ptr("https://example.com/thanks"),
		Metadata:      map[string]any{"campaign": "spring"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(link.Name, strings.HasPrefix(link.URL, "https://"), link.Discount.ID == d.ID, link.Metadata["campaign"])

	// Expanded, the link carries its variants and discount.
	link, err = c.CheckoutLinks.Get(ctx, link.ID, &crevio.CheckoutLinkGetParams{
		Expand: []crevio.CheckoutLinkExpand{crevio.CheckoutLinkExpandPriceVariants, crevio.CheckoutLinkExpandDiscount},
	})
	if err != nil {
		log.Fatal(err)
	}
	pv, _ := link.PriceVariants[0].Expanded()
	disc, _ := link.Discount.Expanded()
	fmt.Println(pv.Name, *pv.Amount, disc.Code)
	// Output:
	// Friends and family true true spring
	// Seat 4900 FRIENDS
}

// Update changes a link in place, so the shared URL keeps working; Null
// removes its discount.
func ExampleCheckoutLinksService_Update() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	// Typed seeding: the product comes back with its price variant expanded.
	product, err := creviotest.SeedAs[crevio.Product](srv, &crevio.ProductCreateParams{Name: "Go Workshop"},
		creviotest.Nest[crevio.PriceVariant](map[string]any{"name": "Seat", "amount": 4900}))
	if err != nil {
		log.Fatal(err)
	}
	variant := product.PriceVariants[0].ID
	c := srv.Client()
	d, err := c.Discounts.Create(ctx, &crevio.DiscountCreateParams{
		Code: "EARLY", DiscountType: crevio.DiscountTypePercentOff, PercentOff: crevio.Ptr(20.0),
	})
	if err != nil {
		log.Fatal(err)
	}
	link, err := c.CheckoutLinks.Create(ctx, &crevio.CheckoutLinkCreateParams{
		Name: "Early bird", PriceVariants: []string{variant}, Discount: crevio.Ptr(d.ID),
	})
	if err != nil {
		log.Fatal(err)
	}

	updated, err := c.CheckoutLinks.Update(ctx, link.ID, &crevio.CheckoutLinkUpdateParams{
		Name:               crevio.Ptr("Regular price"),
		Discount:           crevio.Null[string](),
		AllowDiscountCodes: crevio.Ptr(true),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(updated.Name, updated.URL == link.URL, updated.Discount.ID == "", updated.AllowDiscountCodes)
	// Output: Regular price true true true
}
