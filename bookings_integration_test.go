package crevio_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bookingMonday9 is Monday 2 March 2026, 09:00 UTC: the first default slot
// after eventTypeNow.
var bookingMonday9 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func TestIntegrationBookingFree(t *testing.T) {
	srv, c := frozenServer(t, eventTypeNow)
	ctx := context.Background()
	et, err := c.EventTypes.Create(ctx, &crevio.EventTypeCreateParams{Name: "Intro", DurationMinutes: crevio.Ptr(45)})
	require.NoError(t, err)

	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	b, err := c.Bookings.Create(ctx, &crevio.BookingCreateParams{
		EventTypeID: et.ID, StartTime: bookingMonday9.In(berlin), TimeZone: "Europe/Berlin",
		Attendee: crevio.BookingAttendee{Name: crevio.Ptr("Jane"), Email: "jane@example.com", Phone: crevio.Ptr("+49 30 1")},
	})
	require.NoError(t, err)
	assert.Regexp(t, `^bkg_`, b.ID)
	assert.Equal(t, "booking", b.Object)
	assert.Equal(t, crevio.BookingStatusConfirmed, b.Status)
	assert.Equal(t, bookingMonday9, b.StartTime.UTC())
	assert.Equal(t, bookingMonday9.Add(45*time.Minute), b.EndTime.UTC())
	assert.Equal(t, "Europe/Berlin", b.TimeZone)
	assert.Equal(t, "https://meet.example.com/"+b.ID, *b.MeetURL, "a video event type gets a meeting link")
	assert.Nil(t, b.LocationDetails)
	assert.True(t, b.Checkout.IsZero(), "a free booking has no checkout")
	assert.Equal(t, et.ID, b.EventTypeID)
	assert.Equal(t, &crevio.BookingAttendee{Name: crevio.Ptr("Jane"), Email: "jane@example.com", Phone: crevio.Ptr("+49 30 1")}, b.Attendee)
	assert.Zero(t, srv.Count("checkouts"))

	// The slot is gone from the event type's slots.
	slots, err := c.EventTypes.Slots(ctx, et.ID, &crevio.EventTypeSlotsParams{From: bookingMonday9, To: bookingMonday9, Timezone: "UTC"})
	require.NoError(t, err)
	require.NotEmpty(t, slots.Data)
	assert.Equal(t, bookingMonday9.Add(45*time.Minute), slots.Data[0].StartTime.UTC())
}

func TestIntegrationBookingSameSlotTwice(t *testing.T) {
	srv, c := frozenServer(t, eventTypeNow)
	ctx := context.Background()
	et, err := c.EventTypes.Create(ctx, &crevio.EventTypeCreateParams{Name: "Intro"})
	require.NoError(t, err)
	book := func(email string) (*crevio.Booking, error) {
		return c.Bookings.Create(ctx, &crevio.BookingCreateParams{EventTypeID: et.ID, StartTime: bookingMonday9,
			TimeZone: "UTC", Attendee: crevio.BookingAttendee{Email: email}})
	}
	_, err = book("first@example.com")
	require.NoError(t, err)

	_, err = book("second@example.com")
	require.ErrorIs(t, err, crevio.ErrValidation, "the fake answers a taken slot with 422")
	apiErr := asAPIError(t, err)
	assert.Equal(t, 422, apiErr.StatusCode)
	assert.Equal(t, map[string][]string{"start_time": {"has already been booked"}}, apiErr.Errors)
	assert.Equal(t, 1, srv.Count("bookings"))

	// Racing requests for one slot: exactly one wins.
	next := bookingMonday9.Add(30 * time.Minute)
	var wg sync.WaitGroup
	results := make([]error, 8)
	for i := range results {
		wg.Go(func() {
			_, results[i] = c.Bookings.Create(ctx, &crevio.BookingCreateParams{EventTypeID: et.ID, StartTime: next,
				TimeZone: "UTC", Attendee: crevio.BookingAttendee{Email: "racer@example.com"}})
		})
	}
	wg.Wait()
	won := 0
	for _, err := range results {
		if err == nil {
			won++
		} else {
			assert.ErrorIs(t, err, crevio.ErrValidation)
		}
	}
	assert.Equal(t, 1, won)
	assert.Equal(t, 2, srv.Count("bookings"))
}

