package crevio

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorShapes(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		body        string
		contentType string
		want        Error
		sentinel    error
		message     string
	}{
		{
			name: "envelope with field errors", status: 422, body: fixture(t, "error_validation.json"),
			want: Error{StatusCode: 422, Type: "validation_error", Code: "validation_failed", Message: "Name can't be blank",
				Errors: map[string][]string{"name": {"can't be blank"}, "slug": {"is too short", "is invalid"}}},
			sentinel: ErrValidation,
			message:  "crevio: 422 Unprocessable Entity (validation_error/validation_failed): Name can't be blank; name can't be blank; slug is too short, is invalid",
		},
		{
			name: "envelope with param", status: 404, body: fixture(t, "error_not_found.json"),
			want:     Error{StatusCode: 404, Type: "invalid_request_error", Code: "resource_missing", Message: "No such product: 'nope'", Param: "id"},
			sentinel: ErrNotFound,
			message:  "crevio: 404 Not Found (invalid_request_error/resource_missing): No such product: 'nope' [param id]",
		},
		{
			name: "legacy string error with details", status: 401, body: fixture(t, "error_legacy.json"),
			want:     Error{StatusCode: 401, Message: "Authentication required", Details: []string{"token missing", "see docs"}},
			sentinel: ErrUnauthorized,
			message:  "crevio: 401 Unauthorized: Authentication required",
		},
		{
			name: "html page from a proxy", status: 502, body: fixture(t, "error_bad_gateway.html"), contentType: "text/html; charset=utf-8",
			want:     Error{StatusCode: 502, Message: "non-JSON response body (text/html, 154 bytes)"},
			sentinel: ErrServer,
			message:  "crevio: 502 Bad Gateway: non-JSON response body (text/html, 154 bytes)",
		},
		{
			name: "plain text", status: 403, body: "  forbidden\n  by policy ", contentType: "text/plain",
			want:     Error{StatusCode: 403, Message: "forbidden by policy"},
			sentinel: ErrForbidden,
		},
		{
			name: "empty body", status: 409, body: "",
			want:     Error{StatusCode: 409, Message: "empty response body"},
			sentinel: ErrConflict,
		},
		{
			name: "malformed JSON", status: 400, body: `{"error": {"type": `,
			want:     Error{StatusCode: 400, Message: `{"error": {"type":`},
			sentinel: ErrBadRequest,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRecorder(t)
			hdr := []string{"X-Request-Id", "req_err"}
			if tt.contentType != "" {
				hdr = append(hdr, "Content-Type", tt.contentType)
			}
			r.respond(tt.status, tt.body, hdr...)
			_, err := r.client(WithMaxRetries(0)).Products.Get(bg, "nope", nil)
			var apiErr *Error
			require.ErrorAs(t, err, &apiErr)
			tt.want.RequestID = "req_err"
			tt.want.Body = []byte(tt.body)
			assert.Equal(t, tt.want, *apiErr)
			assert.ErrorIs(t, err, tt.sentinel)
			for _, other := range []error{ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict, ErrValidation, ErrRateLimited, ErrServer} {
				if other != tt.sentinel {
					assert.NotErrorIs(t, err, other)
				}
			}
			if tt.message != "" {
				assert.Equal(t, tt.message+" (request req_err)", err.Error())
			}
		})
	}
}

func TestErrorBodyIsClipped(t *testing.T) {
	r := newRecorder(t)
	r.respond(500, strings.Repeat("x", 10_000), "Content-Type", "text/plain")
	_, err := r.client(WithMaxRetries(0)).Products.Get(bg, "p", nil)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Len(t, apiErr.Body, 4096)
	assert.Less(t, len(err.Error()), 300)
}

func TestDecodeErrors(t *testing.T) {
	for _, tt := range []struct {
		name, body, contentType, want string
	}{
		{"malformed JSON", `{"id": "prod_1",`, "", "unexpected end of JSON input"},
		{"wrong type", `{"id": 42}`, "", "cannot unmarshal number"},
		{"empty 200", ``, "", "empty body"},
		{"JSON array", `[1,2]`, "", "not a JSON object"},
		{"HTML with 200", `<html>hi</html>`, "text/html", "not a JSON object"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRecorder(t)
			hdr := []string{}
			if tt.contentType != "" {
				hdr = append(hdr, "Content-Type", tt.contentType)
			}
			r.respond(200, tt.body, hdr...)
			p, err := r.client().Products.Get(bg, "p", nil)
			assert.Nil(t, p, "never a zero-valued object")
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, 200, de.StatusCode)
			assert.Equal(t, tt.body, string(de.Body))
			assert.ErrorContains(t, err, tt.want)
			assert.Len(t, r.requests(), 1, "a decode error is not retried")
		})
	}
	t.Run("list envelope", func(t *testing.T) {
		for _, body := range []string{
			`{"object":"list","data":{"id":"x"},"has_more":false}`,
			`{"object":"list","data":[{"id":"a"},`,
			`{"object":"list","data":[],"has_more":"yes"}`,
			`{"object":"list","data":[]} trailing`,
		} {
			r := newRecorder(t)
			r.respond(200, body)
			_, err := r.client().Products.List(bg, nil)
			var de *DecodeError
			assert.ErrorAs(t, err, &de, body)
		}
	})
}

func TestResponseSizeCap(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, `{"id":"prod_1","name":"`+strings.Repeat("a", 2000)+`"}`)
	_, err := r.client(WithMaxResponseBytes(1024)).Products.Get(bg, "prod_1", nil)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.ErrorIs(t, err, errBodyTooLarge)
	assert.Len(t, r.requests(), 1, "an oversized body is not retried")
}

func TestRateLimitErrorWithoutRetryAfter(t *testing.T) {
	e := &RateLimitError{Err: &Error{StatusCode: 429, Message: "slow"}}
	assert.Equal(t, "crevio: 429 Too Many Requests: slow", e.Error())
	assert.True(t, errors.Is(e, ErrRateLimited))
}
