package crevio

// CheckoutLinksService is the checkout links API: shareable links that start a checkout.
type CheckoutLinksService service
