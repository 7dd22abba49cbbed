package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creviolabs/crevio-go"
)

// TestDataWinsOverDataJSON gives -d before --data-json, for a typed
// operation and for request: -d wins, as help says, wherever it is.
func TestDataWinsOverDataJSON(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	res := mustCLI(t, s.srv, "products", "update", "my-course", "-d", "name=From -d",
		"--data-json", `{"name":"From JSON","description":"Kept"}`)
	m := res.object(t)
	assert.Equal(t, "From -d", m["name"])
	assert.Equal(t, "Kept", m["description"])

	mustCLI(t, s.srv, "request", "POST", "/customers", "-d", "name=Kay", "-d", "metadata.plan=pro",
		"--data-json", `{"name":"Jay","email":"kay@example.com","metadata":{"plan":"basic"}}`)
	last := lastRequest(t, s.srv)
	var body map[string]any
	require.NoError(t, json.Unmarshal(last.Body, &body))
	assert.Equal(t, map[string]any{"name": "Kay", "email": "kay@example.com", "metadata": map[string]any{"plan": "pro"}}, body)

	res = cli(t, s.srv, "request", "POST", "/customers", "-d", "nokey")
	assert.Equal(t, exitUsage, res.code, "%v", res)
	assert.Contains(t, res.stderr, `want key=value or key:=json`)
}

// hostileAPI answers with control characters in every field of an error:
// an escape sequence that retitles the terminal, and a newline that forges
// a request id line. /v1/products answers the nested envelope,
// /v1/customers the older one (error text and details), /v1/orders a
// redirect, /v1/discounts a 200 that is not JSON.
func hostileAPI(t *testing.T) *httptest.Server {
	t.Helper()
	const evil = "\x1b]0;pwned\x07bad\nrequest id:  req_FAKE"
	nested, err := json.Marshal(map[string]any{"error": map[string]any{
		"type": "invalid_request_error" + evil, "code": "bad" + evil, "message": "Nope" + evil, "param": "name" + evil,
		"errors": map[string][]string{"name" + evil: {"is wrong" + evil}},
	}})
	require.NoError(t, err)
	older, err := json.Marshal(map[string]any{"error": "Nope" + evil, "details": []string{"detail" + evil}})
	require.NoError(t, err)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req_real")
		switch {
		case strings.HasPrefix(r.URL.Path, "/v1/products"):
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnprocessableEntity)
			_, _ = w.Write(nested)
		case strings.HasPrefix(r.URL.Path, "/v1/customers"):
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnprocessableEntity)
			_, _ = w.Write(older)
		case strings.HasPrefix(r.URL.Path, "/v1/orders"):
			http.Redirect(w, r, "https://elsewhere.example/v1/orders", http.StatusFound)
		default:
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>hello</html>"))
		}
	}))
	t.Cleanup(hs.Close)
	return hs
}

// TestHostileErrorFields checks that what a server puts in an error's
// fields reaches stderr without control characters: no escape sequence,
// no forged line. And that a redirect and a non-JSON 200 exit with 1.
func TestHostileErrorFields(t *testing.T) {
	t.Parallel()
	hs := hostileAPI(t)
	env := cleanEnv("CREVIO_BASE_URL="+hs.URL+"/v1", "CREVIO_API_KEY=sk_test_x")
	for _, args := range [][]string{{"products", "list"}, {"customers", "list"}} {
		res := execCLI(t, env, "", append(args, "--max-retries", "0")...)
		assert.Equal(t, exitInvalid, res.code, "%v", res)
		assert.Contains(t, res.stderr, "422 Unprocessable Entity: Nope]0;pwnedbadrequest id:  req_FAKE")
		assert.NotContains(t, res.stderr, "\x1b", "no escape character")
		assert.NotContains(t, res.stderr, "\x07", "no bell")
		assert.Contains(t, res.stderr, "  request id:  req_real\n")
		for line := range strings.SplitSeq(res.stderr, "\n") {
			assert.False(t, strings.HasPrefix(strings.TrimSpace(line), "request id:  req_FAKE"), "a forged line: %q", line)
		}
		assert.Empty(t, res.stdout)
	}

	res := execCLI(t, env, "", "orders", "list", "--max-retries", "0")
	assert.Equal(t, exitError, res.code, "a redirect: %v", res)
	assert.Contains(t, res.stderr, "302 Found")
	assert.Contains(t, res.stderr, "not followed")

	res = execCLI(t, env, "", "discounts", "list", "--max-retries", "0")
	assert.Equal(t, exitError, res.code, "a 200 that is not JSON: %v", res)
	assert.Contains(t, res.stderr, "text/html")
	assert.Empty(t, res.stdout)
}

// TestExitCodeOfStatus maps each status class of a *crevio.Error (wrapped,
// as the SDK's callers may) to its exit code.
func TestExitCodeOfStatus(t *testing.T) {
	t.Parallel()
	for status, want := range map[int]int{
		400: exitInvalid, 401: exitAuth, 403: exitAuth, 404: exitNotFound, 409: exitError, 422: exitInvalid,
		429: exitRateLimited, 500: exitServer, 502: exitServer, 503: exitServer, 418: exitError,
	} {
		err := fmt.Errorf("calling: %w", &crevio.Error{StatusCode: status})
		assert.Equal(t, want, exitCode(err), "status %d", status)
	}
}

// TestCommandHelpListsItsOwnFlags checks that the help of request, listen
// and trigger lists each of their own flags, and none of the global ones.
func TestCommandHelpListsItsOwnFlags(t *testing.T) {
	t.Parallel()
	for cmd, flags := range map[string][]string{
		"request": {"--data", "--data-json", "--all"},
		"listen":  {"--forward-to", "--events", "--interval", "--endpoint", "--forward-timeout", "--trigger"},
		"trigger": {"--object"},
	} {
		res := execCLI(t, cleanEnv(), "", cmd, "--help")
		require.Equal(t, 0, res.code, "%v", res)
		for _, f := range flags {
			assert.Contains(t, res.stdout, "  "+f, "%s --help", cmd)
		}
		_, section, ok := strings.Cut(res.stdout, "\nFlags:\n")
		require.True(t, ok, "%s --help has a Flags section", cmd)
		section, _, _ = strings.Cut(section, "\n\n")
		assert.Len(t, strings.Split(section, "\n"), len(flags), "%s --help lists its own flags only:\n%s", cmd, section)
		assert.NotContains(t, section, "--base-url", "%s --help: the global flags are in crevio --help", cmd)
	}
}
