package crevio

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWebhookEndpointsWire(t *testing.T) {
	endpoint := fixture(t, "webhook_endpoint.json")
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
					URL: "https://example.com/hooks", Events: []WebhookEventType{WebhookEventTypeOrderPaid, "subscription.renewed"},
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
				_, err := c.WebhookEndpoints.Create(bg, &WebhookEndpointCreateParams{URL: "https://example.com/all", Events: []WebhookEventType{WebhookEventTypeAll}})
				return err
			},
			method: "POST", path: "/webhook_endpoints", body: `{"url":"https://example.com/all","events":["*"]}`,
			respond: fixture(t, "webhook_endpoint_created.json"),
		},
		{
			name: "endpoints: update",
			call: func(c *Client) error {
				_, err := c.WebhookEndpoints.Update(bg, "wh_abc123", &WebhookEndpointUpdateParams{
					URL: Ptr("https://example.com/v2"), Events: []WebhookEventType{WebhookEventTypeAll}, Description: Null[string](), Active: Ptr(true),
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
	}
	checkWire(t, tests)
}

func TestWebhookEndpointsRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	_, err := c.WebhookEndpoints.Create(bg, nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.WebhookEndpoints.Create(bg, &WebhookEndpointCreateParams{Events: []WebhookEventType{WebhookEventTypeAll}})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.ErrorContains(t, err, "URL is required")
	_, err = c.WebhookEndpoints.List(bg, &WebhookEndpointListParams{Limit: Ptr(0)})
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
	assert.Equal(t, []WebhookEventType{WebhookEventTypeOrderPaid, WebhookEventTypeInvoicePaid}, e.Events)
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
		Events: []WebhookEventType{WebhookEventTypeOrderPaid}})
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
	// %#v goes through Format too (there is no GoString), also inside a
	// caller's struct.
	assert.Equal(t, e.String(), fmt.Sprintf("%#v", e))
	assert.Equal(t, "whsec_[REDACTED]", fmt.Sprintf("%#v", e.Secret))
	held := fmt.Sprintf("%#v", struct {
		E WebhookEndpoint
		S WebhookSecret
	}{*e, e.Secret})
	assert.Contains(t, held, `Secret: "whsec_[REDACTED]"`)
	for _, s := range webhookSecretParts(webhookTestSecret) {
		assert.NotContains(t, held, s)
	}
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
	assert.Equal(t, []WebhookEventType{WebhookEventTypeAll, "subscription.renewed"}, second.Events)
	assert.True(t, second.Events[0].IsKnown())
	assert.False(t, second.Events[1].IsKnown(), "an unknown event type decodes as it is")
	assert.Nil(t, second.Description)
	assert.False(t, *second.Active)
	assert.Contains(t, string(second.RawJSON()), `"wh_def456"`)
}
