// Command creviomock serves the creviotest fake of the Crevio API on a
// loopback port, for trying the SDK, the examples or any HTTP client
// without a real account.
//
//	go run ./cmd/creviomock [-addr 127.0.0.1:12111] [-token T] [-seed file.json]
//
// It prints the base URL and token to use:
//
//	export CREVIO_BASE_URL=http://127.0.0.1:12111/v1
//	export CREVIO_API_KEY=sk_test_creviotest
//
// and logs one line per request (method, path, status, duration) to standard
// error. The seed file maps resource names to arrays of objects, such as
// {"products": [{"name": "My Course", "status": "active"}]}. State lives in
// memory and is gone when the server stops (SIGINT or SIGTERM).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
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

// run serves the fake until ctx ends, then shuts down cleanly. It writes the
// connection settings to stdout and the request log to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("creviomock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:12111", "`host:port` to listen on (port 0 picks a free one)")
	token := fs.String("token", creviotest.DefaultToken, "API `token` clients must send as 'Authorization: Bearer <token>'")
	seed := fs.String("seed", "", "JSON `file` of objects to load, such as {\"products\": [...]}")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: creviomock [flags]\n\nServes an in-memory fake of the Crevio API.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
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
	if *seed != "" {
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
	for _, name := range fake.Resources() {
		if n := fake.Count(name); n > 0 {
			fmt.Fprintf(stdout, "creviomock: seeded %d %s\n", n, name)
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
	fmt.Fprintln(stdout, "creviomock: stopped")
	return nil
}
