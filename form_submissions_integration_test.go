package crevio_test

import (
	"context"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// formSubmissionFieldIDs maps a form's field names to their ids.
func formSubmissionFieldIDs(f *crevio.Form) map[string]string {
	ids := map[string]string{}
	for _, fld := range f.FormFields {
		ids[fld.Name] = fld.ID
	}
	return ids
}

func TestIntegrationFormSubmissionContact(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()
	contact := formPrimary(t, c, crevio.FormPurposeContact)
	ids := formSubmissionFieldIDs(contact)

	sub, err := c.FormSubmissions.Create(ctx, &crevio.FormSubmissionCreateParams{
		FormID: contact.ID, Email: "jane@example.com", Name: crevio.Ptr("Jane"),
		Answers: map[string]crevio.FormAnswer{ids["Message"]: {"Do you ship to Norway?"}},
	})
	require.NoError(t, err)
	assert.Regexp(t, `^fsub_`, sub.ID)
	assert.Equal(t, "form_submission", sub.Object)
	assert.Equal(t, contact.ID, sub.FormID)
	assert.Equal(t, "jane@example.com", sub.Email)
	assert.Equal(t, "Jane", *sub.Name)
	// The documented shape: answers in the form's field order, labelled.
	assert.Equal(t, []crevio.FormSubmissionAnswer{
		{Label: "Email", Value: crevio.FormAnswer{"jane@example.com"}, Required: true, FieldType: crevio.FormFieldTypeEmail}, // filled in from email
		{Label: "Subject", Value: crevio.FormAnswer{"Jane"}, FieldType: crevio.FormFieldTypeText},                            // the first text field gets the name
		{Label: "Message", Value: crevio.FormAnswer{"Do you ship to Norway?"}, Required: true, FieldType: crevio.FormFieldTypeTextarea},
	}, sub.Answers.List)
	assert.Nil(t, sub.Answers.ByFieldID)
	assert.Len(t, ids, 3)
	require.NotNil(t, sub.Respondent)
	assert.Equal(t, crevio.FormRespondentTypeCustomer, *sub.RespondentType)
	assert.Equal(t, sub.Respondent.ID, *sub.RespondentID)
	assert.Equal(t, "jane@example.com", sub.Respondent.Email)
	assert.False(t, sub.Respondent.Confirmed)
	cus, err := c.Customers.Get(ctx, sub.Respondent.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, crevio.CustomerTypeLead, cus.CustomerType, "a new respondent is a lead")
	assert.False(t, sub.CreatedAt.IsZero())
	assert.Equal(t, 1, srv.Count("form_submissions"))
}

func TestIntegrationFormSubmissionValidation(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()
	form, err := c.Forms.Create(ctx, &crevio.FormCreateParams{
		Name: "Workshop RSVP", Purpose: crevio.FormPurposeRSVP,
		FormFields: []crevio.FormFieldParams{
			{Name: "Email", FieldType: crevio.FormFieldTypeEmail, Required: crevio.Ptr(true)},
			{Name: "Backup email", FieldType: crevio.FormFieldTypeEmail},
			{Name: "Day", FieldType: crevio.FormFieldTypeRadio, Required: crevio.Ptr(true), Options: []string{"Sat", "Sun"}},
			{Name: "Topics", FieldType: crevio.FormFieldTypeCheckbox, Options: []string{"Go", "Rust", "Zig"}},
			{Name: "Notes", FieldType: crevio.FormFieldTypeTextarea, Required: crevio.Ptr(true)},
		},
	})
	require.NoError(t, err)
	ids := formSubmissionFieldIDs(form)
	submit := func(email string, answers map[string]crevio.FormAnswer) map[string][]string {
		t.Helper()
		_, err := c.FormSubmissions.Create(ctx, &crevio.FormSubmissionCreateParams{FormID: form.ID, Email: email, Answers: answers})
		if err == nil {
			return nil
		}
		assert.ErrorIs(t, err, crevio.ErrValidation)
		return asAPIError(t, err).Errors
	}
	key := func(name string) string { return "answers." + ids[name] }

	errs := submit("jane@example.com", nil)
	assert.Equal(t, map[string][]string{key("Day"): {"can't be blank"}, key("Notes"): {"can't be blank"}}, errs,
		"required fields need answers; the email field is filled from email")

	errs = submit("not-an-email", map[string]crevio.FormAnswer{
		ids["Backup email"]: {"also@bad"}, ids["Day"]: {"Mon"}, ids["Topics"]: {"Go", "COBOL"},
		ids["Notes"]: {"a", "b"}, "999": {"?"},
	})
	assert.Equal(t, map[string][]string{
		"email":             {"is invalid"},
		key("Email"):        {"is invalid"},
		key("Backup email"): {"is invalid"},
		key("Day"):          {"is not included in the list"},
		key("Topics"):       {"is not included in the list"},
		key("Notes"):        {"must be a single value"},
		"answers.999":       {"is not a field of this form"},
	}, errs)

	_, err = c.FormSubmissions.Create(ctx, &crevio.FormSubmissionCreateParams{FormID: "form_missing", Email: "a@b.co"})
	assert.Equal(t, []string{"must exist"}, asAPIError(t, err).Errors["form_id"])
	assert.Zero(t, srv.Count("form_submissions"), "a rejected submission stores nothing")

	errs = submit("jane@example.com", map[string]crevio.FormAnswer{
		ids["Day"]: {"Sun"}, ids["Topics"]: {"Go", "Zig"}, ids["Notes"]: {"Vegetarian"},
	})
	assert.Nil(t, errs)
	assert.Equal(t, 1, srv.Count("form_submissions"))
}
