package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer collects the request log, written from server goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// started is a creviomock run in progress.
type started struct {
	settings map[string]string // from the export lines
	lines    chan string       // further stdout lines
	done     chan error        // run's result
	stderr   *syncBuffer
	cancel   context.CancelFunc
}

func start(t *testing.T, args ...string) *started {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	s := &started{settings: map[string]string{}, lines: make(chan string, 100), done: make(chan error, 1),
		stderr: &syncBuffer{}, cancel: cancel}
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	go func() {
		err := run(ctx, args, pw, s.stderr)
		pw.Close()
		s.done <- err
	}()
	t.Cleanup(func() {
		cancel()
		<-s.done
	})

	timeout := time.After(10 * time.Second)
	for s.settings["CREVIO_API_KEY"] == "" {
		select {
		case line, ok := <-s.lines:
			require.True(t, ok, "creviomock stopped early: %v", s.stderr.String())
			if k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "="); ok && strings.HasPrefix(line, "export ") {
				s.settings[k] = v
			}
		case <-timeout:
			t.Fatal("creviomock did not print its settings")
		}
	}
	return s
}

func get(t *testing.T, url, token string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var body map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	return resp.StatusCode, body
}

func TestRunServesAndStops(t *testing.T) {
	s := start(t, "-addr", "127.0.0.1:0", "-token", "sk_test_mock", "-seed", "testdata/seed.json")
	base := s.settings["CREVIO_BASE_URL"]
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+/v1$`, base)
	assert.Equal(t, "sk_test_mock", s.settings["CREVIO_API_KEY"])

	status, body := get(t, base+"/products", "sk_test_mock")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "list", body["object"])
	data := body["data"].([]any)
	require.Len(t, data, 2)

	status, body = get(t, base+"/products/seeded-course?expand=reviews,price_variants", "sk_test_mock")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "prod_seedcourse0001", body["id"])
	assert.Len(t, body["reviews"], 1)
	assert.Equal(t, float64(4900), body["price_variants"].([]any)[0].(map[string]any)["amount"])

	status, _ = get(t, base+"/products", "")
	assert.Equal(t, http.StatusUnauthorized, status)

	stop(t, s)

	log := s.stderr.String()
	assert.Contains(t, log, "GET /v1/products 200 ")
	assert.Contains(t, log, "GET /v1/products/seeded-course?expand=reviews,price_variants 200 ")
	assert.Contains(t, log, "GET /v1/products 401 ")
	assert.NotContains(t, log, "sk_test_mock", "the token is never logged")

	// The port is free again.
	ln, err := net.Listen("tcp", strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/v1"))
	require.NoError(t, err)
	ln.Close()
}

func TestRunErrors(t *testing.T) {
	var out, errOut bytes.Buffer
	for name, args := range map[string][]string{
		"unknown flag":   {"-nope"},
		"positional arg": {"extra"},
		"empty token":    {"-token", ""},
		"missing seed":   {"-addr", "127.0.0.1:0", "-seed", "testdata/missing.json"},
		"bad address":    {"-addr", "not an address"},
	} {
		err := run(t.Context(), args, &out, &errOut)
		assert.Error(t, err, name)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	assert.Error(t, run(t.Context(), []string{"-addr", ln.Addr().String()}, &out, &errOut), "address in use")

	errOut.Reset()
	assert.NoError(t, run(t.Context(), []string{"-h"}, &out, &errOut))
	assert.Contains(t, errOut.String(), "-seed")
}
