package crevio

import (
	"bytes"
	"encoding"
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// This file is the SDK's JSON decoder for its own response types. It reads
// a body in one validating pass, straight into the types (an Expandable
// field from either form, a Time without a second parse), and learns as it
// goes what each API object needs for RawJSON: which members it can rebuild
// from its fields and which it must keep as received.
//
// It gives exactly the result of encoding/json's Unmarshal or nothing: on
// anything it does not handle itself (invalid JSON, a value of the wrong
// type, a repeated or case-folded member name, an escaped member name,
// invalid UTF-8, a number out of range, deep nesting, a type with options it
// does not know) it reports failure, and the caller decodes the body again
// with encoding/json, so that the result, and the error, are encoding/json's.
// Types with their own UnmarshalJSON (other than Expandable and Time), maps,
// interfaces and arrays are decoded by encoding/json from their value's
// bytes.

// planKind is how the decoder reads one Go type.
type planKind uint8

const (
	kindGeneric    planKind = iota // encoding/json, from the value's bytes; never rebuilt
	kindString                     // string kinds
	kindBool                       // bool
	kindInt                        // signed integers
	kindUint                       // unsigned integers
	kindFloat                      // float32, float64
	kindPtr                        // pointer to a planned type
	kindSlice                      // slice of a planned type
	kindStruct                     // struct with plain json tags
	kindTime                       // Time
	kindExpandable                 // Expandable[T]
	kindRaw                        // json.RawMessage
)

// plan is how the decoder reads (and RawJSON rebuilds) one Go type.
type plan struct {
	typ  reflect.Type
	kind planKind
	bits int   // integers and floats
	elem *plan // pointer, slice, and the T of an Expandable

	// Structs.
	fields   []planField
	byName   map[string]int      // JSON name → index in fields
	folded   map[string]struct{} // lower-cased names: a member matching one only case-insensitively is left to encoding/json
	required uint64              // fields without omitempty or omitzero
	meta     bool                // embeds objectMeta
	rebuild  bool                // has its own RawJSON, so it can rebuild members instead of keeping them
	ident    bool                // has an id (objectID), for Expandable
}

// planField is one JSON member of a struct.
type planField struct {
	name     string
	index    int
	plan     *plan
	omit     bool // omitempty
	omitZero bool // omitzero
	items    bool // the data of a list page: its elements are list items
}

// maxPlanFields is the most JSON fields a struct plan holds (one bit each).
const maxPlanFields = 64

var (
	planCache sync.Map // reflect.Type → *plan
	planMu    sync.Mutex

	sdkTimeType        = reflect.TypeFor[Time]()
	rawMessageType     = reflect.TypeFor[json.RawMessage]()
	numberType         = reflect.TypeFor[json.Number]()
	objectMetaType     = reflect.TypeFor[objectMeta]()
	expandableIface    = reflect.TypeFor[expandableField]()
	pageIface          = reflect.TypeFor[pageMarker]()
	metaHolderIface    = reflect.TypeFor[metaHolder]()
	rawJSONerIface     = reflect.TypeFor[rawJSONer]()
	identifiedIface    = reflect.TypeFor[identified]()
	customMethodIfaces = []reflect.Type{
		reflect.TypeFor[json.Unmarshaler](), reflect.TypeFor[json.Marshaler](),
		reflect.TypeFor[encoding.TextUnmarshaler](), reflect.TypeFor[encoding.TextMarshaler](),
		reflect.TypeFor[encoding.TextAppender](),
	}
)

// expandableField is implemented by *Expandable[T].
type expandableField interface{ expandableElem() reflect.Type }

// pageMarker is implemented by *Page[T]: the elements of its data are list
// items.
type pageMarker interface{ pageItems() }

// metaHolder is implemented by every API object (through objectMeta).
type metaHolder interface{ metaPtr() *objectMeta }

// rawJSONer is implemented by every API object.
type rawJSONer interface{ RawJSON() json.RawMessage }

// planFor returns the plan of t, building it (and the plans it needs) once.
func planFor(t reflect.Type) *plan {
	if p, ok := planCache.Load(t); ok {
		return p.(*plan)
	}
	planMu.Lock()
	defer planMu.Unlock()
	if p, ok := planCache.Load(t); ok {
		return p.(*plan)
	}
	building := map[reflect.Type]*plan{}
	p := buildPlan(t, building)
	for t, p := range building {
		planCache.Store(t, p)
	}
	return p
}

func buildPlan(t reflect.Type, building map[reflect.Type]*plan) *plan {
	if p, ok := planCache.Load(t); ok {
		return p.(*plan)
	}
	if p, ok := building[t]; ok {
		return p // a recursive type: filled in below, up the stack
	}
	p := &plan{typ: t}
	building[t] = p
	pt := reflect.PointerTo(t)
	switch {
	case t == sdkTimeType:
		p.kind = kindTime
		return p
	case t == rawMessageType:
		p.kind = kindRaw
		return p
	case pt.Implements(expandableIface):
		elem := buildPlan(reflect.Zero(pt).Interface().(expandableField).expandableElem(), building)
		if elem.kind == kindStruct {
			p.kind, p.elem = kindExpandable, elem
		}
		return p
	case t == numberType || hasCustomMethods(t):
		return p // generic
	}
	switch t.Kind() {
	case reflect.String:
		p.kind = kindString
	case reflect.Bool:
		p.kind = kindBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		p.kind, p.bits = kindInt, t.Bits()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		p.kind, p.bits = kindUint, t.Bits()
	case reflect.Float32, reflect.Float64:
		p.kind, p.bits = kindFloat, t.Bits()
	case reflect.Pointer:
		p.kind, p.elem = kindPtr, buildPlan(t.Elem(), building)
	case reflect.Slice:
		if t.Elem().Kind() != reflect.Uint8 { // []byte is base64 in encoding/json
			p.kind, p.elem = kindSlice, buildPlan(t.Elem(), building)
		}
	case reflect.Struct:
		buildStructPlan(p, building)
	}
	return p
}

// hasCustomMethods reports whether t or *t has JSON or text methods of its
// own, which encoding/json would call: such a type is generic.
func hasCustomMethods(t reflect.Type) bool {
	for _, m := range customMethodIfaces {
		if t.Implements(m) || reflect.PointerTo(t).Implements(m) {
			return true
		}
	}
	return false
}

// buildStructPlan fills p for a struct it can read exactly as encoding/json
// does, else leaves it generic: an embedded struct (other than objectMeta),
// a tag option other than omitempty and omitzero, a name outside
// [A-Za-z0-9_-], two names that fold together, more than 64 fields.
func buildStructPlan(p *plan, building map[reflect.Type]*plan) {
	t := p.typ
	var fields []planField
	byName := map[string]int{}
	folded := map[string]struct{}{}
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Anonymous {
			if sf.Type == objectMetaType {
				p.meta = true
				continue
			}
			return
		}
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = sf.Name
		}
		if !plainName(name) {
			return
		}
		f := planField{name: name, index: i}
		for opt := range strings.SplitSeq(opts, ",") {
			switch opt {
			case "":
			case "omitempty":
				f.omit = true
			case "omitzero":
				f.omitZero = true
			default:
				return
			}
		}
		lower := strings.ToLower(name)
		if _, dup := folded[lower]; dup {
			return
		}
		folded[lower] = struct{}{}
		byName[name] = len(fields)
		fields = append(fields, f)
	}
	if len(fields) > maxPlanFields {
		return
	}
	pt := reflect.PointerTo(t)
	isPage := pt.Implements(pageIface)
	for i := range fields {
		fields[i].plan = buildPlan(t.Field(fields[i].index).Type, building)
		if !fields[i].omit && !fields[i].omitZero {
			p.required |= 1 << i
		}
		fields[i].items = isPage && fields[i].name == "data"
	}
	p.kind, p.fields, p.byName, p.folded = kindStruct, fields, byName, folded
	p.meta = p.meta && pt.Implements(metaHolderIface)
	p.rebuild = p.meta && pt.Implements(rawJSONerIface)
	p.ident = pt.Implements(identifiedIface)
}

