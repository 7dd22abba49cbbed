package crevio

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The params plumbing, written once for every params type. A params struct
// says what it sends with struct tags, and one codec per type, built by
// reflection on first use and cached, does the rest:
//
//   - Query params (GET and DELETE calls) are the fields tagged `url:"name"`.
//     A pointer field is sent when it is not nil; a slice when it is not
//     empty; any other field always (such fields are required, and the
//     type's validate method says so). Supported: strings and string enum
//     types, integers, bools, floats, time.Time (RFC 3339, or YYYY-MM-DD,
//     the calendar date in the time's own location, with the option
//     `url:"name,date"`), pointers to those, and slices of strings or string
//     enum types (Expand lists), sent as one comma-separated value. A field
//     without a url tag, or tagged `url:"-"`, is not sent in the query. Two
//     names carry the rules every list shares: limit must be 1 to 100, and
//     starting_after must not be empty.
//   - Bodies (POST and PATCH calls) are the JSON encoding of the struct, by
//     its json tags.
//   - Extra, a field of type map[string]any named Extra (tagged `json:"-"`
//     where the type is a body), holds params this version does not model.
//     In a query it is applied last and wins: a string or fmt.Stringer is
//     sent as it is, a []string once per element, nil removes the param,
//     anything else is formatted with fmt.Sprint. In a body its entries are
//     merged into the top-level JSON object and win over the fields; a nil
//     value sends null. A type with its own MarshalJSON places Extra itself.
//
// The pagination cursor of All is not a params field: it is a detail of the
// request, applied here as starting_after over whatever params say.

// paramsCodec is what the plumbing knows about one params struct type.
type paramsCodec struct {
	query []queryField
	// extra is the index of the Extra field, or -1.
	extra int
	// marshalsItself is set when the type implements json.Marshaler: its
	// MarshalJSON places Extra, so the body is sent as it encodes.
	marshalsItself bool
	// err is set when a url-tagged field has a type the encoder cannot send.
	err error
}

// queryField is one url-tagged field.
type queryField struct {
	index int
	name  string
	kind  queryKind
	ptr   bool
	rule  queryRule
}

type queryKind uint8

const (
	queryString queryKind = iota
	queryInt
	queryUint
	queryBool
	queryFloat
	queryTime
	queryDate
	queryList
)

// queryRule is a check on a field's value that its name implies.
type queryRule uint8

const (
	ruleNone queryRule = iota
	ruleLimit
	ruleCursor
)

const (
	queryLimitName  = "limit"
	queryCursorName = "starting_after"
	queryDateLayout = "2006-01-02"
)

var (
	codecs        sync.Map // reflect.Type (a pointer to a params struct) -> *paramsCodec
	timeType      = reflect.TypeFor[time.Time]()
	extraType     = reflect.TypeFor[map[string]any]()
	marshalerType = reflect.TypeFor[json.Marshaler]()
)

// codecOf returns the codec of the params type t, a pointer to a struct.
func codecOf(t reflect.Type) *paramsCodec {
	if c, ok := codecs.Load(t); ok {
		return c.(*paramsCodec)
	}
	c, _ := codecs.LoadOrStore(t, buildCodec(t))
	return c.(*paramsCodec)
}

func buildCodec(pt reflect.Type) *paramsCodec {
	if pt.Kind() != reflect.Pointer || pt.Elem().Kind() != reflect.Struct {
		return &paramsCodec{err: fmt.Errorf("%w: params must be a pointer to a struct, got %s", ErrInvalidParam, pt)}
	}
	t := pt.Elem()
	c := &paramsCodec{extra: -1, marshalsItself: pt.Implements(marshalerType)}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Name == "Extra" && f.Type == extraType {
			c.extra = i
			continue
		}
		tag, ok := f.Tag.Lookup("url")
		if !ok || tag == "-" || !f.IsExported() {
			continue
		}
		name, opt, _ := strings.Cut(tag, ",")
		qf, err := newQueryField(i, name, opt, f.Type)
		if err != nil {
			c.err = fmt.Errorf("crevio: params %s: field %s: %w", t, f.Name, err)
			return c
		}
		c.query = append(c.query, qf)
	}
	return c
}

func newQueryField(index int, name, opt string, t reflect.Type) (queryField, error) {
	qf := queryField{index: index, name: name}
	if name == "" {
		return qf, fmt.Errorf("url tag without a name")
	}
	switch name {
	case queryLimitName:
		qf.rule = ruleLimit
	case queryCursorName:
		qf.rule = ruleCursor
	}
	if t.Kind() == reflect.Pointer {
		qf.ptr, t = true, t.Elem()
	}
	switch {
	case t == timeType && opt == "date":
		qf.kind = queryDate
	case t == timeType && opt == "":
		qf.kind = queryTime
	case opt != "":
		return qf, fmt.Errorf("unknown url tag option %q", opt)
	case t.Kind() == reflect.String:
		qf.kind = queryString
	case t.Kind() == reflect.Bool:
		qf.kind = queryBool
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		qf.kind = queryInt
	case t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64:
		qf.kind = queryUint
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		qf.kind = queryFloat
	case t.Kind() == reflect.Slice && !qf.ptr && t.Elem().Kind() == reflect.String:
		qf.kind = queryList
	default:
		return qf, fmt.Errorf("cannot send %s in a query", t)
	}
	return qf, nil
}

