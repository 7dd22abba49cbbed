package creviotest

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnknownFieldsAreNotStored sends an unknown field on every create and
// update route the fake serves: none is stored, echoed, or shown by a later
// GET, while the known fields of the same body are.
func TestUnknownFieldsAreNotStored(t *testing.T) {
	a := newAPI(t)
	f := a.srv.Fake
	product := a.create("/products", map[string]any{"name": "Course", "status": "active"})
	pv := a.create("/price_variants", map[string]any{"product": product["id"], "name": "Std", "amount": 1000})
	cus := a.create("/customers", map[string]any{"email": "ann@example.com"})
	seeded := func(resource string, obj map[string]any) string {
		t.Helper()
		out, err := f.Seed(resource, obj)
		require.NoError(t, err)
		return out[0]["id"].(string)
	}
	order := seeded("orders", map[string]any{"status": "paid", "amount": 1000, "customer": cus["id"]})
	form := a.do(http.MethodGet, "/forms?purpose=contact", nil).data()[0].(map[string]any)
	legal := seeded("legal_pages", map[string]any{"title": "Terms"})

	evil := map[string]any{"is_admin": true, "role": "owner", "x_internal": map[string]any{"a": 1}}
	with := func(body map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range body {
			out[k] = v
		}
		for k, v := range evil {
			out[k] = v
		}
		return out
	}
	tests := []struct {
		name, resource, method, path string
		body                         map[string]any
		known                        string // a field of body that is stored
	}{
		{"product", "products", http.MethodPost, "/products", map[string]any{"name": "Other"}, "name"},
		{"product wrapped", "products", http.MethodPost, "/products", nil, ""},
		{"product update", "products", http.MethodPatch, "/products/" + product["id"].(string), map[string]any{"description": "d"}, "description"},
		{"price variant", "price_variants", http.MethodPost, "/price_variants", map[string]any{"product": product["id"], "name": "Pro"}, "name"},
		{"price variant update", "price_variants", http.MethodPatch, "/price_variants/" + pv["id"].(string), map[string]any{"hidden": true}, "hidden"},
		{"review", "reviews", http.MethodPost, "/reviews", map[string]any{"product": product["id"], "rating": 5, "position": 1}, "position"},
		{"discount", "discounts", http.MethodPost, "/discounts", map[string]any{"code": "SAVE", "discount_type": "percent_off", "percent_off": 10}, "code"},
		{"checkout link", "checkout_links", http.MethodPost, "/checkout_links", map[string]any{"name": "L", "price_variants": []any{pv["id"]}, "metadata": map[string]any{"any": "thing"}}, "metadata"},
		{"customer", "customers", http.MethodPost, "/customers", map[string]any{"email": "bob@example.com"}, "email"},
		{"customer update", "customers", http.MethodPatch, "/customers/" + cus["id"].(string), map[string]any{"name": "Ann"}, "name"},
		{"refund", "refunds", http.MethodPost, "/refunds", map[string]any{"order": order, "amount": 100}, "amount"},
		{"invoice", "invoices", http.MethodPost, "/invoices", map[string]any{"price_variant": pv["id"], "customer": cus["id"]}, "customer"},
		{"checkout", "checkouts", http.MethodPost, "/checkouts", map[string]any{"line_items": []any{map[string]any{"price_variant": pv["id"]}}, "email": "c@example.com"}, "email"},
		{"file", "files", http.MethodPost, "/files", map[string]any{"url": "https://example.com/a.pdf"}, "filename"},
		{"file upload", "files", http.MethodPost, "/files", map[string]any{"filename": "a.png"}, "upload_url"},
		{"site", "sites", http.MethodPost, "/sites", map[string]any{"prompt": "A shop", "name": "Fields"}, "name"},
		{"email", "emails", http.MethodPost, "/emails", map[string]any{"subject": "Hi", "to": "ann@example.com"}, "subject"},
		{"webhook endpoint", "webhook_endpoints", http.MethodPost, "/webhook_endpoints", map[string]any{"url": "https://example.com/h", "events": []any{"*"}}, "url"},
		{"api key", "api_keys", http.MethodPost, "/auth/keys", map[string]any{"name": "CI"}, "name"},
		{"form", "forms", http.MethodPost, "/forms", map[string]any{"name": "Survey", "purpose": "survey"}, "name"},
		{"form submission", "form_submissions", http.MethodPost, "/form_submissions", map[string]any{"form_id": form["id"], "email": "d@example.com", "answers": map[string]any{"5": "Body"}}, "answers"},
		{"event type", "event_types", http.MethodPost, "/event-types", map[string]any{"name": "Call 2", "availability": map[string]any{"time_zone": "UTC", "days": []any{"monday"}, "start": "09:00", "end": "10:00"}}, "availability"},
		{"legal page update", "legal_pages", http.MethodPatch, "/legal_pages/" + legal, map[string]any{"body": "c"}, "body"},
		{"x402 update", "x402_configuration", http.MethodPatch, "/x402_configuration", map[string]any{"x402_chain": "base"}, "x402_chain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body any = with(tt.body)
			if tt.body == nil { // {"product": {...}} with the unknown fields inside
				body = map[string]any{"product": with(map[string]any{"name": "Wrapped"})}
				tt.known = "name"
			}
			res := a.do(tt.method, tt.path, body)
			require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
			for k := range evil {
				assert.NotContains(t, res.Body, k, "the answer echoes no unknown field")
			}
			assert.Contains(t, res.Body, tt.known)
			id, _ := res.Body["id"].(string)
			stored, ok := f.Get(tt.resource, id)
			if tt.resource == "api_keys" || tt.resource == "x402_configuration" {
				ok = true
				if stored == nil {
					stored = res.Body
				}
			}
			require.True(t, ok, "stored %s %s", tt.resource, id)
			for k := range evil {
				assert.NotContains(t, stored, k, "nothing unknown is stored")
			}
		})
	}

	t.Run("subscriber", func(t *testing.T) {
		res := a.do(http.MethodPost, "/subscribers", with(map[string]any{"email": "sub@example.com", "name": "Sub"}))
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
		assert.Equal(t, "Sub", res.Body["name"], "name is a param of a signup")
		for k := range evil {
			assert.NotContains(t, res.Body, k)
		}
	})

	t.Run("booking", func(t *testing.T) {
		// Its own fake with a frozen clock, so a slot is free.
		clk := newClock()
		b := newAPI(t, WithClock(clk.Now))
		et := b.create("/event-types", map[string]any{"name": "Call"})
		res := b.do(http.MethodPost, "/bookings", with(map[string]any{"event_type_id": et["id"],
			"start_time": "2025-01-06T09:00:00Z", "time_zone": "UTC", "attendee": map[string]any{"email": "e@example.com", "nickname": "kept"}}))
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
		for k := range evil {
			assert.NotContains(t, res.Body, k)
		}
		assert.Equal(t, "kept", res.Body["attendee"].(map[string]any)["nickname"], "nested objects are kept whole")
	})

	t.Run("seeds keep every field", func(t *testing.T) {
		id := seeded("products", map[string]any{"name": "Seeded", "fake_only": 1})
		got, _ := f.Get("products", id)
		assert.EqualValues(t, 1, got["fake_only"])
	})
}

