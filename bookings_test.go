package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBookingsWire(t *testing.T) {
	booking := fixture(t, "booking.json")
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	checkWire(t, []wireCase{
		{
			name: "create a paid booking",
			call: func(c *Client) error {
				_, err := c.Bookings.Create(bg, &BookingCreateParams{
					EventTypeID: "etype_coach", StartTime: time.Date(2026, 3, 2, 9, 0, 0, 0, berlin),
					TimeZone:       "Europe/Berlin",
					Attendee:       BookingAttendee{Name: Ptr("Jane Doe"), Email: "jane@example.com", Phone: Ptr("+49 30 1234")},
					PriceVariantID: Ptr("price_coach"), Extra: map[string]any{"notes": "First session"},
				})
				return err
			},
			method: "POST", path: "/bookings",
			body: `{"event_type_id":"etype_coach","start_time":"2026-03-02T09:00:00+01:00","time_zone":"Europe/Berlin",
				"attendee":{"name":"Jane Doe","email":"jane@example.com","phone":"+49 30 1234"},
				"price_variant_id":"price_coach","notes":"First session"}`,
			respond: booking,
		},
		{
			name: "create a free booking with the minimum",
			call: func(c *Client) error {
				_, err := c.Bookings.Create(bg, &BookingCreateParams{
					EventTypeID: "etype_intro", StartTime: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
					TimeZone: "UTC", Attendee: BookingAttendee{Email: "a@b.co"},
				})
				return err
			},
			method: "POST", path: "/bookings",
			body:    `{"event_type_id":"etype_intro","start_time":"2026-03-02T09:00:00Z","time_zone":"UTC","attendee":{"email":"a@b.co"}}`,
			respond: booking,
		},
	})
}

func TestBookingsRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	ok := func() *BookingCreateParams {
		return &BookingCreateParams{EventTypeID: "etype_1", StartTime: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
			TimeZone: "Europe/Berlin", Attendee: BookingAttendee{Email: "a@b.co"}}
	}
	for name, tt := range map[string]struct {
		change func(p *BookingCreateParams)
		msg    string
	}{
		"no event type": {func(p *BookingCreateParams) { p.EventTypeID = "" }, "EventTypeID is required"},
		"no start":      {func(p *BookingCreateParams) { p.StartTime = time.Time{} }, "StartTime is required"},
		"no email":      {func(p *BookingCreateParams) { p.Attendee.Email = "" }, "Attendee.Email is required"},
		"no time zone":  {func(p *BookingCreateParams) { p.TimeZone = "" }, "TimeZone is required"},
		"bad time zone": {func(p *BookingCreateParams) { p.TimeZone = "Europe/Atlantis" }, `TimeZone "Europe/Atlantis" is not an IANA time zone`},
	} {
		p := ok()
		tt.change(p)
		_, err := c.Bookings.Create(bg, p)
		assert.ErrorIs(t, err, ErrInvalidParam, name)
		assert.ErrorContains(t, err, tt.msg, name)
	}
	_, err := c.Bookings.Create(bg, nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.Empty(t, r.requests(), "invalid input must not reach the network")
}

func TestBookingDecodePaid(t *testing.T) {
	raw := fixture(t, "booking.json")
	r := newRecorder(t)
	r.respond(200, raw)
	b, err := r.client().Bookings.Create(bg, &BookingCreateParams{EventTypeID: "etype_coach",
		StartTime: time.Now(), TimeZone: "UTC", Attendee: BookingAttendee{Email: "jane@example.com"}})
	require.NoError(t, err)

	assert.Equal(t, "bkg_paid", b.ID)
	assert.Equal(t, "booking", b.Object)
	assert.Equal(t, BookingStatusPending, b.Status)
	assert.True(t, b.Status.IsKnown())
	assert.Equal(t, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC), b.StartTime.UTC())
	assert.Equal(t, time.Date(2026, 3, 2, 8, 45, 0, 0, time.UTC), b.EndTime.UTC())
	assert.Equal(t, "Europe/Berlin", b.TimeZone)
	assert.Nil(t, b.MeetURL)
	assert.Equal(t, "Zoom link follows payment", *b.LocationDetails)
	assert.Equal(t, "etype_coach", b.EventTypeID)
	assert.Equal(t, "price_coach", *b.PriceVariantID)
	assert.Equal(t, &BookingAttendee{Name: Ptr("Jane Doe"), Email: "jane@example.com"}, b.Attendee)
	assert.Equal(t, time.Date(2026, 2, 20, 10, 0, 0, 0, time.UTC), b.CreatedAt.UTC())
	assert.Equal(t, time.Date(2026, 2, 20, 10, 0, 0, 0, time.UTC), b.UpdatedAt.UTC())

	co, ok := b.Checkout.Expanded()
	require.True(t, ok, "the create answer embeds the checkout")
	assert.Equal(t, "co_book1", b.Checkout.ID)
	assert.Equal(t, CheckoutStatusOpen, co.Status)
	assert.Equal(t, int64(9900), co.Total)
	assert.Equal(t, "https://checkout.crevio.co/co_book1", *co.PurchaseURL)
	require.Len(t, co.CheckoutItems, 1)
	assert.Equal(t, "price_coach", co.CheckoutItems[0].PriceVariant.ID)
	var coExtra struct{ Booking string }
	require.NoError(t, json.Unmarshal(co.RawJSON(), &coExtra))
	assert.Equal(t, "bkg_paid", coExtra.Booking, "the embedded checkout keeps its own raw JSON")

	assert.JSONEq(t, raw, string(b.RawJSON()))
	var extra struct {
		ReminderSent *bool `json:"reminder_sent"`
	}
	require.NoError(t, json.Unmarshal(b.RawJSON(), &extra))
	require.NotNil(t, extra.ReminderSent)
}

func TestBookingDecodeUnexpandedAndUnknownStatus(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "booking_confirmed.json"))
	b, err := r.client().Bookings.Create(bg, &BookingCreateParams{EventTypeID: "etype_intro",
		StartTime: time.Now(), TimeZone: "UTC", Attendee: BookingAttendee{Email: "a@b.co"}})
	require.NoError(t, err)
	assert.Equal(t, BookingStatus("waitlisted"), b.Status)
	assert.False(t, b.Status.IsKnown())
	assert.Equal(t, "https://meet.example.com/bkg_free", *b.MeetURL)
	assert.Nil(t, b.LocationDetails)
	assert.Equal(t, "co_later", b.Checkout.ID)
	_, expanded := b.Checkout.Expanded()
	assert.False(t, expanded)
	assert.True(t, b.EndTime.IsZero())
	assert.Nil(t, b.Attendee)
	assert.Nil(t, b.PriceVariantID)
}

func TestBookingStatusesKnown(t *testing.T) {
	for _, s := range []BookingStatus{BookingStatusPending, BookingStatusConfirmed, BookingStatusCanceled} {
		assert.True(t, s.IsKnown(), s)
	}
	assert.False(t, BookingStatus("cancelled").IsKnown())
}
