package creviotest

// accountResource defines /v1/account. See shared/crevio-api.
func accountResource() *resource {
	return &resource{
		name:      "account",
		path:      "/account",
		prefix:    "acct_",
		object:    "account",
		singleton: true,
	}
}
