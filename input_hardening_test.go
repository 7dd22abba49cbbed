package crevio

import (
	"context"
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// idMethods returns every service method whose first argument after the
// context is an id, so hostile ids are tried against all of them, including
// services added later.
func idMethods(c *Client) map[string]reflect.Value {
	out := map[string]reflect.Value{}
	cv := reflect.ValueOf(c).Elem()
	ctxType := reflect.TypeFor[context.Context]()
	for i := range cv.NumField() {
		f := cv.Field(i)
		if !cv.Type().Field(i).IsExported() || f.Kind() != reflect.Pointer {
			continue
		}
		for j := range f.NumMethod() {
			m := f.Method(j)
			mt := m.Type()
			if mt.NumIn() < 2 || mt.In(0) != ctxType || mt.In(1).Kind() != reflect.String {
				continue
			}
			out[cv.Type().Field(i).Name+"."+f.Type().Method(j).Name] = m
		}
	}
	return out
}

// callWithID calls m with ctx, id, empty params and zero values for
// everything else.
func callWithID(m reflect.Value, id string) error {
	mt := m.Type()
	args := []reflect.Value{reflect.ValueOf(context.Background()), reflect.ValueOf(id)}
	for k := 2; k < mt.NumIn(); k++ {
		if mt.IsVariadic() && k == mt.NumIn()-1 {
			break
		}
		// A non-nil, empty params struct: methods that refuse nil params
		// then still check the id (before the params' own rules).
		if in := mt.In(k); in.Kind() == reflect.Pointer && in.Elem().Kind() == reflect.Struct {
			args = append(args, reflect.New(in.Elem()))
			continue
		}
		args = append(args, reflect.Zero(mt.In(k)))
	}
	out := m.Call(args)
	if err, _ := out[len(out)-1].Interface().(error); err != nil {
		return err
	}
	return nil
}

func TestHostileIDsNeverReachAnotherPath(t *testing.T) {
	r := newRecorder(t)
	c := r.client(WithMaxRetries(0))
	methods := idMethods(c)
	require.GreaterOrEqual(t, len(methods), 3, "found the id methods")

	for name, m := range methods {
		for _, id := range []string{"", ".", "..", "../x", "a/b", "/", `a\b`, "x\n", "x\x00"} {
			err := callWithID(m, id)
			// Methods with required params may refuse those first; either
			// way nothing is sent.
			if !errors.Is(err, ErrInvalidParam) {
				assert.ErrorIs(t, err, ErrInvalidID, "%s(%q)", name, id)
			}
		}
	}
	assert.Empty(t, r.requests(), "refused ids must not reach the network")

	for name, m := range methods {
		for _, id := range []string{"a?b=c", "a#frag", "a b", "café☕", "%2e%2e", "prod_1;x", "..."} {
			before := len(r.requests())
			// The recorder's {} may not decode for every method; the wire is
			// what matters. Methods whose nil params are refused are skipped.
			if err := callWithID(m, id); errors.Is(err, ErrInvalidParam) {
				continue
			}
			reqs := r.requests()
			require.Len(t, reqs, before+1, "%s(%q) sent one request", name, id)
			got := reqs[len(reqs)-1]
			found := false
			for _, seg := range strings.Split(got.Path, "/") {
				if un, err := url.PathUnescape(seg); err == nil && un == id {
					found = true
				}
			}
			assert.True(t, found, "%s(%q): the id is one escaped path segment in %q", name, id, got.Path)
			assert.NotContains(t, got.RawQuery, "b=c", "%s(%q) leaked into the query", name, id)
		}
	}
	t.Logf("hostile ids tried against %d id-taking methods", len(methods))
}
