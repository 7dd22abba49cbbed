// Command creviomock serves the creviotest fake of the Crevio API on a
// loopback port, for trying the SDK, the examples or any HTTP client
// without a real account, and drives a running one from the command line.
//
//	go run ./cmd/creviomock [-addr 127.0.0.1:12111] [-token T] [-seed file.json] [-state file.json]
//
// It prints the base URL and token to use:
//
//	export CREVIO_BASE_URL=http://127.0.0.1:12111/v1
//	export CREVIO_API_KEY=sk_test_creviotest
//
// and logs one line per request (method, path, status, duration) and per
// webhook delivery attempt (with the reason of a failure) to standard
// error. The seed file maps resource names to arrays of objects, such as
// {"products": [{"name": "My Course", "status": "active"}]}. State lives in
// memory; with -state FILE it is loaded from FILE at start (when the file
// exists; -seed applies only when it does not) and written back to it at
// shutdown (SIGINT or SIGTERM), atomically: a crash leaves the previous
// file whole.
//
// The other commands talk to a running creviomock over HTTP, through its
// control plane (/v1/test_helpers), and print its JSON answer:
//
//	creviomock complete CHECKOUT_ID       pay a checkout: prints the order
//	creviomock expire CHECKOUT_ID         expire a checkout
//	creviomock confirm CUSTOMER_ID        confirm a customer (double opt-in)
//	creviomock trigger TYPE [-object ID]  send a webhook event, such as order.paid
//	creviomock fault KIND [flags]         inject a fault (rate_limit, fail, latency, ...)
//	creviomock faults                     list the pending faults
//	creviomock clear-faults               remove every fault and latency
//	creviomock deliveries [-status S]     webhook events with their attempts
//	creviomock wait [-timeout 10s]        wait until webhook deliveries are done
//	creviomock reset                      empty the store
//
// They find the server with -url (default $CREVIO_BASE_URL, else
// http://127.0.0.1:12111/v1) and authenticate with -token (default
// $CREVIO_API_KEY, else sk_test_creviotest).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/creviolabs/crevio-go/creviotest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "creviomock:", err)
		stop()
		os.Exit(1)
	}
}

// requestHistory is how many requests the server keeps in memory.
const requestHistory = 100

// shutdownTimeout bounds how long in-flight requests may take once the
// server is asked to stop.
const shutdownTimeout = 5 * time.Second

// defaultAddr is where the server listens, and where the other commands
// look for it, unless told otherwise.
const defaultAddr = "127.0.0.1:12111"

// run runs the command in args: serve (the default) or a control command.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		if args[0] == "serve" {
			return serve(ctx, args[1:], stdout, stderr)
		}
		if cmd, ok := commands[args[0]]; ok {
			return control(ctx, args[0], cmd, args[1:], stdout, stderr)
		}
		if !strings.HasPrefix(args[0], "-") {
			return fmt.Errorf("unknown command %q (have serve, %s)", args[0], strings.Join(commandNames(), ", "))
		}
	}
	return serve(ctx, args, stdout, stderr)
}

// serve serves the fake until ctx ends, then shuts down cleanly. It writes
// the connection settings to stdout and the request log to stderr.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("creviomock", flag.ContinueOnError)
	flags.SetOutput(stderr)
	addr := flags.String("addr", defaultAddr, "`host:port` to listen on (port 0 picks a free one)")
	token := flags.String("token", creviotest.DefaultToken, "API `token` clients must send as 'Authorization: Bearer <token>'")
	seed := flags.String("seed", "", "JSON `file` of objects to load, such as {\"products\": [...]}")
	state := flags.String("state", "", "JSON `file` to load the store from at start (if it exists) and save it to at shutdown")
	flags.Usage = func() {
		fmt.Fprintf(flags.Output(), "Usage: creviomock [serve] [flags]\n       creviomock COMMAND [flags] [args]\n\n"+
			"Serves an in-memory fake of the Crevio API, or drives a running one.\n\nServe flags:\n")
		flags.PrintDefaults()
		fmt.Fprintf(flags.Output(), "\nCommands (run 'creviomock COMMAND -h' for their flags):\n")
		for _, name := range commandNames() {
			fmt.Fprintf(flags.Output(), "  %-13s %s\n", name, commands[name].summary)
		}
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", flags.Args())
	}
	if *token == "" {
		return errors.New("-token must not be empty")
	}

	fake := creviotest.New(
		creviotest.WithToken(*token),
		creviotest.WithRequestLog(stderr),
		creviotest.WithRequestHistory(requestHistory), // nobody reads it here: keep memory flat
	)
	defer fake.Close()
	loaded := false
	if *state != "" {
		switch err := fake.LoadStateFile(*state); {
		case err == nil:
			loaded = true
		case !errors.Is(err, fs.ErrNotExist):
			return err
		}
	}
	if *seed != "" && !loaded {
		if err := fake.SeedFile(*seed); err != nil {
			return err
		}
	}

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: fake, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	base := "http://" + ln.Addr().String() + creviotest.APIPrefix
	fmt.Fprintf(stdout, "creviomock: fake Crevio API listening on %s\n", base)
	if loaded {
		fmt.Fprintf(stdout, "creviomock: state loaded from %s\n", *state)
	}
	verb := "seeded"
	if loaded {
		verb = "loaded"
	}
	for _, name := range fake.Resources() {
		if n := fake.Count(name); n > 0 && (*seed != "" || loaded) {
			fmt.Fprintf(stdout, "creviomock: %s %d %s\n", verb, n, name)
		}
	}
	fmt.Fprintf(stdout, "export CREVIO_BASE_URL=%s\nexport CREVIO_API_KEY=%s\n", base, *token)

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	fake.Close() // requests waiting on injected latency answer at once
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if *state != "" {
		if err := fake.SaveStateFile(*state); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "creviomock: state saved to %s\n", *state)
	}
	fmt.Fprintln(stdout, "creviomock: stopped")
	return nil
}

