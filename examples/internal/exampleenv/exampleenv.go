// Package exampleenv is the setup the examples under examples/ share: a
// client for the real Crevio API when CREVIO_API_KEY is set (at
// CREVIO_BASE_URL when that is set too, such as a creviomock server), else
// for an embedded fake from the creviotest package, and helpers for the
// examples' tests to pick one or the other.
package exampleenv

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// Env is where an example runs.
type Env struct {
	// Client talks to the real API, or to Fake.
	Client *crevio.Client
	// Fake is the embedded fake server, nil when Client talks to the real
	// API.
	Fake *creviotest.Server
}

// New returns the environment the process's environment variables ask
// for, and says which it is on one line of w:
//
//	Using the Crevio API at <base URL>
//	CREVIO_API_KEY is not set: using the embedded fake Crevio API at <URL>
//
// With the fake, seed (when not nil) runs on it after that line, before New
// returns; if seed fails, New closes the fake and returns the error. The
// caller closes the environment with Close.
func New(w io.Writer, seed func(*creviotest.Server) error) (*Env, error) {
	if key := os.Getenv("CREVIO_API_KEY"); key != "" {
		var opts []crevio.Option
		if u := os.Getenv("CREVIO_BASE_URL"); u != "" {
			opts = append(opts, crevio.WithBaseURL(u))
		}
		c, err := crevio.New(key, opts...)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(w, "Using the Crevio API at %s\n", c.BaseURL())
		return &Env{Client: c}, nil
	}

	srv := creviotest.NewServer()
	fmt.Fprintf(w, "CREVIO_API_KEY is not set: using the embedded fake Crevio API at %s\n", srv.URL)
	if seed != nil {
		if err := seed(srv); err != nil {
			srv.Close()
			return nil, err
		}
	}
	return &Env{Client: srv.Client(), Fake: srv}, nil
}

// Close stops the embedded fake, if there is one.
func (e *Env) Close() {
	if e.Fake != nil {
		e.Fake.Close()
	}
}

// UseFake sets the environment for the rest of t so that New starts the
// embedded fake: CREVIO_API_KEY is empty, and CREVIO_BASE_URL points where
// nothing must go.
func UseFake(t testing.TB) {
	t.Setenv("CREVIO_API_KEY", "")
	t.Setenv("CREVIO_BASE_URL", "https://must-not-be-used.invalid/v1")
}

// UseServer sets the environment for the rest of t so that New talks to
// srv, with srv's token, the way a user points an example at creviomock.
func UseServer(t testing.TB, srv *creviotest.Server) {
	t.Setenv("CREVIO_API_KEY", srv.Token())
	t.Setenv("CREVIO_BASE_URL", srv.URL)
}

// Output runs an example's run function with t's context and returns what
// it wrote, failing t at once when it returns an error.
func Output(t testing.TB, run func(context.Context, io.Writer) error) string {
	t.Helper()
	var out strings.Builder
	if err := run(t.Context(), &out); err != nil {
		t.Fatalf("run: %v\noutput:\n%s", err, out.String())
	}
	return out.String()
}

// Lines splits an example's output into its lines, without the final
// newline.
func Lines(out string) []string {
	return strings.Split(strings.TrimSpace(out), "\n")
}
