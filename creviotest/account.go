package creviotest

// accountResource defines GET /v1/account: the account the API token
// belongs to, one object (acct_…) that exists from the start; PATCH
// answers 405, since the reference lists only the read. Seed "account" to
// replace it.
//
// An account comes with its primary newsletter and contact forms, as
// Crevio provisions them: creating the account (when the fake starts, or
// by seeding) provisions those forms unless they exist.
func accountResource() *resource {
	return &resource{
		name:      "account",
		path:      "/account",
		prefix:    "acct_",
		object:    "account",
		singleton: true,
		disabled:  opUpdate,
		defaults: func(a map[string]any) {
			setDefault(a, "name", "Test Store")
			setDefault(a, "description", nil)
			setDefault(a, "avatar_url", nil)
			setDefault(a, "support_email", nil)
			setDefault(a, "display_currency", "usd")
			setDefault(a, "social_links", []any{})
		},
		afterWrite: func(st *store, old, cur map[string]any) {
			if old != nil || cur == nil {
				return
			}
			for _, purpose := range []string{"newsletter", "contact"} {
				_, _ = formProvisionPrimary(st, purpose)
			}
		},
	}
}
