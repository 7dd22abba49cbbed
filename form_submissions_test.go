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
	assert.Equal(t, map[string]FormAnswer{"101": {"jane@example.com"}, "104": {"Go", "Rust"}, "105": nil}, s.Answers)
	assert.Equal(t, time.Date(2025, 3, 3, 9, 15, 0, 0, time.UTC), s.CreatedAt.UTC())
	assert.JSONEq(t, raw, string(s.RawJSON()))
	var extra struct{ Confirmed *bool }
	require.NoError(t, json.Unmarshal(s.RawJSON(), &extra))
	require.NotNil(t, extra.Confirmed, "fields the SDK does not model stay reachable")
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
