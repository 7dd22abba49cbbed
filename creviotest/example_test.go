package creviotest_test

import (
	"context"
	"fmt"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

func Example() {
	srv := creviotest.NewServer() // in a test: creviotest.NewTestServer(t)
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	p, err := c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Intro to Go"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Slug, p.Status)

	got, err := c.Products.Get(ctx, "intro-to-go", nil) // by slug
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.ID == p.ID, srv.Count("products"))
	// Output:
	// intro-to-go draft
	// true 1
}

// A 429 asking for a 30 s wait costs no real wait in a test: the server's
// client sleeps a share of each Retry-After (here none at all, with
// WithRetryAfterScale(0); by default a thousandth), while which answers are
// retried is decided on the real value, as in production. Inside a
// testing/synctest bubble the same wait is exactly 30 s of fake time.
func ExampleFake_RateLimit() {
	srv := creviotest.NewServer()
	defer srv.Close()
	c := srv.Client(crevio.WithRetryAfterScale(0))

	srv.RateLimit(1, "30")                               // the next request gets 429 with Retry-After: 30
	_, err := c.Products.List(context.Background(), nil) // returns at once
	fmt.Println(err)
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Status, r.Fault)
	}
	// Output:
	// <nil>
	// GET /v1/products 429 rate_limit
	// GET /v1/products 200
}

func ExampleFake_Seed() {
	srv := creviotest.NewServer()
	defer srv.Close()

	products, err := srv.Seed("products", map[string]any{
		"id":     "prod_course",
		"name":   "Course",
		"status": "active",
		"price_variants": []any{
			map[string]any{"name": "One-time", "amount": 4900, "currency": "usd"},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(products[0]["slug"], products[0]["url"], srv.Count("price_variants"))
	// Output:
	// course https://store.crevio.co/course 1
}
