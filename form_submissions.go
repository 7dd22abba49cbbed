package crevio

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// FormSubmissionsService is the form submissions API: what visitors post to
// a form.
type FormSubmissionsService service

// FormSubmission is an answer to a form. The API documents none of its
// fields; these mirror the create request and are inferred.
type FormSubmission struct {
	// ID is the submission's id.
	ID string `json:"id"`
	// Object is "form_submission" (inferred).
	Object string `json:"object"`
	// FormID is the id of the form answered (inferred).
	FormID string `json:"form_id"`
	// Email is the submitter's email address (inferred).
	Email string `json:"email"`
	// Name is the submitter's name, when given (inferred).
	Name *string `json:"name"`
	// Answers maps field ids to answers (inferred).
	Answers map[string]FormAnswer `json:"answers"`
	// CreatedAt is when the submission was made (inferred).
	CreatedAt Time `json:"created_at"`

	objectMeta
}

func (s *FormSubmission) objectID() string { return s.ID }

// FormAnswer is the answer to one form field: one value for most fields,
// several for a checkbox field. It goes on the wire as a string when it
// holds one value and as an array of strings otherwise, and decodes from
// either.
//
//	Answers: map[string]crevio.FormAnswer{
//		"12": {"Hello!"},          // text, textarea, select, radio
//		"13": {"Go", "Rust"},      // checkbox
//	}
type FormAnswer []string

// MarshalJSON writes a single value as a string, else an array.
func (a FormAnswer) MarshalJSON() ([]byte, error) {
	if len(a) == 1 {
		return json.Marshal(a[0])
	}
	if a == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]string(a))
}

// UnmarshalJSON reads a string, an array of strings or null.
func (a *FormAnswer) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*a = nil
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*a = FormAnswer{s}
		return nil
	}
	var ss []string
	if err := json.Unmarshal(b, &ss); err != nil {
		return fmt.Errorf("crevio: form answer: want a string or an array of strings: %w", err)
	}
	*a = ss
	return nil
}

// FormSubmissionCreateParams are the fields of a new submission.
type FormSubmissionCreateParams struct {
	// FormID is the id of the form answered (required).
	FormID string `json:"form_id"`
	// Email is the submitter's email address (required). The API also fills
	// it into the form's email field.
	Email string `json:"email"`
	// Name is the submitter's name. The API fills it into the form's first
	// text field.
	Name *string `json:"name,omitempty"`
	// Answers maps field ids ([FormField.ID]) to answers.
	Answers map[string]FormAnswer `json:"answers,omitempty"`

	Extra map[string]any `json:"-"`
}

func (p *FormSubmissionCreateParams) validate() error {
	if p.FormID == "" {
		return errRequired("FormID")
	}
	if p.Email == "" {
		return errRequired("Email")
	}
	return nil
}

// Create submits answers to a form. The API checks them against the form's
// fields: a missing required answer or a malformed email address is an
// [ErrValidation] error whose Errors name the fields. When the form has
// ConfirmationRequired, the submitter must confirm by email.
//
// API: POST /v1/form_submissions
func (s *FormSubmissionsService) Create(ctx context.Context, params *FormSubmissionCreateParams, opts ...RequestOption) (*FormSubmission, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[FormSubmission](ctx, s.c, http.MethodPost, pathFormSubmissions, params, opts)
}