// command is a control command: how to parse its arguments into a
// request to the control plane.
type command struct {
	summary string
	args    string // the positional arguments, for usage
	nargs   int    // how many positional arguments it takes
	flags   func(fs *flag.FlagSet) func(args []string) (method, path string, body any, err error)
}

// commands are the control commands, by name.
var commands = map[string]command{
	"complete": {summary: "pay an open checkout; prints the order it creates", args: "CHECKOUT_ID", nargs: 1,
		flags: idCommand("checkouts", "complete")},
	"expire": {summary: "expire an open checkout", args: "CHECKOUT_ID", nargs: 1,
		flags: idCommand("checkouts", "expire")},
	"confirm": {summary: "confirm a customer's email address", args: "CUSTOMER_ID", nargs: 1,
		flags: idCommand("customers", "confirm")},
	"trigger": {summary: "send a webhook event (order.paid, ...) about an object", args: "EVENT_TYPE", nargs: 1,
		flags: func(fs *flag.FlagSet) func([]string) (string, string, any, error) {
			object := fs.String("object", "", "`id` of the object the event is about (default: the newest of its kind)")
			return func(args []string) (string, string, any, error) {
				return http.MethodPost, "/test_helpers/trigger", map[string]any{"type": args[0], "object": *object}, nil
			}
		}},
	"fault": {summary: "inject a fault into the next requests", args: "KIND", nargs: 1, flags: faultFlags},
	"faults": {summary: "list the pending faults and latency",
		flags: fixed(http.MethodGet, "/test_helpers/faults")},
	"clear-faults": {summary: "remove every pending fault and latency",
		flags: fixed(http.MethodDelete, "/test_helpers/faults")},
	"deliveries": {summary: "list webhook events with their delivery attempts",
		flags: func(fs *flag.FlagSet) func([]string) (string, string, any, error) {
			typ := fs.String("type", "", "only events of this `type`")
			status := fs.String("status", "", "only events with this `status` (pending, delivered, failed)")
			endpoint := fs.String("endpoint", "", "only events for this webhook endpoint `id`")
			return func([]string) (string, string, any, error) {
				q := url.Values{}
				for k, v := range map[string]string{"type": *typ, "status": *status, "webhook_endpoint": *endpoint} {
					if v != "" {
						q.Set(k, v)
					}
				}
				path := "/test_helpers/deliveries"
				if len(q) > 0 {
					path += "?" + q.Encode()
				}
				return http.MethodGet, path, nil, nil
			}
		}},
	"wait": {summary: "wait until the webhook deliveries in flight are done",
		flags: func(fs *flag.FlagSet) func([]string) (string, string, any, error) {
			timeout := fs.Duration("timeout", 10*time.Second, "how long to wait at most")
			return func([]string) (string, string, any, error) {
				return http.MethodPost, "/test_helpers/deliveries/wait?timeout=" + timeout.String(), nil, nil
			}
		}},
	"reset": {summary: "empty the store, as a fresh server",
		flags: fixed(http.MethodPost, "/test_helpers/reset")},
}

