package crevio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Expandable is a related object: its ID always, and the full object when the
// call asked for it with Expand. It decodes from an id string or an object.
//
//	if cust, ok := order.Customer.Expanded(); ok {
//		fmt.Println(cust.Email)
//	}
type Expandable[T any] struct {
	// ID is the related object's id. It is set in both forms.
	ID string
	// Object is the related object when it was expanded, else nil.
	Object *T
}

// Expanded returns the full object and true when it was expanded.
func (e Expandable[T]) Expanded() (*T, bool) { return e.Object, e.Object != nil }

// IsZero reports whether the field was absent or null.
func (e Expandable[T]) IsZero() bool { return e.ID == "" && e.Object == nil }

// UnmarshalJSON accepts null, an id string or a full object.
func (e *Expandable[T]) UnmarshalJSON(b []byte) error {
	*e = Expandable[T]{}
	switch {
	case len(b) == 0 || string(b) == "null":
		return nil
	case b[0] == '"':
		// Ids are plain ASCII: take them as they are; anything else (escapes,
		// non-ASCII, invalid UTF-8) goes through the JSON decoder.
		if id, ok := plainJSONString(b); ok {
			e.ID = id
			return nil
		}
		return json.Unmarshal(b, &e.ID)
	case b[0] == '{':
		obj := new(T)
		if !decodeFast(b, obj, nil) {
			*obj = *new(T)
			if err := json.Unmarshal(b, obj); err != nil {
				return err
			}
			if r, ok := any(obj).(rawSetter); ok {
				r.setRawJSON(bytes.Clone(b))
			}
		}
		if o, ok := any(obj).(identified); ok {
			e.ID = o.objectID()
		}
		e.Object = obj
		return nil
	}
	return fmt.Errorf("crevio: expandable field: want an id or an object, got %.20s", b)
}

func (*Expandable[T]) expandableElem() reflect.Type { return reflect.TypeFor[T]() }

// plainJSONString returns the text of a JSON string literal made of
// printable ASCII other than '"' and '\\', which decodes to exactly its bytes.
func plainJSONString(b []byte) (string, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", false
	}
	for _, c := range b[1 : len(b)-1] {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return "", false
		}
	}
	return string(b[1 : len(b)-1]), true
}

// MarshalJSON writes the object when expanded, else the id, else null.
func (e Expandable[T]) MarshalJSON() ([]byte, error) {
	switch {
	case e.Object != nil:
		return json.Marshal(e.Object)
	case e.ID != "":
		return json.Marshal(e.ID)
	}
	return []byte("null"), nil
}

// Nullable is a params field the API lets you clear. Its zero value leaves
// the field out of the request; [Null] sends JSON null (clears it);
// [NullableValue] sends a value. Use it with the `omitzero` JSON option.
type Nullable[T any] struct {
	value T
	state nullState
}

type nullState uint8

const (
	nullUnset nullState = iota
	nullNull
	nullValue
)

// Null returns a Nullable that sends JSON null, clearing the field.
func Null[T any]() Nullable[T] { return Nullable[T]{state: nullNull} }

// NullableValue returns a Nullable that sends v.
func NullableValue[T any](v T) Nullable[T] { return Nullable[T]{value: v, state: nullValue} }

// IsZero reports whether the field is unset (and so left out of the request).
func (n Nullable[T]) IsZero() bool { return n.state == nullUnset }

// IsNull reports whether the field is set to null.
func (n Nullable[T]) IsNull() bool { return n.state == nullNull }

// Get returns the value and whether one is set.
func (n Nullable[T]) Get() (T, bool) { return n.value, n.state == nullValue }

// MarshalJSON writes the value, or null when unset or null.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.state != nullValue {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON reads null or a value.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*n = NullableValue(v)
	return nil
}

// Time is a timestamp from the API. It decodes RFC 3339 (with or without
// fractional seconds or a zone) and plain dates leniently: null, "" or a
// value it cannot read leave it zero rather than failing the whole response
// (the original text stays in the object's RawJSON). It embeds time.Time, so
// t.Before, t.Format and the rest work directly.
type Time struct {
	time.Time
}

