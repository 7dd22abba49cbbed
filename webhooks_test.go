package crevio

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The secret of the official template's webhook test.
const webhookTestSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

var webhookTestNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func webhookClock() time.Time { return webhookTestNow }

func webhookVerifier(t testing.TB, opts ...WebhookOption) *WebhookVerifier {
	t.Helper()
	v, err := NewWebhookVerifier(webhookTestSecret, append([]WebhookOption{WithWebhookClock(webhookClock)}, opts...)...)
	require.NoError(t, err)
	return v
}

func webhookSigned(t testing.TB, secret, id string, ts time.Time, payload []byte) http.Header {
	t.Helper()
	h, err := SignWebhook(secret, id, ts, payload)
	require.NoError(t, err)
	return h
}

// webhookSecretParts are strings no error message may contain.
func webhookSecretParts(secrets ...string) []string {
	var parts []string
	for _, s := range secrets {
		parts = append(parts, s, strings.TrimPrefix(s, "whsec_"))
	}
	return parts
}

func TestWebhookSignKnownVector(t *testing.T) {
	// Computed independently: HMAC-SHA256 of "msg_1.1700000000.{}" under the
	// base64-decoded template secret.
	payload := []byte(`{}`)
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(webhookTestSecret, "whsec_"))
	require.NoError(t, err)
	want := "v1," + base64.StdEncoding.EncodeToString(webhookMAC(key, "msg_1", "1700000000", payload))

	h := webhookSigned(t, webhookTestSecret, "msg_1", time.Unix(1700000000, 0), payload)
	assert.Equal(t, "msg_1", h.Get("webhook-id"))
	assert.Equal(t, "1700000000", h.Get("webhook-timestamp"))
	assert.Equal(t, want, h.Get("webhook-signature"))
	assert.Len(t, h, 3)

	_, err = SignWebhook(webhookTestSecret, "", webhookTestNow, payload)
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = SignWebhook("whsec_???", "msg_1", webhookTestNow, payload)
	assert.ErrorIs(t, err, ErrWebhookInvalidSecret)
}

func TestWebhookVerifyAccepts(t *testing.T) {
	payload := []byte(`{"id":"whev_1","type":"order.paid"}`)
	v := webhookVerifier(t)
	for _, tt := range []struct {
		name string
		ts   time.Time
	}{
		{"now", webhookTestNow},
		{"exactly the tolerance old", webhookTestNow.Add(-DefaultWebhookTolerance)},
		{"exactly the tolerance ahead", webhookTestNow.Add(DefaultWebhookTolerance)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.NoError(t, v.Verify(payload, webhookSigned(t, webhookTestSecret, "whev_1", tt.ts, payload)))
		})
	}

	t.Run("header names in any case", func(t *testing.T) {
		h := webhookSigned(t, webhookTestSecret, "whev_1", webhookTestNow, payload)
		raw := http.Header{}
		for k, vs := range h { // as a hand-built map or another framework might hold them
			raw[strings.ToLower(k)] = vs
		}
		require.Empty(t, raw.Get(WebhookIDHeader))
		assert.NoError(t, v.Verify(payload, raw))
	})

	t.Run("one of several signatures (rotation on the sender's side)", func(t *testing.T) {
		h := webhookSigned(t, webhookTestSecret, "whev_1", webhookTestNow, payload)
		good := h.Get(WebhookSignatureHeader)
		other := webhookSigned(t, "whsec_"+base64.StdEncoding.EncodeToString([]byte("another key, 24 bytes...")), "whev_1", webhookTestNow, payload)
		h.Set(WebhookSignatureHeader, other.Get(WebhookSignatureHeader)+" v1a,c29tZXRoaW5n v1,!!notbase64 "+good)
		assert.NoError(t, v.Verify(payload, h))
	})

	t.Run("several secrets (rotation on the receiver's side)", func(t *testing.T) {
		oldSecret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("the old key of the endpoint"))
		rv, err := NewWebhookVerifier(webhookTestSecret, WithWebhookSecrets(oldSecret), WithWebhookClock(webhookClock))
		require.NoError(t, err)
		for _, s := range []string{webhookTestSecret, oldSecret} {
			assert.NoError(t, rv.Verify(payload, webhookSigned(t, s, "whev_1", webhookTestNow, payload)))
		}
		onlyNew := webhookVerifier(t)
		assert.ErrorIs(t, onlyNew.Verify(payload, webhookSigned(t, oldSecret, "whev_1", webhookTestNow, payload)), ErrWebhookNoValidSignature)
	})

	t.Run("custom tolerance", func(t *testing.T) {
		wide := webhookVerifier(t, WithWebhookTolerance(time.Hour))
		h := webhookSigned(t, webhookTestSecret, "whev_1", webhookTestNow.Add(-59*time.Minute), payload)
		assert.NoError(t, wide.Verify(payload, h))
		assert.ErrorIs(t, v.Verify(payload, h), ErrWebhookTooOld)
	})

	t.Run("VerifyEvent decodes", func(t *testing.T) {
		e, err := v.VerifyEvent(payload, webhookSigned(t, webhookTestSecret, "whev_1", webhookTestNow, payload))
		require.NoError(t, err)
		assert.Equal(t, "whev_1", e.ID)
		assert.Equal(t, WebhookEventTypeOrderPaid, e.Type)
		assert.Equal(t, payload, []byte(e.RawJSON()))
	})
}

