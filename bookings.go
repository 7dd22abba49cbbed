package crevio

import (
	"context"
	"net/http"
	"time"
)

// BookingsService is the bookings API: visitors booking a slot of an event
// type.
type BookingsService service

// Booking is a booked meeting. A free event type's booking is confirmed at
// once; a paid one's is pending, with a Checkout the visitor must pay
// through (send them to its PurchaseURL).
type Booking struct {
	// ID is the booking's id.
	ID string `json:"id"`
	// Object is "booking" (inferred).
	Object string `json:"object"`
	// Status is pending (awaiting payment) or confirmed.
	Status BookingStatus `json:"status"`
	// StartTime is when the meeting starts.
	StartTime Time `json:"start_time"`
	// EndTime is when the meeting ends (inferred field).
	EndTime Time `json:"end_time"`
	// TimeZone is the attendee's IANA time zone.
	TimeZone string `json:"time_zone"`
	// MeetURL is the video link, when there is one.
	MeetURL *string `json:"meet_url"`
	// LocationDetails describes where to meet, when set.
	LocationDetails *string `json:"location_details"`
	// Checkout is the checkout to pay a paid booking through: its id, or
	// the object (with PurchaseURL) when the API embeds it, as it does in
	// the create answer. Zero for a free booking.
	Checkout Expandable[Checkout] `json:"checkout"`
	// EventTypeID is the id of the event type booked (inferred field).
	EventTypeID string `json:"event_type_id"`
	// PriceVariantID is the id of the price paid, for a paid booking
	// (inferred field).
	PriceVariantID *string `json:"price_variant_id"`
	// Attendee is who booked (inferred field).
	Attendee *BookingAttendee `json:"attendee"`
	// CreatedAt is when the booking was made (inferred field).
	CreatedAt Time `json:"created_at"`
	// UpdatedAt is when the booking last changed (inferred field).
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (b *Booking) objectID() string { return b.ID }

// BookingAttendee is the person who books.
type BookingAttendee struct {
	// Name is the attendee's name.
	Name *string `json:"name,omitempty"`
	// Email is the attendee's email address (required when booking).
	Email string `json:"email"`
	// Phone is the attendee's phone number.
	Phone *string `json:"phone,omitempty"`
}

// BookingStatus is a booking's state.
type BookingStatus string

// Known booking statuses. Canceled is inferred.
const (
	BookingStatusPending   BookingStatus = "pending"
	BookingStatusConfirmed BookingStatus = "confirmed"
	BookingStatusCanceled  BookingStatus = "canceled"
)

// IsKnown reports whether s is one of the statuses this version knows.
func (s BookingStatus) IsKnown() bool {
	return oneOf(s, BookingStatusPending, BookingStatusConfirmed, BookingStatusCanceled)
}

// BookingCreateParams are the fields of a new booking.
type BookingCreateParams struct {
	// EventTypeID is the id of the event type to book (required).
	EventTypeID string `json:"event_type_id"`
	// StartTime is the start of the slot, one of the StartTime values
	// [EventTypesService.Slots] returned (required).
	StartTime time.Time `json:"start_time"`
	// TimeZone is the attendee's IANA time zone, such as "Europe/Berlin"
	// (required).
	TimeZone string `json:"time_zone"`
	// Attendee is who books; its Email is required.
	Attendee BookingAttendee `json:"attendee"`
	// PriceVariantID is the chosen price of a paid event type.
	PriceVariantID *string `json:"price_variant_id,omitempty"`

	Extra map[string]any `json:"-"`
}

func (p *BookingCreateParams) validate() error {
	switch {
	case p.EventTypeID == "":
		return errRequired("EventTypeID")
	case p.StartTime.IsZero():
		return errRequired("StartTime")
	case p.Attendee.Email == "":
		return errRequired("Attendee.Email")
	}
	return eventTypeCheckZone("TimeZone", p.TimeZone)
}

// Create books a slot. For a free event type the booking comes back
// confirmed; for a paid one it comes back pending with an expanded Checkout
// whose PurchaseURL the attendee pays at. A slot that is taken or not
// offered is an API error (the fake answers 422, [ErrValidation], with the
// reason under Errors["start_time"]).
//
// API: POST /v1/bookings
func (s *BookingsService) Create(ctx context.Context, params *BookingCreateParams, opts ...RequestOption) (*Booking, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[Booking](ctx, s.c, http.MethodPost, pathBookings, params, opts)
}
