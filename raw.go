package crevio

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"unicode"
)

// Do sends a request to any endpoint of the API, for the operations this
// version does not model. It gets everything the typed methods get: the
// bearer token, retries (a POST only with [WithIdempotencyKey]), typed
// errors ([*Error], [*RateLimitError], [*DecodeError]), the response size
// cap, logging without secrets, and every [RequestOption].
//
// path is relative to the base URL and holds no query: "/tasks" or
// "/tasks/" + id ("tasks" works too). When the base URL ends in /v1, as the
// default does, a path that starts with /v1 is taken as written from the
// API's root ("/v1/tasks" is "/tasks"). Each segment is escaped
// like an id in the typed methods, so pass ids as they are, not
// pre-escaped; an empty, "." or ".." segment, a backslash, a control
// character, "?" or "#" is refused before any I/O, so a path never leaves
// the base URL.
//
// params is the query of a GET, HEAD or DELETE (nil, a url.Values, a
// map[string]string, a map[string]any, or a pointer to one of this
// package's params structs) and the JSON body of any other method (any
// value encoding/json accepts: a struct, a map, a json.RawMessage; a
// url.Values becomes an object of strings, or of arrays for repeated keys).
// A POST or PATCH with nil params sends {}.
//
// out receives the decoded JSON answer: a pointer to one of this package's
// types (decoded and checked exactly as the typed methods decode and check
// it, so a 2xx without the object is a [*DecodeError]), or to anything
// else encoding/json decodes into: a *json.RawMessage (any JSON value), a
// *map[string]any, a struct. nil discards the answer; a HEAD call takes
// nil. For types not of this package, an empty 202 or 204 answer leaves
// out untouched. A non-JSON answer is a [*DecodeError].
//
// To walk a list endpoint page by page, use [All].
func (c *Client) Do(ctx context.Context, method, path string, params, out any, opts ...RequestOption) error {
	if ctx == nil {
		return errNilContext
	}
	if err := checkMethod(method); err != nil {
		return err
	}
	p, err := c.core.rawPath(path)
	if err != nil {
		return err
	}
	if v, ok := params.(url.Values); ok && !isQueryMethod(method) {
		params = valuesBody(v)
	}
	var dst any
	if out != nil {
		if v := reflect.ValueOf(out); v.Kind() != reflect.Pointer || v.IsNil() {
			return fmt.Errorf("%w: out must be a non-nil pointer, got %T", ErrInvalidParam, out)
		}
		if method == http.MethodHead {
			return fmt.Errorf("%w: a HEAD answer has no body: pass a nil out", ErrInvalidParam)
		}
		switch out.(type) {
		case rawSetter, bodyDecoder:
			dst = out // this package's types: the typed methods' decoding
		default:
			dst = &rawOut{v: out}
		}
	}
	return c.core.call(ctx, method, p, params, dst, opts)
}

// All walks any list endpoint of the API ({"object":"list","data":[…],
// "has_more":…}) with GET requests, decoding each item into a T: one of
// this package's types, any struct, a map[string]any or a json.RawMessage.
// It gives the guarantees of the services' All methods: no request until
// ranged over, the next page only when the loop needs it (or ahead of it
// with [WithPrefetch]), the cursor (starting_after, the last item's "id")
// sent over what params say and never written into them, and an
// [ErrCursorStuck] error rather than a loop when the cursor does not
// advance or comes back. path and params follow the rules of [Client.Do].
func All[T any](ctx context.Context, c *Client, path string, params any, opts ...RequestOption) iter.Seq2[*T, error] {
	p, err := c.core.rawPath(path)
	if err != nil {
		return func(yield func(*T, error) bool) { yield(nil, err) }
	}
	list := func(ctx context.Context, rp *rawListParams, opts ...RequestOption) (*Page[T], error) {
		return callPath[Page[T]](ctx, c.core, http.MethodGet, p, rp.params, opts)
	}
	return all(ctx, &rawListParams{params: params}, list, opts)
}

// rawListParams carries the params of a raw walk through [all], which
// copies its params value (not what it points to: a raw walk never writes
// into its params, so sharing a map is safe).
type rawListParams struct{ params any }

// rawOut is the decode target of a raw call into a type that is not this
// package's: it accepts an empty 202 or 204, and any JSON value.
type rawOut struct{ v any }

func (*rawOut) emptyBodyOK() {}

func (o *rawOut) decodeBody(data []byte) error {
	if v, ok := o.v.(*json.RawMessage); ok {
		if !json.Valid(data) {
			return fmt.Errorf("the body is not valid JSON")
		}
		*v = append((*v)[:0], data...)
		return nil
	}
	return json.Unmarshal(data, o.v)
}

// checkMethod refuses a method that is not an upper-case HTTP token, so
// that "get" is not sent as a method of its own.
func checkMethod(m string) error {
	if m == "" {
		return fmt.Errorf("%w: empty method", ErrInvalidParam)
	}
	for _, r := range m {
		if r < 'A' || r > 'Z' {
			return fmt.Errorf("%w: method %q is not an upper-case HTTP method", ErrInvalidParam, m)
		}
	}
	return nil
}

// isQueryMethod reports whether a call with method sends its params as a
// query.
func isQueryMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodDelete || m == http.MethodHead
}

// rawPath checks a raw call's path, makes it relative to the base URL and
// escapes each of its segments.
func (c *core) rawPath(path string) (string, error) {
	p, err := escapeRawPath(path)
	if err != nil {
		return "", err
	}
	if strings.HasSuffix(c.baseURL, "/v1") {
		if rest, ok := strings.CutPrefix(p, "/v1"); ok && (rest == "" || rest[0] == '/') {
			if rest == "" {
				return "", fmt.Errorf("%w: path %q names the base URL itself", ErrInvalidParam, path)
			}
			p = rest
		}
	}
	return p, nil
}

// escapeRawPath checks a path and escapes each of its segments.
func escapeRawPath(path string) (string, error) {
	if path == "" {
		return "", fmt.Errorf("%w: empty path", ErrInvalidParam)
	}
	if path[0] != '/' {
		path = "/" + path
	}
	if strings.ContainsAny(path, `?#\`) || strings.IndexFunc(path, unicode.IsControl) >= 0 {
		return "", fmt.Errorf("%w: path %q holds a query, a fragment, a backslash or a control character (pass the query as params)", ErrInvalidParam, path)
	}
	var b strings.Builder
	b.Grow(len(path) + 8)
	for seg := range strings.SplitSeq(path[1:], "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", fmt.Errorf("%w: path %q has an empty, \".\" or \"..\" segment", ErrInvalidParam, path)
		}
		b.WriteByte('/')
		b.WriteString(url.PathEscape(seg))
	}
	return b.String(), nil
}

// valuesBody is the JSON body of a url.Values: one string per key, or an
// array of them for a repeated key.
func valuesBody(v url.Values) map[string]any {
	m := make(map[string]any, len(v))
	for k, vs := range v {
		if len(vs) == 1 {
			m[k] = vs[0]
		} else {
			m[k] = vs
		}
	}
	return m
}
