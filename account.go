package crevio

// AccountService is the current account API.
type AccountService service
