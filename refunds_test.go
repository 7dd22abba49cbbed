package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRefundsWire(t *testing.T) {
	refund := fixture(t, "refund.json")
	list := fixture(t, "refunds_list.json")
	checkWireUA(t, "shop/1.0", []wireCase{
		{
			name: "create a full refund sends no amount",
			call: func(c *Client) error {
				_, err := c.Refunds.Create(bg, &RefundCreateParams{Order: "ord_abc123"})
				return err
			},
			method: "POST", path: "/refunds", body: `{"order":"ord_abc123"}`, respond: refund,
		},
		{
			name: "create a partial refund with every field",
			call: func(c *Client) error {
				_, err := c.Refunds.Create(bg, &RefundCreateParams{
					Order: "ord_abc123", Amount: Ptr[int64](1000), Reason: Ptr("Partial refund"), Notes: Ptr("Approved"),
					Extra: map[string]any{"metadata": map[string]string{"ticket": "T-42"}},
				})
				return err
			},
			method: "POST", path: "/refunds",
			body:    `{"order":"ord_abc123","amount":1000,"reason":"Partial refund","notes":"Approved","metadata":{"ticket":"T-42"}}`,
			respond: refund,
		},
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.Refunds.List(bg, nil); return err },
			method: "GET", path: "/refunds", respond: list,
		},
		{
			name: "list with every filter",
			call: func(c *Client) error {
				_, err := c.Refunds.List(bg, &RefundListParams{
					Order: Ptr("ord_abc123"), Limit: Ptr(1), StartingAfter: Ptr("re_9"), Extra: map[string]any{"status": "succeeded"},
				})
				return err
			},
			method: "GET", path: "/refunds", query: "limit=1&order=ord_abc123&starting_after=re_9&status=succeeded", respond: list,
		},
		{
			name: "all sends the list params",
			call: func(c *Client) error {
				for _, err := range c.Refunds.All(bg, &RefundListParams{Order: Ptr("ord_1")}) {
					if err != nil {
						return err
					}
				}
				return nil
			},
			method: "GET", path: "/refunds", query: "order=ord_1", respond: list,
		},
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.Refunds.Get(bg, "re_abc123", nil); return err },
			method: "GET", path: "/refunds/re_abc123", respond: refund,
		},
		{
			name:   "get escapes the id",
			call:   func(c *Client) error { _, err := c.Refunds.Get(bg, "re 1#2", nil); return err },
			method: "GET", path: "/refunds/re%201%232", respond: refund,
		},
	})
}

func TestRefundsRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	_, err := c.Refunds.Create(bg, nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.Refunds.Create(bg, &RefundCreateParams{Amount: Ptr[int64](100)})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.ErrorContains(t, err, "Order is required")
	for _, amount := range []int64{0, -1} {
		_, err = c.Refunds.Create(bg, &RefundCreateParams{Order: "ord_1", Amount: Ptr(amount)})
		assert.ErrorIs(t, err, ErrInvalidParam, "amount %d", amount)
		assert.ErrorContains(t, err, "Amount must be more than 0")
	}
	_, err = c.Refunds.List(bg, &RefundListParams{Limit: Ptr(101)})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.Empty(t, r.requests(), "invalid input must not reach the network")
}

func TestRefundDecode(t *testing.T) {
	raw := fixture(t, "refund.json")
	r := newRecorder(t)
	r.respond(200, raw)
	re, err := r.client().Refunds.Create(bg, &RefundCreateParams{Order: "ord_abc123", Amount: Ptr[int64](1000)})
	require.NoError(t, err)

	assert.Equal(t, "re_abc123", re.ID)
	assert.Equal(t, "refund", re.Object)
	assert.Equal(t, int64(1000), re.Amount)
	assert.Equal(t, "usd", re.Currency)
	assert.Equal(t, RefundStatusSucceeded, re.Status)
	assert.True(t, re.Status.IsKnown())
	assert.Equal(t, "Partial refund: one seat unused", *re.Reason)
	assert.Equal(t, "Approved by support", *re.Notes)
	assert.Equal(t, "stripe", *re.Provider)
	assert.Equal(t, map[string]any{"ticket": "T-42", "priority": float64(2)}, re.Metadata)
	assert.Equal(t, "ord_abc123", re.Order.ID)
	_, expanded := re.Order.Expanded()
	assert.False(t, expanded)
	assert.Equal(t, time.Date(2025, 3, 2, 9, 0, 0, 0, time.UTC), re.CreatedAt.UTC())
	assert.Equal(t, time.Date(2025, 3, 2, 9, 0, 0, 0, time.UTC), re.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(re.RawJSON()))
	var extra struct{ Charge string }
	require.NoError(t, json.Unmarshal(re.RawJSON(), &extra))
	assert.Equal(t, "ch_123", extra.Charge)
}

func TestRefundListDecode(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "refunds_list.json"))
	page, err := r.client().Refunds.List(bg, &RefundListParams{Order: Ptr("ord_abc123")})
	require.NoError(t, err)
	assert.False(t, page.HasMore)
	assert.Equal(t, "/v1/refunds", page.URL)
	require.Len(t, page.Data, 2)

	b := page.Data[0]
	assert.Equal(t, "re_b", b.ID)
	assert.Equal(t, RefundStatus("requires_action"), b.Status, "unknown enum values decode as they are")
	assert.False(t, b.Status.IsKnown())
	assert.Nil(t, b.Reason)
	assert.Nil(t, b.Notes)
	assert.Empty(t, b.Metadata)
	assert.Equal(t, time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC), b.CreatedAt.UTC(), "a zone-less timestamp still decodes")
	assert.True(t, b.UpdatedAt.IsZero())
	assert.Equal(t, "re_a", page.Data[1].ID)
	assert.Equal(t, "Partial", *page.Data[1].Reason)
}

func TestRefundStatusIsKnown(t *testing.T) {
	for _, s := range []RefundStatus{RefundStatusPending, RefundStatusSucceeded, RefundStatusFailed} {
		assert.True(t, s.IsKnown(), s)
	}
	assert.False(t, RefundStatus("canceled").IsKnown())
}
