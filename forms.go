package crevio

// FormsService is the forms API.
type FormsService service