// plainName reports whether a JSON name is made of [A-Za-z0-9_-] only,
// which both encoding/json engines take as it is.
func plainName(s string) bool {
	for i := range len(s) {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return s != ""
}

// maxDepth is the deepest nesting the decoder reads itself (encoding/json
// goes to 10000).
const maxDepth = 500

// decoder reads one JSON body.
type decoder struct {
	data  []byte
	i     int
	depth int
	keep  []span // members the objects being decoded keep, innermost last
	last  span   // the latest list item

	scratch map[*plan]reflect.Value // a free scratch slice for each slice type
	strings *stringCache            // from stringCaches, returned by done
}

// done returns what the decoder borrowed.
func (d *decoder) done() {
	if d.strings != nil {
		stringCaches.Put(d.strings)
		d.strings = nil
	}
}

type span struct{ start, end int }

// decodeFast decodes data into out (a non-nil pointer) and reports whether
// it could. On false, out may be partly written: the caller resets it and
// uses encoding/json. The objects in out keep, for RawJSON, copies of what
// they cannot rebuild, so none of them holds on to data.
func decodeFast(data []byte, out any, last *span) bool {
	rv := reflect.ValueOf(out)
	p := planFor(rv.Type().Elem())
	if p.kind == kindGeneric {
		return false
	}
	d := decoder{data: data}
	defer d.done()
	d.ws()
	if _, ok := d.value(p, rv.Elem(), true); !ok {
		return false
	}
	d.ws()
	if d.i != len(d.data) {
		return false
	}
	if last != nil {
		*last = d.last
	}
	return true
}

// next reads what follows a member or an element, after white space: a
// comma (more) or the closing delimiter end (not more). ok is false on
// anything else.
func (d *decoder) next(end byte) (more, ok bool) {
	d.ws()
	if d.i < len(d.data) {
		switch d.data[d.i] {
		case ',':
			d.i++
			return true, true
		case end:
			d.i++
			return false, true
		}
	}
	return false, false
}

func (d *decoder) ws() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// value decodes the value at d.i (after white space) into v. exact reports
// whether RawJSON can rebuild the value from v: it encodes to JSON equal to
// what was read. keep is whether a struct value with objectMeta gets its
// RawJSON state (list items, Expandable objects and the top level do).
func (d *decoder) value(p *plan, v reflect.Value, keep bool) (exact, ok bool) {
	if d.i >= len(d.data) {
		return false, false
	}
	c := d.data[d.i]
	if c == 'n' {
		if !d.literal("null") {
			return false, false
		}
		switch p.kind {
		case kindPtr, kindSlice, kindExpandable:
			v.SetZero()
			return true, true
		case kindTime:
			v.SetZero()
			return true, true
		case kindRaw:
			v.SetBytes([]byte("null"))
			return true, true
		case kindGeneric:
			return false, d.generic(v, d.i-4, keep)
		case kindStruct:
			if keep && p.meta {
				v.Addr().Interface().(rawSetter).setRawJSON([]byte("null"))
			}
		}
		// encoding/json leaves other kinds as they are; RawJSON could not
		// rebuild the null.
		return false, true
	}
	switch p.kind {
	case kindString:
		if c != '"' {
			return false, false
		}
		s, ok := d.str()
		if !ok {
			return false, false
		}
		v.SetString(s)
		return true, true
	case kindBool:
		switch {
		case c == 't' && d.literal("true"):
			v.SetBool(true)
			return true, true
		case c == 'f' && d.literal("false"):
			v.SetBool(false)
			return true, true
		}
		return false, false
	case kindInt:
		n, ok := d.integer()
		if !ok || p.bits < 64 && (n < -1<<(p.bits-1) || n > 1<<(p.bits-1)-1) {
			return false, false
		}
		v.SetInt(n)
		return true, true
	case kindUint:
		n, ok := d.integer()
		if !ok || c == '-' || p.bits < 64 && n > 1<<p.bits-1 {
			return false, false
		}
		v.SetUint(uint64(n))
		return true, true
	case kindFloat:
		start := d.i
		digits, _, ok := d.number()
		if !ok {
			return false, false
		}
		f, err := strconv.ParseFloat(string(d.data[start:d.i]), p.bits)
		if err != nil {
			return false, false
		}
		v.SetFloat(f)
		// A number with more digits than the float holds would not come
		// back the same.
		return digits <= 15 && (p.bits == 64 || digits <= 6), true
	case kindPtr:
		if v.IsNil() {
			v.Set(reflect.New(p.elem.typ))
		}
		return d.value(p.elem, v.Elem(), keep)
	case kindSlice:
		if c != '[' {
			return false, false
		}
		return d.slice(p, v, keep)
	case kindStruct:
		if c != '{' {
			return false, false
		}
		return d.object(p, v, keep)
	case kindTime:
		return d.time(v)
	case kindExpandable:
		return d.expandable(p, v)
	case kindRaw:
		start := d.i
		if !d.skip() {
			return false, false
		}
		v.SetBytes(bytes.Clone(d.data[start:d.i]))
		return true, true
	}
	return false, d.generic(v, d.i, keep)
}

// generic skips the value at d.i and decodes its bytes with encoding/json.
// With keep, an API object gets a copy of them as its RawJSON.
func (d *decoder) generic(v reflect.Value, start int, keep bool) bool {
	if d.i == start && !d.skip() {
		return false
	}
	b := d.data[start:d.i]
	ptr := v.Addr().Interface()
	if json.Unmarshal(b, ptr) != nil {
		return false
	}
	if r, ok := ptr.(rawSetter); ok && keep {
		r.setRawJSON(bytes.Clone(b))
	}
	return true
}

// object decodes a JSON object into the struct v. With keep and a type that
// embeds objectMeta, it records in it what RawJSON needs; with its own
// RawJSON, the value is then exact (RawJSON composes it). Otherwise it is
// exact when every member was a field, every field that encoding/json
// would write was there, and every value was exact.
func (d *decoder) object(p *plan, v reflect.Value, keep bool) (exact, ok bool) {
	keep = keep && p.meta
	start := d.i
	d.i++
	if d.depth++; d.depth > maxDepth {
		return false, false
	}
	keep0 := len(d.keep)
	var seen, rebuilt uint64
	exact = true
	next := 0
	d.ws()
	if d.i < len(d.data) && d.data[d.i] == '}' {
		d.i++
	} else {
		for {
			d.ws()
			member := d.i
			fi := -1
			if next < len(p.fields) && d.nextKey(p.fields[next].name) {
				fi = next // the member the type's order predicts
			} else {
				key, ok := d.key()
				if !ok {
					return false, false
				}
				if j, found := p.byName[string(key)]; found {
					fi = j
				} else if p.mayFold(key) {
					return false, false
				}
			}
			d.ws()
			if fi >= 0 {
				bit := uint64(1) << fi
				if seen&bit != 0 {
					return false, false
				}
				seen |= bit
				next = fi + 1
				f := &p.fields[fi]
				fv := v.Field(f.index)
				fexact, ok := d.value(f.plan, fv, f.items)
				if !ok {
					return false, false
				}
				if keep {
					if fexact {
						rebuilt |= bit
					} else {
						d.keep = append(d.keep, span{member, d.i})
					}
				}
				if !fexact || f.omit && isEmptyValue(fv) || f.omitZero && isZeroValue(fv) {
					exact = false // a re-encoding would differ or leave it out
				}
			} else {
				if !d.skip() {
					return false, false
				}
				if keep {
					d.keep = append(d.keep, span{member, d.i})
				}
				exact = false
			}
			more, ok := d.next('}')
			if !ok {
				return false, false
			}
			if more {
				continue
			}
			break
		}
	}
	d.depth--
	exact = exact && seen&p.required == p.required
	if keep {
		d.setMeta(p, v, start, rebuilt, keep0)
		// RawJSON composes the object's own.
		return exact || p.rebuild, true
	}
	return exact, true
}

// setMeta records in v's objectMeta what RawJSON needs: the members it
// rebuilds, and a copy of the members it keeps as received (or, for a type
// without its own RawJSON, a copy of the whole object).
func (d *decoder) setMeta(p *plan, v reflect.Value, start int, rebuilt uint64, keep0 int) {
	m := v.Addr().Interface().(metaHolder).metaPtr()
	kept := d.keep[keep0:]
	d.keep = d.keep[:keep0]
	if !p.rebuild {
		m.setRawJSON(bytes.Clone(d.data[start:d.i]))
		return
	}
	var raw []byte
	if len(kept) > 0 {
		n := len(kept) - 1
		for _, s := range kept {
			n += s.end - s.start
		}
		raw = make([]byte, 0, n)
		for i, s := range kept {
			if i > 0 {
				raw = append(raw, ',')
			}
			raw = append(raw, d.data[s.start:s.end]...)
		}
	}
	*m = objectMeta{raw: raw, fields: rebuilt, state: metaRebuilt}
}

// mayFold reports whether encoding/json could match key to a field
// case-insensitively: an ASCII key whose lower case is a field's, or a key
// with one of the two non-ASCII runes that fold to ASCII (K, ſ).
func (p *plan) mayFold(key []byte) bool {
	var buf [64]byte
	if len(key) > len(buf) {
		for _, f := range p.fields {
			if bytes.EqualFold(key, []byte(f.name)) {
				return true
			}
		}
		return false
	}
	lower := buf[:len(key)]
	for i, c := range key {
		if c >= utf8.RuneSelf {
			return bytes.Contains(key, []byte("\u212a")) || bytes.Contains(key, []byte("\u017f"))
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	_, ok := p.folded[string(lower)]
	return ok
}

// isEmptyValue is encoding/json's test for omitempty.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// isZeroValue is encoding/json's test for omitzero: the value's IsZero
// method, or the zero value.
func isZeroValue(v reflect.Value) bool {
	type zeroer interface{ IsZero() bool }
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return true
	}
	if z, ok := v.Interface().(zeroer); ok {
		return z.IsZero()
	}
	if z, ok := v.Addr().Interface().(zeroer); ok {
		return z.IsZero()
	}
	return v.IsZero()
}

// slice decodes a JSON array into the slice v. The elements are decoded
// into a scratch slice that the decoder reuses, then copied into a slice of
// exactly their number: one allocation per array.
func (d *decoder) slice(p *plan, v reflect.Value, items bool) (exact, ok bool) {
	d.i++
	if d.depth++; d.depth > maxDepth {
		return false, false
	}
	exact = true
	n := 0
	d.ws()
	if d.i < len(d.data) && d.data[d.i] == ']' {
		d.i++
		v.Set(reflect.MakeSlice(p.typ, 0, 0)) // [] is an empty slice, not nil
		d.depth--
		return true, true
	}
	sc := d.scratch[p]
	if sc.IsValid() {
		delete(d.scratch, p) // in use: a nested array of the same type gets its own
	} else {
		sc = reflect.New(p.typ).Elem()
	}
	for {
		d.ws()
		if n == sc.Cap() {
			sc.Grow(max(4, n))
		}
		sc.SetLen(n + 1)
		start := d.i
		eexact, ok := d.value(p.elem, sc.Index(n), items)
		if !ok {
			return false, false
		}
		if items {
			d.last = span{start, d.i}
		}
		exact = exact && eexact
		n++
		more, ok := d.next(']')
		if !ok {
			return false, false
		}
		if more {
			continue
		}
		break
	}
	out := reflect.MakeSlice(p.typ, n, n)
	reflect.Copy(out, sc)
	v.Set(out)
	sc.Clear()
	sc.SetLen(0)
	if d.scratch == nil {
		d.scratch = map[*plan]reflect.Value{}
	}
	d.scratch[p] = sc
	d.depth--
	return exact, true
}

// time decodes a Time as (*Time).UnmarshalJSON does. It is exact when it is
// the text RawJSON would write back: RFC 3339 as time.RFC3339Nano formats it.
func (d *decoder) time(v reflect.Value) (exact, ok bool) {
	start := d.i
	if !d.skip() {
		return false, false
	}
	b := d.data[start:d.i]
	t := v.Addr().Interface().(*Time)
	if tm, ok := parseUTCSeconds(b); ok {
		t.Time = tm
		return !tm.IsZero(), true
	}
	if b[0] == '"' && t.Time.UnmarshalJSON(b) == nil {
		return !t.IsZero() && canonicalRFC3339(b[1:len(b)-1]), true
	}
	_ = t.UnmarshalJSON(b) // lenient; never fails
	return false, true
}

// parseUTCSeconds parses the commonest timestamp, "2006-01-02T15:04:05Z"
// (quoted), to exactly what time.Time's UnmarshalJSON gives, four times
// faster; anything else is left to it.
func parseUTCSeconds(b []byte) (time.Time, bool) {
	if len(b) != 22 || b[0] != '"' || b[5] != '-' || b[8] != '-' || b[11] != 'T' || b[14] != ':' || b[17] != ':' || b[20] != 'Z' || b[21] != '"' {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range b[i : i+n] {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(1, 4), num(6, 2), num(9, 2)
	hour, minute, sec := num(12, 2), num(15, 2), num(18, 2)
	if year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(time.Month(month), year) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC), true
}

func daysIn(m time.Month, year int) int {
	if m == time.February && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		return 29
	}
	return int(daysInMonth[m-1])
}

var daysInMonth = [12]uint8{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// canonicalRFC3339 reports whether s, which time parsed as strict RFC 3339,
// is what time.RFC3339Nano formats back: no trailing zero in the fraction,
// Z for a zero offset.
func canonicalRFC3339(s []byte) bool {
	i := len("2006-01-02T15:04:05")
	if len(s) <= i || s[10] != 'T' {
		return false
	}
	if s[i] == '.' {
		j := i + 1
		for j < len(s) && '0' <= s[j] && s[j] <= '9' {
			j++
		}
		if n := j - i - 1; n == 0 || n > 9 || s[j-1] == '0' {
			return false
		}
		i = j
	}
	switch {
	case s[i] == 'Z':
		return i+1 == len(s)
	case s[i] == '+' || s[i] == '-':
		return len(s) == i+6 && string(s[i+1:]) != "00:00"
	}
	return false
}

// expandable decodes an Expandable[T] (v) as its UnmarshalJSON does: an id
// string or a full object, which keeps its own RawJSON state.
func (d *decoder) expandable(p *plan, v reflect.Value) (exact, ok bool) {
	switch d.data[d.i] {
	case '"':
		s, ok := d.str()
		if !ok {
			return false, false
		}
		v.SetZero()
		v.Field(0).SetString(s)
		return s != "", true // "" would come back as null
	case '{':
		obj := reflect.New(p.elem.typ)
		oexact, ok := d.object(p.elem, obj.Elem(), true)
		if !ok {
			return false, false
		}
		v.SetZero()
		if p.elem.ident {
			v.Field(0).SetString(obj.Interface().(identified).objectID())
		}
		v.Field(1).Set(obj)
		return oexact, true
	}
	return false, false
}

// nextKey reads the member name at d.i, and the colon after it, if it is
// name (made of [A-Za-z0-9_-], so that these bytes are the whole string).
func (d *decoder) nextKey(name string) bool {
	i := d.i + 1 + len(name)
	if i >= len(d.data) || d.data[d.i] != '"' || d.data[i] != '"' || string(d.data[d.i+1:i]) != name {
		return false
	}
	d.i = i + 1
	d.ws()
	if d.i >= len(d.data) || d.data[d.i] != ':' {
		d.i = i - len(name) - 1 // not a member name: let key report it
		return false
	}
	d.i++
	return true
}

// key reads a member name and the colon after it. Escaped names are left
// to encoding/json.
func (d *decoder) key() ([]byte, bool) {
	if d.i >= len(d.data) || d.data[d.i] != '"' {
		return nil, false
	}
	s, e, esc, high, ok := d.scanString()
	if !ok || esc || high && !utf8.Valid(d.data[s:e]) {
		return nil, false
	}
	d.ws()
	if d.i >= len(d.data) || d.data[d.i] != ':' {
		return nil, false
	}
	d.i++
	return d.data[s:e], true
}

// scanString validates the string at d.i and moves past it. It returns the
// bounds of its contents and whether it has escapes or non-ASCII bytes. As
// in encoding/json, invalid UTF-8 is valid JSON here.
func (d *decoder) scanString() (start, end int, esc, high, ok bool) {
	data := d.data
	i := d.i + 1
	start = i
	for {
		if i+8 <= len(data) {
			// Eight bytes at a time to the first quote, backslash, control
			// character or non-ASCII byte: the lowest flagged byte is one.
			x := binary.LittleEndian.Uint64(data[i:])
			m := (hasZeroByte(x^(lsb*'"')) | hasZeroByte(x^(lsb*'\\')) | (x-lsb*0x20)&^x | x) & msb
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) >> 3
		} else if i >= len(data) {
			return 0, 0, false, false, false
		}
		switch c := data[i]; {
		case c == '"':
			d.i = i + 1
			return start, i, esc, high, true
		case c == '\\':
			esc = true
			if i+1 >= len(data) {
				return 0, 0, false, false, false
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(data) || !isHex4(data[i+2:i+6]) {
					return 0, 0, false, false, false
				}
				i += 6
			default:
				return 0, 0, false, false, false
			}
		case c < 0x20:
			return 0, 0, false, false, false
		default:
			high = high || c >= utf8.RuneSelf
			i++
		}
	}
}

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// hasZeroByte has the high bit of each zero byte of x set (and maybe of a
// byte above a zero byte, which only makes scanString look closer).
func hasZeroByte(x uint64) uint64 { return (x - lsb) &^ x }

func isHex4(b []byte) bool {
	for _, c := range b[:4] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// str reads a string value. Invalid UTF-8 and lone surrogates, which the
// two encoding/json engines may replace differently, are left to
// encoding/json.
func (d *decoder) str() (string, bool) {
	s, e, esc, high, ok := d.scanString()
	if !ok || high && !utf8.Valid(d.data[s:e]) {
		return "", false
	}
	if !esc {
		return d.intern(d.data[s:e]), true
	}
	return unescape(d.data[s:e])
}

// stringCache holds strings decoded before, so that a value seen again
// (an enum, a currency, a repeated name) is not allocated again; as in
// encoding/json/v2, which does the same.
type stringCache [256]string

var stringCaches = sync.Pool{New: func() any { return new(stringCache) }}

// intern returns string(b), from the decoder's cache when it is there.
func (d *decoder) intern(b []byte) string {
	if len(b) < 2 || len(b) > 64 {
		return string(b) // one-byte strings are interned by the runtime
	}
	if d.strings == nil {
		d.strings = stringCaches.Get().(*stringCache)
	}
	// A hash of the first and last (up to) eight bytes, and the length.
	var lo, hi uint64
	if len(b) >= 8 {
		lo, hi = binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[len(b)-8:])
	} else {
		for i, c := range b {
			lo |= uint64(c) << (8 * i)
		}
	}
	h := (lo*0x9e3779b97f4a7c15 ^ hi*0xc2b2ae3d27d4eb4f ^ uint64(len(b))) >> 56
	if s := d.strings[h]; s == string(b) {
		return s
	}
	s := string(b)
	d.strings[h] = s
	return s
}

// unescape decodes the contents of a valid JSON string with escapes.
func unescape(b []byte) (string, bool) {
	var sb strings.Builder
	sb.Grow(len(b))
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '\\')
		if j < 0 {
			sb.Write(b[i:])
			break
		}
		sb.Write(b[i : i+j])
		i += j
		switch c := b[i+1]; c {
		case 'u':
			r := hex4(b[i+2:])
			i += 6
			if utf16.IsSurrogate(r) {
				if i+6 > len(b) || b[i] != '\\' || b[i+1] != 'u' {
					return "", false
				}
				r = utf16.DecodeRune(r, hex4(b[i+2:]))
				if r == unicode.ReplacementChar {
					return "", false
				}
				i += 6
			}
			sb.WriteRune(r)
		default:
			sb.WriteByte(unescapeByte[c])
			i += 2
		}
	}
	return sb.String(), true
}

