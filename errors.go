package crevio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors matched by [*Error] (and [*RateLimitError]) with errors.Is,
// one per class of HTTP status:
//
//	if errors.Is(err, crevio.ErrNotFound) { ... }
var (
	ErrBadRequest   = errors.New("crevio: bad request")       // 400
	ErrUnauthorized = errors.New("crevio: unauthorized")      // 401
	ErrForbidden    = errors.New("crevio: forbidden")         // 403
	ErrNotFound     = errors.New("crevio: not found")         // 404
	ErrConflict     = errors.New("crevio: conflict")          // 409
	ErrValidation   = errors.New("crevio: validation failed") // 422
	ErrRateLimited  = errors.New("crevio: rate limited")      // 429
	ErrServer       = errors.New("crevio: server error")      // 5xx
	ErrInvalidID    = errors.New("crevio: invalid id")        // an id the SDK refuses before any I/O
	ErrInvalidParam = errors.New("crevio: invalid parameter") // params the SDK refuses before any I/O
	ErrCursorStuck  = errors.New("crevio: pagination cursor did not advance")
)

// Error is an error answer from the API (any status of 400 or more; a 3xx is
// a [*RedirectError]).
//
// It is decoded from the envelope {"error":{"type","code","message","param",
// "errors"}}, from the older {"error":"…","details":[…]}, or, for answers
// that are not JSON (a proxy's HTML page), from the status and content type.
type Error struct {
	// StatusCode is the HTTP status of the response.
	StatusCode int
	// Type is the error category: invalid_request_error, validation_error, api_error, …
	Type string
	// Code is the machine-readable code, such as resource_missing or validation_failed.
	Code string
	// Message is the human-readable description.
	Message string
	// Param names the parameter at fault, for parameter errors.
	Param string
	// Errors maps each invalid field to its messages, for validation errors.
	Errors map[string][]string
	// Details holds the older envelope's detail lines.
	Details []string
	// RequestID is the API's id for the request, when it sent one.
	RequestID string
	// RetryAfter is how long the server asked to wait before another try,
	// from its Retry-After header (0 when it sent none). A 5xx that the
	// client did not retry because this exceeds [WithMaxRetryAfter] has it
	// set; the error text then ends in "(retry after …)".
	RetryAfter time.Duration
	// Body is the raw response body (at most 4 KiB of it).
	Body []byte
}

// Error formats the status, type, code, message and field errors.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "crevio: %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Type != "" || e.Code != "" {
		b.WriteString(" (")
		b.WriteString(e.Type)
		if e.Type != "" && e.Code != "" {
			b.WriteString("/")
		}
		b.WriteString(e.Code)
		b.WriteString(")")
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Param != "" {
		fmt.Fprintf(&b, " [param %s]", e.Param)
	}
	if len(e.Errors) > 0 {
		fields := make([]string, 0, len(e.Errors))
		for f := range e.Errors {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		for _, f := range fields {
			fmt.Fprintf(&b, "; %s %s", f, strings.Join(e.Errors[f], ", "))
		}
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request %s)", e.RequestID)
	}
	if e.RetryAfter > 0 && e.StatusCode != http.StatusTooManyRequests {
		// (A 429's wait is in its RateLimitError's text.)
		fmt.Fprintf(&b, " (retry after %v)", e.RetryAfter)
	}
	return b.String()
}

// Is matches the sentinel for the error's status class.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrValidation:
		return e.StatusCode == http.StatusUnprocessableEntity
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500
	}
	return false
}

// RedirectError is a 3xx answer. The client never follows a redirect: the
// API has no reason to send one, and following it could carry the API key
// or a create's body to another origin. Errors.As finds it:
//
//	var re *crevio.RedirectError
//	if errors.As(err, &re) { log.Print(re.Location) }
type RedirectError struct {
	// StatusCode is the HTTP status of the response (300 to 399).
	StatusCode int
	// Location is the origin the redirect points to, scheme://host[:port],
	// resolved against the request's URL; never its path or query (they may
	// carry personal data). It is empty when the answer named no valid
	// target.
	Location string
	// RequestID is the API's id for the request, when it sent one.
	RequestID string
}

