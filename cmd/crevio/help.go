package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/creviolabs/crevio-go"
)

// Help is generated from the command tree (doc comments are not available
// at run time), with hand-written examples for the common commands.

// examples are hand-written examples, by command path; the others get one
// generated from their flags.
var examples = map[string][]string{
	"products list":            {"crevio products list --status active --limit 50", "crevio products list --all > products.ndjson"},
	"products get":             {"crevio products get my-course --expand reviews"},
	"products create":          {"crevio products create --name 'My Course' --status draft", "crevio products create --name Guide -d tax_code=txcd_10000000"},
	"products update":          {"crevio products update my-course --status active", "crevio products update my-course -d description:=null"},
	"price-variants create":    {"crevio price-variants create --product my-course --amount 4900 --currency usd"},
	"refunds create":           {"crevio refunds create --order ord_123 --amount 500 --reason requested_by_customer"},
	"subscriptions cancel":     {"crevio subscriptions cancel sub_123"},
	"subscriptions list":       {"crevio subscriptions list --status active --all"},
	"customers list":           {"crevio customers list --query ada@example.com"},
	"customers create":         {"crevio customers create --email ada@example.com --name 'Ada Lovelace'"},
	"checkouts create":         {`crevio checkouts create --line-items '[{"price_variant":"price_123","quantity":1}]' --email ada@example.com`},
	"orders list":              {"crevio orders list --status paid --expand customer --all"},
	"invoices void":            {"crevio invoices void inv_123"},
	"files upload":             {"crevio files upload --file ./cover.png", "cat notes.pdf | crevio files upload --file - --filename notes.pdf"},
	"webhook-endpoints create": {"crevio webhook-endpoints create --url https://example.com/webhooks --events 'order.paid,invoice.paid'"},
	"webhook-events list":      {"crevio webhook-events list --type order.paid --status failed"},
	"bookings create":          {`crevio bookings create --event-type-id evt_123 --start-time 2026-05-01T10:00:00Z --time-zone UTC -d attendee.name=Ada -d attendee.email=ada@example.com`},
	"event-types slots":        {"crevio event-types slots evt_123 --from 2026-05-01 --to 2026-05-07 --timezone Europe/Paris"},
	"users check-access":       {"crevio users check-access usr_123 --resource-id prod_123"},
}

// opSummary is a generated one-line description of an operation.
func opSummary(op *operation) string {
	n, pl := op.res.noun, op.res.plural
	switch op.method {
	case "List":
		if op.all != nil {
			return fmt.Sprintf("List %s, one page, newest first (--all: every page)", pl)
		}
		return "List " + pl
	case "Get":
		if op.hasID {
			return fmt.Sprintf("Get %s by ID", article(n))
		}
		return "Get the " + n
	case "Create":
		return "Create " + article(n)
	case "Update":
		if op.hasID {
			return fmt.Sprintf("Update %s by ID", article(n))
		}
		return "Update the " + n
	case "Delete":
		return fmt.Sprintf("Delete %s by ID", article(n))
	}
	verb := words(op.method)
	verb = strings.ToUpper(verb[:1]) + verb[1:]
	if op.hasID {
		return fmt.Sprintf("%s: %s, by ID", verb, article(n))
	}
	return fmt.Sprintf("%s (%s)", verb, pl)
}

func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// usageLine is "crevio products get ID [flags]".
func usageLine(op *operation) string {
	s := "crevio " + op.path()
	if op.hasID {
		s += " ID"
	}
	return s + " [flags]"
}

// opExamples returns the examples of op: hand-written, or generated from
// its ID and first field.
func opExamples(op *operation) []string {
	if ex, ok := examples[op.path()]; ok {
		return ex
	}
	s := "crevio " + op.path()
	if op.hasID {
		s += " " + exampleID(op.res)
	}
	for _, f := range op.fields {
		if f.wire == "starting_after" || f.kind == kindJSON {
			continue
		}
		switch f.kind {
		case kindBool:
			s += " --" + f.flag
		case kindInt:
			if f.wire == "limit" {
				s += " --limit 10"
			} else {
				s += " --" + f.flag + " 1"
			}
		case kindTime:
			s += " --" + f.flag + " 2026-05-01"
		case kindDuration:
			s += " --" + f.flag + " 2s"
		case kindReader:
			s += " --file ./path"
		default:
			s += " --" + f.flag + " VALUE"
		}
		break
	}
	return []string{s}
}