func TestWebhookSecretForms(t *testing.T) {
	payload := []byte(`{"id":"whev_1","type":"order.paid"}`)
	h := webhookSigned(t, webhookTestSecret, "whev_1", webhookTestNow, payload)
	bare := strings.TrimPrefix(webhookTestSecret, "whsec_")
	for _, s := range []string{webhookTestSecret, bare, " " + webhookTestSecret + "\n"} {
		v, err := NewWebhookVerifier(s, WithWebhookClock(webhookClock))
		require.NoError(t, err, "secret form %q", s)
		assert.NoError(t, v.Verify(payload, h), "secret form %q is the same key", s)
	}

	// A key whose base64 needs padding works padded and unpadded.
	padded := "whsec_" + base64.StdEncoding.EncodeToString([]byte("twenty-five bytes of key!"))
	require.True(t, strings.HasSuffix(padded, "="))
	hp := webhookSigned(t, padded, "whev_1", webhookTestNow, payload)
	for _, s := range []string{padded, strings.TrimRight(padded, "=")} {
		v, err := NewWebhookVerifier(s, WithWebhookClock(webhookClock))
		require.NoError(t, err)
		assert.NoError(t, v.Verify(payload, hp))
	}

	for _, bad := range []string{"", "   ", "whsec_", "whsec_not base64!", "my-plain-secret!", "whsec_====", "whsec_-_-_"} {
		_, err := NewWebhookVerifier(bad)
		assert.ErrorIs(t, err, ErrWebhookInvalidSecret, "secret %q", bad)
		if strings.TrimSpace(strings.TrimPrefix(bad, "whsec_")) != "" {
			assert.NotContains(t, err.Error(), strings.TrimPrefix(bad, "whsec_"), "the error repeats the secret")
		}
	}
	_, err := NewWebhookVerifier(webhookTestSecret, WithWebhookSecrets("whsec_%%%"))
	assert.ErrorIs(t, err, ErrWebhookInvalidSecret)
	assert.Contains(t, err.Error(), "secret 2 of 2")
}

func TestWebhookVerifierOptions(t *testing.T) {
	for _, d := range []time.Duration{0, -time.Second} {
		_, err := NewWebhookVerifier(webhookTestSecret, WithWebhookTolerance(d))
		assert.ErrorIs(t, err, ErrInvalidParam, "tolerance %v must not turn the check off", d)
	}
	_, err := NewWebhookVerifier(webhookTestSecret, WithWebhookClock(nil))
	assert.ErrorIs(t, err, ErrInvalidParam)
	v, err := NewWebhookVerifier(webhookTestSecret, nil)
	require.NoError(t, err, "a nil option is skipped")
	assert.Equal(t, DefaultWebhookTolerance, v.tolerance)
}

