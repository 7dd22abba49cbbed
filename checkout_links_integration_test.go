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

// checkoutLinkFixtures creates a product with two price variants and a
// discount, and returns the variant ids and the discount id.
func checkoutLinkFixtures(t *testing.T, srv *creviotest.Server, c *crevio.Client) ([]string, string) {
	t.Helper()
	ctx := context.Background()
	pid := seedID(t, srv, "products", map[string]any{"name": "Course"})
	var ids []string
	for _, name := range []string{"Monthly", "Yearly"} {
		v, err := c.PriceVariants.Create(ctx, &crevio.PriceVariantCreateParams{Product: pid, Name: name})
		require.NoError(t, err)
		ids = append(ids, v.ID)
	}
	d, err := c.Discounts.Create(ctx, &crevio.DiscountCreateParams{
		Code: "SPRING", DiscountType: crevio.DiscountTypeAmountOff, AmountOff: crevio.Ptr[int64](500), Currency: crevio.Ptr("usd"),
	})
	require.NoError(t, err)
	return ids, d.ID
}

func TestIntegrationCheckoutLinkLifecycle(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()
	pvs, discID := checkoutLinkFixtures(t, srv, c)

	created, err := c.CheckoutLinks.Create(ctx, &crevio.CheckoutLinkCreateParams{
		Name: "Spring launch", PriceVariants: pvs, SuccessURL: crevio.Ptr("https://example.com/thanks"),
		AllowDiscountCodes: crevio.Ptr(true), Discount: crevio.Ptr(discID), Metadata: map[string]any{"campaign": "spring"},
	})
	require.NoError(t, err)
	assert.Regexp(t, `^cl_`, created.ID)
	assert.Equal(t, "checkout_link", created.Object)
	assert.NotEmpty(t, created.URL)
	assert.Equal(t, "https://example.com/thanks", *created.SuccessURL)
	assert.True(t, created.AllowDiscountCodes)
	assert.Equal(t, map[string]any{"campaign": "spring"}, created.Metadata)
	assert.Equal(t, discID, created.Discount.ID)
	_, expanded := created.Discount.Expanded()
	assert.False(t, expanded, "relations are ids unless expanded")
	require.Len(t, created.PriceVariants, 2)
	assert.Equal(t, pvs[0], created.PriceVariants[0].ID)

	got, err := c.CheckoutLinks.Get(ctx, created.ID, &crevio.CheckoutLinkGetParams{
		Expand: []crevio.CheckoutLinkExpand{crevio.CheckoutLinkExpandDiscount, crevio.CheckoutLinkExpandPriceVariants},
	})
	require.NoError(t, err)
	d, ok := got.Discount.Expanded()
	require.True(t, ok)
	assert.Equal(t, "SPRING", d.Code)
	assert.Equal(t, int64(500), *d.AmountOff)
	require.Len(t, got.PriceVariants, 2)
	for i, e := range got.PriceVariants {
		v, ok := e.Expanded()
		require.True(t, ok)
		assert.Equal(t, pvs[i], v.ID)
		assert.Equal(t, []string{"Monthly", "Yearly"}[i], v.Name)
	}

	onlyDiscount, err := c.CheckoutLinks.Get(ctx, created.ID, &crevio.CheckoutLinkGetParams{
		Expand: []crevio.CheckoutLinkExpand{crevio.CheckoutLinkExpandDiscount},
	})
	require.NoError(t, err)
	_, ok = onlyDiscount.Discount.Expanded()
	assert.True(t, ok)
	_, ok = onlyDiscount.PriceVariants[0].Expanded()
	assert.False(t, ok)

	updated, err := c.CheckoutLinks.Update(ctx, created.ID, &crevio.CheckoutLinkUpdateParams{
		Name: crevio.Ptr("Summer"), PriceVariants: pvs[1:], SuccessURL: crevio.Null[string](), Discount: crevio.Null[string](),
	})
	require.NoError(t, err)
	assert.Equal(t, "Summer", updated.Name)
	assert.Nil(t, updated.SuccessURL)
	assert.True(t, updated.Discount.IsZero(), "Null removed the discount")
	require.Len(t, updated.PriceVariants, 1)
	assert.Equal(t, pvs[1], updated.PriceVariants[0].ID)
	assert.True(t, updated.AllowDiscountCodes, "unset fields are left alone")

	relinked, err := c.CheckoutLinks.Update(ctx, created.ID, &crevio.CheckoutLinkUpdateParams{Discount: crevio.NullableValue(discID)})
	require.NoError(t, err)
	assert.Equal(t, discID, relinked.Discount.ID)

	del, err := c.CheckoutLinks.Delete(ctx, created.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, &crevio.Deleted{ID: created.ID, Object: "checkout_link", Deleted: true}, del)
	_, err = c.CheckoutLinks.Get(ctx, created.ID, nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	assert.Zero(t, srv.Count("checkout_links"))
}

func TestIntegrationCheckoutLinkRelationsMustExist(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()
	pvs, discID := checkoutLinkFixtures(t, srv, c)

	_, err := c.CheckoutLinks.Create(ctx, &crevio.CheckoutLinkCreateParams{Name: "X", PriceVariants: []string{pvs[0], "price_missing"}})
	assert.Equal(t, []string{"must exist"}, fieldErrors(t, err)["price_variants"])
	_, err = c.CheckoutLinks.Create(ctx, &crevio.CheckoutLinkCreateParams{Name: "X", PriceVariants: pvs, Discount: crevio.Ptr("disc_missing")})
	assert.Equal(t, []string{"must exist"}, fieldErrors(t, err)["discount"])
	_, err = c.CheckoutLinks.Create(ctx, nil)
	errs := fieldErrors(t, err)
	assert.Equal(t, []string{"can't be blank"}, errs["name"])
	assert.Equal(t, []string{"can't be blank"}, errs["price_variants"])
	_, err = c.CheckoutLinks.Create(ctx, &crevio.CheckoutLinkCreateParams{Name: "X", PriceVariants: pvs, Extra: map[string]any{"metadata": "nope"}})
	assert.NotEmpty(t, fieldErrors(t, err)["metadata"])
	assert.Zero(t, srv.Count("checkout_links"))

	l, err := c.CheckoutLinks.Create(ctx, &crevio.CheckoutLinkCreateParams{Name: "X", PriceVariants: pvs, Discount: &discID})
	require.NoError(t, err)
	_, err = c.CheckoutLinks.Update(ctx, l.ID, &crevio.CheckoutLinkUpdateParams{Discount: crevio.NullableValue("disc_missing")})
	assert.Equal(t, []string{"must exist"}, fieldErrors(t, err)["discount"])
	_, err = c.CheckoutLinks.Update(ctx, l.ID, &crevio.CheckoutLinkUpdateParams{Extra: map[string]any{"price_variants": []string{}}})
	assert.Equal(t, []string{"can't be blank"}, fieldErrors(t, err)["price_variants"])

	// Deleting the discount takes it off the link.
	_, err = c.Discounts.Delete(ctx, discID, nil)
	require.NoError(t, err)
	got, err := c.CheckoutLinks.Get(ctx, l.ID, nil)
	require.NoError(t, err)
	assert.True(t, got.Discount.IsZero())
}

func TestIntegrationCheckoutLinksWalk(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	pvs, discID := checkoutLinkFixtures(t, srv, c)
	for i := range 25 {
		_, err := srv.Seed("checkout_links", map[string]any{"name": fmt.Sprintf("Link %02d", i), "price_variants": pvs, "discount": discID})
		require.NoError(t, err)
	}
	srv.ResetRequests()
	var names []string
	for l, err := range c.CheckoutLinks.All(context.Background(), &crevio.CheckoutLinkListParams{
		Limit: crevio.Ptr(10), Expand: []crevio.CheckoutLinkExpand{crevio.CheckoutLinkExpandDiscount, crevio.CheckoutLinkExpandPriceVariants},
	}) {
		require.NoError(t, err)
		names = append(names, l.Name)
		d, ok := l.Discount.Expanded()
		require.True(t, ok, "expand applies to every item of every page")
		assert.Equal(t, "SPRING", d.Code)
		_, ok = l.PriceVariants[1].Expanded()
		assert.True(t, ok)
	}
	require.Len(t, names, 25)
	assert.Equal(t, "Link 24", names[0], "newest first")
	assert.Equal(t, "Link 00", names[24])
	reqs := srv.Requests()
	require.Len(t, reqs, 3)
	for _, r := range reqs {
		assert.Equal(t, "discount,price_variants", r.Query().Get("expand"), "expand is kept on every page")
	}
}
