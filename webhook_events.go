package crevio

import (
	"context"
	"iter"
	"net/http"
)

// This file is the webhook events API: the delivery history of events.
// Receiving webhooks (signature verification, Event, the handler) is in
// webhooks.go.

// WebhookEventsService is the webhook events API: the delivery history of events.
type WebhookEventsService service

// WebhookEvent is an event sent to one webhook endpoint, with its delivery
// history. Its envelope is the [Event] the endpoint received (ID, Type,
// Data, …, and [Event.DataObject]; pass &e.Event to [DecodeEventObject]);
// the delivery fields are inferred from the API's description ("delivery
// history") and may be absent.
type WebhookEvent struct {
	Event

	// WebhookEndpoint is the endpoint the event is sent to: its id, or the
	// object when expanded with [WebhookEventExpandWebhookEndpoint].
	WebhookEndpoint Expandable[WebhookEndpoint] `json:"webhook_endpoint"`
	// Status is the delivery state.
	Status WebhookEventStatus `json:"status"`
	// Attempts is how many deliveries were tried.
	Attempts int `json:"attempts"`
	// LastAttemptAt is when the last delivery was tried (zero: none yet).
	LastAttemptAt Time `json:"last_attempt_at"`
	// ResponseStatus is the HTTP status the endpoint last answered, nil
	// when no attempt got an answer.
	ResponseStatus *int `json:"response_status"`
	// Deliveries lists the attempts, oldest first.
	Deliveries []WebhookDelivery `json:"deliveries"`
}

// WebhookDelivery is one attempt to deliver an event.
type WebhookDelivery struct {
	// Attempt numbers the attempt, from 1.
	Attempt int `json:"attempt"`
	// AttemptedAt is when the attempt started.
	AttemptedAt Time `json:"attempted_at"`
	// ResponseStatus is the HTTP status the endpoint answered, nil when it
	// did not answer (see Error).
	ResponseStatus *int `json:"response_status"`
	// Succeeded reports whether the endpoint answered 2xx.
	Succeeded bool `json:"succeeded"`
	// Error describes a failure to get an answer (connection refused,
	// timeout), nil otherwise.
	Error *string `json:"error"`
}

// WebhookEventStatus is the delivery state of a webhook event.
type WebhookEventStatus string

// Known webhook event statuses.
const (
	// WebhookEventStatusPending: not delivered yet; attempts remain.
	WebhookEventStatusPending WebhookEventStatus = "pending"
	// WebhookEventStatusDelivered: the endpoint answered 2xx.
	WebhookEventStatusDelivered WebhookEventStatus = "delivered"
	// WebhookEventStatusFailed: every attempt failed.
	WebhookEventStatusFailed WebhookEventStatus = "failed"
)

// IsKnown reports whether s is one of the statuses this version knows.
func (s WebhookEventStatus) IsKnown() bool {
	return oneOf(s, WebhookEventStatusPending, WebhookEventStatusDelivered, WebhookEventStatusFailed)
}

// WebhookEventExpand names a related object a webhook event call can expand.
type WebhookEventExpand string

// Expandable webhook event relations.
const (
	// WebhookEventExpandWebhookEndpoint embeds the endpoint (without its secret).
	WebhookEventExpandWebhookEndpoint WebhookEventExpand = "webhook_endpoint"
)

// WebhookEventListParams filters and pages the delivery history.
type WebhookEventListParams struct {
	// Type keeps only events of this type.
	Type *WebhookEventType `url:"type"`
	// WebhookEndpoint keeps only events sent to this endpoint (its id).
	WebhookEndpoint *string `url:"webhook_endpoint"`
	// Status keeps only events in this delivery state.
	Status *WebhookEventStatus `url:"status"`
	// Expand names relations to embed in each event.
	Expand []WebhookEventExpand `url:"expand"`

	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// WebhookEventGetParams are the options of [WebhookEventsService.Get].
type WebhookEventGetParams struct {
	// Expand names relations to embed, such as [WebhookEventExpandWebhookEndpoint].
	Expand []WebhookEventExpand `url:"expand"`

	Extra map[string]any
}

// List returns one page of webhook events, newest first.
//
// API: GET /v1/webhook_events
func (s *WebhookEventsService) List(ctx context.Context, params *WebhookEventListParams, opts ...RequestOption) (*Page[WebhookEvent], error) {
	return callPath[Page[WebhookEvent]](ctx, s.c, http.MethodGet, pathWebhookEvents, params, opts)
}

// All iterates over every webhook event matching params.
//
// API: GET /v1/webhook_events (repeated with starting_after)
func (s *WebhookEventsService) All(ctx context.Context, params *WebhookEventListParams, opts ...RequestOption) iter.Seq2[*WebhookEvent, error] {
	return all(ctx, params, s.List, opts)
}

// Get returns a webhook event with its delivery history.
//
// API: GET /v1/webhook_events/{id}
func (s *WebhookEventsService) Get(ctx context.Context, id string, params *WebhookEventGetParams, opts ...RequestOption) (*WebhookEvent, error) {
	return callObject[WebhookEvent](ctx, s.c, http.MethodGet, pathWebhookEvents, id, params, opts)
}
