package creviotest

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Error types of the API's error envelope.
const (
	typeInvalidRequest = "invalid_request_error"
	typeValidation     = "validation_error"
	typeAPI            = "api_error"
	typeRateLimit      = "rate_limit_error"
)

// apiError is the body of the API's error envelope, {"error": {...}}, plus
// the HTTP status it is sent with.
type apiError struct {
	Status  int                 `json:"-"`
	Type    string              `json:"type"`
	Code    string              `json:"code"`
	Message string              `json:"message"`
	Param   string              `json:"param,omitempty"`
	Errors  map[string][]string `json:"errors,omitempty"`
}

func errBadRequest(code, param, msg string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Type: typeInvalidRequest, Code: code, Param: param, Message: msg}
}

func errUnauthorized(msg string) *apiError {
	return &apiError{Status: http.StatusUnauthorized, Type: typeInvalidRequest, Code: "authentication_required", Message: msg}
}

func errNoSuch(object, id string) *apiError {
	return &apiError{
		Status:  http.StatusNotFound,
		Type:    typeInvalidRequest,
		Code:    "resource_missing",
		Param:   "id",
		Message: fmt.Sprintf("No such %s: '%s'", strings.ReplaceAll(object, "_", " "), id),
	}
}

func errRouteNotFound(method, path string) *apiError {
	return &apiError{
		Status:  http.StatusNotFound,
		Type:    typeInvalidRequest,
		Code:    "not_found",
		Message: fmt.Sprintf("Unrecognized request URL (%s: %s).", method, path),
	}
}

func errMethodNotAllowed(method, path string) *apiError {
	return &apiError{
		Status:  http.StatusMethodNotAllowed,
		Type:    typeInvalidRequest,
		Code:    "method_not_allowed",
		Message: fmt.Sprintf("%s is not allowed on %s.", method, path),
	}
}

// errValidation returns the 422 answer for field errors, with a Rails-style
// message made of every full message ("Name can't be blank").
func errValidation(errs map[string][]string) *apiError {
	fields := make([]string, 0, len(errs))
	for f := range errs {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	var msgs []string
	for _, f := range fields {
		for _, m := range errs[f] {
			msgs = append(msgs, humanize(f)+" "+m)
		}
	}
	return &apiError{
		Status:  http.StatusUnprocessableEntity,
		Type:    typeValidation,
		Code:    "validation_failed",
		Message: strings.Join(msgs, ", "),
		Errors:  errs,
	}
}

// errForStatus returns an error envelope typical of status, for injected
// faults.
func errForStatus(status int) *apiError {
	e := &apiError{Status: status, Type: typeInvalidRequest, Code: snake(http.StatusText(status))}
	switch {
	case status == http.StatusUnauthorized:
		e.Code = "authentication_required"
	case status == http.StatusNotFound:
		e.Code = "resource_missing"
	case status == http.StatusUnprocessableEntity:
		e.Type, e.Code = typeValidation, "validation_failed"
	case status == http.StatusTooManyRequests:
		e.Type, e.Code = typeRateLimit, "rate_limited"
	case status >= 500:
		e.Type = typeAPI
	}
	if e.Code == "" {
		e.Code = fmt.Sprintf("http_%d", status)
	}
	e.Message = fmt.Sprintf("Injected fault: %d %s.", status, http.StatusText(status))
	return e
}

// humanize turns a field name into the start of a Rails full message:
// "body_html" -> "Body html".
func humanize(field string) string {
	s := strings.ReplaceAll(field, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// snake turns "Service Unavailable" into "service_unavailable".
func snake(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}
