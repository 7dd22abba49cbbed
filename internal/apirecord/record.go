package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"
)

// load compiles the packages that patterns name (relative to dir) with the
// go command and returns them by import path, as the compiler's export data
// describes them: every exported object with its full type, constant
// values, and each struct's unexported fields (which decide comparability).
// It returns the import paths in the order go list printed them.
func load(dir string, patterns ...string) ([]string, map[string]*types.Package, error) {
	args := append([]string{"list", "-export", "-deps", "-json=ImportPath,Export,DepOnly,Error"}, patterns...)
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("go list %s: %v\n%s", strings.Join(patterns, " "), err, stderr.String())
	}

	exports := map[string]string{}
	var roots []string
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			ImportPath string
			Export     string
			DepOnly    bool
			Error      *struct{ Err string }
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, nil, fmt.Errorf("go list: %v", err)
		}
		if p.Error != nil {
			return nil, nil, fmt.Errorf("go list: %s: %s", p.ImportPath, p.Error.Err)
		}
		exports[p.ImportPath] = p.Export
		if !p.DepOnly {
			roots = append(roots, p.ImportPath)
		}
	}

	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok || file == "" {
			return nil, fmt.Errorf("no export data for %q", path)
		}
		return os.Open(file)
	})
	pkgs := map[string]*types.Package{}
	for _, path := range roots {
		pkg, err := imp.Import(path)
		if err != nil {
			return nil, nil, fmt.Errorf("import %s: %v", path, err)
		}
		pkgs[path] = pkg
	}
	return roots, pkgs, nil
}

// record returns pkg's exported API, one sorted line per exported constant,
// variable, function, type, method, struct field and interface method, in
// the style of the Go project's own api/*.txt files:
//
//	pkg crevio, const Version = "0.1.0"
//	pkg crevio, const Version untyped string
//	pkg crevio, func New(string, ...Option) (*Client, error)
//	pkg crevio, method (*Client) BaseURL() string
//	pkg crevio, type Client struct
//	pkg crevio, type Client struct, Products *ProductsService
//	pkg crevio, type Client comparable
//
// Parameter names are left out: renaming one is not a change to the API.
// "type T comparable" is listed for every struct and array type whose values
// can be compared with ==, so a type that stops being comparable shows up.
func record(pkg *types.Package) []string {
	w := &writer{pkg: pkg, prefix: "pkg " + pkg.Name() + ", "}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		switch obj := obj.(type) {
		case *types.Const:
			w.emit("const %s %s", name, w.typ(obj.Type()))
			w.emit("const %s = %s", name, obj.Val().ExactString())
		case *types.Var:
			w.emit("var %s %s", name, w.typ(obj.Type()))
		case *types.Func:
			sig := obj.Type().(*types.Signature)
			w.emit("func %s%s%s", name, w.typeParams(sig.TypeParams()), w.signature(sig))
		case *types.TypeName:
			w.typeName(obj)
		}
	}
	sort.Strings(w.lines)
	// Remove duplicates (a promoted field reachable twice, say).
	out := w.lines[:0]
	for i, l := range w.lines {
		if i == 0 || l != w.lines[i-1] {
			out = append(out, l)
		}
	}
	return out
}

type writer struct {
	pkg    *types.Package
	prefix string
	lines  []string
}

func (w *writer) emit(format string, args ...any) {
	w.lines = append(w.lines, w.prefix+fmt.Sprintf(format, args...))
}

// qualifier leaves the recorded package's own names bare and names every
// other package by its name: time.Duration, http.RoundTripper.
func (w *writer) qualifier(p *types.Package) string {
	if p == w.pkg {
		return ""
	}
	return p.Name()
}

// typ prints t. Function types are printed without parameter names,
// however deeply they are nested in pointers, slices, arrays, maps and
// channels, so that renaming a parameter is no change.
func (w *writer) typ(t types.Type) string {
	switch t := t.(type) {
	case *types.Signature:
		return "func" + w.signature(t)
	case *types.Pointer:
		return "*" + w.typ(t.Elem())
	case *types.Slice:
		return "[]" + w.typ(t.Elem())
	case *types.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), w.typ(t.Elem()))
	case *types.Map:
		return "map[" + w.typ(t.Key()) + "]" + w.typ(t.Elem())
	case *types.Chan:
		switch t.Dir() {
		case types.SendOnly:
			return "chan<- " + w.typ(t.Elem())
		case types.RecvOnly:
			return "<-chan " + w.typ(t.Elem())
		}
		if c, ok := t.Elem().(*types.Chan); ok && c.Dir() == types.RecvOnly {
			return "chan (" + w.typ(t.Elem()) + ")"
		}
		return "chan " + w.typ(t.Elem())
	}
	return types.TypeString(t, w.qualifier)
}

