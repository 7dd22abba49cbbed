package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOrderItemsWire(t *testing.T) {
	item := fixture(t, "order_item.json")
	checkWireUA(t, "shop/1.0", []wireCase{
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.OrderItems.Get(bg, "ordi_1", nil); return err },
			method: "GET", path: "/order_items/ordi_1", respond: item,
		},
		{
			name:   "get escapes the id",
			call:   func(c *Client) error { _, err := c.OrderItems.Get(bg, "ordi 1?é", nil); return err },
			method: "GET", path: "/order_items/ordi%201%3F%C3%A9", respond: item,
		},
	})
}

func TestOrderItemsRejectBadIDsBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	for _, id := range []string{"", ".", "..", "a/b", "x\x00"} {
		_, err := c.OrderItems.Get(bg, id, nil)
		assert.ErrorIs(t, err, ErrInvalidID, "id %q", id)
	}
	assert.Empty(t, r.requests())
}

func TestOrderItemDecode(t *testing.T) {
	raw := fixture(t, "order_item.json")
	r := newRecorder(t)
	r.respond(200, raw)
	i, err := r.client().OrderItems.Get(bg, "ordi_1", nil)
	require.NoError(t, err)

	assert.Equal(t, "ordi_1", i.ID)
	assert.Equal(t, "order_item", i.Object)
	assert.Equal(t, 2, i.Quantity)
	assert.Equal(t, int64(9800), *i.Amount)
	assert.Equal(t, "price_one", i.PriceVariant.ID)
	_, expanded := i.PriceVariant.Expanded()
	assert.False(t, expanded)
	assert.Equal(t, "prod_abc123", i.Product.ID)
	assert.Equal(t, "ord_abc123", i.Order.ID)
	assert.Equal(t, time.Date(2025, 3, 1, 12, 10, 0, 0, time.UTC), i.CreatedAt.UTC())
	assert.Equal(t, time.Date(2025, 3, 1, 12, 10, 0, 0, time.UTC), i.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(i.RawJSON()))
	var extra struct {
		SeatEmails []string `json:"seat_emails"`
	}
	require.NoError(t, json.Unmarshal(i.RawJSON(), &extra))
	assert.Equal(t, []string{"a@example.com"}, extra.SeatEmails)
}

func TestOrderItemDecodeMinimal(t *testing.T) {
	// The shape embedded in the reference's Order example: no amount, no
	// timestamps.
	var i OrderItem
	require.NoError(t, json.Unmarshal([]byte(`{"id":"ordi_9","object":"order_item","quantity":1,"price_variant":"price_1","product":"prod_1","order":"ord_1"}`), &i))
	assert.Nil(t, i.Amount)
	assert.True(t, i.CreatedAt.IsZero())
	assert.Equal(t, "ord_1", i.Order.ID)
}
