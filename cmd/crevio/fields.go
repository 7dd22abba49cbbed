package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A params struct says what it sends with its tags: `url:"name"` for the
// query of a GET or DELETE, `json:"name"` for a body, Extra for what the
// SDK does not model. Each tagged (or, for a multipart upload, untagged)
// exported field becomes a flag named after its wire name, and -d key=value
// sets any field by wire name, or Extra.

// fieldKind is how a flag's text becomes the field's value.
type fieldKind uint8

const (
	kindString fieldKind = iota
	kindInt
	kindFloat
	kindBool
	kindTime
	kindDuration // a time.Duration: 2s, 500ms
	kindList     // []string or []E: comma-separated
	kindJSON     // a struct, a slice of structs, a map: JSON text
	kindReader   // an io.Reader: a file path, or - for standard input
)

// field is one settable field of a params struct.
type field struct {
	goName   string
	wire     string // the name on the wire: "starting_after"
	flag     string // the flag: "starting-after"
	index    int
	kind     fieldKind
	enum     string // the named string type of an enum field: "ProductStatus"
	nullable bool   // a crevio.Nullable: -d name:=null clears it
	required bool   // a value field without omitempty: the API wants it
	query    bool   // sent in the query (url tag)
	date     bool   // a query date: YYYY-MM-DD
}

var (
	timeType     = reflect.TypeFor[time.Time]()
	durationType = reflect.TypeFor[time.Duration]()
	readerType   = reflect.TypeFor[io.Reader]()
)

// paramFields returns the settable fields of params struct t.
func paramFields(t reflect.Type) []*field {
	var out []*field
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() || sf.Name == "Extra" {
			continue
		}
		f := &field{goName: sf.Name, index: i}
		var opts []string
		if tag, ok := sf.Tag.Lookup("url"); ok {
			name, rest, _ := strings.Cut(tag, ",")
			if name == "-" {
				continue
			}
			f.wire, f.query, f.date = name, true, rest == "date"
			opts = strings.Split(rest, ",")
		} else if tag, ok := sf.Tag.Lookup("json"); ok {
			name, rest, _ := strings.Cut(tag, ",")
			if name == "-" {
				continue
			}
			f.wire = name
			opts = strings.Split(rest, ",")
		}
		if f.wire == "" {
			f.wire = strings.ReplaceAll(kebab(sf.Name), "-", "_")
		}
		f.flag = strings.ReplaceAll(f.wire, "_", "-")
		base := sf.Type
		if isNullable(base) {
			f.nullable = true
			base = nullableElem(base)
		}
		ptr := base.Kind() == reflect.Pointer
		if ptr {
			base = base.Elem()
		}
		f.kind, f.enum = kindOf(base)
		if f.kind == kindReader {
			f.flag, f.wire = "file", "file"
		}
		f.required = !ptr && !f.nullable && !slices.Contains(opts, "omitempty") && !slices.Contains(opts, "omitzero") &&
			f.kind != kindReader && (f.kind != kindList && f.kind != kindJSON || !f.query)
		if sf.Tag.Get("url") == "" && sf.Tag.Get("json") == "" {
			// Untagged fields (a multipart upload's): Filename and
			// ContentType are optional, Reader is the file.
			f.required = false
		}
		out = append(out, f)
	}
	return out
}

// isNullable reports whether t is a crevio.Nullable[T].
func isNullable(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && strings.HasPrefix(t.Name(), "Nullable[") &&
		t.PkgPath() == clientType.PkgPath()
}

// nullableElem returns T of crevio.Nullable[T], from its Get method.
func nullableElem(t reflect.Type) reflect.Type {
	m, ok := t.MethodByName("Get")
	if !ok || m.Type.NumOut() == 0 {
		return t
	}
	return m.Type.Out(0)
}

