package crevio

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWebhookServicesWire(t *testing.T) {
	endpoint := fixture(t, "webhook_endpoint.json")
	event := fixture(t, "webhook_event.json")
	tests := []wireCase{
		{
			name:   "endpoints: list with no params",
			call:   func(c *Client) error { _, err := c.WebhookEndpoints.List(bg, nil); return err },
			method: "GET", path: "/webhook_endpoints", respond: fixture(t, "webhook_endpoints_list.json"),
		},
		{
			name: "endpoints: list with every param",
			call: func(c *Client) error {
				_, err := c.WebhookEndpoints.List(bg, &WebhookEndpointListParams{Limit: Ptr(5), StartingAfter: Ptr("wh_9"),
					Extra: map[string]any{"active": true}})
				return err
			},
			method: "GET", path: "/webhook_endpoints", query: "active=true&limit=5&starting_after=wh_9",
			respond: fixture(t, "webhook_endpoints_list.json"),
		},
		{
			name:   "endpoints: get escapes the id",
			call:   func(c *Client) error { _, err := c.WebhookEndpoints.Get(bg, "wh 1?#", nil); return err },
			method: "GET", path: "/webhook_endpoints/wh%201%3F%23", respond: endpoint,
		},
		{
			name: "endpoints: create",
			call: func(c *Client) error {
				_, err := c.WebhookEndpoints.Create(bg, &WebhookEndpointCreateParams{
					URL: "https://example.com/hooks", Events: []WebhookEventType{EventOrderPaid, "subscription.renewed"},
					Description: Ptr("Fulfilment"), Active: Ptr(false), Extra: map[string]any{"api_version": "v1"},
				})
				return err
			},
			method: "POST", path: "/webhook_endpoints",
			body:    `{"url":"https://example.com/hooks","events":["order.paid","subscription.renewed"],"description":"Fulfilment","active":false,"api_version":"v1"}`,
			respond: fixture(t, "webhook_endpoint_created.json"),
		},
		{
			name: "endpoints: create for every event",
			call: func(c *Client) error {
				_, err := c.WebhookEndpoints.Create(bg, &WebhookEndpointCreateParams{URL: "https://example.com/all", Events: []WebhookEventType{EventAll}})
				return err
			},
			method: "POST", path: "/webhook_endpoints", body: `{"url":"https://example.com/all","events":["*"]}`,
			respond: fixture(t, "webhook_endpoint_created.json"),
		},
		{
			name: "endpoints: update",
			call: func(c *Client) error {
				_, err := c.WebhookEndpoints.Update(bg, "wh_abc123", &WebhookEndpointUpdateParams{
					URL: Ptr("https://example.com/v2"), Events: []WebhookEventType{EventAll}, Description: Null[string](), Active: Ptr(true),
				})
				return err
			},
			method: "PATCH", path: "/webhook_endpoints/wh_abc123",
			body:    `{"url":"https://example.com/v2","events":["*"],"description":null,"active":true}`,
			respond: endpoint,
		},
		{
			name:   "endpoints: update with nil params",
			call:   func(c *Client) error { _, err := c.WebhookEndpoints.Update(bg, "wh_abc123", nil); return err },
			method: "PATCH", path: "/webhook_endpoints/wh_abc123", body: `{}`, respond: endpoint,
		},
		{
			name:   "endpoints: delete",
			call:   func(c *Client) error { _, err := c.WebhookEndpoints.Delete(bg, "wh_abc123", nil); return err },
			method: "DELETE", path: "/webhook_endpoints/wh_abc123",
			respond: `{"id":"wh_abc123","object":"webhook_endpoint","deleted":true}`,
		},
		{
			name:   "events: list with no params",
			call:   func(c *Client) error { _, err := c.WebhookEvents.List(bg, nil); return err },
			method: "GET", path: "/webhook_events", respond: fixture(t, "webhook_events_list.json"),
		},
		{
			name: "events: list with every filter",
			call: func(c *Client) error {
				_, err := c.WebhookEvents.List(bg, &WebhookEventListParams{
					Type: Ptr(EventOrderPaid), WebhookEndpoint: Ptr("wh_abc123"), Status: Ptr(WebhookEventStatusFailed),
					Limit: Ptr(100), StartingAfter: Ptr("whev_9"), Expand: []WebhookEventExpand{WebhookEventExpandWebhookEndpoint},
					Extra: map[string]any{"created_after": 1700000000},
				})
				return err
			},
			method: "GET", path: "/webhook_events",
			query:   "created_after=1700000000&expand=webhook_endpoint&limit=100&starting_after=whev_9&status=failed&type=order.paid&webhook_endpoint=wh_abc123",
			respond: fixture(t, "webhook_events_list.json"),
		},
		{
			name:   "events: get",
			call:   func(c *Client) error { _, err := c.WebhookEvents.Get(bg, "whev_ordpaid", nil); return err },
			method: "GET", path: "/webhook_events/whev_ordpaid", respond: event,
		},
		{
			name: "events: get with expand escapes the id",
			call: func(c *Client) error {
				_, err := c.WebhookEvents.Get(bg, "whev 1", &WebhookEventGetParams{Expand: []WebhookEventExpand{WebhookEventExpandWebhookEndpoint}})
				return err
			},
			method: "GET", path: "/webhook_events/whev%201", query: "expand=webhook_endpoint", respond: event,
		},
	}
	checkWire(t, tests)
}

func TestWebhookServicesRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	for _, id := range []string{"", "..", "a/b"} {
		_, err := c.WebhookEndpoints.Get(bg, id, nil)
		assert.ErrorIs(t, err, ErrInvalidID)
		_, err = c.WebhookEndpoints.Update(bg, id, nil)
		assert.ErrorIs(t, err, ErrInvalidID)
		_, err = c.WebhookEndpoints.Delete(bg, id, nil)
		assert.ErrorIs(t, err, ErrInvalidID)
		_, err = c.WebhookEvents.Get(bg, id, nil)
		assert.ErrorIs(t, err, ErrInvalidID)
	}
	_, err := c.WebhookEndpoints.Create(bg, nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.WebhookEndpoints.Create(bg, &WebhookEndpointCreateParams{Events: []WebhookEventType{EventAll}})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.ErrorContains(t, err, "URL is required")
	_, err = c.WebhookEndpoints.List(bg, &WebhookEndpointListParams{Limit: Ptr(0)})
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.WebhookEvents.List(bg, &WebhookEventListParams{Limit: Ptr(101)})
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.WebhookEvents.List(bg, &WebhookEventListParams{StartingAfter: Ptr("")})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.Empty(t, r.requests(), "invalid input must not reach the network")
}

func TestWebhookEndpointDecode(t *testing.T) {
	raw := fixture(t, "webhook_endpoint.json")
	r := newRecorder(t)
	r.respond(200, raw)
	e, err := r.client().WebhookEndpoints.Get(bg, "wh_abc123", nil)
	require.NoError(t, err)
	assert.Equal(t, "wh_abc123", e.ID)
	assert.Equal(t, "webhook_endpoint", e.Object)
	assert.Equal(t, "https://example.com/crevio/webhooks", e.URL)
	assert.Equal(t, []WebhookEventType{EventOrderPaid, EventInvoicePaid}, e.Events)
	assert.Equal(t, "Fulfilment", *e.Description)
	assert.Empty(t, e.Secret, "the secret is shown only on create")
	assert.True(t, *e.Active)
	assert.Equal(t, time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC), e.CreatedAt.Time)
	assert.Equal(t, time.Date(2026, 2, 2, 8, 0, 0, 0, time.UTC), e.UpdatedAt.Time)
	assert.JSONEq(t, raw, string(e.RawJSON()))
	var unknown struct {
		APIVersion string `json:"api_version"`
	}
	require.NoError(t, json.Unmarshal(e.RawJSON(), &unknown))
	assert.Equal(t, "v1", unknown.APIVersion, "fields the SDK does not model stay reachable")
}

func TestWebhookEndpointCreatedSecret(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "webhook_endpoint_created.json"))
	e, err := r.client().WebhookEndpoints.Create(bg, &WebhookEndpointCreateParams{URL: "https://example.com/crevio/webhooks",
		Events: []WebhookEventType{EventOrderPaid}})
	require.NoError(t, err)
	assert.Equal(t, webhookTestSecret, string(e.Secret))

	// The secret works as it comes.
	v, err := NewWebhookVerifier(string(e.Secret))
	require.NoError(t, err)
	assert.NotNil(t, v)

	// ... and does not leak through fmt.
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		for _, arg := range []any{e, *e, e.Secret} {
			out := fmt.Sprintf(format, arg)
			for _, s := range webhookSecretParts(webhookTestSecret) {
				assert.NotContains(t, out, s, "format %s of %T", format, arg)
			}
		}
	}
	assert.Equal(t, `crevio.WebhookEndpoint{ID: "wh_abc123", URL: "https://example.com/crevio/webhooks", `+
		`Events: ["order.paid" "invoice.paid"], Active: true, Secret: "whsec_[REDACTED]"}`, fmt.Sprint(e))
	assert.Equal(t, "whsec_[REDACTED]", e.Secret.String())
	assert.Equal(t, "", WebhookSecret("").String())

	// JSON keeps it, for callers who store the endpoint.
	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.Contains(t, string(b), webhookTestSecret)
}

