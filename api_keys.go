package crevio

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
)

// APIKeysService is the API keys API: it creates API tokens.
type APIKeysService service

// APIKey is an API token. The full secret, Token, is only in the answer of
// [APIKeysService.Create]; store it then, it is not shown again. Its RawJSON
// method returns the JSON it was decoded from (with the secret, on create).
// Printing it with fmt or logging it with log/slog shows the token redacted;
// json.Marshal keeps it.
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

	CreatedAt Time `json:"created_at"`

	objectMeta
}

func (k *APIKey) objectID() string { return k.ID }

// String describes the key without its secret (which its raw JSON holds
// after Create).
func (k APIKey) String() string {
	return fmt.Sprintf("crevio.APIKey{ID: %q, Name: %q, Last4: %q, Token: %q}", k.ID, deref(k.Name), k.Last4, redactedToken(k.Token))
}

// Format makes every fmt verb print [APIKey.String], of an *APIKey or an
// APIKey, so neither Token nor the raw JSON reaches a log line.
func (k APIKey) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, k.String()) }

// LogValue makes log/slog (any handler, text or JSON) log the key without
// its secret: Token is "[REDACTED]" when set. json.Marshal is unchanged and
// keeps the token.
func (k APIKey) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("id", k.ID), slog.String("object", k.Object)}
	if k.Name != nil {
		attrs = append(attrs, slog.String("name", *k.Name))
	}
	attrs = append(attrs, slog.String("last4", k.Last4), slog.String("token_type", k.TokenType))
	if k.Token != nil {
		attrs = append(attrs, slog.String("token", redactedToken(k.Token)))
	}
	if !k.ExpiresAt.IsZero() {
		attrs = append(attrs, slog.Time("expires_at", k.ExpiresAt.Time))
	}
	if !k.CreatedAt.IsZero() {
		attrs = append(attrs, slog.Time("created_at", k.CreatedAt.Time))
	}
	return slog.GroupValue(attrs...)
}

// redactedToken is what formatting shows of a token: "" when unset.
func redactedToken(t *string) string {
	if t == nil || *t == "" {
		return ""
	}
	return "[REDACTED]"
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// APIKeyCreateParams are the fields of a new API key. Nil params create a
// key named "Default".
type APIKeyCreateParams struct {
	// Name labels the key (API default "Default").
	Name *string `json:"name,omitempty"`

	Extra map[string]any `json:"-"`
}

// Create creates an API key and returns it with its full secret in Token.
//
// API: POST /v1/auth/keys
func (s *APIKeysService) Create(ctx context.Context, params *APIKeyCreateParams, opts ...RequestOption) (*APIKey, error) {
	return callPath[APIKey](ctx, s.c, http.MethodPost, pathAPIKeys, params, opts)
}
