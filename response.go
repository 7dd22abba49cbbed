package crevio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
)

func statusOf(resp *http.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

var (
	errBodyTooLarge = errors.New("response body exceeds the configured maximum size")
	errBodyRead     = errors.New("reading response body")
)

// readBody reads and closes the response body, within the size cap. A body
// of known length is read into one buffer of exactly that size. It is the
// request's response handler, so it runs inside the retry loop and a body
// cut short on an idempotent call is retried. (It is bound to the attempt
// rather than found through resp.Request, which a test transport may leave
// nil.)
func (a *attempt) readBody(resp *http.Response) error {
	defer resp.Body.Close()
	if a.method == http.MethodHead {
		// The answer has no body, whatever its Content-Length says.
		a.data, a.readErr = []byte{}, nil
		return nil
	}
	limit := a.c.maxResponseBytes
	var data []byte
	var err error
	switch cl := resp.ContentLength; {
	case cl > limit:
		err = fmt.Errorf("%w (%d bytes)", errBodyTooLarge, limit)
	case cl >= 0:
		data = make([]byte, cl)
		if _, rerr := io.ReadFull(resp.Body, data); rerr != nil {
			err = fmt.Errorf("%w: %w", errBodyRead, rerr)
		}
	default:
		// io.ReadAll returns a slice of exactly the body's size (since Go
		// 1.26, with less copying than a growing bytes.Buffer).
		var rerr error
		data, rerr = io.ReadAll(io.LimitReader(resp.Body, limit+1))
		switch {
		case rerr != nil:
			err = fmt.Errorf("%w: %w", errBodyRead, rerr)
		case int64(len(data)) > limit:
			err = fmt.Errorf("%w (%d bytes)", errBodyTooLarge, limit)
		}
	}
	if err != nil {
		a.data, a.readErr = nil, err
		return err
	}
	if data == nil {
		data = []byte{}
	}
	a.data, a.readErr = data, nil
	return nil
}

// decodeBody decodes a 2xx body into out and keeps its raw JSON.
func decodeBody(resp *http.Response, data []byte, out any) error {
	fail := func(err error) error {
		return &DecodeError{
			StatusCode:  resp.StatusCode,
			ContentType: resp.Header.Get("Content-Type"),
			RequestID:   requestIDFrom(resp.Header),
			Body:        clip(data),
			Err:         err,
		}
	}
	if r, ok := out.(interface{ setRequestID(string) }); ok {
		defer r.setRequestID(requestIDFrom(resp.Header))
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || isEmptyObject(trimmed) {
		// Types that may come back empty (a delete, a queued email) accept
		// an empty 202 or 204; the caller fills what it knows.
		if _, ok := out.(interface{ emptyBodyOK() }); ok &&
			(resp.StatusCode == http.StatusNoContent || resp.StatusCode == http.StatusAccepted) {
			return nil
		}
		if len(trimmed) == 0 {
			return fail(errors.New("empty body"))
		}
	}
	if d, ok := out.(bodyDecoder); ok {
		if err := d.decodeBody(data); err != nil {
			return fail(err)
		}
		return nil
	}
	if trimmed[0] != '{' {
		return fail(errors.New("body is not a JSON object"))
	}
	if err := decodeObject(data, out); err != nil {
		return fail(err)
	}
	if err := checkObject(out, trimmed); err != nil {
		return fail(err)
	}
	return nil
}

// decodeObject decodes data into out, a pointer to a fresh value, in one
// pass (decodeFast), or, for a body that pass leaves to encoding/json, with
// json.Unmarshal; an API object decoded that way keeps data as its RawJSON.
func decodeObject(data []byte, out any) error {
	if decodeFast(data, out, nil) {
		return nil
	}
	reflect.ValueOf(out).Elem().SetZero()
	if err := json.Unmarshal(data, out); err != nil {
		return err
	}
	if r, ok := out.(rawSetter); ok {
		r.setRawJSON(data)
	}
	return nil
}

// isEmptyObject reports whether b (trimmed) is the JSON object {}.
func isEmptyObject(b []byte) bool {
	return len(b) >= 2 && b[0] == '{' && b[len(b)-1] == '}' && len(bytes.TrimSpace(b[1:len(b)-1])) == 0
}

// checkObject refuses a decoded 2xx body that is not the object it should
// be, so that a call never returns a zero-valued success: an object type
// with an id must have one (which also refuses {} and an error envelope);
// one without an id, or whose id the API may leave out, must not be empty
// or an error envelope; a type with its own rule (a delete's answer) applies
// it.
func checkObject(out any, body []byte) error {
	if c, ok := out.(bodyChecker); ok {
		return c.checkBody()
	}
	if o, ok := out.(identified); ok {
		if !idOptional(out) {
			if o.objectID() == "" {
				return errors.New("the object has no id")
			}
			return nil
		}
	}
	if isEmptyObject(body) {
		return errors.New("the body is an empty object")
	}
	var env struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &env) == nil && len(env.Error) > 0 && string(env.Error) != "null" {
		return errors.New("the body is an error envelope")
	}
	return nil
}

// bodyChecker is implemented by response types that check their decoded
// body themselves.
type bodyChecker interface{ checkBody() error }

// idOptional reports whether out is an object type with an id that the API
// may leave out: the account (a singleton, whose id the reference infers)
// and a sent email (whose answer the reference infers).
func idOptional(out any) bool {
	switch out.(type) {
	case *Account, *Email:
		return true
	}
	return false
}

// bodyDecoder is implemented by response types that decode themselves in one
// pass (list pages).
type bodyDecoder interface {
	decodeBody(data []byte) error
}
