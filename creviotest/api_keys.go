package creviotest

// apiKeysResource defines /v1/auth/keys. See shared/crevio-api.
func apiKeysResource() *resource {
	return &resource{
		name:   "api_keys",
		path:   "/auth/keys",
		prefix: "key_",
		object: "api_key",
	}
}
