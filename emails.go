package crevio

// EmailsService is the transactional emails API.
type EmailsService service
