package creviotest

import (
	"math"
	"slices"
	"time"
)

// bookingServerFields are set by the fake, never taken from a create body.
var bookingServerFields = []string{"status", "end_time", "meet_url", "location_details", "checkout"}

// bookingVideoLocations are the location types whose bookings get a meet_url.
var bookingVideoLocations = []string{"google_meet", "zoom", "video"}

// bookingsResource defines POST /v1/bookings, the only booking operation
// the reference lists (every other one answers 405).
//
// A booking takes event_type_id, start_time (RFC 3339), time_zone (IANA),
// attendee {name, email, phone} and, for a paid event type,
// price_variant_id (one of the event type's price variants). The start
// must be a slot the event type offers (see eventTypesResource) that no
// other booking overlaps: a taken slot, like any other invalid field, is a
// 422 validation error, here {"start_time": ["has already been booked"]}.
// The fake answers 422 rather than 409 because a double booking is a field
// of the request that is no longer valid, and the generic store reports
// those as validation errors; the check and the insert happen under one
// lock, so two concurrent requests cannot both win.
//
// A free event type's booking is confirmed (with a meet_url for video
// locations). A paid one's is pending, with a new open checkout for the
// price variant (created in the checkouts table, id co_…, carrying the
// attendee's email) embedded in full as "checkout", with its purchase_url.
// The embedded checkout is a snapshot taken at booking time; paying it
// (bookingConfirmPaid) confirms the booking.
func bookingsResource() *resource {
	return &resource{
		name:     "bookings",
		path:     "/bookings",
		prefix:   "bkg_",
		object:   "booking",
		disabled: opList | opGet | opUpdate | opDelete,
		required: []string{"event_type_id", "start_time", "time_zone", "attendee"},
		readOnly: bookingServerFields,
		defaults: func(b map[string]any) {
			setDefault(b, "price_variant_id", nil)
		},
		validate:   bookingValidate,
		afterWrite: bookingAfterWrite,
	}
}

func bookingValidate(st *store, b map[string]any, _ bool) map[string][]string {
	var errs map[string][]string
	var et *record
	if v := b["event_type_id"]; !isBlank(v) {
		id, _ := v.(string)
		if et = st.tables["event_types"].byID[id]; et == nil {
			errs = addErr(errs, "event_type_id", "must exist")
		}
	}
	var start time.Time
	if v := b["start_time"]; !isBlank(v) {
		s, _ := v.(string)
		var err error
		if start, err = time.Parse(time.RFC3339, s); err != nil {
			errs = addErr(errs, "start_time", "must be an RFC 3339 date-time")
		}
	}
	if v := b["time_zone"]; !isBlank(v) {
		s, _ := v.(string)
		if _, err := eventTypeLoadZone(s); err != nil {
			errs = addErr(errs, "time_zone", "must be an IANA time zone")
		}
	}
	if v := b["attendee"]; !isBlank(v) {
		a, ok := v.(map[string]any)
		switch email, _ := a["email"].(string); {
		case !ok:
			errs = addErr(errs, "attendee", "must be an object")
		case isBlank(a["email"]):
			errs = addErr(errs, "attendee.email", "can't be blank")
		case !formEmailValid(email):
			errs = addErr(errs, "attendee.email", "is invalid")
		}
		for _, f := range []string{"name", "phone"} {
			if v, given := a[f]; ok && given && v != nil {
				if _, isStr := v.(string); !isStr {
					errs = addErr(errs, "attendee."+f, "must be a string")
				}
			}
		}
	}
	if et == nil {
		return errs
	}
	if !start.IsZero() {
		slots := eventTypeOffered(st, et.obj, start, start.Add(time.Nanosecond))
		switch {
		case len(slots) == 0:
			errs = addErr(errs, "start_time", "is not an available slot")
		case eventTypeTaken(st, slots[0].start, slots[0].end):
			errs = addErr(errs, "start_time", "has already been booked")
		}
	}
	if eventTypeIsPaid(et.obj) {
		pv, _ := b["price_variant_id"].(string)
		pvs, _ := et.obj["price_variants"].([]any)
		switch {
		case isBlank(b["price_variant_id"]):
			errs = addErr(errs, "price_variant_id", "can't be blank for a paid event type")
		case !slices.Contains(pvs, any(pv)) || st.tables["price_variants"].byID[pv] == nil:
			errs = addErr(errs, "price_variant_id", "is not a price of this event type")
		}
	}
	return errs
}

