package crevio

// MeService is the current user API.
type MeService service
