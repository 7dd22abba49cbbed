package creviotest

import (
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"
	_ "time/tzdata" // the fake checks IANA zones even where the system has no database
)

// Event type enum values the fake accepts (the SDK's enums stay open).
var eventTypeLocationTypes = []string{"google_meet", "zoom", "video", "phone", "in_person"}

// eventTypeMaxSlotDays caps the days one slots request may span (a fake
// limit: the reference gives none).
const eventTypeMaxSlotDays = 366

// eventTypeDateLayout is the wire form of the slots' from and to.
const eventTypeDateLayout = "2006-01-02"

// eventTypesResource defines /v1/event-types (with a hyphen, as the
// reference confirms): create, list, retrieve, and GET
// /event-types/{id}/slots. Update and delete answer 405, since the
// reference lists neither; event types are found by id only, not by slug.
//
// An event type is paid when free is false; free defaults to true exactly
// when it has no price_variants (ids of existing price variants in a
// request; answers always show the full price variant objects, as the
// reference does). A paid event type needs at least one.
//
// Slots come from the event type's duration_minutes (default 30) and its
// availability, a fake-only field: {"time_zone": "UTC", "days": ["monday",
// ..., "friday"], "start": "09:00", "end": "17:00"} by default. Each open
// day is cut into back-to-back slots from start to end. Slots in the past
// (by the fake's clock), beyond booking_window_days, or overlapping a
// booking that is not canceled (of any event type: one host, one calendar)
// are not offered.
func eventTypesResource() *resource {
	return &resource{
		name:     "event_types",
		path:     "/event-types",
		prefix:   "etype_",
		object:   "event_type",
		disabled: opUpdate | opDelete,
		required: []string{"name"},
		enums:    map[string][]string{"location_type": eventTypeLocationTypes},
		relations: map[string]relation{
			// Stored as ids, rendered as full objects, expanded or not.
			"price_variants": {resource: "price_variants", many: true, embed: true},
		},
		defaults: func(e map[string]any) {
			if isBlank(e["slug"]) {
				slug := slugify(stringField(e, "name"))
				if slug == "" {
					slug = strings.ToLower(stringField(e, "id"))
				}
				e["slug"] = slug
			}
			setDefault(e, "duration_minutes", float64(30))
			setDefault(e, "location_type", "google_meet")
			setDefault(e, "location_details", nil)
			setDefault(e, "booking_window_days", nil)
			setDefault(e, "price_variants", []any{})
			pvs, _ := e["price_variants"].([]any)
			setDefault(e, "free", len(pvs) == 0)
			setDefault(e, "availability", map[string]any{
				"time_zone": "UTC",
				"days":      []any{"monday", "tuesday", "wednesday", "thursday", "friday"},
				"start":     "09:00",
				"end":       "17:00",
			})
		},
		validate: eventTypeValidate,
		views:    map[string]viewFunc{"slots": eventTypeSlotsView},
	}
}

func eventTypeValidate(_ *store, e map[string]any, _ bool) map[string][]string {
	var errs map[string][]string
	if n, ok := e["duration_minutes"].(float64); !ok || n != math.Trunc(n) || n < 5 || n > 24*60 {
		errs = addErr(errs, "duration_minutes", "must be an integer from 5 to 1440")
	}
	if v := e["booking_window_days"]; v != nil {
		if n, ok := v.(float64); !ok || n != math.Trunc(n) || n < 1 {
			errs = addErr(errs, "booking_window_days", "must be a positive integer")
		}
	}
	free, isBool := e["free"].(bool)
	if !isBool {
		errs = addErr(errs, "free", "must be true or false")
	}
	if pvs, _ := e["price_variants"].([]any); isBool && !free && len(pvs) == 0 {
		errs = addErr(errs, "price_variants", "can't be blank for a paid event type")
	}
	if _, err := eventTypeParseHours(e["availability"]); err != "" {
		errs = addErr(errs, "availability", err)
	}
	return errs
}

// eventTypeHours is an event type's weekly availability.
type eventTypeHours struct {
	loc        *time.Location
	days       [7]bool // by time.Weekday
	start, end int     // minutes after midnight
}

// eventTypeParseHours reads an availability object; it returns a message
// when the object is malformed.
func eventTypeParseHours(v any) (eventTypeHours, string) {
	h := eventTypeHours{loc: time.UTC}
	m, ok := v.(map[string]any)
	if !ok {
		return h, "must be an object with time_zone, days, start and end"
	}
	zone, _ := m["time_zone"].(string)
	loc, err := eventTypeLoadZone(zone)
	if err != nil {
		return h, "has an unknown time_zone"
	}
	h.loc = loc
	days, ok := formStrings(m["days"])
	if !ok {
		return h, "days must be a list of weekday names"
	}
	for _, d := range days {
		i := eventTypeWeekday(d)
		if i < 0 {
			return h, fmt.Sprintf("has an unknown day %q", d)
		}
		h.days[i] = true
	}
	var okStart, okEnd bool
	h.start, okStart = eventTypeClock(m["start"])
	h.end, okEnd = eventTypeClock(m["end"])
	if !okStart || !okEnd || h.end <= h.start {
		return h, "start and end must be times of day (HH:MM) with start before end"
	}
	return h, ""
}

func eventTypeWeekday(name string) int {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(name, d.String()) {
			return int(d)
		}
	}
	return -1
}

