package crevio

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// This file is the receiving side of webhooks: signature verification
// (Standard Webhooks, https://www.standardwebhooks.com), the legacy
// X-Crevio-Hmac-SHA256 check, the Event envelope with typed decoding of
// data.object, and an http.Handler. The endpoints and events APIs are in
// webhook_endpoints.go and webhook_events.go.

// Header names of a Crevio webhook delivery.
const (
	// WebhookIDHeader carries the event id (whev_…), the same on every retry.
	WebhookIDHeader = "webhook-id"
	// WebhookTimestampHeader carries the send time in Unix seconds.
	WebhookTimestampHeader = "webhook-timestamp"
	// WebhookSignatureHeader carries space-separated "v1,<base64>" signatures.
	WebhookSignatureHeader = "webhook-signature"
	// LegacyWebhookSignatureHeader carries the legacy signature checked by
	// [VerifyLegacyWebhook].
	LegacyWebhookSignatureHeader = "X-Crevio-Hmac-SHA256"
)

const (
	// DefaultWebhookTolerance is how far a webhook's timestamp may be from
	// the verifier's clock, in either direction, before it is refused.
	DefaultWebhookTolerance = 5 * time.Minute
	// DefaultWebhookMaxBodyBytes is the largest body [WebhookHandler] reads.
	DefaultWebhookMaxBodyBytes = 1 << 20

	webhookSecretPrefix = "whsec_"
)

// Errors of webhook verification, matched with errors.Is. Their messages
// never contain a secret, a signature or the payload.
var (
	// ErrWebhookMissingHeader: a webhook-id, webhook-timestamp or
	// webhook-signature header (or the legacy signature header) is absent.
	ErrWebhookMissingHeader = errors.New("crevio: webhook: missing header")
	// ErrWebhookInvalidHeader: the webhook-timestamp header is not Unix seconds.
	ErrWebhookInvalidHeader = errors.New("crevio: webhook: malformed header")
	// ErrWebhookNoValidSignature: no signature in the header matches the
	// payload under any of the verifier's secrets.
	ErrWebhookNoValidSignature = errors.New("crevio: webhook: no valid signature")
	// ErrWebhookTooOld: the signature is valid but its timestamp is older
	// than the tolerance allows (a replay, or a delivery held up too long).
	ErrWebhookTooOld = errors.New("crevio: webhook: timestamp too old")
	// ErrWebhookTooNew: the signature is valid but its timestamp is further
	// in the future than the tolerance allows (check the clocks).
	ErrWebhookTooNew = errors.New("crevio: webhook: timestamp too new")
	// ErrWebhookInvalidSecret: a signing secret is not "whsec_" followed
	// by base64, or is empty.
	ErrWebhookInvalidSecret = errors.New("crevio: webhook: malformed secret")
	// ErrWebhookInvalidPayload: the body is not a JSON event envelope.
	ErrWebhookInvalidPayload = errors.New("crevio: webhook: payload is not an event")
)

// parseWebhookSecret returns the HMAC key of a secret. The rule, the same as
// the Standard Webhooks libraries': a secret is "whsec_" followed by the key
// in base64 (padded or not); the prefix is optional, so the bare base64 text
// is the same key. Surrounding white space is ignored. Anything else is
// refused: a secret is never used as raw bytes, so a mistyped one fails here
// instead of failing every signature.
func parseWebhookSecret(secret string) ([]byte, error) {
	s := strings.TrimPrefix(strings.TrimSpace(secret), webhookSecretPrefix)
	if s == "" {
		return nil, fmt.Errorf("%w: empty", ErrWebhookInvalidSecret)
	}
	key, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		key, err = base64.RawStdEncoding.DecodeString(s)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: want whsec_ followed by base64", ErrWebhookInvalidSecret)
	}
	if len(key) == 0 {
		return nil, fmt.Errorf("%w: empty key", ErrWebhookInvalidSecret)
	}
	return key, nil
}

// webhookMAC is HMAC-SHA256(key, "{id}.{timestamp}.{payload}").
func webhookMAC(key []byte, id, timestamp string, payload []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id))
	m.Write([]byte{'.'})
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(payload)
	return m.Sum(nil)
}

