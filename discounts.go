package crevio

// DiscountsService is the discounts API: discount codes.
type DiscountsService service
