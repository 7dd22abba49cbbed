package crevio_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/url"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// Do reaches an operation this version of the SDK does not model, with the
// same auth, retries and typed errors as the typed methods. Here a product
// is created from a map and read back as raw JSON; an unknown route answers
// the API's 404 envelope.
func ExampleClient_Do() {
	srv := creviotest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	var p crevio.Product
	err := c.Do(ctx, http.MethodPost, "/products", map[string]any{"name": "Raw course"}, &p,
		crevio.WithIdempotencyKey("create-raw-course"))
	if err != nil {
		log.Fatal(err)
	}
	var raw json.RawMessage
	if err := c.Do(ctx, http.MethodGet, "/products/"+p.ID, url.Values{"expand": {"price_variants"}}, &raw); err != nil {
		log.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(raw, &fields); err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Name, fields["slug"])

	err = c.Do(ctx, http.MethodGet, "/tasks_v9/t_1", nil, &raw)
	fmt.Println(errors.Is(err, crevio.ErrNotFound))
	// Output:
	// Raw course raw-course
	// true
}

// All walks any list endpoint into your own type, with the cursor, laziness
// and loop protection of the services' All methods.
func ExampleAll() {
	srv := creviotest.NewServer()
	defer srv.Close()
	for _, name := range []string{"One", "Two", "Three"} {
		if _, err := srv.Seed("products", map[string]any{"name": name}); err != nil {
			log.Fatal(err)
		}
	}
	c := srv.Client()

	type item struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	for it, err := range crevio.All[item](context.Background(), c, "/products", url.Values{"limit": {"2"}}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(it.Name)
	}
	// Output:
	// Three
	// Two
	// One
}