var unescapeByte = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c <= 'F':
			c -= 'A' - 10
		default:
			c -= 'a' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// literal reads the literal lit (true, false, null).
func (d *decoder) literal(lit string) bool {
	if len(d.data)-d.i < len(lit) || string(d.data[d.i:d.i+len(lit)]) != lit {
		return false
	}
	d.i += len(lit)
	return true
}

// number validates the number at d.i and moves past it. It returns its
// count of mantissa digits and whether it is an integer (no fraction or
// exponent).
func (d *decoder) number() (digits int, integer, ok bool) {
	data, i := d.data, d.i
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i >= len(data):
		return 0, false, false
	case data[i] == '0':
		i++
		digits = 1
	case '1' <= data[i] && data[i] <= '9':
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
			digits++
		}
	default:
		return 0, false, false
	}
	integer = true
	if i < len(data) && data[i] == '.' {
		integer = false
		i++
		j := i
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
		if i == j {
			return 0, false, false
		}
		digits += i - j
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		integer = false
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := i
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
		if i == j {
			return 0, false, false
		}
	}
	d.i = i
	return digits, integer, true
}

// integer reads an integer number that fits an int64.
func (d *decoder) integer() (int64, bool) {
	start := d.i
	digits, integer, ok := d.number()
	if !ok || !integer {
		return 0, false
	}
	b := d.data[start:d.i]
	if digits > 18 {
		n, err := strconv.ParseInt(string(b), 10, 64)
		return n, err == nil
	}
	neg := b[0] == '-'
	if neg {
		b = b[1:]
	}
	var n int64
	for _, c := range b {
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// skip validates the value at d.i and moves past it.
func (d *decoder) skip() bool {
	if d.i >= len(d.data) {
		return false
	}
	switch d.data[d.i] {
	case '"':
		_, _, _, _, ok := d.scanString()
		return ok
	case '{':
		return d.skipComposite('}')
	case '[':
		return d.skipComposite(']')
	case 't':
		return d.literal("true")
	case 'f':
		return d.literal("false")
	case 'n':
		return d.literal("null")
	}
	_, _, ok := d.number()
	return ok
}

func (d *decoder) skipComposite(end byte) bool {
	d.i++
	if d.depth++; d.depth > maxDepth {
		return false
	}
	d.ws()
	if d.i < len(d.data) && d.data[d.i] == end {
		d.i++
		d.depth--
		return true
	}
	for {
		d.ws()
		if end == '}' {
			if d.i >= len(d.data) || d.data[d.i] != '"' {
				return false
			}
			if _, _, _, _, ok := d.scanString(); !ok {
				return false
			}
			d.ws()
			if d.i >= len(d.data) || d.data[d.i] != ':' {
				return false
			}
			d.i++
			d.ws()
		}
		if !d.skip() {
			return false
		}
		more, ok := d.next(end)
		if !ok {
			return false
		}
		if !more {
			d.depth--
			return true
		}
	}
}
