package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"
	"unicode"

	"github.com/creviolabs/crevio-go"
)

// Exit codes. Each class of failure has its own, so scripts can tell them
// apart; "crevio help exit-codes" prints this table.
const (
	exitOK          = 0
	exitError       = 1   // any other failure: 409, a redirect, an unreadable answer, a local I/O error
	exitUsage       = 2   // unknown command or flag, bad flag value, wrong arguments
	exitAuth        = 3   // 401 or 403, or no API key
	exitNotFound    = 4   // 404
	exitInvalid     = 5   // 400 or 422, or params the SDK refused before sending (ErrInvalidParam, ErrInvalidID)
	exitRateLimited = 6   // 429, after the retries
	exitNetwork     = 7   // no answer: connection refused, DNS, TLS, timeout
	exitServer      = 8   // 5xx, after the retries
	exitInterrupted = 130 // interrupted (SIGINT or SIGTERM) before the command finished
)

// exitCodes documents the codes, in order, for the help topic and tests.
var exitCodes = []struct {
	code int
	name string
	desc string
}{
	{exitOK, "ok", "success"},
	{exitError, "error", "any other failure: a 409 conflict, a redirect (never followed), an answer that is not the JSON it should be, a local file that cannot be read"},
	{exitUsage, "usage", "unknown command or flag, a flag value of the wrong type, wrong number of arguments, trigger against an API that is not the mock"},
	{exitAuth, "auth", "401 Unauthorized or 403 Forbidden, or no API key (CREVIO_API_KEY)"},
	{exitNotFound, "not found", "404 Not Found"},
	{exitInvalid, "invalid", "400 Bad Request or 422 Unprocessable Entity, or params the SDK refused before sending anything (crevio.ErrInvalidParam, crevio.ErrInvalidID)"},
	{exitRateLimited, "rate limited", "429 Too Many Requests, once the retries are spent"},
	{exitNetwork, "network", "no answer from the API: connection refused, DNS, TLS, a timeout"},
	{exitServer, "server", "5xx from the API, once the retries are spent"},
	{exitInterrupted, "interrupted", "SIGINT or SIGTERM before the command finished (listen ends with 0)"},
}

// usageError is a mistake in the command line. hint names the command whose
// --help explains it.
type usageError struct {
	msg  string
	hint string
}

func (e *usageError) Error() string { return e.msg }

func usagef(hint, format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...), hint: hint}
}

// authError is a missing or unreadable API key.
type authError struct{ msg string }

func (e *authError) Error() string { return e.msg }

// exitCode classifies err into one of the exit codes.
func exitCode(err error) int {
	var (
		ue  *usageError
		ae  *authError
		rl  *crevio.RateLimitError
		ce  *crevio.Error
		ne  net.Error
		dec *crevio.DecodeError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &ue):
		return exitUsage
	case errors.As(err, &ae):
		return exitAuth
	case errors.As(err, &rl):
		return exitRateLimited
	case errors.As(err, &ce):
		// The SDK's sentinels name the status classes (crevio.Error.Is).
		switch {
		case errors.Is(err, crevio.ErrUnauthorized) || errors.Is(err, crevio.ErrForbidden):
			return exitAuth
		case errors.Is(err, crevio.ErrNotFound):
			return exitNotFound
		case errors.Is(err, crevio.ErrBadRequest) || errors.Is(err, crevio.ErrValidation):
			return exitInvalid
		case errors.Is(err, crevio.ErrRateLimited):
			return exitRateLimited
		case errors.Is(err, crevio.ErrServer):
			return exitServer
		}
		return exitError
	case errors.Is(err, crevio.ErrInvalidParam) || errors.Is(err, crevio.ErrInvalidID):
		return exitInvalid
	case errors.As(err, &dec) && dec.StatusCode != 0:
		// An answer arrived but could not be read as JSON.
		return exitError
	case errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded):
		return exitNetwork
	}
	return exitError
}

// reportError writes err to w in the form its class calls for and returns
// the exit code.
func reportError(w io.Writer, err error) int {
	code := exitCode(err)
	var (
		ue  *usageError
		rl  *crevio.RateLimitError
		ce  *crevio.Error
		re  *crevio.RedirectError
		dec *crevio.DecodeError
	)
	switch {
	case code == exitInterrupted:
		fmt.Fprintln(w, "crevio: interrupted")
	case errors.As(err, &ue):
		fmt.Fprintf(w, "crevio: %s\n", ue.msg)
		if ue.hint != "" {
			fmt.Fprintf(w, "Run '%s --help' for usage.\n", ue.hint)
		}
	case errors.As(err, &ce):
		writeAPIError(w, ce)
		if errors.As(err, &rl) && rl.RetryAfter > 0 {
			fmt.Fprintf(w, "  retry after: %v\n", rl.RetryAfter)
		}
	case errors.As(err, &re):
		fmt.Fprintf(w, "crevio: %d %s: the API answered with a redirect", re.StatusCode, http.StatusText(re.StatusCode))
		if re.Location != "" {
			fmt.Fprintf(w, " to %s", printable(re.Location))
		}
		fmt.Fprintln(w, " (not followed; check --base-url)")
		writeField(w, "request id", re.RequestID)
	case errors.As(err, &dec):
		fmt.Fprintf(w, "crevio: %s\n", strings.TrimPrefix(err.Error(), "crevio: "))
		writeField(w, "status", statusText(dec.StatusCode))
		writeField(w, "content type", dec.ContentType)
		writeField(w, "request id", dec.RequestID)
	default:
		fmt.Fprintf(w, "crevio: %s\n", strings.TrimPrefix(err.Error(), "crevio: "))
	}
	return code
}

// writeAPIError writes an API error answer: its status and message, then
// one line per detail. What the server sent is printed without its control
// characters: a hostile answer could otherwise drive the terminal (escape
// sequences) or forge lines (a newline, then "request id: ...").
func writeAPIError(w io.Writer, e *crevio.Error) {
	fmt.Fprintf(w, "crevio: %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		fmt.Fprintf(w, ": %s", printable(e.Message))
	}
	fmt.Fprintln(w)
	writeField(w, "type", e.Type)
	writeField(w, "code", e.Code)
	writeField(w, "param", e.Param)
	fields := make([]string, 0, len(e.Errors))
	for f := range e.Errors {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		fmt.Fprintf(w, "  error:       %s %s\n", printable(f), printable(strings.Join(e.Errors[f], ", ")))
	}
	for _, d := range e.Details {
		fmt.Fprintf(w, "  detail:      %s\n", printable(d))
	}
	writeField(w, "request id", e.RequestID)
	if e.RetryAfter > 0 && e.StatusCode != http.StatusTooManyRequests {
		fmt.Fprintf(w, "  retry after: %v\n", e.RetryAfter)
	}
}

// writeField writes one "  name: value" line, without the value's control
// characters; nothing when value is empty.
func writeField(w io.Writer, name, value string) {
	if value = printable(value); value != "" {
		fmt.Fprintf(w, "  %-12s %s\n", name+":", value)
	}
}

// printable returns s without its control characters (newlines, tabs and
// escapes included).
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

func statusText(code int) string {
	if code == 0 {
		return ""
	}
	return fmt.Sprintf("%d %s", code, http.StatusText(code))
}
