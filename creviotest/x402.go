package creviotest

// x402ConfigurationResource defines /v1/x402_configuration. See shared/crevio-api.
func x402ConfigurationResource() *resource {
	return &resource{
		name:      "x402_configuration",
		path:      "/x402_configuration",
		prefix:    "x402_",
		object:    "x402_configuration",
		singleton: true,
	}
}
