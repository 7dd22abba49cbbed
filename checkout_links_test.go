package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckoutLinksWire(t *testing.T) {
	link := fixture(t, "checkout_link.json")
	list := fixture(t, "checkout_links_list.json")
	checkWireUA(t, "shop/1.0", []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.CheckoutLinks.List(bg, nil); return err },
			method: "GET", path: "/checkout_links", respond: list,
		},
		{
			name: "list with expand and paging",
			call: func(c *Client) error {
				_, err := c.CheckoutLinks.List(bg, &CheckoutLinkListParams{
					Limit: Ptr(100), StartingAfter: Ptr("cl_9"),
					Expand: []CheckoutLinkExpand{CheckoutLinkExpandDiscount, CheckoutLinkExpandPriceVariants},
					Extra:  map[string]any{"active": true},
				})
				return err
			},
			method: "GET", path: "/checkout_links",
			query: "active=true&expand=discount%2Cprice_variants&limit=100&starting_after=cl_9", respond: list,
		},
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.CheckoutLinks.Get(bg, "cl_abc123", nil); return err },
			method: "GET", path: "/checkout_links/cl_abc123", respond: link,
		},
		{
			name: "get with expand escapes the id",
			call: func(c *Client) error {
				_, err := c.CheckoutLinks.Get(bg, "cl 1#", &CheckoutLinkGetParams{
					Expand: []CheckoutLinkExpand{CheckoutLinkExpandPriceVariants}, Extra: map[string]any{"x": "y"},
				})
				return err
			},
			method: "GET", path: "/checkout_links/cl%201%23", query: "expand=price_variants&x=y", respond: link,
		},
		{
			name: "create",
			call: func(c *Client) error {
				_, err := c.CheckoutLinks.Create(bg, &CheckoutLinkCreateParams{
					Name: "Spring launch", PriceVariants: []string{"price_monthly", "price_yearly"},
					SuccessURL: Ptr("https://example.com/thanks"), AllowDiscountCodes: Ptr(true),
					Discount: Ptr("disc_abc123"), Metadata: map[string]any{"campaign": "spring"},
					Extra: map[string]any{"utm_source": "newsletter"},
				}, WithIdempotencyKey("cl-1"))
				return err
			},
			method: "POST", path: "/checkout_links",
			body: `{"name":"Spring launch","price_variants":["price_monthly","price_yearly"],"success_url":"https://example.com/thanks",
				"allow_discount_codes":true,"discount":"disc_abc123","metadata":{"campaign":"spring"},"utm_source":"newsletter"}`,
			header:  map[string]string{"Idempotency-Key": "cl-1"},
			respond: link,
		},
		{
			name:   "create with nil params sends an empty object",
			call:   func(c *Client) error { _, err := c.CheckoutLinks.Create(bg, nil); return err },
			method: "POST", path: "/checkout_links", body: `{}`, respond: link,
		},
		{
			name: "update sets and clears",
			call: func(c *Client) error {
				_, err := c.CheckoutLinks.Update(bg, "cl_abc123", &CheckoutLinkUpdateParams{
					Name: Ptr("Summer"), PriceVariants: []string{"price_yearly"}, SuccessURL: Null[string](),
					AllowDiscountCodes: Ptr(false), Discount: Null[string](), Metadata: map[string]any{"season": "summer"},
				})
				return err
			},
			method: "PATCH", path: "/checkout_links/cl_abc123",
			body: `{"name":"Summer","price_variants":["price_yearly"],"success_url":null,"allow_discount_codes":false,
				"discount":null,"metadata":{"season":"summer"}}`,
			respond: link,
		},
		{
			name: "update sets a discount and a success url",
			call: func(c *Client) error {
				_, err := c.CheckoutLinks.Update(bg, "cl_abc123", &CheckoutLinkUpdateParams{
					SuccessURL: NullableValue("https://example.com/ok"), Discount: NullableValue("disc_2"),
					Extra: map[string]any{"utm_source": nil},
				})
				return err
			},
			method: "PATCH", path: "/checkout_links/cl_abc123",
			body:    `{"success_url":"https://example.com/ok","discount":"disc_2","utm_source":null}`,
			respond: link,
		},
		{
			name:   "delete",
			call:   func(c *Client) error { _, err := c.CheckoutLinks.Delete(bg, "cl_abc123", nil); return err },
			method: "DELETE", path: "/checkout_links/cl_abc123", respond: fixture(t, "checkout_link_deleted.json"),
		},
	})
}

func TestCheckoutLinksRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	_, err := c.CheckoutLinks.Get(bg, "cl_1", &CheckoutLinkGetParams{Extra: map[string]any{"": "x"}})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.Empty(t, r.requests(), "invalid input must not reach the network")
}

