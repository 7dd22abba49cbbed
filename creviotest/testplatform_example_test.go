package creviotest_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// srv.Client is fast by default: two 503s and the retry that succeeds
// take milliseconds, not the SDK's production backoff.
func ExampleServer_Client() {
	srv := creviotest.NewServer()
	defer srv.Close()
	srv.Fail(2, http.StatusServiceUnavailable)

	if _, err := srv.Client().Products.List(context.Background(), nil); err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Status)
	}
	// Output:
	// GET /v1/products 503
	// GET /v1/products 503
	// GET /v1/products 200
}

// TriggerEvent fires any event the fake sends at the endpoints subscribed
// to it, here a receiver served in process by WebhookURL.
func ExampleFake_TriggerEvent() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c := srv.Client()

	var secret crevio.WebhookSecret
	received := make(chan string, 1)
	receiver := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		v, err := crevio.NewWebhookVerifier(string(secret))
		if err != nil {
			received <- err.Error()
			return
		}
		e, err := v.VerifyEvent(body, r.Header)
		if err != nil {
			received <- err.Error()
			return
		}
		received <- string(e.Type)
	})
	ep, err := c.WebhookEndpoints.Create(ctx, &crevio.WebhookEndpointCreateParams{
		URL: srv.WebhookURL(receiver), Events: []crevio.WebhookEventType{crevio.WebhookEventTypeOrderPaid},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	secret = ep.Secret

	order, err := creviotest.SeedAs[crevio.Order](srv, map[string]any{"status": "pending", "amount": 4900})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := srv.TriggerEvent("order.paid", order.ID); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("received", <-received)
	// Output: received order.paid
}

// The control plane drives the fake over HTTP, from any language: here
// completing a checkout answers the order it creates.
func Example_controlPlane() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c := srv.Client()

	p, err := creviotest.SeedAs[crevio.Product](srv, &crevio.ProductCreateParams{Name: "Course"},
		creviotest.Nest[crevio.PriceVariant](&crevio.PriceVariantCreateParams{Name: "Full", Amount: crevio.Ptr[int64](4900)}))
	if err != nil {
		fmt.Println(err)
		return
	}
	co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{
		LineItems: []crevio.CheckoutLineItem{{PriceVariant: p.PriceVariants[0].ID, Quantity: 1}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/test_helpers/checkouts/"+co.ID+"/complete", nil)
	req.Header.Set("Authorization", "Bearer "+srv.Token())
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, strings.Contains(string(body), `"status":"paid"`))
	// Output: 200 true
}
