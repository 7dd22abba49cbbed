package crevio_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIntegrationSubscribe(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()

	sub, err := c.Subscribers.Create(ctx, &crevio.SubscriberCreateParams{Email: "reader@example.com", Name: crevio.Ptr("Avid Reader")})
	require.NoError(t, err)
	assert.Regexp(t, `^cus_`, sub.ID)
	assert.Equal(t, "customer", sub.Object)
	assert.Equal(t, "reader@example.com", sub.Email)
	assert.Equal(t, "Avid Reader", *sub.Name)
	assert.Equal(t, crevio.CustomerTypeLead, sub.CustomerType)
	assert.True(t, sub.ConfirmedAt.IsZero(), "unconfirmed until double opt-in")
	assert.Equal(t, 1, srv.Count("customers"), "the subscriber is a customer")
	assert.Zero(t, srv.Count("subscribers"), "subscribers keep no objects of their own")

	cu, err := c.Customers.Get(ctx, sub.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, sub.Email, cu.Email)

	again, err := c.Subscribers.Create(ctx, &crevio.SubscriberCreateParams{Email: "Reader@Example.com", Name: crevio.Ptr("Other Name")})
	require.NoError(t, err)
	assert.Equal(t, sub.ID, again.ID, "an existing email returns its customer")
	assert.Equal(t, "Avid Reader", *again.Name, "and leaves it unchanged")
	assert.Equal(t, 1, srv.Count("customers"))

	require.NoError(t, srv.ConfirmCustomer(sub.ID))
	confirmed, err := c.Subscribers.Create(ctx, &crevio.SubscriberCreateParams{Email: "reader@example.com"})
	require.NoError(t, err)
	assert.False(t, confirmed.ConfirmedAt.IsZero(), "a confirmed subscriber stays confirmed")
}

func TestIntegrationSubscribeExistingCustomer(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	seeded, err := srv.Seed("customers", map[string]any{"email": "buyer@example.com", "customer_type": "paid", "name": "Buyer"})
	require.NoError(t, err)
	c := fastClient(srv)

	sub, err := c.Subscribers.Create(context.Background(), &crevio.SubscriberCreateParams{Email: "buyer@example.com"})
	require.NoError(t, err)
	assert.Equal(t, seeded[0]["id"], sub.ID)
	assert.Equal(t, crevio.CustomerTypePaid, sub.CustomerType, "a paying customer is not demoted to lead")
	assert.Equal(t, 1, srv.Count("customers"))
}

func TestIntegrationSubscribeValidation(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	_, err := c.Subscribers.Create(context.Background(), &crevio.SubscriberCreateParams{Email: "not an email"})
	var apiErr *crevio.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnprocessableEntity, apiErr.StatusCode)
	assert.Equal(t, []string{"is invalid"}, apiErr.Errors["email"])
	assert.Zero(t, srv.Count("customers"))
}
