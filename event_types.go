package crevio

// EventTypesService is the event types API: bookable meeting types and their slots.
type EventTypesService service