// paramsStruct returns the struct params points to, and its codec. Params
// must be nil or a pointer to a struct.
func paramsStruct(params any) (reflect.Value, *paramsCodec, error) {
	if params == nil {
		return reflect.Value{}, nil, nil
	}
	c := codecOf(reflect.TypeOf(params))
	if c.err != nil {
		return reflect.Value{}, nil, c.err
	}
	v := reflect.ValueOf(params)
	if v.IsNil() {
		return reflect.Value{}, nil, nil
	}
	return v.Elem(), c, nil
}

// encodeQuery returns the query params of params (nil, or a pointer to a
// params struct) with startingAfter, when not empty, as the cursor.
//
// A raw call ([Client.Do], [All]) may also pass a url.Values (sent as it
// is), a map[string]string, or a map[string]any (each value formatted by
// the rules of Extra).
func encodeQuery(params any, startingAfter string) (url.Values, error) {
	switch p := params.(type) {
	case url.Values:
		return mapQuery(p, nil, startingAfter)
	case map[string][]string:
		return mapQuery(p, nil, startingAfter)
	case map[string]string:
		m := make(map[string]any, len(p))
		for k, v := range p {
			m[k] = v
		}
		return mapQuery(nil, m, startingAfter)
	case map[string]any:
		return mapQuery(nil, p, startingAfter)
	}
	v, c, err := paramsStruct(params)
	if err != nil || (c == nil && startingAfter == "") {
		return nil, err // nil params: no query, and no map allocated for it
	}
	q := url.Values{}
	if c != nil {
		for i := range c.query {
			if err := c.query[i].encode(q, v.Field(c.query[i].index)); err != nil {
				return nil, err
			}
		}
	}
	if startingAfter != "" {
		q.Set(queryCursorName, startingAfter)
	}
	if c != nil && c.extra >= 0 {
		if err := encodeExtra(q, v.Field(c.extra).Interface().(map[string]any)); err != nil {
			return nil, err
		}
	}
	return q, nil
}

// mapQuery is the query of a raw call's map params: values are copied as
// they are, fields formatted by the rules of Extra, then the cursor.
func mapQuery(values url.Values, fields map[string]any, startingAfter string) (url.Values, error) {
	q := make(url.Values, len(values)+len(fields)+1)
	for k, vs := range values {
		if k == "" {
			return nil, fmt.Errorf("%w: empty query param name", ErrInvalidParam)
		}
		q[k] = append([]string(nil), vs...)
	}
	if err := encodeExtra(q, fields); err != nil {
		return nil, err
	}
	if startingAfter != "" {
		q.Set(queryCursorName, startingAfter)
	}
	return q, nil
}

// encode adds the field's value v to q, if it is sent.
func (f *queryField) encode(q url.Values, v reflect.Value) error {
	if f.ptr {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	var s string
	switch f.kind {
	case queryString:
		s = v.String()
		if f.rule == ruleCursor && s == "" {
			return fmt.Errorf("%w: %s is empty", ErrInvalidParam, f.name)
		}
	case queryInt:
		n := v.Int()
		if f.rule == ruleLimit && (n < 1 || n > 100) {
			return fmt.Errorf("%w: %s must be between 1 and 100, got %d", ErrInvalidParam, f.name, n)
		}
		s = strconv.FormatInt(n, 10)
	case queryUint:
		s = strconv.FormatUint(v.Uint(), 10)
	case queryBool:
		s = strconv.FormatBool(v.Bool())
	case queryFloat:
		s = strconv.FormatFloat(v.Float(), 'f', -1, v.Type().Bits())
	case queryTime:
		s = v.Addr().Interface().(*time.Time).Format(time.RFC3339Nano)
	case queryDate:
		s = v.Addr().Interface().(*time.Time).Format(queryDateLayout)
	case queryList:
		n := v.Len()
		if n == 0 {
			return nil
		}
		if n == 1 {
			s = v.Index(0).String()
			break
		}
		size := n - 1
		for i := range n {
			size += v.Index(i).Len()
		}
		var b strings.Builder
		b.Grow(size)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(v.Index(i).String())
		}
		s = b.String()
	}
	q.Set(f.name, s)
	return nil
}

// encodeExtra adds Extra to q, by the rules in the comment at the top (it
// also encodes the form fields of a file upload).
func encodeExtra(q url.Values, extra map[string]any) error {
	for k, v := range extra {
		if k == "" {
			return fmt.Errorf("%w: empty Extra key", ErrInvalidParam)
		}
		switch v := v.(type) {
		case nil:
			q.Del(k)
		case string:
			q.Set(k, v)
		case []string:
			q[k] = append([]string(nil), v...)
		case json.RawMessage:
			// Its JSON text, with either encoding/json (under
			// GOEXPERIMENT=jsonv2 it is a jsontext.Value, a Stringer).
			q.Set(k, string(v))
		case fmt.Stringer:
			q.Set(k, v.String())
		default:
			q.Set(k, fmt.Sprint(v))
		}
	}
	return nil
}

// bodyExtra returns the Extra map to merge into the JSON body of params, or
// nil when there is none (or the type's MarshalJSON places it). Only params
// structs have Extra: any other body of a raw call is sent as it encodes.
func bodyExtra(params any) (map[string]any, error) {
	if t := reflect.TypeOf(params); t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return nil, nil
	}
	v, c, err := paramsStruct(params)
	if err != nil || c == nil || c.extra < 0 || c.marshalsItself {
		return nil, err
	}
	return v.Field(c.extra).Interface().(map[string]any), nil
}
