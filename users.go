package crevio

// UsersService is the users API: site visitors' profiles and access checks.
type UsersService service