func commandNames() []string {
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func idCommand(resource, action string) func(*flag.FlagSet) func([]string) (string, string, any, error) {
	return func(*flag.FlagSet) func([]string) (string, string, any, error) {
		return func(args []string) (string, string, any, error) {
			return http.MethodPost, "/test_helpers/" + resource + "/" + url.PathEscape(args[0]) + "/" + action, nil, nil
		}
	}
}

func fixed(method, path string) func(*flag.FlagSet) func([]string) (string, string, any, error) {
	return func(*flag.FlagSet) func([]string) (string, string, any, error) {
		return func([]string) (string, string, any, error) { return method, path, nil, nil }
	}
}

// headerFlags collects repeated -header "Name: value" flags.
type headerFlags map[string]string

func (h headerFlags) String() string { return "" }

func (h headerFlags) Set(v string) error {
	k, val, ok := strings.Cut(v, ":")
	if !ok || strings.TrimSpace(k) == "" {
		return fmt.Errorf("want \"Name: value\", got %q", v)
	}
	h[strings.TrimSpace(k)] = strings.TrimSpace(val)
	return nil
}

func faultFlags(fs *flag.FlagSet) func([]string) (string, string, any, error) {
	count := fs.Int("count", 1, "how many requests the fault applies to")
	status := fs.Int("status", 0, "the answer's `status` (fail, fail_after: 500; html_error: 502)")
	retryAfter := fs.String("retry-after", "", "Retry-After header `value` (rate_limit; seconds or an HTTP date)")
	duration := fs.String("duration", "", "latency: how long to delay each request, such as 250ms (0 removes it)")
	perSecond := fs.Float64("per-second", 0, "request_budget: the `rate` of requests accepted per second (0 removes the budget)")
	burst := fs.Int("burst", 0, "request_budget: how many requests may come at once (default: one second's worth)")
	method := fs.String("method", "", "only requests with this `method`")
	path := fs.String("path", "", "only requests to this `path` under /v1, such as /products/* (* matches one segment)")
	headers := headerFlags{}
	fs.Var(headers, "header", "`Name: value` header to add to the fault's answers (repeatable)")
	return func(args []string) (string, string, any, error) {
		body := map[string]any{"kind": args[0], "count": *count}
		if *status != 0 {
			body["status"] = *status
		}
		if *retryAfter != "" {
			body["retry_after"] = *retryAfter
		}
		if *duration != "" {
			body["duration"] = *duration
		}
		if args[0] == "request_budget" {
			body["per_second"], body["burst"] = *perSecond, *burst
		}
		if *method != "" {
			body["method"] = *method
		}
		if *path != "" {
			body["path"] = *path
		}
		if len(headers) > 0 {
			body["headers"] = map[string]string(headers)
		}
		return http.MethodPost, "/test_helpers/faults", body, nil
	}
}

// control runs a control command against a running server and prints its
// answer.
func control(ctx context.Context, name string, cmd command, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("creviomock "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	baseDefault := os.Getenv("CREVIO_BASE_URL")
	if baseDefault == "" {
		baseDefault = "http://" + defaultAddr + creviotest.APIPrefix
	}
	tokenDefault := os.Getenv("CREVIO_API_KEY")
	if tokenDefault == "" {
		tokenDefault = creviotest.DefaultToken
	}
	base := fs.String("url", baseDefault, "base `URL` of the running creviomock ($CREVIO_BASE_URL)")
	token := fs.String("token", tokenDefault, "API `token` ($CREVIO_API_KEY)")
	build := cmd.flags(fs)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: creviomock %s [flags] %s\n\n%s.\n\nFlags:\n", name, cmd.args, cmd.summary)
		fs.PrintDefaults()
	}
	positional, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if len(positional) != cmd.nargs {
		fs.Usage()
		return fmt.Errorf("%s takes %d argument(s) (%s), got %d", name, cmd.nargs, cmd.args, len(positional))
	}
	method, path, body, err := build(positional)
	if err != nil {
		return err
	}
	out, err := call(ctx, strings.TrimRight(*base, "/")+path, *token, method, body)
	if err != nil {
		return err
	}
	_, err = stdout.Write(out)
	return err
}

// parseInterleaved parses flags that may come before or after the
// positional arguments ("trigger order.paid -object ord_1") and returns
// the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// call sends one control-plane request and returns its answer, indented.
// An error answer becomes an error naming its status, code and message.
func call(ctx context.Context, target, token, method string, body any) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(ctx, 6*time.Minute) // the longest wait is 5 minutes
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("is creviomock running? %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		var env struct {
			Error struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		if json.Unmarshal(raw, &env) == nil && env.Error.Message != "" {
			return nil, fmt.Errorf("%d %s: %s", resp.StatusCode, env.Error.Code, env.Error.Message)
		}
		return nil, fmt.Errorf("%s: %s", resp.Status, strings.TrimSpace(string(raw)))
	}
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		return raw, nil
	}
	if !bytes.HasSuffix(out.Bytes(), []byte("\n")) {
		out.WriteByte('\n')
	}
	return out.Bytes(), nil
}
