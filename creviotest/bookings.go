package creviotest

// bookingsResource defines /v1/bookings. See shared/crevio-api.
func bookingsResource() *resource {
	return &resource{
		name:   "bookings",
		path:   "/bookings",
		prefix: "bkg_",
		object: "booking",
	}
}