func TestIntegrationBookingPaidReturnsCheckout(t *testing.T) {
	srv, c := frozenServer(t, eventTypeNow)
	ctx := context.Background()
	price := eventTypeSeedPrice(t, srv)
	et, err := c.EventTypes.Create(ctx, &crevio.EventTypeCreateParams{Name: "Coaching", DurationMinutes: crevio.Ptr(60),
		LocationType: crevio.Ptr(crevio.EventTypeLocationTypeInPerson), PriceVariants: []string{price},
		Extra: map[string]any{"location_details": "Studio 4, Main St"}})
	require.NoError(t, err)
	require.False(t, et.Free)

	b, err := c.Bookings.Create(ctx, &crevio.BookingCreateParams{
		EventTypeID: et.ID, StartTime: bookingMonday9, TimeZone: "America/New_York",
		Attendee: crevio.BookingAttendee{Email: "payer@example.com"}, PriceVariantID: crevio.Ptr(price),
	})
	require.NoError(t, err)
	assert.Equal(t, crevio.BookingStatusPending, b.Status)
	assert.Nil(t, b.MeetURL)
	assert.Equal(t, "Studio 4, Main St", *b.LocationDetails)
	assert.Equal(t, price, *b.PriceVariantID)

	co, ok := b.Checkout.Expanded()
	require.True(t, ok, "the create answer embeds the checkout")
	assert.Regexp(t, `^co_`, co.ID)
	assert.Equal(t, co.ID, b.Checkout.ID)
	assert.Equal(t, crevio.CheckoutStatusOpen, co.Status)
	assert.Equal(t, int64(9900), co.Total)
	assert.Equal(t, "usd", co.Currency)
	require.NotNil(t, co.PurchaseURL)
	assert.Contains(t, *co.PurchaseURL, co.ID)
	require.Len(t, co.CheckoutItems, 1)
	assert.Equal(t, price, co.CheckoutItems[0].PriceVariant.ID)
	assert.Equal(t, 1, co.CheckoutItems[0].Quantity)

	// It is a real checkout of the fake.
	stored, err := c.Checkouts.Get(ctx, co.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, co.Total, stored.Total)
	assert.Equal(t, 1, srv.Count("checkouts"))

	// A paid event type needs one of its prices.
	_, err = c.Bookings.Create(ctx, &crevio.BookingCreateParams{EventTypeID: et.ID, StartTime: bookingMonday9.Add(time.Hour),
		TimeZone: "UTC", Attendee: crevio.BookingAttendee{Email: "payer@example.com"}})
	assert.Equal(t, []string{"can't be blank for a paid event type"}, asAPIError(t, err).Errors["price_variant_id"])
	_, err = c.Bookings.Create(ctx, &crevio.BookingCreateParams{EventTypeID: et.ID, StartTime: bookingMonday9.Add(time.Hour),
		TimeZone: "UTC", Attendee: crevio.BookingAttendee{Email: "payer@example.com"}, PriceVariantID: crevio.Ptr("price_other")})
	assert.Equal(t, []string{"is not a price of this event type"}, asAPIError(t, err).Errors["price_variant_id"])
	assert.Equal(t, 1, srv.Count("bookings"))
	assert.Equal(t, 1, srv.Count("checkouts"))

	// Paying the checkout confirms the booking.
	_, err = srv.CompleteCheckout(co.ID)
	require.NoError(t, err)
	paid, ok := srv.Get("bookings", b.ID)
	require.True(t, ok)
	assert.Equal(t, "confirmed", paid["status"])
}

func TestIntegrationBookingValidation(t *testing.T) {
	srv, c := frozenServer(t, eventTypeNow)
	ctx := context.Background()
	et, err := c.EventTypes.Create(ctx, &crevio.EventTypeCreateParams{Name: "Intro"})
	require.NoError(t, err)

	_, err = c.Bookings.Create(ctx, &crevio.BookingCreateParams{EventTypeID: et.ID, StartTime: bookingMonday9.Add(10 * time.Minute),
		TimeZone: "UTC", Attendee: crevio.BookingAttendee{Email: "not-an-email"},
		Extra: map[string]any{"status": "confirmed", "time_zone": "Mars/Base"}})
	errs := asAPIError(t, err).Errors
	assert.Equal(t, map[string][]string{
		"start_time":     {"is not an available slot"},
		"attendee.email": {"is invalid"},
		"time_zone":      {"must be an IANA time zone"},
	}, errs)

	_, err = c.Bookings.Create(ctx, &crevio.BookingCreateParams{EventTypeID: "etype_missing", StartTime: bookingMonday9,
		TimeZone: "UTC", Attendee: crevio.BookingAttendee{Email: "a@b.co"}})
	assert.Equal(t, map[string][]string{"event_type_id": {"must exist"}}, asAPIError(t, err).Errors)

	// Fields the fake decides cannot be set by the client.
	b, err := c.Bookings.Create(ctx, &crevio.BookingCreateParams{EventTypeID: et.ID, StartTime: bookingMonday9,
		TimeZone: "UTC", Attendee: crevio.BookingAttendee{Email: "a@b.co"},
		Extra: map[string]any{"status": "canceled", "meet_url": "https://evil.test", "checkout": "co_x"}})
	require.NoError(t, err)
	assert.Equal(t, crevio.BookingStatusConfirmed, b.Status)
	assert.NotEqual(t, "https://evil.test", *b.MeetURL)
	assert.True(t, b.Checkout.IsZero())
	assert.Equal(t, 1, srv.Count("bookings"))
}
