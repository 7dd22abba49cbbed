package crevio

// SubscriptionsService is the subscriptions API.
type SubscriptionsService service
