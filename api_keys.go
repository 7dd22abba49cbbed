package crevio

// APIKeysService is the API keys API.
type APIKeysService service
