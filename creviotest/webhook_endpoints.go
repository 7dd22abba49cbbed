package creviotest

// webhookEndpointsResource defines /v1/webhook_endpoints. See shared/crevio-api.
func webhookEndpointsResource() *resource {
	return &resource{
		name:   "webhook_endpoints",
		path:   "/webhook_endpoints",
		prefix: "wh_",
		object: "webhook_endpoint",
	}
}
