// Command quickstart is a first tour of the crevio-go SDK: it creates a
// product, lists products, fetches one by its slug with its reviews
// expanded, and deletes the product again.
//
//	go run ./examples/quickstart
//
// With CREVIO_API_KEY set it talks to the real Crevio API (or to
// CREVIO_BASE_URL when that is set too, such as a creviomock server).
// Without it, it starts the embedded fake from the creviotest package, seeded
// with two demo products, and says so on its first line.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/creviolabs/crevio-go/examples/internal/exampleenv"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		stop()
		os.Exit(1)
	}
}

// maxListed caps how many products the tour prints from the list.
const maxListed = 10

func run(ctx context.Context, stdout io.Writer) error {
	env, err := exampleenv.New(stdout, func(srv *creviotest.Server) error {
		_, err := srv.Seed("products", demoProducts()...)
		return err
	})
	if err != nil {
		return err
	}
	defer env.Close()
	c := env.Client

	// Create a product. Optional fields are pointers: crevio.Ptr makes one.
	p, err := c.Products.Create(ctx, &crevio.ProductCreateParams{
		Name:        "Quickstart Course",
		Description: crevio.Ptr("A short course created by the crevio-go quickstart."),
		Status:      crevio.Ptr(crevio.ProductStatusActive),
	})
	if err != nil {
		return fmt.Errorf("create product: %w", err)
	}
	fmt.Fprintf(stdout, "Created product %s %q (slug %s, status %s)\n", p.ID, p.Name, p.Slug, p.Status)

	// Give it a price: a price variant. Amounts are integer cents.
	pv, err := c.PriceVariants.Create(ctx, &crevio.PriceVariantCreateParams{
		Product:     p.ID,
		Name:        "Lifetime access",
		Amount:      crevio.Ptr[int64](4900),
		Currency:    crevio.Ptr("usd"),
		AmountType:  crevio.Ptr(crevio.AmountTypeFixed),
		BillingType: crevio.Ptr(crevio.BillingTypeOneTime),
	})
	if err != nil {
		return fmt.Errorf("create price variant: %w", err)
	}
	fmt.Fprintf(stdout, "Added price variant %s %q: %s\n", pv.ID, pv.Name, money(pv))

	// List products, newest first. All follows the pages for you and stops
	// when the loop breaks.
	fmt.Fprintln(stdout, "Products:")
	n := 0
	for prod, err := range c.Products.All(ctx, nil) {
		if err != nil {
			return fmt.Errorf("list products: %w", err)
		}
		if n == maxListed {
			fmt.Fprintln(stdout, "  ...")
			break
		}
		n++
		fmt.Fprintf(stdout, "  - %s [%s]%s\n", prod.Name, prod.Status, rating(prod))
	}

	// Fetch it again by slug (a slug works wherever a product id does), with
	// its reviews embedded.
	got, err := c.Products.Get(ctx, p.Slug, &crevio.ProductGetParams{
		Expand: []crevio.ProductExpand{crevio.ProductExpandReviews},
	})
	if err != nil {
		return fmt.Errorf("get product %q: %w", p.Slug, err)
	}
	fmt.Fprintf(stdout, "Fetched %q by slug: %s\n", p.Slug, got.Name)
	if got.Description != nil {
		fmt.Fprintf(stdout, "  Description: %s\n", *got.Description)
	}
	if got.URL != nil {
		fmt.Fprintf(stdout, "  Store page: %s\n", *got.URL)
	}
	if len(got.Reviews) == 0 {
		fmt.Fprintln(stdout, "  Reviews: none yet")
	}
	for _, r := range got.Reviews {
		fmt.Fprintf(stdout, "  Review: %d/5 by %s: %s\n", r.Rating, r.CustomerName, r.Content)
	}

	fmt.Fprintf(stdout, "  Price variants: %d\n", len(got.PriceVariants))

	// Clean up, so running the tour against a real account leaves nothing
	// behind: price variants are archived, not deleted.
	if _, err := c.PriceVariants.Archive(ctx, pv.ID, nil); err != nil {
		return fmt.Errorf("archive price variant: %w", err)
	}
	fmt.Fprintf(stdout, "Archived price variant %s\n", pv.ID)
	del, err := c.Products.Delete(ctx, p.ID, nil)
	if err != nil {
		return fmt.Errorf("delete product: %w", err)
	}
	fmt.Fprintf(stdout, "Deleted product %s: %t\n", del.ID, del.Deleted)
	return nil
}

// demoProducts is the fake's starting catalogue.
func demoProducts() []map[string]any {
	return []map[string]any{
		{
			"name": "Draft Ebook", "status": "draft",
			"created_at": "2025-01-01T00:00:00Z",
		},
		{
			"name": "Go for Beginners", "status": "active",
			"description": "Learn Go from scratch.",
			"created_at":  "2025-02-01T00:00:00Z",
			"reviews": []any{
				map[string]any{"rating": 5, "customer_name": "Ada", "content": "Clear and practical."},
				map[string]any{"rating": 4, "customer_name": "Linus", "content": "Good pace."},
			},
		},
	}
}

// rating formats a product's average rating, or nothing without reviews.
func rating(p *crevio.Product) string {
	if p.AverageRating == nil || p.ReviewsCount == 0 {
		return ""
	}
	return fmt.Sprintf(" rated %.1f/5 (%d reviews)", *p.AverageRating, p.ReviewsCount)
}

// money formats a price variant's amount, such as "49.00 USD".
func money(pv *crevio.PriceVariant) string {
	if pv.Amount == nil {
		return "free"
	}
	cur := ""
	if pv.Currency != nil {
		cur = " " + strings.ToUpper(*pv.Currency)
	}
	return fmt.Sprintf("%d.%02d%s", *pv.Amount/100, *pv.Amount%100, cur)
}
