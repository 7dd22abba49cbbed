package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creviolabs/crevio-go/creviotest"
)

// The tests run the crevio binary, built once by TestMain, against
// creviotest servers on loopback ports, as a user's shell would.

// binPath is the built crevio binary.
var binPath string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "crevio-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binPath = filepath.Join(dir, "crevio")
	build := exec.Command("go", "build", "-o", binPath, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building crevio:", err)
		return 1
	}
	return m.Run()
}

// result is what one run of the binary did.
type result struct {
	stdout, stderr string
	code           int
}

// lines returns the non-empty lines of stdout.
func (r result) lines() []string {
	var out []string
	for l := range strings.SplitSeq(r.stdout, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// object decodes stdout as one JSON object.
func (r result) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &m), "stdout: %s\nstderr: %s", r.stdout, r.stderr)
	return m
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
}

// cleanEnv is the environment of the tests' processes without any CREVIO_
// variable of the developer's shell.
func cleanEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CREVIO_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// serverEnv points the binary at srv.
func serverEnv(srv *creviotest.Server, extra ...string) []string {
	return cleanEnv(append([]string{"CREVIO_BASE_URL=" + srv.URL, "CREVIO_API_KEY=" + srv.Token()}, extra...)...)
}

// execCLI runs the binary with env and args, at most 30 s.
func execCLI(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := result{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	default:
		t.Fatalf("running crevio %v: %v", args, err)
	}
	require.NoError(t, ctx.Err(), "crevio %v did not finish in time", args)
	return res
}

// cli runs the binary against srv.
func cli(t *testing.T, srv *creviotest.Server, args ...string) result {
	t.Helper()
	return execCLI(t, serverEnv(srv), "", args...)
}

// mustCLI runs the binary against srv and requires it to succeed.
func mustCLI(t *testing.T, srv *creviotest.Server, args ...string) result {
	t.Helper()
	res := cli(t, srv, args...)
	require.Equal(t, 0, res.code, "crevio %v\n%v", args, res)
	return res
}
