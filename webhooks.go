package crevio

import (
	"context"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// This file is the webhook endpoints and webhook events APIs. Receiving
// webhooks (signature verification, Event, the handler) is in
// webhooks_verify.go.

// WebhookEndpointsService is the webhook endpoints API: where Crevio sends events.
type WebhookEndpointsService service

// WebhookEventsService is the webhook events API: the delivery history of events.
type WebhookEventsService service

// WebhookEndpoint is a URL Crevio sends events to. Its RawJSON method
// returns the JSON it was decoded from.
type WebhookEndpoint struct {
	// ID is the endpoint's id (wh_…).
	ID string `json:"id"`
	// Object is "webhook_endpoint".
	Object string `json:"object"`
	// URL is where events are POSTed.
	URL string `json:"url"`
	// Events are the event types the endpoint receives; [EventAll] ("*")
	// means every type.
	Events []WebhookEventType `json:"events"`
	// Description is the endpoint's note, if any.
	Description *string `json:"description"`
	// Secret is the signing secret (whsec_…). The API returns it only in
	// the answer to Create: store it then, and give it to
	// [NewWebhookVerifier]. It is empty on every other call.
	Secret WebhookSecret `json:"secret,omitempty"`
	// Active reports whether events are sent to the endpoint (nil when the
	// API leaves it out).
	Active *bool `json:"active"`
	// CreatedAt is when the endpoint was created.
	CreatedAt Time `json:"created_at"`
	// UpdatedAt is when the endpoint last changed.
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (e *WebhookEndpoint) objectID() string { return e.ID }

// String describes the endpoint without its secret (which its raw JSON
// holds after Create).
func (e WebhookEndpoint) String() string {
	active := "unknown"
	if e.Active != nil {
		active = strconv.FormatBool(*e.Active)
	}
	return fmt.Sprintf("crevio.WebhookEndpoint{ID: %q, URL: %q, Events: %q, Active: %s, Secret: %q}",
		e.ID, e.URL, e.Events, active, e.Secret.String())
}

// GoString is String: %#v does not reveal the secret either.
func (e WebhookEndpoint) GoString() string { return e.String() }

// Format makes every fmt verb print [WebhookEndpoint.String], of a
// *WebhookEndpoint or a WebhookEndpoint, so the secret stays out of logs.
func (e WebhookEndpoint) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, e.String()) }

// WebhookSecret is a webhook signing secret ("whsec_…"). Formatting it
// with fmt (%v, %s, %+v, %#v, Println, …) prints a redacted form, so it does
// not end up in logs by accident; string(secret) is the secret itself.
type WebhookSecret string

// String returns a redacted form: "whsec_[REDACTED]", or "" when empty.
func (s WebhookSecret) String() string {
	if s == "" {
		return ""
	}
	return webhookSecretPrefix + "[REDACTED]"
}

// GoString is String: %#v does not reveal the secret either.
func (s WebhookSecret) GoString() string { return s.String() }

