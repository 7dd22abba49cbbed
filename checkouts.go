package crevio

// CheckoutsService is the checkouts API: checkout sessions.
type CheckoutsService service
