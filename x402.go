package crevio

// X402Service is the x402 configuration API: crypto payment settings.
type X402Service service
