package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// startMock starts the embedded fake (in process: no port is opened) and
// returns a client for it. Its state is loaded from --mock-state when that
// file exists; otherwise it starts with the demo data of seedDemo.
func (a *app) startMock(opts []crevio.Option) (*target, error) {
	srv := creviotest.NewServer(creviotest.WithInProcess())
	t := &target{mock: srv, client: srv.Client(opts...)}
	if t.client == nil {
		srv.Close()
		return nil, fmt.Errorf("cannot create a client for the mock")
	}
	loaded := false
	if path := a.g.mockState; path != "" {
		err := srv.LoadStateFile(path)
		switch {
		case err == nil:
			loaded = true
		case errors.Is(err, fs.ErrNotExist):
		default:
			srv.Close()
			return nil, fmt.Errorf("--mock-state: %w", err)
		}
		t.save = func() error {
			if err := srv.SaveStateFile(path); err != nil {
				return fmt.Errorf("--mock-state: %w", err)
			}
			return nil
		}
	}
	if !loaded {
		if err := seedDemo(srv, t.client); err != nil {
			srv.Close()
			return nil, fmt.Errorf("seeding the mock: %w", err)
		}
	}
	return t, nil
}

// Demo data of the mock, so that the usual commands have something to
// show: crevio --mock products get my-course.
const (
	demoProductSlug    = "my-course"
	demoMembershipSlug = "membership"
	demoCustomerEmail  = "ada@example.com"
)

// seedDemo fills a new mock with a small shop: a course sold once and a
// monthly membership, a customer, and one paid checkout of each (so there
// are orders, invoices and a subscription).
func seedDemo(srv *creviotest.Server, c *crevio.Client) error {
	course, err := creviotest.SeedAs[crevio.Product](srv,
		&crevio.ProductCreateParams{Name: "My Course", Slug: crevio.Ptr(demoProductSlug),
			Status: crevio.Ptr(crevio.ProductStatusActive), Description: crevio.Ptr("A course to try the CLI with.")},
		creviotest.Nest[crevio.PriceVariant](&crevio.PriceVariantCreateParams{Name: "Full access",
			Amount: crevio.Ptr[int64](4900), Currency: crevio.Ptr("usd")}))
	if err != nil {
		return err
	}
	membership, err := creviotest.SeedAs[crevio.Product](srv,
		&crevio.ProductCreateParams{Name: "Membership", Slug: crevio.Ptr(demoMembershipSlug),
			Status: crevio.Ptr(crevio.ProductStatusActive)},
		creviotest.Nest[crevio.PriceVariant](&crevio.PriceVariantCreateParams{Name: "Monthly",
			Amount: crevio.Ptr[int64](1500), Currency: crevio.Ptr("usd"),
			BillingType:       crevio.Ptr(crevio.BillingTypeSubscription),
			RecurringInterval: crevio.Ptr(crevio.RecurringIntervalMonth)}))
	if err != nil {
		return err
	}
	if _, err := creviotest.SeedAs[crevio.Customer](srv, &crevio.CustomerCreateParams{
		Email: demoCustomerEmail, Name: crevio.Ptr("Ada Lovelace")}); err != nil {
		return err
	}
	ctx := context.Background()
	for _, p := range []*crevio.Product{course, membership} {
		if len(p.PriceVariants) == 0 {
			continue
		}
		co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{
			LineItems: []crevio.CheckoutLineItem{{PriceVariant: p.PriceVariants[0].ID, Quantity: 1}},
			Email:     crevio.Ptr(demoCustomerEmail),
		})
		if err != nil {
			return err
		}
		if _, err := srv.CompleteCheckout(co.ID); err != nil {
			return err
		}
	}
	return nil
}