func TestWebhookVerifyErrors(t *testing.T) {
	payload := []byte(`{"id":"whev_1","type":"order.paid"}`)
	good := func() http.Header { return webhookSigned(t, webhookTestSecret, "whev_1", webhookTestNow, payload) }
	with := func(key, value string) http.Header {
		h := good()
		if value == "" {
			h.Del(key)
		} else {
			h.Set(key, value)
		}
		return h
	}
	goodSig := good().Get(WebhookSignatureHeader)
	tests := []struct {
		name    string
		payload []byte
		header  http.Header
		want    error
	}{
		{"no headers", payload, http.Header{}, ErrWebhookMissingHeader},
		{"no id", payload, with(WebhookIDHeader, ""), ErrWebhookMissingHeader},
		{"no timestamp", payload, with(WebhookTimestampHeader, ""), ErrWebhookMissingHeader},
		{"no signature", payload, with(WebhookSignatureHeader, ""), ErrWebhookMissingHeader},
		{"timestamp not a number", payload, with(WebhookTimestampHeader, "yesterday"), ErrWebhookInvalidHeader},
		{"negative timestamp", payload, with(WebhookTimestampHeader, "-1772366400"), ErrWebhookInvalidHeader},
		{"signed timestamp", payload, with(WebhookTimestampHeader, "+1772366400"), ErrWebhookInvalidHeader},
		{"fractional timestamp", payload, with(WebhookTimestampHeader, "1772366400.5"), ErrWebhookInvalidHeader},
		{"huge timestamp", payload, with(WebhookTimestampHeader, "99999999999999999999"), ErrWebhookInvalidHeader},
		{"tampered body", []byte(`{"id":"whev_1","type":"order.paid" }`), good(), ErrWebhookNoValidSignature},
		{"empty body", nil, good(), ErrWebhookNoValidSignature},
		{"tampered id", payload, with(WebhookIDHeader, "whev_2"), ErrWebhookNoValidSignature},
		{"tampered timestamp", payload, with(WebhookTimestampHeader, strconv.FormatInt(webhookTestNow.Unix()+1, 10)), ErrWebhookNoValidSignature},
		{"wrong version", payload, with(WebhookSignatureHeader, "v2,"+strings.TrimPrefix(goodSig, "v1,")), ErrWebhookNoValidSignature},
		{"no version", payload, with(WebhookSignatureHeader, strings.TrimPrefix(goodSig, "v1,")), ErrWebhookNoValidSignature},
		{"signature not base64", payload, with(WebhookSignatureHeader, "v1,***"), ErrWebhookNoValidSignature},
		{"truncated signature", payload, with(WebhookSignatureHeader, goodSig[:len(goodSig)-8]), ErrWebhookNoValidSignature},
		{"only spaces", payload, with(WebhookSignatureHeader, "   "), ErrWebhookNoValidSignature},
		{"too old", payload, webhookSigned(t, webhookTestSecret, "whev_1", webhookTestNow.Add(-DefaultWebhookTolerance-time.Second), payload), ErrWebhookTooOld},
		{"too new", payload, webhookSigned(t, webhookTestSecret, "whev_1", webhookTestNow.Add(DefaultWebhookTolerance+time.Second), payload), ErrWebhookTooNew},
		{"forged and too old", payload, with(WebhookTimestampHeader, "1000"), ErrWebhookNoValidSignature},
	}
	v := webhookVerifier(t)
	all := []error{ErrWebhookMissingHeader, ErrWebhookInvalidHeader, ErrWebhookNoValidSignature, ErrWebhookTooOld,
		ErrWebhookTooNew, ErrWebhookInvalidSecret, ErrWebhookInvalidPayload}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := v.Verify(tt.payload, tt.header)
			require.ErrorIs(t, err, tt.want)
			for _, other := range all {
				if other != tt.want {
					assert.NotErrorIs(t, err, other)
				}
			}
			for _, s := range append(webhookSecretParts(webhookTestSecret), strings.TrimPrefix(goodSig, "v1,")) {
				assert.NotContains(t, err.Error(), s)
			}
			_, err = v.VerifyEvent(tt.payload, tt.header)
			assert.ErrorIs(t, err, tt.want)
		})
	}
}

func TestWebhookVerifierHidesSecrets(t *testing.T) {
	v := webhookVerifier(t, WithWebhookSecrets("whsec_"+base64.StdEncoding.EncodeToString([]byte("second key"))))
	key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(webhookTestSecret, "whsec_"))
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		for _, arg := range []any{v, *v} {
			out := fmt.Sprintf(format, arg)
			for _, s := range webhookSecretParts(webhookTestSecret) {
				assert.NotContains(t, out, s, format)
			}
			assert.NotContains(t, out, fmt.Sprint(key), format)
			assert.NotContains(t, out, fmt.Sprintf("%x", key), format)
		}
	}
	assert.Equal(t, "crevio.WebhookVerifier{Secrets: 2, Tolerance: 5m0s}", fmt.Sprint(v))
	// %#v goes through Format too (there is no GoString), also inside a
	// caller's struct.
	assert.Equal(t, fmt.Sprint(v), fmt.Sprintf("%#v", v))
	held := fmt.Sprintf("%#v", struct{ V *WebhookVerifier }{v})
	assert.Contains(t, held, "crevio.WebhookVerifier{Secrets: 2, Tolerance: 5m0s}")
	for _, s := range webhookSecretParts(webhookTestSecret) {
		assert.NotContains(t, held, s)
	}
}

