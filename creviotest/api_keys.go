package creviotest

import "strings"

// apiKeyServerFields are set by the fake, never taken from a create body.
var apiKeyServerFields = []string{"token", "last4", "token_type", "last_used_at"}

// apiKeysResource defines POST /v1/auth/keys, the only API key operation
// the reference confirms (every other one answers 405).
//
// name defaults to "Default" when the body leaves it out (null stays
// null). The answer carries the full secret in token (sk_test_…, derived
// from the key's id) and its last four characters in last4; token is a
// secret, shown in that answer only (not by Fake.Get). The fake does
// not accept the new token for authentication: it serves one token (see
// WithToken).
func apiKeysResource() *resource {
	return &resource{
		name:     "api_keys",
		path:     "/auth/keys",
		prefix:   "key_",
		object:   "api_key",
		disabled: opList | opGet | opUpdate | opDelete,
		readOnly: apiKeyServerFields,
		secrets:  []string{"token"},
		defaults: func(k map[string]any) {
			setDefault(k, "name", "Default")
			token := "sk_test_" + strings.TrimPrefix(stringField(k, "id"), "key_")
			setDefault(k, "token", token)
			setDefault(k, "last4", token[len(token)-4:])
			setDefault(k, "token_type", "bearer")
			setDefault(k, "last_used_at", nil)
			setDefault(k, "expires_at", nil)
		},
		validate: func(_ *store, k map[string]any, _ bool) map[string][]string {
			if v := k["name"]; v != nil {
				if _, isStr := v.(string); !isStr {
					return map[string][]string{"name": {"must be a string"}}
				}
			}
			return nil
		},
	}
}
