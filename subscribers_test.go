package crevio

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSubscribersWire(t *testing.T) {
	sub := fixture(t, "subscriber.json")
	checkWire(t, []wireCase{
		{
			name: "create with a name",
			call: func(c *Client) error {
				_, err := c.Subscribers.Create(bg, &SubscriberCreateParams{Email: "reader@example.com", Name: Ptr("Avid Reader")})
				return err
			},
			method: "POST", path: "/subscribers", body: `{"email":"reader@example.com","name":"Avid Reader"}`, respond: sub,
		},
		{
			name: "create with only the email and an extra field",
			call: func(c *Client) error {
				_, err := c.Subscribers.Create(bg, &SubscriberCreateParams{Email: "r@example.com", Extra: map[string]any{"form_id": "form_1"}})
				return err
			},
			method: "POST", path: "/subscribers", body: `{"email":"r@example.com","form_id":"form_1"}`, respond: sub,
		},
	})
}

func TestSubscribersRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	_, err := c.Subscribers.Create(bg, nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.Subscribers.Create(bg, &SubscriberCreateParams{Name: Ptr("no email")})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.ErrorContains(t, err, "Email is required")
	assert.Empty(t, r.requests())
}

func TestSubscriberDecode(t *testing.T) {
	raw := fixture(t, "subscriber.json")
	r := newRecorder(t)
	r.respond(200, raw)
	cu, err := r.client().Subscribers.Create(bg, &SubscriberCreateParams{Email: "reader@example.com"})
	require.NoError(t, err)
	assert.Equal(t, "cus_sub1", cu.ID)
	assert.Equal(t, "customer", cu.Object)
	assert.Equal(t, "reader@example.com", cu.Email)
	assert.Equal(t, "Avid Reader", *cu.Name)
	assert.Nil(t, cu.FirstName)
	assert.Nil(t, cu.LastName)
	assert.Nil(t, cu.PhoneNumber)
	assert.Equal(t, CustomerTypeLead, cu.CustomerType)
	assert.True(t, cu.ConfirmedAt.IsZero(), "unconfirmed until double opt-in")
	assert.Zero(t, cu.OrdersCount)
	assert.Zero(t, cu.TotalSpend)
	assert.Empty(t, cu.Tags)
	assert.False(t, cu.CreatedAt.IsZero())
	assert.False(t, cu.UpdatedAt.IsZero())
	assert.JSONEq(t, raw, string(cu.RawJSON()))
	var extra struct{ Form string }
	require.NoError(t, json.Unmarshal(cu.RawJSON(), &extra))
	assert.Equal(t, "form_newsletter", extra.Form)
}
