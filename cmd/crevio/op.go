package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/creviolabs/crevio-go"
)

// opArgs are what the command line gives an operation.
type opArgs struct {
	params  reflect.Value // a pointer to a new params struct
	data    *data
	flagged map[string][]byte // field wire name -> JSON, from the field flags
	all     bool
	files   []string // --file: a reader field's path
}

// opFlags defines the flags of op: one per params field, then -d,
// --data-json, --all for a list, then the global flags.
func (a *app) opFlags(op *operation, args *opArgs) *flagSet {
	var fs flagSet
	for _, f := range op.fields {
		f := f
		d := &flagDef{name: f.flag, arg: f.typeWord(), usage: f.usage(op)}
		if f.kind == kindReader {
			d.set = func(s string) error { args.files = append(args.files, s); return nil }
		} else {
			d.set = func(s string) error {
				if f.kind == kindBool && s == "" {
					s = "true"
				}
				b, err := f.toJSON(s)
				if err != nil {
					return err
				}
				args.flagged[f.wire] = b
				return nil
			}
		}
		fs.add(d)
	}
	fs.add(&flagDef{name: "data", short: "d", arg: "key=value", usage: "set a field by its wire name, modeled or not: key=value (text, or the field's type), key:=json (any JSON, such as null to clear a field), a.b=value for nested objects; repeatable", set: args.data.queuePair})
	fs.add(&flagDef{name: "data-json", arg: "json", usage: "set fields from a JSON object: text, @file or @- (standard input); -d and the flags win over it", set: func(s string) error {
		b, err := readDataJSON(s, a.stdin)
		if err != nil {
			return err
		}
		return args.data.addJSON(b)
	}})
	if op.all != nil {
		fs.add(&flagDef{name: "all", usage: "fetch every page and stream the objects as NDJSON, one a line (progress on stderr)", set: boolFlag(&args.all)})
	}
	a.addGlobals(&fs)
	return &fs
}

// usage is a params field's help line.
func (f *field) usage(op *operation) string {
	var parts []string
	switch {
	case f.kind == kindReader:
		parts = append(parts, "the file to send (a path, or - for standard input)")
	case f.enum != "" && f.kind == kindList:
		parts = append(parts, "comma-separated "+words(f.enum)+" values")
	case f.enum != "":
		parts = append(parts, "a "+words(f.enum))
	case f.kind == kindList:
		parts = append(parts, "comma-separated values")
	case f.kind == kindJSON:
		parts = append(parts, "JSON (or -d "+f.wire+".key=value)")
	case f.kind == kindTime && f.date:
		parts = append(parts, "a date: YYYY-MM-DD")
	case f.kind == kindTime:
		parts = append(parts, "RFC 3339, YYYY-MM-DD or Unix seconds")
	case f.kind == kindDuration:
		parts = append(parts, "a duration such as 2s or 500ms")
	default:
		parts = append(parts, words(f.goName))
	}
	if f.required {
		parts = append(parts, "required")
	}
	if f.nullable {
		parts = append(parts, "-d "+f.wire+":=null clears it")
	}
	if f.wire == "starting_after" {
		parts = append(parts, "the id to list after")
	}
	if f.wire == "limit" {
		parts = append(parts, "1 to 100")
	}
	return strings.Join(parts, "; ")
}

// runOp parses an operation's command line, calls it and prints the answer.
func (a *app) runOp(ctx context.Context, op *operation, argv []string) error {
	args := &opArgs{params: reflect.New(op.params.Elem()), data: newData(), flagged: map[string][]byte{}}
	fs := a.opFlags(op, args)
	hint := "crevio " + op.path()
	pos, _, err := fs.parse(argv, hint, false)
	if err != nil {
		return err
	}
	if a.g.help {
		a.printOpHelp(a.stdout, op, fs)
		return nil
	}
	want := 0
	if op.hasID {
		want = 1
	}
	if len(pos) != want {
		if want == 1 {
			return usagef(hint, "%s wants one argument, the %s's ID, got %d", op.path(), op.res.noun, len(pos))
		}
		return usagef(hint, "%s takes no arguments, got %q", op.path(), pos)
	}
	if err := a.fillParams(op, args); err != nil {
		return usagef(hint, "%v", err)
	}
	closeFiles, err := a.openFiles(op, args)
	if err != nil {
		return err
	}
	defer closeFiles()

	t, err := a.connect()
	if err != nil {
		return err
	}
	err = a.call(ctx, t.client, op, pos, args)
	if cerr := t.close(); err == nil && cerr != nil {
		err = cerr
	}
	return err
}

