package creviotest

// webhookEventsResource defines /v1/webhook_events. See shared/crevio-api.
func webhookEventsResource() *resource {
	return &resource{
		name:   "webhook_events",
		path:   "/webhook_events",
		prefix: "whev_",
		object: "webhook_event",
	}
}
