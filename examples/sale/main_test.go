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
	want := []string{
		`CREVIO_API_KEY is not set: using the embedded fake Crevio API at http://127\.0\.0\.1:\d+/v1`,
		`1\. Product prod_\w+ "Go Workshop" \(active\)`,
		`2\. Price variant price_\w+ "Workshop seat" at 49\.00 USD`,
		`3\. Checkout (co_\w+) \(open\): 2 × Workshop seat = 98\.00 USD`,
		`   Pay at https://store\.crevio\.co/checkout/co_\w+`,
		`4\. The buyer pays \(the fake completes the checkout\)\.`,
		`   Order (ord_\w+) \(paid\): 98\.00 USD via stripe`,
		`   Customer cus_\w+ <jane@example\.com>`,
		`   Line item ordi_\w+: 2 × Workshop seat = 98\.00 USD`,
		`5\. Refund re_\w+ \(succeeded\): 49\.00 USD, "One seat not used"`,
		`   Order (ord_\w+) is now partially_refunded: 49\.00 USD of 98\.00 USD refunded`,
	}
	require.Len(t, lines, len(want), out)
	for i, w := range want {
		assert.Regexp(t, "^"+w+"$", lines[i], "line %d", i+1)
	}
	checkout := regexp.MustCompile(`co_\w+`).FindString(lines[3])
	assert.Equal(t, checkout, strings.TrimPrefix(lines[4], "   Pay at https://store.crevio.co/checkout/"))
	order := regexp.MustCompile(`ord_\w+`)
	assert.Equal(t, order.FindString(lines[6]), order.FindString(lines[10]), "the refunded order is the sale's")
}

func TestRunWithAPIKeyStopsAtTheCheckout(t *testing.T) {
	// "The real API" here is a fake reached through the environment, as a
	// user would with creviomock: nobody pays, so the walk must stop.
	srv := creviotest.NewTestServer(t, creviotest.WithToken("sk_test_sale"))
	exampleenv.UseServer(t, srv)
	out := exampleenv.Output(t, run)

	lines := exampleenv.Lines(out)
	assert.Equal(t, "Using the Crevio API at "+srv.URL, lines[0])
	assert.Regexp(t, `^3\. Checkout co_\w+ \(open\): 2 × Workshop seat = 98\.00 USD$`, lines[3])
	assert.Regexp(t, `^   Pay at https://store\.crevio\.co/checkout/co_\w+$`, lines[4])
	assert.Equal(t, []string{
		"Payment happens in the buyer's browser at the purchase URL: the API cannot pay for them, so the walk stops here.",
		"Once paid, the checkout's order shows in Orders.List and can be refunded with Refunds.Create.",
		"Run without CREVIO_API_KEY to see the rest of the sale on the embedded fake.",
	}, lines[5:])

	var calls []string
	for _, r := range srv.Requests() {
		calls = append(calls, r.Method+" "+r.Path)
	}
	assert.Equal(t, []string{"POST /v1/products", "POST /v1/price_variants", "POST /v1/checkouts"}, calls)
	assert.Zero(t, srv.Count("orders"), "nothing is paid without a buyer")
	assert.Equal(t, 1, srv.Count("checkouts"))
}

func TestRunReportsErrors(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	srv.Fail(1, http.StatusUnprocessableEntity, creviotest.Only("POST", "/checkouts"))
	exampleenv.UseServer(t, srv)
	var out strings.Builder
	err := run(t.Context(), &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "create checkout")
	assert.NotContains(t, err.Error(), srv.Token())
	assert.NotContains(t, out.String(), "3. Checkout")
}

func TestMoney(t *testing.T) {
	assert.Equal(t, "49.00 USD", money(4900, "usd"))
	assert.Equal(t, "0.05 EUR", money(5, "eur"))
	assert.Equal(t, "-1.50 USD", money(-150, "usd"))
}
