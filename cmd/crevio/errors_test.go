package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creviolabs/crevio-go/creviotest"
)

// TestExitCodes runs a failing command of each class and checks its exit
// code and what it writes on stderr: the API's type, code, message and
// request id.
func TestExitCodes(t *testing.T) {
	t.Parallel()
	srv := creviotest.NewTestServer(t)
	closedURL := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := ln.Addr().String()
		require.NoError(t, ln.Close())
		return "http://" + addr + "/v1"
	}()

	cases := []struct {
		name   string
		env    []string
		setup  func()
		args   []string
		code   int
		stderr []string // substrings of stderr
	}{
		{name: "ok", args: []string{"account", "get"}, code: exitOK},
		{name: "usage: unknown flag", args: []string{"products", "list", "--colour", "red"}, code: exitUsage,
			stderr: []string{"unknown flag --colour", "Run 'crevio products list --help'"}},
		{name: "usage: missing id", args: []string{"products", "get"}, code: exitUsage, stderr: []string{"wants one argument"}},
		{name: "auth: wrong key", env: cleanEnv("CREVIO_BASE_URL="+srv.URL, "CREVIO_API_KEY=sk_test_wrong_secret_4242"),
			args: []string{"products", "list"}, code: exitAuth,
			stderr: []string{"401 Unauthorized", "type:", "request id:"}},
		{name: "auth: no key", env: cleanEnv("CREVIO_BASE_URL=" + srv.URL), args: []string{"products", "list"}, code: exitAuth,
			stderr: []string{"no API key: set CREVIO_API_KEY"}},
		{name: "not found", args: []string{"products", "get", "no-such-product"}, code: exitNotFound,
			stderr: []string{"404 Not Found", "type:        invalid_request_error", "code:        resource_missing", "request id:  req_"}},
		{name: "validation: the API's 422", args: []string{"discounts", "create", "--code", "X", "--discount-type", "percent_off", "--percent-off", "250"},
			code: exitInvalid, stderr: []string{"422 Unprocessable Entity", "error:       percent_off", "request id:"}},
		{name: "validation: refused before sending", args: []string{"products", "get", "a/b"}, code: exitInvalid,
			stderr: []string{"invalid"}},
		{name: "rate limited", setup: func() { srv.RateLimit(1, "0") }, args: []string{"products", "list", "--max-retries", "0"},
			code: exitRateLimited, stderr: []string{"429 Too Many Requests", "code:", "request id:"}},
		{name: "network", env: cleanEnv("CREVIO_BASE_URL="+closedURL, "CREVIO_API_KEY=sk_test_x"),
			args: []string{"products", "list", "--max-retries", "0"}, code: exitNetwork, stderr: []string{"connection refused"}},
		{name: "server", setup: func() { srv.Fail(1, http.StatusServiceUnavailable) }, args: []string{"products", "list", "--max-retries", "0"},
			code: exitServer, stderr: []string{"503 Service Unavailable", "request id:"}},
		{name: "other: conflict", setup: func() { srv.Fail(1, http.StatusConflict) }, args: []string{"products", "list"},
			code: exitError, stderr: []string{"409 Conflict"}},
	}
	covered := map[int]bool{exitInterrupted: true} // TestInterrupted
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.setup != nil {
				c.setup()
			}
			env := c.env
			if env == nil {
				env = serverEnv(srv)
			}
			res := execCLI(t, env, "", c.args...)
			assert.Equal(t, c.code, res.code, "%v", res)
			assert.Equal(t, c.code, exitCodeOf(t, res), "%v", res)
			for _, s := range c.stderr {
				assert.Contains(t, res.stderr, s)
			}
			if c.code != exitOK {
				assert.Empty(t, res.stdout, "errors go to stderr")
			}
			assert.NotContains(t, res.stderr, "wrong_secret_4242", "the API key is never printed")
			covered[c.code] = true
		})
	}
	for _, c := range exitCodes {
		assert.True(t, covered[c.code], "no case for exit code %d (%s)", c.code, c.name)
	}
}

// exitCodeOf returns res's exit code, checking it is a documented one.
func exitCodeOf(t *testing.T, res result) int {
	t.Helper()
	for _, c := range exitCodes {
		if c.code == res.code {
			return c.code
		}
	}
	t.Errorf("exit code %d is not in the documented table", res.code)
	return -1
}

// TestInterrupted interrupts a command waiting for the API: it ends at
// once with exit code 130.
func TestInterrupted(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{})
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-r.Context().Done() // never answers; ends when the client goes
	}))
	t.Cleanup(hs.Close)

	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, "products", "list")
	cmd.Env = cleanEnv("CREVIO_BASE_URL="+hs.URL+"/v1", "CREVIO_API_KEY=sk_test_x")
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	select {
	case <-arrived:
	case <-ctx.Done():
		t.Fatal("the request never arrived")
	}
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	out, _ := io.ReadAll(stderr)
	err = cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, exitInterrupted, ee.ExitCode())
	assert.Equal(t, "crevio: interrupted\n", string(out))
}

// TestAPIKeyNeverPrinted checks that the key from the environment (or a
// file) is in no output, help included, and that no flag takes it.
func TestAPIKeyNeverPrinted(t *testing.T) {
	t.Parallel()
	srv := creviotest.NewTestServer(t)
	const key = "sk_live_supersecret_0123456789"
	env := cleanEnv("CREVIO_BASE_URL="+srv.URL, "CREVIO_API_KEY="+key)
	for _, args := range [][]string{{"--help"}, {"help", "environment"}, {"products", "list", "--help"}, {"products", "list"},
		{"request", "GET", "/products", "--max-retries", "0"}} {
		res := execCLI(t, env, "", args...)
		assert.NotContains(t, res.stdout+res.stderr, "supersecret", "%v", args)
	}
	res := execCLI(t, env, "", "products", "list", "--api-key", key)
	assert.Equal(t, exitUsage, res.code, "there is no --api-key flag")
	assert.NotContains(t, res.stdout+res.stderr, "supersecret")

	res = execCLI(t, env, "", "products", "list", "--api-key="+key)
	assert.Equal(t, exitUsage, res.code, "%v", res)
	assert.Contains(t, res.stderr, "unknown flag --api-key\n", "the flag's name, without its value")
	assert.NotContains(t, res.stdout+res.stderr, "supersecret")

	// The key given where the file's path goes: the path is not printed.
	res = execCLI(t, env, "", "products", "list", "--api-key-file", key)
	assert.Equal(t, exitAuth, res.code, "%v", res)
	assert.Contains(t, res.stderr, "reading --api-key-file: no such file or directory")
	assert.NotContains(t, res.stdout+res.stderr, "supersecret")

	// --api-key-file - reads it from standard input.
	res = execCLI(t, cleanEnv("CREVIO_BASE_URL="+srv.URL), srv.Token()+"\n", "account", "get", "--api-key-file", "-")
	assert.Equal(t, exitOK, res.code, "%v", res)

	assert.NotContains(t, res.stdout+res.stderr, srv.Token(), "nor is a key read from standard input")
}
