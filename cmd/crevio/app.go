package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// app is one run of the command: its environment and global options.
type app struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	outTTY bool
	errTTY bool
	tree   []*resource

	g globals
}

// globals are the flags every command takes.
type globals struct {
	baseURL        string
	mock           bool
	mockState      string
	apiKeyFile     string
	pretty         bool
	compact        bool
	maxRetries     int // -1: the SDK's default
	timeout        time.Duration
	idempotencyKey string
	help           bool
}

// addGlobals defines the global flags in fs.
func (a *app) addGlobals(fs *flagSet) {
	g := &a.g
	fs.own, fs.globals = len(fs.defs), true
	fs.add(&flagDef{name: "help", short: "h", usage: "show help for the command", set: boolFlag(&g.help)})
	fs.add(&flagDef{name: "base-url", arg: "url", usage: "API base URL (default $CREVIO_BASE_URL, else " + crevio.DefaultBaseURL + ")", set: stringFlag(&g.baseURL)})
	fs.add(&flagDef{name: "mock", usage: "run against an in-memory fake of the API (creviotest), with demo data; no account needed", set: boolFlag(&g.mock)})
	fs.add(&flagDef{name: "mock-state", arg: "file", usage: "with --mock: load the fake's state from file (if it exists) and save it back after the command ($CREVIO_MOCK_STATE)", set: func(s string) error {
		g.mockState, g.mock = s, true
		return nil
	}})
	fs.add(&flagDef{name: "api-key-file", arg: "file", usage: "read the API key from file, or - for standard input (default $CREVIO_API_KEY)", set: stringFlag(&g.apiKeyFile)})
	fs.add(&flagDef{name: "pretty", usage: "indent the JSON output (the default on a terminal)", set: boolFlag(&g.pretty)})
	fs.add(&flagDef{name: "compact", usage: "one line of JSON (the default when not on a terminal)", set: boolFlag(&g.compact)})
	fs.add(&flagDef{name: "max-retries", arg: "n", usage: "retries of a failed call (default 2)", set: func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return fmt.Errorf("want a number of 0 or more, got %q", s)
		}
		g.maxRetries = n
		return nil
	}})
	fs.add(&flagDef{name: "timeout", arg: "duration", usage: "bound each call, retries included (such as 30s; default none)", set: func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return fmt.Errorf("want a positive duration such as 30s, got %q", s)
		}
		g.timeout = d
		return nil
	}})
	fs.add(&flagDef{name: "idempotency-key", arg: "key", usage: "send an Idempotency-Key header (makes a create safe to retry)", set: stringFlag(&g.idempotencyKey)})
}

// run runs the command line args and returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr,
		outTTY: isTerminal(stdout), errTTY: isTerminal(stderr), tree: buildTree()}
	a.g.maxRetries = -1
	if err := a.dispatch(ctx, args); err != nil {
		if ctx.Err() != nil && !errors.Is(err, context.Canceled) {
			err = fmt.Errorf("%w: %v", context.Canceled, err)
		}
		return reportError(stderr, err)
	}
	return exitOK
}

// special are the commands that are not an SDK operation.
var special = []struct{ name, summary string }{
	{"request", "send any request through the SDK's raw call: crevio request GET /products"},
	{"listen", "forward new webhook events to a local URL, re-signed"},
	{"trigger", "fire a realistic webhook event chain against the mock"},
	{"completion", "print a shell completion script (bash, zsh or fish)"},
	{"help", "show help for a command or a topic (exit-codes, data, environment)"},
	{"version", "print the version"},
}

