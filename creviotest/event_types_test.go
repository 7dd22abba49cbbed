package creviotest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEventTypeSlotsParams(t *testing.T) {
	clk := newClock() // Thursday 2 January 2025
	a := newAPI(t, WithClock(clk.Now))
	formRoutes(t, a, "PATCH /event-types/etype_x", "DELETE /event-types/etype_x")
	et := a.create("/event-types", map[string]any{"name": "Call"})
	id := et["id"].(string)
	assert.Equal(t, "call", et["slug"])
	assert.Equal(t, true, et["free"])
	assert.NotNil(t, et["availability"])

	slots := func(q string) result {
		t.Helper()
		return a.do(http.MethodGet, "/event-types/"+id+"/slots?"+q, nil)
	}
	for q, param := range map[string]string{
		"to=2025-01-03&timezone=UTC":                                   "from",
		"from=2025-01-03&timezone=UTC":                                 "to",
		"from=2025-01-03&to=2025-01-03":                                "timezone",
		"from=2025-01-03&to=2025-01-03&timezone=":                      "timezone",
		"from=2025-01-03&to=2025-01-03&timezone=Local":                 "timezone",
		"from=2025-01-03&to=2025-01-03&timezone=Europe%2FNowhere":      "timezone",
		"from=03.01.2025&to=2025-01-03&timezone=UTC":                   "from",
		"from=2025-01-03&to=2025-01-03T10:00:00Z&timezone=UTC":         "to",
		"from=2025-01-04&to=2025-01-03&timezone=UTC":                   "to",
		"from=2025-01-01&to=2026-01-02&timezone=UTC":                   "to",
		"from=2025-01-03&to=2025-02-30&timezone=America%2FLos_Angeles": "to",
	} {
		res := slots(q)
		assert.Equal(t, http.StatusBadRequest, res.Status, q)
		assert.Equal(t, param, res.errField("param"), q)
		assert.Equal(t, "invalid_request_error", res.errField("type"), q)
	}

	res := slots("from=2025-01-01&to=2026-01-01&timezone=UTC")
	require.Equal(t, http.StatusOK, res.Status, "366 days is the longest range")
	res = slots("from=2025-01-03&to=2025-01-03&timezone=Asia%2FKolkata")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "list", res.Body["object"])
	assert.Equal(t, false, res.Body["has_more"])
	assert.Equal(t, "/v1/event-types/"+id+"/slots", res.Body["url"])
	data := res.data()
	require.NotEmpty(t, data)
	first := data[0].(map[string]any)
	// Friday 3 January in Kolkata (UTC+05:30) from 09:00 UTC.
	assert.Equal(t, "2025-01-03T14:30:00+05:30", first["start_time"])
	assert.Equal(t, "2025-01-03T15:00:00+05:30", first["end_time"])
	assert.Len(t, data, 16)

	res = a.do(http.MethodGet, "/event-types/etype_missing/slots?from=2025-01-03&to=2025-01-03&timezone=UTC", nil)
	assert.Equal(t, http.StatusNotFound, res.Status)
}

func TestEventTypeAvailabilityChecks(t *testing.T) {
	a := newAPI(t)
	for name, avail := range map[string]any{
		"not an object": "9-5",
		"unknown zone":  map[string]any{"time_zone": "Nowhere", "days": []any{"monday"}, "start": "09:00", "end": "17:00"},
		"unknown day":   map[string]any{"time_zone": "UTC", "days": []any{"funday"}, "start": "09:00", "end": "17:00"},
		"bad days":      map[string]any{"time_zone": "UTC", "days": "monday", "start": "09:00", "end": "17:00"},
		"end first":     map[string]any{"time_zone": "UTC", "days": []any{"monday"}, "start": "17:00", "end": "09:00"},
		"bad clock":     map[string]any{"time_zone": "UTC", "days": []any{"monday"}, "start": "9am", "end": "17:00"},
		"past midnight": map[string]any{"time_zone": "UTC", "days": []any{"monday"}, "start": "09:00", "end": "24:30"},
	} {
		res := a.do(http.MethodPost, "/event-types", map[string]any{"name": "X", "availability": avail})
		require.Equal(t, http.StatusUnprocessableEntity, res.Status, name)
		assert.Contains(t, res.errField("errors"), "availability", name)
	}
	res := a.do(http.MethodPost, "/event-types", map[string]any{"name": "X", "duration_minutes": 30.5, "booking_window_days": 0, "free": "no"})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	errs := res.errField("errors").(map[string]any)
	for _, f := range []string{"duration_minutes", "booking_window_days", "free"} {
		assert.Contains(t, errs, f)
	}
	a.create("/event-types", map[string]any{"name": "Late", "availability": map[string]any{
		"time_zone": "Pacific/Auckland", "days": []any{"Sunday", "SATURDAY"}, "start": "20:00", "end": "24:00"}})
}

func TestEventTypeSeededGarbageFallsBackToDefaults(t *testing.T) {
	clk := newClock()
	a := newAPI(t, WithClock(clk.Now))
	_, err := a.srv.Seed("event_types", map[string]any{"id": "etype_junk", "name": "Junk", "duration_minutes": "long",
		"availability": "always"})
	require.NoError(t, err)
	q := url.Values{"from": {"2025-01-03"}, "to": {"2025-01-03"}, "timezone": {"UTC"}}
	res := a.do(http.MethodGet, "/event-types/etype_junk/slots?"+q.Encode(), nil)
	require.Equal(t, http.StatusOK, res.Status)
	var starts []string
	for _, s := range res.data() {
		starts = append(starts, s.(map[string]any)["start_time"].(string))
	}
	assert.Len(t, starts, 16, "weekdays 09:00-17:00 UTC in 30-minute slots")
	assert.True(t, strings.HasPrefix(starts[0], "2025-01-03T09:00:00"))
}
