package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bookingPaidSetup returns a fake whose clock reads Thursday 2 January
// 2025, seeded with a product with a 49.00 EUR price (price_c) and a paid
// Zoom event type selling it (etype_paid).
func bookingPaidSetup(t *testing.T) *api {
	t.Helper()
	clk := newClock()
	a := newAPI(t, WithClock(clk.Now))
	_, err := a.srv.Seed("products", map[string]any{"id": "prod_c", "name": "Coaching", "price_variants": []any{
		map[string]any{"id": "price_c", "name": "Session", "amount": 4900, "currency": "eur"},
	}})
	require.NoError(t, err)
	_, err = a.srv.Seed("event_types", map[string]any{"id": "etype_paid", "name": "Coaching", "location_type": "zoom",
		"price_variants": []any{"price_c"}})
	require.NoError(t, err)
	return a
}

func TestBookingsCreateOnly(t *testing.T) {
	a := newAPI(t)
	formRoutes(t, a, "GET /bookings", "GET /bookings/bkg_x", "PATCH /bookings/bkg_x", "DELETE /bookings/bkg_x")
	res := a.do(http.MethodPost, "/bookings", map[string]any{"attendee": map[string]any{"name": 5}, "time_zone": "Local"})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	errs := res.errField("errors").(map[string]any)
	for _, f := range []string{"event_type_id", "start_time", "time_zone", "attendee.email", "attendee.name"} {
		assert.Contains(t, errs, f)
	}
	res = a.do(http.MethodPost, "/bookings", map[string]any{"event_type_id": "etype_x", "start_time": "tomorrow",
		"time_zone": "UTC", "attendee": "jane@example.com"})
	errs = res.errField("errors").(map[string]any)
	assert.Equal(t, []any{"must be an RFC 3339 date-time"}, errs["start_time"])
	assert.Equal(t, []any{"must be an object"}, errs["attendee"])
	assert.Zero(t, a.srv.Count("bookings"))
}

func TestBookingPaidCheckoutAndConfirmation(t *testing.T) {
	a := bookingPaidSetup(t)
	b := a.create("/bookings", map[string]any{"booking": map[string]any{
		"event_type_id": "etype_paid", "start_time": "2025-01-03T10:00:00+01:00", "time_zone": "Europe/Paris",
		"attendee": map[string]any{"email": "payer@example.com"}, "price_variant_id": "price_c",
	}})
	assert.Equal(t, "pending", b["status"])
	assert.Equal(t, "2025-01-03T09:00:00Z", b["start_time"], "stored in UTC")
	assert.Equal(t, "2025-01-03T09:30:00Z", b["end_time"])
	assert.Nil(t, b["meet_url"], "no link before payment")
	co := b["checkout"].(map[string]any)
	coID := co["id"].(string)
	assert.Regexp(t, `^co_`, coID)
	assert.Equal(t, "open", co["status"])
	assert.Equal(t, "eur", co["currency"])
	assert.Equal(t, float64(4900), co["total"])
	assert.Equal(t, "payer@example.com", co["email"])
	assert.Contains(t, co["purchase_url"], coID)
	assert.Equal(t, mustGet(t, a.srv, "checkouts", coID)["total"], co["total"])

	// Paying the checkout confirms the booking.
	a.srv.st.mu.Lock()
	bookingConfirmPaid(a.srv.st, "co_other") // not a booking's: no-op
	bookingConfirmPaid(a.srv.st, coID)
	a.srv.st.mu.Unlock()
	got := mustGet(t, a.srv, "bookings", b["id"].(string))
	assert.Equal(t, "confirmed", got["status"])
	assert.Equal(t, "https://meet.example.com/"+b["id"].(string), got["meet_url"])
	assert.Equal(t, coID, got["checkout"].(map[string]any)["id"])
}

func TestBookingSeeds(t *testing.T) {
	a := bookingPaidSetup(t)
	seeded, err := a.srv.Seed("bookings",
		map[string]any{"event_type_id": "etype_paid", "start_time": "2025-01-06T09:00:00Z", "time_zone": "UTC",
			"attendee": map[string]any{"email": "a@b.co"}, "price_variant_id": "price_c"},
		map[string]any{"event_type_id": "etype_paid", "start_time": "2025-01-06T10:00:00Z", "time_zone": "UTC",
			"attendee": map[string]any{"email": "a@b.co"}, "status": "canceled", "checkout": nil})
	require.NoError(t, err)
	assert.Equal(t, "pending", seeded[0]["status"], "a seed gets what the fake decides")
	assert.NotNil(t, seeded[0]["checkout"])
	assert.Equal(t, "canceled", seeded[1]["status"], "and keeps what it gives")
	assert.Nil(t, seeded[1]["checkout"])
	assert.Equal(t, 1, a.srv.Count("checkouts"))

	// The canceled booking frees its slot; the pending one holds its own.
	res := a.do(http.MethodGet, "/event-types/etype_paid/slots?from=2025-01-06&to=2025-01-06&timezone=UTC", nil)
	require.Equal(t, http.StatusOK, res.Status)
	var starts []string
	for _, s := range res.data()[:2] {
		starts = append(starts, s.(map[string]any)["start_time"].(string))
	}
	assert.Equal(t, []string{"2025-01-06T09:30:00Z", "2025-01-06T10:00:00Z"}, starts)
}