func TestCheckoutLinkDecode(t *testing.T) {
	raw := fixture(t, "checkout_link.json")
	r := newRecorder(t)
	r.respond(200, raw)
	got, err := r.client().CheckoutLinks.Get(bg, "cl_abc123", nil)
	require.NoError(t, err)

	want := CheckoutLink{
		ID: "cl_abc123", Object: "checkout_link", Name: "Spring launch", URL: "https://store.crevio.co/l/cl_abc123",
		SuccessURL: Ptr("https://example.com/thanks"), AllowDiscountCodes: true,
		Discount:      Expandable[Discount]{ID: "disc_abc123"},
		PriceVariants: []Expandable[PriceVariant]{{ID: "price_monthly"}, {ID: "price_yearly"}},
		Metadata:      map[string]any{"campaign": "spring", "batch": float64(2)},
		CreatedAt:     Time{time.Date(2025, 4, 1, 12, 0, 0, 0, time.UTC)},
		UpdatedAt:     Time{time.Date(2025, 4, 2, 12, 0, 0, 0, time.UTC)},
	}
	want.objectMeta = got.objectMeta
	assert.Equal(t, want, *got)
	_, ok := got.Discount.Expanded()
	assert.False(t, ok)
	assert.JSONEq(t, raw, string(got.RawJSON()))
	var unknown struct {
		UTMSource string `json:"utm_source"`
	}
	require.NoError(t, json.Unmarshal(got.RawJSON(), &unknown))
	assert.Equal(t, "newsletter", unknown.UTMSource, "fields the SDK does not model stay reachable")
}

func TestCheckoutLinkDecodeExpanded(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "checkout_link_expanded.json"))
	got, err := r.client().CheckoutLinks.Get(bg, "cl_abc123", &CheckoutLinkGetParams{
		Expand: []CheckoutLinkExpand{CheckoutLinkExpandDiscount, CheckoutLinkExpandPriceVariants},
	})
	require.NoError(t, err)

	assert.Nil(t, got.SuccessURL)
	assert.False(t, got.AllowDiscountCodes)
	assert.Equal(t, map[string]any{}, got.Metadata)

	d, ok := got.Discount.Expanded()
	require.True(t, ok)
	assert.Equal(t, "disc_abc123", got.Discount.ID, "an expanded object still has its ID")
	assert.Equal(t, "SPRING", d.Code)
	assert.Equal(t, DiscountStatusScheduled, d.Status)
	assert.Equal(t, DiscountTypeAmountOff, d.DiscountType)
	assert.Equal(t, int64(500), *d.AmountOff)
	assert.Equal(t, "eur", *d.Currency)
	assert.Nil(t, d.Duration)
	var extra struct{ Stackable *bool }
	require.NoError(t, json.Unmarshal(d.RawJSON(), &extra))
	require.NotNil(t, extra.Stackable, "an expanded object keeps its own raw JSON")
	assert.False(t, *extra.Stackable)

	require.Len(t, got.PriceVariants, 2)
	pv, ok := got.PriceVariants[0].Expanded()
	require.True(t, ok)
	assert.Equal(t, "price_monthly", got.PriceVariants[0].ID)
	assert.Equal(t, BillingTypeSubscription, pv.BillingType)
	assert.Equal(t, RecurringIntervalMonth, *pv.RecurringInterval)
	_, ok = got.PriceVariants[1].Expanded()
	assert.False(t, ok, "ids and objects can mix in one array")
	assert.Equal(t, "price_yearly", got.PriceVariants[1].ID)
}

func TestCheckoutLinkListDecode(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "checkout_links_list.json"))
	page, err := r.client().CheckoutLinks.List(bg, nil)
	require.NoError(t, err)
	assert.False(t, page.HasMore)
	assert.Equal(t, "/v1/checkout_links", page.URL)
	require.Len(t, page.Data, 2)
	assert.True(t, page.Data[0].Discount.IsZero(), "a null discount is zero")
	assert.Equal(t, "disc_a", page.Data[1].Discount.ID)
	assert.Equal(t, "https://example.com/a", *page.Data[1].SuccessURL)
	assert.Len(t, page.Data[1].PriceVariants, 2)
	assert.Contains(t, string(page.Data[1].RawJSON()), `"id":"cl_a"`)
}

func TestCheckoutLinkDelete(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "checkout_link_deleted.json"))
	d, err := r.client().CheckoutLinks.Delete(bg, "cl_abc123", nil)
	require.NoError(t, err)
	assert.Equal(t, &Deleted{ID: "cl_abc123", Object: "checkout_link", Deleted: true}, d)
}
