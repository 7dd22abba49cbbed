package creviotest

import "regexp"

// x402Address matches an EVM address: 0x and 40 hexadecimal digits.
var x402Address = regexp.MustCompile(`^0x[0-9a-fA-F]{40}$`)

// x402ConfigurationResource defines /v1/x402_configuration, a singleton:
// GET reads it, PATCH updates it (flat, or wrapped in
// {"x402_configuration": {…}} as the x402 guide shows). It starts disabled,
// without a wallet. Enabling needs a wallet address, stored or given, and an
// address must be 0x and 40 hex digits.
func x402ConfigurationResource() *resource {
	return &resource{
		name:      "x402_configuration",
		path:      "/x402_configuration",
		prefix:    "x402_",
		object:    "x402_configuration",
		singleton: true,
		readOnly:  []string{"currency"},
		defaults: func(c map[string]any) {
			setDefault(c, "x402_enabled", false)
			setDefault(c, "x402_wallet_address", nil)
			setDefault(c, "x402_chain", nil)
			setDefault(c, "currency", "usdc")
		},
		validate: func(_ *store, c map[string]any, _ bool) map[string][]string {
			var errs map[string][]string
			enabled, ok := c["x402_enabled"].(bool)
			if !ok {
				errs = addErr(errs, "x402_enabled", "must be true or false")
			}
			switch addr := c["x402_wallet_address"].(type) {
			case nil:
				if enabled {
					errs = addErr(errs, "x402_wallet_address", "can't be blank when x402 is enabled")
				}
			case string:
				if !x402Address.MatchString(addr) {
					errs = addErr(errs, "x402_wallet_address", "is not a valid EVM address")
				}
			default:
				errs = addErr(errs, "x402_wallet_address", "is invalid")
			}
			if v := c["x402_chain"]; v != nil {
				if s, isStr := v.(string); !isStr || s == "" {
					errs = addErr(errs, "x402_chain", "is invalid")
				}
			}
			return errs
		},
	}
}
