package crevio

import (
	"context"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"strconv"
)

// This file is the webhook endpoints API: where Crevio sends events.
// Receiving webhooks (signature verification, Event, the handler) is in
// webhooks.go; the delivery history is in webhook_events.go.

// WebhookEndpointsService is the webhook endpoints API: where Crevio sends events.
type WebhookEndpointsService service

// WebhookEndpoint is a URL Crevio sends events to.
type WebhookEndpoint struct {
	// ID is the endpoint's id (wh_…).
	ID string `json:"id"`
	// Object is "webhook_endpoint".
	Object string `json:"object"`
	// URL is where events are POSTed.
	URL string `json:"url"`
	// Events are the event types the endpoint receives; [WebhookEventTypeAll] ("*")
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

	CreatedAt Time `json:"created_at"`
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

// Format makes every fmt verb (%#v included) print [WebhookEndpoint.String], of a
// *WebhookEndpoint or a WebhookEndpoint, so the secret stays out of logs.
func (e WebhookEndpoint) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, e.String()) }

// LogValue makes log/slog (any handler, text or JSON) log the endpoint
// without its secret. json.Marshal is unchanged and keeps the secret.
func (e WebhookEndpoint) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("id", e.ID), slog.String("object", e.Object), slog.String("url", e.URL),
		slog.Any("events", e.Events)}
	if e.Active != nil {
		attrs = append(attrs, slog.Bool("active", *e.Active))
	}
	if e.Secret != "" {
		attrs = append(attrs, slog.String("secret", e.Secret.String()))
	}
	return slog.GroupValue(attrs...)
}

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

// Format makes every fmt verb (%#v included) print [WebhookSecret.String].
func (s WebhookSecret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// LogValue makes log/slog (any handler, text or JSON) log the redacted
// form, [WebhookSecret.String].
func (s WebhookSecret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// WebhookEndpointListParams pages a webhook endpoint list.
type WebhookEndpointListParams struct {
	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// WebhookEndpointCreateParams are the fields of a new webhook endpoint.
type WebhookEndpointCreateParams struct {
	// URL is where events are POSTed (required; HTTPS in production).
	URL string `json:"url"`
	// Events are the event types to receive; []WebhookEventType{WebhookEventTypeAll}
	// receives every type.
	Events []WebhookEventType `json:"events,omitempty"`
	// Description is a note for your own use.
	Description *string `json:"description,omitempty"`
	// Active turns delivery on or off (API default: on).
	Active *bool `json:"active,omitempty"`

	Extra map[string]any `json:"-"`
}

func (p *WebhookEndpointCreateParams) validate() error {
	if p.URL == "" {
		return errRequired("URL")
	}
	return nil
}

// WebhookEndpointUpdateParams are the fields to change on a webhook
// endpoint.
type WebhookEndpointUpdateParams struct {
	// URL moves the endpoint.
	URL *string `json:"url,omitempty"`
	// Events replaces the event types the endpoint receives (nil: unchanged).
	Events []WebhookEventType `json:"events,omitempty"`
	// Description sets or clears the note.
	Description Nullable[string] `json:"description,omitzero"`
	// Active turns delivery on or off.
	Active *bool `json:"active,omitempty"`

	Extra map[string]any `json:"-"`
}

// List returns one page of webhook endpoints, newest first.
//
// API: GET /v1/webhook_endpoints
func (s *WebhookEndpointsService) List(ctx context.Context, params *WebhookEndpointListParams, opts ...RequestOption) (*Page[WebhookEndpoint], error) {
	return callPath[Page[WebhookEndpoint]](ctx, s.c, http.MethodGet, pathWebhookEndpoints, params, opts)
}

// All iterates over every webhook endpoint.
//
// API: GET /v1/webhook_endpoints (repeated with starting_after)
func (s *WebhookEndpointsService) All(ctx context.Context, params *WebhookEndpointListParams, opts ...RequestOption) iter.Seq2[*WebhookEndpoint, error] {
	return all(ctx, params, s.List, opts)
}

// WebhookEndpointGetParams are the params of [WebhookEndpointsService.Get].
// The API documents none; nil is the usual value.
type WebhookEndpointGetParams struct {
	Extra map[string]any
}

// Get returns a webhook endpoint (without its secret).
//
// API: GET /v1/webhook_endpoints/{id}
func (s *WebhookEndpointsService) Get(ctx context.Context, id string, params *WebhookEndpointGetParams, opts ...RequestOption) (*WebhookEndpoint, error) {
	return callObject[WebhookEndpoint](ctx, s.c, http.MethodGet, pathWebhookEndpoints, id, params, opts)
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

// WebhookEndpointDeleteParams are the params of
// [WebhookEndpointsService.Delete]. The API documents none; nil is the usual
// value.
type WebhookEndpointDeleteParams struct {
	Extra map[string]any
}

// Delete deletes a webhook endpoint: no more events are sent to it.
//
// API: DELETE /v1/webhook_endpoints/{id}
func (s *WebhookEndpointsService) Delete(ctx context.Context, id string, params *WebhookEndpointDeleteParams, opts ...RequestOption) (*Deleted, error) {
	return deleteObject(ctx, s.c, pathWebhookEndpoints, "webhook_endpoint", id, params, opts)
}
