package crevio_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// A webhook receiver: register an endpoint, keep its secret, and serve a
// WebhookHandler. Here Crevio is the creviotest fake, which sends signed
// events when its state changes.
func ExampleNewWebhookHandler() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c := srv.Client()

	// Your application, with a route for Crevio's webhooks.
	mux := http.NewServeMux()
	app := httptest.NewServer(mux)
	defer app.Close()

	// Register the endpoint. Its secret is returned by Create only: store it.
	ep, err := c.WebhookEndpoints.Create(ctx, &crevio.WebhookEndpointCreateParams{
		URL:    app.URL + "/webhooks/crevio",
		Events: []crevio.WebhookEventType{crevio.WebhookEventTypeProductCreated, crevio.WebhookEventTypeOrderPaid},
	})
	if err != nil {
		log.Fatal(err)
	}
	verifier, err := crevio.NewWebhookVerifier(string(ep.Secret))
	if err != nil {
		log.Fatal(err)
	}

	// Events can arrive more than once: remember the ids already handled.
	var mu sync.Mutex
	handled := map[string]bool{}
	done := make(chan struct{})
	mux.Handle("/webhooks/crevio", crevio.NewWebhookHandler(verifier, func(ctx context.Context, e *crevio.Event) error {
		mu.Lock()
		defer mu.Unlock()
		if handled[e.ID] {
			return nil // a redelivery: already done
		}
		obj, err := e.DataObject()
		if err != nil {
			return err // answered 500: Crevio tries again later
		}
		switch o := obj.(type) {
		case *crevio.Product:
			fmt.Printf("%s: %s\n", e.Type, o.Name)
		case *crevio.Order:
			fmt.Printf("%s: %s, %d %s\n", e.Type, o.ID, o.Amount, o.Currency)
		}
		handled[e.ID] = true
		close(done)
		return nil
	}))

	if _, err := c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Go in a Weekend"}); err != nil {
		log.Fatal(err)
	}
	<-done
	// Output: product.created: Go in a Weekend
}

// Tests of a webhook handler can sign their own payloads with SignWebhook.
func ExampleSignWebhook() {
	secret := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	payload := []byte(`{"id":"whev_1","object":"event","type":"order.paid","api_version":"v1",` +
		`"data":{"object":{"id":"ord_1","object":"order","status":"paid","amount":4900,"currency":"usd"}}}`)

	header, err := crevio.SignWebhook(secret, "whev_1", time.Now(), payload)
	if err != nil {
		log.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/webhooks/crevio", bytes.NewReader(payload))
	for k, v := range header {
		req.Header[k] = v
	}

	verifier, err := crevio.NewWebhookVerifier(secret)
	if err != nil {
		log.Fatal(err)
	}
	h := crevio.NewWebhookHandler(verifier, func(ctx context.Context, e *crevio.Event) error {
		order, err := crevio.DecodeEventObject[crevio.Order](e)
		if err != nil {
			return err
		}
		fmt.Println(e.Type, order.ID, order.Status)
		return nil
	})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	fmt.Println(w.Code)
	// Output:
	// order.paid ord_1 paid
	// 204
}

// Verify works with any framework: give it the raw body and the headers.
func ExampleWebhookVerifier_Verify() {
	secret := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	payload := []byte(`{"id":"whev_1","type":"invoice.paid","data":{"object":{"id":"inv_1","object":"invoice"}}}`)
	header, _ := crevio.SignWebhook(secret, "whev_1", time.Now(), payload)

	// During a rotation, accept the new secret and the old one.
	verifier, err := crevio.NewWebhookVerifier(secret, crevio.WithWebhookSecrets("whsec_b2xkIHNlY3JldA=="))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(verifier.Verify(payload, header))

	tampered := bytes.Replace(payload, []byte("inv_1"), []byte("inv_2"), 1)
	fmt.Println(verifier.Verify(tampered, header))

	stale, _ := crevio.SignWebhook(secret, "whev_1", time.Now().Add(-time.Hour), payload)
	fmt.Println(verifier.Verify(payload, stale) != nil)
	// Output:
	// <nil>
	// crevio: webhook: no valid signature
	// true
}
