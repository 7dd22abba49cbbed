package crevio

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServiceMethodShape holds every exported method of every service
// reachable from Client to one shape:
//
//	(ctx context.Context, [id string, ...] params *XParams, opts ...RequestOption) (*T, error)
//
// (All returns iter.Seq2[*T, error] instead), so a params argument never has
// to be added later, and every params type to what the shared plumbing
// needs: an Extra map, url tags the query encoder can send, and no JSON name
// for Extra.
func TestServiceMethodShape(t *testing.T) {
	ctxType := reflect.TypeFor[context.Context]()
	optsType := reflect.TypeFor[[]RequestOption]()
	errType := reflect.TypeFor[error]()

	params := map[reflect.Type]bool{}
	services, methods := 0, 0
	client := reflect.TypeFor[Client]()
	for i := range client.NumField() {
		f := client.Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer || !strings.HasSuffix(f.Type.Elem().Name(), "Service") {
			continue
		}
		services++
		svc := f.Type
		for j := range svc.NumMethod() {
			m := svc.Method(j)
			methods++
			name := svc.Elem().Name() + "." + m.Name
			ft := m.Type // the receiver is In(0)
			n := ft.NumIn()
			if !assert.GreaterOrEqual(t, n, 4, "%s: want (ctx, [ids,] params, opts...)", name) {
				continue
			}
			assert.Equal(t, ctxType, ft.In(1), "%s: the first argument must be a context.Context", name)
			for k := 2; k < n-2; k++ {
				assert.Equal(t, reflect.String, ft.In(k).Kind(), "%s: argument %d: only string ids may come before params", name, k)
			}
			p := ft.In(n - 2)
			if assert.True(t, p.Kind() == reflect.Pointer && p.Elem().Kind() == reflect.Struct && strings.HasSuffix(p.Elem().Name(), "Params"),
				"%s: the argument before the options must be a pointer to a ...Params struct, got %s", name, p) {
				params[p.Elem()] = true
			}
			assert.True(t, ft.IsVariadic() && ft.In(n-1) == optsType, "%s: the last argument must be opts ...RequestOption", name)

			if m.Name == "All" {
				assert.True(t, isSeq2OfPointerAndError(ft), "%s: want iter.Seq2[*T, error], got %v", name, ft)
				list, ok := svc.MethodByName("List")
				if assert.True(t, ok, "%s without List", name) {
					assert.Equal(t, p, list.Type.In(n-2), "%s and List must take the same params", name)
				}
				continue
			}
			if assert.Equal(t, 2, ft.NumOut(), "%s: want (*T, error)", name) {
				assert.Equal(t, reflect.Pointer, ft.Out(0).Kind(), "%s: the first result must be a pointer", name)
				assert.Equal(t, errType, ft.Out(1), "%s: the second result must be an error", name)
			}
		}
	}
	require.Greater(t, services, 25, "services found through Client's fields")
	require.Greater(t, methods, 90, "methods found")

	extraType := reflect.TypeFor[map[string]any]()
	for p := range params {
		c := codecOf(reflect.PointerTo(p))
		assert.NoError(t, c.err, "%s: the query encoder cannot send one of its url fields", p.Name())
		extra, ok := p.FieldByName("Extra")
		if !assert.True(t, ok && extra.Type == extraType, "%s: want an Extra map[string]any field", p.Name()) {
			continue
		}
		hasJSON := false
		for i := range p.NumField() {
			if _, ok := p.Field(i).Tag.Lookup("json"); ok {
				hasJSON = true
			}
		}
		if hasJSON {
			assert.Equal(t, "-", extra.Tag.Get("json"), "%s: Extra is merged into the body, not a JSON field", p.Name())
		}
	}
}

// isSeq2OfPointerAndError reports whether method type ft returns exactly
// one func(yield func(*T, error) bool), that is iter.Seq2[*T, error].
func isSeq2OfPointerAndError(ft reflect.Type) bool {
	if ft.NumOut() != 1 {
		return false
	}
	seq := ft.Out(0)
	if seq.Kind() != reflect.Func || seq.NumIn() != 1 || seq.NumOut() != 0 {
		return false
	}
	yield := seq.In(0)
	return yield.Kind() == reflect.Func && yield.NumIn() == 2 && yield.NumOut() == 1 &&
		yield.In(0).Kind() == reflect.Pointer && yield.In(1) == reflect.TypeFor[error]() &&
		yield.Out(0).Kind() == reflect.Bool
}
