package crevio

// OrdersService is the orders API.
type OrdersService service
