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

func TestIntegrationPriceVariantLifecycle(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()
	pid := seedID(t, srv, "products", map[string]any{"name": "Course"})

	created, err := c.PriceVariants.Create(ctx, &crevio.PriceVariantCreateParams{
		Product: pid, Name: "Monthly", Amount: crevio.Ptr[int64](1900), BillingType: crevio.Ptr(crevio.BillingTypeSubscription),
		RecurringInterval: crevio.Ptr(crevio.RecurringIntervalMonth), IntervalCount: crevio.Ptr(1),
		TrialPeriodDays: crevio.Ptr(14), Benefits: []string{"Calls"}, Extra: map[string]any{"seat_quantity": 3},
	})
	require.NoError(t, err)
	assert.Regexp(t, `^price_`, created.ID)
	assert.Equal(t, "price_variant", created.Object)
	assert.Equal(t, pid, created.Product)
	assert.Equal(t, int64(1900), *created.Amount)
	assert.Equal(t, "usd", *created.Currency, "the fake's default currency")
	assert.Equal(t, crevio.AmountTypeFixed, created.AmountType)
	assert.Equal(t, crevio.BillingTypeSubscription, created.BillingType)
	assert.Equal(t, crevio.RecurringIntervalMonth, *created.RecurringInterval)
	assert.Equal(t, 14, *created.TrialPeriodDays)
	assert.Equal(t, []string{"Calls"}, created.Benefits)
	assert.False(t, created.Archived)
	assert.False(t, created.CreatedAt.IsZero())
	assert.Contains(t, string(created.RawJSON()), `"seat_quantity":3`, "Extra fields reach the API")

	got, err := c.PriceVariants.Get(ctx, created.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, created.Name, got.Name)

	updated, err := c.PriceVariants.Update(ctx, created.ID, &crevio.PriceVariantUpdateParams{
		Name: crevio.Ptr("Monthly (new)"), TrialPeriodDays: crevio.Null[int](), Benefits: crevio.Null[[]string](),
		Amount: crevio.NullableValue[int64](2100), Position: crevio.Ptr(4),
	})
	require.NoError(t, err)
	assert.Equal(t, "Monthly (new)", updated.Name)
	assert.Nil(t, updated.TrialPeriodDays, "Null cleared the trial")
	assert.Nil(t, updated.Benefits)
	assert.Equal(t, int64(2100), *updated.Amount)
	assert.Equal(t, 4, updated.Position)
	assert.Equal(t, crevio.RecurringIntervalMonth, *updated.RecurringInterval, "unset fields are left alone")

	product, err := c.Products.Get(ctx, pid, nil)
	require.NoError(t, err)
	require.Len(t, product.PriceVariants, 1)
	assert.Equal(t, created.ID, product.PriceVariants[0].ID, "the product lists its variants")
}

