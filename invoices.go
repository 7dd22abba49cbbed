package crevio

// InvoicesService is the invoices API.
type InvoicesService service
