package crevio_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// Subscriptions start when a buyer pays for a subscription price variant;
// the fake's CompleteCheckout stands in for the buyer here. A variant with
// a free trial starts trialing.
func ExampleSubscriptionsService_List() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	// Typed seeding: the product comes back with its price variant expanded.
	product, err := creviotest.SeedAs[crevio.Product](srv, &crevio.ProductCreateParams{Name: "Go Club"},
		creviotest.Nest[crevio.PriceVariant](map[string]any{
			"name": "Monthly", "amount": 1500, "billing_type": "subscription",
			"recurring_interval": "month", "trial_period_days": 14,
		}))
	if err != nil {
		log.Fatal(err)
	}
	variant := product.PriceVariants[0].ID
	c := srv.Client()
	co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{
		LineItems: []crevio.CheckoutLineItem{{PriceVariant: variant, Quantity: 1}},
		Email:     crevio.Ptr("jane@example.com"),
	})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := srv.CompleteCheckout(co.ID); err != nil {
		log.Fatal(err)
	}

	page, err := c.Subscriptions.List(ctx, &crevio.SubscriptionListParams{
		Status: crevio.Ptr(crevio.SubscriptionStatusTrialing),
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range page.Data {
		fmt.Println(s.Status, *s.Quantity, s.PriceVariant.ID == variant, s.TrialEndsAt.Sub(s.CurrentPeriodStart.Time))
	}
	// Output: trialing 1 true 336h0m0s
}

// Pause and Resume move a subscription between active and paused; an
// action its status forbids is a conflict (ErrConflict), not a validation
// error.
func ExampleSubscriptionsService_Pause() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	if _, err := srv.Seed("subscriptions", map[string]any{"id": "sub_monthly", "status": "active"}); err != nil {
		log.Fatal(err)
	}
	c := srv.Client()

	s, err := c.Subscriptions.Pause(ctx, "sub_monthly", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Status, s.Paused)

	_, err = c.Subscriptions.Pause(ctx, "sub_monthly", nil)
	fmt.Println(errors.Is(err, crevio.ErrConflict))

	s, err = c.Subscriptions.Resume(ctx, "sub_monthly", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Status, s.Paused)
	// Output:
	// paused true
	// true
	// active false
}

// Cancel is final: access ends, and a canceled subscription can no longer
// be paused or resumed.
func ExampleSubscriptionsService_Cancel() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	if _, err := srv.Seed("subscriptions", map[string]any{"id": "sub_monthly", "status": "active"}); err != nil {
		log.Fatal(err)
	}
	c := srv.Client()

	s, err := c.Subscriptions.Cancel(ctx, "sub_monthly", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Status, s.Canceled, !s.CanceledAt.IsZero(), !s.EndsAt.IsZero())

	_, err = c.Subscriptions.Resume(ctx, "sub_monthly", nil)
	var apiErr *crevio.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code)
	}
	// Output:
	// canceled true true true
	// 409 invalid_state
}
