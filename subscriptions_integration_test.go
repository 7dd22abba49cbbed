package crevio_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIntegrationSubscriptionPauseResumeCancel(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	srv, c := frozenServer(t, now)
	ctx := context.Background()
	id := seedID(t, srv, "subscriptions", map[string]any{"status": "active", "customer": "cus_1", "quantity": 1})

	got, err := c.Subscriptions.Get(ctx, id, nil)
	require.NoError(t, err)
	assert.Equal(t, "subscription", got.Object)
	assert.Equal(t, crevio.SubscriptionStatusActive, got.Status)
	assert.False(t, got.Paused)
	assert.False(t, got.Canceled)
	assert.Equal(t, "cus_1", got.Customer.ID)

	paused, err := c.Subscriptions.Pause(ctx, id, nil)
	require.NoError(t, err)
	assert.Equal(t, crevio.SubscriptionStatusPaused, paused.Status)
	assert.True(t, paused.Paused)

	resumed, err := c.Subscriptions.Resume(ctx, id, nil)
	require.NoError(t, err)
	assert.Equal(t, crevio.SubscriptionStatusActive, resumed.Status)
	assert.False(t, resumed.Paused)

	canceled, err := c.Subscriptions.Cancel(ctx, id, nil)
	require.NoError(t, err)
	assert.Equal(t, crevio.SubscriptionStatusCanceled, canceled.Status)
	assert.True(t, canceled.Canceled)
	assert.Equal(t, now, canceled.CanceledAt.UTC())
	assert.Equal(t, now, canceled.EndsAt.UTC())

	stored, err := c.Subscriptions.Get(ctx, id, nil)
	require.NoError(t, err)
	assert.Equal(t, crevio.SubscriptionStatusCanceled, stored.Status, "the action's change is stored")
}

func TestIntegrationSubscriptionCancelFrom(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	for _, status := range []string{"active", "paused", "trialing", "past_due"} {
		t.Run(status, func(t *testing.T) {
			id := seedID(t, srv, "subscriptions", map[string]any{"status": status, "customer": "cus_1", "quantity": 1})
			s, err := c.Subscriptions.Cancel(context.Background(), id, nil)
			require.NoError(t, err)
			assert.Equal(t, crevio.SubscriptionStatusCanceled, s.Status)
			assert.True(t, s.Canceled)
			assert.False(t, s.Paused, "a canceled subscription is no longer paused")
			assert.False(t, s.CanceledAt.IsZero())
		})
	}
}

func TestIntegrationSubscriptionForbiddenTransitions(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()
	type action func(id string) (*crevio.Subscription, error)
	cancel := func(id string) (*crevio.Subscription, error) { return c.Subscriptions.Cancel(ctx, id, nil) }
	pause := func(id string) (*crevio.Subscription, error) { return c.Subscriptions.Pause(ctx, id, nil) }
	resume := func(id string) (*crevio.Subscription, error) { return c.Subscriptions.Resume(ctx, id, nil) }

	for _, tt := range []struct {
		name   string
		status string
		do     action
	}{
		{"cancel a canceled one", "canceled", cancel},
		{"pause a canceled one", "canceled", pause},
		{"resume a canceled one", "canceled", resume},
		{"pause a paused one", "paused", pause},
		{"pause a trialing one", "trialing", pause},
		{"pause a past-due one", "past_due", pause},
		{"resume an active one", "active", resume},
		{"resume a trialing one", "trialing", resume},
	} {
		t.Run(tt.name, func(t *testing.T) {
			id := seedID(t, srv, "subscriptions", map[string]any{"status": tt.status, "customer": "cus_1", "quantity": 1})
			_, err := tt.do(id)
			var apiErr *crevio.Error
			require.ErrorAs(t, err, &apiErr)
			assert.ErrorIs(t, err, crevio.ErrConflict)
			assert.Equal(t, http.StatusConflict, apiErr.StatusCode)
			assert.Equal(t, "invalid_state", apiErr.Code)
			assert.Equal(t, "status", apiErr.Param)
			assert.Contains(t, apiErr.Message, tt.status)

			s, err := c.Subscriptions.Get(ctx, id, nil)
			require.NoError(t, err)
			assert.Equal(t, crevio.SubscriptionStatus(tt.status), s.Status, "a refused action changes nothing")
		})
	}

	_, err := cancel("sub_missing")
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	_, err = c.Subscriptions.Get(ctx, "sub_missing", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
}

func TestIntegrationSubscriptionListAndWalk(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	for i := range 25 {
		status := "active"
		if i%5 == 0 {
			status = "paused"
		}
		_, err := srv.Seed("subscriptions", map[string]any{"status": status, "quantity": i + 1})
		require.NoError(t, err)
	}
	c := fastClient(srv)
	ctx := context.Background()

	srv.ResetRequests()
	seen := map[string]bool{}
	var quantities []int
	for s, err := range c.Subscriptions.All(ctx, &crevio.SubscriptionListParams{Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		require.False(t, seen[s.ID], "duplicate %s", s.ID)
		seen[s.ID] = true
		quantities = append(quantities, *s.Quantity)
	}
	require.Len(t, quantities, 25)
	assert.Equal(t, 25, quantities[0], "newest first")
	assert.Equal(t, 1, quantities[24])
	assert.Len(t, srv.Requests(), 3)

	paused, err := c.Subscriptions.List(ctx, &crevio.SubscriptionListParams{Status: crevio.Ptr(crevio.SubscriptionStatusPaused)})
	require.NoError(t, err)
	require.Len(t, paused.Data, 5)
	for _, s := range paused.Data {
		assert.Equal(t, crevio.SubscriptionStatusPaused, s.Status)
		assert.True(t, s.Paused, "a seeded paused subscription has paused set")
	}
	canceled, err := c.Subscriptions.List(ctx, &crevio.SubscriptionListParams{Status: crevio.Ptr(crevio.SubscriptionStatusCanceled)})
	require.NoError(t, err)
	assert.Empty(t, canceled.Data)
	assert.False(t, canceled.HasMore)
}