// WebhookVerifier checks the Standard Webhooks signature of Crevio webhook
// deliveries. Create it with [NewWebhookVerifier]; it is safe for concurrent
// use. Formatting it with fmt never prints its secrets.
type WebhookVerifier struct {
	keys      [][]byte
	tolerance time.Duration
	now       func() time.Time
}

type webhookConfig struct {
	secrets   []string
	tolerance time.Duration
	now       func() time.Time
}

// WebhookOption configures a [WebhookVerifier].
type WebhookOption func(*webhookConfig) error

// WithWebhookTolerance sets how far a webhook's timestamp may be from the
// verifier's clock, in either direction (default [DefaultWebhookTolerance]).
// It must be positive: the check cannot be turned off. To verify an old,
// stored delivery, set the clock with [WithWebhookClock] instead.
func WithWebhookTolerance(d time.Duration) WebhookOption {
	return func(c *webhookConfig) error {
		if d <= 0 {
			return fmt.Errorf("%w: webhook tolerance must be positive, got %v", ErrInvalidParam, d)
		}
		c.tolerance = d
		return nil
	}
}

// WithWebhookClock sets the clock timestamps are checked against (default
// time.Now).
func WithWebhookClock(now func() time.Time) WebhookOption {
	return func(c *webhookConfig) error {
		if now == nil {
			return fmt.Errorf("%w: nil webhook clock", ErrInvalidParam)
		}
		c.now = now
		return nil
	}
}

// WithWebhookSecrets adds secrets the verifier also accepts, for key
// rotation: a delivery is valid when any of its signatures matches any
// secret. Give the new secret to [NewWebhookVerifier] and the old one here
// until it is retired.
func WithWebhookSecrets(secrets ...string) WebhookOption {
	return func(c *webhookConfig) error {
		c.secrets = append(c.secrets, secrets...)
		return nil
	}
}

// NewWebhookVerifier returns a verifier for the endpoint signing secret
// ("whsec_…", shown once when the endpoint is created). A secret without
// the whsec_ prefix is read as the same base64 key; anything that is not
// base64 is [ErrWebhookInvalidSecret].
func NewWebhookVerifier(secret string, opts ...WebhookOption) (*WebhookVerifier, error) {
	cfg := webhookConfig{secrets: []string{secret}, tolerance: DefaultWebhookTolerance, now: time.Now}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	v := &WebhookVerifier{tolerance: cfg.tolerance, now: cfg.now}
	for i, s := range cfg.secrets {
		key, err := parseWebhookSecret(s)
		if err != nil {
			return nil, fmt.Errorf("%w (secret %d of %d)", err, i+1, len(cfg.secrets))
		}
		v.keys = append(v.keys, key)
	}
	return v, nil
}

// String describes the verifier without its secrets.
func (v WebhookVerifier) String() string {
	return fmt.Sprintf("crevio.WebhookVerifier{Secrets: %d, Tolerance: %v}", len(v.keys), v.tolerance)
}

// Format makes every fmt verb (%#v included) print [WebhookVerifier.String],
// of a *WebhookVerifier or a WebhookVerifier.
func (v WebhookVerifier) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, v.String()) }

// Verify checks a delivery: payload is the raw request body, exactly as
// received, and h its headers. It returns nil when one of the signatures
// is valid for one of the verifier's secrets and the timestamp is within
// the tolerance. Otherwise the error matches one of
// [ErrWebhookMissingHeader], [ErrWebhookInvalidHeader],
// [ErrWebhookNoValidSignature], [ErrWebhookTooOld] or [ErrWebhookTooNew].
// The signature is checked first, so a timestamp error means an authentic
// delivery that arrived out of time.
func (v *WebhookVerifier) Verify(payload []byte, h http.Header) error {
	id, ts, sigs := headerValue(h, WebhookIDHeader), headerValue(h, WebhookTimestampHeader), headerValue(h, WebhookSignatureHeader)
	for _, hv := range [...]struct{ name, value string }{
		{WebhookIDHeader, id}, {WebhookTimestampHeader, ts}, {WebhookSignatureHeader, sigs},
	} {
		if hv.value == "" {
			return fmt.Errorf("%w: %s", ErrWebhookMissingHeader, hv.name)
		}
	}
	sent, err := parseWebhookTimestamp(ts)
	if err != nil {
		return err
	}
	if !v.matches(id, ts, payload, sigs) {
		return ErrWebhookNoValidSignature
	}
	now := v.now()
	switch {
	case now.Sub(sent) > v.tolerance:
		return fmt.Errorf("%w: sent %v ago, tolerance %v", ErrWebhookTooOld, now.Sub(sent).Round(time.Second), v.tolerance)
	case sent.Sub(now) > v.tolerance:
		return fmt.Errorf("%w: sent %v ahead, tolerance %v", ErrWebhookTooNew, sent.Sub(now).Round(time.Second), v.tolerance)
	}
	return nil
}