// bookingAfterWrite fills in what the fake decides on a new booking: the
// normalised start, the end, the status, the meeting details and, for a
// paid event type, the checkout. Fields a seed gives are kept.
func bookingAfterWrite(st *store, old, cur map[string]any) {
	if old != nil || cur == nil {
		return
	}
	et := st.tables["event_types"].byID[stringField(cur, "event_type_id")]
	start, err := time.Parse(time.RFC3339, stringField(cur, "start_time"))
	if et == nil || err != nil {
		return
	}
	minutes, _ := et.obj["duration_minutes"].(float64)
	if minutes < 5 || minutes != math.Trunc(minutes) {
		minutes = 30
	}
	cur["start_time"] = start.UTC().Format(time.RFC3339)
	setDefault(cur, "end_time", start.Add(time.Duration(minutes)*time.Minute).UTC().Format(time.RFC3339))
	paid := eventTypeIsPaid(et.obj)
	if paid {
		setDefault(cur, "status", "pending")
	} else {
		setDefault(cur, "status", "confirmed")
	}
	var meet any
	if cur["status"] == "confirmed" && slices.Contains(bookingVideoLocations, stringField(et.obj, "location_type")) {
		meet = "https://meet.example.com/" + stringField(cur, "id")
	}
	setDefault(cur, "meet_url", meet)
	setDefault(cur, "location_details", et.obj["location_details"])
	if _, ok := cur["checkout"]; !ok {
		cur["checkout"] = nil
		if paid && cur["status"] == "pending" {
			if co := bookingCheckout(st, cur); co != nil {
				cur["checkout"] = co
			}
		}
	}
}

// bookingCheckout creates the open checkout that pays booking b and
// returns it as GET /checkouts/{id} would, or nil when the price variant
// is gone. It goes through the checkouts resource's own create (so it gets
// that resource's id, defaults and rules); should those reject the
// booking's checkout, it stores it as a seed would. Fields the checkouts
// resource leaves unset get the values a booking checkout has.
func bookingCheckout(st *store, b map[string]any) map[string]any {
	pvID := stringField(b, "price_variant_id")
	pv := st.tables["price_variants"].byID[pvID]
	if pv == nil {
		return nil
	}
	amount := float64(0)
	for _, f := range []string{"amount", "preset_amount", "minimum_amount"} {
		if n, ok := pv.obj[f].(float64); ok {
			amount = n
			break
		}
	}
	currency, _ := pv.obj["currency"].(string)
	if currency == "" {
		currency = "usd"
	}
	attendee, _ := b["attendee"].(map[string]any)
	email := attendee["email"]

	t := st.tables["checkouts"]
	r, e := st.create(t, map[string]any{
		"line_items": []any{map[string]any{"price_variant": pvID, "quantity": float64(1)}},
		"email":      email,
	})
	if e != nil {
		var err error
		if r, err = st.seed(t, map[string]any{"email": email}); err != nil {
			return nil
		}
	}
	co := r.obj
	setDefault(co, "status", "open")
	setDefault(co, "mode", "payment")
	setDefault(co, "currency", currency)
	setDefault(co, "total", amount)
	setDefault(co, "client_secret", nil)
	setDefault(co, "customer", nil)
	setDefault(co, "checkout_items", []any{map[string]any{
		"object": "checkout_item", "quantity": float64(1), "price_variant": pvID, "product": pv.obj["product"],
	}})
	if isBlank(co["purchase_url"]) {
		co["purchase_url"] = "https://checkout.crevio.co/" + stringField(co, "id")
	}
	return st.render(t, r, nil)
}

// bookingConfirmPaid confirms the pending booking paid through checkout
// checkoutID, as paying its purchase_url does, and refreshes the checkout
// embedded in it. It is a no-op for a checkout no booking is paid through.
// The caller holds the store's write lock; completing a checkout calls it.
func bookingConfirmPaid(st *store, checkoutID string) {
	t := st.tables["bookings"]
	for _, r := range t.order {
		co, _ := r.obj["checkout"].(map[string]any)
		if co == nil || stringField(co, "id") != checkoutID || stringField(r.obj, "status") != "pending" {
			continue
		}
		b := deepCopy(r.obj).(map[string]any)
		b["status"] = "confirmed"
		if et := st.tables["event_types"].byID[stringField(b, "event_type_id")]; et != nil &&
			slices.Contains(bookingVideoLocations, stringField(et.obj, "location_type")) && isBlank(b["meet_url"]) {
			b["meet_url"] = "https://meet.example.com/" + stringField(b, "id")
		}
		if cr := st.tables["checkouts"].byID[checkoutID]; cr != nil {
			b["checkout"] = st.render(st.tables["checkouts"], cr, nil)
		}
		st.save(t, r, b)
	}
}
