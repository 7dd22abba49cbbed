package main

import (
	"fmt"
	"strconv"
	"strings"
)

// flagDef is one flag of a command. The parser is small and written here,
// not the flag package's, because flags and positional arguments mix in
// any order (crevio products get my-course --expand reviews) and the same
// definitions feed help and shell completion.
type flagDef struct {
	name  string // long name, without dashes: "starting-after"
	short string // one letter, or ""
	arg   string // placeholder of the value in help ("" for a bool flag)
	usage string
	set   func(string) error
}

// isBool reports whether the flag takes no value.
func (d *flagDef) isBool() bool { return d.arg == "" }

// flagSet is the flags a command accepts.
type flagSet struct {
	defs    []*flagDef
	own     int  // how many of defs are the command's own, before the global flags
	globals bool // the global flags were added (addGlobals)
}

// ownDefs returns the command's own flags: those added before the global
// flags (all of them when there are no global flags).
func (fs *flagSet) ownDefs() []*flagDef {
	if !fs.globals {
		return fs.defs
	}
	return fs.defs[:fs.own]
}

func (fs *flagSet) add(d *flagDef) {
	if fs.lookup(d.name) != nil {
		return // the first definition wins (a params field over a global flag)
	}
	fs.defs = append(fs.defs, d)
}

func (fs *flagSet) lookup(name string) *flagDef {
	for _, d := range fs.defs {
		if d.name == name || (d.short != "" && d.short == name) {
			return d
		}
	}
	return nil
}

// boolFlag defines a flag that sets *p.
func boolFlag(p *bool) func(string) error {
	return func(s string) error {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", s)
		}
		*p = b
		return nil
	}
}

func stringFlag(p *string) func(string) error {
	return func(s string) error { *p = s; return nil }
}

// parse reads args: flags (--name value, --name=value, -d value, a bool
// --name or --name=false) anywhere, positional arguments in between, and
// everything after -- as positional. It stops at the first positional
// argument when stopAtArg is set (the global flags before a command).
func (fs *flagSet) parse(args []string, hint string, stopAtArg bool) (pos, rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(pos, args[i+1:]...), nil, nil
		}
		if len(a) < 2 || a[0] != '-' {
			if stopAtArg {
				return pos, args[i:], nil
			}
			pos = append(pos, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		value, hasValue := "", false
		if k, v, ok := strings.Cut(name, "="); ok {
			name, value, hasValue = k, v, true
		}
		d := fs.lookup(name)
		if d == nil {
			// Only the name: a value after = (--api-key=sk_…) may be a secret.
			flag, _, _ := strings.Cut(a, "=")
			return nil, nil, usagef(hint, "unknown flag %s", flag)
		}
		if d.isBool() {
			if !hasValue {
				value = "true"
			}
		} else if !hasValue {
			if i+1 >= len(args) {
				return nil, nil, usagef(hint, "flag --%s needs a value", d.name)
			}
			i++
			value = args[i]
		}
		if err := d.set(value); err != nil {
			return nil, nil, usagef(hint, "--%s: %v", d.name, err)
		}
	}
	return pos, nil, nil
}