// VerifyEvent verifies a delivery like [WebhookVerifier.Verify], then
// decodes it with [ParseEvent].
func (v *WebhookVerifier) VerifyEvent(payload []byte, h http.Header) (*Event, error) {
	if err := v.Verify(payload, h); err != nil {
		return nil, err
	}
	return ParseEvent(payload)
}

// headerValue is h.Get(name), also finding keys that were not put in
// canonical form (http.Header{"webhook-id": …} built by hand or by another
// framework).
func headerValue(h http.Header, name string) string {
	if v := h.Get(name); v != "" {
		return v
	}
	for k, vs := range h {
		if len(vs) > 0 && strings.EqualFold(k, name) {
			return vs[0]
		}
	}
	return ""
}

// parseWebhookTimestamp reads Unix seconds written as plain digits.
func parseWebhookTimestamp(ts string) (time.Time, error) {
	bad := fmt.Errorf("%w: %s is not Unix seconds", ErrWebhookInvalidHeader, WebhookTimestampHeader)
	if len(ts) > 18 || strings.IndexFunc(ts, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return time.Time{}, bad
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, bad
	}
	return time.Unix(secs, 0), nil
}

// matches reports whether one of the v1 signatures of header is the MAC of
// the message under one of the keys. Comparisons are constant-time.
func (v *WebhookVerifier) matches(id, ts string, payload []byte, header string) bool {
	macs := make([][]byte, len(v.keys))
	for i, key := range v.keys {
		macs[i] = webhookMAC(key, id, ts, payload)
	}
	found := false
	for _, part := range strings.Split(header, " ") {
		version, sig, ok := strings.Cut(part, ",")
		if !ok || version != "v1" {
			continue // another scheme (v1a, …) or an empty part
		}
		got, err := base64.StdEncoding.DecodeString(sig)
		if err != nil {
			continue
		}
		for _, want := range macs {
			if hmac.Equal(got, want) {
				found = true // keep going: the time taken does not depend on which matched
			}
		}
	}
	return found
}

// SignWebhook signs payload as Crevio does and returns the three headers of
// a delivery (webhook-id, webhook-timestamp, webhook-signature). It is for
// tests of webhook handlers: send a payload with these headers to your
// handler, or give them to [WebhookVerifier.Verify].
func SignWebhook(secret, id string, timestamp time.Time, payload []byte) (http.Header, error) {
	key, err := parseWebhookSecret(secret)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, errRequired("id")
	}
	ts := strconv.FormatInt(timestamp.Unix(), 10)
	h := http.Header{}
	h.Set(WebhookIDHeader, id)
	h.Set(WebhookTimestampHeader, ts)
	h.Set(WebhookSignatureHeader, "v1,"+base64.StdEncoding.EncodeToString(webhookMAC(key, id, ts, payload)))
	return h, nil
}

