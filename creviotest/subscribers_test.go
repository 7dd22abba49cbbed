package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSubscribersCreateOnly(t *testing.T) {
	a := newAPI(t)
	for _, tt := range []struct{ method, path, allow string }{
		{http.MethodGet, "/subscribers", "POST"},
		{http.MethodGet, "/subscribers/cus_1", ""},
		{http.MethodPatch, "/subscribers/cus_1", ""},
		{http.MethodDelete, "/subscribers/cus_1", ""},
	} {
		res := a.do(tt.method, tt.path, nil)
		assert.Equal(t, http.StatusMethodNotAllowed, res.Status, "%s %s", tt.method, tt.path)
		assert.Equal(t, tt.allow, res.Header.Get("Allow"), "%s %s", tt.method, tt.path)
	}
}

func TestSubscribersBecomeCustomers(t *testing.T) {
	a := newAPI(t)
	sub := a.create("/subscribers", map[string]any{"email": "reader@example.com", "name": "Reader", "customer_type": "paid"})
	assert.Equal(t, "customer", sub["object"])
	assert.Equal(t, "lead", sub["customer_type"], "a subscriber is a lead, whatever the body says")
	assert.Nil(t, sub["confirmed_at"])
	id := sub["id"].(string)

	stored, ok := a.srv.Get("customers", id)
	require.True(t, ok, "the answer's id is the customer's")
	assert.Equal(t, sub, stored, "the answer is the stored customer")
	assert.Zero(t, a.srv.Count("subscribers"))

	again := a.create("/subscribers", map[string]any{"customer": map[string]any{"email": "READER@example.com"}})
	assert.Equal(t, id, again["id"], "a wrapped body works too, and an existing email is found")
	assert.Equal(t, 1, a.srv.Count("customers"))

	res := a.do(http.MethodPost, "/subscribers", map[string]any{"name": "No Email"})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, map[string]any{"email": []any{"can't be blank"}}, res.errField("errors"))
	res = a.do(http.MethodPost, "/subscribers", map[string]any{"email": "nope"})
	assert.Equal(t, map[string]any{"email": []any{"is invalid"}}, res.errField("errors"))
	assert.Equal(t, 1, a.srv.Count("customers"))
}

func TestSubscribersSeed(t *testing.T) {
	f := New()
	out, err := f.Seed("subscribers", map[string]any{"email": "a@example.com"}, map[string]any{"email": "b@example.com", "name": "B"})
	require.NoError(t, err)
	require.Len(t, out, 2)
	assert.Equal(t, 2, f.Count("customers"), "seeded subscribers are customers")
	assert.Zero(t, f.Count("subscribers"))
	b, ok := f.Get("customers", out[1]["id"].(string))
	require.True(t, ok)
	assert.Equal(t, "B", b["name"])
	assert.Equal(t, "lead", b["customer_type"])
}

func TestSubscribersRecordNewsletterSubmissions(t *testing.T) {
	a := newAPI(t)
	forms := a.srv.Count("forms")
	a.create("/subscribers", map[string]any{"email": "reader@example.com", "name": "Reader"})
	a.create("/subscribers", map[string]any{"email": "reader@example.com"})
	assert.LessOrEqual(t, a.srv.Count("forms"), max(forms, 1), "at most the one primary newsletter form")
	assert.Equal(t, 2, a.srv.Count("form_submissions"), "every signup is a submission of it")
	assert.Equal(t, 1, a.srv.Count("customers"))

	res := a.do(http.MethodPost, "/subscribers", map[string]any{"email": "reader@localhost"})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status, "the forms' email rule: a dot in the domain")
	assert.Equal(t, 2, a.srv.Count("form_submissions"))
}
