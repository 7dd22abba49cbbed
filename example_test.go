package crevio_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// The examples run against creviotest, the in-memory fake, so their output
// is checked by go test. In your code, use crevio.New(os.Getenv("CREVIO_API_KEY")).

func Example() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()

	c, err := crevio.New(srv.Token(), crevio.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	p, err := c.Products.Create(ctx, &crevio.ProductCreateParams{
		Name:   "Go in a Weekend",
		Status: crevio.Ptr(crevio.ProductStatusActive),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Name, p.Slug, p.Status)
	// Output: Go in a Weekend go-in-a-weekend active
}

func ExampleProductsService_All() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	for _, name := range []string{"First", "Second", "Third"} {
		if _, err := srv.Seed("products", map[string]any{"name": name, "status": "active"}); err != nil {
			log.Fatal(err)
		}
	}
	c := srv.Client()

	// All fetches pages lazily (two products per request here) and follows
	// the cursor until the last page.
	for p, err := range c.Products.All(ctx, &crevio.ProductListParams{Limit: crevio.Ptr(2)}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.Name)
	}
	// Output:
	// Third
	// Second
	// First
}

func ExampleProductsService_Get() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	if _, err := srv.Seed("products", map[string]any{"name": "My Course", "slug": "my-course"}); err != nil {
		log.Fatal(err)
	}
	c := srv.Client()

	// A slug works wherever a product id does.
	p, err := c.Products.Get(ctx, "my-course", &crevio.ProductGetParams{
		Expand: []crevio.ProductExpand{crevio.ProductExpandReviews},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Name, len(p.Reviews))
	// Output: My Course 0
}

func ExampleProductsService_Update() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c := srv.Client()
	p, err := c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Ebook", Description: crevio.Ptr("Old text")})
	if err != nil {
		log.Fatal(err)
	}

	// Unset fields stay as they are; Null clears a field.
	p, err = c.Products.Update(ctx, p.ID, &crevio.ProductUpdateParams{
		Name:        crevio.Ptr("Ebook, 2nd edition"),
		Description: crevio.Null[string](),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Name, p.Description == nil)
	// Output: Ebook, 2nd edition true
}

func ExampleError() {
	srv := creviotest.NewServer()
	defer srv.Close()
	c := srv.Client()

	_, err := c.Products.Get(context.Background(), "no-such-product", nil)
	var apiErr *crevio.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code)
	}
	fmt.Println(errors.Is(err, crevio.ErrNotFound))
	// Output:
	// 404 resource_missing
	// true
}

func ExampleRateLimitError() {
	srv := creviotest.NewServer()
	defer srv.Close()
	srv.RateLimit(1, "3600") // the next request gets 429 with Retry-After: 3600
	c := srv.Client(crevio.WithMaxRetryAfter(time.Minute))

	_, err := c.Products.List(context.Background(), nil)
	var rl *crevio.RateLimitError
	if errors.As(err, &rl) {
		fmt.Println("retry after", rl.RetryAfter)
	}
	// Output: retry after 1h0m0s
}

func ExampleWithIdempotencyKey() {
	srv := creviotest.NewServer()
	defer srv.Close()
	srv.Fail(1, 503) // the first attempt fails; the retry succeeds
	c := srv.Client(crevio.WithRetryBackoff(time.Millisecond, 10*time.Millisecond))

	// With an idempotency key a POST is retried after a 5xx; without one it
	// is not, because a blind retry could create a second product.
	p, err := c.Products.Create(context.Background(), &crevio.ProductCreateParams{Name: "Course"},
		crevio.WithIdempotencyKey("create-course-1"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Name, srv.Count("products"))
	// Output: Course 1
}

func ExampleNew() {
	c, err := crevio.New("sk_live_example",
		crevio.WithMaxRetries(3),
		crevio.WithTimeout(30*time.Second),
		crevio.WithUserAgentSuffix("my-shop/1.0"),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c) // the API key is never printed
	// Output: crevio.Client{BaseURL: "https://api.crevio.co/v1", MaxRetries: 3}
}

func ExampleProductsService_List() {
	srv := creviotest.NewServer()
	defer srv.Close()
	for _, name := range []string{"A", "B", "C"} {
		if _, err := srv.Seed("products", map[string]any{"name": name}); err != nil {
			log.Fatal(err)
		}
	}
	c := srv.Client()

	page, err := c.Products.List(context.Background(), &crevio.ProductListParams{Limit: crevio.Ptr(2)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(page.Data), page.HasMore, page.URL)
	// Output: 2 true /v1/products
}

func ExampleProductsService_Delete() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c := srv.Client()
	p, err := c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Old course"})
	if err != nil {
		log.Fatal(err)
	}
	d, err := c.Products.Delete(ctx, p.Slug, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Object, d.Deleted, d.ID == p.ID)
	// Output: product true true
}

func ExampleWithResponse() {
	srv := creviotest.NewServer()
	defer srv.Close()
	c := srv.Client()

	var resp *http.Response
	_, err := c.Products.Create(context.Background(), &crevio.ProductCreateParams{Name: "Course"},
		crevio.WithHeader("X-Trace", "trace-1"),
		crevio.WithResponse(&resp))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, crevio.RequestID(resp) != "")
	fmt.Println(srv.Requests()[0].Header.Get("X-Trace"))
	// Output:
	// 200 true
	// trace-1
}

func ExampleExpandable() {
	var p crevio.Product
	raw := `{"id":"prod_1","price_variants":["price_a",{"id":"price_b","amount":4900}]}`
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		log.Fatal(err)
	}
	for _, v := range p.PriceVariants {
		if pv, ok := v.Expanded(); ok {
			fmt.Println(v.ID, "expanded:", *pv.Amount)
		} else {
			fmt.Println(v.ID, "id only")
		}
	}
	// Output:
	// price_a id only
	// price_b expanded: 4900
}