// exampleID is a plausible id for a resource's examples.
func exampleID(res *resource) string {
	prefix := map[string]string{
		"products": "my-course", "price-variants": "price_123", "orders": "ord_123", "order-items": "oi_123",
		"refunds": "re_123", "customers": "cus_123", "subscriptions": "sub_123", "invoices": "inv_123",
		"checkouts": "co_123", "checkout-links": "cl_123", "discounts": "disc_123", "experiences": "my-experience",
		"blog-posts": "my-post", "legal-pages": "terms", "reviews": "rev_123", "files": "file_123",
		"webhook-endpoints": "wh_123", "webhook-events": "whev_123", "users": "usr_123", "forms": "form_123",
		"event-types": "evt_123",
	}[res.name]
	if prefix == "" {
		prefix = "ID"
	}
	return prefix
}

func (a *app) printRootHelp(w io.Writer) {
	fmt.Fprintf(w, `crevio calls the Crevio API from the shell.

Usage:
  crevio [global flags] RESOURCE OPERATION [ID] [flags]
  crevio [global flags] COMMAND [args]

Resources and their operations:
`)
	for _, r := range a.tree {
		names := make([]string, len(r.ops))
		for i, op := range r.ops {
			names[i] = op.name
		}
		fmt.Fprintf(w, "  %-19s %s\n", r.name, strings.Join(names, ", "))
	}
	fmt.Fprintf(w, "\nOther commands:\n")
	for _, s := range special {
		fmt.Fprintf(w, "  %-19s %s\n", s.name, s.summary)
	}
	fmt.Fprintf(w, "\nGlobal flags:\n")
	var fs flagSet
	a.addGlobals(&fs)
	printFlags(w, fs.defs)
	fmt.Fprintf(w, `
Examples:
  export CREVIO_API_KEY=sk_live_...
  crevio products list --status active --limit 50
  crevio products get my-course --expand reviews
  crevio --mock subscriptions list --status active
  crevio --mock trigger order.paid

Run 'crevio RESOURCE OPERATION --help' for an operation's flags, and
'crevio help exit-codes', 'crevio help data' or 'crevio help environment'.
`)
}

func (a *app) printResourceHelp(w io.Writer, res *resource) {
	fmt.Fprintf(w, "crevio %s: the %s API (crevio.Client.%s).\n\nOperations:\n", res.name, res.plural, res.field)
	for _, op := range res.ops {
		fmt.Fprintf(w, "  %-42s %s\n", usageLine(op), opSummary(op))
	}
	fmt.Fprintf(w, "\nExamples:\n")
	for i, op := range res.ops {
		if i == 2 {
			break
		}
		fmt.Fprintf(w, "  %s\n", opExamples(op)[0])
	}
	fmt.Fprintf(w, "\nRun 'crevio %s OPERATION --help' for its flags.\n", res.name)
}

func (a *app) printOpHelp(w io.Writer, op *operation, fs *flagSet) {
	fmt.Fprintf(w, "%s.\n\nUsage:\n  %s\n", opSummary(op), usageLine(op))
	fmt.Fprintf(w, "\nSDK: client.%s.%s(ctx, ", op.res.field, op.method)
	if op.hasID {
		fmt.Fprint(w, "id, ")
	}
	fmt.Fprintf(w, "&crevio.%s{...})\n", op.params.Elem().Name())
	if op.all != nil {
		fmt.Fprintf(w, "     client.%s.All(...) with --all\n", op.res.field)
	}
	fmt.Fprintf(w, "\nFlags:\n")
	nGlobal := 0
	var g flagSet
	a.addGlobals(&g)
	var own []*flagDef
	for _, d := range fs.defs {
		if gd := g.lookup(d.name); gd != nil && gd.usage == d.usage {
			nGlobal++
			continue
		}
		own = append(own, d)
	}
	printFlags(w, own)
	fmt.Fprintf(w, "\nExamples:\n")
	for _, ex := range opExamples(op) {
		fmt.Fprintf(w, "  %s\n", ex)
	}
	fmt.Fprintf(w, "\nGlobal flags (%d, such as --mock and --base-url): see 'crevio --help'.\n", nGlobal)
}

