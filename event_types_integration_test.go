package crevio_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eventTypeNow is the fake's clock in these tests: Sunday 1 March 2026,
// noon UTC. Monday 2 March is the first day with slots.
var eventTypeNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// eventTypeSeedPrice seeds a product with one 99.00 USD price variant and
// returns the variant's id.
func eventTypeSeedPrice(t *testing.T, srv *creviotest.Server) string {
	t.Helper()
	_, err := srv.Seed("products", map[string]any{"name": "Coaching", "status": "active", "price_variants": []any{
		map[string]any{"id": "price_coach", "name": "Single session", "amount": 9900, "currency": "usd"},
	}})
	require.NoError(t, err)
	return "price_coach"
}

// eventTypeSlotStarts lists the start times of a slots answer in UTC, as
// "15:04" (one day) strings.
func eventTypeSlotStarts(s *crevio.EventTypeSlots) []string {
	var out []string
	for _, sl := range s.Data {
		out = append(out, sl.StartTime.UTC().Format("Mon 15:04"))
	}
	return out
}

func TestIntegrationEventTypesLifecycle(t *testing.T) {
	srv, c := frozenServer(t, eventTypeNow)
	ctx := context.Background()
	price := eventTypeSeedPrice(t, srv)

	free, err := c.EventTypes.Create(ctx, &crevio.EventTypeCreateParams{Name: "Intro Call"})
	require.NoError(t, err)
	assert.Regexp(t, `^etype_`, free.ID)
	assert.Equal(t, "event_type", free.Object)
	assert.Equal(t, "intro-call", free.Slug)
	assert.Equal(t, crevio.EventTypeInt(30), free.DurationMinutes)
	assert.Equal(t, crevio.EventTypeLocationTypeGoogleMeet, *free.LocationType)
	assert.True(t, free.Free, "no price variants: free")
	assert.Nil(t, free.BookingWindowDays)
	assert.Empty(t, free.PriceVariants)
	assert.Equal(t, eventTypeNow, free.CreatedAt.UTC())

	paid, err := c.EventTypes.Create(ctx, &crevio.EventTypeCreateParams{
		Name: "Coaching", Slug: crevio.Ptr("coaching"), DurationMinutes: crevio.Ptr(60),
		LocationType: crevio.Ptr(crevio.EventTypeLocationTypeZoom), BookingWindowDays: crevio.Ptr(14),
		PriceVariants: []string{price},
	})
	require.NoError(t, err)
	assert.False(t, paid.Free, "price variants: paid")
	assert.Equal(t, crevio.EventTypeInt(14), *paid.BookingWindowDays)
	require.Len(t, paid.PriceVariants, 1)
	assert.Equal(t, price, paid.PriceVariants[0].ID)
	embedded, expanded := paid.PriceVariants[0].Expanded()
	require.True(t, expanded, "the API embeds full price variants, expanded or not")
	assert.Equal(t, int64(9900), *embedded.Amount)

	got, err := c.EventTypes.Get(ctx, paid.ID, &crevio.EventTypeGetParams{Expand: []crevio.EventTypeExpand{crevio.EventTypeExpandPriceVariants}})
	require.NoError(t, err)
	pv, ok := got.PriceVariants[0].Expanded()
	require.True(t, ok)
	assert.Equal(t, int64(9900), *pv.Amount)

	_, err = c.EventTypes.Get(ctx, "coaching", nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound, "event types are found by id only")

	page, err := c.EventTypes.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, page.Data, 2)
	assert.Equal(t, []string{paid.ID, free.ID}, []string{page.Data[0].ID, page.Data[1].ID})
	assert.Equal(t, "/v1/event-types", page.URL)

	_, err = c.EventTypes.Create(ctx, &crevio.EventTypeCreateParams{Name: "Broken", DurationMinutes: crevio.Ptr(0),
		Free: crevio.Ptr(false), LocationType: crevio.Ptr(crevio.EventTypeLocationType("hologram")),
		PriceVariants: []string{"price_missing"}})
	assert.ErrorIs(t, err, crevio.ErrValidation)
	errs := asAPIError(t, err).Errors
	assert.NotEmpty(t, errs["duration_minutes"])
	assert.NotEmpty(t, errs["location_type"])
	assert.Equal(t, []string{"must exist"}, errs["price_variants"])
	_, err = c.EventTypes.Create(ctx, &crevio.EventTypeCreateParams{Name: "Paid, no price", Free: crevio.Ptr(false)})
	assert.NotEmpty(t, asAPIError(t, err).Errors["price_variants"])
}