func TestWebhookLegacy(t *testing.T) {
	payload := []byte(`{"id":"whev_1","type":"order.created","data":{"id":"ord_1"}}`)
	secret := "legacy-endpoint-secret"
	sig := SignLegacyWebhook(payload, secret)
	h := http.Header{}
	h.Set(LegacyWebhookSignatureHeader, sig)
	require.NoError(t, VerifyLegacyWebhook(payload, h, secret))

	lower := http.Header{"x-crevio-hmac-sha256": {sig}}
	assert.NoError(t, VerifyLegacyWebhook(payload, lower, secret), "the header is found whatever its case")

	tests := []struct {
		name    string
		payload []byte
		header  http.Header
		secret  string
		want    error
	}{
		{"tampered body", append(bytes.Clone(payload), ' '), h, secret, ErrWebhookNoValidSignature},
		{"other secret", payload, h, "another-secret", ErrWebhookNoValidSignature},
		{"missing header", payload, http.Header{}, secret, ErrWebhookMissingHeader},
		{"not base64", payload, http.Header{"X-Crevio-Hmac-Sha256": {"%%%"}}, secret, ErrWebhookNoValidSignature},
		{"a Standard Webhooks header is not the legacy one", payload, webhookSigned(t, webhookTestSecret, "whev_1", webhookTestNow, payload), webhookTestSecret, ErrWebhookMissingHeader},
		{"empty secret", payload, h, "", ErrWebhookInvalidSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := VerifyLegacyWebhook(tt.payload, tt.header, tt.secret)
			assert.ErrorIs(t, err, tt.want)
			assert.NotContains(t, err.Error(), secret)
			assert.NotContains(t, err.Error(), sig)
		})
	}
}

func TestWebhookEventTypes(t *testing.T) {
	for _, typ := range []WebhookEventType{WebhookEventTypeAll, WebhookEventTypeCheckoutCreated, WebhookEventTypeCustomerConfirmed, WebhookEventTypeInvoiceCreated,
		WebhookEventTypeInvoicePaid, WebhookEventTypeInvoicePastDue, WebhookEventTypeInvoiceVoided, WebhookEventTypeLeadCreated, WebhookEventTypeOrderCreated, WebhookEventTypeOrderPaid,
		WebhookEventTypeProductCreated, WebhookEventTypeProductUpdated} {
		assert.True(t, typ.IsKnown(), typ)
	}
	assert.False(t, WebhookEventType("subscription.renewed").IsKnown())
	assert.Equal(t, WebhookEventType("invoice.past_due"), WebhookEventTypeInvoicePastDue)
}

// webhookEventFixture parses testdata/event_<name>.json.
func webhookEventFixture(t *testing.T, name string) *Event {
	t.Helper()
	e, err := ParseEvent([]byte(fixture(t, "event_"+name+".json")))
	require.NoError(t, err)
	return e
}

