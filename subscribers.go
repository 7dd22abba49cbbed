package crevio

// SubscribersService is the newsletter subscribers API.
type SubscribersService service
