package creviotest_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Seeding from the SDK's own params types gives back SDK types: a product
// with its price variants, no map[string]any in sight.
func ExampleSeedAs() {
	srv := creviotest.NewServer()
	defer srv.Close()

	p, err := creviotest.SeedAs[crevio.Product](srv,
		&crevio.ProductCreateParams{Name: "Go Course", Status: crevio.Ptr(crevio.ProductStatusActive)},
		creviotest.Nest[crevio.PriceVariant](&crevio.PriceVariantCreateParams{
			Name: "Full", Amount: crevio.Ptr[int64](4900), Currency: crevio.Ptr("usd"),
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	pv := p.PriceVariants[0].Object
	fmt.Println(p.Slug, p.Status, pv.Name, *pv.Amount, pv.Product == p.ID)
	// Output: go-course active Full 4900 true
}

func TestMustSeed(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	p := creviotest.MustSeed[crevio.Product](t, srv,
		&crevio.ProductCreateParams{Name: "Course", Extra: map[string]any{"tax_code": "txcd_10000000"}},
		creviotest.Nest[crevio.PriceVariant](&crevio.PriceVariantCreateParams{Name: "A", Amount: crevio.Ptr[int64](100)}),
		creviotest.Nest[crevio.PriceVariant](&crevio.PriceVariantCreateParams{Name: "B", Amount: crevio.Ptr[int64](200)}),
		creviotest.Nest[crevio.Review](map[string]any{"rating": 5, "content": "Great", "customer_name": "Ada"}))
	assert.Regexp(t, `^prod_`, p.ID)
	require.NotNil(t, p.TaxCode, "Extra fields are seeded")
	assert.Equal(t, "txcd_10000000", *p.TaxCode)
	require.Len(t, p.PriceVariants, 2)
	for _, e := range p.PriceVariants {
		require.NotNil(t, e.Object, "expanded")
		assert.Equal(t, p.ID, e.Object.Product)
	}
	require.Len(t, p.Reviews, 1)
	assert.Equal(t, 5, p.Reviews[0].Rating)
	assert.Equal(t, 3, srv.Count("price_variants")+srv.Count("reviews"))

	// The seeded objects are the API's: the SDK reads the same.
	got, err := srv.Client().Products.Get(t.Context(), p.ID, &crevio.ProductGetParams{
		Expand: []crevio.ProductExpand{crevio.ProductExpand("price_variants")}})
	require.NoError(t, err)
	assert.Equal(t, p.PriceVariants[1].Object.ID, got.PriceVariants[1].Object.ID)

	// Any resource, from its params or a map.
	c := creviotest.MustSeed[crevio.Customer](t, srv, map[string]any{"email": "ada@example.com", "name": "Ada"})
	assert.Equal(t, "ada@example.com", c.Email)
	pv := creviotest.MustSeed[crevio.PriceVariant](t, srv, &crevio.PriceVariantCreateParams{Product: p.ID, Name: "C"})
	assert.Equal(t, p.ID, pv.Product)
}

func TestSeedAsErrors(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	_, err := creviotest.SeedAs[crevio.Error](srv, nil)
	assert.ErrorContains(t, err, "not an object type")
	_, err = creviotest.SeedAs[crevio.Customer](srv, nil, creviotest.Nest[crevio.PriceVariant](nil))
	assert.ErrorContains(t, err, "price_variants cannot be nested in customers")
	_, err = creviotest.SeedAs[crevio.Product](srv, nil, creviotest.Nest[crevio.Error](nil))
	assert.ErrorContains(t, err, "not an object type")
	_, err = creviotest.SeedAs[crevio.Product](srv, []int{1})
	assert.ErrorContains(t, err, "not a JSON object")
	_, err = creviotest.SeedAs[crevio.Product](srv, map[string]any{"id": "prod_1"})
	require.NoError(t, err)
	_, err = creviotest.SeedAs[crevio.Product](srv, map[string]any{"id": "prod_1"})
	assert.ErrorContains(t, err, "duplicate id")
}

// Every resource the fake serves has an SDK type SeedAs knows, but those
// with no SDK type of their own: subscribers (no call returns one), "me"
// (a crevio.User, seeded as users), and the resources the SDK does not
// cover yet.
func TestSeedAsEveryType(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	seed := map[string]func() (string, error){
		"products":        func() (string, error) { v, err := creviotest.SeedAs[crevio.Product](srv, nil); return obj(v, err) },
		"price_variants":  func() (string, error) { v, err := creviotest.SeedAs[crevio.PriceVariant](srv, nil); return obj(v, err) },
		"reviews":         func() (string, error) { v, err := creviotest.SeedAs[crevio.Review](srv, nil); return obj(v, err) },
		"discounts":       func() (string, error) { v, err := creviotest.SeedAs[crevio.Discount](srv, nil); return obj(v, err) },
		"checkout_links":  func() (string, error) { v, err := creviotest.SeedAs[crevio.CheckoutLink](srv, nil); return obj(v, err) },
		"customers":       func() (string, error) { v, err := creviotest.SeedAs[crevio.Customer](srv, nil); return obj(v, err) },
		"orders":          func() (string, error) { v, err := creviotest.SeedAs[crevio.Order](srv, nil); return obj(v, err) },
		"order_items":     func() (string, error) { v, err := creviotest.SeedAs[crevio.OrderItem](srv, nil); return obj(v, err) },
		"refunds":         func() (string, error) { v, err := creviotest.SeedAs[crevio.Refund](srv, nil); return obj(v, err) },
		"subscriptions":   func() (string, error) { v, err := creviotest.SeedAs[crevio.Subscription](srv, nil); return obj(v, err) },
		"invoices":        func() (string, error) { v, err := creviotest.SeedAs[crevio.Invoice](srv, nil); return obj(v, err) },
		"checkouts":       func() (string, error) { v, err := creviotest.SeedAs[crevio.Checkout](srv, nil); return obj(v, err) },
		"experiences":     func() (string, error) { v, err := creviotest.SeedAs[crevio.Experience](srv, nil); return obj(v, err) },
		"blog_posts":      func() (string, error) { v, err := creviotest.SeedAs[crevio.BlogPost](srv, nil); return obj(v, err) },
		"blog_categories": func() (string, error) { v, err := creviotest.SeedAs[crevio.BlogCategory](srv, nil); return obj(v, err) },
		"legal_pages":     func() (string, error) { v, err := creviotest.SeedAs[crevio.LegalPage](srv, nil); return obj(v, err) },
		"files":           func() (string, error) { v, err := creviotest.SeedAs[crevio.File](srv, nil); return obj(v, err) },
		"emails":          func() (string, error) { v, err := creviotest.SeedAs[crevio.Email](srv, nil); return obj(v, err) },
		"webhook_endpoints": func() (string, error) {
			v, err := creviotest.SeedAs[crevio.WebhookEndpoint](srv, nil)
			return obj(v, err)
		},
		"webhook_events": func() (string, error) { v, err := creviotest.SeedAs[crevio.WebhookEvent](srv, nil); return obj(v, err) },
		"x402_configuration": func() (string, error) {
			v, err := creviotest.SeedAs[crevio.X402Configuration](srv, nil)
			return obj(v, err)
		},
		"account":  func() (string, error) { v, err := creviotest.SeedAs[crevio.Account](srv, nil); return obj(v, err) },
		"users":    func() (string, error) { v, err := creviotest.SeedAs[crevio.User](srv, nil); return obj(v, err) },
		"api_keys": func() (string, error) { v, err := creviotest.SeedAs[crevio.APIKey](srv, nil); return obj(v, err) },
		"forms":    func() (string, error) { v, err := creviotest.SeedAs[crevio.Form](srv, nil); return obj(v, err) },
		"form_submissions": func() (string, error) {
			v, err := creviotest.SeedAs[crevio.FormSubmission](srv, nil)
			return obj(v, err)
		},
		"event_types": func() (string, error) { v, err := creviotest.SeedAs[crevio.EventType](srv, nil); return obj(v, err) },
		"bookings":    func() (string, error) { v, err := creviotest.SeedAs[crevio.Booking](srv, nil); return obj(v, err) },
		"sites":       func() (string, error) { v, err := creviotest.SeedAs[crevio.Site](srv, nil); return obj(v, err) },
		"task_runs":   func() (string, error) { v, err := creviotest.SeedAs[crevio.TaskRun](srv, nil); return obj(v, err) },
	}
	for _, name := range srv.Resources() {
		switch name {
		case "subscribers", "me":
			continue
		}
		f, ok := seed[name]
		if !assert.True(t, ok, "SeedAs has no type for %s", name) {
			continue
		}
		before := srv.Count(name)
		id, err := f()
		require.NoError(t, err, name)
		assert.NotEmpty(t, id, name)
		assert.Equal(t, before+1, srv.Count(name), name)
	}
}

// obj returns the id of a decoded object, through its JSON.
func obj[T any](v *T, err error) (string, error) {
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	var m struct {
		ID     string `json:"id"`
		Object string `json:"object"`
	}
	err = json.Unmarshal(b, &m)
	return m.ID + m.Object, err
}