func TestWebhookEventFixtures(t *testing.T) {
	tests := []struct {
		fixture string
		typ     WebhookEventType
		check   func(t *testing.T, obj any)
	}{
		{"product_created", WebhookEventTypeProductCreated, func(t *testing.T, obj any) {
			p := obj.(*Product)
			assert.Equal(t, "prod_abc123", p.ID)
			assert.Equal(t, "my-course", p.Slug)
			assert.Equal(t, []Expandable[PriceVariant]{{ID: "price_one"}}, p.PriceVariants)
		}},
		{"product_updated", WebhookEventTypeProductUpdated, func(t *testing.T, obj any) {
			assert.Equal(t, "My Course, 2nd edition", obj.(*Product).Name)
		}},
		{"checkout_created", WebhookEventTypeCheckoutCreated, func(t *testing.T, obj any) {
			c := obj.(*Checkout)
			assert.Equal(t, "co_abc123", c.ID)
			assert.Equal(t, CheckoutStatusOpen, c.Status)
			assert.Equal(t, int64(4900), c.Total)
			assert.Equal(t, "cus_abc123", c.Customer.ID)
			require.Len(t, c.CheckoutItems, 1)
		}},
		{"order_created", WebhookEventTypeOrderCreated, func(t *testing.T, obj any) {
			o := obj.(*Order)
			assert.Equal(t, "ord_abc123", o.ID)
			assert.Equal(t, OrderStatusPending, o.Status)
			assert.Equal(t, "cus_abc123", o.Customer.ID)
		}},
		{"order_paid", WebhookEventTypeOrderPaid, func(t *testing.T, obj any) {
			assert.Equal(t, OrderStatusPaid, obj.(*Order).Status)
		}},
		{"invoice_created", WebhookEventTypeInvoiceCreated, func(t *testing.T, obj any) {
			i := obj.(*Invoice)
			assert.Equal(t, "INV-0001", i.Number)
			assert.Equal(t, InvoiceStatusOpen, i.Status)
			assert.Equal(t, int64(25000), i.Amount)
		}},
		{"invoice_paid", WebhookEventTypeInvoicePaid, func(t *testing.T, obj any) {
			i := obj.(*Invoice)
			assert.Equal(t, InvoiceStatusPaid, i.Status)
			assert.Equal(t, webhookTestNow, i.PaidAt.Time)
			assert.Equal(t, "ord_abc123", i.Order.ID)
		}},
		{"invoice_past_due", WebhookEventTypeInvoicePastDue, func(t *testing.T, obj any) {
			assert.Equal(t, InvoiceStatusPastDue, obj.(*Invoice).Status)
		}},
		{"invoice_voided", WebhookEventTypeInvoiceVoided, func(t *testing.T, obj any) {
			assert.Equal(t, InvoiceStatusVoid, obj.(*Invoice).Status)
		}},
		{"customer_confirmed", WebhookEventTypeCustomerConfirmed, func(t *testing.T, obj any) {
			c := obj.(*Customer)
			assert.Equal(t, "ada@example.com", c.Email)
			assert.Equal(t, webhookTestNow, c.ConfirmedAt.Time)
		}},
		{"lead_created", WebhookEventTypeLeadCreated, func(t *testing.T, obj any) {
			c := obj.(*Customer)
			assert.Equal(t, CustomerTypeLead, c.CustomerType)
			assert.True(t, c.ConfirmedAt.IsZero())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			raw := fixture(t, "event_"+tt.fixture+".json")
			e := webhookEventFixture(t, tt.fixture)
			assert.Equal(t, tt.typ, e.Type)
			assert.True(t, e.Type.IsKnown())
			assert.Regexp(t, `^whev_`, e.ID)
			assert.Equal(t, "event", e.Object)
			assert.Equal(t, "v1", e.APIVersion)
			assert.Equal(t, webhookTestNow, e.CreatedAt.Time)
			assert.Equal(t, raw, string(e.RawJSON()))
			assert.Contains(t, string(e.RawJSON()), `"account"`, "the unknown field stays reachable")

			var wire struct {
				Data struct {
					Object json.RawMessage `json:"object"`
				} `json:"data"`
			}
			require.NoError(t, json.Unmarshal([]byte(raw), &wire))
			assert.JSONEq(t, string(wire.Data.Object), string(e.Data.Object))

			obj, err := e.DataObject()
			require.NoError(t, err)
			tt.check(t, obj)
			r, ok := obj.(interface{ RawJSON() json.RawMessage })
			require.True(t, ok)
			assert.JSONEq(t, string(wire.Data.Object), string(r.RawJSON()))
		})
	}
	assert.True(t, webhookEventFixture(t, "order_paid").Test)
	assert.False(t, webhookEventFixture(t, "order_created").Test)
}

func TestWebhookDecodeEventObject(t *testing.T) {
	e := webhookEventFixture(t, "order_paid")
	o, err := DecodeEventObject[Order](e)
	require.NoError(t, err)
	assert.Equal(t, "ord_abc123", o.ID)
	assert.Equal(t, []Expandable[OrderItem]{{ID: "ordi_1"}}, o.LineItems)
	assert.NotEmpty(t, o.RawJSON())

	// Any type will do, such as a map or the caller's own struct.
	m, err := DecodeEventObject[map[string]any](e)
	require.NoError(t, err)
	assert.Equal(t, "paid", (*m)["status"])

	// A shape that does not fit is an error, not a zero value.
	_, err = DecodeEventObject[[]string](e)
	assert.ErrorContains(t, err, "order.paid")

	// Events without data.
	empty, err := ParseEvent([]byte(`{"id":"whev_1","type":"order.paid","data":null}`))
	require.NoError(t, err)
	_, err = DecodeEventObject[Order](empty)
	assert.ErrorIs(t, err, ErrWebhookInvalidPayload)
	_, err = empty.DataObject()
	assert.ErrorIs(t, err, ErrWebhookInvalidPayload)
	scalar, err := ParseEvent([]byte(`{"id":"whev_1","type":"order.paid","data":"ord_1"}`))
	require.NoError(t, err)
	_, err = scalar.DataObject()
	assert.ErrorIs(t, err, ErrWebhookInvalidPayload)
}

