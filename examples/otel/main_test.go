package main

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/creviolabs/crevio-go/examples/internal/exampleenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunWithEmbeddedFake(t *testing.T) {
	exampleenv.UseFake(t)
	out := exampleenv.Output(t, run)

	lines := exampleenv.Lines(out)
	require.Len(t, lines, 14, out)
	assert.Regexp(t, `^CREVIO_API_KEY is not set: using the embedded fake Crevio API at http://127\.0\.0\.1:\d+/v1$`, lines[0])
	assert.Equal(t, "Listed 2 products", lines[1])
	assert.Regexp(t, `^Fetched product "(Go for Beginners|Draft Ebook)"$`, lines[2])
	assert.Equal(t, "Looked up a product that does not exist: not found", lines[3])

	// The trace: the example's span, and under it one client span per
	// attempt, the retried one twice.
	assert.Regexp(t, `^Trace [0-9a-f]{32}:$`, lines[4])
	assert.Equal(t, "  browse products", lines[5])
	assert.Equal(t, "    GET /v1/products -> 200", lines[6])
	assert.Regexp(t, `^    GET /v1/products/prod_\w+ -> 503 \(error\)$`, lines[7])
	assert.Regexp(t, `^    GET /v1/products/prod_\w+ -> 200$`, lines[8])
	assert.Equal(t, strings.Fields(lines[7])[1], strings.Fields(lines[8])[1], "the retry is of the same request")
	assert.Regexp(t, `^    GET /v1/products/prod_does_not_exist -> 404 \(error\)$`, lines[9])

	// The metrics: every attempt counted once, by method and status.
	assert.Equal(t, []string{
		"Metric http.client.request.duration (s): 4 requests",
		"  GET 200: 2",
		"  GET 404: 1",
		"  GET 503: 1",
	}, lines[10:])
}

func TestRunWithAPIKey(t *testing.T) {
	// "The real API" here is a fake reached through the environment, as a
	// user would with creviomock: it lets the test see what was sent.
	srv := creviotest.NewTestServer(t, creviotest.WithToken("sk_test_otel"))
	_, err := srv.Seed("products", map[string]any{"name": "Only Product"})
	require.NoError(t, err)
	exampleenv.UseServer(t, srv)
	out := exampleenv.Output(t, run)

	lines := exampleenv.Lines(out)
	assert.Equal(t, "Using the Crevio API at "+srv.URL, lines[0])
	assert.Equal(t, "Listed 1 products", lines[1])
	assert.Equal(t, `Fetched product "Only Product"`, lines[2])
	assert.Contains(t, out, "    GET /v1/products -> 200\n")
	assert.NotContains(t, out, "-> 503", "no fault is injected into a server the example did not start")
	assert.Contains(t, out, "Metric http.client.request.duration (s): 3 requests\n")

	// Every request carried the trace's context to the server.
	m := regexp.MustCompile(`(?m)^Trace ([0-9a-f]{32}):$`).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	reqs := srv.Requests()
	require.Len(t, reqs, 3)
	for _, r := range reqs {
		assert.Equal(t, http.MethodGet, r.Method)
		assert.Regexp(t, `^00-`+m[1]+`-[0-9a-f]{16}-01$`, r.Header.Get("Traceparent"), "%s %s", r.Method, r.Path)
	}
}