// Error names the status and the target's origin.
func (e *RedirectError) Error() string {
	msg := fmt.Sprintf("crevio: %d %s: redirect", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Location != "" {
		msg += " to " + e.Location
	}
	msg += " not followed (the client never follows redirects)"
	if e.RequestID != "" {
		msg += fmt.Sprintf(" (request %s)", e.RequestID)
	}
	return msg
}

// redirectOrigin returns the origin of a Location header, resolved against
// the request's URL when it is relative, or "" when it names none.
func redirectOrigin(resp *http.Response) string {
	loc := strings.TrimSpace(resp.Header.Get("Location"))
	if loc == "" {
		return ""
	}
	u, err := url.Parse(loc)
	if err != nil {
		return ""
	}
	if resp.Request != nil && resp.Request.URL != nil {
		u = resp.Request.URL.ResolveReference(u)
	}
	if u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// RateLimitError is a 429 answer the client did not, or could no longer,
// retry: retries ran out, or the server asked to wait longer than
// [WithMaxRetryAfter] allows.
type RateLimitError struct {
	// Err is the API's error answer.
	Err *Error
	// RetryAfter is how long the server asked to wait (0 when it did not say).
	RetryAfter time.Duration
}

// Error describes the rate limit and the wait the server asked for.
func (e *RateLimitError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("%s (retry after %v)", e.Err.Error(), e.RetryAfter)
	}
	return e.Err.Error()
}

// Unwrap returns the underlying [*Error], so errors.As finds it too.
func (e *RateLimitError) Unwrap() error { return e.Err }

// DecodeError is a response the client could not read as what the API
// promises: malformed or truncated JSON, an empty or non-JSON 2xx body, a
// body over the size cap, a body that stopped arriving (see
// [WithReadIdleTimeout]), or a 2xx that lacks what it should carry: {}, an
// error envelope, an object without its id, a list without "data", a delete
// answer whose "deleted" is not true. The call's result is never a
// zero-valued object.
type DecodeError struct {
	// StatusCode is the HTTP status of the response (0 if none arrived).
	StatusCode int
	// ContentType is the response's Content-Type.
	ContentType string
	// RequestID is the API's id for the request, when it sent one.
	RequestID string
	// Body is the start of the body (at most 4 KiB).
	Body []byte
	// Err is the underlying decoding or reading error.
	Err error
}

// Error describes what could not be decoded.
func (e *DecodeError) Error() string {
	msg := fmt.Sprintf("crevio: cannot decode %d response", e.StatusCode)
	if e.ContentType != "" {
		msg += " (" + e.ContentType + ")"
	}
	return msg + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

const maxErrorBody = 4 << 10

func clip(b []byte) []byte {
	if len(b) > maxErrorBody {
		b = b[:maxErrorBody]
	}
	return bytes.Clone(b)
}

// errorFromResponse builds the error for a status of 300 or more.
func errorFromResponse(resp *http.Response, body []byte) error {
	if resp.StatusCode < 400 {
		return &RedirectError{StatusCode: resp.StatusCode, Location: redirectOrigin(resp), RequestID: requestIDFrom(resp.Header)}
	}
	e := &Error{StatusCode: resp.StatusCode, RequestID: requestIDFrom(resp.Header), Body: clip(body)}
	parseErrorBody(e, body, resp.Header.Get("Content-Type"))
	e.RetryAfter, _ = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	if resp.StatusCode == http.StatusTooManyRequests {
		return &RateLimitError{Err: e, RetryAfter: e.RetryAfter}
	}
	return e
}

// parseErrorBody fills e from the body in whichever of the three shapes it has.
func parseErrorBody(e *Error, body []byte, contentType string) {
	var env struct {
		Error   json.RawMessage `json:"error"`
		Details []string        `json:"details"`
		Message string          `json:"message"`
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &env) == nil {
		var inner struct {
			Type    string              `json:"type"`
			Code    string              `json:"code"`
			Message string              `json:"message"`
			Param   string              `json:"param"`
			Errors  map[string][]string `json:"errors"`
		}
		var msg string
		switch {
		case json.Unmarshal(env.Error, &inner) == nil && len(env.Error) > 0 && env.Error[0] == '{':
			e.Type, e.Code, e.Message, e.Param, e.Errors = inner.Type, inner.Code, inner.Message, inner.Param, inner.Errors
			return
		case json.Unmarshal(env.Error, &msg) == nil:
			e.Message, e.Details = msg, env.Details
			return
		case env.Message != "":
			e.Message, e.Details = env.Message, env.Details
			return
		}
	}
	mediaType, _, _ := mime.ParseMediaType(contentType)
	switch {
	case len(trimmed) == 0:
		e.Message = "empty response body"
	case mediaType != "" && mediaType != "application/json" && !strings.HasPrefix(mediaType, "text/plain"):
		e.Message = fmt.Sprintf("non-JSON response body (%s, %d bytes)", mediaType, len(body))
	default:
		e.Message = oneLine(trimmed, 200)
	}
}

// oneLine returns a short single-line excerpt of b.
func oneLine(b []byte, n int) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

// RequestID returns the request id the API sent with resp, or "".
func RequestID(resp *http.Response) string {
	if resp == nil {
		return ""
	}
	return requestIDFrom(resp.Header)
}

func requestIDFrom(h http.Header) string {
	if id := h.Get("X-Request-Id"); id != "" {
		return id
	}
	return h.Get("Request-Id")
}

// maxRetryAfter clamps absurd Retry-After values (they still exceed any
// sensible WithMaxRetryAfter cap, so they become a *RateLimitError).
const maxRetryAfter = 365 * 24 * time.Hour

// parseRetryAfter reads a Retry-After value: delay seconds or an HTTP date.
// A date in the past means no wait. A delay too large for an int64 (valid:
// RFC 9110 sets no bound) is clamped like any delay over a year, never
// dropped. ok is false when v is empty or invalid.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	switch {
	case d < 0:
		d = 0
	case d > maxRetryAfter: // also keeps the rounding below from overflowing
		return maxRetryAfter, true
	}
	// Round a fractional second up: the date has one-second precision and
	// rounding down would retry before the server asked.
	if r := d % time.Second; r != 0 {
		d += time.Second - r
	}
	return d, true
}
