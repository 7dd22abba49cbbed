package crevio

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// logRequest is go-retryablehttp's RequestLogHook: it notes the start of
// each attempt for the debug log.
func logRequest(_ retryablehttp.Logger, req *http.Request, n int) {
	if a := attemptOf(req.Context()); a != nil {
		a.n = n + 1
		a.started = time.Now()
	}
}

// logAttempt writes one debug line per attempt. It builds no arguments when
// debug logging is off.
func (a *attempt) logAttempt(resp *http.Response, err error) {
	if a.logged == a.n || !a.c.logger.Enabled(a, slog.LevelDebug) {
		return
	}
	a.logged = a.n
	attrs := []slog.Attr{
		slog.String("method", a.method),
		slog.String("path", a.path),
		slog.Int("attempt", a.n),
		slog.Duration("duration", time.Since(a.started)),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
		if id := requestIDFrom(resp.Header); id != "" {
			attrs = append(attrs, slog.String("request_id", id))
		}
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", redactedError(err)))
	}
	a.c.logger.LogAttrs(a, slog.LevelDebug, "crevio request", attrs...)
}

// redactedError drops the URL (and so the query string) that net/http puts
// in its errors.
func redactedError(err error) string {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err.Error()
	}
	return err.Error()
}
