package crevio

// CustomersService is the customers API.
type CustomersService service