// printFlags writes one line per flag.
func printFlags(w io.Writer, defs []*flagDef) {
	for _, d := range defs {
		name := "--" + d.name
		if d.short != "" {
			name = "-" + d.short + ", " + name
		}
		if d.arg != "" {
			name += " " + d.arg
		}
		fmt.Fprintf(w, "  %-30s %s\n", name, d.usage)
	}
}

// helpTopics are the help pages that are not a command's.
var helpTopics = map[string]func(a *app, w io.Writer){
	"exit-codes":  func(a *app, w io.Writer) { printExitCodes(w) },
	"data":        func(a *app, w io.Writer) { fmt.Fprint(w, dataHelp) },
	"environment": func(a *app, w io.Writer) { fmt.Fprint(w, envHelp) },
}

func printExitCodes(w io.Writer) {
	fmt.Fprintf(w, "Exit codes of crevio:\n\n")
	for _, c := range exitCodes {
		fmt.Fprintf(w, "  %3d  %-12s  %s\n", c.code, c.name, c.desc)
	}
	fmt.Fprintf(w, "\nErrors are written to standard error with the API's type, code, message and request id.\n")
}

const dataHelp = `Setting params with -d and --data-json

Every operation has a flag per field its params type models (--limit,
--starting-after, --expand reviews,comments). Two more flags set any field,
modeled or not, by its name on the wire:

  -d key=value         text; for a modeled field, converted to its type (-d limit=5)
  -d key:=json         any JSON value: -d amount:=500, -d hidden:=true,
                       -d description:=null (clears a nullable field),
                       -d 'line_items:=[{"price_variant":"price_1","quantity":1}]'
  -d a.b=value         a nested object: -d attendee.email=ada@example.com
  --data-json JSON     a JSON object of fields; @file reads a file, @- standard input

Keys the SDK does not model go to the params' Extra map, and so to the
API as they are. The flags win over -d, and -d over --data-json.
`

var envHelp = `Environment

  CREVIO_API_KEY      the API key (required unless --mock). There is no flag
                      for it, so it never lands in shell history; use
                      --api-key-file FILE (or - for standard input) to read it
                      from a file. It is never printed.
  CREVIO_BASE_URL     the API base URL (default ` + crevio.DefaultBaseURL + `);
                      --base-url overrides it. Plain http is refused except to
                      a loopback host (a local creviomock).
  CREVIO_MOCK_STATE   with --mock: a file the fake's state is loaded from and
                      saved to, so state persists across commands.
  CREVIO_WEBHOOK_SECRET  listen: the whsec_ secret to sign forwarded events
                      with (default: a new one, printed at start).
`

// helpCommand is "crevio help [topic | resource [operation]]".
func (a *app) helpCommand(args []string) error {
	args = slices.DeleteFunc(slices.Clone(args), func(s string) bool { return s == "-h" || s == "--help" })
	if len(args) == 0 {
		a.printRootHelp(a.stdout)
		return nil
	}
	if t, ok := helpTopics[args[0]]; ok {
		t(a, a.stdout)
		return nil
	}
	for _, s := range special {
		if s.name == args[0] {
			a.g.help = true
			switch s.name {
			case "request":
				return a.request(context.Background(), nil)
			case "listen":
				return a.listen(context.Background(), nil)
			case "trigger":
				return a.trigger(context.Background(), nil)
			case "completion":
				return a.completion(nil)
			}
			a.printRootHelp(a.stdout)
			return nil
		}
	}
	res := findResource(a.tree, args[0])
	if res == nil {
		return usagef("crevio help", "no help for %q%s", args[0], suggest(args[0], a.commandNames()))
	}
	if len(args) == 1 {
		a.printResourceHelp(a.stdout, res)
		return nil
	}
	op := res.findOp(args[1])
	if op == nil {
		return usagef("crevio help "+res.name, "no operation %q of %s", args[1], res.name)
	}
	a.g.help = true
	return a.runOp(context.Background(), op, nil)
}
