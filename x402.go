package crevio

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
)

// X402Service is the x402 configuration API: the account's settings for
// x402 payments, where buyers pay in USDC on an EVM chain over HTTP 402.
type X402Service service

// X402Configuration is the account's x402 payment configuration, a
// singleton.
type X402Configuration struct {
	// Object is "x402_configuration".
	Object string `json:"object"`
	// Enabled reports whether x402 payments are on.
	Enabled bool `json:"x402_enabled"`
	// WalletAddress is the EVM address (0x…) payments go to, when set.
	WalletAddress *string `json:"x402_wallet_address"`
	// Chain is the blockchain network, such as "base", when set.
	Chain *string `json:"x402_chain"`
	// Currency is the currency buyers pay in ("usdc"), when the API sends it.
	Currency *string `json:"currency"`

	objectMeta
}

// X402UpdateParams are the settings to change. They are sent wrapped in a
// root key, {"x402_configuration": {…}}, as the API's x402 guide shows.
type X402UpdateParams struct {
	// Enabled turns x402 payments on or off. The API refuses to turn them on
	// without a wallet address.
	Enabled *bool `json:"x402_enabled,omitempty"`
	// WalletAddress sets or clears the EVM address payments go to; a value
	// must be 0x followed by 40 hexadecimal digits.
	WalletAddress Nullable[string] `json:"x402_wallet_address,omitzero"`
	// Chain sets or clears the blockchain network, such as "base".
	Chain Nullable[string] `json:"x402_chain,omitzero"`
	// Extra holds fields this version does not model (a nil value sends
	// null). They go inside the root key and win over the fields above.
	Extra map[string]any `json:"-"`
}

// x402Address matches an EVM address.
var x402Address = regexp.MustCompile(`^0x[0-9a-fA-F]{40}$`)

func (p *X402UpdateParams) validate() error {
	if a, ok := p.WalletAddress.Get(); ok && !x402Address.MatchString(a) {
		return fmt.Errorf("%w: WalletAddress %q is not an EVM address (0x and 40 hexadecimal digits)", ErrInvalidParam, a)
	}
	return nil
}

// MarshalJSON writes the wrapped body, {"x402_configuration": {…}}, with
// Extra merged inside.
func (p X402UpdateParams) MarshalJSON() ([]byte, error) {
	type fields X402UpdateParams // without this method
	inner, err := json.Marshal(fields(p))
	if err != nil {
		return nil, err
	}
	if len(p.Extra) > 0 {
		m := map[string]json.RawMessage{}
		if err := json.Unmarshal(inner, &m); err != nil {
			return nil, err
		}
		for k, v := range p.Extra {
			raw, err := json.Marshal(v)
			if err != nil {
				return nil, fmt.Errorf("crevio: encoding extra param %q: %w", k, err)
			}
			m[k] = raw
		}
		if inner, err = json.Marshal(m); err != nil {
			return nil, err
		}
	}
	return json.Marshal(map[string]json.RawMessage{"x402_configuration": inner})
}

// X402GetParams are the params of [X402Service.Get]. The API documents none;
// nil is the usual value.
type X402GetParams struct {
	Extra map[string]any
}

// Get returns the account's x402 configuration.
//
// API: GET /v1/x402_configuration
func (s *X402Service) Get(ctx context.Context, params *X402GetParams, opts ...RequestOption) (*X402Configuration, error) {
	return callPath[X402Configuration](ctx, s.c, http.MethodGet, pathX402Configuration, params, opts)
}

// Update changes the account's x402 configuration and returns it. Nil
// params change nothing.
//
// API: PATCH /v1/x402_configuration
func (s *X402Service) Update(ctx context.Context, params *X402UpdateParams, opts ...RequestOption) (*X402Configuration, error) {
	if params == nil {
		params = &X402UpdateParams{}
	}
	return callPath[X402Configuration](ctx, s.c, http.MethodPatch, pathX402Configuration, params, opts)
}
