package crevio_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// webhookNoBackoff retries deliveries at once.
func webhookNoBackoff(int) time.Duration { return 0 }

// webhookApp is a user's application: an HTTP server whose /webhooks/crevio
// route is a crevio.WebhookHandler, mounted once the endpoint exists (its
// secret is known only then).
type webhookApp struct {
	mux *http.ServeMux
	srv *httptest.Server
}

func newWebhookApp(t *testing.T) *webhookApp {
	app := &webhookApp{mux: http.NewServeMux()}
	app.srv = httptest.NewServer(app.mux)
	t.Cleanup(app.srv.Close)
	return app
}

func (app *webhookApp) url() string { return app.srv.URL + "/webhooks/crevio" }

func (app *webhookApp) mount(h http.Handler) { app.mux.Handle("/webhooks/crevio", h) }

// subscribeAll creates an endpoint for every event at the app's URL and
// returns a verifier for its signing secret.
func (app *webhookApp) subscribeAll(t *testing.T, c *crevio.Client) *crevio.WebhookVerifier {
	t.Helper()
	ep, err := c.WebhookEndpoints.Create(context.Background(), &crevio.WebhookEndpointCreateParams{URL: app.url(), Events: []crevio.WebhookEventType{crevio.WebhookEventTypeAll}})
	require.NoError(t, err)
	v, err := crevio.NewWebhookVerifier(string(ep.Secret))
	require.NoError(t, err)
	return v
}

// webhookWait waits for deliveries without sleeping.
func webhookWait(t *testing.T, srv *creviotest.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, srv.WaitDeliveries(ctx))
}

func TestIntegrationWebhookHandlerReceivesEvents(t *testing.T) {
	srv := creviotest.NewTestServer(t, creviotest.WithWebhookRetry(3, webhookNoBackoff))
	c := fastClient(srv)
	ctx := context.Background()
	app := newWebhookApp(t)

	ep, err := c.WebhookEndpoints.Create(ctx, &crevio.WebhookEndpointCreateParams{
		URL: app.url(), Events: []crevio.WebhookEventType{crevio.WebhookEventTypeProductCreated}, Description: crevio.Ptr("shop"),
	})
	require.NoError(t, err)
	require.NotEmpty(t, ep.Secret, "Create returns the signing secret")
	v, err := crevio.NewWebhookVerifier(string(ep.Secret))
	require.NoError(t, err)
	received := make(chan *crevio.Event, 10)
	app.mount(crevio.NewWebhookHandler(v, func(_ context.Context, e *crevio.Event) error {
		received <- e
		return nil
	}))

	p, err := c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Go in a Weekend", Status: crevio.Ptr(crevio.ProductStatusActive)})
	require.NoError(t, err)
	_, err = c.Products.Update(ctx, p.ID, &crevio.ProductUpdateParams{Name: crevio.Ptr("Renamed")}) // product.updated: not subscribed
	require.NoError(t, err)
	webhookWait(t, srv)

	require.Len(t, received, 1, "one event: the endpoint is subscribed to product.created only")
	e := <-received
	assert.Equal(t, crevio.WebhookEventTypeProductCreated, e.Type)
	assert.Equal(t, "event", e.Object)
	assert.Equal(t, "v1", e.APIVersion)
	assert.False(t, e.CreatedAt.IsZero())
	obj, err := e.DataObject()
	require.NoError(t, err)
	got, ok := obj.(*crevio.Product)
	require.True(t, ok, "data.object decodes as a *crevio.Product, got %T", obj)
	assert.Equal(t, p.ID, got.ID)
	assert.Equal(t, "Go in a Weekend", got.Name, "the product as it was when the event happened")
	assert.Equal(t, crevio.ProductStatusActive, got.Status)
	assert.JSONEq(t, string(p.RawJSON()), string(got.RawJSON()), "data.object is the product as the API returns it")

	// The delivery history.
	page, err := c.WebhookEvents.List(ctx, &crevio.WebhookEventListParams{WebhookEndpoint: &ep.ID})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	rec := page.Data[0]
	assert.Equal(t, e.ID, rec.ID)
	assert.Equal(t, crevio.WebhookEventTypeProductCreated, rec.Type)
	assert.Equal(t, ep.ID, rec.WebhookEndpoint.ID)
	assert.Equal(t, crevio.WebhookEventStatusDelivered, rec.Status)
	assert.Equal(t, 1, rec.Attempts)
	require.NotNil(t, rec.ResponseStatus)
	assert.Equal(t, http.StatusNoContent, *rec.ResponseStatus)
	require.Len(t, rec.Deliveries, 1)
	assert.True(t, rec.Deliveries[0].Succeeded)
	fromHistory, err := crevio.DecodeEventObject[crevio.Product](&rec.Event)
	require.NoError(t, err)
	assert.Equal(t, p.ID, fromHistory.ID)

	one, err := c.WebhookEvents.Get(ctx, e.ID, &crevio.WebhookEventGetParams{Expand: []crevio.WebhookEventExpand{crevio.WebhookEventExpandWebhookEndpoint}})
	require.NoError(t, err)
	expanded, ok := one.WebhookEndpoint.Expanded()
	require.True(t, ok)
	assert.Equal(t, app.url(), expanded.URL)
	assert.Empty(t, expanded.Secret)
}

