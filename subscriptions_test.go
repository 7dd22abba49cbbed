package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSubscriptionsWire(t *testing.T) {
	sub := fixture(t, "subscription.json")
	list := fixture(t, "subscriptions_list.json")
	checkWire(t, []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.Subscriptions.List(bg, nil); return err },
			method: "GET", path: "/subscriptions", respond: list,
		},
		{
			name: "list with every filter",
			call: func(c *Client) error {
				_, err := c.Subscriptions.List(bg, &SubscriptionListParams{
					Status: Ptr(SubscriptionStatusPastDue), Limit: Ptr(1), StartingAfter: Ptr("sub_9"),
					Extra: map[string]any{"customer": "cus_1"},
				})
				return err
			},
			method: "GET", path: "/subscriptions", query: "customer=cus_1&limit=1&starting_after=sub_9&status=past_due", respond: list,
		},
		{
			name: "all",
			call: func(c *Client) error {
				for _, err := range c.Subscriptions.All(bg, &SubscriptionListParams{Status: Ptr(SubscriptionStatusActive)}) {
					if err != nil {
						return err
					}
				}
				return nil
			},
			method: "GET", path: "/subscriptions", query: "status=active", respond: list, // has_more is false: one request
		},
		{
			name:   "get escapes the id",
			call:   func(c *Client) error { _, err := c.Subscriptions.Get(bg, "sub 1?", nil); return err },
			method: "GET", path: "/subscriptions/sub%201%3F", respond: sub,
		},
		{
			name:   "cancel with nil params sends an empty object",
			call:   func(c *Client) error { _, err := c.Subscriptions.Cancel(bg, "sub_abc123", nil); return err },
			method: "POST", path: "/subscriptions/sub_abc123/cancel", body: `{}`, respond: sub,
		},
		{
			name: "cancel with extra options",
			call: func(c *Client) error {
				_, err := c.Subscriptions.Cancel(bg, "sub_abc123", &SubscriptionActionParams{Extra: map[string]any{"at_period_end": true}})
				return err
			},
			method: "POST", path: "/subscriptions/sub_abc123/cancel", body: `{"at_period_end":true}`, respond: sub,
		},
		{
			name:   "pause",
			call:   func(c *Client) error { _, err := c.Subscriptions.Pause(bg, "sub_abc123", nil); return err },
			method: "POST", path: "/subscriptions/sub_abc123/pause", body: `{}`, respond: sub,
		},
		{
			name: "resume escapes the id",
			call: func(c *Client) error {
				_, err := c.Subscriptions.Resume(bg, "sub#1", &SubscriptionActionParams{})
				return err
			},
			method: "POST", path: "/subscriptions/sub%231/resume", body: `{}`, respond: sub,
		},
	})
}

func TestSubscriptionDecode(t *testing.T) {
	raw := fixture(t, "subscription.json")
	r := newRecorder(t)
	r.respond(200, raw)
	s, err := r.client().Subscriptions.Get(bg, "sub_abc123", nil)
	require.NoError(t, err)

	assert.Equal(t, "sub_abc123", s.ID)
	assert.Equal(t, "subscription", s.Object)
	assert.Equal(t, SubscriptionStatusActive, s.Status)
	assert.True(t, s.Status.IsKnown())
	assert.Equal(t, 2, *s.Quantity)
	assert.Equal(t, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), s.CurrentPeriodStart.UTC())
	assert.Equal(t, time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), s.CurrentPeriodEnd.UTC())
	assert.True(t, s.TrialEndsAt.IsZero())
	assert.True(t, s.EndsAt.IsZero())
	assert.True(t, s.CanceledAt.IsZero())
	assert.False(t, s.Canceled)
	assert.False(t, s.Paused)
	assert.Equal(t, "cus_abc123", s.Customer.ID)
	_, expanded := s.Customer.Expanded()
	assert.False(t, expanded)
	assert.Equal(t, "price_monthly", s.PriceVariant.ID)
	assert.Equal(t, "prod_abc123", *s.Product)
	assert.Equal(t, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), s.CreatedAt.UTC())
	assert.Equal(t, time.Date(2025, 3, 2, 8, 0, 0, 0, time.UTC), s.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(s.RawJSON()))
	var extra struct {
		CancelAtPeriodEnd *bool `json:"cancel_at_period_end"`
	}
	require.NoError(t, json.Unmarshal(s.RawJSON(), &extra))
	require.NotNil(t, extra.CancelAtPeriodEnd)
}

func TestSubscriptionListDecode(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "subscriptions_list.json"))
	page, err := r.client().Subscriptions.List(bg, nil)
	require.NoError(t, err)
	assert.False(t, page.HasMore)
	assert.Equal(t, "/v1/subscriptions", page.URL)
	require.Len(t, page.Data, 2)

	odd := page.Data[0]
	assert.Equal(t, SubscriptionStatus("on_hold_forever"), odd.Status, "unknown enum values decode as they are")
	assert.False(t, odd.Status.IsKnown())
	assert.Nil(t, odd.Quantity)
	assert.Equal(t, time.Date(2025, 3, 15, 0, 0, 0, 0, time.UTC), odd.TrialEndsAt.UTC())
	assert.True(t, odd.Customer.IsZero(), "no customer field: zero Expandable")
	assert.True(t, odd.PriceVariant.IsZero())
	assert.Nil(t, odd.Product)

	canceled := page.Data[1]
	assert.Equal(t, SubscriptionStatusCanceled, canceled.Status)
	assert.True(t, canceled.Canceled)
	assert.Equal(t, time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC), canceled.CanceledAt.UTC())
	assert.Equal(t, time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC), canceled.EndsAt.UTC())
	cust, ok := canceled.Customer.Expanded()
	require.True(t, ok, "an embedded customer decodes as an object")
	assert.Equal(t, "cus_abc123", canceled.Customer.ID)
	assert.Equal(t, "jane@example.com", cust.Email)
	assert.Equal(t, CustomerTypePaid, cust.CustomerType)
	assert.JSONEq(t, `{"id": "cus_abc123", "object": "customer", "email": "jane@example.com", "customer_type": "paid"}`, string(cust.RawJSON()))
}

func TestSubscriptionStatusIsKnown(t *testing.T) {
	for _, s := range []SubscriptionStatus{SubscriptionStatusActive, SubscriptionStatusTrialing, SubscriptionStatusPastDue,
		SubscriptionStatusPaused, SubscriptionStatusCanceled, SubscriptionStatusUnpaid, SubscriptionStatusIncomplete} {
		assert.True(t, s.IsKnown(), s)
	}
	assert.False(t, SubscriptionStatus("cancelled").IsKnown(), "British spelling is not the API's")
}