// kindOf returns how a field of type t is set, and its enum type name.
func kindOf(t reflect.Type) (fieldKind, string) {
	enum := ""
	if t.Kind() == reflect.String && t.PkgPath() != "" {
		enum = t.Name()
	}
	switch {
	case t == timeType:
		return kindTime, ""
	case t == readerType:
		return kindReader, ""
	case t == durationType:
		return kindDuration, ""
	case t.Kind() == reflect.String:
		return kindString, enum
	case t.Kind() == reflect.Bool:
		return kindBool, ""
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return kindInt, ""
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return kindFloat, ""
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		if t.Elem().PkgPath() != "" {
			enum = t.Elem().Name()
		}
		return kindList, enum
	}
	return kindJSON, ""
}

// typeWord is the placeholder of a field's flag in help.
func (f *field) typeWord() string {
	switch f.kind {
	case kindInt:
		return "int"
	case kindFloat:
		return "number"
	case kindBool:
		return ""
	case kindTime:
		if f.date {
			return "date"
		}
		return "time"
	case kindDuration:
		return "duration"
	case kindList:
		return "list"
	case kindJSON:
		return "json"
	case kindReader:
		return "path"
	}
	return "string"
}

// toJSON turns a flag's text into the JSON of the field's value.
func (f *field) toJSON(s string) ([]byte, error) {
	switch f.kind {
	case kindString:
		return json.Marshal(s)
	case kindInt:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("want an integer, got %q", s)
		}
		return strconv.AppendInt(nil, n, 10), nil
	case kindFloat:
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, fmt.Errorf("want a number, got %q", s)
		}
		return json.Marshal(x)
	case kindBool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("want true or false, got %q", s)
		}
		return json.Marshal(b)
	case kindTime:
		t, err := parseTime(s)
		if err != nil {
			return nil, err
		}
		return json.Marshal(t)
	case kindDuration:
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("want a duration such as 2s or 500ms, got %q", s)
		}
		return strconv.AppendInt(nil, int64(d), 10), nil
	case kindList:
		items := []string{}
		for _, it := range strings.Split(s, ",") {
			if it = strings.TrimSpace(it); it != "" {
				items = append(items, it)
			}
		}
		return json.Marshal(items)
	case kindJSON:
		if !json.Valid([]byte(s)) {
			return nil, fmt.Errorf("want JSON, got %q", s)
		}
		return []byte(s), nil
	}
	return nil, fmt.Errorf("cannot be set from text")
}

// parseTime reads RFC 3339 (2026-05-01T10:00:00Z), a date (2026-05-01,
// midnight UTC) or a Unix time in seconds.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("want a time (2026-05-01T10:00:00Z, 2026-05-01 or Unix seconds), got %q", s)
}

// set decodes the JSON value b into field f of params (a pointer to the
// struct).
func (f *field) set(params reflect.Value, b []byte) error {
	fv := params.Elem().Field(f.index)
	if f.kind == kindReader {
		return fmt.Errorf("give a file path")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(fv.Addr().Interface()); err != nil {
		return fmt.Errorf("%s: %w", f.wire, cleanJSONError(err))
	}
	return nil
}

// cleanJSONError shortens encoding/json's messages, which name Go types.
func cleanJSONError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("a JSON %s cannot go in this field", te.Value)
	}
	return err
}

// fieldByWire returns the field whose wire name is name, or nil.
func fieldByWire(fields []*field, name string) *field {
	for _, f := range fields {
		if f.wire == name {
			return f
		}
	}
	return nil
}

// data is what -d and --data-json give: a JSON object. Keys are wire
// names; a dotted key (metadata.plan) is a nested object. --data-json
// objects are merged as they come, and the -d pairs, queued by queuePair,
// over them all by applyPairs, so -d wins wherever it is on the line.
type data struct {
	obj   map[string]any
	typed map[string]bool // top-level keys whose value came from key=value text
	pairs []string        // the -d arguments, in order, not applied yet
}

func newData() *data { return &data{obj: map[string]any{}, typed: map[string]bool{}} }

// queuePair queues one -d argument for applyPairs.
func (d *data) queuePair(arg string) error {
	d.pairs = append(d.pairs, arg)
	return nil
}

