package crevio_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// discountNow is the fixed clock of the discount tests.
var discountNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func discountPercent(code string, pct float64) *crevio.DiscountCreateParams {
	return &crevio.DiscountCreateParams{Code: code, DiscountType: crevio.DiscountTypePercentOff, PercentOff: crevio.Ptr(pct)}
}

func TestIntegrationDiscountLifecycle(t *testing.T) {
	srv, c := frozenServer(t, discountNow)
	ctx := context.Background()
	pid := seedID(t, srv, "products", map[string]any{"name": "Course"})
	pv, err := c.PriceVariants.Create(ctx, &crevio.PriceVariantCreateParams{Product: pid, Name: "Std"})
	require.NoError(t, err)

	redeemBy := discountNow.Add(30 * 24 * time.Hour)
	created, err := c.Discounts.Create(ctx, &crevio.DiscountCreateParams{
		Code: "LAUNCH20", DiscountType: crevio.DiscountTypePercentOff, PercentOff: crevio.Ptr(20.0),
		Duration: crevio.Ptr(crevio.DiscountDurationRepeating), DurationInMonths: crevio.Ptr(3),
		RedeemBy: &redeemBy, MaxRedemptions: crevio.Ptr(100), PriceVariants: []string{pv.ID},
	})
	require.NoError(t, err)
	assert.Regexp(t, `^disc_`, created.ID)
	assert.Equal(t, "discount", created.Object)
	assert.Equal(t, crevio.DiscountStatusActive, created.Status)
	assert.InDelta(t, 20.0, *created.PercentOff, 0)
	assert.Nil(t, created.AmountOff)
	assert.Equal(t, crevio.DiscountDurationRepeating, *created.Duration)
	assert.Equal(t, 3, *created.DurationInMonths)
	assert.True(t, redeemBy.Equal(created.RedeemBy.Time))
	assert.Equal(t, 0, created.TimesRedeemed)
	assert.True(t, created.Destroyable)
	require.Len(t, created.PriceVariants, 1)
	assert.Equal(t, pv.ID, created.PriceVariants[0].ID)

	got, err := c.Discounts.Get(ctx, created.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, "LAUNCH20", got.Code)

	// Switch to an amount off: the percentage must be cleared with Null.
	updated, err := c.Discounts.Update(ctx, created.ID, &crevio.DiscountUpdateParams{
		DiscountType: crevio.Ptr(crevio.DiscountTypeAmountOff), AmountOff: crevio.NullableValue[int64](500),
		PercentOff: crevio.Null[float64](), Currency: crevio.NullableValue("usd"),
		Duration: crevio.NullableValue(crevio.DiscountDurationForever), DurationInMonths: crevio.Null[int](),
		PriceVariants: crevio.Ptr([]string{}),
	})
	require.NoError(t, err)
	assert.Equal(t, crevio.DiscountTypeAmountOff, updated.DiscountType)
	assert.Equal(t, int64(500), *updated.AmountOff)
	assert.Nil(t, updated.PercentOff)
	assert.Nil(t, updated.DurationInMonths)
	assert.Empty(t, updated.PriceVariants, "an empty list lifts the restriction")
	assert.Equal(t, "LAUNCH20", updated.Code, "unset fields are left alone")

	d, err := c.Discounts.Delete(ctx, created.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, &crevio.Deleted{ID: created.ID, Object: "discount", Deleted: true}, d)
	_, err = c.Discounts.Get(ctx, created.ID, nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	_, err = c.Discounts.Delete(ctx, created.ID, nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
}

func TestIntegrationDiscountCodesAreUnique(t *testing.T) {
	_, c := frozenServer(t, discountNow)
	ctx := context.Background()
	first, err := c.Discounts.Create(ctx, discountPercent("SPRING", 10))
	require.NoError(t, err)
	second, err := c.Discounts.Create(ctx, discountPercent("SUMMER", 10))
	require.NoError(t, err)

	for _, code := range []string{"SPRING", "spring"} {
		_, err = c.Discounts.Create(ctx, discountPercent(code, 15))
		assert.Equal(t, []string{"has already been taken"}, fieldErrors(t, err)["code"], code)
	}
	_, err = c.Discounts.Update(ctx, second.ID, &crevio.DiscountUpdateParams{Code: crevio.Ptr("SPRING")})
	assert.Equal(t, []string{"has already been taken"}, fieldErrors(t, err)["code"])

	same, err := c.Discounts.Update(ctx, first.ID, &crevio.DiscountUpdateParams{Code: crevio.Ptr("SPRING"), MaxRedemptions: crevio.NullableValue(5)})
	require.NoError(t, err, "a discount keeps its own code")
	assert.Equal(t, 5, *same.MaxRedemptions)

	_, err = c.Discounts.Delete(ctx, first.ID, nil)
	require.NoError(t, err)
	_, err = c.Discounts.Create(ctx, discountPercent("SPRING", 15))
	assert.NoError(t, err, "a deleted discount's code is free again")
}

func TestIntegrationDiscountAmountRules(t *testing.T) {
	_, c := frozenServer(t, discountNow)
	ctx := context.Background()
	percent, amount := crevio.DiscountTypePercentOff, crevio.DiscountTypeAmountOff
	for _, tt := range []struct {
		name   string
		params crevio.DiscountCreateParams
		field  string
	}{
		{"percent below 1", crevio.DiscountCreateParams{DiscountType: percent, PercentOff: crevio.Ptr(0.5)}, "percent_off"},
		{"percent above 100", crevio.DiscountCreateParams{DiscountType: percent, PercentOff: crevio.Ptr(100.5)}, "percent_off"},
		{"percent missing", crevio.DiscountCreateParams{DiscountType: percent}, "percent_off"},
		{"percent with an amount", crevio.DiscountCreateParams{DiscountType: percent, PercentOff: crevio.Ptr(10.0), AmountOff: crevio.Ptr[int64](100)}, "amount_off"},
		{"amount zero", crevio.DiscountCreateParams{DiscountType: amount, AmountOff: crevio.Ptr[int64](0), Currency: crevio.Ptr("usd")}, "amount_off"},
		{"amount negative", crevio.DiscountCreateParams{DiscountType: amount, AmountOff: crevio.Ptr[int64](-5), Currency: crevio.Ptr("usd")}, "amount_off"},
		{"amount missing", crevio.DiscountCreateParams{DiscountType: amount, Currency: crevio.Ptr("usd")}, "amount_off"},
		{"amount with a percent", crevio.DiscountCreateParams{DiscountType: amount, AmountOff: crevio.Ptr[int64](100), Currency: crevio.Ptr("usd"), PercentOff: crevio.Ptr(5.0)}, "percent_off"},
		{"amount without currency", crevio.DiscountCreateParams{DiscountType: amount, AmountOff: crevio.Ptr[int64](100)}, "currency"},
		{"unknown type", crevio.DiscountCreateParams{DiscountType: "bogo"}, "discount_type"},
		{"repeating without months", crevio.DiscountCreateParams{DiscountType: percent, PercentOff: crevio.Ptr(10.0), Duration: crevio.Ptr(crevio.DiscountDurationRepeating)}, "duration_in_months"},
		{"repeating with 0 months", crevio.DiscountCreateParams{DiscountType: percent, PercentOff: crevio.Ptr(10.0), Duration: crevio.Ptr(crevio.DiscountDurationRepeating), DurationInMonths: crevio.Ptr(0)}, "duration_in_months"},
		{"months without repeating", crevio.DiscountCreateParams{DiscountType: percent, PercentOff: crevio.Ptr(10.0), Duration: crevio.Ptr(crevio.DiscountDurationOnce), DurationInMonths: crevio.Ptr(2)}, "duration_in_months"},
		{"unknown duration", crevio.DiscountCreateParams{DiscountType: percent, PercentOff: crevio.Ptr(10.0), Duration: crevio.Ptr(crevio.DiscountDuration("weekly"))}, "duration"},
		{"max redemptions 0", crevio.DiscountCreateParams{DiscountType: percent, PercentOff: crevio.Ptr(10.0), MaxRedemptions: crevio.Ptr(0)}, "max_redemptions"},
		{"unknown price variant", crevio.DiscountCreateParams{DiscountType: percent, PercentOff: crevio.Ptr(10.0), PriceVariants: []string{"price_missing"}}, "price_variants"},
	} {
		p := tt.params
		p.Code = "CODE"
		_, err := c.Discounts.Create(ctx, &p)
		assert.NotEmpty(t, fieldErrors(t, err)[tt.field], tt.name)
	}

	for _, tt := range []crevio.DiscountCreateParams{
		{Code: "P1", DiscountType: percent, PercentOff: crevio.Ptr(1.0)},
		{Code: "P100", DiscountType: percent, PercentOff: crevio.Ptr(100.0), Duration: crevio.Ptr(crevio.DiscountDurationForever)},
		{Code: "A1", DiscountType: amount, AmountOff: crevio.Ptr[int64](1), Currency: crevio.Ptr("eur"), Duration: crevio.Ptr(crevio.DiscountDurationOnce)},
		{Code: "R12", DiscountType: percent, PercentOff: crevio.Ptr(12.5), Duration: crevio.Ptr(crevio.DiscountDurationRepeating), DurationInMonths: crevio.Ptr(12)},
	} {
		_, err := c.Discounts.Create(ctx, &tt)
		assert.NoError(t, err, tt.Code)
	}

	d, err := c.Discounts.Create(ctx, discountPercent("SWITCH", 10))
	require.NoError(t, err)
	_, err = c.Discounts.Update(ctx, d.ID, &crevio.DiscountUpdateParams{
		DiscountType: crevio.Ptr(amount), AmountOff: crevio.NullableValue[int64](100), Currency: crevio.NullableValue("usd"),
	})
	assert.NotEmpty(t, fieldErrors(t, err)["percent_off"], "exactly one of percent_off and amount_off")
	_, err = c.Discounts.Update(ctx, d.ID, &crevio.DiscountUpdateParams{PercentOff: crevio.Null[float64]()})
	assert.NotEmpty(t, fieldErrors(t, err)["percent_off"])
	got, err := c.Discounts.Get(ctx, d.ID, nil)
	require.NoError(t, err)
	assert.InDelta(t, 10.0, *got.PercentOff, 0, "a failed update changes nothing")
}

func TestIntegrationDiscountStatus(t *testing.T) {
	srv, c := frozenServer(t, discountNow)
	ctx := context.Background()
	past := discountNow.Add(-time.Hour)
	expired, err := c.Discounts.Create(ctx, &crevio.DiscountCreateParams{
		Code: "OLD", DiscountType: crevio.DiscountTypePercentOff, PercentOff: crevio.Ptr(10.0), RedeemBy: &past,
	})
	require.NoError(t, err)
	assert.Equal(t, crevio.DiscountStatusExpired, expired.Status, "redeem_by has passed")
	active, err := c.Discounts.Create(ctx, discountPercent("NEW", 10))
	require.NoError(t, err)
	used, err := srv.Seed("discounts", map[string]any{
		"code": "USED", "discount_type": "percent_off", "percent_off": 5, "max_redemptions": 2, "times_redeemed": 2,
	})
	require.NoError(t, err)
	assert.Equal(t, "expired", used[0]["status"], "max_redemptions reached")
	assert.Equal(t, false, used[0]["destroyable"], "a redeemed discount is not destroyable")

	statusIDs := func(s crevio.DiscountStatus) []string {
		page, err := c.Discounts.List(ctx, &crevio.DiscountListParams{Status: &s})
		require.NoError(t, err)
		var ids []string
		for _, d := range page.Data {
			assert.Equal(t, s, d.Status)
			ids = append(ids, d.ID)
		}
		return ids
	}
	assert.Equal(t, []string{active.ID}, statusIDs(crevio.DiscountStatusActive))
	assert.ElementsMatch(t, []string{expired.ID, used[0]["id"].(string)}, statusIDs(crevio.DiscountStatusExpired))

	revived, err := c.Discounts.Update(ctx, expired.ID, &crevio.DiscountUpdateParams{RedeemBy: crevio.Null[time.Time]()})
	require.NoError(t, err)
	assert.Equal(t, crevio.DiscountStatusActive, revived.Status, "clearing the expiry makes it active again")
}

func TestIntegrationDiscountsWalk(t *testing.T) {
	srv, c := frozenServer(t, discountNow)
	for i := range 25 {
		_, err := srv.Seed("discounts", map[string]any{"code": fmt.Sprintf("CODE%02d", i), "discount_type": "percent_off", "percent_off": 10})
		require.NoError(t, err)
	}
	srv.ResetRequests()
	var codes []string
	for d, err := range c.Discounts.All(context.Background(), &crevio.DiscountListParams{Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		codes = append(codes, d.Code)
	}
	require.Len(t, codes, 25)
	assert.Equal(t, "CODE24", codes[0], "newest first")
	assert.Equal(t, "CODE00", codes[24])
	assert.Len(t, srv.Requests(), 3)
}
