package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFormSubmissionsWire(t *testing.T) {
	sub := fixture(t, "form_submission.json")
	checkWire(t, []wireCase{
		{
			name: "create with answers",
			call: func(c *Client) error {
				_, err := c.FormSubmissions.Create(bg, &FormSubmissionCreateParams{
					FormID: "form_contact1", Email: "jane@example.com", Name: Ptr("Jane"),
					Answers: map[string]FormAnswer{"102": {"Hello"}, "104": {"Go", "Rust"}, "105": {}},
					Extra:   map[string]any{"source": "footer"},
				})
				return err
			},
			method: "POST", path: "/form_submissions",
			body:    `{"form_id":"form_contact1","email":"jane@example.com","name":"Jane","answers":{"102":"Hello","104":["Go","Rust"],"105":[]},"source":"footer"}`,
			respond: sub,
		},
		{
			name: "create with the minimum",
			call: func(c *Client) error {
				_, err := c.FormSubmissions.Create(bg, &FormSubmissionCreateParams{FormID: "form_1", Email: "a@b.co"})
				return err
			},
			method: "POST", path: "/form_submissions", body: `{"form_id":"form_1","email":"a@b.co"}`, respond: sub,
		},
	})
}

func TestFormSubmissionsRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	_, err := c.FormSubmissions.Create(bg, nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.FormSubmissions.Create(bg, &FormSubmissionCreateParams{Email: "a@b.co"})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.ErrorContains(t, err, "FormID is required")
	_, err = c.FormSubmissions.Create(bg, &FormSubmissionCreateParams{FormID: "form_1"})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.ErrorContains(t, err, "Email is required")
	assert.Empty(t, r.requests(), "invalid input must not reach the network")
}

func TestFormSubmissionDecode(t *testing.T) {
	raw := fixture(t, "form_submission.json")
	r := newRecorder(t)
	r.respond(200, raw)
	s, err := r.client().FormSubmissions.Create(bg, &FormSubmissionCreateParams{FormID: "form_contact1", Email: "jane@example.com"})
	require.NoError(t, err)
	assert.Equal(t, "fsub_123", s.ID)
	assert.Equal(t, "form_submission", s.Object)
	assert.Equal(t, "form_contact1", s.FormID)
	assert.Equal(t, "jane@example.com", s.Email)
	assert.Equal(t, "Jane", *s.Name)
	assert.Equal(t, map[string]FormAnswer{"101": {"jane@example.com"}, "104": {"Go", "Rust"}, "105": nil}, s.Answers.ByFieldID)
	assert.Nil(t, s.Answers.List)
	got, ok := s.Answers.Lookup("104")
	assert.True(t, ok)
	assert.Equal(t, FormAnswer{"Go", "Rust"}, got)
	assert.Nil(t, s.RespondentType)
	assert.Nil(t, s.Respondent)
	assert.Equal(t, time.Date(2025, 3, 3, 9, 15, 0, 0, time.UTC), s.CreatedAt.UTC())
	assert.JSONEq(t, raw, string(s.RawJSON()))
	var extra struct{ Confirmed *bool }
	require.NoError(t, json.Unmarshal(s.RawJSON(), &extra))
	require.NotNil(t, extra.Confirmed, "fields the SDK does not model stay reachable")
}