func TestIntegrationPriceVariantArchive(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()
	pid := seedID(t, srv, "products", map[string]any{"name": "Course"})
	keep, err := c.PriceVariants.Create(ctx, &crevio.PriceVariantCreateParams{Product: pid, Name: "Keep"})
	require.NoError(t, err)
	old, err := c.PriceVariants.Create(ctx, &crevio.PriceVariantCreateParams{Product: pid, Name: "Old"})
	require.NoError(t, err)

	archived, err := c.PriceVariants.Archive(ctx, old.ID, nil)
	require.NoError(t, err)
	assert.True(t, archived.Archived)
	assert.Equal(t, "Old", archived.Name)

	ids := func(params *crevio.PriceVariantListParams) []string {
		t.Helper()
		var out []string
		for v, err := range c.PriceVariants.All(ctx, params) {
			require.NoError(t, err)
			out = append(out, v.ID)
		}
		return out
	}
	assert.Equal(t, []string{keep.ID}, ids(nil), "archived variants leave the default list")
	assert.Equal(t, []string{keep.ID}, ids(&crevio.PriceVariantListParams{Product: crevio.Ptr(pid)}))
	assert.Equal(t, []string{old.ID}, ids(&crevio.PriceVariantListParams{Extra: map[string]any{"archived": true}}),
		"archived=true lists the archived ones")
	assert.Equal(t, []string{keep.ID}, ids(&crevio.PriceVariantListParams{Extra: map[string]any{"archived": false}}))

	got, err := c.PriceVariants.Get(ctx, old.ID, nil)
	require.NoError(t, err, "an archived variant is still retrievable")
	assert.True(t, got.Archived)

	again, err := c.PriceVariants.Archive(ctx, old.ID, nil)
	require.NoError(t, err, "archiving twice is harmless")
	assert.True(t, again.Archived)

	product, err := c.Products.Get(ctx, pid, nil)
	require.NoError(t, err)
	assert.Len(t, product.PriceVariants, 2, "the product still names its archived variant")

	_, err = c.PriceVariants.Archive(ctx, "price_missing", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
}

func TestIntegrationPriceVariantValidation(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()
	pid := seedID(t, srv, "products", map[string]any{"name": "Course"})

	_, err := c.PriceVariants.Create(ctx, &crevio.PriceVariantCreateParams{Product: "prod_missing", Name: "X"})
	assert.Equal(t, []string{"must exist"}, fieldErrors(t, err)["product"])

	_, err = c.PriceVariants.Create(ctx, &crevio.PriceVariantCreateParams{Product: pid})
	assert.Equal(t, []string{"can't be blank"}, fieldErrors(t, err)["name"])

	_, err = c.PriceVariants.Create(ctx, &crevio.PriceVariantCreateParams{
		Product: pid, Name: "X", BillingType: crevio.Ptr(crevio.BillingType("weekly_magic")),
		Amount: crevio.Ptr[int64](-1), IntervalCount: crevio.Ptr(0),
	})
	errs := fieldErrors(t, err)
	assert.Equal(t, []string{"is not included in the list"}, errs["billing_type"])
	assert.NotEmpty(t, errs["amount"])
	assert.NotEmpty(t, errs["interval_count"])

	v, err := c.PriceVariants.Create(ctx, &crevio.PriceVariantCreateParams{Product: pid, Name: "Ok"})
	require.NoError(t, err)
	_, err = c.PriceVariants.Update(ctx, v.ID, &crevio.PriceVariantUpdateParams{Extra: map[string]any{"product": "prod_gone"}})
	assert.Equal(t, []string{"must exist"}, fieldErrors(t, err)["product"])
	_, err = c.PriceVariants.Update(ctx, "price_missing", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	assert.Equal(t, 1, srv.Count("price_variants"), "failed creates store nothing")
}

func TestIntegrationPriceVariantsWalk(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	pid := seedID(t, srv, "products", map[string]any{"name": "Course"})
	other := seedID(t, srv, "products", map[string]any{"name": "Other"})
	for i := range 25 {
		_, err := srv.Seed("price_variants",
			map[string]any{"product": pid, "name": fmt.Sprintf("Variant %02d", i)},
			map[string]any{"product": other, "name": fmt.Sprintf("Other %02d", i)},
			map[string]any{"product": pid, "name": fmt.Sprintf("Archived %02d", i), "archived": true})
		require.NoError(t, err)
	}
	c := fastClient(srv)
	srv.ResetRequests()
	var names []string
	seen := map[string]bool{}
	for v, err := range c.PriceVariants.All(context.Background(), &crevio.PriceVariantListParams{Product: crevio.Ptr(pid), Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		require.False(t, seen[v.ID], "duplicate %s", v.ID)
		seen[v.ID] = true
		assert.Equal(t, pid, v.Product)
		assert.False(t, v.Archived)
		names = append(names, v.Name)
	}
	require.Len(t, names, 25)
	assert.Equal(t, "Variant 24", names[0], "newest first")
	assert.Equal(t, "Variant 00", names[24])
	assert.Len(t, srv.Requests(), 3)

	n := 0
	for _, err := range c.PriceVariants.All(context.Background(), &crevio.PriceVariantListParams{Limit: crevio.Ptr(7)}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 50, n, "every unarchived variant of every product")
}
