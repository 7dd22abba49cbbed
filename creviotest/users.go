package creviotest

import (
	"net/url"
	"strings"
	"time"
)

// usersResource defines /v1/users: GET /users/{id} and the access check
// GET /users/{id}/access?resource_id=…, the operations the reference lists
// (list, create, update and delete answer 405). Users are seeded.
//
// What a user may access is a fake-only field of a seeded user, which no
// answer shows, access_grants: [{"resource_id": "prod_…", "access_level":
// "customer", "expires_at": null}, …]. The access check answers {has_access, access_level,
// expires_at} from the grant for resource_id: no grant, a no_access grant
// or an expired one (by the fake's clock) give has_access false. A
// resource_id that names no object of the fake (account, product,
// experience, or anything else it stores) is a 404.
func usersResource() *resource {
	return &resource{
		name:     "users",
		path:     "/users",
		prefix:   "usr_",
		object:   "user",
		disabled: opList | opCreate | opUpdate | opDelete,
		// access_grants is the fake's own bookkeeping, not an API field:
		// no answer shows it.
		secrets:  []string{"access_grants"},
		defaults: userDefaults,
		views:    map[string]viewFunc{"access": userAccessView},
	}
}

// userDefaults fills the fields of a user (the users and me resources).
func userDefaults(u map[string]any) {
	for _, f := range []string{"first_name", "last_name", "email"} {
		setDefault(u, f, nil)
	}
}

func userAccessView(st *store, u map[string]any, q url.Values) (any, *apiError) {
	resourceID := strings.TrimSpace(q.Get("resource_id"))
	if resourceID == "" {
		return nil, errBadRequest("parameter_missing", "resource_id", "Missing required param: resource_id.")
	}
	found := false
	for _, t := range st.tables {
		if t.byID[resourceID] != nil {
			found = true
			break
		}
	}
	if !found {
		e := errNoSuch("resource", resourceID)
		e.Param = "resource_id"
		return nil, e
	}
	out := map[string]any{"has_access": false, "access_level": "no_access", "expires_at": nil}
	grants, _ := u["access_grants"].([]any)
	for _, g := range grants {
		grant, _ := g.(map[string]any)
		if stringField(grant, "resource_id") != resourceID {
			continue
		}
		level, _ := grant["access_level"].(string)
		if level == "" {
			level = "customer"
		}
		out["access_level"], out["expires_at"] = level, grant["expires_at"]
		if exp, ok := grant["expires_at"].(string); ok {
			if t, err := time.Parse(time.RFC3339, exp); err == nil && !t.After(st.now()) {
				out["access_level"] = "no_access"
			}
		}
		out["has_access"] = out["access_level"] != "no_access"
		break
	}
	return out, nil
}
