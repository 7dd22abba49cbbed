package crevio

// OrderItemsService is the order items API: the line items of orders.
type OrderItemsService service
