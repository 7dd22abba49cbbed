package crevio

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// CustomersService is the customers API: the people who bought from, signed
// up with or were invoiced by the account. Customers are unique by email.
type CustomersService service

// Customer is a customer. Customer types are managed by the API: lead
// (email only) → free (registered) → paid (at least one paid order). Its
// RawJSON method returns the JSON it was decoded from.
type Customer struct {
	// ID is the customer's id (cus_…).
	ID string `json:"id"`
	// Object is "customer".
	Object string `json:"object"`
	// Email is the customer's email address, unique within the account.
	Email string `json:"email"`
	// Name is the customer's full name.
	Name *string `json:"name"`
	// FirstName is the customer's first name.
	FirstName *string `json:"first_name"`
	// LastName is the customer's last name.
	LastName *string `json:"last_name"`
	// PhoneNumber is the customer's phone number.
	PhoneNumber *string `json:"phone_number"`
	// CustomerType is lead, free or paid.
	CustomerType CustomerType `json:"customer_type"`
	// ConfirmedAt is when the customer confirmed their email address
	// (double opt-in); zero until then.
	ConfirmedAt Time `json:"confirmed_at"`
	// OrdersCount is the number of orders the customer placed.
	OrdersCount int `json:"orders_count"`
	// TotalSpend is the customer's total spend in cents.
	TotalSpend int64 `json:"total_spend"`
	// Tags are the labels attached to the customer.
	Tags []CustomerTag `json:"tags"`
	// CreatedAt is when the customer was created.
	CreatedAt Time `json:"created_at"`
	// UpdatedAt is when the customer last changed.
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (c *Customer) objectID() string { return c.ID }

// CustomerTag is a label attached to a customer.
type CustomerTag struct {
	// ID is the tag's id.
	ID string `json:"id"`
	// Name is the tag's label.
	Name string `json:"name"`
}

// CustomerType is a customer's stage. It is an open enum: values this
// version does not know (a webhook example shows "customer") decode as they
// are.
type CustomerType string

// Known customer types.
const (
	// CustomerTypeLead is a contact known by email only (a newsletter
	// subscriber, for example).
	CustomerTypeLead CustomerType = "lead"
	// CustomerTypeFree is a registered customer without a paid order.
	CustomerTypeFree CustomerType = "free"
	// CustomerTypePaid is a customer with at least one paid order.
	CustomerTypePaid CustomerType = "paid"
)

// IsKnown reports whether t is one of the customer types this version knows.
func (t CustomerType) IsKnown() bool {
	return oneOf(t, CustomerTypeLead, CustomerTypeFree, CustomerTypePaid)
}

// CustomerListParams filters and pages a customer list. The zero value (or
// nil) lists the first page with the API's default limit.
type CustomerListParams struct {
	// CustomerType keeps only customers of this type.
	CustomerType *CustomerType
	// Query keeps only customers whose email or name matches this search.
	Query *string
	// Limit is the page size, 1 to 100 (API default 20).
	Limit *int
	// StartingAfter is the id of the last customer of the previous page.
	StartingAfter *string
	// Extra holds query params this version does not model.
	Extra map[string]any
}

func (p *CustomerListParams) encodeQuery(q url.Values) error {
	if p.CustomerType != nil {
		q.Set("customer_type", string(*p.CustomerType))
	}
	if p.Query != nil {
		q.Set("query", *p.Query)
	}
	if err := encodeList(q, p.Limit, p.StartingAfter); err != nil {
		return err
	}
	return encodeExtra(q, p.Extra)
}

func (p *CustomerListParams) setStartingAfter(id string) { p.StartingAfter = &id }

// CustomerCreateParams are the fields of a new customer.
type CustomerCreateParams struct {
	// Email is the customer's email address (required; unique within the
	// account).
	Email string `json:"email"`
	// Name is the customer's full name.
	Name *string `json:"name,omitempty"`
	// FirstName is the customer's first name.
	FirstName *string `json:"first_name,omitempty"`
	// LastName is the customer's last name.
	LastName *string `json:"last_name,omitempty"`
	// PhoneNumber is the customer's phone number.
	PhoneNumber *string `json:"phone_number,omitempty"`
	// CustomerType sets the customer's type (the API otherwise manages it).
	CustomerType *CustomerType `json:"customer_type,omitempty"`
	// Extra holds body fields this version does not model; they are merged
	// into the JSON body and win over the fields above.
	Extra map[string]any `json:"-"`
}

func (p *CustomerCreateParams) extraFields() map[string]any { return p.Extra }

func (p *CustomerCreateParams) validate() error {
	if p.Email == "" {
		return errRequired("Email")
	}
	return nil
}

// CustomerUpdateParams are the fields to change on a customer; unset fields
// are left as they are. Nullable fields can be cleared with [Null].
type CustomerUpdateParams struct {
	// Email changes the email address.
	Email *string `json:"email,omitempty"`
	// Name sets or clears the full name.
	Name Nullable[string] `json:"name,omitzero"`
	// FirstName sets or clears the first name.
	FirstName Nullable[string] `json:"first_name,omitzero"`
	// LastName sets or clears the last name.
	LastName Nullable[string] `json:"last_name,omitzero"`
	// PhoneNumber sets or clears the phone number.
	PhoneNumber Nullable[string] `json:"phone_number,omitzero"`
	// CustomerType changes the customer's type.
	CustomerType *CustomerType `json:"customer_type,omitempty"`
	// Extra holds body fields this version does not model (a nil value sends
	// null); they win over the fields above.
	Extra map[string]any `json:"-"`
}

func (p *CustomerUpdateParams) extraFields() map[string]any { return p.Extra }

// List returns one page of customers, newest first.
//
// API: GET /v1/customers
func (s *CustomersService) List(ctx context.Context, params *CustomerListParams, opts ...RequestOption) (*Page[Customer], error) {
	return callPath[Page[Customer]](ctx, s.c, http.MethodGet, pathCustomers, params, opts)
}

// All iterates over every customer matching params, fetching pages lazily
// as the loop advances. Breaking out of the loop stops it with no further
// request. A failed page is yielded as an error, after which it stops.
//
// API: GET /v1/customers (repeated with starting_after)
func (s *CustomersService) All(ctx context.Context, params *CustomerListParams, opts ...RequestOption) iter.Seq2[*Customer, error] {
	return all(ctx, params, s.List, opts)
}

// Get returns a customer by id.
//
// API: GET /v1/customers/{id}
func (s *CustomersService) Get(ctx context.Context, id string, opts ...RequestOption) (*Customer, error) {
	return callObject[Customer](ctx, s.c, http.MethodGet, pathCustomers, id, nil, opts)
}

// Create creates a customer. An email address already in use is a
// validation error ([ErrValidation]).
//
// API: POST /v1/customers
func (s *CustomersService) Create(ctx context.Context, params *CustomerCreateParams, opts ...RequestOption) (*Customer, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[Customer](ctx, s.c, http.MethodPost, pathCustomers, params, opts)
}

// Update changes a customer and returns it.
//
// API: PATCH /v1/customers/{id}
func (s *CustomersService) Update(ctx context.Context, id string, params *CustomerUpdateParams, opts ...RequestOption) (*Customer, error) {
	return callObject[Customer](ctx, s.c, http.MethodPatch, pathCustomers, id, params, opts)
}
