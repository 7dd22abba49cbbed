package creviotest_test

import (
	"context"
	"fmt"
	"time"

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

func ExampleFake_RateLimit() {
	srv := creviotest.NewServer()
	defer srv.Close()
	c := srv.Client(crevio.WithRetryBackoff(time.Millisecond, 10*time.Millisecond))

	srv.RateLimit(1, "0") // the next request gets 429 with Retry-After: 0
	_, err := c.Products.List(context.Background(), nil)
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
