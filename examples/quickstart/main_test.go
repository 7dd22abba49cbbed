package main

import (
	"net/http"
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
	require.NotEmpty(t, lines)
	assert.Regexp(t, `^CREVIO_API_KEY is not set: using the embedded fake Crevio API at http://127\.0\.0\.1:\d+/v1$`, lines[0])
	assert.Regexp(t, `^Created product prod_\w+ "Quickstart Course" \(slug quickstart-course, status active\)$`, lines[1])
	assert.Regexp(t, `^Added price variant price_\w+ "Lifetime access": 49\.00 USD$`, lines[2])
	assert.Equal(t, []string{
		"Products:",
		"  - Quickstart Course [active]",
		"  - Go for Beginners [active] rated 4.5/5 (2 reviews)",
		"  - Draft Ebook [draft]",
		`Fetched "quickstart-course" by slug: Quickstart Course`,
		"  Description: A short course created by the crevio-go quickstart.",
		"  Store page: https://store.crevio.co/quickstart-course",
		"  Reviews: none yet",
		"  Price variants: 1",
	}, lines[3:12])
	assert.Regexp(t, `^Archived price variant price_\w+$`, lines[12])
	assert.Regexp(t, `^Deleted product prod_\w+: true$`, lines[13])
	assert.Len(t, lines, 14)
}

func TestRunWithAPIKey(t *testing.T) {
	// "The real API" here is a fake reached through the environment, as a
	// user would with creviomock.
	srv := creviotest.NewTestServer(t, creviotest.WithToken("sk_test_quickstart"))
	for i := range 12 {
		_, err := srv.Seed("products", map[string]any{"name": "Existing " + string(rune('A'+i))})
		require.NoError(t, err)
	}
	exampleenv.UseServer(t, srv)
	out := exampleenv.Output(t, run)

	lines := exampleenv.Lines(out)
	assert.Equal(t, "Using the Crevio API at "+srv.URL, lines[0])
	assert.Contains(t, out, "  ...\n", "the listing stops after ten products")
	assert.Contains(t, out, "Reviews: none yet")
	assert.Equal(t, 12, srv.Count("products"), "the tour deletes what it created")

	var calls []string
	for _, r := range srv.Requests() {
		calls = append(calls, r.Method+" "+r.Path+" "+r.RawQuery)
	}
	pvID := strings.Fields(strings.TrimPrefix(lines[2], "Added price variant "))[0]
	assert.Equal(t, []string{
		"POST /v1/products ",
		"POST /v1/price_variants ",
		"GET /v1/products ",
		"GET /v1/products/quickstart-course expand=reviews",
		"POST /v1/price_variants/" + pvID + "/archive ",
		"DELETE /v1/products/" + strings.Fields(strings.TrimPrefix(lines[1], "Created product "))[0] + " ",
	}, calls)
}

func TestRunReportsErrors(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	srv.Fail(1, http.StatusUnprocessableEntity, creviotest.Only("POST", "/products"))
	exampleenv.UseServer(t, srv)
	var out strings.Builder
	err := run(t.Context(), &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "create product")
	assert.NotContains(t, err.Error(), srv.Token())
}
