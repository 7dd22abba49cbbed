package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/creviolabs/crevio-go/examples/internal/exampleenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunWithEmbeddedFake(t *testing.T) {
	exampleenv.UseFake(t)
	out := exampleenv.Output(t, run)

	lines := exampleenv.Lines(out)
	require.Len(t, lines, 11, out)
	for i, want := range []string{
		`^CREVIO_API_KEY is not set: using the embedded fake Crevio API at http://127\.0\.0\.1:\d+/v1$`,
		`^Store: Ada's Studio \(prices in EUR\)$`,
		`^Newsletter: subscribed ada@example\.com as customer cus_\w+, waiting for the email confirmation$`,
		`^Contact: sent "Contact" form \(3 fields\) as submission fsub_\w+, we will reply soon$`,
		`^Booking "Intro Call" \(30 min, free\):$`,
		`^  Free on (Mon|Tue|Wed|Thu|Fri) \d+ \w{3} \(Europe/Berlin\): \d\d:[03]0(, \d\d:[03]0){0,3} \.\.\.$`,
		`^  Booked (Mon|Tue|Wed|Thu|Fri) \d+ \w{3} \d\d:[03]0 CES?T: confirmed, join at https://meet\.example\.com/bkg_\w+$`,
		`^  Same slot again: refused \(422, start time has already been booked\)$`,
		`^Booking "1:1 Coaching" \(60 min, Single session, 120\.00 EUR\):$`,
		`^  Free on (Tue|Thu) \d+ \w{3} \(Europe/Berlin\): 1[4-7]:00(, 1[5-7]:00){0,3} \.\.\.$`,
		`^  Booked (Tue|Thu) \d+ \w{3} 1[4-7]:00 CES?T: pending, pay 120\.00 EUR at https://\S+/co_\w+$`,
	} {
		assert.Regexp(t, want, lines[i])
	}
	// The booked time is the first free time listed.
	first := strings.Fields(strings.SplitN(lines[5], ": ", 2)[1])[0]
	assert.Contains(t, lines[6], " "+strings.TrimSuffix(first, ",")+" ")
}

func TestRunWithAPIKey(t *testing.T) {
	// "The real API" here is a fake reached through the environment, as a
	// user would with creviomock: an account with the provisioned forms and
	// one free event type, open around the clock every day.
	srv := creviotest.NewTestServer(t, creviotest.WithToken("sk_test_storefront"))
	allDays := []any{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
	_, err := srv.Seed("event_types", map[string]any{"id": "etype_call", "name": "Call", "duration_minutes": 60,
		"availability": map[string]any{"time_zone": "UTC", "days": allDays, "start": "00:00", "end": "24:00"}})
	require.NoError(t, err)
	exampleenv.UseServer(t, srv)
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	before := time.Now().In(berlin).Format("2006-01-02")
	out := exampleenv.Output(t, run)
	after := time.Now().In(berlin).Format("2006-01-02")

	lines := exampleenv.Lines(out)
	assert.Equal(t, "Using the Crevio API at "+srv.URL, lines[0])
	assert.Equal(t, "Store: Test Store (prices in USD)", lines[1])
	assert.Len(t, lines, 8, "no paid event type: no paid booking")
	assert.Equal(t, 1, srv.Count("bookings"))
	assert.Equal(t, 2, srv.Count("form_submissions"), "the signup and the contact message")
	assert.Equal(t, 1, srv.Count("customers"))

	var calls []string
	for _, r := range srv.Requests() {
		calls = append(calls, r.Method+" "+r.Path)
	}
	assert.Equal(t, []string{
		"GET /v1/account",
		"POST /v1/subscribers",
		"GET /v1/forms",
		"POST /v1/form_submissions",
		"GET /v1/event-types",
		"GET /v1/event-types/etype_call/slots",
		"POST /v1/bookings",
		"POST /v1/bookings",
	}, calls)
	slots := srv.Requests()[5]
	assert.Regexp(t, "from=("+before+"|"+after+")&timezone=Europe%2FBerlin&to=", slots.RawQuery, "from today in the visitor's zone")
	assert.Equal(t, "is_primary=true&purpose=contact", srv.Requests()[2].RawQuery)
}

func TestRunWithABareStore(t *testing.T) {
	// A contact form without fields, and no event types.
	srv := creviotest.NewTestServer(t)
	_, err := srv.Seed("forms", map[string]any{"name": "Other", "purpose": "contact", "is_primary": true})
	require.NoError(t, err)
	exampleenv.UseServer(t, srv)
	out := exampleenv.Output(t, run)
	assert.Contains(t, out, `Contact: sent "Other" form (0 fields)`)
	assert.True(t, strings.HasSuffix(out, "Bookings: the store has no event types\n"), out)
}

func TestRunReportsErrors(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	_, err := srv.Seed("event_types", map[string]any{"name": "Call"})
	require.NoError(t, err)
	srv.Fail(1, http.StatusInternalServerError, creviotest.Only("POST", "/bookings"))
	exampleenv.UseServer(t, srv)
	var out strings.Builder
	err = run(t.Context(), &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `book "Call"`)
	assert.NotContains(t, err.Error(), srv.Token())
}