// fillParams sets the params from --data-json, then -d, then the field
// flags: each wins over the ones before, wherever it is on the line.
func (a *app) fillParams(op *operation, args *opArgs) error {
	if err := args.data.applyPairs(); err != nil {
		return err
	}
	if err := args.data.apply(args.params, op.fields, op.flat()); err != nil {
		return err
	}
	for _, f := range op.fields {
		if b, ok := args.flagged[f.wire]; ok {
			if err := f.set(args.params, b); err != nil {
				return fmt.Errorf("--%s: %v", f.flag, err)
			}
		}
	}
	return nil
}

// openFiles opens the --file of a reader field (a file upload) and fills
// an empty Filename from its name. The returned func closes it.
func (a *app) openFiles(op *operation, args *opArgs) (func(), error) {
	closers := []io.Closer{}
	done := func() {
		for _, c := range closers {
			c.Close()
		}
	}
	for _, f := range op.fields {
		if f.kind != kindReader {
			continue
		}
		if len(args.files) == 0 {
			continue
		}
		path := args.files[len(args.files)-1]
		fv := args.params.Elem().Field(f.index)
		if path == "-" {
			fv.Set(reflect.ValueOf(a.stdin))
		} else {
			file, err := os.Open(path)
			if err != nil {
				done()
				return nil, err
			}
			closers = append(closers, file)
			fv.Set(reflect.ValueOf(file))
		}
		if name := args.params.Elem().FieldByName("Filename"); name.IsValid() && name.Kind() == reflect.String && name.String() == "" && path != "-" {
			name.SetString(filepath.Base(path))
		}
	}
	return done, nil
}

// call runs the operation and prints its answer; with --all, it runs the
// All iterator instead and streams every object.
func (a *app) call(ctx context.Context, c *crevio.Client, op *operation, pos []string, args *opArgs) error {
	in := []reflect.Value{reflect.ValueOf(ctx)}
	if op.hasID {
		in = append(in, reflect.ValueOf(pos[0]))
	}
	in = append(in, args.params, reflect.ValueOf(a.requestOptions()))
	if args.all {
		return a.streamAll(ctx, c, op, in, args)
	}
	out := op.fn(c).CallSlice(in)
	if err, _ := out[1].Interface().(error); err != nil {
		return err
	}
	b, err := valueJSON(out[0])
	if err != nil {
		return err
	}
	return a.printJSON(b)
}

// streamAll runs the All method of op's service with the same params and
// writes each object as one line of JSON, with a progress line on stderr.
func (a *app) streamAll(ctx context.Context, c *crevio.Client, op *operation, in []reflect.Value, args *opArgs) error {
	// Whole pages of 100 unless --limit says otherwise: fewer round trips.
	if lim := args.params.Elem().FieldByName("Limit"); lim.IsValid() && lim.Kind() == reflect.Pointer && lim.IsNil() {
		n := 100
		lim.Set(reflect.ValueOf(&n))
	}
	seq := reflect.ValueOf(c).Elem().FieldByName(op.res.field).MethodByName("All").CallSlice(in)[0]
	pageSize := 100
	if lim := args.params.Elem().FieldByName("Limit"); lim.IsValid() && lim.Kind() == reflect.Pointer && !lim.IsNil() {
		pageSize = int(lim.Elem().Int())
	}
	pr := a.newProgress(op.res.plural, pageSize)
	var loopErr error
	yield := reflect.MakeFunc(seq.Type().In(0), func(vals []reflect.Value) []reflect.Value {
		if err, _ := vals[1].Interface().(error); err != nil {
			loopErr = err
			return []reflect.Value{reflect.ValueOf(false)}
		}
		b, err := valueJSON(vals[0])
		if err == nil {
			err = writeLine(a.stdout, b)
		}
		if err != nil {
			loopErr = err
			return []reflect.Value{reflect.ValueOf(false)}
		}
		pr.add()
		return []reflect.Value{reflect.ValueOf(true)}
	})
	seq.Call([]reflect.Value{yield})
	if loopErr == nil {
		loopErr = ctx.Err()
	}
	pr.done(loopErr == nil)
	return loopErr
}