// dispatch finds the command in args and runs it.
func (a *app) dispatch(ctx context.Context, args []string) error {
	var gfs flagSet
	a.addGlobals(&gfs)
	_, rest, err := gfs.parse(args, "crevio", true)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		a.printRootHelp(a.stdout)
		if a.g.help {
			return nil
		}
		return usagef("", "no command given")
	}
	word, rest := rest[0], rest[1:]
	switch word {
	case "help":
		return a.helpCommand(rest)
	case "version":
		pos, _, err := gfs.parse(rest, "crevio version", false)
		switch {
		case err != nil:
			return err
		case a.g.help:
			fmt.Fprint(a.stdout, "Print the version of crevio: the crevio-go SDK's it is built from.\n\nUsage:\n  crevio version\n\nExamples:\n  crevio version\n")
			return nil
		case len(pos) > 0:
			return usagef("crevio version", "version takes no arguments, got %q", pos)
		}
		fmt.Fprintf(a.stdout, "crevio %s (crevio-go SDK)\n", cliVersion)
		return nil
	case "completion":
		return a.completion(rest)
	case "request":
		return a.request(ctx, rest)
	case "listen":
		return a.listen(ctx, rest)
	case "trigger":
		return a.trigger(ctx, rest)
	}
	res := findResource(a.tree, word)
	if res == nil {
		return usagef("crevio", "unknown command %q%s", word, suggest(word, a.commandNames()))
	}
	_, rest, err = gfs.parse(rest, "crevio "+res.name, true)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		a.printResourceHelp(a.stdout, res)
		if a.g.help {
			return nil
		}
		return usagef("crevio "+res.name, "%s: no operation given", res.name)
	}
	op := res.findOp(rest[0])
	if op == nil {
		names := make([]string, len(res.ops))
		for i, o := range res.ops {
			names[i] = o.name
		}
		return usagef("crevio "+res.name, "unknown operation %q of %s%s", rest[0], res.name, suggest(rest[0], names))
	}
	return a.runOp(ctx, op, rest[1:])
}

// commandNames lists every top-level command.
func (a *app) commandNames() []string {
	var names []string
	for _, r := range a.tree {
		names = append(names, r.name)
	}
	for _, s := range special {
		names = append(names, s.name)
	}
	return names
}

// suggest returns ` (did you mean "x"?)` for the closest name, or "".
func suggest(word string, names []string) string {
	best, bestD := "", len(word)/2+2
	for _, n := range names {
		if d := editDistance(word, n); d < bestD {
			best, bestD = n, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// target is the API a command talks to: a client, and the embedded fake
// when --mock is set.
type target struct {
	client *crevio.Client
	mock   *creviotest.Server // nil unless --mock
	save   func() error       // saves --mock-state; nil when there is none
}

// close saves the mock's state (when asked) and stops it.
func (t *target) close() error {
	var err error
	if t.save != nil {
		err = t.save()
	}
	if t.mock != nil {
		t.mock.Close()
	}
	return err
}

// connect builds the client the global options ask for.
func (a *app) connect() (*target, error) {
	var opts []crevio.Option
	if a.g.maxRetries >= 0 {
		opts = append(opts, crevio.WithMaxRetries(a.g.maxRetries))
	}
	if a.g.timeout > 0 {
		opts = append(opts, crevio.WithTimeout(a.g.timeout))
	}
	opts = append(opts, crevio.WithUserAgentSuffix("crevio-cli/"+crevio.Version))
	if a.g.mock {
		if a.g.mockState == "" {
			a.g.mockState = a.getenv("CREVIO_MOCK_STATE")
		}
		return a.startMock(opts)
	}
	key, err := a.apiKey()
	if err != nil {
		return nil, err
	}
	base := a.g.baseURL
	if base == "" {
		base = a.getenv("CREVIO_BASE_URL")
	}
	if base != "" {
		opts = append(opts, crevio.WithBaseURL(base))
	}
	c, err := crevio.New(key, opts...)
	if err != nil {
		return nil, usagef("crevio", "%v", err)
	}
	return &target{client: c}, nil
}

// apiKey reads the API key: from --api-key-file, else CREVIO_API_KEY. It is
// never a flag's value, so it never lands in shell history, and never
// printed.
func (a *app) apiKey() (string, error) {
	if f := a.g.apiKeyFile; f != "" {
		var b []byte
		var err error
		if f == "-" {
			b, err = io.ReadAll(io.LimitReader(a.stdin, 64<<10))
		} else {
			b, err = os.ReadFile(f)
		}
		if err != nil {
			// Only the cause: the path may be the key, given by mistake.
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return "", &authError{fmt.Sprintf("cannot read the API key: reading --api-key-file: %v", err)}
		}
		key := strings.TrimSpace(string(b))
		if key == "" {
			return "", &authError{"the API key file is empty"}
		}
		return key, nil
	}
	key := strings.TrimSpace(a.getenv("CREVIO_API_KEY"))
	if key == "" {
		return "", &authError{"no API key: set CREVIO_API_KEY (or use --api-key-file FILE, or --mock to try the fake)"}
	}
	return key, nil
}

// requestOptions are the per-call options the global flags ask for.
func (a *app) requestOptions() []crevio.RequestOption {
	var opts []crevio.RequestOption
	if a.g.idempotencyKey != "" {
		opts = append(opts, crevio.WithIdempotencyKey(a.g.idempotencyKey))
	}
	return opts
}
