package creviotest

// webhookEventsResource defines /v1/webhook_events, the delivery history.
// The fake records one event per
// endpoint it is sent to (webhooks.go): the envelope the endpoint receives
// (id, object "event", type, api_version, created_at, data) plus
// webhook_endpoint, status (pending, delivered, failed), attempts,
// last_attempt_at, response_status and deliveries (one entry per attempt:
// attempt, attempted_at, response_status, succeeded, error). error is null
// on success, else the reason: "HTTP 503 Service Unavailable", "HTTP 302
// Found: redirects are not followed", "HTTP 410 Gone: endpoint disabled",
// "timeout: …", "connection refused: …". An event whose endpoint was
// deleted or deactivated before its next attempt is failed, with no new
// attempt. Lists filter by type, webhook_endpoint and status; the API is
// read-only.
func webhookEventsResource() *resource {
	return &resource{
		name:     "webhook_events",
		path:     "/webhook_events",
		prefix:   "whev_",
		object:   "event",
		disabled: opCreate | opUpdate | opDelete,
		filters:  []string{"type", "webhook_endpoint", "status"},
		relations: map[string]relation{
			"webhook_endpoint": {resource: "webhook_endpoints"},
		},
	}
}
