package crevio

import (
	"context"
	"net/http"
)

// UsersService is the users API: the profiles of signed-in site visitors
// and what they have access to.
type UsersService service

// User is a person with a Crevio login: a site visitor ([UsersService.Get])
// or the API token's owner ([MeService.Get]).
type User struct {
	// ID is the user's id (usr_…).
	ID string `json:"id"`
	// Object is "user" (inferred).
	Object string `json:"object"`
	// FirstName is the user's first name, when known.
	FirstName *string `json:"first_name"`
	// LastName is the user's last name, when known.
	LastName *string `json:"last_name"`
	// Email is the user's email address, when known.
	Email *string `json:"email"`

	objectMeta
}

func (u *User) objectID() string { return u.ID }

// UserAccess is a user's entitlement to an account, product or experience.
// The API computes it on every call, so read it fresh rather than caching it.
type UserAccess struct {
	// HasAccess reports whether the user may use the resource.
	HasAccess bool `json:"has_access"`
	// AccessLevel is the user's level: no_access, customer or admin.
	AccessLevel AccessLevel `json:"access_level"`
	// ExpiresAt is when the access ends; zero when it does not.
	ExpiresAt Time `json:"expires_at"`

	objectMeta
}

// AccessLevel is a user's level of access to a resource, ranked no_access <
// customer < admin.
type AccessLevel string

// Known access levels.
const (
	AccessLevelNoAccess AccessLevel = "no_access"
	AccessLevelCustomer AccessLevel = "customer"
	AccessLevelAdmin    AccessLevel = "admin"
)

// IsKnown reports whether l is one of the levels this version knows.
func (l AccessLevel) IsKnown() bool {
	return oneOf(l, AccessLevelNoAccess, AccessLevelCustomer, AccessLevelAdmin)
}

// UserAccessParams name the resource of [UsersService.CheckAccess].
type UserAccessParams struct {
	// ResourceID is the id of the account (acct_…), product (prod_…) or
	// experience (exp_…) to check (required).
	ResourceID string `url:"resource_id"`

	Extra map[string]any
}

func (p *UserAccessParams) validate() error {
	if p.ResourceID == "" {
		return errRequired("ResourceID")
	}
	return nil
}

// UserGetParams are the params of [UsersService.Get]. The API documents
// none; nil is the usual value.
type UserGetParams struct {
	Extra map[string]any
}

// Get returns a user by id.
//
// API: GET /v1/users/{id}
func (s *UsersService) Get(ctx context.Context, id string, params *UserGetParams, opts ...RequestOption) (*User, error) {
	return callObject[User](ctx, s.c, http.MethodGet, pathUsers, id, params, opts)
}

// CheckAccess reports a user's access to an account, product or experience.
// The path is inferred (the reference knows only the SDK's access.check).
//
// API: GET /v1/users/{id}/access?resource_id={resource_id}
func (s *UsersService) CheckAccess(ctx context.Context, userID string, params *UserAccessParams, opts ...RequestOption) (*UserAccess, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	path, err := actionPath(pathUsers, userID, actionAccess)
	if err != nil {
		return nil, err
	}
	return callPath[UserAccess](ctx, s.c, http.MethodGet, path, params, opts)
}
