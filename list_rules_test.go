package crevio

import (
	"context"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryListRefusesBadPaging calls every List method of every service
// (found by reflection, so a new resource is covered without a test of its
// own) with a limit out of 1..100 and an empty starting_after: each is
// refused with ErrInvalidParam before any I/O. The per-resource tests keep
// only what is specific to their resource.
func TestEveryListRefusesBadPaging(t *testing.T) {
	r := newRecorder(t)
	c := r.client(WithMaxRetries(0))
	ctxType := reflect.TypeFor[context.Context]()
	cv := reflect.ValueOf(c).Elem()
	lists := 0
	for i := range cv.NumField() {
		f := cv.Field(i)
		if !cv.Type().Field(i).IsExported() || f.Kind() != reflect.Pointer {
			continue
		}
		m := f.MethodByName("List")
		if !m.IsValid() {
			continue
		}
		mt := m.Type()
		require.Equal(t, ctxType, mt.In(0))
		pt := mt.In(1)
		require.Equal(t, reflect.Pointer, pt.Kind(), "%s.List params", cv.Type().Field(i).Name)
		limit, okL := pt.Elem().FieldByName("Limit")
		cursor, okC := pt.Elem().FieldByName("StartingAfter")
		require.True(t, okL && okC, "%s.List params have Limit and StartingAfter", cv.Type().Field(i).Name)
		lists++
		bad := map[string]func(p reflect.Value){
			"limit 0":   func(p reflect.Value) { p.FieldByIndex(limit.Index).Set(reflect.ValueOf(Ptr(0))) },
			"limit -1":  func(p reflect.Value) { p.FieldByIndex(limit.Index).Set(reflect.ValueOf(Ptr(-1))) },
			"limit 101": func(p reflect.Value) { p.FieldByIndex(limit.Index).Set(reflect.ValueOf(Ptr(101))) },
			"empty starting_after": func(p reflect.Value) {
				p.FieldByIndex(cursor.Index).Set(reflect.ValueOf(Ptr("")))
			},
		}
		for name, set := range bad {
			p := reflect.New(pt.Elem())
			set(p.Elem())
			out := m.Call([]reflect.Value{reflect.ValueOf(bg), p})
			err, _ := out[len(out)-1].Interface().(error)
			assert.ErrorIs(t, err, ErrInvalidParam, "%s.List with %s", cv.Type().Field(i).Name, name)
		}
	}
	assert.GreaterOrEqual(t, lists, 20, "found the List methods")
	assert.Empty(t, r.requests(), "invalid paging must not reach the network")
}
