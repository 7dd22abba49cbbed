package crevio

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eventTypeDay is midnight UTC of a date.
func eventTypeDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestEventTypesWire(t *testing.T) {
	et := fixture(t, "event_type.json")
	list := fixture(t, "event_types_list.json")
	slots := fixture(t, "event_type_slots.json")
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	checkWire(t, []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.EventTypes.List(bg, nil); return err },
			method: "GET", path: "/event-types", respond: list,
		},
		{
			name: "list with every param",
			call: func(c *Client) error {
				_, err := c.EventTypes.List(bg, &EventTypeListParams{
					Limit: Ptr(100), StartingAfter: Ptr("etype_9"),
					Expand: []EventTypeExpand{EventTypeExpandPriceVariants}, Extra: map[string]any{"active": true},
				})
				return err
			},
			method: "GET", path: "/event-types",
			query: "active=true&expand=price_variants&limit=100&starting_after=etype_9", respond: list,
		},
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.EventTypes.Get(bg, "etype_coach", nil); return err },
			method: "GET", path: "/event-types/etype_coach", respond: et,
		},
		{
			name: "get with expand escapes the id",
			call: func(c *Client) error {
				_, err := c.EventTypes.Get(bg, "etype 1?", &EventTypeGetParams{Expand: []EventTypeExpand{EventTypeExpandPriceVariants}})
				return err
			},
			method: "GET", path: "/event-types/etype%201%3F", query: "expand=price_variants", respond: et,
		},
		{
			name: "create",
			call: func(c *Client) error {
				_, err := c.EventTypes.Create(bg, &EventTypeCreateParams{
					Name: "1:1 Coaching", Slug: Ptr("coaching"), DurationMinutes: Ptr(45),
					LocationType: Ptr(EventTypeLocationTypeZoom), BookingWindowDays: Ptr(30), Free: Ptr(false),
					PriceVariants: []string{"price_coach"}, Extra: map[string]any{"color": "#ff8800"},
				})
				return err
			},
			method: "POST", path: "/event-types",
			body: `{"name":"1:1 Coaching","slug":"coaching","duration_minutes":45,"location_type":"zoom",
				"booking_window_days":30,"free":false,"price_variants":["price_coach"],"color":"#ff8800"}`,
			respond: et,
		},
		{
			name: "create with the minimum",
			call: func(c *Client) error {
				_, err := c.EventTypes.Create(bg, &EventTypeCreateParams{Name: "Intro"})
				return err
			},
			method: "POST", path: "/event-types", body: `{"name":"Intro"}`, respond: et,
		},
		{
			name: "slots",
			call: func(c *Client) error {
				_, err := c.EventTypes.Slots(bg, "etype_coach", &EventTypeSlotsParams{
					From: eventTypeDay(2026, 3, 2), To: eventTypeDay(2026, 3, 31), Timezone: "Europe/Berlin",
				})
				return err
			},
			method: "GET", path: "/event-types/etype_coach/slots",
			query: "from=2026-03-02&timezone=Europe%2FBerlin&to=2026-03-31", respond: slots,
		},
		{
			name: "slots send each date as it is in its own location",
			call: func(c *Client) error {
				// 23:30 UTC on 2 March is already 3 March in Tokyo.
				from := time.Date(2026, 3, 2, 23, 30, 0, 0, time.UTC).In(tokyo)
				_, err := c.EventTypes.Slots(bg, "etype_1", &EventTypeSlotsParams{
					From: from, To: from, Timezone: "UTC", Extra: map[string]any{"duration": 30},
				})
				return err
			},
			method: "GET", path: "/event-types/etype_1/slots",
			query: "duration=30&from=2026-03-03&timezone=UTC&to=2026-03-03", respond: slots,
		},
	})
}

func TestEventTypeSlotsRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	from, to := eventTypeDay(2026, 3, 2), eventTypeDay(2026, 3, 8)
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	for name, tt := range map[string]struct {
		id     string
		params *EventTypeSlotsParams
		want   error
		msg    string
	}{
		"nil params":       {"etype_1", nil, ErrInvalidParam, "params is required"},
		"empty id":         {"", &EventTypeSlotsParams{From: from, To: to, Timezone: "UTC"}, ErrInvalidID, ""},
		"id with a slash":  {"a/b", &EventTypeSlotsParams{From: from, To: to, Timezone: "UTC"}, ErrInvalidID, ""},
		"no from":          {"etype_1", &EventTypeSlotsParams{To: to, Timezone: "UTC"}, ErrInvalidParam, "From is required"},
		"no to":            {"etype_1", &EventTypeSlotsParams{From: from, Timezone: "UTC"}, ErrInvalidParam, "To is required"},
		"to before from":   {"etype_1", &EventTypeSlotsParams{From: to, To: from, Timezone: "UTC"}, ErrInvalidParam, "To (2026-03-02) is before From (2026-03-08)"},
		"no timezone":      {"etype_1", &EventTypeSlotsParams{From: from, To: to}, ErrInvalidParam, "Timezone is required"},
		"unknown timezone": {"etype_1", &EventTypeSlotsParams{From: from, To: to, Timezone: "Mars/Olympus_Mons"}, ErrInvalidParam, "not an IANA time zone"},
		"offset timezone":  {"etype_1", &EventTypeSlotsParams{From: from, To: to, Timezone: "+01:00"}, ErrInvalidParam, "not an IANA time zone"},
		"Local":            {"etype_1", &EventTypeSlotsParams{From: from, To: to, Timezone: "Local"}, ErrInvalidParam, "not an IANA time zone"},
		"path-like zone":   {"etype_1", &EventTypeSlotsParams{From: from, To: to, Timezone: "../etc/passwd"}, ErrInvalidParam, "not an IANA time zone"},
		// 00:30 on 3 March in Berlin is an earlier instant than 23:45 UTC on
		// 2 March, but a later calendar date: dates compare as calendar
		// dates, each in its own location.
		"to before from by calendar date": {"etype_1", &EventTypeSlotsParams{
			From: time.Date(2026, 3, 3, 0, 30, 0, 0, berlin), To: time.Date(2026, 3, 2, 23, 45, 0, 0, time.UTC), Timezone: "UTC",
		}, ErrInvalidParam, "To (2026-03-02) is before From (2026-03-03)"},
	} {
		_, err := c.EventTypes.Slots(bg, tt.id, tt.params)
		assert.ErrorIs(t, err, tt.want, name)
		if tt.msg != "" {
			assert.ErrorContains(t, err, tt.msg, name)
		}
	}
	assert.Empty(t, r.requests(), "invalid input must not reach the network")

	// A one-day range (From == To) is fine, and so is a To whose instant is
	// before From's while its calendar date is not.
	r.respond(200, fixture(t, "event_type_slots.json"))
	_, err = c.EventTypes.Slots(bg, "etype_1", &EventTypeSlotsParams{From: from, To: from, Timezone: "America/Argentina/Buenos_Aires"})
	require.NoError(t, err)
	r.respond(200, fixture(t, "event_type_slots.json"))
	_, err = c.EventTypes.Slots(bg, "etype_1", &EventTypeSlotsParams{
		From: time.Date(2026, 3, 2, 23, 30, 0, 0, time.UTC), To: time.Date(2026, 3, 3, 0, 10, 0, 0, berlin), Timezone: "UTC",
	})
	require.NoError(t, err)
	assert.Equal(t, "from=2026-03-02&timezone=UTC&to=2026-03-03", r.last().RawQuery)
	assert.Len(t, r.requests(), 2)
}

// TestEventTypeZoneCheckWithoutDatabase: a process with no time zone
// database cannot tell a valid zone from a typo, so it leaves the check to
// the API instead of refusing every zone.
func TestEventTypeZoneCheckWithoutDatabase(t *testing.T) {
	load, avail := eventTypeLoadLocation, eventTypeZoneDBAvailable
	t.Cleanup(func() { eventTypeLoadLocation, eventTypeZoneDBAvailable = load, avail })
	eventTypeLoadLocation = func(string) (*time.Location, error) { return nil, errors.New("no tz database") }
	eventTypeZoneDBAvailable = func() bool { return false }

	r := newRecorder(t)
	r.respond(200, fixture(t, "event_type_slots.json"))
	_, err := r.client().EventTypes.Slots(bg, "etype_1", &EventTypeSlotsParams{
		From: eventTypeDay(2026, 3, 2), To: eventTypeDay(2026, 3, 2), Timezone: "Europe/Berlin",
	})
	require.NoError(t, err)
	assert.Equal(t, "from=2026-03-02&timezone=Europe%2FBerlin&to=2026-03-02", r.last().RawQuery)

	// With a database, the same failing lookup is a refusal.
	eventTypeZoneDBAvailable = func() bool { return true }
	_, err = r.client().EventTypes.Slots(bg, "etype_1", &EventTypeSlotsParams{
		From: eventTypeDay(2026, 3, 2), To: eventTypeDay(2026, 3, 2), Timezone: "Europe/Berlin",
	})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.Len(t, r.requests(), 1)
}

func TestEventTypesRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	_, err := c.EventTypes.Create(bg, nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.EventTypes.Get(bg, "..", nil)
	assert.ErrorIs(t, err, ErrInvalidID)
	_, err = c.EventTypes.List(bg, &EventTypeListParams{Limit: Ptr(101)})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.Empty(t, r.requests())
}