func TestIntegrationEventTypeSlots(t *testing.T) {
	srv, c := frozenServer(t, eventTypeNow)
	ctx := context.Background()
	et, err := c.EventTypes.Create(ctx, &crevio.EventTypeCreateParams{Name: "Coaching", DurationMinutes: crevio.Ptr(60),
		Extra: map[string]any{"availability": map[string]any{
			"time_zone": "America/New_York", "days": []string{"monday", "saturday"}, "start": "09:00", "end": "12:30",
		}}})
	require.NoError(t, err)

	// Monday 2 March in Berlin: 00:00 to 24:00 CET is 23:00 UTC Sunday to
	// 23:00 UTC Monday. New York (EST, UTC-5) is open 14:00-17:30 UTC on
	// Monday: three whole hours.
	slots, err := c.EventTypes.Slots(ctx, et.ID, &crevio.EventTypeSlotsParams{
		From: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
		Timezone: "Europe/Berlin",
	})
	require.NoError(t, err)
	assert.Equal(t, "list", slots.Object)
	assert.Equal(t, []string{"Mon 14:00", "Mon 15:00", "Mon 16:00"}, eventTypeSlotStarts(slots))
	assert.Equal(t, "2026-03-02T15:00:00+01:00", slots.Data[0].StartTime.Format(time.RFC3339), "in the requested zone")
	assert.Equal(t, "2026-03-02T16:00:00+01:00", slots.Data[0].EndTime.Format(time.RFC3339))

	// The days of the requested zone decide. New York's Saturday slots
	// (EST, UTC-5) start at 14:00, 15:00 and 16:00 UTC: 23:00 on 7 March,
	// then 00:00 and 01:00 on 8 March in Tokyo (JST, UTC+9).
	tokyoDay := func(d int) []string {
		t.Helper()
		day := time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC)
		s, err := c.EventTypes.Slots(ctx, et.ID, &crevio.EventTypeSlotsParams{From: day, To: day, Timezone: "Asia/Tokyo"})
		require.NoError(t, err)
		if d == 8 && len(s.Data) > 0 {
			assert.Equal(t, "2026-03-08T00:00:00+09:00", s.Data[0].StartTime.Format(time.RFC3339))
		}
		return eventTypeSlotStarts(s)
	}
	assert.Equal(t, []string{"Sat 14:00"}, tokyoDay(7))
	assert.Equal(t, []string{"Sat 15:00", "Sat 16:00"}, tokyoDay(8))

	// Daylight saving: New York moves to EDT (UTC-4) on 8 March, so
	// Monday 9 March opens at 13:00 UTC.
	slots, err = c.EventTypes.Slots(ctx, et.ID, &crevio.EventTypeSlotsParams{
		From: time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC), Timezone: "UTC",
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"Mon 13:00", "Mon 14:00", "Mon 15:00"}, eventTypeSlotStarts(slots))

	// A booking takes its slot out, and so does one of another event type
	// that overlaps it (one host, one calendar).
	_, err = c.Bookings.Create(ctx, &crevio.BookingCreateParams{EventTypeID: et.ID,
		StartTime: time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC), TimeZone: "Europe/Berlin",
		Attendee: crevio.BookingAttendee{Email: "jane@example.com"}})
	require.NoError(t, err)
	other, err := c.EventTypes.Create(ctx, &crevio.EventTypeCreateParams{Name: "Quick chat", DurationMinutes: crevio.Ptr(30),
		Extra: map[string]any{"availability": map[string]any{"time_zone": "UTC", "days": []string{"monday"}, "start": "16:00", "end": "17:00"}}})
	require.NoError(t, err)
	_, err = c.Bookings.Create(ctx, &crevio.BookingCreateParams{EventTypeID: other.ID,
		StartTime: time.Date(2026, 3, 2, 16, 30, 0, 0, time.UTC), TimeZone: "UTC",
		Attendee: crevio.BookingAttendee{Email: "bo@example.com"}})
	require.NoError(t, err)
	slots, err = c.EventTypes.Slots(ctx, et.ID, &crevio.EventTypeSlotsParams{
		From: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Timezone: "UTC",
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"Mon 14:00"}, eventTypeSlotStarts(slots))
	assert.Equal(t, 2, srv.Count("bookings"))
}

func TestIntegrationEventTypeSlotsPastAndWindow(t *testing.T) {
	// Monday 2 March 2026, 10:15 UTC.
	now := time.Date(2026, 3, 2, 10, 15, 0, 0, time.UTC)
	_, c := frozenServer(t, now)
	ctx := context.Background()
	et, err := c.EventTypes.Create(ctx, &crevio.EventTypeCreateParams{Name: "Call", DurationMinutes: crevio.Ptr(120),
		BookingWindowDays: crevio.Ptr(2)})
	require.NoError(t, err)

	slots, err := c.EventTypes.Slots(ctx, et.ID, &crevio.EventTypeSlotsParams{
		From: time.Date(2026, 2, 27, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), Timezone: "UTC",
	})
	require.NoError(t, err)
	// Default hours: weekdays 09:00-17:00 UTC, here in two-hour slots.
	// Nothing before now; nothing after now + 2 days (Wednesday 10:15).
	assert.Equal(t, []string{"Mon 11:00", "Mon 13:00", "Mon 15:00", "Tue 09:00", "Tue 11:00", "Tue 13:00", "Tue 15:00", "Wed 09:00"},
		eventTypeSlotStarts(slots))

	_, err = c.Bookings.Create(ctx, &crevio.BookingCreateParams{EventTypeID: et.ID,
		StartTime: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), TimeZone: "UTC", Attendee: crevio.BookingAttendee{Email: "late@example.com"}})
	assert.Equal(t, []string{"is not an available slot"}, asAPIError(t, err).Errors["start_time"], "a slot in the past")
	_, err = c.Bookings.Create(ctx, &crevio.BookingCreateParams{EventTypeID: et.ID,
		StartTime: time.Date(2026, 3, 4, 11, 0, 0, 0, time.UTC), TimeZone: "UTC", Attendee: crevio.BookingAttendee{Email: "early@example.com"}})
	assert.Equal(t, []string{"is not an available slot"}, asAPIError(t, err).Errors["start_time"], "a slot beyond the window")
}

func TestIntegrationEventTypesAll(t *testing.T) {
	srv, c := frozenServer(t, eventTypeNow)
	for i := range 25 {
		_, err := srv.Seed("event_types", map[string]any{"name": fmt.Sprintf("Session %02d", i)})
		require.NoError(t, err)
	}
	srv.ResetRequests()
	var names []string
	for e, err := range c.EventTypes.All(context.Background(), &crevio.EventTypeListParams{Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		names = append(names, e.Name)
	}
	require.Len(t, names, 25)
	assert.Equal(t, "Session 24", names[0])
	assert.Equal(t, "Session 00", names[24])
	assert.Len(t, srv.Requests(), 3)
}
