package crevio_test

import (
	"context"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIntegrationEmails(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	ctx := context.Background()
	custs, err := srv.Seed("customers", map[string]any{"email": "ann@example.com", "name": "Ann"})
	require.NoError(t, err)
	ann := custs[0]["id"].(string)
	c := fastClient(srv)

	e, err := c.Emails.Send(ctx, &crevio.EmailSendParams{Customer: crevio.Ptr(ann), Subject: "Your course is ready", HTML: crevio.Ptr("<p>Enjoy</p>")})
	require.NoError(t, err)
	assert.Regexp(t, `^em_`, e.ID)
	assert.Equal(t, "email", e.Object)
	assert.Equal(t, ann, e.Customer.ID)
	assert.Equal(t, "ann@example.com", e.To, "sent to the customer's address")
	assert.Equal(t, "Your course is ready", e.Subject)
	assert.Equal(t, crevio.EmailStatusSent, e.Status)
	assert.False(t, e.CreatedAt.IsZero())

	byAddr, err := c.Emails.Send(ctx, &crevio.EmailSendParams{Customer: crevio.Ptr("ANN@example.com"), Subject: "Hi", Body: crevio.Ptr("Hello"),
		Extra: map[string]any{"status": "failed"}})
	require.NoError(t, err)
	assert.Equal(t, ann, byAddr.Customer.ID, "a customer named by address is found")
	assert.Equal(t, "ANN@example.com", byAddr.To)
	assert.Equal(t, crevio.EmailStatusSent, byAddr.Status, "the status is the API's to set")

	stranger, err := c.Emails.Send(ctx, &crevio.EmailSendParams{To: crevio.Ptr("bo@example.com"), Subject: "Welcome", ReplyTo: crevio.Ptr("help@shop.test")})
	require.NoError(t, err)
	assert.True(t, stranger.Customer.IsZero())
	assert.Equal(t, "bo@example.com", stranger.To)

	// The fake records what was sent, for the test to check.
	assert.Equal(t, 3, srv.Count("emails"))
	sent := srv.SentEmails()
	require.Len(t, sent, 3)
	assert.Equal(t, "Your course is ready", sent[0]["subject"])
	assert.Equal(t, "<p>Enjoy</p>", sent[0]["html"])
	assert.Equal(t, "Hello", sent[1]["body"])
	assert.Equal(t, "help@shop.test", sent[2]["reply_to"])
	stored, ok := srv.Get("emails", e.ID)
	require.True(t, ok)
	assert.Equal(t, "ann@example.com", stored["to"])

	var apiErr *crevio.Error
	_, err = c.Emails.Send(ctx, &crevio.EmailSendParams{Customer: crevio.Ptr("cus_missing"), Subject: "Hi"})
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, crevio.ErrValidation)
	assert.Equal(t, []string{"must exist"}, apiErr.Errors["customer"])
	_, err = c.Emails.Send(ctx, &crevio.EmailSendParams{Subject: "Hi"})
	require.ErrorAs(t, err, &apiErr)
	assert.NotEmpty(t, apiErr.Errors["to"], "a recipient is needed")
	_, err = c.Emails.Send(ctx, &crevio.EmailSendParams{To: crevio.Ptr("not-an-address"), Subject: "Hi"})
	require.ErrorAs(t, err, &apiErr)
	assert.NotEmpty(t, apiErr.Errors["to"])
	_, err = c.Emails.Send(ctx, &crevio.EmailSendParams{To: crevio.Ptr("bo@example.com")})
	require.ErrorAs(t, err, &apiErr)
	assert.NotEmpty(t, apiErr.Errors["subject"])
	assert.Equal(t, 3, srv.Count("emails"), "failed sends record nothing")
}
