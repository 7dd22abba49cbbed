package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFormsWire(t *testing.T) {
	form := fixture(t, "form.json")
	list := fixture(t, "forms_list.json")
	checkWire(t, []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.Forms.List(bg, nil); return err },
			method: "GET", path: "/forms", respond: list,
		},
		{
			name: "list the primary contact form",
			call: func(c *Client) error {
				_, err := c.Forms.List(bg, &FormListParams{Purpose: Ptr(FormPurposeContact), IsPrimary: Ptr(true)})
				return err
			},
			method: "GET", path: "/forms", query: "is_primary=true&purpose=contact", respond: list,
		},
		{
			name: "list with every param",
			call: func(c *Client) error {
				_, err := c.Forms.List(bg, &FormListParams{
					Purpose: Ptr(FormPurpose("rsvp")), IsPrimary: Ptr(false), Limit: Ptr(5),
					StartingAfter: Ptr("form_9"), Extra: map[string]any{"archived": false},
				})
				return err
			},
			method: "GET", path: "/forms",
			query:   "archived=false&is_primary=false&limit=5&purpose=rsvp&starting_after=form_9",
			respond: list,
		},
		{
			name:   "get escapes the id",
			call:   func(c *Client) error { _, err := c.Forms.Get(bg, "form a?x", nil); return err },
			method: "GET", path: "/forms/form%20a%3Fx", respond: form,
		},
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.Forms.Get(bg, "form_contact1", nil); return err },
			method: "GET", path: "/forms/form_contact1", respond: form,
		},
		{
			name: "create",
			call: func(c *Client) error {
				_, err := c.Forms.Create(bg, &FormCreateParams{
					Name: "Workshop RSVP", Purpose: FormPurposeRSVP, IsPrimary: Ptr(true), ConfirmationRequired: Ptr(false),
					FormFields: []FormFieldParams{
						{Name: "Email", FieldType: FormFieldTypeEmail, Required: Ptr(true)},
						{Name: "Diet", FieldType: FormFieldTypeSelect, Options: []string{"Vegan", "Any"}},
					},
					Extra: map[string]any{"redirect_url": "https://x.test/thanks"},
				})
				return err
			},
			method: "POST", path: "/forms",
			body: `{"name":"Workshop RSVP","purpose":"rsvp","is_primary":true,"confirmation_required":false,
				"form_fields":[{"name":"Email","field_type":"email","required":true},
				{"name":"Diet","field_type":"select","options":["Vegan","Any"]}],
				"redirect_url":"https://x.test/thanks"}`,
			respond: form,
		},
		{
			name: "create with the minimum",
			call: func(c *Client) error {
				_, err := c.Forms.Create(bg, &FormCreateParams{Name: "News", Purpose: FormPurposeNewsletter})
				return err
			},
			method: "POST", path: "/forms", body: `{"name":"News","purpose":"newsletter"}`, respond: form,
		},
	})
}

func TestFormsRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	_, err := c.Forms.Create(bg, nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.Forms.Get(bg, "", nil)
	assert.ErrorIs(t, err, ErrInvalidID)
	_, err = c.Forms.Get(bg, "../forms", nil)
	assert.ErrorIs(t, err, ErrInvalidID)
	_, err = c.Forms.List(bg, &FormListParams{Limit: Ptr(0)})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.Empty(t, r.requests(), "invalid input must not reach the network")
}

func TestFormDecode(t *testing.T) {
	raw := fixture(t, "form.json")
	r := newRecorder(t)
	r.respond(200, raw, "X-Request-Id", "req_form")
	f, err := r.client().Forms.Get(bg, "form_contact1", nil)
	require.NoError(t, err)

	assert.Equal(t, "form_contact1", f.ID)
	assert.Equal(t, "form", f.Object)
	assert.Equal(t, "Contact", f.Name)
	assert.Equal(t, FormPurposeContact, f.Purpose)
	assert.True(t, f.Purpose.IsKnown())
	assert.True(t, f.IsPrimary)
	assert.False(t, f.ConfirmationRequired)
	assert.Equal(t, []FormField{
		{ID: "101", Name: "Email", FieldType: FormFieldTypeEmail, Required: Ptr(true)},
		{ID: "102", Name: "Subject", FieldType: FormFieldTypeText},
		{ID: "103", Name: "Topic", FieldType: FormFieldTypeSelect, Required: Ptr(false), Options: []string{"Sales", "Support"}},
	}, f.FormFields)
	for _, fld := range f.FormFields {
		assert.True(t, fld.FieldType.IsKnown())
	}
	assert.Equal(t, time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC), f.CreatedAt.UTC())
	assert.Equal(t, time.Date(2025, 3, 2, 11, 30, 0, 0, time.UTC), f.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(f.RawJSON()))
	var extra struct {
		SubmissionsCount int `json:"submissions_count"`
	}
	require.NoError(t, json.Unmarshal(f.RawJSON(), &extra))
	assert.Equal(t, 17, extra.SubmissionsCount, "fields the SDK does not model stay reachable")
}

func TestFormListDecodeUnknownEnums(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "forms_list.json"))
	page, err := r.client().Forms.List(bg, nil)
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	assert.Equal(t, "/v1/forms", page.URL)
	require.Len(t, page.Data, 2)
	b := page.Data[0]
	assert.Equal(t, FormPurpose("preorder"), b.Purpose)
	assert.False(t, b.Purpose.IsKnown())
	assert.True(t, b.ConfirmationRequired)
	assert.Equal(t, FormFieldType("slider"), b.FormFields[0].FieldType)
	assert.False(t, b.FormFields[0].FieldType.IsKnown())
	assert.Equal(t, FormPurposeNewsletter, page.Data[1].Purpose)
	assert.Empty(t, page.Data[1].FormFields)
	assert.Contains(t, string(page.Data[1].RawJSON()), `"id":"form_a"`)
}

func TestFormEnumsKnown(t *testing.T) {
	for _, p := range []FormPurpose{FormPurposeNewsletter, FormPurposeContact, FormPurposeWaitlist, FormPurposeSurvey, FormPurposeRSVP} {
		assert.True(t, p.IsKnown(), p)
	}
	for _, ft := range []FormFieldType{FormFieldTypeEmail, FormFieldTypeText, FormFieldTypePhone, FormFieldTypeTextarea,
		FormFieldTypeSelect, FormFieldTypeRadio, FormFieldTypeCheckbox} {
		assert.True(t, ft.IsKnown(), ft)
	}
	assert.False(t, FormPurpose("").IsKnown())
	assert.False(t, FormFieldType("Email").IsKnown())
}
