package crevio

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProductsWire(t *testing.T) {
	product := fixture(t, "product.json")
	from := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.Products.List(bg, nil); return err },
			method: "GET", path: "/products", respond: fixture(t, "products_list.json"),
		},
		{
			name: "list with every filter",
			call: func(c *Client) error {
				_, err := c.Products.List(bg, &ProductListParams{
					Status: Ptr(ProductStatusActive), Limit: Ptr(100), StartingAfter: Ptr("prod_9"),
					Expand: []ProductExpand{ProductExpandReviews, "price_variants"},
					Extra:  map[string]any{"created_after": 1700000000},
				})
				return err
			},
			method: "GET", path: "/products",
			query:   "created_after=1700000000&expand=reviews%2Cprice_variants&limit=100&starting_after=prod_9&status=active",
			respond: fixture(t, "products_list.json"),
		},
		{
			name:   "get by id",
			call:   func(c *Client) error { _, err := c.Products.Get(bg, "prod_abc123", nil); return err },
			method: "GET", path: "/products/prod_abc123", respond: product,
		},
		{
			name: "get by slug with expand",
			call: func(c *Client) error {
				_, err := c.Products.Get(bg, "my-course", &ProductGetParams{Expand: []ProductExpand{ProductExpandReviews}})
				return err
			},
			method: "GET", path: "/products/my-course", query: "expand=reviews", respond: product,
		},
		{
			name:   "get escapes the id",
			call:   func(c *Client) error { _, err := c.Products.Get(bg, "a b?c#d%é", nil); return err },
			method: "GET", path: "/products/a%20b%3Fc%23d%25%C3%A9", respond: product,
		},
		{
			name: "create",
			call: func(c *Client) error {
				_, err := c.Products.Create(bg, &ProductCreateParams{
					Name: "My Course", Description: Ptr("Learn Go"), Status: Ptr(ProductStatusDraft),
					AvailableFrom: &from, Extra: map[string]any{"tax_code": "txcd_1", "seo": map[string]string{"title": "T"}},
				})
				return err
			},
			method: "POST", path: "/products",
			body:    `{"name":"My Course","description":"Learn Go","status":"draft","available_from":"2026-01-02T03:04:05Z","tax_code":"txcd_1","seo":{"title":"T"}}`,
			respond: product,
		},
		{
			name: "update with clearable fields",
			call: func(c *Client) error {
				_, err := c.Products.Update(bg, "my-course", &ProductUpdateParams{
					Name: Ptr("Renamed"), Description: Null[string](), ButtonCTA: NullableValue("Get it"),
					AvailableUntil: Null[time.Time](), AvailableFrom: NullableValue(from),
				})
				return err
			},
			method: "PATCH", path: "/products/my-course",
			body:    `{"name":"Renamed","description":null,"button_cta":"Get it","available_from":"2026-01-02T03:04:05Z","available_until":null}`,
			respond: product,
		},
		{
			name:   "update with nil params sends an empty object",
			call:   func(c *Client) error { _, err := c.Products.Update(bg, "prod_1", nil); return err },
			method: "PATCH", path: "/products/prod_1", body: `{}`, respond: product,
		},
		{
			name:   "delete",
			call:   func(c *Client) error { _, err := c.Products.Delete(bg, "prod_abc123", nil); return err },
			method: "DELETE", path: "/products/prod_abc123", respond: fixture(t, "deleted_product.json"),
		},
	}
	checkWireUA(t, "shop/1.0", tests)
}

func TestProductsRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	_, err := c.Products.Create(bg, nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.Products.Create(bg, &ProductCreateParams{Description: Ptr("no name")})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.ErrorContains(t, err, "Name is required")
	//lint:ignore SA1012 a nil context is exactly what this test passes
	_, err = c.Products.Get(nil, "prod_1", nil) //nolint:staticcheck
	assert.ErrorContains(t, err, "nil context")
	assert.Empty(t, r.requests(), "invalid input must not reach the network")
}

