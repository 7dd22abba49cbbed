package crevio

// BookingsService is the bookings API.
type BookingsService service