// eventTypeClock reads "HH:MM" (24:00 allowed) as minutes after midnight.
func eventTypeClock(v any) (int, bool) {
	s, _ := v.(string)
	var hh, mm int
	if n, err := fmt.Sscanf(s, "%d:%d", &hh, &mm); err != nil || n != 2 || len(s) != 5 {
		return 0, false
	}
	if hh < 0 || mm < 0 || mm > 59 || hh*60+mm > 24*60 {
		return 0, false
	}
	return hh*60 + mm, true
}

// eventTypeLoadZone loads an IANA time zone; "" and "Local" are not ones.
func eventTypeLoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("not an IANA time zone: %q", name)
	}
	return time.LoadLocation(name)
}

// eventTypeSlot is one bookable time.
type eventTypeSlot struct{ start, end time.Time }

// eventTypeOffered returns the slots of event type e that start in [from,
// to) and are offered: in the future, inside the booking window. Bookings
// are not taken into account (see eventTypeTaken).
func eventTypeOffered(st *store, e map[string]any, from, to time.Time) []eventTypeSlot {
	h, msg := eventTypeParseHours(e["availability"])
	if msg != "" { // a seeded event type may hold anything: use the defaults
		h, _ = eventTypeParseHours(map[string]any{"time_zone": "UTC",
			"days": []any{"monday", "tuesday", "wednesday", "thursday", "friday"}, "start": "09:00", "end": "17:00"})
	}
	minutes, _ := e["duration_minutes"].(float64)
	if minutes < 5 || minutes != math.Trunc(minutes) {
		minutes = 30
	}
	dur := time.Duration(minutes) * time.Minute
	now := st.now()
	var limit time.Time
	if days, ok := e["booking_window_days"].(float64); ok && days > 0 {
		limit = now.Add(time.Duration(days) * 24 * time.Hour)
	}

	y, m, d := from.In(h.loc).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, h.loc).AddDate(0, 0, -1)
	var out []eventTypeSlot
	for ; day.Before(to); day = day.AddDate(0, 0, 1) {
		if !h.days[day.Weekday()] {
			continue
		}
		y, m, d := day.Date()
		open := time.Date(y, m, d, 0, h.start, 0, 0, h.loc)
		closing := time.Date(y, m, d, 0, h.end, 0, 0, h.loc)
		for s := open; !s.Add(dur).After(closing); s = s.Add(dur) {
			switch {
			case s.Before(from) || !s.Before(to), s.Before(now), !limit.IsZero() && s.After(limit):
				continue
			}
			out = append(out, eventTypeSlot{s, s.Add(dur)})
		}
	}
	return out
}

// eventTypeTaken reports whether a booking that is not canceled overlaps
// [start, end).
func eventTypeTaken(st *store, start, end time.Time) bool {
	for _, r := range st.tables["bookings"].order {
		if stringField(r.obj, "status") == "canceled" {
			continue
		}
		bs, err1 := time.Parse(time.RFC3339, stringField(r.obj, "start_time"))
		be, err2 := time.Parse(time.RFC3339, stringField(r.obj, "end_time"))
		if err1 != nil || err2 != nil {
			continue
		}
		if bs.Before(end) && start.Before(be) {
			return true
		}
	}
	return false
}

// eventTypeSlotsView answers GET /event-types/{id}/slots?from=&to=&timezone=
// with the free slots of the days from to to (inclusive) in that zone, as a
// list envelope without further pages.
func eventTypeSlotsView(st *store, e map[string]any, q url.Values) (any, *apiError) {
	for _, p := range []string{"from", "to", "timezone"} {
		if strings.TrimSpace(q.Get(p)) == "" {
			return nil, errBadRequest("parameter_missing", p, "Missing required param: "+p+".")
		}
	}
	loc, err := eventTypeLoadZone(q.Get("timezone"))
	if err != nil {
		return nil, errBadRequest("parameter_invalid", "timezone",
			fmt.Sprintf("Invalid timezone %q: must be an IANA time zone such as Europe/Berlin.", q.Get("timezone")))
	}
	var days [2]time.Time
	for i, p := range []string{"from", "to"} {
		d, err := time.ParseInLocation(eventTypeDateLayout, q.Get(p), loc)
		if err != nil {
			return nil, errBadRequest("parameter_invalid", p, fmt.Sprintf("Invalid %s %q: must be a date (YYYY-MM-DD).", p, q.Get(p)))
		}
		days[i] = d
	}
	from, to := days[0], days[1].AddDate(0, 0, 1) // to is inclusive
	switch {
	case days[1].Before(days[0]):
		return nil, errBadRequest("parameter_invalid", "to", "to must not be before from.")
	case to.Sub(from) > eventTypeMaxSlotDays*24*time.Hour+time.Hour: // an hour of DST slack
		return nil, errBadRequest("parameter_invalid", "to",
			fmt.Sprintf("The range from %s to %s is longer than %d days.", q.Get("from"), q.Get("to"), eventTypeMaxSlotDays))
	}
	data := []any{}
	for _, s := range eventTypeOffered(st, e, from, to) {
		if eventTypeTaken(st, s.start, s.end) {
			continue
		}
		data = append(data, map[string]any{
			"start_time": s.start.In(loc).Format(time.RFC3339),
			"end_time":   s.end.In(loc).Format(time.RFC3339),
		})
	}
	return map[string]any{
		"object":   "list",
		"data":     data,
		"has_more": false,
		"url":      APIPrefix + st.tables["event_types"].def.path + "/" + url.PathEscape(stringField(e, "id")) + "/slots",
	}, nil
}

// eventTypeIsPaid reports whether bookings of e need payment.
func eventTypeIsPaid(e map[string]any) bool { return e["free"] == false }
