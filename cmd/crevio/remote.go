package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/creviolabs/crevio-go"
)

// This file holds the commands that go through the SDK's raw call,
// crevio.Client.Do: request (any path) and trigger (the mock's control
// plane, /v1/test_helpers/...).

// isMock reports whether the target is the mock: the embedded one, or a
// running creviomock (its control plane, GET /test_helpers, answers).
func (a *app) isMock(ctx context.Context, t *target) (bool, error) {
	if t.mock != nil {
		return true, nil
	}
	var out struct {
		Object string `json:"object"`
	}
	err := t.client.Do(ctx, http.MethodGet, "/test_helpers", nil, &out)
	var ce *crevio.Error
	switch {
	case err == nil:
		return out.Object == "test_helpers", nil
	case errors.As(err, &ce) && (ce.StatusCode == http.StatusNotFound || ce.StatusCode == http.StatusMethodNotAllowed):
		return false, nil
	}
	var de *crevio.DecodeError
	if errors.As(err, &de) && de.StatusCode != 0 {
		return false, nil // an answer, but not the control plane's
	}
	return false, err
}

// errNotMock is the error of a command that needs the mock's control plane.
var errNotMock = errors.New("this command works only against the mock: use --mock, or --base-url of a running creviomock")

// requestOpts are the flags of request.
type requestOpts struct {
	data *data
	all  bool
}

func (a *app) requestFlags(o *requestOpts) *flagSet {
	var fs flagSet
	fs.add(&flagDef{name: "data", short: "d", arg: "key=value", usage: "a param: key=value (text), key:=json (any JSON value), a.b=value (nested); the query of a GET or DELETE, else the JSON body; repeatable", set: o.data.queuePair})
	fs.add(&flagDef{name: "data-json", arg: "json", usage: "params as a JSON object: text, @file or @- (standard input); -d wins over it", set: func(s string) error {
		b, err := readDataJSON(s, a.stdin)
		if err != nil {
			return err
		}
		return o.data.addJSON(b)
	}})
	fs.add(&flagDef{name: "all", usage: "GET only: fetch every page of a list and stream its objects as NDJSON (progress on stderr)", set: boolFlag(&o.all)})
	a.addGlobals(&fs)
	return &fs
}

const requestHelp = `Send any request through the SDK's raw call (crevio.Client.Do), for
operations the SDK does not model yet. The answer is printed as JSON.

Usage:
  crevio request METHOD PATH [-d key=value]... [--data-json JSON] [--all]

PATH is relative to the base URL (/products, not /v1/products; a leading
/v1 is dropped when the base URL ends in /v1), with ids as they are (each
segment is escaped), and may carry a query (/products?limit=5). Params
from -d and --data-json are the query of a GET or DELETE and the JSON body
of any other method (-d key=value sends a string; -d key:=500 a number).
The request gets the client's authentication, retries, idempotency keys
and typed errors, like every other command. --all pages a list (GET) with
crevio.All.

Flags:
`

func (a *app) request(ctx context.Context, argv []string) error {
	o := &requestOpts{data: newData()}
	fs := a.requestFlags(o)
	hint := "crevio request"
	pos, _, err := fs.parse(argv, hint, false)
	if err != nil {
		return err
	}
	if a.g.help {
		fmt.Fprint(a.stdout, requestHelp)
		printFlags(a.stdout, fs.ownDefs())
		fmt.Fprint(a.stdout, `
Examples:
  crevio request GET /products -d limit=5 -d status=active
  crevio request GET /webhook_events --all -d type=order.paid
  crevio request POST /products -d name=Guide -d 'price_cents:=900'
  crevio --mock request POST /test_helpers/trigger -d type=order.paid

Global flags: see 'crevio --help'.
`)
		return nil
	}
	if len(pos) != 2 {
		return usagef(hint, "request wants two arguments, METHOD and PATH, got %d", len(pos))
	}
	method := strings.ToUpper(pos[0])
	switch method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return usagef(hint, "unknown method %q: want GET, POST, PUT, PATCH or DELETE", pos[0])
	}
	p, rawQuery, _ := strings.Cut(pos[1], "?")
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	if !strings.HasPrefix(p, "/") {
		return usagef(hint, "PATH must start with /, such as /products, got %q", pos[1])
	}
	if o.all && method != http.MethodGet {
		return usagef(hint, "--all pages a list: it needs GET, not %s", method)
	}
	if err := o.data.applyPairs(); err != nil {
		return usagef(hint, "%v", err)
	}
	query := method == http.MethodGet || method == http.MethodDelete
	var params any
	if query {
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			return usagef(hint, "the query of %q: %v", pos[1], err)
		}
		for k, vs := range flattenQuery(o.data.obj) {
			q[k] = vs
		}
		if len(q) > 0 {
			params = q
		}
	} else {
		if rawQuery != "" {
			return usagef(hint, "a %s sends its params as a JSON body: give them with -d, not in the path", method)
		}
		if len(o.data.obj) > 0 {
			params = o.data.obj
		}
	}

	t, err := a.connect()
	if err != nil {
		return err
	}
	if o.all {
		err = a.requestAll(ctx, t.client, p, params)
	} else {
		var out json.RawMessage
		err = t.client.Do(ctx, method, p, params, &out, a.requestOptions()...)
		if err == nil && len(out) > 0 {
			err = a.printJSON(out)
		}
	}
	if cerr := t.close(); err == nil && cerr != nil {
		err = cerr
	}
	return err
}

// requestAll streams every object of the list at path as NDJSON.
func (a *app) requestAll(ctx context.Context, c *crevio.Client, path string, params any) error {
	pr := a.newProgress(lastSegment(path), 100)
	for obj, err := range crevio.All[json.RawMessage](ctx, c, path, params, a.requestOptions()...) {
		if err != nil {
			pr.done(false)
			return err
		}
		if err := writeLine(a.stdout, *obj); err != nil {
			return err
		}
		pr.add()
	}
	pr.done(true)
	return ctx.Err()
}

// lastSegment names what a list path lists: "/blog/posts" gives "posts".
func lastSegment(p string) string {
	p = strings.Trim(p, "/")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		p = p[i+1:]
	}
	if p == "" {
		return "objects"
	}
	return strings.ReplaceAll(p, "_", " ")
}

// flattenQuery turns -d params into a query: arrays are sent once per
// element, nested objects with brackets (metadata[plan]=pro), other values
// as their text.
func flattenQuery(obj map[string]any) url.Values {
	q := url.Values{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(prefix+"["+k+"]", x[k])
			}
		case []any:
			for _, e := range x {
				q.Add(prefix, fmt.Sprint(queryValue(e)))
			}
		case nil:
			q.Add(prefix, "")
		default:
			q.Add(prefix, fmt.Sprint(x))
		}
	}
	for k, v := range obj {
		walk(k, v)
	}
	return q
}
