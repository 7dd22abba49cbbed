package crevio

import (
	"context"
	"iter"
	"net/http"
)

// FormsService is the forms API: the account's newsletter, contact, waitlist,
// survey and RSVP forms. Every account has a primary newsletter form and a
// primary contact form; storefronts find them with
// [FormListParams.Purpose] and [FormListParams.IsPrimary] and post answers
// with [FormSubmissionsService.Create].
type FormsService service

// Form is a form.
type Form struct {
	// ID is the form's id (form_…).
	ID string `json:"id"`
	// Object is "form".
	Object string `json:"object"`
	// Name is the form's name.
	Name string `json:"name"`
	// Purpose is what the form is for: newsletter, contact, ….
	Purpose FormPurpose `json:"purpose"`
	// IsPrimary reports whether this is the account's primary form for its
	// purpose (at most one per purpose).
	IsPrimary bool `json:"is_primary"`
	// ConfirmationRequired reports whether submitters must confirm their
	// email address (double opt-in).
	ConfirmationRequired bool `json:"confirmation_required"`
	// FormFields are the form's inputs, in display order.
	FormFields []FormField `json:"form_fields"`
	// CreatedAt is when the form was created (inferred field).
	CreatedAt Time `json:"created_at"`
	// UpdatedAt is when the form last changed (inferred field).
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (f *Form) objectID() string { return f.ID }

// FormField is one input of a form.
type FormField struct {
	// ID is the field's id, a numeric string. Submissions key their answers
	// by it (see [FormSubmissionCreateParams.Answers]).
	ID string `json:"id"`
	// Name is the field's label.
	Name string `json:"name"`
	// FieldType is the kind of input.
	FieldType FormFieldType `json:"field_type"`
	// Required reports whether an answer is required; nil when the API
	// does not say.
	Required *bool `json:"required"`
	// Options are the choices of a select, radio or checkbox field.
	Options []string `json:"options"`
}

// FormPurpose is what a form is for.
type FormPurpose string

// Known form purposes. Contact is documented; the others are inferred from
// the API's description of forms.
const (
	FormPurposeNewsletter FormPurpose = "newsletter"
	FormPurposeContact    FormPurpose = "contact"
	FormPurposeWaitlist   FormPurpose = "waitlist"
	FormPurposeSurvey     FormPurpose = "survey"
	FormPurposeRSVP       FormPurpose = "rsvp"
)

// IsKnown reports whether p is one of the purposes this version knows.
func (p FormPurpose) IsKnown() bool {
	return oneOf(p, FormPurposeNewsletter, FormPurposeContact, FormPurposeWaitlist, FormPurposeSurvey, FormPurposeRSVP)
}

// FormFieldType is the kind of a form's input.
type FormFieldType string

// Known form field types.
const (
	FormFieldTypeEmail    FormFieldType = "email"
	FormFieldTypeText     FormFieldType = "text"
	FormFieldTypePhone    FormFieldType = "phone"
	FormFieldTypeTextarea FormFieldType = "textarea"
	FormFieldTypeSelect   FormFieldType = "select"
	FormFieldTypeRadio    FormFieldType = "radio"
	FormFieldTypeCheckbox FormFieldType = "checkbox"
)

// IsKnown reports whether t is one of the field types this version knows.
func (t FormFieldType) IsKnown() bool {
	return oneOf(t, FormFieldTypeEmail, FormFieldTypeText, FormFieldTypePhone, FormFieldTypeTextarea,
		FormFieldTypeSelect, FormFieldTypeRadio, FormFieldTypeCheckbox)
}

// FormListParams filters and pages a form list. The zero value (or nil)
// lists the first page of every form.
type FormListParams struct {
	// Purpose keeps only forms with this purpose.
	Purpose *FormPurpose `url:"purpose"`
	// IsPrimary keeps only primary (true) or non-primary (false) forms.
	IsPrimary *bool `url:"is_primary"`

	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// FormCreateParams are the fields of a new form. The request shape is
// inferred (the API documents it only in its MCP tool schema), so fields the
// API adds can go in Extra.
type FormCreateParams struct {
	// Name is the form's name.
	Name string `json:"name"`
	// Purpose is what the form is for.
	Purpose FormPurpose `json:"purpose"`
	// IsPrimary makes the form the primary one of its purpose, replacing the
	// previous primary form.
	IsPrimary *bool `json:"is_primary,omitempty"`
	// ConfirmationRequired turns on double opt-in for submitters.
	ConfirmationRequired *bool `json:"confirmation_required,omitempty"`
	// FormFields are the form's inputs, in display order.
	FormFields []FormFieldParams `json:"form_fields,omitempty"`

	Extra map[string]any `json:"-"`
}

// FormFieldParams is an input of a new form.
type FormFieldParams struct {
	// Name is the field's label.
	Name string `json:"name"`
	// FieldType is the kind of input.
	FieldType FormFieldType `json:"field_type"`
	// Required makes an answer required.
	Required *bool `json:"required,omitempty"`
	// Options are the choices of a select, radio or checkbox field.
	Options []string `json:"options,omitempty"`
}

// Create creates a form. The API answers with the form and its fields' ids,
// which submissions key their answers by.
//
// API: POST /v1/forms
func (s *FormsService) Create(ctx context.Context, params *FormCreateParams, opts ...RequestOption) (*Form, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[Form](ctx, s.c, http.MethodPost, pathForms, params, opts)
}

// List returns one page of forms, newest first.
//
// API: GET /v1/forms
func (s *FormsService) List(ctx context.Context, params *FormListParams, opts ...RequestOption) (*Page[Form], error) {
	return callPath[Page[Form]](ctx, s.c, http.MethodGet, pathForms, params, opts)
}

// All iterates over every form matching params.
//
// API: GET /v1/forms (repeated with starting_after)
func (s *FormsService) All(ctx context.Context, params *FormListParams, opts ...RequestOption) iter.Seq2[*Form, error] {
	return all(ctx, params, s.List, opts)
}

// FormGetParams are the params of [FormsService.Get]. The API documents
// none; nil is the usual value.
type FormGetParams struct {
	Extra map[string]any
}

// Get returns a form by id.
//
// API: GET /v1/forms/{id}
func (s *FormsService) Get(ctx context.Context, id string, params *FormGetParams, opts ...RequestOption) (*Form, error) {
	return callObject[Form](ctx, s.c, http.MethodGet, pathForms, id, params, opts)
}
