package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDiscountsWire(t *testing.T) {
	disc := fixture(t, "discount.json")
	list := fixture(t, "discounts_list.json")
	redeemBy := time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC)
	checkWireUA(t, "shop/1.0", []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.Discounts.List(bg, nil); return err },
			method: "GET", path: "/discounts", respond: list,
		},
		{
			name: "list with every filter",
			call: func(c *Client) error {
				_, err := c.Discounts.List(bg, &DiscountListParams{
					Status: Ptr(DiscountStatusExpired), Limit: Ptr(1), StartingAfter: Ptr("disc_9"),
					Extra: map[string]any{"code": "SPRING"},
				})
				return err
			},
			method: "GET", path: "/discounts",
			query: "code=SPRING&limit=1&starting_after=disc_9&status=expired", respond: list,
		},
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.Discounts.Get(bg, "disc_abc123", nil); return err },
			method: "GET", path: "/discounts/disc_abc123", respond: disc,
		},
		{
			name:   "get escapes the id",
			call:   func(c *Client) error { _, err := c.Discounts.Get(bg, "disc 1?x", nil); return err },
			method: "GET", path: "/discounts/disc%201%3Fx", respond: disc,
		},
		{
			name: "create percent off",
			call: func(c *Client) error {
				_, err := c.Discounts.Create(bg, &DiscountCreateParams{
					Code: "LAUNCH20", DiscountType: DiscountTypePercentOff, PercentOff: Ptr(20.5),
					Duration: Ptr(DiscountDurationRepeating), DurationInMonths: Ptr(3), RedeemBy: &redeemBy,
					MaxRedemptions: Ptr(100), PriceVariants: []string{"price_monthly"},
				})
				return err
			},
			method: "POST", path: "/discounts",
			body: `{"code":"LAUNCH20","discount_type":"percent_off","percent_off":20.5,"duration":"repeating",
				"duration_in_months":3,"redeem_by":"2026-12-31T23:59:59Z","max_redemptions":100,"price_variants":["price_monthly"]}`,
			respond: disc,
		},
		{
			name: "create amount off",
			call: func(c *Client) error {
				_, err := c.Discounts.Create(bg, &DiscountCreateParams{
					Code: "TENOFF", DiscountType: DiscountTypeAmountOff, AmountOff: Ptr[int64](1000), Currency: Ptr("usd"),
					Duration: Ptr(DiscountDurationOnce), Extra: map[string]any{"applies_to_renewals": false},
				}, WithIdempotencyKey("disc-1"))
				return err
			},
			method: "POST", path: "/discounts",
			body:    `{"code":"TENOFF","discount_type":"amount_off","amount_off":1000,"currency":"usd","duration":"once","applies_to_renewals":false}`,
			header:  map[string]string{"Idempotency-Key": "disc-1"},
			respond: disc,
		},
		{
			name: "update sets and clears",
			call: func(c *Client) error {
				_, err := c.Discounts.Update(bg, "disc_abc123", &DiscountUpdateParams{
					Code: Ptr("LAUNCH25"), DiscountType: Ptr(DiscountTypeAmountOff), AmountOff: NullableValue[int64](250),
					PercentOff: Null[float64](), Currency: NullableValue("usd"), Duration: NullableValue(DiscountDurationForever),
					DurationInMonths: Null[int](), RedeemBy: Null[time.Time](), MaxRedemptions: NullableValue(5),
					PriceVariants: Ptr([]string{}),
				})
				return err
			},
			method: "PATCH", path: "/discounts/disc_abc123",
			body: `{"code":"LAUNCH25","discount_type":"amount_off","amount_off":250,"percent_off":null,"currency":"usd",
				"duration":"forever","duration_in_months":null,"redeem_by":null,"max_redemptions":5,"price_variants":[]}`,
			respond: disc,
		},
		{
			name: "update sets an expiry and restricts variants",
			call: func(c *Client) error {
				_, err := c.Discounts.Update(bg, "disc_abc123", &DiscountUpdateParams{
					RedeemBy: NullableValue(redeemBy), MaxRedemptions: Null[int](), Currency: Null[string](),
					Duration: Null[DiscountDuration](), PriceVariants: Ptr([]string{"price_a", "price_b"}),
				})
				return err
			},
			method: "PATCH", path: "/discounts/disc_abc123",
			body:    `{"redeem_by":"2026-12-31T23:59:59Z","max_redemptions":null,"currency":null,"duration":null,"price_variants":["price_a","price_b"]}`,
			respond: disc,
		},
		{
			name:   "update with nil params sends an empty object",
			call:   func(c *Client) error { _, err := c.Discounts.Update(bg, "disc_1", nil); return err },
			method: "PATCH", path: "/discounts/disc_1", body: `{}`, respond: disc,
		},
		{
			name:   "delete",
			call:   func(c *Client) error { _, err := c.Discounts.Delete(bg, "disc_abc123", nil); return err },
			method: "DELETE", path: "/discounts/disc_abc123", respond: fixture(t, "discount_deleted.json"),
		},
	})
}

func TestDiscountsRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	_, err := c.Discounts.Create(bg, nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.Discounts.Create(bg, &DiscountCreateParams{DiscountType: DiscountTypePercentOff, PercentOff: Ptr(10.0)})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.ErrorContains(t, err, "Code is required")
	_, err = c.Discounts.Create(bg, &DiscountCreateParams{Code: "X", PercentOff: Ptr(10.0)})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.ErrorContains(t, err, "DiscountType is required")
	assert.Empty(t, r.requests(), "invalid input must not reach the network")
}

func TestDiscountDecode(t *testing.T) {
	raw := fixture(t, "discount.json")
	r := newRecorder(t)
	r.respond(200, raw)
	got, err := r.client().Discounts.Get(bg, "disc_abc123", nil)
	require.NoError(t, err)

	want := Discount{
		ID: "disc_abc123", Object: "discount", Code: "LAUNCH20", Status: DiscountStatusActive,
		DiscountType: DiscountTypePercentOff, AmountOff: nil, PercentOff: Ptr(20.5), Currency: nil,
		Duration: Ptr(DiscountDurationRepeating), DurationInMonths: Ptr(3),
		RedeemBy:       Time{time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC)},
		MaxRedemptions: Ptr(100), TimesRedeemed: 7, Destroyable: false,
		PriceVariants: []Expandable[PriceVariant]{{ID: "price_monthly"}, {ID: "price_yearly"}},
		CreatedAt:     Time{time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)},
		UpdatedAt:     Time{time.Date(2025, 3, 2, 9, 0, 0, 0, time.UTC)},
	}
	want.objectMeta = got.objectMeta
	assert.Equal(t, want, *got)
	assert.True(t, got.Status.IsKnown())
	assert.True(t, got.DiscountType.IsKnown())
	assert.True(t, got.Duration.IsKnown())
	_, expanded := got.PriceVariants[0].Expanded()
	assert.False(t, expanded)
	assert.JSONEq(t, raw, string(got.RawJSON()))
	var unknown struct {
		AppliesToRenewals bool `json:"applies_to_renewals"`
	}
	require.NoError(t, json.Unmarshal(got.RawJSON(), &unknown))
	assert.True(t, unknown.AppliesToRenewals, "fields the SDK does not model stay reachable")
}

func TestDiscountListDecodeUnknownEnumsAndEmbeddedVariants(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "discounts_list.json"))
	page, err := r.client().Discounts.List(bg, nil)
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	assert.Equal(t, "/v1/discounts", page.URL)
	require.Len(t, page.Data, 2)

	odd := page.Data[0]
	assert.Equal(t, DiscountStatus("paused"), odd.Status)
	assert.False(t, odd.Status.IsKnown())
	assert.Equal(t, DiscountType("free_shipping"), odd.DiscountType)
	assert.False(t, odd.DiscountType.IsKnown())
	assert.Equal(t, DiscountDuration("lifetime"), *odd.Duration)
	assert.False(t, odd.Duration.IsKnown())
	assert.True(t, odd.RedeemBy.IsZero())
	assert.Nil(t, odd.MaxRedemptions)
	assert.True(t, odd.Destroyable)
	assert.Empty(t, odd.PriceVariants)

	amount := page.Data[1]
	assert.Equal(t, DiscountStatusExpired, amount.Status)
	assert.Equal(t, DiscountTypeAmountOff, amount.DiscountType)
	assert.Equal(t, int64(1000), *amount.AmountOff)
	assert.Nil(t, amount.PercentOff)
	assert.Equal(t, "usd", *amount.Currency)
	assert.Equal(t, DiscountDurationOnce, *amount.Duration)
	assert.Equal(t, 3, amount.TimesRedeemed)
	require.Len(t, amount.PriceVariants, 1)
	pv, ok := amount.PriceVariants[0].Expanded()
	require.True(t, ok, "the old API embedded full variants; they still decode")
	assert.Equal(t, "price_one", amount.PriceVariants[0].ID)
	assert.Equal(t, int64(4900), *pv.Amount)
	assert.Contains(t, string(pv.RawJSON()), `"name":"Lifetime"`)
}

func TestDiscountDelete(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "discount_deleted.json"))
	r.respond(204, "")
	c := r.client()
	d, err := c.Discounts.Delete(bg, "disc_abc123", nil)
	require.NoError(t, err)
	assert.Equal(t, &Deleted{ID: "disc_abc123", Object: "discount", Deleted: true}, d)
	d, err = c.Discounts.Delete(bg, "disc_x", nil)
	require.NoError(t, err)
	assert.Equal(t, &Deleted{ID: "disc_x", Object: "discount", Deleted: true}, d, "a bare 204 counts as deleted")
}