func TestWebhookEventUnknownAndLegacy(t *testing.T) {
	unknown := webhookEventFixture(t, "unknown_type")
	assert.False(t, unknown.Type.IsKnown())
	obj, err := unknown.DataObject()
	require.NoError(t, err)
	raw, ok := obj.(json.RawMessage)
	require.True(t, ok, "an unknown resource comes back raw, got %T", obj)
	assert.JSONEq(t, `{"id":"bkg_1","object":"booking","start_time":"2026-03-02T10:00:00Z"}`, string(raw))

	// The older shape: data is the resource itself, and its "object" field
	// is absent (or a string), so the type's prefix decides.
	legacy := webhookEventFixture(t, "legacy_customer_confirmed")
	assert.Nil(t, legacy.Data.Object)
	assert.Empty(t, legacy.Object)
	obj, err = legacy.DataObject()
	require.NoError(t, err)
	c := obj.(*Customer)
	assert.Equal(t, "cus_abc123", c.ID)
	assert.Equal(t, CustomerType("customer"), c.CustomerType)
	assert.False(t, c.CustomerType.IsKnown())

	withObjectString, err := ParseEvent([]byte(`{"id":"whev_1","type":"order.created","data":{"id":"ord_1","object":"order","status":"pending"}}`))
	require.NoError(t, err)
	assert.Nil(t, withObjectString.Data.Object, `a string "object" is the resource's own discriminator`)
	obj, err = withObjectString.DataObject()
	require.NoError(t, err)
	assert.Equal(t, "ord_1", obj.(*Order).ID)

	// The object's own discriminator wins over the type's prefix.
	lead, err := ParseEvent([]byte(`{"id":"whev_1","type":"lead.created","data":{"object":{"id":"cus_1","object":"customer","email":"a@b.co"}}}`))
	require.NoError(t, err)
	obj, err = lead.DataObject()
	require.NoError(t, err)
	assert.Equal(t, "a@b.co", obj.(*Customer).Email)
	// No documented event carries a subscription or a refund: they stay raw.
	sub, err := ParseEvent([]byte(`{"id":"whev_1","type":"x.y","data":{"object":{"id":"sub_1","object":"subscription"}}}`))
	require.NoError(t, err)
	obj, err = sub.DataObject()
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"sub_1","object":"subscription"}`, string(obj.(json.RawMessage)))
	ref, err := ParseEvent([]byte(`{"id":"whev_1","type":"refund.created","data":{"object":{"id":"re_1"}}}`))
	require.NoError(t, err)
	obj, err = ref.DataObject()
	require.NoError(t, err)
	assert.IsType(t, json.RawMessage{}, obj)

	// form_submission.created, in the legacy shape (the resource itself in
	// data, no "object" key): the type's prefix picks the type.
	fs, err := ParseEvent([]byte(`{"id":"whev_1","type":"form_submission.created","data":{"id":"123","form_id":"form_1",` +
		`"answers":[{"label":"Email","value":"a@b.co","required":true,"field_type":"email"}],"respondent_type":"Customer",` +
		`"respondent_id":"cus_1","respondent":{"id":"cus_1","email":"a@b.co","confirmed":false},"created_at":"2026-12-01T00:00:00Z"}}`))
	require.NoError(t, err)
	assert.True(t, fs.Type.IsKnown())
	assert.Equal(t, WebhookEventTypeFormSubmissionCreated, fs.Type)
	obj, err = fs.DataObject()
	require.NoError(t, err)
	sub2 := obj.(*FormSubmission)
	assert.Equal(t, "123", sub2.ID)
	assert.Equal(t, "cus_1", sub2.Respondent.ID)
	require.Len(t, sub2.Answers.List, 1)
	assert.Equal(t, FormAnswer{"a@b.co"}, sub2.Answers.List[0].Value)
}

func TestWebhookParseEventErrors(t *testing.T) {
	for _, payload := range []string{"", "  ", "null", "[]", `"event"`, "{", `{"id":"whev_1"}`, `{"type":"order.paid"}`,
		`{"id":1,"type":"order.paid"}`, `{"id":"whev_1","type":"order.paid","data":{"object":[}}`} {
		_, err := ParseEvent([]byte(payload))
		assert.ErrorIs(t, err, ErrWebhookInvalidPayload, "payload %q", payload)
	}
}

func TestWebhookEventDataJSON(t *testing.T) {
	e := webhookEventFixture(t, "invoice_paid")
	b, err := json.Marshal(e)
	require.NoError(t, err)
	back, err := ParseEvent(b)
	require.NoError(t, err)
	assert.JSONEq(t, string(e.Data.Object), string(back.Data.Object))
	assert.Equal(t, e.ID, back.ID)

	for _, tt := range []struct {
		data EventData
		want string
	}{
		{EventData{}, `null`},
		{EventData{Object: json.RawMessage(`{"id":"x"}`)}, `{"object":{"id":"x"}}`},
		{EventData{Raw: json.RawMessage(`{"id":"y"}`)}, `{"id":"y"}`},
	} {
		b, err := json.Marshal(tt.data)
		require.NoError(t, err)
		assert.JSONEq(t, tt.want, string(b))
	}
}

// webhookRequest builds a signed delivery of payload.
func webhookRequest(t testing.TB, payload []byte, ts time.Time) *http.Request {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/webhooks/crevio", bytes.NewReader(payload))
	for k, vs := range webhookSigned(t, webhookTestSecret, "whev_1", ts, payload) {
		r.Header[k] = vs
	}
	r.Header.Set("Content-Type", "application/json")
	return r
}

func TestWebhookHandler(t *testing.T) {
	payload := []byte(fixture(t, "event_order_paid.json"))
	var failure error
	tests := []struct {
		name      string
		req       func() *http.Request
		handleErr error
		maxBytes  int64
		status    int
		handled   bool
		errIs     error
	}{
		{name: "delivered", req: func() *http.Request { return webhookRequest(t, payload, webhookTestNow) },
			status: http.StatusNoContent, handled: true},
		{name: "handler fails: 5xx so Crevio retries", req: func() *http.Request { return webhookRequest(t, payload, webhookTestNow) },
			handleErr: errors.New("database down"), status: http.StatusInternalServerError, handled: true},
		{name: "forged", req: func() *http.Request {
			r := webhookRequest(t, payload, webhookTestNow)
			r.Body = io.NopCloser(bytes.NewReader(bytes.Replace(payload, []byte("paid"), []byte("PAID"), 1)))
			return r
		}, status: http.StatusUnauthorized, errIs: ErrWebhookNoValidSignature},
		{name: "unsigned", req: func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(payload))
		}, status: http.StatusUnauthorized, errIs: ErrWebhookMissingHeader},
		{name: "replayed", req: func() *http.Request { return webhookRequest(t, payload, webhookTestNow.Add(-time.Hour)) },
			status: http.StatusUnauthorized, errIs: ErrWebhookTooOld},
		{name: "signed but not an event", req: func() *http.Request { return webhookRequest(t, []byte(`[1,2]`), webhookTestNow) },
			status: http.StatusBadRequest, errIs: ErrWebhookInvalidPayload},
		{name: "too large", req: func() *http.Request { return webhookRequest(t, payload, webhookTestNow) },
			maxBytes: 100, status: http.StatusRequestEntityTooLarge, errIs: ErrWebhookInvalidPayload},
		{name: "exactly the limit", req: func() *http.Request { return webhookRequest(t, payload, webhookTestNow) },
			maxBytes: int64(len(payload)), status: http.StatusNoContent, handled: true},
		{name: "GET", req: func() *http.Request { return httptest.NewRequest(http.MethodGet, "/", nil) },
			status: http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *Event
			var logged []error
			h := NewWebhookHandler(webhookVerifier(t), func(ctx context.Context, e *Event) error {
				require.NotNil(t, ctx)
				got = e
				return tt.handleErr
			})
			h.MaxBytes = tt.maxBytes
			h.OnError = func(_ *http.Request, err error) { logged = append(logged, err) }
			w := httptest.NewRecorder()
			h.ServeHTTP(w, tt.req())

			assert.Equal(t, tt.status, w.Code)
			assert.Equal(t, tt.handled, got != nil)
			if got != nil {
				assert.Equal(t, "whev_test_ordpaid", got.ID)
				assert.Equal(t, WebhookEventTypeOrderPaid, got.Type)
			}
			if tt.status >= 400 {
				require.Len(t, logged, 1, "OnError hears of every refusal")
				assert.Equal(t, http.StatusText(tt.status)+"\n", w.Body.String(), "the answer says no more than the status")
				if tt.errIs != nil {
					assert.ErrorIs(t, logged[0], tt.errIs)
				}
				if tt.handleErr != nil {
					assert.ErrorIs(t, logged[0], tt.handleErr)
					failure = logged[0]
				}
				for _, s := range webhookSecretParts(webhookTestSecret) {
					assert.NotContains(t, logged[0].Error(), s)
				}
			} else {
				assert.Empty(t, logged)
				assert.Empty(t, w.Body.String())
			}
			if tt.status == http.StatusMethodNotAllowed {
				assert.Equal(t, http.MethodPost, w.Header().Get("Allow"))
			}
		})
	}
	assert.ErrorContains(t, failure, "order.paid event whev_test_ordpaid")

	t.Run("misconfigured", func(t *testing.T) {
		for _, h := range []*WebhookHandler{{}, {Verifier: webhookVerifier(t)}, {Handle: func(context.Context, *Event) error { return nil }}} {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, webhookRequest(t, payload, webhookTestNow))
			assert.Equal(t, http.StatusInternalServerError, w.Code)
		}
	})

	t.Run("default size cap", func(t *testing.T) {
		big := append([]byte(`{"id":"whev_1","type":"order.paid","pad":"`), bytes.Repeat([]byte("x"), DefaultWebhookMaxBodyBytes)...)
		big = append(big, `"}`...)
		called := false
		h := NewWebhookHandler(webhookVerifier(t), func(context.Context, *Event) error { called = true; return nil })
		w := httptest.NewRecorder()
		h.ServeHTTP(w, webhookRequest(t, big, webhookTestNow))
		assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
		assert.False(t, called)
	})
}

