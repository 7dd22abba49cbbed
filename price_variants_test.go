package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPriceVariantsWire(t *testing.T) {
	pv := fixture(t, "price_variant.json")
	list := fixture(t, "price_variants_list.json")
	checkWireUA(t, "shop/1.0", []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.PriceVariants.List(bg, nil); return err },
			method: "GET", path: "/price_variants", respond: list,
		},
		{
			name: "list with every filter",
			call: func(c *Client) error {
				_, err := c.PriceVariants.List(bg, &PriceVariantListParams{
					Product: Ptr("prod_1"), Limit: Ptr(50), StartingAfter: Ptr("price_9"),
					Extra: map[string]any{"archived": true},
				})
				return err
			},
			method: "GET", path: "/price_variants",
			query: "archived=true&limit=50&product=prod_1&starting_after=price_9", respond: list,
		},
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.PriceVariants.Get(bg, "price_monthly", nil); return err },
			method: "GET", path: "/price_variants/price_monthly", respond: pv,
		},
		{
			name:   "get escapes the id",
			call:   func(c *Client) error { _, err := c.PriceVariants.Get(bg, "a b?c#d%é", nil); return err },
			method: "GET", path: "/price_variants/a%20b%3Fc%23d%25%C3%A9", respond: pv,
		},
		{
			name: "create with the required fields only",
			call: func(c *Client) error {
				_, err := c.PriceVariants.Create(bg, &PriceVariantCreateParams{Product: "prod_1"})
				return err
			},
			method: "POST", path: "/price_variants", body: `{"product":"prod_1"}`, respond: pv,
		},
		{
			name: "create with every field",
			call: func(c *Client) error {
				_, err := c.PriceVariants.Create(bg, &PriceVariantCreateParams{
					Product: "prod_1", Name: "Monthly", Amount: Ptr[int64](1900), Currency: Ptr("usd"),
					AmountType: Ptr(AmountTypeFixed), BillingType: Ptr(BillingTypeSubscription),
					RecurringInterval: Ptr(RecurringIntervalMonth), IntervalCount: Ptr(1), InstallmentCount: Ptr(3),
					SetupFeeAmount: Ptr[int64](500), TrialPeriodDays: Ptr(14), RevokeAfterDays: Ptr(365),
					QuantityAvailable: Ptr(50), Position: Ptr(0), Hidden: Ptr(false),
					DiscountedFromAmount: Ptr[int64](2900), MinimumAmount: Ptr[int64](1000),
					MaximumAmount: Ptr[int64](10000), PresetAmount: Ptr[int64](2500), Waitlist: Ptr(true),
					Benefits: []string{"Calls"}, Extra: map[string]any{"experiences": []string{"exp_1"}},
				}, WithIdempotencyKey("pv-1"))
				return err
			},
			method: "POST", path: "/price_variants",
			body: `{"product":"prod_1","name":"Monthly","amount":1900,"currency":"usd","amount_type":"fixed",
				"billing_type":"subscription","recurring_interval":"month","interval_count":1,"installment_count":3,
				"setup_fee_amount":500,"trial_period_days":14,"revoke_after_days":365,"quantity_available":50,
				"position":0,"hidden":false,"discounted_from_amount":2900,"minimum_amount":1000,"maximum_amount":10000,
				"preset_amount":2500,"waitlist":true,"benefits":["Calls"],"experiences":["exp_1"]}`,
			header:  map[string]string{"Idempotency-Key": "pv-1"},
			respond: pv,
		},
		{
			name: "update sets and clears",
			call: func(c *Client) error {
				_, err := c.PriceVariants.Update(bg, "price_monthly", &PriceVariantUpdateParams{
					Name: Ptr("Monthly+"), Amount: NullableValue[int64](2100), Currency: NullableValue("eur"),
					AmountType: Ptr(AmountTypeCustom), BillingType: Ptr(BillingTypeOneTime),
					RecurringInterval: Null[RecurringInterval](), IntervalCount: Null[int](),
					InstallmentCount: NullableValue(4), SetupFeeAmount: Null[int64](), TrialPeriodDays: NullableValue(7),
					RevokeAfterDays: Null[int](), QuantityAvailable: NullableValue(10), Position: Ptr(3),
					Hidden: Ptr(true), DiscountedFromAmount: Null[int64](), MinimumAmount: NullableValue[int64](100),
					MaximumAmount: Null[int64](), PresetAmount: NullableValue[int64](200), Waitlist: Ptr(false),
					Benefits: NullableValue([]string{"A", "B"}), Extra: map[string]any{"seat_quantity": nil},
				})
				return err
			},
			method: "PATCH", path: "/price_variants/price_monthly",
			body: `{"name":"Monthly+","amount":2100,"currency":"eur","amount_type":"custom","billing_type":"one_time",
				"recurring_interval":null,"interval_count":null,"installment_count":4,"setup_fee_amount":null,
				"trial_period_days":7,"revoke_after_days":null,"quantity_available":10,"position":3,"hidden":true,
				"discounted_from_amount":null,"minimum_amount":100,"maximum_amount":null,"preset_amount":200,
				"waitlist":false,"benefits":["A","B"],"seat_quantity":null}`,
			respond: pv,
		},
		{
			name:   "update with nil params sends an empty object",
			call:   func(c *Client) error { _, err := c.PriceVariants.Update(bg, "price_1", nil); return err },
			method: "PATCH", path: "/price_variants/price_1", body: `{}`, respond: pv,
		},
		{
			name:   "archive",
			call:   func(c *Client) error { _, err := c.PriceVariants.Archive(bg, "price_monthly", nil); return err },
			method: "POST", path: "/price_variants/price_monthly/archive", body: `{}`, respond: pv,
		},
		{
			name: "archive escapes the id and passes options",
			call: func(c *Client) error {
				_, err := c.PriceVariants.Archive(bg, "price a/b?", nil, WithHeader("X-Trace", "t1"))
				if err == nil {
					t.Error("an id with a slash must be refused")
				}
				_, err = c.PriceVariants.Archive(bg, "price a?", nil, WithHeader("X-Trace", "t1"))
				return err
			},
			method: "POST", path: "/price_variants/price%20a%3F/archive", body: `{}`,
			header: map[string]string{"X-Trace": "t1"}, respond: pv,
		},
	})
}

func TestPriceVariantsRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	_, err := c.PriceVariants.Create(bg, nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.PriceVariants.Create(bg, &PriceVariantCreateParams{Name: "No product"})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.ErrorContains(t, err, "Product is required")
	assert.Empty(t, r.requests(), "invalid input must not reach the network")
}

func TestPriceVariantDecode(t *testing.T) {
	raw := fixture(t, "price_variant.json")
	r := newRecorder(t)
	r.respond(200, raw)
	got, err := r.client().PriceVariants.Get(bg, "price_monthly", nil)
	require.NoError(t, err)

	want := PriceVariant{
		ID: "price_monthly", Object: "price_variant", Name: "Monthly", Product: "prod_abc123",
		Amount: Ptr[int64](1900), Currency: Ptr("usd"), AmountType: AmountTypeFixed,
		BillingType: BillingTypeSubscription, RecurringInterval: Ptr(RecurringIntervalMonth),
		IntervalCount: Ptr(1), InstallmentCount: nil, SetupFeeAmount: Ptr[int64](500), TrialPeriodDays: Ptr(14),
		RevokeAfterDays: Ptr(365), QuantityAvailable: Ptr(50), DiscountedFromAmount: Ptr[int64](2900),
		MinimumAmount: Ptr[int64](1000), MaximumAmount: Ptr[int64](10000), PresetAmount: Ptr[int64](2500),
		Archived: false, Position: 2, Hidden: true, Waitlist: true,
		PurchaseURL: Ptr("https://store.crevio.co/my-course?price=price_monthly"),
		Benefits:    []string{"Monthly calls", "Community access"},
		CreatedAt:   Time{time.Date(2025, 1, 15, 10, 30, 0, 0, time.UTC)},
		UpdatedAt:   Time{time.Date(2025, 1, 16, 8, 0, 0, 250e6, time.UTC)},
	}
	want.objectMeta = got.objectMeta
	assert.Equal(t, want, *got)
	assert.True(t, got.AmountType.IsKnown())
	assert.True(t, got.BillingType.IsKnown())
	assert.True(t, got.RecurringInterval.IsKnown())
	assert.JSONEq(t, raw, string(got.RawJSON()))
	var unknown struct {
		SeatQuantity int `json:"seat_quantity"`
	}
	require.NoError(t, json.Unmarshal(got.RawJSON(), &unknown))
	assert.Equal(t, 5, unknown.SeatQuantity, "fields the SDK does not model stay reachable")
}

func TestPriceVariantListDecodeUnknownEnums(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "price_variants_list.json"), "X-Request-Id", "req_pv")
	page, err := r.client().PriceVariants.List(bg, nil)
	require.NoError(t, err)
	assert.Equal(t, "list", page.Object)
	assert.False(t, page.HasMore)
	assert.Equal(t, "/v1/price_variants", page.URL)
	assert.Equal(t, "req_pv", page.RequestID)
	require.Len(t, page.Data, 2)

	custom := page.Data[0]
	assert.Equal(t, AmountTypeCustom, custom.AmountType)
	assert.Nil(t, custom.Amount)
	assert.Equal(t, int64(500), *custom.MinimumAmount)
	assert.Nil(t, custom.Benefits)
	assert.Nil(t, custom.RecurringInterval)

	odd := page.Data[1]
	assert.Equal(t, int64(0), *odd.Amount, "a zero amount is not a missing one")
	assert.Nil(t, odd.Currency)
	assert.True(t, odd.Archived)
	assert.Equal(t, AmountType("tiered"), odd.AmountType)
	assert.False(t, odd.AmountType.IsKnown())
	assert.Equal(t, BillingType("lifetime_deal"), odd.BillingType)
	assert.False(t, odd.BillingType.IsKnown())
	assert.Equal(t, RecurringInterval("quarter"), *odd.RecurringInterval)
	assert.False(t, odd.RecurringInterval.IsKnown())
	assert.Contains(t, string(odd.RawJSON()), `"id":"price_a"`)
	assert.NotContains(t, string(odd.RawJSON()), `"price_b"`, "each item keeps only its own JSON")
}

func TestPriceVariantErrors(t *testing.T) {
	r := newRecorder(t)
	r.respond(422, fixture(t, "error_validation.json"))
	r.respond(200, `{"id": "price_1", "object": `)
	c := r.client()
	_, err := c.PriceVariants.Create(bg, &PriceVariantCreateParams{Product: "prod_missing"})
	assert.ErrorIs(t, err, ErrValidation)
	_, err = c.PriceVariants.Archive(bg, "price_1", nil)
	var de *DecodeError
	assert.ErrorAs(t, err, &de, "a malformed 2xx body is a decode error, not a zero object")
}
