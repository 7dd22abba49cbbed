package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ctl runs a control command against s and decodes its JSON output.
func ctl(t *testing.T, s *started, args ...string) (map[string]any, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	full := append([]string{args[0], "-url", s.settings["CREVIO_BASE_URL"], "-token", s.settings["CREVIO_API_KEY"]}, args[1:]...)
	if err := run(t.Context(), full, &out, &errOut); err != nil {
		return nil, err
	}
	var v map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &v), "%s", out.String())
	return v, nil
}

// post sends a JSON API request to s and decodes the answer.
func post(t *testing.T, s *started, method, path string, body any) map[string]any {
	t.Helper()
	b, err := json.Marshal(body)
	require.NoError(t, err)
	req, err := http.NewRequestWithContext(t.Context(), method, s.settings["CREVIO_BASE_URL"]+path, bytes.NewReader(b))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+s.settings["CREVIO_API_KEY"])
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s %s: %s", method, path, raw)
	var v map[string]any
	require.NoError(t, json.Unmarshal(raw, &v))
	return v
}

// hookCatcher is a webhook receiver on loopback that hands each delivery's
// event type to a channel.
func hookCatcher(t *testing.T) (string, chan string) {
	t.Helper()
	got := make(chan string, 100)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var env struct {
			Type string `json:"type"`
		}
		_ = json.NewDecoder(r.Body).Decode(&env)
		got <- env.Type
	})}
	ln := listen(t)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close(); wg.Wait() })
	return "http://" + ln.Addr().String() + "/hooks", got
}

func TestCommands(t *testing.T) {
	s := start(t, "-addr", "127.0.0.1:0", "-token", "sk_test_cmd")
	hookURL, hooks := hookCatcher(t)
	post(t, s, http.MethodPost, "/webhook_endpoints", map[string]any{"url": hookURL, "events": []any{"order.paid", "customer.confirmed"}})
	p := post(t, s, http.MethodPost, "/products", map[string]any{"name": "Course"})
	pv := post(t, s, http.MethodPost, "/price_variants", map[string]any{"product": p["id"], "name": "Full", "amount": 1500})
	co := post(t, s, http.MethodPost, "/checkouts", map[string]any{"line_items": []any{map[string]any{"price_variant": pv["id"]}}})

	order, err := ctl(t, s, "complete", co["id"].(string))
	require.NoError(t, err)
	assert.Equal(t, "order", order["object"])
	assert.Equal(t, "paid", order["status"])
	assert.Equal(t, "order.paid", <-hooks)

	_, err = ctl(t, s, "complete", co["id"].(string))
	assert.ErrorContains(t, err, "400 invalid_state")

	// Flags after the argument, and before.
	events, err := ctl(t, s, "trigger", "order.paid", "-object", order["id"].(string))
	require.NoError(t, err)
	assert.Len(t, events["data"], 1)
	assert.Equal(t, "order.paid", <-hooks)
	_, err = ctl(t, s, "trigger", "-object", "ord_missing", "order.paid")
	assert.ErrorContains(t, err, "404 resource_missing")

	cus, err := ctl(t, s, "confirm", order["customer"].(string))
	require.NoError(t, err)
	assert.NotNil(t, cus["confirmed_at"])
	assert.Equal(t, "customer.confirmed", <-hooks)

	co2 := post(t, s, http.MethodPost, "/checkouts", map[string]any{"line_items": []any{map[string]any{"price_variant": pv["id"]}}})
	expired, err := ctl(t, s, "expire", co2["id"].(string))
	require.NoError(t, err)
	assert.Equal(t, "expired", expired["status"])

	_, err = ctl(t, s, "wait", "-timeout", "5s")
	require.NoError(t, err)
	deliveries, err := ctl(t, s, "deliveries", "-status", "delivered")
	require.NoError(t, err)
	assert.Len(t, deliveries["data"], 3)

	faults, err := ctl(t, s, "fault", "rate_limit", "-retry-after", "30", "-method", "GET", "-path", "/products", "-header", "RateLimit-Limit: 100")
	require.NoError(t, err)
	require.Len(t, faults["data"], 1)
	f := faults["data"].([]any)[0].(map[string]any)
	assert.Equal(t, "rate_limit", f["kind"])
	assert.Equal(t, map[string]any{"Retry-After": "30", "Ratelimit-Limit": "100"}, f["headers"])
	status, _ := get(t, s.settings["CREVIO_BASE_URL"]+"/products", "sk_test_cmd")
	assert.Equal(t, http.StatusTooManyRequests, status)

	_, err = ctl(t, s, "fault", "latency", "-duration", "1h", "-path", "/orders")
	require.NoError(t, err)
	faults, err = ctl(t, s, "faults")
	require.NoError(t, err)
	assert.Len(t, faults["data"], 1)
	_, err = ctl(t, s, "clear-faults")
	require.NoError(t, err)
	faults, err = ctl(t, s, "faults")
	require.NoError(t, err)
	assert.Empty(t, faults["data"])
	faults, err = ctl(t, s, "fault", "request_budget", "-per-second", "0.01", "-burst", "1", "-path", "/customers")
	require.NoError(t, err)
	require.Len(t, faults["data"], 1)
	budget := faults["data"].([]any)[0].(map[string]any)
	assert.Equal(t, "request_budget", budget["kind"])
	assert.Equal(t, 0.01, budget["per_second"])
	status, _ = get(t, s.settings["CREVIO_BASE_URL"]+"/customers", "sk_test_cmd")
	assert.Equal(t, http.StatusOK, status, "the burst of one")
	status, _ = get(t, s.settings["CREVIO_BASE_URL"]+"/customers", "sk_test_cmd")
	assert.Equal(t, http.StatusTooManyRequests, status, "over the budget")
	_, err = ctl(t, s, "clear-faults")
	require.NoError(t, err)
	_, err = ctl(t, s, "fault", "explode")
	assert.ErrorContains(t, err, "Unknown fault kind")

	_, err = ctl(t, s, "reset")
	require.NoError(t, err)
	status, body := get(t, s.settings["CREVIO_BASE_URL"]+"/products", "sk_test_cmd")
	assert.Equal(t, http.StatusOK, status)
	assert.Empty(t, body["data"])

	log := s.stderr.String()
	assert.Contains(t, log, "POST /v1/test_helpers/checkouts/"+co["id"].(string)+"/complete 200 ")
	assert.Contains(t, log, "order.paid -> wh_")
}

