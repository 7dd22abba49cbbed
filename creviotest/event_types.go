package creviotest

// eventTypesResource defines /v1/event-types. See shared/crevio-api.
func eventTypesResource() *resource {
	return &resource{
		name:   "event_types",
		path:   "/event-types",
		prefix: "etype_",
		object: "event_type",
	}
}