func TestWebhookEndpointListDecode(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "webhook_endpoints_list.json"))
	page, err := r.client().WebhookEndpoints.List(bg, nil)
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	assert.Equal(t, "/v1/webhook_endpoints", page.URL)
	require.Len(t, page.Data, 2)
	second := page.Data[1]
	assert.Equal(t, []WebhookEventType{EventAll, "subscription.renewed"}, second.Events)
	assert.True(t, second.Events[0].IsKnown())
	assert.False(t, second.Events[1].IsKnown(), "an unknown event type decodes as it is")
	assert.Nil(t, second.Description)
	assert.False(t, *second.Active)
	assert.Contains(t, string(second.RawJSON()), `"wh_def456"`)
}

func TestWebhookEventDecode(t *testing.T) {
	raw := fixture(t, "webhook_event.json")
	r := newRecorder(t)
	r.respond(200, raw)
	e, err := r.client().WebhookEvents.Get(bg, "whev_ordpaid", &WebhookEventGetParams{Expand: []WebhookEventExpand{WebhookEventExpandWebhookEndpoint}})
	require.NoError(t, err)

	assert.Equal(t, "whev_ordpaid", e.ID)
	assert.Equal(t, "event", e.Object)
	assert.Equal(t, EventOrderPaid, e.Type)
	assert.Equal(t, "v1", e.APIVersion)
	assert.Equal(t, webhookTestNow, e.CreatedAt.Time)
	assert.False(t, e.Test)
	ep, ok := e.WebhookEndpoint.Expanded()
	require.True(t, ok)
	assert.Equal(t, "wh_abc123", e.WebhookEndpoint.ID)
	assert.Equal(t, "https://example.com/crevio/webhooks", ep.URL)
	assert.Equal(t, WebhookEventStatusDelivered, e.Status)
	assert.True(t, e.Status.IsKnown())
	assert.Equal(t, 2, e.Attempts)
	assert.Equal(t, time.Date(2026, 3, 1, 12, 0, 1, 0, time.UTC), e.LastAttemptAt.Time)
	assert.Equal(t, 204, *e.ResponseStatus)
	assert.Equal(t, []WebhookDelivery{
		{Attempt: 1, AttemptedAt: Time{webhookTestNow}, ResponseStatus: Ptr(500)},
		{Attempt: 2, AttemptedAt: Time{time.Date(2026, 3, 1, 12, 0, 1, 0, time.UTC)}, ResponseStatus: Ptr(204), Succeeded: true},
	}, e.Deliveries)
	assert.JSONEq(t, raw, string(e.RawJSON()))
	assert.Contains(t, string(e.RawJSON()), `"next_attempt_at"`, "fields the SDK does not model stay reachable")

	// The envelope decodes like a delivered event.
	obj, err := e.Event().DataObject()
	require.NoError(t, err)
	o := obj.(*Order)
	assert.Equal(t, "ord_abc123", o.ID)
	assert.Equal(t, OrderStatusPaid, o.Status)
	typed, err := DecodeEventObject[Order](e.Event())
	require.NoError(t, err)
	assert.Equal(t, o.ID, typed.ID)
}

func TestWebhookEventListDecode(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "webhook_events_list.json"))
	page, err := r.client().WebhookEvents.List(bg, nil)
	require.NoError(t, err)
	assert.False(t, page.HasMore)
	require.Len(t, page.Data, 2)
	first, second := page.Data[0], page.Data[1]
	assert.Equal(t, "wh_abc123", first.WebhookEndpoint.ID)
	_, expanded := first.WebhookEndpoint.Expanded()
	assert.False(t, expanded)
	assert.Equal(t, WebhookEventStatus("retrying"), second.Status)
	assert.False(t, second.Status.IsKnown(), "an unknown status decodes as it is")
	assert.Nil(t, second.ResponseStatus)
	require.Len(t, second.Deliveries, 1)
	assert.Nil(t, second.Deliveries[0].ResponseStatus)
	assert.Equal(t, "connection refused", *second.Deliveries[0].Error)
	p, err := DecodeEventObject[Product](second.Event())
	require.NoError(t, err)
	assert.Equal(t, "prod_abc123", p.ID)
	assert.Contains(t, string(second.RawJSON()), `"whev_prodcreated"`)
}