// TestFormSubmissionDecodeDocumentedShape decodes the shape the
// form_submission.created event page publishes: answers as an array, the
// respondent, no email or name. Odd elements do not fail the decode.
func TestFormSubmissionDecodeDocumentedShape(t *testing.T) {
	raw := fixture(t, "form_submission_array.json")
	r := newRecorder(t)
	r.respond(200, raw)
	s, err := r.client().FormSubmissions.Create(bg, &FormSubmissionCreateParams{FormID: "form_contact1", Email: "jane@example.com"})
	require.NoError(t, err)
	assert.Equal(t, "123", s.ID)
	assert.Empty(t, s.Email)
	assert.Nil(t, s.Name)
	assert.Nil(t, s.Answers.ByFieldID)
	assert.Equal(t, []FormSubmissionAnswer{
		{Label: "Email", Value: FormAnswer{"jane@example.com"}, Required: true, FieldType: FormFieldTypeEmail},
		{Label: "Languages", Value: FormAnswer{"Go", "Rust"}, FieldType: FormFieldTypeCheckbox},
		{Label: "Odd", FieldType: FormFieldTypeText}, // a value that is neither: nil
	}, s.Answers.List, "an element that is not an object is skipped")
	v, ok := s.Answers.Lookup("Languages")
	assert.True(t, ok)
	assert.Equal(t, FormAnswer{"Go", "Rust"}, v)
	_, ok = s.Answers.Lookup("Nope")
	assert.False(t, ok)
	assert.Equal(t, FormRespondentTypeCustomer, *s.RespondentType)
	assert.True(t, s.RespondentType.IsKnown())
	assert.Equal(t, "cus_abc123", *s.RespondentID)
	assert.Equal(t, &FormRespondent{ID: "cus_abc123", Email: "jane@example.com", Confirmed: true}, s.Respondent)
	assert.Equal(t, time.Date(2025, 3, 3, 9, 15, 0, 0, time.UTC), s.CreatedAt.UTC())

	// Marshalling gives back what came.
	b, err := json.Marshal(s.Answers)
	require.NoError(t, err)
	var want struct{ Answers json.RawMessage }
	require.NoError(t, json.Unmarshal([]byte(raw), &want))
	assert.JSONEq(t, string(want.Answers), string(b))
}

func TestFormSubmissionAnswersNeverFail(t *testing.T) {
	for in, want := range map[string]FormSubmissionAnswers{
		`{"answers":null}`:            {},
		`{}`:                          {},
		`{"answers":"text"}`:          {Raw: json.RawMessage(`"text"`)},
		`{"answers":7}`:               {Raw: json.RawMessage(`7`)},
		`{"answers":[]}`:              {List: []FormSubmissionAnswer{}, Raw: json.RawMessage(`[]`)},
		`{"answers":{"1":5,"2":"x"}}`: {ByFieldID: map[string]FormAnswer{"2": {"x"}}, Raw: json.RawMessage(`{"1":5,"2":"x"}`)},
	} {
		var s FormSubmission
		require.NoError(t, json.Unmarshal([]byte(in), &s), in)
		assert.Equal(t, want, s.Answers, in)
	}
	b, err := json.Marshal(FormSubmissionAnswers{List: []FormSubmissionAnswer{{Label: "A", Value: FormAnswer{"x"}}}})
	require.NoError(t, err)
	assert.JSONEq(t, `[{"label":"A","value":"x","required":false,"field_type":""}]`, string(b))
	b, err = json.Marshal(FormSubmissionAnswers{ByFieldID: map[string]FormAnswer{"1": {"x"}}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"1":"x"}`, string(b))
	b, err = json.Marshal(FormSubmissionAnswers{})
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))
}

func TestFormAnswerJSON(t *testing.T) {
	for _, tt := range []struct {
		in   FormAnswer
		wire string
		back FormAnswer
	}{
		{FormAnswer{"one"}, `"one"`, FormAnswer{"one"}},
		{FormAnswer{"a", "b"}, `["a","b"]`, FormAnswer{"a", "b"}},
		{FormAnswer{}, `[]`, FormAnswer{}},
		{nil, `[]`, FormAnswer{}},
	} {
		b, err := json.Marshal(tt.in)
		require.NoError(t, err)
		assert.JSONEq(t, tt.wire, string(b))
		var back FormAnswer
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, tt.back, back)
	}
	var a FormAnswer
	require.NoError(t, json.Unmarshal([]byte(`null`), &a))
	assert.Nil(t, a)
	assert.Error(t, json.Unmarshal([]byte(`42`), &a))
	assert.Error(t, json.Unmarshal([]byte(`[1]`), &a))
	assert.Error(t, json.Unmarshal([]byte(`{"x":1}`), &a))
}