func TestProductDecode(t *testing.T) {
	raw := fixture(t, "product.json")
	r := newRecorder(t)
	r.respond(200, raw, "X-Request-Id", "req_1")
	var resp *http.Response
	p, err := r.client().Products.Get(bg, "prod_abc123", nil, WithResponse(&resp))
	require.NoError(t, err)

	assert.Equal(t, "prod_abc123", p.ID)
	assert.Equal(t, "product", p.Object)
	assert.Equal(t, "My Course", p.Name)
	assert.Equal(t, "my-course", p.Slug)
	assert.Equal(t, ProductStatusActive, p.Status)
	assert.True(t, p.Status.IsKnown())
	assert.Equal(t, "Learn Go in a weekend.", *p.Description)
	assert.Equal(t, "<p>Learn <b>Go</b>.</p>", *p.BodyHTML)
	assert.Equal(t, "Buy now", *p.ButtonCTA)
	assert.Equal(t, "https://store.crevio.co/my-course", *p.URL)
	assert.Equal(t, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), p.AvailableFrom.UTC())
	assert.True(t, p.AvailableUntil.IsZero())
	assert.Equal(t, time.Date(2025, 1, 15, 10, 30, 0, 123e6, time.UTC), p.PublishedAt.UTC())
	assert.Equal(t, 2, p.ReviewsCount)
	assert.InDelta(t, 4.5, *p.AverageRating, 0)
	assert.Equal(t, []MediaItem{
		{ID: "media_1", Type: "image/png", URL: "https://cdn.crevio.co/cover.png"},
		{ID: "media_2", Type: "external/youtube", URL: "https://youtu.be/xyz"},
	}, p.MediaGallery)
	require.Len(t, p.PriceVariants, 2)
	assert.Equal(t, "price_one", p.PriceVariants[0].ID)
	_, expanded := p.PriceVariants[0].Expanded()
	assert.False(t, expanded)
	assert.Equal(t, "My Course | Crevio", *p.SEO.Title)
	assert.Nil(t, p.SEO.Description)
	assert.Equal(t, "txcd_10000000", *p.TaxCode)
	assert.Nil(t, p.Reviews)
	assert.Equal(t, time.Date(2025, 1, 15, 10, 30, 0, 0, time.UTC), p.CreatedAt.UTC())
	assert.Equal(t, time.Date(2025, 1, 16, 8, 0, 0, 0, time.UTC), p.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(p.RawJSON()))
	assert.Equal(t, "req_1", RequestID(resp))
	assert.Equal(t, 200, resp.StatusCode)
}

func TestProductDecodeExpandedUnknownFieldsAndEnums(t *testing.T) {
	raw := fixture(t, "product_expanded.json")
	r := newRecorder(t)
	r.respond(200, raw)
	p, err := r.client().Products.Get(bg, "my-course", &ProductGetParams{Expand: []ProductExpand{ProductExpandReviews}})
	require.NoError(t, err)

	assert.Equal(t, ProductStatus("scheduled"), p.Status, "unknown enum values decode as they are")
	assert.False(t, p.Status.IsKnown())
	assert.True(t, p.UpdatedAt.IsZero(), "an unreadable timestamp is zero, not a failed decode")
	assert.Nil(t, p.Description)
	assert.Nil(t, p.SEO)
	assert.Empty(t, p.MediaGallery)

	require.Len(t, p.PriceVariants, 2)
	pv, ok := p.PriceVariants[0].Expanded()
	require.True(t, ok)
	assert.Equal(t, "price_one", p.PriceVariants[0].ID, "an expanded object still has its ID")
	assert.Equal(t, int64(4900), *pv.Amount)
	assert.Equal(t, AmountTypeFixed, pv.AmountType)
	assert.Equal(t, BillingTypeOneTime, pv.BillingType)
	assert.Equal(t, []string{"Lifetime access", "Certificate"}, pv.Benefits)
	assert.Equal(t, int64(9900), *pv.DiscountedFromAmount)
	var extra struct{ Color string }
	require.NoError(t, json.Unmarshal(pv.RawJSON(), &extra))
	assert.Equal(t, "blue", extra.Color, "an expanded object keeps its own raw JSON")

	pv2, _ := p.PriceVariants[1].Expanded()
	assert.Equal(t, BillingType("weekly_magic"), pv2.BillingType)
	assert.False(t, pv2.BillingType.IsKnown())
	assert.Equal(t, RecurringInterval("fortnight"), *pv2.RecurringInterval)
	assert.False(t, pv2.RecurringInterval.IsKnown())

	require.Len(t, p.Reviews, 1)
	assert.Equal(t, Review{
		ID: "rev_1", Object: "review", Product: "prod_abc123", Rating: 5, Content: "Great course.",
		CustomerName: "Jane Doe", CreatedAt: p.Reviews[0].CreatedAt, UpdatedAt: p.Reviews[0].UpdatedAt,
	}, p.Reviews[0])

	var unknown struct {
		MarketingBadge struct{ Label string } `json:"marketing_badge"`
	}
	require.NoError(t, json.Unmarshal(p.RawJSON(), &unknown))
	assert.Equal(t, "Bestseller", unknown.MarketingBadge.Label, "fields the SDK does not model stay reachable")
}