func FuzzVerify(f *testing.F) {
	payload := []byte(`{"id":"whev_1","type":"order.paid","data":{"object":{"id":"ord_1"}}}`)
	h, err := SignWebhook(webhookTestSecret, "whev_1", webhookTestNow, payload)
	if err != nil {
		f.Fatal(err)
	}
	ts := h.Get(WebhookTimestampHeader)
	sig := h.Get(WebhookSignatureHeader)
	f.Add(payload, "whev_1", ts, sig)
	f.Add(payload, "whev_1", ts, "v1,AAAA "+sig)
	f.Add(payload, "whev_1", ts, "v1a,"+sig[3:])
	f.Add([]byte{}, "", "", "")
	f.Add(payload, "whev_1", "1e9", sig)
	f.Add(payload, "whev_1", "-1", "v1,,,, v1")
	f.Add([]byte("\x00\xff"), "id.with.dots", "0000001772366400", "v1,"+strings.Repeat("A", 44))

	v := webhookVerifier(f)
	key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(webhookTestSecret, "whsec_"))
	f.Fuzz(func(t *testing.T, payload []byte, id, ts, sigs string) {
		hdr := http.Header{}
		hdr.Set(WebhookIDHeader, id)
		hdr.Set(WebhookTimestampHeader, ts)
		hdr.Set(WebhookSignatureHeader, sigs)
		err := v.Verify(payload, hdr)
		if err == nil {
			// Accepted: one signature must really be the MAC, and the time in range.
			want := webhookMAC(key, id, ts, payload)
			valid := false
			for _, part := range strings.Split(sigs, " ") {
				if b64, ok := strings.CutPrefix(part, "v1,"); ok {
					got, err := base64.StdEncoding.DecodeString(b64)
					valid = valid || (err == nil && bytes.Equal(got, want))
				}
			}
			if !valid {
				t.Fatalf("accepted a delivery without a valid signature: id %q ts %q sigs %q", id, ts, sigs)
			}
			sent, err := strconv.ParseInt(ts, 10, 64)
			if err != nil || webhookTestNow.Sub(time.Unix(sent, 0)).Abs() > DefaultWebhookTolerance {
				t.Fatalf("accepted timestamp %q", ts)
			}
			return
		}
		known := false
		for _, target := range []error{ErrWebhookMissingHeader, ErrWebhookInvalidHeader, ErrWebhookNoValidSignature, ErrWebhookTooOld, ErrWebhookTooNew} {
			known = known || errors.Is(err, target)
		}
		if !known {
			t.Fatalf("error %v matches no exported error value", err)
		}
		if strings.Contains(err.Error(), strings.TrimPrefix(webhookTestSecret, "whsec_")) {
			t.Fatal("the error contains the secret")
		}

		// Whatever the input, signing it ourselves makes it verify (when the
		// id survives as a header value).
		if id == "" || hdr.Get(WebhookIDHeader) != id {
			return
		}
		signed, err := SignWebhook(webhookTestSecret, id, webhookTestNow, payload)
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Verify(payload, signed); err != nil {
			t.Fatalf("our own signature does not verify: %v", err)
		}
	})
}