var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02"}

// UnmarshalJSON reads a timestamp string (or a number of Unix seconds).
func (t *Time) UnmarshalJSON(b []byte) error {
	t.Time = time.Time{}
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	// The common case, strict RFC 3339, without allocating.
	if b[0] == '"' && t.Time.UnmarshalJSON(b) == nil {
		return nil
	}
	t.Time = time.Time{}
	if b[0] != '"' {
		if secs, err := strconv.ParseInt(string(b), 10, 64); err == nil {
			t.Time = time.Unix(secs, 0).UTC()
		}
		return nil
	}
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return nil
	}
	for _, layout := range timeLayouts {
		if v, err := time.Parse(layout, s); err == nil {
			t.Time = v
			return nil
		}
	}
	return nil
}

// MarshalJSON writes RFC 3339, or null for the zero time.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + t.Format(time.RFC3339Nano) + `"`), nil
}

// oneOf reports whether v is one of known; every enum's IsKnown uses it.
func oneOf[E ~string](v E, known ...E) bool {
	return slices.Contains(known, v)
}

// Deleted is the API's answer to a delete: {"id", "object", "deleted": true}.
type Deleted struct {
	// ID is the id of the deleted object.
	ID string `json:"id"`
	// Object is the deleted object's type, such as "product".
	Object string `json:"object"`
	// Deleted is true when the object is gone.
	Deleted bool `json:"deleted"`
}

func (*Deleted) emptyBodyOK() {}

// checkBody refuses an answer that does not confirm the delete, such as
// {"deleted": false}: only "deleted": true (or an empty 202 or 204) is a
// successful delete.
func (d *Deleted) checkBody() error {
	if !d.Deleted {
		return errors.New(`the answer does not confirm the delete ("deleted" is not true)`)
	}
	return nil
}

// objectMeta is embedded in every API object to give it RawJSON (each type
// declares its own RawJSON method, in rawjson.go) without keeping the
// response: an object decoded by this package keeps only the members it
// cannot rebuild from its fields, copied, so a kept object holds on to no
// page and no body. [Product.RawJSON] states the contract.
type objectMeta struct {
	// raw is the whole object as received (metaWhole), or the members kept
	// as received, comma-separated (metaRebuilt).
	raw []byte `json:"-"` // the tag lets encoding/json/v2 accept the type
	// fields has bit i set for each field of the type's plan (see
	// decode.go) that RawJSON rebuilds (metaRebuilt).
	fields uint64
	state  metaState
}

// metaState is what an objectMeta holds.
type metaState uint8

const (
	metaNone    metaState = iota // built in code: RawJSON is nil
	metaWhole                    // raw is the object as received
	metaRebuilt                  // RawJSON rebuilds fields and appends raw
)

func (m *objectMeta) metaPtr() *objectMeta { return m }

// setRawJSON makes b, the object as received, its RawJSON.
func (m *objectMeta) setRawJSON(b []byte) { *m = objectMeta{raw: b, state: metaWhole} }

// rawSetter is implemented by every API object (through objectMeta).
type rawSetter interface{ setRawJSON([]byte) }

// identified is implemented by every API object with an id.
type identified interface{ objectID() string }

// pathID checks an id (or slug) and escapes it for use as one path segment.
// An id that could name another path ("", ".", "..", anything with a slash)
// is refused before any I/O.
func pathID(id string) (string, error) {
	switch {
	case id == "":
		return "", fmt.Errorf("%w: empty id", ErrInvalidID)
	case id == "." || id == "..":
		return "", fmt.Errorf("%w: %q", ErrInvalidID, id)
	case strings.ContainsAny(id, `/\`):
		return "", fmt.Errorf("%w: %q contains a slash", ErrInvalidID, id)
	case strings.IndexFunc(id, unicode.IsControl) >= 0:
		return "", fmt.Errorf("%w: %q contains a control character", ErrInvalidID, id)
	}
	return url.PathEscape(id), nil
}

// errRequired reports a missing required param.
func errRequired(name string) error {
	return fmt.Errorf("%w: %s is required", ErrInvalidParam, name)
}