// signature prints sig's parameter and result types without their names:
// (string, ...Option) (*Client, error).
func (w *writer) signature(sig *types.Signature) string {
	var b strings.Builder
	b.WriteString("(")
	params := sig.Params()
	for i := range params.Len() {
		if i > 0 {
			b.WriteString(", ")
		}
		t := params.At(i).Type()
		if sig.Variadic() && i == params.Len()-1 {
			b.WriteString("...")
			t = t.(*types.Slice).Elem()
		}
		b.WriteString(w.typ(t))
	}
	b.WriteString(")")
	results := sig.Results()
	switch results.Len() {
	case 0:
	case 1:
		b.WriteString(" " + w.typ(results.At(0).Type()))
	default:
		b.WriteString(" (")
		for i := range results.Len() {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(w.typ(results.At(i).Type()))
		}
		b.WriteString(")")
	}
	return b.String()
}

// typeParams prints a type parameter list with constraints, [T any], or
// nothing when there is none.
func (w *writer) typeParams(tps *types.TypeParamList) string {
	if tps.Len() == 0 {
		return ""
	}
	parts := make([]string, tps.Len())
	for i := range tps.Len() {
		tp := tps.At(i)
		parts[i] = tp.Obj().Name() + " " + w.typ(tp.Constraint())
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// typeArgs prints a generic type's parameters as arguments, [T], for a
// method's receiver.
func typeArgs(tps *types.TypeParamList) string {
	if tps.Len() == 0 {
		return ""
	}
	parts := make([]string, tps.Len())
	for i := range tps.Len() {
		parts[i] = tps.At(i).Obj().Name()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func (w *writer) typeName(obj *types.TypeName) {
	name := obj.Name()
	if obj.IsAlias() {
		w.emit("type %s = %s", name, w.typ(types.Unalias(obj.Type())))
		return
	}
	named, ok := obj.Type().(*types.Named)
	if !ok {
		return
	}
	decl := name + w.typeParams(named.TypeParams())
	under := named.Underlying()
	switch u := under.(type) {
	case *types.Struct:
		w.emit("type %s struct", decl)
		w.fields(decl, u, map[*types.Named]bool{named: true})
	case *types.Interface:
		w.interfaceType(decl, u)
	default:
		w.emit("type %s %s", decl, w.typ(under))
	}
	switch under.(type) {
	case *types.Struct, *types.Array:
		if types.Comparable(named) {
			w.emit("type %s comparable", decl)
		}
	}
	if _, ok := under.(*types.Interface); !ok {
		w.methods(named)
	}
}

// fields lists s's exported fields, and those promoted from embedded
// unexported struct types, which a user reaches just the same.
func (w *writer) fields(decl string, s *types.Struct, seen map[*types.Named]bool) {
	for i := range s.NumFields() {
		f := s.Field(i)
		if f.Embedded() {
			if f.Exported() {
				w.emit("type %s struct, embedded %s", decl, w.typ(f.Type()))
				continue
			}
			t := f.Type()
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			if n, ok := types.Unalias(t).(*types.Named); ok && !seen[n] {
				if inner, ok := n.Underlying().(*types.Struct); ok {
					seen[n] = true
					w.fields(decl, inner, seen)
				}
			}
			continue
		}
		if f.Exported() {
			w.emit("type %s struct, %s %s", decl, f.Name(), w.typ(f.Type()))
		}
	}
}

func (w *writer) interfaceType(decl string, it *types.Interface) {
	var names []string
	unexported := false
	for i := range it.NumMethods() {
		m := it.Method(i)
		if !m.Exported() {
			unexported = true
			continue
		}
		names = append(names, m.Name())
		w.emit("type %s interface, %s%s", decl, m.Name(), w.signature(m.Type().(*types.Signature)))
	}
	if unexported {
		names = append(names, "unexported methods")
	}
	if it.IsComparable() || !it.IsMethodSet() {
		// A constraint interface: print it whole.
		w.emit("type %s %s", decl, w.typ(it))
		return
	}
	if len(names) == 0 {
		w.emit("type %s interface {}", decl)
		return
	}
	w.emit("type %s interface { %s }", decl, strings.Join(names, ", "))
}

// methods lists the exported methods of T and *T, promoted ones included,
// each with the receiver that has it in its method set.
func (w *writer) methods(named *types.Named) {
	recv := named.Obj().Name() + typeArgs(named.TypeParams())
	valueSet := types.NewMethodSet(named)
	inValue := map[string]bool{}
	for i := range valueSet.Len() {
		sel := valueSet.At(i)
		if !sel.Obj().Exported() {
			continue
		}
		inValue[sel.Obj().Name()] = true
		w.emit("method (%s) %s%s", recv, sel.Obj().Name(), w.signature(sel.Type().(*types.Signature)))
	}
	ptrSet := types.NewMethodSet(types.NewPointer(named))
	for i := range ptrSet.Len() {
		sel := ptrSet.At(i)
		if !sel.Obj().Exported() || inValue[sel.Obj().Name()] {
			continue
		}
		w.emit("method (*%s) %s%s", recv, sel.Obj().Name(), w.signature(sel.Type().(*types.Signature)))
	}
}
