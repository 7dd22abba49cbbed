package crevio

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"time"
	"unicode/utf8"
)

// InvoicesService is the invoices API: bills for one price variant sent to
// one person, paid through a checkout created with the invoice.
type InvoicesService service

// Invoice bills one person for one price variant; amount and currency come
// from the variant.
type Invoice struct {
	// ID is the invoice's id (inv_…).
	ID string `json:"id"`
	// Object is "invoice".
	Object string `json:"object"`
	// Status is the invoice's state: open until paid or voided.
	Status InvoiceStatus `json:"status"`
	// Number is the invoice number, such as "INV-0001".
	Number string `json:"number"`
	// Description is the optional note on the invoice.
	Description *string `json:"description"`
	// CustomerName is the billed person's name.
	CustomerName *string `json:"customer_name"`
	// EmailAddress is the billed person's email address.
	EmailAddress *string `json:"email_address"`
	// Amount is the amount due in cents.
	Amount int64 `json:"amount"`
	// Currency is the lowercase ISO currency code, such as "usd".
	Currency string `json:"currency"`
	// CollectionMethod is how the invoice is collected.
	CollectionMethod *InvoiceCollectionMethod `json:"collection_method"`
	// DueAt is when payment is due (zero: no due date).
	DueAt Time `json:"due_at"`
	// PaidAt is when the invoice was paid (zero: unpaid).
	PaidAt Time `json:"paid_at"`
	// PriceVariant is the billed price variant: its id, or the object when
	// expanded with [InvoiceExpandPriceVariant].
	PriceVariant Expandable[PriceVariant] `json:"price_variant"`
	// Customer is the billed customer, if any: its id, or the object when
	// expanded with [InvoiceExpandCustomer].
	Customer Expandable[Customer] `json:"customer"`
	// Order is the order created when the invoice was paid (zero until
	// then): its id, or the object when expanded with [InvoiceExpandOrder].
	Order Expandable[Order] `json:"order"`
	// CheckoutURL is the hosted payment page, when the API sends one
	// (seen only in webhook payloads).
	CheckoutURL *string `json:"checkout_url,omitempty"`

	CreatedAt Time `json:"created_at"`
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (i *Invoice) objectID() string { return i.ID }

// InvoiceStatus is an invoice's state.
type InvoiceStatus string

// Known invoice statuses.
const (
	InvoiceStatusDraft         InvoiceStatus = "draft"
	InvoiceStatusOpen          InvoiceStatus = "open"
	InvoiceStatusPaid          InvoiceStatus = "paid"
	InvoiceStatusPastDue       InvoiceStatus = "past_due"
	InvoiceStatusVoid          InvoiceStatus = "void"
	InvoiceStatusUncollectible InvoiceStatus = "uncollectible"
)

// IsKnown reports whether s is one of the statuses this version knows.
func (s InvoiceStatus) IsKnown() bool {
	return oneOf(s, InvoiceStatusDraft, InvoiceStatusOpen, InvoiceStatusPaid, InvoiceStatusPastDue,
		InvoiceStatusVoid, InvoiceStatusUncollectible)
}

// InvoiceCollectionMethod is how an invoice is collected.
type InvoiceCollectionMethod string

// Known collection methods.
const (
	// InvoiceCollectionMethodSendInvoice emails the buyer a payment link.
	InvoiceCollectionMethodSendInvoice InvoiceCollectionMethod = "send_invoice"
	// InvoiceCollectionMethodChargeAutomatically charges the saved payment method.
	InvoiceCollectionMethodChargeAutomatically InvoiceCollectionMethod = "charge_automatically"
)

// IsKnown reports whether m is one of the collection methods this version
// knows.
func (m InvoiceCollectionMethod) IsKnown() bool {
	return oneOf(m, InvoiceCollectionMethodSendInvoice, InvoiceCollectionMethodChargeAutomatically)
}

// InvoiceExpand names a related object an invoice call can expand.
type InvoiceExpand string

// Expandable invoice relations.
const (
	// InvoiceExpandCustomer embeds the billed customer.
	InvoiceExpandCustomer InvoiceExpand = "customer"
	// InvoiceExpandPriceVariant embeds the billed price variant.
	InvoiceExpandPriceVariant InvoiceExpand = "price_variant"
	// InvoiceExpandOrder embeds the order created by paying the invoice.
	InvoiceExpandOrder InvoiceExpand = "order"
)

// InvoiceListParams filters and pages an invoice list.
type InvoiceListParams struct {
	// Status keeps only invoices with this status.
	Status *InvoiceStatus `url:"status"`
	// Customer keeps only the invoices of this customer id.
	Customer *string `url:"customer"`
	// Expand names relations to embed in each invoice.
	Expand []InvoiceExpand `url:"expand"`

	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// InvoiceGetParams are the options of [InvoicesService.Get].
type InvoiceGetParams struct {
	// Expand names relations to embed, such as [InvoiceExpandCustomer].
	Expand []InvoiceExpand `url:"expand"`

	Extra map[string]any
}

// invoiceDescriptionMax is the longest description the API accepts, in
// characters.
const invoiceDescriptionMax = 500

// InvoiceCreateParams are the fields of a new invoice. The buyer is either
// an existing Customer or a CustomerName with an EmailAddress.
type InvoiceCreateParams struct {
	// PriceVariant is the id of the price variant billed (required); the
	// amount and currency come from it.
	PriceVariant string `json:"price_variant"`
	// Customer is the id of an existing customer to bill.
	Customer *string `json:"customer,omitempty"`
	// CustomerName is the billed person's name, when Customer is not set.
	CustomerName *string `json:"customer_name,omitempty"`
	// EmailAddress is the billed person's email address, when Customer is
	// not set.
	EmailAddress *string `json:"email_address,omitempty"`
	// DueAt is when payment is due; it must be in the future.
	DueAt *time.Time `json:"due_at,omitempty"`
	// Description is a note on the invoice, up to 500 characters.
	Description *string `json:"description,omitempty"`
	// CollectionMethod is how the invoice is collected.
	CollectionMethod *InvoiceCollectionMethod `json:"collection_method,omitempty"`

	Extra map[string]any `json:"-"`
}

func (p *InvoiceCreateParams) validate() error {
	if p.PriceVariant == "" {
		return errRequired("PriceVariant")
	}
	if p.Customer == nil && (p.CustomerName == nil || p.EmailAddress == nil) {
		return fmt.Errorf("%w: Customer, or CustomerName and EmailAddress, are required", ErrInvalidParam)
	}
	if p.Description != nil && utf8.RuneCountInString(*p.Description) > invoiceDescriptionMax {
		return fmt.Errorf("%w: Description is longer than %d characters", ErrInvalidParam, invoiceDescriptionMax)
	}
	return nil
}

// List returns one page of invoices, newest first.
//
// API: GET /v1/invoices
func (s *InvoicesService) List(ctx context.Context, params *InvoiceListParams, opts ...RequestOption) (*Page[Invoice], error) {
	return callPath[Page[Invoice]](ctx, s.c, http.MethodGet, pathInvoices, params, opts)
}

// All iterates over every invoice matching params.
//
// API: GET /v1/invoices (repeated with starting_after)
func (s *InvoicesService) All(ctx context.Context, params *InvoiceListParams, opts ...RequestOption) iter.Seq2[*Invoice, error] {
	return all(ctx, params, s.List, opts)
}

// Get returns an invoice by id.
//
// API: GET /v1/invoices/{id}
func (s *InvoicesService) Get(ctx context.Context, id string, params *InvoiceGetParams, opts ...RequestOption) (*Invoice, error) {
	return callObject[Invoice](ctx, s.c, http.MethodGet, pathInvoices, id, params, opts)
}

// Create creates an open invoice. To collect it, create a checkout for it
// (see [CheckoutsService]).
//
// API: POST /v1/invoices
func (s *InvoicesService) Create(ctx context.Context, params *InvoiceCreateParams, opts ...RequestOption) (*Invoice, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[Invoice](ctx, s.c, http.MethodPost, pathInvoices, params, opts)
}

// InvoiceVoidParams are the params of [InvoicesService.Void]. The API
// documents none; nil (an empty JSON body) is the usual value.
type InvoiceVoidParams struct {
	Extra map[string]any `json:"-"`
}

// Void voids an invoice and returns it. Voiding is final: a void invoice
// cannot be paid or reopened, and orders already created stay.
//
// API: POST /v1/invoices/{id}/void
func (s *InvoicesService) Void(ctx context.Context, id string, params *InvoiceVoidParams, opts ...RequestOption) (*Invoice, error) {
	path, err := actionPath(pathInvoices, id, actionVoid)
	if err != nil {
		return nil, err
	}
	return callPath[Invoice](ctx, s.c, http.MethodPost, path, params, opts)
}
