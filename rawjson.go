package crevio

import (
	"encoding/json"
	"reflect"
	"strconv"
)

// RawJSON of every API object. Each type declares its own, so that the
// method knows the object it rebuilds; a new type that embeds objectMeta
// declares one here too (TestEveryAPIObjectHasRawJSON checks).

// RawJSON returns the JSON of the APIKey as received; see [Product.RawJSON].
func (x *APIKey) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the Account as received; see [Product.RawJSON].
func (x *Account) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the BlogCategory as received; see [Product.RawJSON].
func (x *BlogCategory) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the BlogPost as received; see [Product.RawJSON].
func (x *BlogPost) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the Booking as received; see [Product.RawJSON].
func (x *Booking) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the Checkout as received; see [Product.RawJSON].
func (x *Checkout) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the CheckoutLink as received; see [Product.RawJSON].
func (x *CheckoutLink) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the Customer as received; see [Product.RawJSON].
func (x *Customer) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the Discount as received; see [Product.RawJSON].
func (x *Discount) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the Email as received; see [Product.RawJSON].
func (x *Email) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the Event as received; see [Product.RawJSON].
func (x *Event) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the EventType as received; see [Product.RawJSON].
func (x *EventType) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the EventTypeSlots as received; see [Product.RawJSON].
func (x *EventTypeSlots) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the Experience as received; see [Product.RawJSON].
func (x *Experience) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the File as received; see [Product.RawJSON].
func (x *File) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the Form as received; see [Product.RawJSON].
func (x *Form) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the FormSubmission as received; see [Product.RawJSON].
func (x *FormSubmission) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the Invoice as received; see [Product.RawJSON].
func (x *Invoice) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the LegalPage as received; see [Product.RawJSON].
func (x *LegalPage) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the Order as received; see [Product.RawJSON].
func (x *Order) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the OrderItem as received; see [Product.RawJSON].
func (x *OrderItem) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the PriceVariant as received; see [Product.RawJSON].
func (x *PriceVariant) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the product's JSON as the API sent it, so that fields
// this SDK does not model are reachable. It is nil for a product built in
// code, and for one decoded with encoding/json directly (the objects of its
// Expandable fields have theirs). Every API object's RawJSON works the same
// way.
//
// It is the API's JSON in meaning, not always in bytes. To cost no more
// memory than the decoded fields, an object keeps no page and no response
// body: it keeps, copied, only the members it cannot rebuild from its
// fields. RawJSON writes the members the SDK models from their fields, in
// the type's field order, then the kept members as received: the members
// the SDK does not model, and those whose value a field does not hold
// exactly (a timestamp that is not RFC 3339 as [time.RFC3339Nano] writes it,
// a null where the field has no null, a number with more than 15 digits, a
// value of a type with a decoder of its own). So every member the API sent
// is there with the value it sent, and no other; white space, member order,
// string escapes and the spelling of numbers may differ. An object whose
// members are all modelled keeps nothing and builds its JSON on each call,
// from its fields as they are then. An object in a body that the SDK's own
// decoder leaves to encoding/json (a member repeated or named in another
// case than its field, invalid UTF-8, a field type with options it does not
// read) keeps its JSON exactly as received.
func (x *Product) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the Refund as received; see [Product.RawJSON].
func (x *Refund) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the Review as received; see [Product.RawJSON].
func (x *Review) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the Site as received; see [Product.RawJSON].
func (x *Site) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the Subscription as received; see [Product.RawJSON].
func (x *Subscription) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the TaskRun as received; see [Product.RawJSON].
func (x *TaskRun) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the User as received; see [Product.RawJSON].
func (x *User) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the UserAccess as received; see [Product.RawJSON].
func (x *UserAccess) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the WebhookEndpoint as received; see [Product.RawJSON].
func (x *WebhookEndpoint) RawJSON() json.RawMessage { return rawJSON(x) }

// RawJSON returns the JSON of the X402Configuration as received; see [Product.RawJSON].
func (x *X402Configuration) RawJSON() json.RawMessage { return rawJSON(x) }

// rawJSON is every API object's RawJSON (see [Product.RawJSON]).
func rawJSON[T any](x *T) json.RawMessage {
	m := any(x).(metaHolder).metaPtr()
	switch m.state {
	case metaNone:
		return nil
	case metaWhole:
		return m.raw
	}
	p := planFor(reflect.TypeFor[T]())
	v := reflect.ValueOf(x).Elem()
	b := append(make([]byte, 0, 512), '{')
	for i, f := range p.fields {
		if m.fields&(1<<i) == 0 {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, f.name)
		b = append(b, ':')
		b = appendRebuilt(b, f.plan, v.Field(f.index))
	}
	if len(m.raw) > 0 {
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, m.raw...)
	}
	return append(b, '}')
}

// appendRebuilt appends the JSON of v, a value the decoder found exact: its
// JSON is equal to what was decoded.
func appendRebuilt(b []byte, p *plan, v reflect.Value) []byte {
	switch p.kind {
	case kindPtr:
		if v.IsNil() {
			return append(b, "null"...)
		}
		return appendRebuilt(b, p.elem, v.Elem())
	case kindSlice:
		if v.IsNil() {
			return append(b, "null"...)
		}
		b = append(b, '[')
		for i := range v.Len() {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendRebuilt(b, p.elem, v.Index(i))
		}
		return append(b, ']')
	case kindExpandable:
		if obj := v.Field(1); !obj.IsNil() {
			if r, ok := obj.Interface().(rawJSONer); ok && p.elem.rebuild {
				if raw := r.RawJSON(); raw != nil {
					return append(b, raw...)
				}
			}
			return appendRebuilt(b, p.elem, obj.Elem())
		}
		if id := v.Field(0).String(); id != "" {
			return appendJSON(b, id)
		}
		return append(b, "null"...)
	case kindStruct:
		// A struct decoded as a plain value: every field it has, as
		// encoding/json writes them.
		b = append(b, '{')
		n := len(b)
		for _, f := range p.fields {
			fv := v.Field(f.index)
			if f.omit && isEmptyValue(fv) || f.omitZero && isZeroValue(fv) {
				continue
			}
			if len(b) > n {
				b = append(b, ',')
			}
			b = strconv.AppendQuote(b, f.name)
			b = append(b, ':')
			b = appendRebuilt(b, f.plan, fv)
		}
		return append(b, '}')
	}
	return appendJSON(b, v.Interface())
}

// appendJSON appends v as encoding/json writes it.
func appendJSON(b []byte, v any) []byte {
	out, err := json.Marshal(v)
	if err != nil {
		return append(b, "null"...) // not reached: the decoder's exact values all encode
	}
	return append(b, out...)
}
