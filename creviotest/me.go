package creviotest

// meResource defines /v1/me. See shared/crevio-api.
func meResource() *resource {
	return &resource{
		name:      "me",
		path:      "/me",
		prefix:    "usr_",
		object:    "user",
		singleton: true,
	}
}
