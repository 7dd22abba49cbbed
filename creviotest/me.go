package creviotest

// meResource defines GET /v1/me: the user the API token acts as, one object
// (a user, usr_…) that exists from the start; PATCH answers 405, since the
// reference lists only the read. Seed "me" to replace it.
func meResource() *resource {
	return &resource{
		name:      "me",
		path:      "/me",
		prefix:    "usr_",
		object:    "user",
		singleton: true,
		disabled:  opUpdate,
		defaults: func(u map[string]any) {
			setDefault(u, "first_name", "Test")
			setDefault(u, "last_name", "Owner")
			setDefault(u, "email", "owner@example.com")
			userDefaults(u)
		},
	}
}
