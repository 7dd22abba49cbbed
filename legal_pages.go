package crevio

// LegalPagesService is the legal pages API: terms, privacy and refund policies.
type LegalPagesService service