func TestProductListDecode(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "products_list.json"), "X-Request-Id", "req_list")
	page, err := r.client().Products.List(bg, nil)
	require.NoError(t, err)
	assert.Equal(t, "list", page.Object)
	assert.True(t, page.HasMore)
	assert.Equal(t, "/v1/products", page.URL)
	assert.Equal(t, "req_list", page.RequestID)
	require.Len(t, page.Data, 2)
	assert.Equal(t, "prod_b", page.Data[0].ID)
	assert.Equal(t, "Templates Pack", page.Data[0].Name)
	assert.Equal(t, ProductStatusDraft, page.Data[1].Status)
	assert.Equal(t, "price_one", page.Data[1].PriceVariants[0].ID)
	assert.JSONEq(t, `{"id": "prod_b", "object": "product", "name": "Templates Pack", "slug": "templates-pack", "status": "active", "reviews_count": 0, "media_gallery": [], "price_variants": [], "created_at": "2025-01-16T10:30:00Z", "updated_at": "2025-01-16T10:30:00Z", "new_field": 1}`,
		string(page.Data[0].RawJSON()), "each item keeps exactly its own JSON")
	assert.True(t, strings.HasPrefix(string(page.Data[1].RawJSON()), `{"id":"prod_a"`))
}

func TestProductDelete(t *testing.T) {
	t.Run("200 with a body", func(t *testing.T) {
		r := newRecorder(t)
		r.respond(200, fixture(t, "deleted_product.json"))
		d, err := r.client().Products.Delete(bg, "prod_abc123", nil)
		require.NoError(t, err)
		assert.Equal(t, &Deleted{ID: "prod_abc123", Object: "product", Deleted: true}, d)
	})
	t.Run("204 without a body", func(t *testing.T) {
		r := newRecorder(t)
		r.respond(204, "")
		d, err := r.client().Products.Delete(bg, "my-course", nil)
		require.NoError(t, err)
		assert.Equal(t, &Deleted{ID: "my-course", Object: "product", Deleted: true}, d)
	})
	t.Run("200 with an empty body is a decode error", func(t *testing.T) {
		r := newRecorder(t)
		r.respond(200, "")
		_, err := r.client().Products.Delete(bg, "prod_1", nil)
		var de *DecodeError
		require.ErrorAs(t, err, &de)
	})
}

// TestProductsWithHTTPMock drives the SDK through httpmock's transport, the
// way users mock it in their own tests.
func TestProductsWithHTTPMock(t *testing.T) {
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder("POST", "https://api.crevio.co/v1/products", func(req *http.Request) (*http.Response, error) {
		var body map[string]any
		if err := json.NewDecoder(req.Body).Decode(&body); err != nil {
			return httpmock.NewStringResponse(400, `{"error":{"message":"bad json"}}`), nil
		}
		if body["name"] != "Ebook" || req.Header.Get("Idempotency-Key") != "create-ebook-1" {
			return httpmock.NewStringResponse(422, fixture(t, "error_validation.json")), nil
		}
		return httpmock.NewStringResponse(200, `{"id":"prod_new","object":"product","name":"Ebook","slug":"ebook","status":"draft"}`), nil
	})
	mock.RegisterResponder("GET", "https://api.crevio.co/v1/products/missing", httpmock.NewStringResponder(404, fixture(t, "error_not_found.json")))
	c, err := New(testKey, WithTransport(mock))
	require.NoError(t, err)

	p, err := c.Products.Create(bg, &ProductCreateParams{Name: "Ebook"}, WithIdempotencyKey("create-ebook-1"))
	require.NoError(t, err)
	assert.Equal(t, "prod_new", p.ID)

	_, err = c.Products.Get(bg, "missing", nil)
	assert.True(t, errors.Is(err, ErrNotFound))
	assert.Equal(t, 1, mock.GetCallCountInfo()["GET https://api.crevio.co/v1/products/missing"], "a 404 is not retried")
}
