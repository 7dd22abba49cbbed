package crevio

// RefundsService is the refunds API.
type RefundsService service
