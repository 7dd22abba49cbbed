package crevio

import "testing"

// TestGainedParamsWire checks the params types that methods gained when
// every method took one: their Extra reaches the wire, in the query of a
// GET or DELETE and in the JSON body of a POST action, and nil sends what
// the call sent before it had params.
func TestGainedParamsWire(t *testing.T) {
	extra := map[string]any{"x_extra": "1"}
	tests := []wireCase{
		{
			name:   "account get",
			call:   func(c *Client) error { _, err := c.Account.Get(bg, &AccountGetParams{Extra: extra}); return err },
			method: "GET", path: "/account", query: "x_extra=1", respond: fixture(t, "account.json"),
		},
		{
			name:   "me get",
			call:   func(c *Client) error { _, err := c.Me.Get(bg, &MeGetParams{Extra: extra}); return err },
			method: "GET", path: "/me", query: "x_extra=1", respond: fixture(t, "user.json"),
		},
		{
			name:   "x402 get",
			call:   func(c *Client) error { _, err := c.X402.Get(bg, &X402GetParams{Extra: extra}); return err },
			method: "GET", path: "/x402_configuration", query: "x_extra=1", respond: fixture(t, "x402_configuration.json"),
		},
		{
			name: "blog post get",
			call: func(c *Client) error {
				_, err := c.BlogPosts.Get(bg, "post_1", &BlogPostGetParams{Extra: extra})
				return err
			},
			method: "GET", path: "/blog_posts/post_1", query: "x_extra=1", respond: fixture(t, "blog_post.json"),
		},
		{
			name: "customer get",
			call: func(c *Client) error {
				_, err := c.Customers.Get(bg, "cus_1", &CustomerGetParams{Extra: extra})
				return err
			},
			method: "GET", path: "/customers/cus_1", query: "x_extra=1", respond: fixture(t, "customer.json"),
		},
		{
			name: "discount get",
			call: func(c *Client) error {
				_, err := c.Discounts.Get(bg, "disc_1", &DiscountGetParams{Extra: extra})
				return err
			},
			method: "GET", path: "/discounts/disc_1", query: "x_extra=1", respond: fixture(t, "discount.json"),
		},
		{
			name: "experience get",
			call: func(c *Client) error {
				_, err := c.Experiences.Get(bg, "exp_1", &ExperienceGetParams{Extra: extra})
				return err
			},
			method: "GET", path: "/experiences/exp_1", query: "x_extra=1", respond: fixture(t, "experience.json"),
		},
		{
			name:   "file get",
			call:   func(c *Client) error { _, err := c.Files.Get(bg, "file_1", &FileGetParams{Extra: extra}); return err },
			method: "GET", path: "/files/file_1", query: "x_extra=1", respond: fixture(t, "file.json"),
		},
		{
			name:   "form get",
			call:   func(c *Client) error { _, err := c.Forms.Get(bg, "form_1", &FormGetParams{Extra: extra}); return err },
			method: "GET", path: "/forms/form_1", query: "x_extra=1", respond: fixture(t, "form.json"),
		},
		{
			name: "legal page get",
			call: func(c *Client) error {
				_, err := c.LegalPages.Get(bg, "terms", &LegalPageGetParams{Extra: extra})
				return err
			},
			method: "GET", path: "/legal_pages/terms", query: "x_extra=1", respond: fixture(t, "legal_page.json"),
		},
		{
			name: "order item get",
			call: func(c *Client) error {
				_, err := c.OrderItems.Get(bg, "ordi_1", &OrderItemGetParams{Extra: extra})
				return err
			},
			method: "GET", path: "/order_items/ordi_1", query: "x_extra=1", respond: fixture(t, "order_item.json"),
		},
		{
			name: "price variant get",
			call: func(c *Client) error {
				_, err := c.PriceVariants.Get(bg, "price_1", &PriceVariantGetParams{Extra: extra})
				return err
			},
			method: "GET", path: "/price_variants/price_1", query: "x_extra=1", respond: fixture(t, "price_variant.json"),
		},
		{
			name:   "refund get",
			call:   func(c *Client) error { _, err := c.Refunds.Get(bg, "re_1", &RefundGetParams{Extra: extra}); return err },
			method: "GET", path: "/refunds/re_1", query: "x_extra=1", respond: fixture(t, "refund.json"),
		},
		{
			name: "review get",
			call: func(c *Client) error {
				_, err := c.Reviews.Get(bg, "rev_1", &ReviewGetParams{Extra: extra})
				return err
			},
			method: "GET", path: "/reviews/rev_1", query: "x_extra=1", respond: fixture(t, "review.json"),
		},
		{
			name: "subscription get",
			call: func(c *Client) error {
				_, err := c.Subscriptions.Get(bg, "sub_1", &SubscriptionGetParams{Extra: extra})
				return err
			},
			method: "GET", path: "/subscriptions/sub_1", query: "x_extra=1", respond: fixture(t, "subscription.json"),
		},
		{
			name:   "user get",
			call:   func(c *Client) error { _, err := c.Users.Get(bg, "usr_1", &UserGetParams{Extra: extra}); return err },
			method: "GET", path: "/users/usr_1", query: "x_extra=1", respond: fixture(t, "user.json"),
		},
		{
			name: "checkout link delete",
			call: func(c *Client) error {
				_, err := c.CheckoutLinks.Delete(bg, "cl_1", &CheckoutLinkDeleteParams{Extra: extra})
				return err
			},
			method: "DELETE", path: "/checkout_links/cl_1", query: "x_extra=1", respond: fixture(t, "checkout_link_deleted.json"),
		},
		{
			name: "discount delete",
			call: func(c *Client) error {
				_, err := c.Discounts.Delete(bg, "disc_1", &DiscountDeleteParams{Extra: extra})
				return err
			},
			method: "DELETE", path: "/discounts/disc_1", query: "x_extra=1", respond: fixture(t, "discount_deleted.json"),
		},
		{
			name: "file delete",
			call: func(c *Client) error {
				_, err := c.Files.Delete(bg, "file_1", &FileDeleteParams{Extra: extra})
				return err
			},
			method: "DELETE", path: "/files/file_1", query: "x_extra=1", respond: fixture(t, "file_deleted.json"),
		},
		{
			name: "product delete",
			call: func(c *Client) error {
				_, err := c.Products.Delete(bg, "prod_1", &ProductDeleteParams{Extra: extra})
				return err
			},
			method: "DELETE", path: "/products/prod_1", query: "x_extra=1", respond: fixture(t, "deleted_product.json"),
		},
		{
			name: "review delete",
			call: func(c *Client) error {
				_, err := c.Reviews.Delete(bg, "rev_1", &ReviewDeleteParams{Extra: extra})
				return err
			},
			method: "DELETE", path: "/reviews/rev_1", query: "x_extra=1", respond: fixture(t, "review_deleted.json"),
		},
		{
			name: "invoice void",
			call: func(c *Client) error {
				_, err := c.Invoices.Void(bg, "inv_1", &InvoiceVoidParams{Extra: extra})
				return err
			},
			method: "POST", path: "/invoices/inv_1/void", body: `{"x_extra":"1"}`, respond: fixture(t, "invoice.json"),
		},
		{
			name:   "invoice void with nil params",
			call:   func(c *Client) error { _, err := c.Invoices.Void(bg, "inv_1", nil); return err },
			method: "POST", path: "/invoices/inv_1/void", body: `{}`, respond: fixture(t, "invoice.json"),
		},
		{
			name: "price variant archive",
			call: func(c *Client) error {
				_, err := c.PriceVariants.Archive(bg, "price_1", &PriceVariantArchiveParams{Extra: map[string]any{"x_extra": nil}})
				return err
			},
			method: "POST", path: "/price_variants/price_1/archive", body: `{"x_extra":null}`, respond: fixture(t, "price_variant.json"),
		},
		{
			name: "price variant archive with empty params",
			call: func(c *Client) error {
				_, err := c.PriceVariants.Archive(bg, "price_1", &PriceVariantArchiveParams{})
				return err
			},
			method: "POST", path: "/price_variants/price_1/archive", body: `{}`, respond: fixture(t, "price_variant.json"),
		},
	}
	checkWire(t, tests)
}
