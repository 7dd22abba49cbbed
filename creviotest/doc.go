// Package creviotest provides a stateful, in-memory fake of the Crevio API
// for tests, served over real HTTP on a loopback port like
// net/http/httptest.
//
//	func TestCheckout(t *testing.T) {
//		srv := creviotest.NewTestServer(t)            // closed when the test ends
//		if _, err := srv.Seed("products", map[string]any{"name": "Course", "status": "active"}); err != nil {
//			t.Fatal(err)
//		}
//		c := srv.Client(crevio.WithRetryBackoff(time.Millisecond, 10*time.Millisecond))
//		p, err := c.Products.Get(ctx, "course", nil)  // slug lookup works
//		...
//	}
//
// The fake follows the API's conventions: Bearer authentication (401
// without the token), prefixed ids (prod_..., price_..., rev_...), list
// envelopes {"object":"list","data":[...],"has_more":...,"url":...} with
// limit (1..100, default 20) and the starting_after cursor, newest first;
// expand=a,b; slug lookup for products, blog posts, experiences and legal
// pages; Stripe-style delete answers
// {"id":...,"object":...,"deleted":true}; and the error envelope
// {"error":{"type","code","message","param","errors"}} with 400, 401, 404,
// 405 and 422. Request bodies may be flat or wrapped in a root key named
// after the object ({"product": {...}}). As the API's parameter filtering
// does, a create or update keeps only the fields its resource has: an
// unknown top-level field ("is_admin": true) is neither stored nor echoed,
// while the values of known fields (a metadata object, a submission's
// answers) are kept whole. Seeds are not filtered.
//
// Tests can seed state ([Fake.Seed], [Fake.SeedJSON]), inspect it
// ([Fake.Get], [Fake.Count]) and the requests received ([Fake.Requests]),
// and inject faults deterministically, without sleeping: error statuses
// ([Fake.Fail]), 429 with Retry-After ([Fake.RateLimit]), failures after
// a commit ([Fake.FailAfter]), latency ([Fake.Latency]), a
// requests-per-second budget with 429s over it ([Fake.RequestBudget]), dropped
// connections, malformed or truncated bodies, and HTML error pages. Faults
// can be limited to a method and path with [Only].
//
// A POST or PATCH with an Idempotency-Key header is served once, with
// Stripe's semantics: later requests with the key replay the first
// (non-5xx) answer; requests arriving while the first is still being served
// wait for its answer, so concurrent retries never create twice; the key
// used with another method, path, query or body is a 400 of type
// "idempotency_error", never a replay. The fake remembers the most recent
// [DefaultIdempotencyKeys] keys ([WithIdempotencyKeys]).
//
// Tests can play the buyer and the platform: [Fake.CompleteCheckout]
// completes a checkout as paying it would (a customer, an order with its
// items, a paid invoice, a started subscription for a subscription variant,
// a confirmed booking), [Fake.ExpireCheckout] expires one, and
// [Fake.ConfirmCustomer] confirms a subscriber, and [Fake.MarkInvoicePastDue]
// lets an open invoice's due date pass.
//
// Files come in the three documented ways. A create with a filename answers
// a pending file with an upload_url served by the fake itself
// (/_uploads/{id}?signature=..., outside /v1, on the Host the create was
// sent to) and its upload_headers; a PUT there must carry exactly those
// headers and no Authorization header (400), and the bytes are kept
// ([Fake.FileContent]) until POST /v1/files/{id}/uploaded makes the file
// ready (409 before the bytes, or twice). Upload URL errors are S3-style
// XML. A create with a url is a URL import: processing, then ready on the
// next read (GET, or a list page showing it; [WithFileImportReads] makes it
// take more), or failed when the URL's host ends in ".invalid"; the fake
// fetches nothing. A create with kind external_video and a YouTube, Vimeo or
// Wistia url is ready at once; any other host is a 422.
//
// The fake sends exactly the twelve documented event types, each on the
// state change that causes it, whichever way it happens (the API, a helper,
// a seed): product.created and product.updated (a product created,
// changed); checkout.created; order.created and order.paid (an order
// created, or moved to paid or succeeded); invoice.created, invoice.paid,
// invoice.past_due and invoice.voided (an invoice created, or moved to that
// status); lead.created (a customer created as a lead: POST
// /v1/customers, a new email on POST /v1/subscribers or POST
// /v1/form_submissions); customer.confirmed (confirmed_at set); and
// form_submission.created (POST /v1/form_submissions, and the newsletter
// submission of every POST /v1/subscribers). Subscriptions, refunds,
// bookings, files, sites and task runs send none.
//
// State changes are delivered as signed webhook events (Standard Webhooks)
// to the endpoints created through /v1/webhook_endpoints, with retries
// ([WithWebhookRetry]); [Fake.WaitDeliveries] waits until they are done and
// /v1/webhook_events lists them, with the reason of every failed attempt.
// Delivery follows the Standard Webhooks sender rules: only a 2xx is
// success, a redirect is never followed, 410 Gone deactivates the endpoint,
// each retry uses the endpoint's current URL and secret and stops once it
// is deleted or deactivated, the events of one object reach an endpoint in
// the order they happened, and at most 4 deliveries are in flight per
// endpoint (more queue).
//
// A few fields exist only in the fake, to drive behaviour the API computes
// elsewhere: an event type's "availability" ({time_zone, days, start, end};
// weekdays 09:00-17:00 UTC by default) decides its slots, a seeded user's
// "access_grants" decide access checks, and every fake starts with a primary
// newsletter form and a primary contact form. A booked slot cannot be booked
// again (422).
//
// The same fake runs as a standalone server with
// go run github.com/creviolabs/crevio-go/cmd/creviomock.
package creviotest
