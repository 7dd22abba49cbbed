package crevio_test

import (
	"context"
	"fmt"
	"log"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// A discount code takes a percentage (or, with Currency, an amount) off a
// checkout. Once redeemed MaxRedemptions times it expires, and a redeemed
// discount can no longer be deleted (Destroyable is false).
func ExampleDiscountsService_Create() {
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
		Code:           "LAUNCH25",
		DiscountType:   crevio.DiscountTypePercentOff,
		PercentOff:     crevio.Ptr(25.0),
		MaxRedemptions: crevio.Ptr(1),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Code, d.Status, *d.PercentOff)

	co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{
		LineItems: []crevio.CheckoutLineItem{{PriceVariant: variant, Quantity: 1}},
		Discount:  crevio.Ptr(d.ID),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(*co.AmountSubtotal, *co.AmountDiscount, co.Total)

	if _, err := srv.CompleteCheckout(co.ID); err != nil { // the buyer pays
		log.Fatal(err)
	}
	d, err = c.Discounts.Get(ctx, d.ID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.TimesRedeemed, d.Status, d.Destroyable)
	// Output:
	// LAUNCH25 active 25
	// 4900 1225 3675
	// 1 expired false
}

// Update changes a discount's terms; Null removes a limit.
func ExampleDiscountsService_Update() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c := srv.Client()
	d, err := c.Discounts.Create(ctx, &crevio.DiscountCreateParams{
		Code:           "TENOFF",
		DiscountType:   crevio.DiscountTypeAmountOff,
		AmountOff:      crevio.Ptr[int64](1000),
		Currency:       crevio.Ptr("usd"),
		MaxRedemptions: crevio.Ptr(100),
	})
	if err != nil {
		log.Fatal(err)
	}

	d, err = c.Discounts.Update(ctx, d.ID, &crevio.DiscountUpdateParams{
		AmountOff:      crevio.NullableValue[int64](1500),
		MaxRedemptions: crevio.Null[int](),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Code, *d.AmountOff, *d.Currency, d.MaxRedemptions == nil)
	// Output: TENOFF 1500 usd true
}
