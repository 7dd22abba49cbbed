package crevio

// The route table: every collection path the SDK calls, in one place, so a
// correction to the reference (an underscore that should be a hyphen) is a
// one-line change. Paths are relative to the base URL, which ends in /v1.
const (
	pathProducts          = "/products"
	pathPriceVariants     = "/price_variants"
	pathOrders            = "/orders"
	pathOrderItems        = "/order_items"
	pathRefunds           = "/refunds"
	pathCustomers         = "/customers"
	pathSubscriptions     = "/subscriptions"
	pathInvoices          = "/invoices"
	pathCheckouts         = "/checkouts"
	pathCheckoutLinks     = "/checkout_links"
	pathDiscounts         = "/discounts"
	pathExperiences       = "/experiences"
	pathBlogPosts         = "/blog_posts"
	pathBlogCategories    = "/blog_categories"
	pathLegalPages        = "/legal_pages"
	pathReviews           = "/reviews"
	pathFiles             = "/files"
	pathEmails            = "/emails"
	pathWebhookEndpoints  = "/webhook_endpoints"
	pathWebhookEvents     = "/webhook_events"
	pathX402Configuration = "/x402_configuration"
	pathAccount           = "/account"
	pathMe                = "/me"
	pathUsers             = "/users"
	pathAPIKeys           = "/auth/keys"
	pathForms             = "/forms"
	pathFormSubmissions   = "/form_submissions"
	pathSubscribers       = "/subscribers"
	pathEventTypes        = "/event-types"
	pathBookings          = "/bookings"
	pathSites             = "/sites"
	pathTaskRuns          = "/task_runs"
)

// Action path segments: POST {collection}/{id}/{action}, and GET sub-resources.
const (
	actionArchive  = "archive"
	actionCancel   = "cancel"
	actionPause    = "pause"
	actionResume   = "resume"
	actionVoid     = "void"
	actionPosition = "position"
	actionSlots    = "slots"
	actionAccess   = "access"
	actionUploaded = "uploaded"
)

// actionPath returns collection/{id}/action, refusing ids that could name
// another path.
func actionPath(collection, id, action string) (string, error) {
	p, err := objectPath(collection, id)
	if err != nil {
		return "", err
	}
	return p + "/" + action, nil
}

// objectPath returns collection/{id}, refusing ids that could name another path.
func objectPath(collection, id string) (string, error) {
	esc, err := pathID(id)
	if err != nil {
		return "", err
	}
	return collection + "/" + esc, nil
}