// Format makes every fmt verb print [WebhookSecret.String].
func (s WebhookSecret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// WebhookEndpointListParams pages a webhook endpoint list. The zero value
// (or nil) lists the first page with the API's default limit.
type WebhookEndpointListParams struct {
	// Limit is the page size, 1 to 100 (API default 20).
	Limit *int
	// StartingAfter is the id of the last endpoint of the previous page.
	StartingAfter *string
	// Extra holds query params this version does not model.
	Extra map[string]any
}

func (p *WebhookEndpointListParams) encodeQuery(q url.Values) error {
	if err := encodeList(q, p.Limit, p.StartingAfter); err != nil {
		return err
	}
	return encodeExtra(q, p.Extra)
}

func (p *WebhookEndpointListParams) setStartingAfter(id string) { p.StartingAfter = &id }

// WebhookEndpointCreateParams are the fields of a new webhook endpoint.
type WebhookEndpointCreateParams struct {
	// URL is where events are POSTed (required; HTTPS in production).
	URL string `json:"url"`
	// Events are the event types to receive; []WebhookEventType{EventAll}
	// receives every type.
	Events []WebhookEventType `json:"events,omitempty"`
	// Description is a note for your own use.
	Description *string `json:"description,omitempty"`
	// Active turns delivery on or off (API default: on).
	Active *bool `json:"active,omitempty"`
	// Extra holds body fields this version does not model; they are merged
	// into the JSON body and win over the fields above.
	Extra map[string]any `json:"-"`
}

func (p *WebhookEndpointCreateParams) extraFields() map[string]any { return p.Extra }

func (p *WebhookEndpointCreateParams) validate() error {
	if p.URL == "" {
		return errRequired("URL")
	}
	return nil
}

// WebhookEndpointUpdateParams are the fields to change on a webhook
// endpoint; unset fields are left as they are.
type WebhookEndpointUpdateParams struct {
	// URL moves the endpoint.
	URL *string `json:"url,omitempty"`
	// Events replaces the event types the endpoint receives (nil: unchanged).
	Events []WebhookEventType `json:"events,omitempty"`
	// Description sets or clears the note.
	Description Nullable[string] `json:"description,omitzero"`
	// Active turns delivery on or off.
	Active *bool `json:"active,omitempty"`
	// Extra holds body fields this version does not model (a nil value sends
	// null); they win over the fields above.
	Extra map[string]any `json:"-"`
}

func (p *WebhookEndpointUpdateParams) extraFields() map[string]any { return p.Extra }

// List returns one page of webhook endpoints, newest first.
//
// API: GET /v1/webhook_endpoints
func (s *WebhookEndpointsService) List(ctx context.Context, params *WebhookEndpointListParams, opts ...RequestOption) (*Page[WebhookEndpoint], error) {
	return callPath[Page[WebhookEndpoint]](ctx, s.c, http.MethodGet, pathWebhookEndpoints, params, opts)
}

// All iterates over every webhook endpoint, fetching pages lazily as the
// loop advances. Breaking out of the loop stops it with no further request.
// A failed page is yielded as an error, after which it stops.
//
// API: GET /v1/webhook_endpoints (repeated with starting_after)
func (s *WebhookEndpointsService) All(ctx context.Context, params *WebhookEndpointListParams, opts ...RequestOption) iter.Seq2[*WebhookEndpoint, error] {
	return all(ctx, params, s.List, opts)
}

// Get returns a webhook endpoint (without its secret).
//
// API: GET /v1/webhook_endpoints/{id}
func (s *WebhookEndpointsService) Get(ctx context.Context, id string, opts ...RequestOption) (*WebhookEndpoint, error) {
	return callObject[WebhookEndpoint](ctx, s.c, http.MethodGet, pathWebhookEndpoints, id, nil, opts)
}

// Create creates a webhook endpoint. The answer is the only one that
// carries the endpoint's signing Secret.
//
// API: POST /v1/webhook_endpoints
func (s *WebhookEndpointsService) Create(ctx context.Context, params *WebhookEndpointCreateParams, opts ...RequestOption) (*WebhookEndpoint, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[WebhookEndpoint](ctx, s.c, http.MethodPost, pathWebhookEndpoints, params, opts)
}

// Update changes a webhook endpoint and returns it (without its secret).
//
// API: PATCH /v1/webhook_endpoints/{id}
func (s *WebhookEndpointsService) Update(ctx context.Context, id string, params *WebhookEndpointUpdateParams, opts ...RequestOption) (*WebhookEndpoint, error) {
	return callObject[WebhookEndpoint](ctx, s.c, http.MethodPatch, pathWebhookEndpoints, id, params, opts)
}

// Delete deletes a webhook endpoint: no more events are sent to it.
//
// API: DELETE /v1/webhook_endpoints/{id}
func (s *WebhookEndpointsService) Delete(ctx context.Context, id string, opts ...RequestOption) (*Deleted, error) {
	return deleteObject(ctx, s.c, pathWebhookEndpoints, "webhook_endpoint", id, opts)
}

// WebhookEvent is an event sent to one webhook endpoint, with its delivery
// history. The envelope fields are those of the [Event] the endpoint
// received; the delivery fields are inferred from the API's description
// ("delivery history") and may be absent. Its RawJSON method returns the
// JSON it was decoded from.
type WebhookEvent struct {
	// ID is the event's id (whev_…), the webhook-id of its deliveries.
	ID string `json:"id"`
	// Object is "event".
	Object string `json:"object"`
	// Type is what happened, such as [EventOrderPaid].
	Type WebhookEventType `json:"type"`
	// APIVersion is the API version the data is rendered in ("v1").
	APIVersion string `json:"api_version"`
	// CreatedAt is when the event happened.
	CreatedAt Time `json:"created_at"`
	// Test is true for test events.
	Test bool `json:"test"`
	// Data holds the object the event is about; see [WebhookEvent.Event].
	Data EventData `json:"data"`
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

	objectMeta
}

func (e *WebhookEvent) objectID() string { return e.ID }

// Event returns the event as its endpoint received it, for
// [Event.DataObject] and [DecodeEventObject].
func (e *WebhookEvent) Event() *Event {
	return &Event{ID: e.ID, Object: e.Object, Type: e.Type, APIVersion: e.APIVersion,
		CreatedAt: e.CreatedAt, Test: e.Test, Data: e.Data}
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

// WebhookEventStatus is the delivery state of a webhook event. It is an
// open enum: values this version does not know decode as they are.
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

// WebhookEventListParams filters and pages the delivery history. The zero
// value (or nil) lists the first page with the API's default limit.
type WebhookEventListParams struct {
	// Type keeps only events of this type.
	Type *WebhookEventType
	// WebhookEndpoint keeps only events sent to this endpoint (its id).
	WebhookEndpoint *string
	// Status keeps only events in this delivery state.
	Status *WebhookEventStatus
	// Limit is the page size, 1 to 100 (API default 20).
	Limit *int
	// StartingAfter is the id of the last event of the previous page.
	StartingAfter *string
	// Expand names relations to embed in each event.
	Expand []WebhookEventExpand
	// Extra holds query params this version does not model.
	Extra map[string]any
}

func (p *WebhookEventListParams) encodeQuery(q url.Values) error {
	if p.Type != nil {
		q.Set("type", string(*p.Type))
	}
	if p.WebhookEndpoint != nil {
		q.Set("webhook_endpoint", *p.WebhookEndpoint)
	}
	if p.Status != nil {
		q.Set("status", string(*p.Status))
	}
	if err := encodeList(q, p.Limit, p.StartingAfter); err != nil {
		return err
	}
	encodeExpand(q, p.Expand)
	return encodeExtra(q, p.Extra)
}

func (p *WebhookEventListParams) setStartingAfter(id string) { p.StartingAfter = &id }

// WebhookEventGetParams are the options of [WebhookEventsService.Get].
type WebhookEventGetParams struct {
	// Expand names relations to embed, such as [WebhookEventExpandWebhookEndpoint].
	Expand []WebhookEventExpand
	// Extra holds query params this version does not model.
	Extra map[string]any
}

func (p *WebhookEventGetParams) encodeQuery(q url.Values) error {
	encodeExpand(q, p.Expand)
	return encodeExtra(q, p.Extra)
}

// List returns one page of webhook events, newest first.
//
// API: GET /v1/webhook_events
func (s *WebhookEventsService) List(ctx context.Context, params *WebhookEventListParams, opts ...RequestOption) (*Page[WebhookEvent], error) {
	return callPath[Page[WebhookEvent]](ctx, s.c, http.MethodGet, pathWebhookEvents, params, opts)
}

// All iterates over every webhook event matching params, fetching pages
// lazily as the loop advances. Breaking out of the loop stops it with no
// further request. A failed page is yielded as an error, after which it
// stops.
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
