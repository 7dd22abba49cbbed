package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEmailsWire(t *testing.T) {
	email := fixture(t, "email.json")
	send := func(p *EmailSendParams) func(c *Client) error {
		return func(c *Client) error { _, err := c.Emails.Send(bg, p, WithIdempotencyKey("welcome-ann")); return err }
	}
	idem := map[string]string{"Idempotency-Key": "welcome-ann"}
	checkWire(t, []wireCase{
		{
			name:   "to a customer",
			call:   send(&EmailSendParams{Customer: Ptr("cus_ann"), Subject: "Your course is ready", HTML: Ptr("<p>Hi</p>")}),
			method: "POST", path: "/emails", header: idem, respond: email,
			body: `{"customer":"cus_ann","subject":"Your course is ready","html":"<p>Hi</p>"}`,
		},
		{
			name: "every field",
			call: send(&EmailSendParams{
				To: Ptr("ann@example.com"), Subject: "Hi", Body: Ptr("Plain"), HTML: Ptr("<b>Rich</b>"), ReplyTo: Ptr("help@shop.test"),
				Extra: map[string]any{"tags": []string{"welcome"}},
			}),
			method: "POST", path: "/emails", header: idem, respond: email,
			body: `{"to":"ann@example.com","subject":"Hi","body":"Plain","html":"<b>Rich</b>","reply_to":"help@shop.test","tags":["welcome"]}`,
		},
	})
}

func TestEmailsRejectNilParamsBeforeIO(t *testing.T) {
	r := newRecorder(t)
	_, err := r.client().Emails.Send(bg, nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.Empty(t, r.requests())
}

func TestEmailDecode(t *testing.T) {
	raw := fixture(t, "email.json")
	r := newRecorder(t)
	r.respond(200, raw)
	e, err := r.client().Emails.Send(bg, &EmailSendParams{Customer: Ptr("cus_ann"), Subject: "Your course is ready"})
	require.NoError(t, err)
	assert.Equal(t, "em_abc123", e.ID)
	assert.Equal(t, "email", e.Object)
	assert.Equal(t, "ann@example.com", e.To)
	assert.Equal(t, "cus_ann", e.Customer.ID)
	_, expanded := e.Customer.Expanded()
	assert.False(t, expanded)
	assert.Equal(t, "Your course is ready", e.Subject)
	assert.Equal(t, EmailStatusSent, e.Status)
	assert.True(t, e.Status.IsKnown())
	assert.Equal(t, time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC), e.CreatedAt.UTC())
	assert.JSONEq(t, raw, string(e.RawJSON()))
	var extra struct {
		MessageID string `json:"message_id"`
	}
	require.NoError(t, json.Unmarshal(e.RawJSON(), &extra))
	assert.Equal(t, "<abc@mail.crevio.co>", extra.MessageID)

	r.respond(200, fixture(t, "email_expanded.json"))
	e, err = r.client().Emails.Send(bg, &EmailSendParams{To: Ptr("bo@example.com"), Subject: "Receipt"})
	require.NoError(t, err)
	cust, ok := e.Customer.Expanded()
	require.True(t, ok)
	assert.Equal(t, "cus_bo", e.Customer.ID)
	assert.Equal(t, "bo@example.com", cust.Email)
	assert.Equal(t, EmailStatus("deferred"), e.Status)
	assert.False(t, e.Status.IsKnown())
	assert.True(t, EmailStatusQueued.IsKnown() && EmailStatusFailed.IsKnown())
}

func TestEmailSendAcceptedWithoutBody(t *testing.T) {
	r := newRecorder(t)
	r.respond(202, "")
	e, err := r.client().Emails.Send(bg, &EmailSendParams{To: Ptr("a@b.test"), Subject: "S"})
	require.NoError(t, err, "202 Accepted with no body is a success")
	assert.Equal(t, &Email{}, e)

	r.respond(200, "")
	_, err = r.client().Emails.Send(bg, &EmailSendParams{To: Ptr("a@b.test"), Subject: "S"})
	var de *DecodeError
	assert.ErrorAs(t, err, &de, "an empty 200 is still a decode error")
}
