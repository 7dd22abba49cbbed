package crevio_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIntegrationRefundPartialThenFullThenOver(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	cat := checkoutSeedCatalog(t, srv)
	c := fastClient(srv)
	ctx := context.Background()
	o := orderPaid(t, srv, c, "jane@example.com", cat.course, cat.workbook) // 64.00
	require.Equal(t, int64(6400), o.Amount)

	// Partial.
	partial, err := c.Refunds.Create(ctx, &crevio.RefundCreateParams{
		Order: o.ID, Amount: crevio.Ptr[int64](1500), Reason: crevio.Ptr("Workbook not needed"), Notes: crevio.Ptr("ticket 42"),
	})
	require.NoError(t, err)
	assert.Regexp(t, `^re_`, partial.ID)
	assert.Equal(t, "refund", partial.Object)
	assert.Equal(t, int64(1500), partial.Amount)
	assert.Equal(t, "usd", partial.Currency)
	assert.Equal(t, crevio.RefundStatusSucceeded, partial.Status)
	assert.Equal(t, "Workbook not needed", *partial.Reason)
	assert.Equal(t, "ticket 42", *partial.Notes)
	assert.Equal(t, "stripe", *partial.Provider)
	assert.Equal(t, o.ID, partial.Order.ID)
	assert.False(t, partial.CreatedAt.IsZero())

	got, err := c.Orders.Get(ctx, o.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, crevio.OrderStatusPartiallyRefunded, got.Status)
	assert.Equal(t, int64(1500), got.AmountRefunded)
	customer, err := c.Customers.Get(ctx, o.Customer.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(4900), customer.TotalSpend, "refunds come off the customer's spend")

	// More than what remains is refused, and changes nothing.
	_, err = c.Refunds.Create(ctx, &crevio.RefundCreateParams{Order: o.ID, Amount: crevio.Ptr[int64](4901)})
	assert.ErrorIs(t, err, crevio.ErrValidation)
	assert.NotEmpty(t, asAPIError(t, err).Errors["amount"])
	assert.Equal(t, 1, srv.Count("refunds"))

	// Full: no amount refunds the rest.
	rest, err := c.Refunds.Create(ctx, &crevio.RefundCreateParams{Order: o.ID})
	require.NoError(t, err)
	assert.Equal(t, int64(4900), rest.Amount)
	got, err = c.Orders.Get(ctx, o.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, crevio.OrderStatusRefunded, got.Status)
	assert.Equal(t, int64(6400), got.AmountRefunded)
	assert.False(t, got.UpdatedAt.Before(got.CreatedAt.Time))

	// Over: nothing is left to refund.
	for _, amount := range []*int64{nil, crevio.Ptr[int64](1)} {
		_, err = c.Refunds.Create(ctx, &crevio.RefundCreateParams{Order: o.ID, Amount: amount})
		assert.ErrorIs(t, err, crevio.ErrValidation)
		assert.NotEmpty(t, asAPIError(t, err).Errors["order"])
	}
	assert.Equal(t, 2, srv.Count("refunds"))

	page, err := c.Refunds.List(ctx, &crevio.RefundListParams{Order: crevio.Ptr(o.ID)})
	require.NoError(t, err)
	require.Len(t, page.Data, 2)
	assert.Equal(t, rest.ID, page.Data[0].ID, "newest first")
	assert.Equal(t, partial.ID, page.Data[1].ID)
	one, err := c.Refunds.Get(ctx, partial.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, partial.Amount, one.Amount)
	assert.Equal(t, o.ID, one.Order.ID)
}

func TestIntegrationRefundRules(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	orders, err := srv.Seed("orders",
		map[string]any{"status": "pending", "amount": 1000},
		map[string]any{"status": "succeeded", "amount": 1000, "currency": "eur", "processor": "x402"})
	require.NoError(t, err)
	c := fastClient(srv)
	ctx := context.Background()

	tests := []struct {
		name   string
		params *crevio.RefundCreateParams
		field  string
	}{
		{"unknown order", &crevio.RefundCreateParams{Order: "ord_nope"}, "order"},
		{"unpaid order", &crevio.RefundCreateParams{Order: orders[0]["id"].(string)}, "order"},
		{"amount 0 past the SDK", &crevio.RefundCreateParams{Order: orders[1]["id"].(string), Extra: map[string]any{"amount": 0}}, "amount"},
		{"fractional amount", &crevio.RefundCreateParams{Order: orders[1]["id"].(string), Extra: map[string]any{"amount": 1.5}}, "amount"},
		{"amount not a number", &crevio.RefundCreateParams{Order: orders[1]["id"].(string), Extra: map[string]any{"amount": "10"}}, "amount"},
		{"no order past the SDK", &crevio.RefundCreateParams{Order: "x", Extra: map[string]any{"order": nil}}, "order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Refunds.Create(ctx, tt.params)
			assert.ErrorIs(t, err, crevio.ErrValidation)
			assert.NotEmpty(t, asAPIError(t, err).Errors[tt.field], "%v", err)
		})
	}
	assert.Zero(t, srv.Count("refunds"))

	// A succeeded order refunds in its own currency, through its processor.
	re, err := c.Refunds.Create(ctx, &crevio.RefundCreateParams{Order: orders[1]["id"].(string), Amount: crevio.Ptr[int64](1000)})
	require.NoError(t, err)
	assert.Equal(t, "eur", re.Currency)
	assert.Equal(t, "x402", *re.Provider)
	o, err := c.Orders.Get(ctx, orders[1]["id"].(string), nil)
	require.NoError(t, err)
	assert.Equal(t, crevio.OrderStatusRefunded, o.Status)

	_, err = c.Refunds.Get(ctx, "re_nope", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
}

func TestIntegrationRefundsAllPages(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	orders, err := srv.Seed("orders",
		map[string]any{"status": "paid", "amount": 100000},
		map[string]any{"status": "paid", "amount": 100000})
	require.NoError(t, err)
	big, other := orders[0]["id"].(string), orders[1]["id"].(string)
	var seeds []map[string]any
	for i := range 25 {
		seeds = append(seeds, map[string]any{"order": big, "amount": 100 + i, "currency": "usd", "status": "succeeded",
			"created_at": fmt.Sprintf("2025-02-01T00:00:%02dZ", i)})
	}
	seeds = append(seeds, map[string]any{"order": other, "amount": 5, "status": "succeeded"})
	_, err = srv.Seed("refunds", seeds...)
	require.NoError(t, err)
	c := fastClient(srv)

	var amounts []int64
	for r, err := range c.Refunds.All(context.Background(), &crevio.RefundListParams{Order: crevio.Ptr(big), Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		assert.Equal(t, big, r.Order.ID)
		amounts = append(amounts, r.Amount)
	}
	require.Len(t, amounts, 25)
	assert.Equal(t, int64(124), amounts[0], "newest first")
	assert.Equal(t, int64(100), amounts[24])
	assert.Len(t, srv.Requests(), 3)

	o, err := c.Orders.Get(context.Background(), big, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(25*100+300), o.AmountRefunded, "seeded refunds count against their order")
	assert.Equal(t, crevio.OrderStatusPartiallyRefunded, o.Status)
}
