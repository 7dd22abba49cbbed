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

// FormSubmission is an answer to a form. The only published shape of a
// submission is the data of the form_submission.created event: answers as
// an array of labelled answers, and the respondent (respondent_type,
// respondent_id, respondent), with no email or name. The REST answer may
// differ: Answers decodes the array and the field-id map the create sends,
// and Email and Name stay empty when the API leaves them out.
type FormSubmission struct {
	// ID is the submission's id.
	ID string `json:"id"`
	// Object is "form_submission" (inferred).
	Object string `json:"object"`
	// FormID is the id of the form answered.
	FormID string `json:"form_id"`
	// Email is the submitter's email address (inferred: the event payload
	// has none; see Respondent).
	Email string `json:"email"`
	// Name is the submitter's name, when given (inferred, like Email).
	Name *string `json:"name"`
	// Answers are the answers, in whichever shape the API sent them.
	Answers FormSubmissionAnswers `json:"answers"`
	// RespondentType is the kind of respondent: "Customer" in the
	// reference's example.
	RespondentType *FormRespondentType `json:"respondent_type"`
	// RespondentID is the id of the respondent (cus_… for a customer).
	RespondentID *string `json:"respondent_id"`
	// Respondent is the respondent as it was when the form was submitted.
	Respondent *FormRespondent `json:"respondent"`
	// CreatedAt is when the submission was made.
	CreatedAt Time `json:"created_at"`

	objectMeta
}

func (s *FormSubmission) objectID() string { return s.ID }

// FormSubmissionAnswers are the answers of a submission, in either shape
// the API may send: the documented array of labelled answers (List), or a
// map of field id to answer, the shape the create sends (ByFieldID). Raw is
// the JSON as received. Decoding never fails: a shape it does not know
// keeps only Raw, an array element whose value is neither a string nor an
// array of strings keeps a nil Value, and a map entry that does not decode
// is skipped.
type FormSubmissionAnswers struct {
	// List holds the array form, in order; nil when a map came.
	List []FormSubmissionAnswer
	// ByFieldID holds the map form; nil when an array came.
	ByFieldID map[string]FormAnswer
	// Raw is the JSON as received; nil when the field was absent or null.
	Raw json.RawMessage
}

// UnmarshalJSON decodes an array, a map, or anything else (kept in Raw).
func (a *FormSubmissionAnswers) UnmarshalJSON(b []byte) error {
	*a = FormSubmissionAnswers{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	a.Raw = bytes.Clone(b)
	switch b[0] {
	case '[':
		var elems []json.RawMessage
		if json.Unmarshal(b, &elems) != nil {
			return nil
		}
		a.List = make([]FormSubmissionAnswer, 0, len(elems))
		for _, e := range elems {
			var head struct {
				Label     string          `json:"label"`
				Value     json.RawMessage `json:"value"`
				Required  bool            `json:"required"`
				FieldType FormFieldType   `json:"field_type"`
			}
			if json.Unmarshal(e, &head) != nil {
				continue
			}
			ans := FormSubmissionAnswer{Label: head.Label, Required: head.Required, FieldType: head.FieldType}
			if len(head.Value) > 0 {
				_ = json.Unmarshal(head.Value, &ans.Value) // neither string nor strings: Value stays nil
			}
			a.List = append(a.List, ans)
		}
	case '{':
		var entries map[string]json.RawMessage
		if json.Unmarshal(b, &entries) != nil {
			return nil
		}
		a.ByFieldID = make(map[string]FormAnswer, len(entries))
		for k, v := range entries {
			var ans FormAnswer
			if json.Unmarshal(v, &ans) == nil {
				a.ByFieldID[k] = ans
			}
		}
	}
	return nil
}

// MarshalJSON writes Raw when set, else List, else ByFieldID, else null.
func (a FormSubmissionAnswers) MarshalJSON() ([]byte, error) {
	switch {
	case a.Raw != nil:
		return a.Raw, nil
	case a.List != nil:
		return json.Marshal(a.List)
	case a.ByFieldID != nil:
		return json.Marshal(a.ByFieldID)
	}
	return []byte("null"), nil
}

// Lookup returns the answer for key: the field id key in the map form, or
// the first answer labelled key in the array form.
func (a FormSubmissionAnswers) Lookup(key string) (FormAnswer, bool) {
	if v, ok := a.ByFieldID[key]; ok {
		return v, true
	}
	for _, e := range a.List {
		if e.Label == key {
			return e.Value, true
		}
	}
	return nil, false
}

// FormSubmissionAnswer is one answer of the array form: the field's label,
// the answer, whether the field is required, and its type.
type FormSubmissionAnswer struct {
	Label string `json:"label"`
	// Value is the answer: one string, or several for a checkbox field
	// (presumably); nil when it was neither.
	Value     FormAnswer    `json:"value"`
	Required  bool          `json:"required"`
	FieldType FormFieldType `json:"field_type"`
}

// FormRespondent is who submitted a form, as the submission shows them.
type FormRespondent struct {
	ID        string `json:"id"`
	Email     string `json:"email"`
	Confirmed bool   `json:"confirmed"`
}

// FormRespondentType is the kind of a respondent (an open enum).
type FormRespondentType string

// Known respondent types.
const (
	// FormRespondentTypeCustomer is a customer, capitalised as the
	// reference shows it.
	FormRespondentTypeCustomer FormRespondentType = "Customer"
)

// IsKnown reports whether t is one of the respondent types this version knows.
func (t FormRespondentType) IsKnown() bool { return oneOf(t, FormRespondentTypeCustomer) }

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