// applyPairs applies the queued -d arguments, in order, over what
// --data-json gave.
func (d *data) applyPairs() error {
	pairs := d.pairs
	d.pairs = nil
	for _, arg := range pairs {
		if err := d.addPair(arg); err != nil {
			return err
		}
	}
	return nil
}

// addPair reads one -d argument: key=value (a string, or the field's type
// when key is a field of the params), or key:=json (any JSON value).
func (d *data) addPair(arg string) error {
	var (
		key string
		val any
		raw bool
	)
	if k, v, ok := strings.Cut(arg, "="); ok {
		if strings.HasSuffix(k, ":") {
			key, raw = strings.TrimSuffix(k, ":"), true
			parsed, err := decodeJSON([]byte(v))
			if err != nil {
				return fmt.Errorf("-d %s: the value after := must be JSON: %v", key, err)
			}
			val = parsed
		} else {
			key, val = k, v
		}
	} else {
		return fmt.Errorf("-d %q: want key=value or key:=json", arg)
	}
	if key == "" {
		return fmt.Errorf("-d %q: empty key", arg)
	}
	parts := strings.Split(key, ".")
	m := d.obj
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	last := parts[len(parts)-1]
	m[last] = val
	if len(parts) == 1 {
		d.typed[last] = !raw
	} else {
		delete(d.typed, parts[0])
	}
	return nil
}

// addJSON merges a JSON object (--data-json) into d.
func (d *data) addJSON(text []byte) error {
	v, err := decodeJSON(text)
	if err != nil {
		return fmt.Errorf("--data-json: %v", err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("--data-json: want a JSON object")
	}
	for k, v := range obj {
		d.obj[k] = v
		delete(d.typed, k)
	}
	return nil
}

// decodeJSON decodes one JSON value, keeping numbers exact.
func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("more than one JSON value")
	}
	return v, nil
}

// readDataJSON reads --data-json's argument: JSON text, @file, or @- for
// standard input.
func readDataJSON(arg string, stdin io.Reader) ([]byte, error) {
	switch {
	case arg == "@-":
		return io.ReadAll(stdin)
	case strings.HasPrefix(arg, "@"):
		return os.ReadFile(arg[1:])
	}
	return []byte(arg), nil
}

// apply sets params (a pointer to a params struct) from d: keys naming a
// field set it; the others go to Extra, in the form a query (or a
// multipart form) sends well when flat is set.
func (d *data) apply(params reflect.Value, fields []*field, flat bool) error {
	keys := make([]string, 0, len(d.obj))
	for k := range d.obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := d.obj[k]
		f := fieldByWire(fields, k)
		if f == nil || f.kind == kindReader {
			if err := setExtra(params, k, v, flat); err != nil {
				return err
			}
			continue
		}
		var b []byte
		var err error
		if s, ok := v.(string); ok && d.typed[k] {
			b, err = f.toJSON(s)
		} else {
			b, err = json.Marshal(v)
		}
		if err == nil {
			err = f.set(params, b)
		}
		if err != nil {
			return fmt.Errorf("-d %s: %v", k, err)
		}
	}
	return nil
}

// setExtra puts one value in the params' Extra map. In a query, a JSON
// array of strings is sent once per element and other values as their text.
func setExtra(params reflect.Value, key string, v any, flat bool) error {
	ev := params.Elem().FieldByName("Extra")
	if !ev.IsValid() || ev.Kind() != reflect.Map {
		return fmt.Errorf("-d %s: these params take no extra fields", key)
	}
	if ev.IsNil() {
		ev.Set(reflect.MakeMap(ev.Type()))
	}
	if flat {
		v = queryValue(v)
	}
	ev.SetMapIndex(reflect.ValueOf(key), reflect.ValueOf(&v).Elem())
	return nil
}

// queryValue is the form of a JSON value the query encoder sends well.
func queryValue(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			out[i] = fmt.Sprint(queryValue(e))
		}
		return out
	case map[string]any:
		b, _ := json.Marshal(x)
		return string(b)
	case nil:
		return nil
	}
	return fmt.Sprint(v)
}
