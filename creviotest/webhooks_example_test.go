package creviotest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// The fake sends signed webhook events when its state changes. Retries are
// immediate here; WaitDeliveries waits for them without sleeping.
func ExampleFake_WaitDeliveries() {
	srv := creviotest.NewServer(creviotest.WithWebhookRetry(3, func(int) time.Duration { return 0 }))
	defer srv.Close()
	ctx := context.Background()
	c := srv.Client()

	// A receiver that fails once, then accepts.
	var mu sync.Mutex
	answers := []int{http.StatusServiceUnavailable, http.StatusOK}
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.WriteHeader(answers[0])
		answers = answers[1:]
	}))
	defer receiver.Close()

	if _, err := c.WebhookEndpoints.Create(ctx, &crevio.WebhookEndpointCreateParams{
		URL: receiver.URL, Events: []crevio.WebhookEventType{crevio.WebhookEventTypeProductCreated},
	}); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Intro to Go"}); err != nil {
		fmt.Println(err)
		return
	}
	if err := srv.WaitDeliveries(ctx); err != nil {
		fmt.Println(err)
		return
	}

	page, err := c.WebhookEvents.List(ctx, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range page.Data {
		fmt.Println(e.Type, e.Status, e.Attempts)
		for _, d := range e.Deliveries {
			fmt.Println(" attempt", d.Attempt, *d.ResponseStatus)
		}
	}
	// Output:
	// product.created delivered 2
	//  attempt 1 503
	//  attempt 2 200
}
