package crevio

// WebhookEndpointsService is the webhook endpoints API: where Crevio sends events.
type WebhookEndpointsService service

// WebhookEventsService is the webhook events API: the delivery history of events.
type WebhookEventsService service
