package crevio

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// core is the request core: everything a call needs to reach the API
// (credentials, base URL, the HTTP and retry clients, limits, logging).
// Every service holds it; it knows nothing about the services or Client.
type core struct {
	authHeader       []string // {"Bearer " + key}, shared by every request
	userAgentHeader  []string
	retry            *retryablehttp.Client // shared by every call with the default retries
	baseURL          string
	httpClient       *http.Client
	logger           *slog.Logger
	maxRetries       int
	minRetryWait     time.Duration
	maxRetryWait     time.Duration
	maxRetryAfter    time.Duration
	retryAfterScale  float64 // 1 in production: see WithRetryAfterScale
	timeout          time.Duration
	maxResponseBytes int64
	limits           limiter // ratelimit.go: the Retry-After gate and WithRateLimit
}

// errNilContext refuses a nil context before any I/O.
var errNilContext = fmt.Errorf("%w: nil context", ErrInvalidParam)

// validator is implemented by params that can be checked before any I/O.
type validator interface {
	validate() error
}

// call is the one request path every method uses: build the URL and body,
// send with retries, and decode the JSON answer into out (nil: discard).
func (c *core) call(ctx context.Context, method, path string, params any, out any, opts []RequestOption) error {
	if ctx == nil {
		return errNilContext
	}
	if isNilParams(params) {
		params = nil
	}
	if v, ok := params.(validator); ok {
		if err := v.validate(); err != nil {
			return err
		}
	}
	rc := requestConfig{maxRetries: -1}
	for _, o := range opts {
		if o != nil {
			o(&rc)
		}
	}

	target := c.baseURL + path
	var body []byte
	switch method {
	case http.MethodGet, http.MethodDelete, http.MethodHead:
		q, err := encodeQuery(params, rc.startingAfter)
		if err != nil {
			return err
		}
		if len(q) > 0 {
			target += "?" + q.Encode()
		}
	default:
		if params != nil {
			b, err := marshalBody(params)
			if err != nil {
				return err
			}
			body = b
		}
	}
	if body == nil && (method == http.MethodPost || method == http.MethodPatch) {
		body = []byte("{}")
	}

	return c.send(ctx, method, path, target, body, &rc, out)
}

// send runs one call, retries included, within the client's timeout, and
// decodes its answer. The body is a JSON document, or nothing (nil).
func (c *core) send(ctx context.Context, method, path, target string, body []byte, rc *requestConfig, out any) error {
	if c.timeout > 0 {
		if dl, ok := ctx.Deadline(); !ok || time.Until(dl) > c.timeout {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, c.timeout)
			defer cancel()
		}
	}

	resp, data, err := c.do(ctx, method, path, target, body, rc)
	if rc.response != nil && resp != nil {
		*rc.response = resp
	}
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return errorFromResponse(resp, data)
	}
	if out == nil {
		return nil
	}
	return decodeBody(resp, data, out)
}

// isNilParams reports whether params is nil or a typed nil pointer (a
// method's params argument is allowed to be nil).
func isNilParams(params any) bool {
	if params == nil {
		return true
	}
	v := reflect.ValueOf(params)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// marshalBody encodes params as JSON and merges their Extra fields.
func marshalBody(params any) ([]byte, error) {
	b, err := json.Marshal(params)
	if err != nil {
		return nil, fmt.Errorf("crevio: encoding params: %w", err)
	}
	extra, err := bodyExtra(params)
	if err != nil {
		return nil, err
	}
	if len(extra) == 0 {
		return b, nil
	}
	fields := map[string]json.RawMessage{}
	if err := json.Unmarshal(b, &fields); err != nil {
		return nil, fmt.Errorf("crevio: encoding params: %w", err)
	}
	for k, v := range extra {
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("crevio: encoding extra param %q: %w", k, err)
		}
		fields[k] = raw
	}
	return json.Marshal(fields)
}

// callPath runs a call on path and decodes its answer into a new T (an
// object, or a Page of them). Every service method that returns a value goes
// through it or through callObject.
func callPath[T any](ctx context.Context, c *core, method, path string, params any, opts []RequestOption) (*T, error) {
	var v T
	if err := c.call(ctx, method, path, params, &v, opts); err != nil {
		return nil, err
	}
	return &v, nil
}

// callObject runs a call on collection/{id} and decodes the object it
// returns. Every "one object" method of every service goes through it.
func callObject[T any](ctx context.Context, c *core, method, collection, id string, params any, opts []RequestOption) (*T, error) {
	path, err := objectPath(collection, id)
	if err != nil {
		return nil, err
	}
	return callPath[T](ctx, c, method, path, params, opts)
}

// deleteObject deletes collection/{id}. It accepts the API's
// {"id","object","deleted":true} answer and an empty 202 or 204 (filling in
// what it knows); {"deleted": false} or a body without "deleted" is a
// [*DecodeError].
func deleteObject(ctx context.Context, c *core, collection, object, id string, params any, opts []RequestOption) (*Deleted, error) {
	d, err := callObject[Deleted](ctx, c, http.MethodDelete, collection, id, params, opts)
	if err != nil {
		return nil, err
	}
	// Only an empty answer leaves Deleted false here: checkBody refused
	// every body that does not say true.
	d.Deleted = true
	if d.ID == "" {
		d.ID = id
	}
	if d.Object == "" {
		d.Object = object
	}
	return d, nil
}
