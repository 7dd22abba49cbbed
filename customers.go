package crevio

import (
	"context"
	"iter"
	"net/http"
)

// CustomersService is the customers API: the people who bought from, signed
// up with or were invoiced by the account. Customers are unique by email.
type CustomersService service

// Customer is a customer. Customer types are managed by the API: lead (email
// only) → free (registered) → paid (at least one paid order).
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

	CreatedAt Time `json:"created_at"`
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

// CustomerType is a customer's stage. A webhook example shows "customer", a
// value this version does not know.
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

// CustomerListParams filters and pages a customer list.
type CustomerListParams struct {
	// CustomerType keeps only customers of this type.
	CustomerType *CustomerType `url:"customer_type"`
	// Query keeps only customers whose email or name matches this search.
	Query *string `url:"query"`

	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

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

	Extra map[string]any `json:"-"`
}

func (p *CustomerCreateParams) validate() error {
	if p.Email == "" {
		return errRequired("Email")
	}
	return nil
}

// CustomerUpdateParams are the fields to change on a customer.
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

	Extra map[string]any `json:"-"`
}

// List returns one page of customers, newest first.
//
// API: GET /v1/customers
func (s *CustomersService) List(ctx context.Context, params *CustomerListParams, opts ...RequestOption) (*Page[Customer], error) {
	return callPath[Page[Customer]](ctx, s.c, http.MethodGet, pathCustomers, params, opts)
}

// All iterates over every customer matching params.
//
// API: GET /v1/customers (repeated with starting_after)
func (s *CustomersService) All(ctx context.Context, params *CustomerListParams, opts ...RequestOption) iter.Seq2[*Customer, error] {
	return all(ctx, params, s.List, opts)
}

// CustomerGetParams are the params of [CustomersService.Get]. The API
// documents none; nil is the usual value.
type CustomerGetParams struct {
	Extra map[string]any
}

// Get returns a customer by id.
//
// API: GET /v1/customers/{id}
func (s *CustomersService) Get(ctx context.Context, id string, params *CustomerGetParams, opts ...RequestOption) (*Customer, error) {
	return callObject[Customer](ctx, s.c, http.MethodGet, pathCustomers, id, params, opts)
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
