package creviotest

// invoicesResource defines /v1/invoices. See shared/crevio-api.
func invoicesResource() *resource {
	return &resource{
		name:   "invoices",
		path:   "/invoices",
		prefix: "inv_",
		object: "invoice",
	}
}
