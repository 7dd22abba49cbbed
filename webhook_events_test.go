package crevio

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWebhookEventsWire(t *testing.T) {
	event := fixture(t, "webhook_event.json")
	tests := []wireCase{
		{
			name:   "events: list with no params",
			call:   func(c *Client) error { _, err := c.WebhookEvents.List(bg, nil); return err },
			method: "GET", path: "/webhook_events", respond: fixture(t, "webhook_events_list.json"),
		},
		{
			name: "events: list with every filter",
			call: func(c *Client) error {
				_, err := c.WebhookEvents.List(bg, &WebhookEventListParams{
					Type: Ptr(WebhookEventTypeOrderPaid), WebhookEndpoint: Ptr("wh_abc123"), Status: Ptr(WebhookEventStatusFailed),
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

func TestWebhookEventDecode(t *testing.T) {
	raw := fixture(t, "webhook_event.json")
	r := newRecorder(t)
	r.respond(200, raw)
	e, err := r.client().WebhookEvents.Get(bg, "whev_ordpaid", &WebhookEventGetParams{Expand: []WebhookEventExpand{WebhookEventExpandWebhookEndpoint}})
	require.NoError(t, err)

	assert.Equal(t, "whev_ordpaid", e.ID)
	assert.Equal(t, "event", e.Object)
	assert.Equal(t, WebhookEventTypeOrderPaid, e.Type)
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
	obj, err := e.DataObject()
	require.NoError(t, err)
	o := obj.(*Order)
	assert.Equal(t, "ord_abc123", o.ID)
	assert.Equal(t, OrderStatusPaid, o.Status)
	typed, err := DecodeEventObject[Order](&e.Event)
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
	p, err := DecodeEventObject[Product](&second.Event)
	require.NoError(t, err)
	assert.Equal(t, "prod_abc123", p.ID)
	assert.Contains(t, string(second.RawJSON()), `"whev_prodcreated"`)
}
