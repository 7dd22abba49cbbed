package crevio_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// Webhooks end to end: an application registers an endpoint for invoice
// events, an invoice is created and then paid, and each change reaches the
// application as a signed event, verified by the WebhookHandler before the
// application's function sees it. The events of one object arrive in the
// order they happened.
func Example_webhooksEndToEnd() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c := srv.Client()
	// Typed seeding: the product comes back with its price variant expanded.
	product, err := creviotest.SeedAs[crevio.Product](srv, &crevio.ProductCreateParams{Name: "Consulting"},
		creviotest.Nest[crevio.PriceVariant](map[string]any{"name": "One hour", "amount": 15000}))
	if err != nil {
		log.Fatal(err)
	}
	variant := product.PriceVariants[0].ID

	// The application: one route for Crevio's webhooks.
	mux := http.NewServeMux()
	app := httptest.NewServer(mux)
	defer app.Close()
	ep, err := c.WebhookEndpoints.Create(ctx, &crevio.WebhookEndpointCreateParams{
		URL:    app.URL + "/webhooks/crevio",
		Events: []crevio.WebhookEventType{crevio.WebhookEventTypeInvoiceCreated, crevio.WebhookEventTypeInvoicePaid},
	})
	if err != nil {
		log.Fatal(err)
	}
	verifier, err := crevio.NewWebhookVerifier(string(ep.Secret)) // the secret comes with Create only
	if err != nil {
		log.Fatal(err)
	}
	received := make(chan string, 2)
	mux.Handle("POST /webhooks/crevio", crevio.NewWebhookHandler(verifier, func(ctx context.Context, e *crevio.Event) error {
		inv, err := crevio.DecodeEventObject[crevio.Invoice](e)
		if err != nil {
			return err // answered 500: Crevio delivers the event again later
		}
		received <- fmt.Sprintf("%s: %s %s %d", e.Type, inv.Number, inv.Status, inv.Amount)
		return nil
	}))

	// The state changes: an invoice is created, and the buyer pays it.
	inv, err := c.Invoices.Create(ctx, &crevio.InvoiceCreateParams{
		PriceVariant: variant, CustomerName: crevio.Ptr("Jane Doe"), EmailAddress: crevio.Ptr("jane@example.com"),
	})
	if err != nil {
		log.Fatal(err)
	}
	co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{Invoice: crevio.Ptr(inv.ID)})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := srv.CompleteCheckout(co.ID); err != nil {
		log.Fatal(err)
	}

	fmt.Println(<-received)
	fmt.Println(<-received)
	// Output:
	// invoice.created: INV-0001 open 15000
	// invoice.paid: INV-0001 paid 15000
}