// progress reports on standard error how many objects --all has written:
// one line rewritten in place on a terminal, else a line per page and a
// last line with the total.
type progress struct {
	w     io.Writer
	tty   bool
	noun  string // "products"
	every int    // a line every this many objects, off a terminal
	count int
}

func (a *app) newProgress(noun string, every int) *progress {
	return &progress{w: a.stderr, tty: a.errTTY, noun: noun, every: max(every, 1)}
}

// add counts one more object.
func (p *progress) add() {
	p.count++
	switch {
	case p.tty:
		fmt.Fprintf(p.w, "\rcrevio: %d %s", p.count, p.noun)
	case p.count%p.every == 0:
		fmt.Fprintf(p.w, "crevio: %d %s…\n", p.count, p.noun)
	}
}

// done ends the report: the total when complete is set, else how many
// were written before the failure.
func (p *progress) done(complete bool) {
	if p.tty && p.count > 0 {
		fmt.Fprint(p.w, "\r") // the last line replaces the running count
	}
	if complete {
		fmt.Fprintf(p.w, "crevio: %d %s in all\n", p.count, p.noun)
	} else if p.count > 0 {
		fmt.Fprintf(p.w, "crevio: stopped after %d %s\n", p.count, p.noun)
	}
}

// writeLine writes b compacted, as one line.
func writeLine(w io.Writer, b []byte) error {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		buf.Reset()
		buf.Write(b)
	}
	buf.WriteByte('\n')
	_, err := w.Write(buf.Bytes())
	return err
}

// printJSON writes b to stdout: indented on a terminal (or with --pretty),
// compact otherwise (or with --compact).
func (a *app) printJSON(b []byte) error {
	pretty := a.g.pretty || (a.outTTY && !a.g.compact)
	if !pretty {
		return writeLine(a.stdout, b)
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, b, "", "  "); err != nil {
		buf.Reset()
		buf.Write(b)
	}
	buf.WriteByte('\n')
	_, err := a.stdout.Write(buf.Bytes())
	return err
}

// rawJSONer is every API object: RawJSON gives every member the API sent.
type rawJSONer interface{ RawJSON() json.RawMessage }

// valueJSON returns the JSON of a result: the API's own bytes for an
// object (so fields the SDK does not model are kept), a list envelope of
// those for a page, json.Marshal for anything else.
func valueJSON(v reflect.Value) ([]byte, error) {
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return []byte("null"), nil
	}
	if r, ok := v.Interface().(rawJSONer); ok {
		if raw := r.RawJSON(); len(raw) > 0 {
			return raw, nil
		}
	}
	if v.Kind() == reflect.Pointer {
		if _, ok := pageElem(v.Elem().Type()); ok {
			return pageJSON(v.Elem())
		}
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return nil, fmt.Errorf("encoding the answer: %w", err)
	}
	return b, nil
}

// pageJSON renders a crevio.Page as the list envelope the API sent.
func pageJSON(p reflect.Value) ([]byte, error) {
	items := p.FieldByName("Data")
	data := make([]json.RawMessage, items.Len())
	for i := range data {
		b, err := valueJSON(items.Index(i).Addr())
		if err != nil {
			return nil, err
		}
		data[i] = b
	}
	env := struct {
		Object  string            `json:"object"`
		Data    []json.RawMessage `json:"data"`
		HasMore bool              `json:"has_more"`
		URL     string            `json:"url,omitempty"`
	}{p.FieldByName("Object").String(), data, p.FieldByName("HasMore").Bool(), p.FieldByName("URL").String()}
	return json.Marshal(env)
}