// TestFakeKnowsEverySDKBodyField checks that every body field the SDK can
// send on a create or update is one the fake keeps: otherwise filtering
// would silently drop it.
func TestFakeKnowsEverySDKBodyField(t *testing.T) {
	f := New()
	defer f.Close()
	params := map[string][]any{
		"api_keys":           {crevio.APIKeyCreateParams{}},
		"bookings":           {crevio.BookingCreateParams{}},
		"checkout_links":     {crevio.CheckoutLinkCreateParams{}, crevio.CheckoutLinkUpdateParams{}},
		"checkouts":          {crevio.CheckoutCreateParams{}, crevio.CheckoutUpdateParams{}},
		"customers":          {crevio.CustomerCreateParams{}, crevio.CustomerUpdateParams{}},
		"discounts":          {crevio.DiscountCreateParams{}, crevio.DiscountUpdateParams{}},
		"emails":             {crevio.EmailSendParams{}},
		"event_types":        {crevio.EventTypeCreateParams{}},
		"files":              {crevio.FileCreateParams{}},
		"form_submissions":   {crevio.FormSubmissionCreateParams{}},
		"forms":              {crevio.FormCreateParams{}},
		"invoices":           {crevio.InvoiceCreateParams{}},
		"legal_pages":        {crevio.LegalPageUpdateParams{}},
		"price_variants":     {crevio.PriceVariantCreateParams{}, crevio.PriceVariantUpdateParams{}},
		"products":           {crevio.ProductCreateParams{}, crevio.ProductUpdateParams{}},
		"refunds":            {crevio.RefundCreateParams{}},
		"sites":              {crevio.SiteCreateParams{}},
		"reviews":            {crevio.ReviewCreateParams{}, crevio.ReviewUpdateParams{}},
		"subscribers":        {crevio.SubscriberCreateParams{}},
		"webhook_endpoints":  {crevio.WebhookEndpointCreateParams{}, crevio.WebhookEndpointUpdateParams{}},
		"x402_configuration": {crevio.X402UpdateParams{}},
	}
	for resource, ps := range params {
		tbl := f.st.tables[resource]
		require.NotNil(t, tbl, resource)
		for _, p := range ps {
			typ := reflect.TypeOf(p)
			for i := range typ.NumField() {
				field := typ.Field(i)
				name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
				if name == "-" || name == "" || !field.IsExported() {
					continue
				}
				assert.True(t, tbl.fields[name], "%s.%s: the fake drops %q from %s bodies", typ.Name(), field.Name, name, resource)
			}
		}
	}
	// Every resource knows at least its protected and required fields.
	for _, d := range f.st.defs {
		for _, req := range d.required {
			assert.True(t, f.st.tables[d.name].fields[req], "%s.%s", d.name, req)
		}
		assert.False(t, slices.ContainsFunc([]string{"is_admin"}, func(s string) bool { return f.st.tables[d.name].fields[s] }))
	}
}
