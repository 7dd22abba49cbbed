package main

import (
	"context"
	"reflect"
	"sort"
	"strings"
	"unicode"

	"github.com/creviolabs/crevio-go"
)

// The command tree is read from the SDK by reflection, so every operation
// the SDK has is a command, with no hand-written code per resource: each
// exported service field of crevio.Client is a resource, each of its
// methods of the SDK's one shape,
//
//	(ctx, [id string,] params *XParams, opts ...crevio.RequestOption) (*T, error)
//
// an operation. All (the iterator over every page) is not a command of its
// own: it is List's --all flag.

// resource is a service of the client: "products", "price-variants".
type resource struct {
	name   string // kebab-case command name
	field  string // the Client field: "PriceVariants"
	noun   string // one object, in words: "price variant"
	plural string // words of the field: "price variants"
	ops    []*operation
}

// operation is a method of a service: "list", "set-position".
type operation struct {
	res    *resource
	name   string       // kebab-case command name
	method string       // Go method name
	hasID  bool         // takes an id (or slug) after ctx
	params reflect.Type // *XParams
	fields []*field     // the params' settable fields, in declaration order
	result reflect.Type // *T
	all    reflect.Type // the All method's type when this is List and All exists; nil otherwise
	fnType reflect.Type // the method's type, bound (without its receiver)
	fn     func(*crevio.Client) reflect.Value
}

// flat reports whether the operation's params are sent flat, as a query
// (a GET or DELETE: they have url tags, or the method reads or deletes) or
// a multipart form (they carry a file), rather than as a JSON body.
func (op *operation) flat() bool {
	switch op.method {
	case "Get", "List", "Delete":
		return true
	}
	for _, f := range op.fields {
		if f.query || f.kind == kindReader {
			return true
		}
	}
	return false
}

// path is the command's words: "products list".
func (op *operation) path() string { return op.res.name + " " + op.name }

var (
	ctxType    = reflect.TypeFor[context.Context]()
	errType    = reflect.TypeFor[error]()
	optsType   = reflect.TypeFor[[]crevio.RequestOption]()
	clientType = reflect.TypeFor[crevio.Client]()
)

// buildTree reads the resources and operations of crevio.Client.
func buildTree() []*resource {
	var out []*resource
	for i := range clientType.NumField() {
		sf := clientType.Field(i)
		if !sf.IsExported() || sf.Type.Kind() != reflect.Pointer || !strings.HasSuffix(sf.Type.Elem().Name(), "Service") {
			continue
		}
		res := &resource{name: kebab(sf.Name), field: sf.Name, plural: words(sf.Name)}
		svc := sf.Type
		var allTypes = map[reflect.Type]reflect.Type{} // params type -> All's type
		for j := range svc.NumMethod() {
			m := svc.Method(j)
			if m.Name == "All" {
				bound := boundType(m.Type)
				if bound.NumIn() >= 2 {
					allTypes[bound.In(bound.NumIn()-2)] = bound
				}
			}
		}
		for j := range svc.NumMethod() {
			m := svc.Method(j)
			if m.Name == "All" {
				continue
			}
			op := newOperation(res, sf.Index, m)
			if op == nil {
				continue
			}
			if m.Name == "List" {
				op.all = allTypes[op.params]
			}
			res.ops = append(res.ops, op)
		}
		if len(res.ops) == 0 {
			continue
		}
		res.noun = nounOf(res)
		sort.Slice(res.ops, func(a, b int) bool { return opRank(res.ops[a].name) < opRank(res.ops[b].name) })
		out = append(out, res)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].name < out[b].name })
	return out
}

// opRank orders a resource's operations: the usual ones first, in CRUD
// order, then the others by name.
func opRank(name string) string {
	for i, n := range []string{"list", "get", "create", "update", "delete"} {
		if name == n {
			return string(rune('0' + i))
		}
	}
	return "9" + name
}

// boundType is the type of a method value: the method's type without its
// receiver.
func boundType(t reflect.Type) reflect.Type {
	in := make([]reflect.Type, 0, t.NumIn()-1)
	for i := 1; i < t.NumIn(); i++ {
		in = append(in, t.In(i))
	}
	out := make([]reflect.Type, t.NumOut())
	for i := range out {
		out[i] = t.Out(i)
	}
	return reflect.FuncOf(in, out, t.IsVariadic())
}

// newOperation returns the operation of method m of the service at field
// index idx, or nil when m does not have the SDK's method shape.
func newOperation(res *resource, idx []int, m reflect.Method) *operation {
	t := boundType(m.Type)
	n := t.NumIn()
	if !t.IsVariadic() || n < 3 || n > 4 || t.In(0) != ctxType || t.In(n-1) != optsType {
		return nil
	}
	hasID := n == 4
	if hasID && t.In(1).Kind() != reflect.String {
		return nil
	}
	params := t.In(n - 2)
	if params.Kind() != reflect.Pointer || params.Elem().Kind() != reflect.Struct {
		return nil
	}
	if t.NumOut() != 2 || t.Out(1) != errType || t.Out(0).Kind() != reflect.Pointer {
		return nil
	}
	name := m.Name
	op := &operation{
		res: res, name: kebab(name), method: name, hasID: hasID, params: params,
		result: t.Out(0), fnType: t,
		fn: func(c *crevio.Client) reflect.Value {
			return reflect.ValueOf(c).Elem().FieldByIndex(idx).MethodByName(name)
		},
	}
	op.fields = paramFields(params.Elem())
	return op
}

// nounOf names one object of a resource in words, from the type its
// operations return: "price variant".
// When the type is not the resource's own (subscribers create returns a
// customer), it is the resource's name without its plural s.
func nounOf(res *resource) string {
	for _, op := range res.ops {
		t := op.result.Elem()
		name := t.Name()
		if el, ok := pageElem(t); ok {
			name = el.Name()
		} else if name == "Deleted" {
			continue
		}
		n := words(name)
		if len(n) > 1 && strings.HasPrefix(res.plural, n[:len(n)-1]) {
			return n
		}
		break
	}
	return strings.TrimSuffix(res.plural, "s")
}

// pageElem returns T for crevio.Page[T].
func pageElem(t reflect.Type) (reflect.Type, bool) {
	if t.Kind() != reflect.Struct || !strings.HasPrefix(t.Name(), "Page[") {
		return nil, false
	}
	f, ok := t.FieldByName("Data")
	if !ok || f.Type.Kind() != reflect.Slice {
		return nil, false
	}
	return f.Type.Elem(), true
}

// kebab turns a Go name into a command name: PriceVariants becomes
// price-variants, APIKeys api-keys, CreateFromURL create-from-url, X402
// x402.
func kebab(s string) string {
	return strings.ReplaceAll(words(s), " ", "-")
}

// words splits a Go name into lower-case words: "PriceVariant" becomes
// "price variant".
func words(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) {
			if i > 0 && (unicode.IsLower(r[i-1]) || unicode.IsDigit(r[i-1]) ||
				(unicode.IsUpper(r[i-1]) && i+1 < len(r) && unicode.IsLower(r[i+1]))) {
				b.WriteByte(' ')
			}
			b.WriteRune(unicode.ToLower(c))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// findResource returns the resource named name, or nil.
func findResource(tree []*resource, name string) *resource {
	for _, r := range tree {
		if r.name == name {
			return r
		}
	}
	return nil
}

// findOp returns the operation of res named name, or nil.
func (res *resource) findOp(name string) *operation {
	for _, op := range res.ops {
		if op.name == name {
			return op
		}
	}
	return nil
}
