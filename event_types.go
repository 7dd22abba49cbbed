package crevio

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// EventTypesService is the event types API: bookable meeting types and their
// available slots. Book a slot with [BookingsService.Create].
type EventTypesService service

// EventType is a bookable meeting type. Event types are found by id only,
// not by slug.
type EventType struct {
	// ID is the event type's id (etype_…).
	ID string `json:"id"`
	// Object is "event_type".
	Object string `json:"object"`
	// Slug is the event type's URL slug; the API does not look event types
	// up by it.
	Slug string `json:"slug"`
	// Name is the event type's name.
	Name string `json:"name"`
	// DurationMinutes is how long a meeting lasts.
	DurationMinutes EventTypeInt `json:"duration_minutes"`
	// LocationType is where the meeting happens.
	LocationType *EventTypeLocationType `json:"location_type"`
	// Free reports whether booking is free; a paid event type's bookings
	// wait for payment through a checkout.
	Free bool `json:"free"`
	// BookingWindowDays is how many days ahead bookings are allowed; nil
	// when there is no limit.
	BookingWindowDays *EventTypeInt `json:"booking_window_days"`
	// PriceVariants are the prices of a paid event type, hidden and
	// archived ones included: full price variant objects, as the API
	// embeds them (an id-only element also decodes).
	PriceVariants []Expandable[PriceVariant] `json:"price_variants"`
	// CreatedAt is when the event type was created (inferred field).
	CreatedAt Time `json:"created_at"`
	// UpdatedAt is when the event type last changed (inferred field).
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (e *EventType) objectID() string { return e.ID }

// EventTypeInt is an integer field of an event type. The official SDK
// coerces these fields with Number(), so it decodes from a JSON number or a
// numeric string; null, "" or anything unreadable leaves it zero rather than
// failing the whole response (the original stays in RawJSON).
type EventTypeInt int

// UnmarshalJSON reads a number or a numeric string.
func (n *EventTypeInt) UnmarshalJSON(b []byte) error {
	*n = 0
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return nil
		}
		b = []byte(s)
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > math.MaxInt32 {
		return nil
	}
	*n = EventTypeInt(math.Round(f))
	return nil
}

// EventTypeLocationType is where a meeting happens.
type EventTypeLocationType string

// Known location types.
const (
	EventTypeLocationTypeGoogleMeet EventTypeLocationType = "google_meet"
	EventTypeLocationTypeZoom       EventTypeLocationType = "zoom"
	EventTypeLocationTypeVideo      EventTypeLocationType = "video"
	EventTypeLocationTypePhone      EventTypeLocationType = "phone"
	EventTypeLocationTypeInPerson   EventTypeLocationType = "in_person"
)

// IsKnown reports whether t is one of the location types this version knows.
func (t EventTypeLocationType) IsKnown() bool {
	return oneOf(t, EventTypeLocationTypeGoogleMeet, EventTypeLocationTypeZoom, EventTypeLocationTypeVideo,
		EventTypeLocationTypePhone, EventTypeLocationTypeInPerson)
}

// EventTypeExpand names a related object an event type call can expand.
type EventTypeExpand string

// Expandable event type relations (inferred).
const (
	// EventTypeExpandPriceVariants asks for the event type's price
	// variants as objects, which the API sends anyway: it changes nothing
	// beyond what the API does.
	EventTypeExpandPriceVariants EventTypeExpand = "price_variants"
)

