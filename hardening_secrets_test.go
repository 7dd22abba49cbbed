package crevio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// holder is a user's struct that keeps a Client by value in an unexported
// field, where fmt cannot call Client.Format.
type holder struct {
	name   string
	client Client
}

// Holder is the same with an exported field.
type Holder struct {
	Name   string
	Client Client
}

// logBoth logs args through slog's text and JSON handlers and returns both
// outputs.
func logBoth(args ...any) string {
	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("x", args...)
	slog.New(slog.NewJSONHandler(&js, nil)).Info("x", args...)
	return text.String() + js.String()
}

// TestClientInAUserStructDoesNotPrintTheKey: %v, %+v and %#v of a struct
// that holds a Client by value (in an unexported or exported field), of a
// pointer to it, and slog's text and JSON handlers never show the key.
func TestClientInAUserStructDoesNotPrintTheKey(t *testing.T) {
	c, err := New(testKey)
	require.NoError(t, err)
	h := holder{name: "mine", client: *c}
	H := Holder{Name: "mine", Client: *c}
	outputs := []string{
		fmt.Sprintf("%v|%+v|%#v", h, h, h),
		fmt.Sprintf("%v|%+v|%#v", &h, &h, &h),
		fmt.Sprintf("%v|%+v|%#v|%s", H, H, H, H),
		fmt.Sprintf("%v|%+v|%#v", []holder{h}, map[string]holder{"a": h}, struct{ x holder }{h}),
		fmt.Sprintf("%v|%+v|%#v", *c, c, c),
		logBoth(slog.Any("h", h), slog.Any("hp", &h), slog.Any("H", H), slog.Any("c", c), slog.Any("cv", *c)),
	}
	for _, out := range outputs {
		assert.NotContains(t, out, testKey)
		assert.NotContains(t, out, "SECRET")
		assert.NotContains(t, out, "Bearer")
	}
	assert.Contains(t, outputs[0], "mine", "the rest of the struct still prints")
}

// TestObjectSecretsStayOutOfLogs: an API key with its token and a webhook
// endpoint with its secret, as Create returns them (raw JSON included),
// logged by value and by pointer through slog's text and JSON handlers and
// printed with fmt, never show the secret; json.Marshal still round-trips
// it.
func TestObjectSecretsStayOutOfLogs(t *testing.T) {
	const token = "sk_live_TOKENVALUE0123456789"
	const whsec = "whsec_c3VwZXJzZWNyZXQtd2ViaG9vay1rZXktMTIzNA=="
	r := newRecorder(t)
	r.respond(201, `{"id":"key_1","object":"api_key","name":"ci","last4":"6789","token_type":"bearer","token":"`+token+`","created_at":"2026-01-01T00:00:00Z"}`)
	r.respond(201, `{"id":"wh_1","object":"webhook_endpoint","url":"https://example.com/hook","events":["*"],"secret":"`+whsec+`","active":true}`)
	c := r.client()
	k, err := c.APIKeys.Create(bg, nil)
	require.NoError(t, err)
	require.NotNil(t, k.Token)
	require.Equal(t, token, *k.Token)
	ep, err := c.WebhookEndpoints.Create(bg, &WebhookEndpointCreateParams{URL: "https://example.com/hook"})
	require.NoError(t, err)
	require.Equal(t, whsec, string(ep.Secret))

	out := logBoth(slog.Any("key", k), slog.Any("keyv", *k), "k2", k,
		slog.Any("ep", ep), slog.Any("epv", *ep), slog.Any("secret", ep.Secret), "s2", ep.Secret)
	out += fmt.Sprintf("%v|%+v|%#v|%s|%q|%x", k, k, k, k, k, k)
	out += fmt.Sprintf("%v|%+v|%#v|%s|%q|%x", *k, *k, *k, *k, *k, *k)
	out += fmt.Sprintf("%v|%+v|%#v|%s|%q|%x", ep, *ep, ep.Secret, *ep, ep, *ep)
	assert.NotContains(t, out, token)
	assert.NotContains(t, out, "TOKENVALUE")
	assert.NotContains(t, out, whsec)
	assert.NotContains(t, out, "c3VwZXJzZWNyZXQ")
	assert.Contains(t, out, "key_1", "the rest of the key is logged")
	assert.Contains(t, out, "6789")
	assert.Contains(t, out, "[REDACTED]")
	assert.Contains(t, out, "https://example.com/hook")

	b, err := json.Marshal(k)
	require.NoError(t, err)
	var k2 APIKey
	require.NoError(t, json.Unmarshal(b, &k2))
	require.NotNil(t, k2.Token)
	assert.Equal(t, token, *k2.Token, "json.Marshal keeps the token")
	b, err = json.Marshal(ep)
	require.NoError(t, err)
	var ep2 WebhookEndpoint
	require.NoError(t, json.Unmarshal(b, &ep2))
	assert.Equal(t, whsec, string(ep2.Secret), "json.Marshal keeps the secret")
}