func TestIntegrationWebhookRetriesUntilHandled(t *testing.T) {
	srv := creviotest.NewTestServer(t, creviotest.WithWebhookRetry(5, webhookNoBackoff))
	c := fastClient(srv)
	ctx := context.Background()
	app := newWebhookApp(t)
	v := app.subscribeAll(t, c)

	var mu sync.Mutex
	var ids []string
	var refused []error
	h := crevio.NewWebhookHandler(v, func(_ context.Context, e *crevio.Event) error {
		mu.Lock()
		defer mu.Unlock()
		ids = append(ids, e.ID)
		if len(ids) < 3 {
			return errors.New("database unavailable") // the handler answers 500: Crevio retries
		}
		return nil
	})
	h.OnError = func(_ *http.Request, err error) {
		mu.Lock()
		defer mu.Unlock()
		refused = append(refused, err)
	}
	app.mount(h)

	_, err := c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Course"})
	require.NoError(t, err)
	webhookWait(t, srv)

	mu.Lock()
	require.Len(t, ids, 3)
	assert.Equal(t, ids[0], ids[1], "a retry carries the same event id")
	assert.Equal(t, ids[0], ids[2])
	require.Len(t, refused, 2)
	assert.ErrorContains(t, refused[0], "database unavailable")
	mu.Unlock()

	rec, err := c.WebhookEvents.Get(ctx, ids[0], nil)
	require.NoError(t, err)
	assert.Equal(t, crevio.WebhookEventStatusDelivered, rec.Status)
	assert.Equal(t, 3, rec.Attempts)
	var statuses []int
	for _, d := range rec.Deliveries {
		statuses = append(statuses, *d.ResponseStatus)
	}
	assert.Equal(t, []int{500, 500, 204}, statuses)
}

func TestIntegrationWebhookHandlerRefusesForgeries(t *testing.T) {
	srv := creviotest.NewTestServer(t, creviotest.WithWebhookRetry(2, webhookNoBackoff))
	c := fastClient(srv)
	ctx := context.Background()
	app := newWebhookApp(t)
	_, err := c.WebhookEndpoints.Create(ctx, &crevio.WebhookEndpointCreateParams{URL: app.url(), Events: []crevio.WebhookEventType{crevio.WebhookEventTypeAll}})
	require.NoError(t, err)
	// The application was configured with another endpoint's secret.
	wrong, err := c.WebhookEndpoints.Create(ctx, &crevio.WebhookEndpointCreateParams{URL: "https://example.invalid/", Events: []crevio.WebhookEventType{crevio.WebhookEventTypeOrderPaid}})
	require.NoError(t, err)
	v, err := crevio.NewWebhookVerifier(string(wrong.Secret))
	require.NoError(t, err)
	var handled atomic.Int32
	app.mount(crevio.NewWebhookHandler(v, func(context.Context, *crevio.Event) error { handled.Add(1); return nil }))

	_, err = c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Course"})
	require.NoError(t, err)
	webhookWait(t, srv)
	assert.Zero(t, handled.Load())
	page, err := c.WebhookEvents.List(ctx, &crevio.WebhookEventListParams{Status: crevio.Ptr(crevio.WebhookEventStatusFailed)})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	assert.Equal(t, 2, page.Data[0].Attempts)
	assert.Equal(t, http.StatusUnauthorized, *page.Data[0].ResponseStatus)
}