// EventTypeListParams pages an event type list.
type EventTypeListParams struct {
	// Expand names relations to embed in each event type.
	Expand []EventTypeExpand `url:"expand"`

	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// EventTypeGetParams are the options of [EventTypesService.Get].
type EventTypeGetParams struct {
	// Expand names relations to embed, such as [EventTypeExpandPriceVariants].
	Expand []EventTypeExpand `url:"expand"`

	Extra map[string]any
}

// EventTypeCreateParams are the fields of a new event type. The request
// shape is inferred (the API documents it only in its MCP tool schema), so
// fields the API adds can go in Extra.
type EventTypeCreateParams struct {
	// Name is the event type's name.
	Name string `json:"name"`
	// Slug sets the URL slug (default: derived from the name).
	Slug *string `json:"slug,omitempty"`
	// DurationMinutes is how long a meeting lasts.
	DurationMinutes *int `json:"duration_minutes,omitempty"`
	// LocationType is where the meeting happens.
	LocationType *EventTypeLocationType `json:"location_type,omitempty"`
	// BookingWindowDays limits how many days ahead bookings are allowed.
	BookingWindowDays *int `json:"booking_window_days,omitempty"`
	// Free marks the event type free (true) or paid (false).
	Free *bool `json:"free,omitempty"`
	// PriceVariants are the ids of the prices of a paid event type.
	PriceVariants []string `json:"price_variants,omitempty"`

	Extra map[string]any `json:"-"`
}

// EventTypeSlotsParams choose the days and time zone of
// [EventTypesService.Slots]. All three are required.
type EventTypeSlotsParams struct {
	// From is the first day to list. Only its calendar date, in its own
	// location, is sent (as YYYY-MM-DD): time.Date(2026, 3, 2, 0, 0, 0, 0,
	// time.UTC) is 2 March 2026.
	From time.Time `url:"from,date"`
	// To is the last day to list (inclusive), sent like From. It must not
	// be before From.
	To time.Time `url:"to,date"`
	// Timezone is the IANA time zone, such as "Europe/Berlin", whose days
	// From and To name and whose offset the slots are given in.
	Timezone string `url:"timezone"`

	Extra map[string]any
}

// eventTypeDateLayout is the wire form of the date-only slot params.
const eventTypeDateLayout = "2006-01-02"

func (p *EventTypeSlotsParams) validate() error {
	if p.From.IsZero() {
		return errRequired("From")
	}
	if p.To.IsZero() {
		return errRequired("To")
	}
	from, to := eventTypeCivilDate(p.From), eventTypeCivilDate(p.To)
	if to.Before(from) {
		return fmt.Errorf("%w: To (%s) is before From (%s)", ErrInvalidParam,
			p.To.Format(eventTypeDateLayout), p.From.Format(eventTypeDateLayout))
	}
	return eventTypeCheckZone("Timezone", p.Timezone)
}

// eventTypeCivilDate returns t's calendar date (in t's location) as midnight
// UTC, so dates from different locations compare by their calendar day.
func eventTypeCivilDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// eventTypeLoadLocation loads a time zone; tests replace it.
var eventTypeLoadLocation = time.LoadLocation

// eventTypeZoneDBAvailable reports whether a time zone database can be read
// at all (a minimal container may have none, and a program that does not
// import time/tzdata then cannot load any zone).
var eventTypeZoneDBAvailable = sync.OnceValue(func() bool {
	_, err := eventTypeLoadLocation("America/New_York")
	return err == nil
})

// eventTypeCheckZone checks that name is an IANA time zone. When this
// process has no time zone database it cannot tell, so it leaves the check
// to the API.
func eventTypeCheckZone(param, name string) error {
	switch name {
	case "":
		return errRequired(param)
	case "Local": // time.LoadLocation's name for the machine's zone, not an IANA name
		return fmt.Errorf("%w: %s %q is not an IANA time zone", ErrInvalidParam, param, name)
	}
	if _, err := eventTypeLoadLocation(name); err != nil && eventTypeZoneDBAvailable() {
		return fmt.Errorf("%w: %s %q is not an IANA time zone", ErrInvalidParam, param, name)
	}
	return nil
}

// EventTypeSlots is the answer of [EventTypesService.Slots]: the free slots
// of the requested days.
type EventTypeSlots struct {
	// Object is "list" when the API sends it (inferred).
	Object string `json:"object"`
	// Data holds the free slots, earliest first.
	Data []EventTypeSlot `json:"data"`

	objectMeta
}

// EventTypeSlot is a bookable time. Pass its StartTime to
// [BookingCreateParams].
type EventTypeSlot struct {
	// StartTime is when the meeting would start.
	StartTime Time `json:"start_time"`
	// EndTime is when it would end.
	EndTime Time `json:"end_time"`
}

// Create creates an event type.
//
// API: POST /v1/event-types
func (s *EventTypesService) Create(ctx context.Context, params *EventTypeCreateParams, opts ...RequestOption) (*EventType, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[EventType](ctx, s.c, http.MethodPost, pathEventTypes, params, opts)
}

// List returns one page of event types, newest first.
//
// API: GET /v1/event-types
func (s *EventTypesService) List(ctx context.Context, params *EventTypeListParams, opts ...RequestOption) (*Page[EventType], error) {
	return callPath[Page[EventType]](ctx, s.c, http.MethodGet, pathEventTypes, params, opts)
}

// All iterates over every event type.
//
// API: GET /v1/event-types (repeated with starting_after)
func (s *EventTypesService) All(ctx context.Context, params *EventTypeListParams, opts ...RequestOption) iter.Seq2[*EventType, error] {
	return all(ctx, params, s.List, opts)
}

// Get returns an event type by id (not by slug).
//
// API: GET /v1/event-types/{id}
func (s *EventTypesService) Get(ctx context.Context, id string, params *EventTypeGetParams, opts ...RequestOption) (*EventType, error) {
	return callObject[EventType](ctx, s.c, http.MethodGet, pathEventTypes, id, params, opts)
}

// Slots returns the free slots of an event type on the days From to To in
// the given time zone. Missing params, To before From, or a time zone that
// is not an IANA name are [ErrInvalidParam] errors, found before any
// request.
//
// API: GET /v1/event-types/{id}/slots
func (s *EventTypesService) Slots(ctx context.Context, id string, params *EventTypeSlotsParams, opts ...RequestOption) (*EventTypeSlots, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	path, err := actionPath(pathEventTypes, id, actionSlots)
	if err != nil {
		return nil, err
	}
	return callPath[EventTypeSlots](ctx, s.c, http.MethodGet, path, params, opts)
}
