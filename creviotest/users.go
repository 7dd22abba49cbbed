package creviotest

// usersResource defines /v1/users. See shared/crevio-api.
func usersResource() *resource {
	return &resource{
		name:   "users",
		path:   "/users",
		prefix: "usr_",
		object: "user",
	}
}
