package crevio_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// formPrimary returns the one primary form of a purpose, failing the test
// unless there is exactly one.
func formPrimary(t *testing.T, c *crevio.Client, purpose crevio.FormPurpose) *crevio.Form {
	t.Helper()
	page, err := c.Forms.List(context.Background(), &crevio.FormListParams{Purpose: &purpose, IsPrimary: crevio.Ptr(true)})
	require.NoError(t, err)
	require.Len(t, page.Data, 1, "one primary %s form", purpose)
	return &page.Data[0]
}

func TestIntegrationFormsProvisioned(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)

	contact := formPrimary(t, c, crevio.FormPurposeContact)
	assert.Regexp(t, `^form_`, contact.ID)
	assert.Equal(t, "Contact", contact.Name)
	assert.True(t, contact.IsPrimary)
	var types []crevio.FormFieldType
	for _, f := range contact.FormFields {
		assert.Regexp(t, `^\d+$`, f.ID, "field ids are numeric strings")
		types = append(types, f.FieldType)
	}
	assert.Equal(t, []crevio.FormFieldType{crevio.FormFieldTypeEmail, crevio.FormFieldTypeText, crevio.FormFieldTypeTextarea}, types)

	newsletter := formPrimary(t, c, crevio.FormPurposeNewsletter)
	assert.True(t, newsletter.ConfirmationRequired)

	got, err := c.Forms.Get(context.Background(), contact.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, contact.FormFields, got.FormFields)
}

func TestIntegrationFormsPrimaryPerPurpose(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()
	provisioned := formPrimary(t, c, crevio.FormPurposeContact)
	newsletter := formPrimary(t, c, crevio.FormPurposeNewsletter)

	// Without is_primary, a form of a purpose that has a primary is not one.
	second, err := c.Forms.Create(ctx, &crevio.FormCreateParams{
		Name: "Press enquiries", Purpose: crevio.FormPurposeContact,
		FormFields: []crevio.FormFieldParams{{Name: "Email", FieldType: crevio.FormFieldTypeEmail, Required: crevio.Ptr(true)}},
	})
	require.NoError(t, err)
	assert.False(t, second.IsPrimary)
	assert.Equal(t, provisioned.ID, formPrimary(t, c, crevio.FormPurposeContact).ID)

	// Making another form primary demotes the old primary of its purpose only.
	third, err := c.Forms.Create(ctx, &crevio.FormCreateParams{
		Name: "Contact us", Purpose: crevio.FormPurposeContact, IsPrimary: crevio.Ptr(true),
		ConfirmationRequired: crevio.Ptr(true),
		FormFields: []crevio.FormFieldParams{
			{Name: "Email", FieldType: crevio.FormFieldTypeEmail, Required: crevio.Ptr(true)},
			{Name: "Topic", FieldType: crevio.FormFieldTypeRadio, Options: []string{"Sales", "Support"}},
		},
	})
	require.NoError(t, err)
	assert.True(t, third.IsPrimary)
	assert.True(t, third.ConfirmationRequired)
	assert.Equal(t, third.ID, formPrimary(t, c, crevio.FormPurposeContact).ID)
	old, err := c.Forms.Get(ctx, provisioned.ID, nil)
	require.NoError(t, err)
	assert.False(t, old.IsPrimary, "the previous primary contact form was demoted")
	assert.Equal(t, newsletter.ID, formPrimary(t, c, crevio.FormPurposeNewsletter).ID, "other purposes keep theirs")

	// The first form of a purpose becomes its primary.
	rsvp, err := c.Forms.Create(ctx, &crevio.FormCreateParams{Name: "Launch party", Purpose: crevio.FormPurposeRSVP})
	require.NoError(t, err)
	assert.True(t, rsvp.IsPrimary)

	// Field ids are unique across the account's forms.
	seen := map[string]bool{}
	for f, err := range c.Forms.All(ctx, nil) {
		require.NoError(t, err)
		for _, fld := range f.FormFields {
			assert.False(t, seen[fld.ID], "field id %s reused", fld.ID)
			seen[fld.ID] = true
		}
	}
	assert.Len(t, seen, 3+2+1+2) // contact, newsletter, second, third

	nonPrimary, err := c.Forms.List(ctx, &crevio.FormListParams{Purpose: crevio.Ptr(crevio.FormPurposeContact), IsPrimary: crevio.Ptr(false)})
	require.NoError(t, err)
	var ids []string
	for _, f := range nonPrimary.Data {
		ids = append(ids, f.ID)
	}
	assert.Equal(t, []string{second.ID, provisioned.ID}, ids, "newest first")
}

func TestIntegrationFormsValidation(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	c := fastClient(srv)
	ctx := context.Background()

	_, err := c.Forms.Create(ctx, &crevio.FormCreateParams{Purpose: "gossip",
		FormFields: []crevio.FormFieldParams{
			{Name: "Colour", FieldType: crevio.FormFieldTypeSelect},
			{Name: "", FieldType: "slider"},
		}})
	assert.ErrorIs(t, err, crevio.ErrValidation)
	errs := asAPIError(t, err).Errors
	assert.Equal(t, []string{"can't be blank"}, errs["name"])
	assert.Equal(t, []string{"is not included in the list"}, errs["purpose"])
	assert.NotEmpty(t, errs["form_fields[0].options"], "a select needs options")
	assert.NotEmpty(t, errs["form_fields[1].name"])
	assert.NotEmpty(t, errs["form_fields[1].field_type"])
	assert.Equal(t, 2, srv.Count("forms"), "only the provisioned forms")

	_, err = c.Forms.Get(ctx, "form_missing", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
}

func TestIntegrationFormsAll(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	for i := range 25 {
		_, err := srv.Seed("forms", map[string]any{"name": fmt.Sprintf("Survey %02d", i), "purpose": "survey",
			"form_fields": []any{map[string]any{"name": "Answer", "field_type": "text"}}})
		require.NoError(t, err)
	}
	c := fastClient(srv)
	srv.ResetRequests()
	var names []string
	for f, err := range c.Forms.All(context.Background(), &crevio.FormListParams{Purpose: crevio.Ptr(crevio.FormPurposeSurvey), Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		names = append(names, f.Name)
	}
	require.Len(t, names, 25)
	assert.Equal(t, "Survey 24", names[0])
	assert.Equal(t, "Survey 00", names[24])
	assert.Len(t, srv.Requests(), 3)

	// None was seeded with is_primary: the first became the primary form
	// of its purpose, and the later ones did not take its place.
	primary := formPrimary(t, c, crevio.FormPurposeSurvey)
	assert.Equal(t, "Survey 00", primary.Name)
}
