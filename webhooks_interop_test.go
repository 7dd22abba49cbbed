package crevio

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Interoperability with the Standard Webhooks reference implementation
// (github.com/standard-webhooks/standard-webhooks/libraries/go), used here
// only. Its Verify reads the real clock, so these tests sign at time.Now.

func webhookReference(t *testing.T, secret string) *standardwebhooks.Webhook {
	t.Helper()
	wh, err := standardwebhooks.NewWebhook(secret)
	require.NoError(t, err)
	return wh
}

// webhookInteropPayload is a delivery as the official template's test sends it.
var webhookInteropPayload = []byte(`{"id":"whev_test_1","object":"event","type":"order.paid","api_version":"v1",` +
	`"created_at":"2026-09-01T10:00:00Z","test":true,"data":{"object":{"id":"ord_1","object":"order","status":"paid"}}}`)

func TestWebhookInteropReferenceSignsWeVerify(t *testing.T) {
	ref := webhookReference(t, webhookTestSecret)
	now := time.Now()
	sig, err := ref.Sign("whev_test_1", now, webhookInteropPayload)
	require.NoError(t, err)
	h := http.Header{}
	h.Set(standardwebhooks.HeaderWebhookID, "whev_test_1")
	h.Set(standardwebhooks.HeaderWebhookTimestamp, strconv.FormatInt(now.Unix(), 10))
	h.Set(standardwebhooks.HeaderWebhookSignature, sig)

	ours, err := NewWebhookVerifier(webhookTestSecret)
	require.NoError(t, err)
	require.NoError(t, ours.Verify(webhookInteropPayload, h))
	e, err := ours.VerifyEvent(webhookInteropPayload, h)
	require.NoError(t, err)
	assert.Equal(t, WebhookEventTypeOrderPaid, e.Type)
	assert.True(t, e.Test)

	// The reference takes the secret with or without whsec_; so do we.
	bare, err := NewWebhookVerifier(webhookTestSecret[len("whsec_"):])
	require.NoError(t, err)
	assert.NoError(t, bare.Verify(webhookInteropPayload, h))

	for name, tamper := range map[string]func(h http.Header, p []byte) (http.Header, []byte){
		"body": func(h http.Header, p []byte) (http.Header, []byte) { return h, append(append([]byte{}, p...), ' ') },
		"id": func(h http.Header, p []byte) (http.Header, []byte) {
			h.Set(WebhookIDHeader, "whev_test_2")
			return h, p
		},
		"timestamp": func(h http.Header, p []byte) (http.Header, []byte) {
			h.Set(WebhookTimestampHeader, strconv.FormatInt(now.Unix()-1, 10))
			return h, p
		},
	} {
		th, tp := tamper(h.Clone(), webhookInteropPayload)
		assert.ErrorIs(t, ours.Verify(tp, th), ErrWebhookNoValidSignature, "tampered %s passes our verifier", name)
		assert.ErrorIs(t, ref.Verify(tp, th), standardwebhooks.ErrNoMatchingSignature, "tampered %s passes the reference", name)
	}
}

func TestWebhookInteropWeSignReferenceVerifies(t *testing.T) {
	ref := webhookReference(t, webhookTestSecret)
	h, err := SignWebhook(webhookTestSecret, "whev_test_1", time.Now(), webhookInteropPayload)
	require.NoError(t, err)
	require.NoError(t, ref.Verify(webhookInteropPayload, h))

	// Byte for byte the same signature as the reference's.
	now := time.Now()
	refSig, err := ref.Sign("whev_test_1", now, webhookInteropPayload)
	require.NoError(t, err)
	h, err = SignWebhook(webhookTestSecret, "whev_test_1", now, webhookInteropPayload)
	require.NoError(t, err)
	assert.Equal(t, refSig, h.Get(WebhookSignatureHeader))

	for name, tamper := range map[string]func(h http.Header, p []byte) (http.Header, []byte){
		"body": func(h http.Header, p []byte) (http.Header, []byte) { return h, []byte(`{}`) },
		"id":   func(h http.Header, p []byte) (http.Header, []byte) { h.Set(WebhookIDHeader, "whev_other"); return h, p },
		"timestamp": func(h http.Header, p []byte) (http.Header, []byte) {
			h.Set(WebhookTimestampHeader, strconv.FormatInt(now.Unix()+1, 10))
			return h, p
		},
		"signature": func(h http.Header, p []byte) (http.Header, []byte) {
			h.Set(WebhookSignatureHeader, "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
			return h, p
		},
	} {
		th, tp := tamper(h.Clone(), webhookInteropPayload)
		assert.ErrorIs(t, ref.Verify(tp, th), standardwebhooks.ErrNoMatchingSignature, "tampered %s passes the reference", name)
		ours, err := NewWebhookVerifier(webhookTestSecret)
		require.NoError(t, err)
		assert.ErrorIs(t, ours.Verify(tp, th), ErrWebhookNoValidSignature, "tampered %s passes our verifier", name)
	}
}

func TestWebhookInteropRotationAndTolerance(t *testing.T) {
	oldSecret := "whsec_" + "b2xkIHNlY3JldCBvZiB0aGUgZW5kcG9pbnQ="
	now := time.Now()

	// The sender signs with two keys (the reference signs one at a time).
	sigOld, err := webhookReference(t, oldSecret).Sign("whev_1", now, webhookInteropPayload)
	require.NoError(t, err)
	sigNew, err := webhookReference(t, webhookTestSecret).Sign("whev_1", now, webhookInteropPayload)
	require.NoError(t, err)
	h := http.Header{}
	h.Set(WebhookIDHeader, "whev_1")
	h.Set(WebhookTimestampHeader, strconv.FormatInt(now.Unix(), 10))
	h.Set(WebhookSignatureHeader, sigOld+" "+sigNew)
	for _, s := range []string{oldSecret, webhookTestSecret} {
		v, err := NewWebhookVerifier(s)
		require.NoError(t, err)
		assert.NoError(t, v.Verify(webhookInteropPayload, h))
		assert.NoError(t, webhookReference(t, s).Verify(webhookInteropPayload, h))
	}

	// Both sides refuse a delivery older or newer than 5 minutes.
	for _, tt := range []struct {
		at       time.Time
		ours     error
		theirs   error
		accepted bool
	}{
		{now.Add(-6 * time.Minute), ErrWebhookTooOld, standardwebhooks.ErrMessageTooOld, false},
		{now.Add(6 * time.Minute), ErrWebhookTooNew, standardwebhooks.ErrMessageTooNew, false},
		{now.Add(-4 * time.Minute), nil, nil, true},
	} {
		h, err := SignWebhook(webhookTestSecret, "whev_1", tt.at, webhookInteropPayload)
		require.NoError(t, err)
		v, err := NewWebhookVerifier(webhookTestSecret)
		require.NoError(t, err)
		if tt.accepted {
			assert.NoError(t, v.Verify(webhookInteropPayload, h))
			assert.NoError(t, webhookReference(t, webhookTestSecret).Verify(webhookInteropPayload, h))
			continue
		}
		assert.ErrorIs(t, v.Verify(webhookInteropPayload, h), tt.ours)
		assert.ErrorIs(t, webhookReference(t, webhookTestSecret).Verify(webhookInteropPayload, h), tt.theirs)
	}
}