func TestCommandErrors(t *testing.T) {
	var out, errOut bytes.Buffer
	ln := listen(t)
	dead := "http://" + ln.Addr().String() + "/v1"
	require.NoError(t, ln.Close())
	for name, args := range map[string][]string{
		"unknown command":   {"explode"},
		"missing argument":  {"complete", "-url", dead},
		"too many":          {"reset", "-url", dead, "extra"},
		"nothing listening": {"reset", "-url", dead},
		"bad flag":          {"trigger", "-nope", "order.paid"},
	} {
		assert.Error(t, run(t.Context(), args, &out, &errOut), name)
	}
	errOut.Reset()
	assert.NoError(t, run(t.Context(), []string{"fault", "-h"}, &out, &errOut))
	assert.Contains(t, errOut.String(), "-retry-after")
	errOut.Reset()
	assert.NoError(t, run(t.Context(), []string{"-h"}, &out, &errOut))
	assert.Contains(t, errOut.String(), "trigger")
	assert.Contains(t, errOut.String(), "-state")

	t.Setenv("CREVIO_BASE_URL", dead)
	err := run(t.Context(), []string{"faults"}, &out, &errOut)
	assert.ErrorContains(t, err, "is creviomock running?", "the URL comes from $CREVIO_BASE_URL")
}

// -state loads the store at start and saves it at shutdown: a restart
// keeps every object, id and secret. A state file that cannot be read
// stops the start; one that does not exist yet is created.
func TestRunState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	s := start(t, "-addr", "127.0.0.1:0", "-state", path, "-seed", "testdata/seed.json")
	p := post(t, s, http.MethodPost, "/products", map[string]any{"name": "Made before the restart"})
	ep := post(t, s, http.MethodPost, "/webhook_endpoints", map[string]any{"url": "https://example.test/hooks", "events": []any{"*"}})
	stop(t, s)
	_, err := os.Stat(path)
	require.NoError(t, err)

	s = start(t, "-addr", "127.0.0.1:0", "-state", path, "-seed", "testdata/seed.json")
	status, body := get(t, s.settings["CREVIO_BASE_URL"]+"/products/"+p["id"].(string), creviotestToken)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, p, body)
	status, body = get(t, s.settings["CREVIO_BASE_URL"]+"/products", creviotestToken)
	require.Equal(t, http.StatusOK, status)
	assert.Len(t, body["data"], 3, "the seed file is not applied again")
	status, _ = get(t, s.settings["CREVIO_BASE_URL"]+"/webhook_endpoints/"+ep["id"].(string), creviotestToken)
	assert.Equal(t, http.StatusOK, status)
	stop(t, s)

	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"creviotest_state": 1, "resources": {"produ`), 0o600))
	var out, errOut bytes.Buffer
	assert.Error(t, run(t.Context(), []string{"-addr", "127.0.0.1:0", "-state", bad}, &out, &errOut))
}

const creviotestToken = "sk_test_creviotest"

// stop ends a started creviomock and waits for it.
func stop(t *testing.T, s *started) {
	t.Helper()
	s.cancel()
	select {
	case err := <-s.done:
		require.NoError(t, err)
		s.done <- err // for the cleanup
	case <-time.After(10 * time.Second):
		t.Fatal("creviomock did not stop")
	}
	var rest []string
	for line := range s.lines {
		rest = append(rest, line)
	}
	assert.Contains(t, rest, "creviomock: stopped")
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	return ln
}
