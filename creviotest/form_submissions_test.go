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
	answers := sub["answers"].(map[string]any)
	assert.Len(t, answers, 2, "email and name fill the newsletter form's fields")
	assert.Contains(t, answers, stringField(formFieldList(nl.obj)[0], "id"))

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
