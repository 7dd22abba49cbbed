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

// orderPaid sells one unit of each variant through a checkout completed on
// the fake and returns the order.
func orderPaid(t *testing.T, srv *creviotest.Server, c *crevio.Client, email string, variants ...string) *crevio.Order {
	t.Helper()
	var lines []crevio.CheckoutLineItem
	for _, v := range variants {
		lines = append(lines, crevio.CheckoutLineItem{PriceVariant: v, Quantity: 1})
	}
	co, err := c.Checkouts.Create(context.Background(), &crevio.CheckoutCreateParams{LineItems: lines, Email: crevio.Ptr(email)})
	require.NoError(t, err)
	id, err := srv.CompleteCheckout(co.ID)
	require.NoError(t, err)
	o, err := c.Orders.Get(context.Background(), id, nil)
	require.NoError(t, err)
	return o
}

func TestIntegrationOrdersListAndFilters(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	cat := checkoutSeedCatalog(t, srv)
	c := fastClient(srv)
	ctx := context.Background()

	jane := orderPaid(t, srv, c, "jane@example.com", cat.course)
	bob := orderPaid(t, srv, c, "bob@example.com", cat.workbook, cat.course)
	_, err := srv.Seed("orders",
		map[string]any{"status": "pending", "amount": 100, "processor": "x402", "customer": jane.Customer.ID},
		map[string]any{"status": "failed", "amount": 200, "processor": "stripe"})
	require.NoError(t, err)

	page, err := c.Orders.List(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, page.Data, 4)
	assert.Equal(t, "/v1/orders", page.URL)
	assert.False(t, page.HasMore)

	ids := func(p *crevio.Page[crevio.Order]) []string {
		var out []string
		for _, o := range p.Data {
			out = append(out, o.ID)
		}
		return out
	}
	page, err = c.Orders.List(ctx, &crevio.OrderListParams{Status: crevio.Ptr(crevio.OrderStatusPaid)})
	require.NoError(t, err)
	assert.Equal(t, []string{bob.ID, jane.ID}, ids(page))

	page, err = c.Orders.List(ctx, &crevio.OrderListParams{Customer: crevio.Ptr(jane.Customer.ID)})
	require.NoError(t, err)
	require.Len(t, page.Data, 2)
	assert.Equal(t, crevio.OrderStatusPending, page.Data[0].Status)
	assert.Equal(t, jane.ID, page.Data[1].ID)

	page, err = c.Orders.List(ctx, &crevio.OrderListParams{Processor: crevio.Ptr("x402")})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	assert.Equal(t, int64(100), page.Data[0].Amount)

	page, err = c.Orders.List(ctx, &crevio.OrderListParams{
		Status: crevio.Ptr(crevio.OrderStatusPaid), Processor: crevio.Ptr("stripe"), Customer: crevio.Ptr(bob.Customer.ID),
		Expand: []crevio.OrderExpand{crevio.OrderExpandCustomer, crevio.OrderExpandLineItems},
	})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	cust, ok := page.Data[0].Customer.Expanded()
	require.True(t, ok)
	assert.Equal(t, "bob@example.com", cust.Email)
	require.Len(t, page.Data[0].LineItems, 2)
	first, ok := page.Data[0].LineItems[0].Expanded()
	require.True(t, ok)
	assert.Equal(t, cat.workbook, first.PriceVariant.ID)

	_, err = c.Orders.Get(ctx, "ord_nope", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	_, err = c.OrderItems.Get(ctx, "ordi_nope", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
}

func TestIntegrationOrdersAllPages(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	var seeds []map[string]any
	for i := range 25 {
		status := "paid"
		if i%5 == 0 {
			status = "refunded"
		}
		seeds = append(seeds, map[string]any{"status": status, "amount": 100 * (i + 1), "currency": "usd",
			"created_at": fmt.Sprintf("2025-01-01T00:00:%02dZ", i)})
	}
	_, err := srv.Seed("orders", seeds...)
	require.NoError(t, err)
	c := fastClient(srv)

	var amounts []int64
	for o, err := range c.Orders.All(context.Background(), &crevio.OrderListParams{Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		amounts = append(amounts, o.Amount)
	}
	require.Len(t, amounts, 25)
	assert.Equal(t, int64(2500), amounts[0], "newest first")
	assert.Equal(t, int64(100), amounts[24])
	assert.Len(t, srv.Requests(), 3)

	srv.ResetRequests()
	n := 0
	for o, err := range c.Orders.All(context.Background(), &crevio.OrderListParams{Limit: crevio.Ptr(2), Status: crevio.Ptr(crevio.OrderStatusRefunded)}) {
		require.NoError(t, err)
		assert.Equal(t, crevio.OrderStatusRefunded, o.Status)
		n++
	}
	assert.Equal(t, 5, n)
	assert.Len(t, srv.Requests(), 3, "filters are kept on every page")
	for _, r := range srv.Requests() {
		assert.Equal(t, "refunded", r.Query().Get("status"))
	}
}
