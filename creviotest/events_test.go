package creviotest

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWebhookEventTypesAreTheDocumentedTwelve pins the event types the fake
// sends to exactly the twelve the reference documents
// (the webhook events page of the API reference): no subscription, refund, booking,
// file, site or task run event.
func TestWebhookEventTypesAreTheDocumentedTwelve(t *testing.T) {
	assert.ElementsMatch(t, []string{
		"lead.created", "checkout.created", "order.created", "order.paid", "invoice.created", "invoice.paid",
		"invoice.past_due", "invoice.voided", "product.created", "product.updated", "customer.confirmed",
		"form_submission.created",
	}, webhookEventTypes())
	for _, resource := range []string{"subscriptions", "refunds", "bookings", "files", "sites", "task_runs",
		"price_variants", "discounts", "forms"} {
		assert.Empty(t, webhookEventsFor(resource, nil, map[string]any{"status": "active"}), resource)
		assert.Empty(t, webhookEventsFor(resource, map[string]any{"status": "active"}, map[string]any{"status": "canceled"}), resource)
	}
	assert.Equal(t, []string{"form_submission.created"}, webhookEventsFor("form_submissions", nil, map[string]any{}))
	assert.Empty(t, webhookEventsFor("form_submissions", map[string]any{}, map[string]any{}), "only on create")
}

// TestEventsOnTheirStateChanges drives each new emission point through
// the API or a helper and checks the events recorded, in order.
func TestEventsOnTheirStateChanges(t *testing.T) {
	a := newWebhookAPI(t)
	rc := newWebhookReceiver(t)
	a.webhookEndpoint(rc.srv.URL, "*")
	form := a.do(http.MethodGet, "/forms?purpose=contact", nil).data()[0].(map[string]any)
	fields := form["form_fields"].([]any)
	fieldID := func(i int) string { return fields[i].(map[string]any)["id"].(string) }

	seen := 0
	step := func(name string, want ...string) {
		t.Helper()
		a.waitDeliveries()
		all := a.webhookEventsLog("")
		var got []string
		got = append(got, all[seen:]...)
		if len(want) == 0 {
			want = nil
		}
		assert.Equal(t, want, got, name)
		seen = len(all)
	}

	// A submission by a new email: the lead, then the submission.
	sub := a.create("/form_submissions", map[string]any{"form_id": form["id"], "email": "new@example.com",
		"answers": map[string]any{fieldID(2): "Hello"}})
	step("submission by a new respondent", "lead.created", "form_submission.created")
	// By a known email: the submission only.
	a.create("/form_submissions", map[string]any{"form_id": form["id"], "email": "NEW@example.com",
		"answers": map[string]any{fieldID(2): "Again"}})
	step("submission by a known respondent", "form_submission.created")
	// A refused submission sends nothing.
	assert.Equal(t, http.StatusUnprocessableEntity, a.do(http.MethodPost, "/form_submissions",
		map[string]any{"form_id": form["id"], "email": "x@example.com"}).Status)
	step("refused submission")
	// A newsletter signup is a lead and a submission of the newsletter form.
	a.create("/subscribers", map[string]any{"email": "reader@example.com"})
	step("newsletter signup", "lead.created", "form_submission.created")
	a.create("/subscribers", map[string]any{"email": "reader@example.com"})
	step("second signup", "form_submission.created")
	// Seeds too.
	_, err := a.srv.Seed("form_submissions", map[string]any{"form_id": form["id"], "email": "seed@example.com"})
	require.NoError(t, err)
	step("seeded submission", "lead.created", "form_submission.created")

	// The payload is the submission as stored, in the documented shape.
	res := a.do(http.MethodGet, "/webhook_events?limit=100", nil)
	var payload map[string]any
	for _, e := range res.data() {
		m := e.(map[string]any)
		obj := m["data"].(map[string]any)["object"].(map[string]any)
		if m["type"] == "form_submission.created" && obj["id"] == sub["id"] {
			payload = obj
		}
	}
	require.NotNil(t, payload)
	want, err := json.Marshal(sub)
	require.NoError(t, err)
	got, err := json.Marshal(payload)
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got), "data.object is the submission as the create answered it")

	// invoice.past_due comes from MarkInvoicePastDue.
	pv := seedVariant(t, a)
	step("product", "product.created")
	cus := a.create("/customers", map[string]any{"email": "buyer@example.com"})
	step("customer", "lead.created")
	inv := a.create("/invoices", map[string]any{"price_variant": pv, "customer": cus["id"]})
	step("invoice", "invoice.created")
	require.NoError(t, a.srv.MarkInvoicePastDue(inv["id"].(string)))
	step("past due", "invoice.past_due")
	assert.Equal(t, "past_due", a.do(http.MethodGet, "/invoices/"+inv["id"].(string), nil).Body["status"])
	assert.ErrorContains(t, a.srv.MarkInvoicePastDue(inv["id"].(string)), "not open")
	assert.ErrorContains(t, a.srv.MarkInvoicePastDue("inv_nope"), "no such invoice")
	step("refused helper calls")
	require.Equal(t, http.StatusOK, a.do(http.MethodPost, "/invoices/"+inv["id"].(string)+"/void", nil).Status)
	step("void", "invoice.voided")

	// Files, sites and task runs send nothing.
	a.create("/files", map[string]any{"url": "https://cdn.test/a.pdf"})
	a.do(http.MethodGet, "/files", nil)
	a.create("/sites", map[string]any{"prompt": "A shop"})
	step("files and sites")
}

// seedVariant seeds a product with one 1000-cent price variant and returns
// the variant's id.
func seedVariant(t *testing.T, a *api) string {
	t.Helper()
	out, err := a.srv.Seed("products", map[string]any{"name": "Thing", "status": "active",
		"price_variants": []any{map[string]any{"name": "Std", "amount": 1000}}})
	require.NoError(t, err)
	return out[0]["price_variants"].([]any)[0].(map[string]any)["id"].(string)
}
