package crevio_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIntegrationCustomerLifecycle(t *testing.T) {
	clk := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	_, c := frozenServer(t, clk)
	ctx := context.Background()

	created, err := c.Customers.Create(ctx, &crevio.CustomerCreateParams{
		Email: "jane@example.com", Name: crevio.Ptr("Jane Doe"), FirstName: crevio.Ptr("Jane"),
		PhoneNumber: crevio.Ptr("+15555550123"),
	})
	require.NoError(t, err)
	assert.Regexp(t, `^cus_`, created.ID)
	assert.Equal(t, "customer", created.Object)
	assert.Equal(t, "jane@example.com", created.Email)
	assert.Equal(t, "Jane Doe", *created.Name)
	assert.Equal(t, "Jane", *created.FirstName)
	assert.Nil(t, created.LastName)
	assert.Equal(t, crevio.CustomerTypeLead, created.CustomerType, "a new customer is a lead unless told")
	assert.True(t, created.ConfirmedAt.IsZero(), "confirmed_at is null by default")
	assert.Zero(t, created.OrdersCount)
	assert.Zero(t, created.TotalSpend)
	assert.Empty(t, created.Tags)
	assert.Equal(t, clk, created.CreatedAt.UTC())

	got, err := c.Customers.Get(ctx, created.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, created.Email, got.Email)

	updated, err := c.Customers.Update(ctx, created.ID, &crevio.CustomerUpdateParams{
		Name: crevio.Null[string](), LastName: crevio.NullableValue("Doe"), CustomerType: crevio.Ptr(crevio.CustomerTypeFree),
	})
	require.NoError(t, err)
	assert.Nil(t, updated.Name, "Null cleared the name")
	assert.Equal(t, "Doe", *updated.LastName)
	assert.Equal(t, "Jane", *updated.FirstName, "unset fields are left alone")
	assert.Equal(t, crevio.CustomerTypeFree, updated.CustomerType)

	_, err = c.Customers.Get(ctx, "cus_missing", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	_, err = c.Customers.Update(ctx, "cus_missing", &crevio.CustomerUpdateParams{Name: crevio.NullableValue("x")})
	assert.ErrorIs(t, err, crevio.ErrNotFound)
}

func TestIntegrationCustomerValidation(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()

	jane, err := c.Customers.Create(ctx, &crevio.CustomerCreateParams{Email: "jane@example.com"})
	require.NoError(t, err)
	bo, err := c.Customers.Create(ctx, &crevio.CustomerCreateParams{Email: "bo@example.com"})
	require.NoError(t, err)

	for name, tt := range map[string]struct {
		call  func() error
		field string
		msg   string
	}{
		"duplicate email": {func() error {
			_, err := c.Customers.Create(ctx, &crevio.CustomerCreateParams{Email: "jane@example.com"})
			return err
		}, "email", "has already been taken"},
		"duplicate email in another case": {func() error {
			_, err := c.Customers.Create(ctx, &crevio.CustomerCreateParams{Email: "JANE@Example.com"})
			return err
		}, "email", "has already been taken"},
		"update to a taken email": {func() error {
			_, err := c.Customers.Update(ctx, bo.ID, &crevio.CustomerUpdateParams{Email: crevio.Ptr("Jane@example.com")})
			return err
		}, "email", "has already been taken"},
		"invalid email": {func() error {
			_, err := c.Customers.Create(ctx, &crevio.CustomerCreateParams{Email: "not-an-email"})
			return err
		}, "email", "is invalid"},
		"blank email on update": {func() error {
			_, err := c.Customers.Update(ctx, bo.ID, &crevio.CustomerUpdateParams{Email: crevio.Ptr(" ")})
			return err
		}, "email", "can't be blank"},
		"unknown customer type": {func() error {
			_, err := c.Customers.Create(ctx, &crevio.CustomerCreateParams{Email: "x@example.com", CustomerType: crevio.Ptr(crevio.CustomerType("customer"))})
			return err
		}, "customer_type", "is not included in the list"},
	} {
		t.Run(name, func(t *testing.T) {
			err := tt.call()
			var apiErr *crevio.Error
			require.ErrorAs(t, err, &apiErr)
			assert.ErrorIs(t, err, crevio.ErrValidation)
			assert.Equal(t, 422, apiErr.StatusCode)
			assert.Contains(t, apiErr.Errors[tt.field], tt.msg)
		})
	}

	fake, err := c.Customers.Create(ctx, &crevio.CustomerCreateParams{Email: "y@example.com", Extra: map[string]any{
		"confirmed_at": "2025-01-01T00:00:00Z", "orders_count": 9, "total_spend": 999,
	}})
	require.NoError(t, err)
	assert.True(t, fake.ConfirmedAt.IsZero(), "confirmed_at is read-only: a create cannot set it")
	assert.Zero(t, fake.OrdersCount, "nor the order statistics")
	assert.Zero(t, fake.TotalSpend)
	fake, err = c.Customers.Update(ctx, fake.ID, &crevio.CustomerUpdateParams{Extra: map[string]any{"confirmed_at": "2025-01-01T00:00:00Z"}})
	require.NoError(t, err)
	assert.True(t, fake.ConfirmedAt.IsZero(), "nor can an update")

	updated, err := c.Customers.Update(ctx, jane.ID, &crevio.CustomerUpdateParams{Email: crevio.Ptr("JANE@example.com")})
	require.NoError(t, err, "a customer may change the case of its own email")
	assert.Equal(t, "JANE@example.com", updated.Email)
	assert.Equal(t, 3, srv.Count("customers"))
}

func TestIntegrationCustomerListFilters(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	_, err := srv.Seed("customers",
		map[string]any{"email": "ann@example.com", "name": "Ann Archer", "customer_type": "paid"},
		map[string]any{"email": "bob@shop.io", "name": "Bob Baker", "customer_type": "free"},
		map[string]any{"email": "carla@example.com", "name": nil, "customer_type": "lead"},
		map[string]any{"email": "dan@mail.net", "name": "Dan Example-Smith", "customer_type": "paid"},
	)
	require.NoError(t, err)
	c := fastClient(srv)
	ctx := context.Background()
	emails := func(p *crevio.CustomerListParams) []string {
		t.Helper()
		var out []string
		for cu, err := range c.Customers.All(ctx, p) {
			require.NoError(t, err)
			out = append(out, cu.Email)
		}
		return out
	}

	assert.Equal(t, []string{"dan@mail.net", "carla@example.com", "bob@shop.io", "ann@example.com"}, emails(nil), "newest first")
	assert.Equal(t, []string{"dan@mail.net", "ann@example.com"}, emails(&crevio.CustomerListParams{CustomerType: crevio.Ptr(crevio.CustomerTypePaid)}))
	assert.Equal(t, []string{"carla@example.com"}, emails(&crevio.CustomerListParams{CustomerType: crevio.Ptr(crevio.CustomerTypeLead)}))
	assert.Equal(t, []string{"dan@mail.net", "carla@example.com", "ann@example.com"},
		emails(&crevio.CustomerListParams{Query: crevio.Ptr("EXAMPLE")}), "query matches email or name, ignoring case")
	assert.Equal(t, []string{"bob@shop.io"}, emails(&crevio.CustomerListParams{Query: crevio.Ptr("baker")}), "query matches the name")
	page, err := c.Customers.List(ctx, &crevio.CustomerListParams{Query: crevio.Ptr("example"), CustomerType: crevio.Ptr(crevio.CustomerTypePaid), Limit: crevio.Ptr(1)})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	assert.Equal(t, "dan@mail.net", page.Data[0].Email)
	assert.True(t, page.HasMore, "filters and paging combine")
	assert.Empty(t, emails(&crevio.CustomerListParams{Query: crevio.Ptr("zzz")}))
}

func TestIntegrationCustomerConfirm(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	clk := func() time.Time { return now }
	srv := creviotest.NewTestServer(t, creviotest.WithClock(func() time.Time { return clk() }))
	c := fastClient(srv)
	ctx := context.Background()

	cu, err := c.Customers.Create(ctx, &crevio.CustomerCreateParams{Email: "jane@example.com"})
	require.NoError(t, err)
	require.True(t, cu.ConfirmedAt.IsZero())

	later := now.Add(time.Hour)
	clk = func() time.Time { return later }
	require.NoError(t, srv.ConfirmCustomer(cu.ID))
	got, err := c.Customers.Get(ctx, cu.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, later, got.ConfirmedAt.UTC())
	assert.Equal(t, later, got.UpdatedAt.UTC())

	clk = func() time.Time { return later.Add(time.Hour) }
	require.NoError(t, srv.ConfirmCustomer(cu.ID), "confirming again is not an error")
	again, err := c.Customers.Get(ctx, cu.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, later, again.ConfirmedAt.UTC(), "the first confirmation time stays")

	assert.ErrorContains(t, srv.ConfirmCustomer("cus_missing"), "no such customer")
}

func TestIntegrationCustomerWalk(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	for i := range 25 {
		_, err := srv.Seed("customers", map[string]any{"email": fmt.Sprintf("c%02d@example.com", i)})
		require.NoError(t, err)
	}
	c := fastClient(srv)
	srv.ResetRequests()
	seen := map[string]bool{}
	var emails []string
	for cu, err := range c.Customers.All(context.Background(), &crevio.CustomerListParams{Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		require.False(t, seen[cu.ID], "duplicate %s", cu.ID)
		seen[cu.ID] = true
		emails = append(emails, cu.Email)
	}
	require.Len(t, emails, 25)
	assert.Equal(t, "c24@example.com", emails[0])
	assert.Equal(t, "c00@example.com", emails[24])
	assert.Len(t, srv.Requests(), 3, "25 customers at 10 a page")
}
