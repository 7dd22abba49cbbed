package crevio

import (
	"context"
	"net/http"
)

// APIKeysService is the API keys API: it creates API tokens.
type APIKeysService service

// APIKey is an API token. The full secret, Token, is only in the answer of
// [APIKeysService.Create]; store it then, it is not shown again. Its RawJSON
// method returns the JSON it was decoded from (with the secret, on create).
type APIKey struct {
	// ID is the key's id.
	ID string `json:"id"`
	// Object is the object type, "api_key" in the fake.
	Object string `json:"object"`
	// Name is the key's label, when it has one.
	Name *string `json:"name"`
	// Last4 is the last four characters of the token.
	Last4 string `json:"last4"`
	// TokenType is the kind of token (values undocumented).
	TokenType string `json:"token_type"`
	// Token is the full secret: set in the create answer only.
	Token *string `json:"token"`
	// LastUsedAt is when the key was last used; zero if never.
	LastUsedAt Time `json:"last_used_at"`
	// ExpiresAt is when the key expires; zero if it does not.
	ExpiresAt Time `json:"expires_at"`
	// CreatedAt is when the key was created.
	CreatedAt Time `json:"created_at"`

	objectMeta
}

func (k *APIKey) objectID() string { return k.ID }

// APIKeyCreateParams are the fields of a new API key. Nil params create a
// key named "Default".
type APIKeyCreateParams struct {
	// Name labels the key (API default "Default").
	Name *string `json:"name,omitempty"`
	// Extra holds body fields this version does not model; they are merged
	// into the JSON body and win over the fields above.
	Extra map[string]any `json:"-"`
}

func (p *APIKeyCreateParams) extraFields() map[string]any { return p.Extra }

// Create creates an API key and returns it with its full secret in Token.
//
// API: POST /v1/auth/keys
func (s *APIKeysService) Create(ctx context.Context, params *APIKeyCreateParams, opts ...RequestOption) (*APIKey, error) {
	return callPath[APIKey](ctx, s.c, http.MethodPost, pathAPIKeys, params, opts)
}