func TestEventTypeDecode(t *testing.T) {
	raw := fixture(t, "event_type.json")
	r := newRecorder(t)
	r.respond(200, raw)
	e, err := r.client().EventTypes.Get(bg, "etype_coach", nil)
	require.NoError(t, err)

	assert.Equal(t, "etype_coach", e.ID)
	assert.Equal(t, "event_type", e.Object)
	assert.Equal(t, "coaching", e.Slug)
	assert.Equal(t, "1:1 Coaching", e.Name)
	assert.Equal(t, EventTypeInt(45), e.DurationMinutes, `"45" decodes as 45`)
	assert.Equal(t, EventTypeLocationTypeZoom, *e.LocationType)
	assert.True(t, e.LocationType.IsKnown())
	assert.False(t, e.Free)
	assert.Equal(t, EventTypeInt(30), *e.BookingWindowDays)
	require.Len(t, e.PriceVariants, 1)
	pv, ok := e.PriceVariants[0].Expanded()
	require.True(t, ok)
	assert.Equal(t, "price_coach", e.PriceVariants[0].ID)
	assert.Equal(t, int64(9900), *pv.Amount)
	assert.Equal(t, "prod_coach", pv.Product)
	assert.Equal(t, time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), e.CreatedAt.UTC())
	assert.Equal(t, time.Date(2025, 2, 2, 0, 0, 0, 0, time.UTC), e.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(e.RawJSON()))
	var extra struct{ Color string }
	require.NoError(t, json.Unmarshal(e.RawJSON(), &extra))
	assert.Equal(t, "#ff8800", extra.Color)
}

func TestEventTypeListDecodeTolerant(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "event_types_list.json"))
	page, err := r.client().EventTypes.List(bg, nil)
	require.NoError(t, err)
	assert.Equal(t, "/v1/event-types", page.URL)
	require.Len(t, page.Data, 2)

	b := page.Data[0]
	assert.Equal(t, EventTypeInt(60), b.DurationMinutes)
	assert.Equal(t, EventTypeLocationType("hologram"), *b.LocationType)
	assert.False(t, b.LocationType.IsKnown())
	assert.True(t, b.Free)
	assert.Nil(t, b.BookingWindowDays)
	assert.Empty(t, b.PriceVariants)

	a := page.Data[1]
	assert.Zero(t, a.DurationMinutes, "an unreadable number is zero, not a failed decode")
	assert.Nil(t, a.LocationType)
	assert.Equal(t, EventTypeInt(14), *a.BookingWindowDays)
	require.Len(t, a.PriceVariants, 1)
	assert.Equal(t, "price_x", a.PriceVariants[0].ID)
	_, expanded := a.PriceVariants[0].Expanded()
	assert.False(t, expanded)
}

func TestEventTypeInt(t *testing.T) {
	for in, want := range map[string]EventTypeInt{
		`30`: 30, `"30"`: 30, `" 15 "`: 0, `29.6`: 30, `"1e2"`: 100, `null`: 0, `""`: 0, `"x"`: 0,
		`true`: 0, `1e300`: 0, `-5`: -5,
	} {
		n := EventTypeInt(7)
		require.NoError(t, json.Unmarshal([]byte(in), &n), in)
		assert.Equal(t, want, n, in)
	}
	var v struct {
		N *EventTypeInt `json:"n"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"n":null}`), &v))
	assert.Nil(t, v.N)
}

func TestEventTypeSlotsDecode(t *testing.T) {
	raw := fixture(t, "event_type_slots.json")
	r := newRecorder(t)
	r.respond(200, raw)
	s, err := r.client().EventTypes.Slots(bg, "etype_coach", &EventTypeSlotsParams{
		From: eventTypeDay(2026, 3, 2), To: eventTypeDay(2026, 3, 2), Timezone: "Europe/Berlin",
	})
	require.NoError(t, err)
	assert.Empty(t, s.Object, "the list envelope is optional")
	require.Len(t, s.Data, 2)
	assert.Equal(t, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC), s.Data[0].StartTime.UTC())
	assert.Equal(t, time.Date(2026, 3, 2, 8, 45, 0, 0, time.UTC), s.Data[0].EndTime.UTC())
	_, offset := s.Data[0].StartTime.Zone()
	assert.Equal(t, 3600, offset, "the slot keeps the offset it was given in")
	assert.Equal(t, time.Date(2026, 3, 2, 8, 45, 0, 0, time.UTC), s.Data[1].StartTime.UTC())
	assert.JSONEq(t, raw, string(s.RawJSON()))
}

func TestEventTypeLocationsKnown(t *testing.T) {
	for _, l := range []EventTypeLocationType{EventTypeLocationTypeGoogleMeet, EventTypeLocationTypeZoom, EventTypeLocationTypeVideo,
		EventTypeLocationTypePhone, EventTypeLocationTypeInPerson} {
		assert.True(t, l.IsKnown(), l)
	}
}
