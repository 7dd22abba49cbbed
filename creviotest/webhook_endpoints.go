package creviotest

import (
	"net/url"
	"slices"
)

// webhookEndpointsResource defines /v1/webhook_endpoints.. An endpoint has a url (http or
// https: the fake delivers to local test servers), events (type names, or
// "*" for all), a description and active (default true). Its signing
// secret (whsec_…) is generated on create, shown only in the create's
// answer, and used to sign deliveries (webhooks.go).
func webhookEndpointsResource() *resource {
	return &resource{
		name:     "webhook_endpoints",
		path:     "/webhook_endpoints",
		prefix:   "wh_",
		object:   "webhook_endpoint",
		required: []string{"url", "events"},
		readOnly: []string{"secret"},
		secrets:  []string{"secret"},
		defaults: func(e map[string]any) {
			setDefault(e, "description", nil)
			setDefault(e, "active", true)
			if isBlank(e["secret"]) {
				e["secret"] = newWebhookSecret()
			}
		},
		validate: validateWebhookEndpoint,
	}
}

func validateWebhookEndpoint(_ *store, e map[string]any, _ bool) map[string][]string {
	var errs map[string][]string
	if v, ok := e["url"]; ok && v != nil {
		s, isStr := v.(string)
		u, err := url.Parse(s)
		if !isStr || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = addErr(errs, "url", "must be an http or https URL")
		}
	}
	if v, ok := e["events"]; ok && v != nil {
		known := webhookEventTypes()
		list, isList := v.([]any)
		if !isList {
			errs = addErr(errs, "events", "must be an array of event types")
		}
		for _, ev := range list {
			if s, isStr := ev.(string); !isStr || (s != "*" && !slices.Contains(known, s)) {
				errs = addErr(errs, "events", "contains an unknown event type")
				break
			}
		}
	}
	if v, ok := e["description"]; ok && v != nil {
		if _, isStr := v.(string); !isStr {
			errs = addErr(errs, "description", "must be a string")
		}
	}
	if _, isBool := e["active"].(bool); !isBool {
		errs = addErr(errs, "active", "must be true or false")
	}
	return errs
}
