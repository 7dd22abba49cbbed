package main

import (
	"encoding/json"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creviolabs/crevio-go/creviotest"
)

// TestRequest sends raw requests through the SDK's Client.Do: a GET with
// a query, a POST with a JSON body, a DELETE, a path with /v1, errors.
func TestRequest(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	srv := s.srv

	res := mustCLI(t, srv, "request", "GET", "/products?status=active", "-d", "limit=1", "-d", "expand=reviews")
	m := res.object(t)
	assert.Equal(t, "list", m["object"])
	assert.Len(t, m["data"], 1)
	last := lastRequest(t, srv)
	assert.Equal(t, "/v1/products", last.Path)
	q := query(last)
	assert.Equal(t, "active", q.Get("status"))
	assert.Equal(t, "1", q.Get("limit"))
	assert.Equal(t, "reviews", q.Get("expand"))

	res = mustCLI(t, srv, "request", "post", "/v1/customers", "-d", "email=kay@example.com", "-d", "name=Kay",
		"-d", "metadata.plan=pro", "-d", "tags:=[\"a\",\"b\"]", "--idempotency-key", "kay-1")
	m = res.object(t)
	assert.Equal(t, "customer", m["object"])
	assert.Equal(t, "kay@example.com", m["email"])
	last = lastRequest(t, srv)
	assert.Equal(t, http.MethodPost, last.Method)
	assert.Equal(t, "/v1/customers", last.Path, "the /v1 of the path is the base URL's")
	var body map[string]any
	require.NoError(t, json.Unmarshal(last.Body, &body))
	assert.Equal(t, map[string]any{"email": "kay@example.com", "name": "Kay", "metadata": map[string]any{"plan": "pro"},
		"tags": []any{"a", "b"}}, body)
	assert.Equal(t, "kay-1", last.Header.Get("Idempotency-Key"))

	res = mustCLI(t, srv, "request", "PATCH", "/products/my-course", "--data-json", `{"name":"Renamed","hidden_field":1}`)
	assert.Equal(t, "Renamed", res.object(t)["name"])

	res = mustCLI(t, srv, "request", "GET", "/test_helpers")
	assert.Equal(t, "test_helpers", res.object(t)["object"])

	res = mustCLI(t, srv, "request", "DELETE", "/products/membership")
	assert.Equal(t, true, res.object(t)["deleted"])

	res = cli(t, srv, "request", "GET", "/products/membership")
	assert.Equal(t, exitNotFound, res.code, "%v", res)
	assert.Contains(t, res.stderr, "resource_missing")

	res = cli(t, srv, "request", "GET", "products")
	assert.Equal(t, exitUsage, res.code, "%v", res)
	res = cli(t, srv, "request", "FETCH", "/products")
	assert.Equal(t, exitUsage, res.code, "%v", res)
	res = cli(t, srv, "request", "GET", "/products/../account")
	assert.Equal(t, exitInvalid, res.code, "the SDK refuses a path that leaves the base URL: %v", res)
}

// TestRequestAll pages any list through crevio.All: NDJSON on stdout,
// progress on stderr.
func TestRequestAll(t *testing.T) {
	t.Parallel()
	srv := creviotest.NewTestServer(t)
	for range 5 {
		_, err := srv.Seed("customers", map[string]any{"email": "c" + randomHex(3) + "@example.com", "customer_type": "lead"})
		require.NoError(t, err)
	}
	res := mustCLI(t, srv, "request", "GET", "/customers", "--all", "-d", "limit=2", "-d", "customer_type=lead")
	lines := res.lines()
	require.Len(t, lines, 5)
	for _, l := range lines {
		var c map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &c))
		assert.Equal(t, "customer", c["object"])
	}
	assert.Equal(t, "crevio: 5 customers in all\n", lastLine(res.stderr))
	pages := 0
	for _, r := range srv.Requests() {
		if r.Path == "/v1/customers" {
			pages++
			assert.Equal(t, "lead", query(r).Get("customer_type"))
		}
	}
	assert.Equal(t, 3, pages)

	res = cli(t, srv, "request", "POST", "/customers", "--all")
	assert.Equal(t, exitUsage, res.code, "%v", res)
}