// VerifyLegacyWebhook checks the legacy signature scheme of Crevio's older
// webhook pages: the X-Crevio-Hmac-SHA256 header holds
// base64(HMAC-SHA256(payload)) keyed with the secret's text as it is. The
// scheme has no timestamp, so it cannot refuse a replayed delivery: use
// [WebhookVerifier] for endpoints that send webhook-signature. Errors match
// [ErrWebhookMissingHeader], [ErrWebhookNoValidSignature] or
// [ErrWebhookInvalidSecret] (empty secret).
func VerifyLegacyWebhook(payload []byte, h http.Header, secret string) error {
	if secret == "" {
		return fmt.Errorf("%w: empty", ErrWebhookInvalidSecret)
	}
	sig := strings.TrimSpace(headerValue(h, LegacyWebhookSignatureHeader))
	if sig == "" {
		return fmt.Errorf("%w: %s", ErrWebhookMissingHeader, LegacyWebhookSignatureHeader)
	}
	got, err := base64.StdEncoding.DecodeString(sig)
	if err != nil {
		return ErrWebhookNoValidSignature
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(payload)
	if !hmac.Equal(got, m.Sum(nil)) {
		return ErrWebhookNoValidSignature
	}
	return nil
}

// SignLegacyWebhook returns the X-Crevio-Hmac-SHA256 value of payload, for
// tests of [VerifyLegacyWebhook].
func SignLegacyWebhook(payload []byte, secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(payload)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// WebhookEventType is the type of a webhook event, such as "order.paid". It
// is an open enum: types this version does not know decode as they are.
type WebhookEventType string

// Known webhook event types.
const (
	// WebhookEventTypeAll subscribes an endpoint to every event type; events never carry it.
	WebhookEventTypeAll WebhookEventType = "*"

	WebhookEventTypeCheckoutCreated   WebhookEventType = "checkout.created"
	WebhookEventTypeCustomerConfirmed WebhookEventType = "customer.confirmed"
	WebhookEventTypeInvoiceCreated    WebhookEventType = "invoice.created"
	WebhookEventTypeInvoicePaid       WebhookEventType = "invoice.paid"
	WebhookEventTypeInvoicePastDue    WebhookEventType = "invoice.past_due"
	WebhookEventTypeInvoiceVoided     WebhookEventType = "invoice.voided"
	WebhookEventTypeLeadCreated       WebhookEventType = "lead.created"
	WebhookEventTypeOrderCreated      WebhookEventType = "order.created"
	WebhookEventTypeOrderPaid         WebhookEventType = "order.paid"
	WebhookEventTypeProductCreated    WebhookEventType = "product.created"
	WebhookEventTypeProductUpdated    WebhookEventType = "product.updated"
	// WebhookEventTypeFormSubmissionCreated: a form was submitted (also
	// by a newsletter signup). Its data is a [FormSubmission].
	WebhookEventTypeFormSubmissionCreated WebhookEventType = "form_submission.created"
)

// IsKnown reports whether t is one of the event types this version knows
// (or [WebhookEventTypeAll]).
func (t WebhookEventType) IsKnown() bool {
	return oneOf(t, WebhookEventTypeAll, WebhookEventTypeCheckoutCreated, WebhookEventTypeCustomerConfirmed, WebhookEventTypeInvoiceCreated,
		WebhookEventTypeInvoicePaid, WebhookEventTypeInvoicePastDue, WebhookEventTypeInvoiceVoided, WebhookEventTypeLeadCreated, WebhookEventTypeOrderCreated,
		WebhookEventTypeOrderPaid, WebhookEventTypeProductCreated, WebhookEventTypeProductUpdated,
		WebhookEventTypeFormSubmissionCreated)
}

// Event is a webhook event: the body of a delivery. Its RawJSON method
// returns the payload it was parsed from.
//
// Crevio may deliver an event more than once (it retries when your endpoint
// does not answer 2xx in time). ID is the same on every delivery and equals
// the webhook-id header: record the ids you have processed and skip repeats.
type Event struct {
	// ID is the event's id (whev_…).
	ID string `json:"id"`
	// Object is "event".
	Object string `json:"object"`
	// Type is what happened, such as [WebhookEventTypeOrderPaid].
	Type WebhookEventType `json:"type"`
	// APIVersion is the API version the data is rendered in ("v1").
	APIVersion string `json:"api_version"`
	// CreatedAt is when the event happened.
	CreatedAt Time `json:"created_at"`
	// Test is true on test deliveries.
	Test bool `json:"test"`
	// Data holds the object the event is about. Decode it with
	// [Event.DataObject] or [DecodeEventObject].
	Data EventData `json:"data"`

	objectMeta
}

func (e *Event) objectID() string { return e.ID }

// EventData is the data of an event: {"object": <the resource as its GET
// endpoint returns it>}. Older deliveries put the resource itself in data;
// then Object is nil and Raw holds it.
type EventData struct {
	// Object is the raw JSON of data.object, or nil when data has no
	// object in it (the older shape).
	Object json.RawMessage
	// Raw is the raw JSON of the whole data value.
	Raw json.RawMessage
}

// UnmarshalJSON keeps data raw and finds data.object in it.
func (d *EventData) UnmarshalJSON(b []byte) error {
	*d = EventData{}
	if string(b) == "null" {
		return nil
	}
	d.Raw = bytes.Clone(b)
	if len(b) == 0 || b[0] != '{' {
		return nil
	}
	var w struct {
		Object json.RawMessage `json:"object"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if len(w.Object) > 0 && w.Object[0] == '{' { // a string "object" is a legacy resource's own discriminator
		d.Object = w.Object
	}
	return nil
}

// MarshalJSON writes Raw, or {"object": Object}, or null.
func (d EventData) MarshalJSON() ([]byte, error) {
	switch {
	case len(d.Raw) > 0:
		return d.Raw, nil
	case len(d.Object) > 0:
		return json.Marshal(map[string]json.RawMessage{"object": d.Object})
	}
	return []byte("null"), nil
}

// objectJSON returns the JSON of the event's resource: data.object, or the
// whole of data in the older shape.
func (e *Event) objectJSON() (json.RawMessage, error) {
	switch {
	case len(e.Data.Object) > 0:
		return e.Data.Object, nil
	case len(e.Data.Raw) > 0 && e.Data.Raw[0] == '{':
		return e.Data.Raw, nil
	}
	return nil, fmt.Errorf("%w: event %s has no data object", ErrWebhookInvalidPayload, e.ID)
}

// ParseEvent decodes a webhook payload without verifying it: use it on
// payloads you have verified yourself or stored. Use
// [WebhookVerifier.VerifyEvent] on deliveries. A body that is not a JSON
// object with an id and a type is [ErrWebhookInvalidPayload].
func ParseEvent(payload []byte) (*Event, error) {
	var e Event
	trimmed := bytes.TrimSpace(payload)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, fmt.Errorf("%w: not a JSON object", ErrWebhookInvalidPayload)
	}
	if err := json.Unmarshal(payload, &e); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrWebhookInvalidPayload, err)
	}
	if e.ID == "" || e.Type == "" {
		return nil, fmt.Errorf("%w: no id or type", ErrWebhookInvalidPayload)
	}
	e.setRawJSON(bytes.Clone(payload))
	return &e, nil
}

// DecodeEventObject decodes the event's resource (data.object, or data in
// the older shape) into T, such as [Order]:
//
//	order, err := crevio.DecodeEventObject[crevio.Order](event)
//
// The result keeps its raw JSON (RawJSON) like an API response does.
func DecodeEventObject[T any](e *Event) (*T, error) {
	raw, err := e.objectJSON()
	if err != nil {
		return nil, err
	}
	v := new(T)
	if err := json.Unmarshal(raw, v); err != nil {
		return nil, fmt.Errorf("crevio: webhook: decoding the data of %s event %s: %w", e.Type, e.ID, err)
	}
	if r, ok := any(v).(rawSetter); ok {
		r.setRawJSON(bytes.Clone(raw))
	}
	return v, nil
}

// DataObject decodes the event's resource into this package's type for it,
// chosen by the resource's "object" field (or, without one, by the event
// type's prefix), for the resources of the documented event types:
// *[Product] (product.created, product.updated), *[Checkout]
// (checkout.created), *[Order] (order.created, order.paid), *[Invoice]
// (invoice.created, invoice.paid, invoice.past_due, invoice.voided),
// *[Customer] (customer.confirmed, lead.created) and *[FormSubmission]
// (form_submission.created). For any other resource it returns the raw
// JSON as a [json.RawMessage] and no error, so events of types this
// version does not know stay usable.
//
//	obj, err := event.DataObject()
//	switch o := obj.(type) {
//	case *crevio.Order:
//		fmt.Println("order", o.ID, o.Status)
//	case json.RawMessage:
//		// a resource this SDK version does not model
//	}
func (e *Event) DataObject() (any, error) {
	raw, err := e.objectJSON()
	if err != nil {
		return nil, err
	}
	var head struct {
		Object any `json:"object"`
	}
	_ = json.Unmarshal(raw, &head) // raw is a JSON object: objectJSON checked
	kind, _ := head.Object.(string)
	if kind == "" {
		kind, _, _ = strings.Cut(string(e.Type), ".")
	}
	switch kind {
	case "product":
		return DecodeEventObject[Product](e)
	case "order":
		return DecodeEventObject[Order](e)
	case "invoice":
		return DecodeEventObject[Invoice](e)
	case "checkout":
		return DecodeEventObject[Checkout](e)
	case "customer", "lead":
		return DecodeEventObject[Customer](e)
	case "form_submission":
		return DecodeEventObject[FormSubmission](e)
	}
	return json.RawMessage(bytes.Clone(raw)), nil
}

// WebhookHandler is an http.Handler that receives Crevio webhooks: it reads
// the body (at most MaxBytes), verifies it with Verifier, decodes the
// [Event] and calls Handle with it. It answers
//
//   - 204 when Handle returns nil;
//   - 500 when Handle returns an error, so Crevio delivers the event again;
//   - 401 when the delivery fails verification;
//   - 400 when a verified body is not an event, 413 when it is too large,
//     405 for a method other than POST.
//
// Answers carry only the status text: why a delivery was refused goes to
// OnError, never to the sender.
//
// Crevio may deliver an event more than once, with the same [Event.ID]
// every time (see [Event]): make Handle idempotent, for example by
// recording processed ids and returning nil at once for a repeat.
type WebhookHandler struct {
	// Verifier checks the signatures (required).
	Verifier *WebhookVerifier
	// Handle processes a verified event (required). Its context is the
	// request's. Answer quickly: Crevio expects an answer within seconds,
	// so queue slow work.
	Handle func(ctx context.Context, e *Event) error
	// MaxBytes caps the body read (default [DefaultWebhookMaxBodyBytes]).
	MaxBytes int64
	// OnError, when set, is called with the reason for every delivery the
	// handler refuses or Handle fails, for logging. The errors carry no
	// secrets.
	OnError func(r *http.Request, err error)
}

// NewWebhookHandler returns a [WebhookHandler] that verifies deliveries
// with v and passes each event to handle.
func NewWebhookHandler(v *WebhookVerifier, handle func(ctx context.Context, e *Event) error) *WebhookHandler {
	return &WebhookHandler{Verifier: v, Handle: handle}
}

// ServeHTTP receives one delivery.
func (h *WebhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fail := func(status int, err error) {
		if h.OnError != nil {
			h.OnError(r, err)
		}
		http.Error(w, http.StatusText(status), status)
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		fail(http.StatusMethodNotAllowed, fmt.Errorf("crevio: webhook: method %s", r.Method))
		return
	}
	if h.Verifier == nil || h.Handle == nil {
		fail(http.StatusInternalServerError, errors.New("crevio: webhook: WebhookHandler needs a Verifier and a Handle func"))
		return
	}
	limit := h.MaxBytes
	if limit <= 0 {
		limit = DefaultWebhookMaxBodyBytes
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(http.StatusRequestEntityTooLarge, fmt.Errorf("%w: body over %d bytes", ErrWebhookInvalidPayload, limit))
			return
		}
		fail(http.StatusBadRequest, fmt.Errorf("crevio: webhook: reading the body: %w", err))
		return
	}
	e, err := h.Verifier.VerifyEvent(body, r.Header)
	switch {
	case errors.Is(err, ErrWebhookInvalidPayload):
		fail(http.StatusBadRequest, err)
		return
	case err != nil:
		fail(http.StatusUnauthorized, err)
		return
	}
	if err := h.Handle(r.Context(), e); err != nil {
		fail(http.StatusInternalServerError, fmt.Errorf("crevio: webhook: handling %s event %s: %w", e.Type, e.ID, err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
