package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFormSubmissionsCreateOnly(t *testing.T) {
	a := newAPI(t)
	formRoutes(t, a, "GET /form_submissions", "GET /form_submissions/fsub_x", "PATCH /form_submissions/fsub_x",
		"DELETE /form_submissions/fsub_x")
	res := a.do(http.MethodPost, "/form_submissions", map[string]any{"email": "a@b.co", "answers": []any{"x"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	errs := res.errField("errors").(map[string]any)
	assert.Contains(t, errs, "form_id")
	assert.Contains(t, errs, "answers")
}

func TestFormNewsletterSignup(t *testing.T) {
	a := newAPI(t)
	st := a.srv.st
	st.mu.Lock()
	defer st.mu.Unlock()

	// Without a primary newsletter form, a signup provisions one.
	forms := st.tables["forms"]
	nl := formPrimary(forms, "newsletter")
	require.NotNil(t, nl)
	st.delete(forms, nl)
	require.Nil(t, formPrimary(forms, "newsletter"))

	sub, e := formNewsletterSignup(st, "reader@example.com", "Reader")
	require.Nil(t, e)
	nl = formPrimary(forms, "newsletter")
	require.NotNil(t, nl)
	assert.Equal(t, nl.obj["id"], sub["form_id"])
	assert.Equal(t, "Reader", sub["name"])
	answers := sub["answers"].([]any)
	assert.Equal(t, []any{
		map[string]any{"label": "Email", "value": "reader@example.com", "required": true, "field_type": "email"},
		map[string]any{"label": "Name", "value": "Reader", "required": false, "field_type": "text"},
	}, answers, "email and name fill the newsletter form's fields")

	// The same primary form takes the next signup; a bad email is refused.
	sub2, e := formNewsletterSignup(st, "second@example.com", nil)
	require.Nil(t, e)
	assert.Equal(t, sub["form_id"], sub2["form_id"])
	assert.Nil(t, sub2["name"])
	_, e = formNewsletterSignup(st, "nope", nil)
	require.NotNil(t, e)
	assert.Equal(t, http.StatusUnprocessableEntity, e.Status)
	assert.Len(t, st.tables["form_submissions"].order, 2)
}

// TestFormSubmissionAnswersAndRespondent checks the documented submission
// shape: answers as an array in field order, and the respondent.
func TestFormSubmissionAnswersAndRespondent(t *testing.T) {
	a := newAPI(t)
	form := a.create("/forms", map[string]any{"name": "Survey", "purpose": "survey", "form_fields": []any{
		map[string]any{"name": "Email", "field_type": "email", "required": true},
		map[string]any{"name": "Colour", "field_type": "select", "options": []any{"red", "blue"}},
		map[string]any{"name": "Toppings", "field_type": "checkbox", "options": []any{"a", "b", "c"}},
		map[string]any{"name": "Note", "field_type": "textarea"},
	}})
	fields := form["form_fields"].([]any)
	id := func(i int) string { return fields[i].(map[string]any)["id"].(string) }
	cus := a.create("/customers", map[string]any{"email": "ann@example.com", "name": "Ann"})
	require.NoError(t, a.srv.ConfirmCustomer(cus["id"].(string)))

	sub := a.create("/form_submissions", map[string]any{"form_id": form["id"], "email": "Ann@Example.com",
		"answers": map[string]any{id(2): []any{"a", "c"}, id(1): "blue"}, "respondent_id": "cus_spoofed"})
	assert.Equal(t, []any{
		map[string]any{"label": "Email", "value": "Ann@Example.com", "required": true, "field_type": "email"},
		map[string]any{"label": "Colour", "value": "blue", "required": false, "field_type": "select"},
		map[string]any{"label": "Toppings", "value": []any{"a", "c"}, "required": false, "field_type": "checkbox"},
	}, sub["answers"], "form field order, unanswered fields left out")
	assert.Equal(t, "Customer", sub["respondent_type"])
	assert.Equal(t, cus["id"], sub["respondent_id"], "the existing customer, found without case; bodies cannot set it")
	assert.Equal(t, map[string]any{"id": cus["id"], "email": "ann@example.com", "confirmed": true}, sub["respondent"])
	assert.Equal(t, 1, a.srv.Count("customers"), "no new customer")

	// A new email creates a lead, unconfirmed.
	sub = a.create("/form_submissions", map[string]any{"form_id": form["id"], "email": "bo@example.com", "name": "Bo"})
	rid := sub["respondent_id"].(string)
	c, ok := a.srv.Get("customers", rid)
	require.True(t, ok)
	assert.Equal(t, "lead", c["customer_type"])
	assert.Equal(t, "bo@example.com", c["email"])
	assert.Equal(t, "Bo", c["name"])
	assert.Equal(t, false, sub["respondent"].(map[string]any)["confirmed"])
	stored, ok := a.srv.Get("form_submissions", sub["id"].(string))
	require.True(t, ok)
	assert.Equal(t, sub["answers"], stored["answers"], "stored as answered")

	// A seed keeps a respondent and answers it gives.
	out, err := a.srv.Seed("form_submissions", map[string]any{"form_id": form["id"], "email": "x@example.com",
		"answers": []any{map[string]any{"label": "Q", "value": "A"}}, "respondent": map[string]any{"id": "cus_x"}})
	require.NoError(t, err)
	assert.Equal(t, []any{map[string]any{"label": "Q", "value": "A"}}, out[0]["answers"])
	assert.Equal(t, map[string]any{"id": "cus_x"}, out[0]["respondent"])
}