// TestMockFlag runs commands against the embedded fake, with its demo
// data, and keeps its state in a file across runs with --mock-state.
func TestMockFlag(t *testing.T) {
	t.Parallel()
	env := cleanEnv()
	res := execCLI(t, env, "", "--mock", "products", "get", "my-course", "--expand", "reviews")
	require.Equal(t, 0, res.code, "%v", res)
	assert.Equal(t, "my-course", res.object(t)["slug"])

	state := t.TempDir() + "/state.json"
	res = execCLI(t, env, "", "--mock-state", state, "products", "create", "--name", "Kept", "--slug", "kept")
	require.Equal(t, 0, res.code, "%v", res)
	res = execCLI(t, cleanEnv("CREVIO_MOCK_STATE="+state), "", "--mock", "products", "get", "kept")
	require.Equal(t, 0, res.code, "%v", res)
	assert.Equal(t, "Kept", res.object(t)["name"])
}

// TestCompletion checks the scripts of the three shells: bash's parses
// (when bash is installed) and each names the commands and flags.
func TestCompletion(t *testing.T) {
	t.Parallel()
	env := cleanEnv()
	for _, sh := range []string{"bash", "zsh", "fish"} {
		res := execCLI(t, env, "", "completion", sh)
		require.Equal(t, 0, res.code, "%v", res)
		for _, w := range []string{"price-variants", "set-position", "--starting-after", "--forward-to", "--mock", "order.paid"} {
			assert.Contains(t, res.stdout, w, sh)
		}
		if path, err := exec.LookPath(sh); err == nil && sh == "bash" {
			cmd := exec.CommandContext(t.Context(), path, "-n")
			cmd.Stdin = strings.NewReader(res.stdout)
			out, err := cmd.CombinedOutput()
			assert.NoError(t, err, "bash -n: %s", out)
		}
	}
	res := execCLI(t, env, "", "completion", "powershell")
	assert.Equal(t, exitUsage, res.code)
}

// TestBashCompletionWords runs the bash completion function for a few
// command lines (when bash is installed).
func TestBashCompletionWords(t *testing.T) {
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	script := execCLI(t, cleanEnv(), "", "completion", "bash").stdout
	complete := func(line string) []string {
		t.Helper()
		words := strings.Fields(line)
		if strings.HasSuffix(line, " ") {
			words = append(words, "")
		}
		var quoted []string
		for _, w := range words {
			quoted = append(quoted, "'"+w+"'")
		}
		prog := script + "\nCOMP_WORDS=(" + strings.Join(quoted, " ") + ")\nCOMP_CWORD=" + strconv.Itoa(len(words)-1) +
			"\n_crevio\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
		cmd := exec.CommandContext(t.Context(), bash, "--norc", "--noprofile")
		cmd.Stdin = strings.NewReader(prog)
		out, err := cmd.Output()
		require.NoError(t, err)
		return strings.Fields(string(out))
	}
	assert.Equal(t, []string{"price-variants", "products"}, complete("crevio pr"))
	assert.Contains(t, complete("crevio products "), "list")
	assert.Contains(t, complete("crevio --mock products get --ex"), "--expand")
	assert.Contains(t, complete("crevio reviews "), "set-position")
	assert.Contains(t, complete("crevio trigger "), "order.paid")
	assert.Contains(t, complete("crevio listen --"), "--forward-to")
}

func lastRequest(t *testing.T, srv *creviotest.Server) creviotest.Request {
	t.Helper()
	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	return reqs[len(reqs)-1]
}

func lastLine(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return s[strings.LastIndexByte(s, '\n')+1:] + "\n"
}