func TestIntegrationWebhookEndpointsLifecycle(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()

	created, err := c.WebhookEndpoints.Create(ctx, &crevio.WebhookEndpointCreateParams{
		URL: "https://example.com/hooks", Events: []crevio.WebhookEventType{crevio.WebhookEventTypeOrderPaid, crevio.WebhookEventTypeInvoicePaid},
		Description: crevio.Ptr("Fulfilment"),
	})
	require.NoError(t, err)
	assert.Regexp(t, `^wh_`, created.ID)
	assert.Equal(t, "webhook_endpoint", created.Object)
	assert.Equal(t, []crevio.WebhookEventType{crevio.WebhookEventTypeOrderPaid, crevio.WebhookEventTypeInvoicePaid}, created.Events)
	assert.Equal(t, "Fulfilment", *created.Description)
	assert.True(t, *created.Active)
	assert.Regexp(t, `^whsec_[A-Za-z0-9+/]{32}$`, string(created.Secret))
	assert.False(t, created.CreatedAt.IsZero())

	got, err := c.WebhookEndpoints.Get(ctx, created.ID, nil)
	require.NoError(t, err)
	assert.Empty(t, got.Secret, "the secret is shown once")
	assert.Equal(t, created.URL, got.URL)

	updated, err := c.WebhookEndpoints.Update(ctx, created.ID, &crevio.WebhookEndpointUpdateParams{
		URL: crevio.Ptr("https://example.com/v2"), Events: []crevio.WebhookEventType{crevio.WebhookEventTypeAll},
		Description: crevio.Null[string](), Active: crevio.Ptr(false),
	})
	require.NoError(t, err)
	assert.Equal(t, "https://example.com/v2", updated.URL)
	assert.Equal(t, []crevio.WebhookEventType{crevio.WebhookEventTypeAll}, updated.Events)
	assert.Nil(t, updated.Description)
	assert.False(t, *updated.Active)
	assert.Empty(t, updated.Secret)

	_, err = c.WebhookEndpoints.Create(ctx, &crevio.WebhookEndpointCreateParams{URL: "https://example.com", Events: []crevio.WebhookEventType{"order.payed"}})
	var apiErr *crevio.Error
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, crevio.ErrValidation)
	assert.Contains(t, apiErr.Errors, "events")
	_, err = c.WebhookEndpoints.Create(ctx, &crevio.WebhookEndpointCreateParams{URL: "https://example.com"})
	assert.ErrorIs(t, err, crevio.ErrValidation, "events are required")

	d, err := c.WebhookEndpoints.Delete(ctx, created.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, &crevio.Deleted{ID: created.ID, Object: "webhook_endpoint", Deleted: true}, d)
	_, err = c.WebhookEndpoints.Get(ctx, created.ID, nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	_, err = c.WebhookEvents.Get(ctx, "whev_nope", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
}

func TestIntegrationWebhookListsWalk(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()
	for i := range 25 {
		_, err := srv.Seed("webhook_endpoints", map[string]any{"url": fmt.Sprintf("https://example.com/%d", i), "events": []any{"*"}})
		require.NoError(t, err)
		typ := "order.paid"
		if i%5 == 0 {
			typ = "invoice.paid"
		}
		_, err = srv.Seed("webhook_events", map[string]any{"type": typ, "api_version": "v1", "status": "delivered",
			"webhook_endpoint": "wh_x", "data": map[string]any{"object": map[string]any{"id": fmt.Sprintf("ord_%d", i), "object": "order"}}})
		require.NoError(t, err)
	}

	srv.ResetRequests()
	seen := map[string]bool{}
	for ep, err := range c.WebhookEndpoints.All(ctx, &crevio.WebhookEndpointListParams{Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		assert.False(t, seen[ep.ID], "duplicate %s", ep.ID)
		seen[ep.ID] = true
	}
	assert.Len(t, seen, 25)
	assert.Len(t, srv.Requests(), 3, "three pages of at most 10")

	seen = map[string]bool{}
	for e, err := range c.WebhookEvents.All(ctx, &crevio.WebhookEventListParams{Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		assert.False(t, seen[e.ID], "duplicate %s", e.ID)
		seen[e.ID] = true
		o, err := crevio.DecodeEventObject[crevio.Order](&e.Event)
		require.NoError(t, err)
		assert.Regexp(t, `^ord_\d+$`, o.ID)
	}
	assert.Len(t, seen, 25)

	n := 0
	for e, err := range c.WebhookEvents.All(ctx, &crevio.WebhookEventListParams{Type: crevio.Ptr(crevio.WebhookEventTypeInvoicePaid), Limit: crevio.Ptr(2)}) {
		require.NoError(t, err)
		assert.Equal(t, crevio.WebhookEventTypeInvoicePaid, e.Type)
		n++
	}
	assert.Equal(t, 5, n)
}

// Every event type the fake sends, caused through the SDK and the fake's
// helpers the way an application's flow would cause them.
func TestIntegrationWebhookEventsAcrossResources(t *testing.T) {
	srv := creviotest.NewTestServer(t, creviotest.WithWebhookRetry(3, webhookNoBackoff))
	c := fastClient(srv)
	ctx := context.Background()
	app := newWebhookApp(t)
	v := app.subscribeAll(t, c)
	var mu sync.Mutex
	byType := map[crevio.WebhookEventType][]any{}
	app.mount(crevio.NewWebhookHandler(v, func(_ context.Context, e *crevio.Event) error {
		obj, err := e.DataObject()
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		byType[e.Type] = append(byType[e.Type], obj)
		return nil
	}))

	product, err := c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Course", Status: crevio.Ptr(crevio.ProductStatusActive)})
	require.NoError(t, err)
	pv, err := c.PriceVariants.Create(ctx, &crevio.PriceVariantCreateParams{Product: product.ID, Name: "Standard", Amount: crevio.Ptr[int64](4900)})
	require.NoError(t, err)
	_, err = c.Products.Update(ctx, product.ID, &crevio.ProductUpdateParams{ButtonCTA: crevio.NullableValue("Buy")})
	require.NoError(t, err)
	lead, err := c.Customers.Create(ctx, &crevio.CustomerCreateParams{Email: "ada@example.com", CustomerType: crevio.Ptr(crevio.CustomerTypeLead)})
	require.NoError(t, err)
	require.NoError(t, srv.ConfirmCustomer(lead.ID))
	due := time.Now().Add(30 * 24 * time.Hour)
	inv, err := c.Invoices.Create(ctx, &crevio.InvoiceCreateParams{PriceVariant: pv.ID, Customer: &lead.ID, DueAt: &due})
	require.NoError(t, err)
	co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{Invoice: &inv.ID})
	require.NoError(t, err)
	orderID, err := srv.CompleteCheckout(co.ID)
	require.NoError(t, err)
	other, err := c.Invoices.Create(ctx, &crevio.InvoiceCreateParams{PriceVariant: pv.ID, Customer: &lead.ID, DueAt: &due})
	require.NoError(t, err)
	_, err = c.Invoices.Void(ctx, other.ID, nil)
	require.NoError(t, err)
	late, err := c.Invoices.Create(ctx, &crevio.InvoiceCreateParams{PriceVariant: pv.ID, Customer: &lead.ID, DueAt: &due})
	require.NoError(t, err)
	require.NoError(t, srv.MarkInvoicePastDue(late.ID))
	contact, err := c.Forms.List(ctx, &crevio.FormListParams{Purpose: crevio.Ptr(crevio.FormPurposeContact)})
	require.NoError(t, err)
	require.NotEmpty(t, contact.Data)
	var message string
	for _, f := range contact.Data[0].FormFields {
		if f.Name == "Message" {
			message = f.ID
		}
	}
	submission, err := c.FormSubmissions.Create(ctx, &crevio.FormSubmissionCreateParams{FormID: contact.Data[0].ID,
		Email: "bo@example.com", Answers: map[string]crevio.FormAnswer{message: {"Hello"}}})
	require.NoError(t, err)
	webhookWait(t, srv)

	mu.Lock()
	defer mu.Unlock()
	counts := map[crevio.WebhookEventType]int{}
	for typ, objs := range byType {
		counts[typ] = len(objs)
	}
	assert.Equal(t, map[crevio.WebhookEventType]int{
		crevio.WebhookEventTypeProductCreated: 1, crevio.WebhookEventTypeProductUpdated: 1, crevio.WebhookEventTypeLeadCreated: 2,
		crevio.WebhookEventTypeCustomerConfirmed: 1, crevio.WebhookEventTypeInvoiceCreated: 3, crevio.WebhookEventTypeCheckoutCreated: 1,
		crevio.WebhookEventTypeOrderCreated: 1, crevio.WebhookEventTypeOrderPaid: 1, crevio.WebhookEventTypeInvoicePaid: 1, crevio.WebhookEventTypeInvoiceVoided: 1,
		crevio.WebhookEventTypeInvoicePastDue: 1, crevio.WebhookEventTypeFormSubmissionCreated: 1,
	}, counts)

	if objs := byType[crevio.WebhookEventTypeOrderPaid]; assert.Len(t, objs, 1) {
		order := objs[0].(*crevio.Order)
		assert.Equal(t, orderID, order.ID)
		assert.Equal(t, crevio.OrderStatusPaid, order.Status)
		assert.Equal(t, lead.ID, order.Customer.ID)
	}
	if objs := byType[crevio.WebhookEventTypeInvoicePaid]; assert.Len(t, objs, 1) {
		paid := objs[0].(*crevio.Invoice)
		assert.Equal(t, inv.ID, paid.ID)
		assert.Equal(t, crevio.InvoiceStatusPaid, paid.Status)
		assert.Equal(t, orderID, paid.Order.ID)
	}
	if objs := byType[crevio.WebhookEventTypeCustomerConfirmed]; assert.Len(t, objs, 1) {
		assert.False(t, objs[0].(*crevio.Customer).ConfirmedAt.IsZero())
	}
	if objs := byType[crevio.WebhookEventTypeLeadCreated]; assert.Len(t, objs, 2) {
		assert.Equal(t, crevio.CustomerTypeLead, objs[0].(*crevio.Customer).CustomerType)
		assert.Equal(t, "bo@example.com", objs[1].(*crevio.Customer).Email, "the form's new respondent")
	}
	if objs := byType[crevio.WebhookEventTypeInvoicePastDue]; assert.Len(t, objs, 1) {
		assert.Equal(t, late.ID, objs[0].(*crevio.Invoice).ID)
		assert.Equal(t, crevio.InvoiceStatusPastDue, objs[0].(*crevio.Invoice).Status)
	}
	if objs := byType[crevio.WebhookEventTypeFormSubmissionCreated]; assert.Len(t, objs, 1) {
		got := objs[0].(*crevio.FormSubmission)
		assert.Equal(t, submission.ID, got.ID)
		assert.Equal(t, "bo@example.com", got.Respondent.Email)
		v, ok := got.Answers.Lookup("Message")
		assert.True(t, ok)
		assert.Equal(t, crevio.FormAnswer{"Hello"}, v)
	}
	if objs := byType[crevio.WebhookEventTypeCheckoutCreated]; assert.Len(t, objs, 1) {
		assert.Equal(t, co.ID, objs[0].(*crevio.Checkout).ID)
	}
	if objs := byType[crevio.WebhookEventTypeInvoiceVoided]; assert.Len(t, objs, 1) {
		assert.Equal(t, crevio.InvoiceStatusVoid, objs[0].(*crevio.Invoice).Status)
	}
	if objs := byType[crevio.WebhookEventTypeProductUpdated]; assert.Len(t, objs, 1) {
		updated := objs[0].(*crevio.Product)
		assert.Equal(t, "Buy", *updated.ButtonCTA)
		require.Len(t, updated.PriceVariants, 1)
		embedded, ok := updated.PriceVariants[0].Expanded()
		require.True(t, ok, "the payload embeds the price variants, as GET does")
		assert.Equal(t, pv.ID, embedded.ID)
	}

	all, err := c.WebhookEvents.List(ctx, &crevio.WebhookEventListParams{Limit: crevio.Ptr(100), Status: crevio.Ptr(crevio.WebhookEventStatusDelivered)})
	require.NoError(t, err)
	assert.Len(t, all.Data, 15, "every delivery is in the history")
}
