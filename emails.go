package crevio

import (
	"context"
	"net/http"
)

// EmailsService is the transactional emails API.
type EmailsService service

// Email is a transactional email the API accepted for sending.
//
// No schema of this object was published: the fields below are inferred
// and decoded tolerantly.
type Email struct {
	// ID is the email's id.
	ID string `json:"id"`
	// Object is "email".
	Object string `json:"object"`
	// To is the recipient's email address.
	To string `json:"to"`
	// Customer is the customer the email was sent to, when it was sent to
	// one: an id, or the customer object when the API embeds it.
	Customer Expandable[Customer] `json:"customer"`
	// Subject is the email's subject line.
	Subject string `json:"subject"`
	// Status is the email's delivery status.
	Status EmailStatus `json:"status"`
	// CreatedAt is when the email was accepted.
	CreatedAt Time `json:"created_at"`

	objectMeta
}

func (e *Email) objectID() string { return e.ID }

// EmailStatus is the delivery status of an email.
type EmailStatus string

// Known email statuses (inferred).
const (
	EmailStatusQueued EmailStatus = "queued"
	EmailStatusSent   EmailStatus = "sent"
	EmailStatusFailed EmailStatus = "failed"
)

// IsKnown reports whether s is one of the statuses this version knows.
func (s EmailStatus) IsKnown() bool {
	return oneOf(s, EmailStatusQueued, EmailStatusSent, EmailStatusFailed)
}

// EmailSendParams are the fields of a transactional email. The body schema
// of this endpoint was not published: the names below are the reference's
// best inference, and Extra reaches any other.
type EmailSendParams struct {
	// Customer is the id of the customer to write to. Give it or To.
	Customer *string `json:"customer,omitempty"`
	// To is the recipient's email address. Give it or Customer.
	To *string `json:"to,omitempty"`
	// Subject is the subject line.
	Subject string `json:"subject"`
	// Body is the message's content.
	Body *string `json:"body,omitempty"`
	// HTML is the message's content as HTML.
	HTML *string `json:"html,omitempty"`
	// ReplyTo is the address replies go to.
	ReplyTo *string `json:"reply_to,omitempty"`

	Extra map[string]any `json:"-"`
}

// Send sends a transactional email to a customer. When the API answers
// 202 Accepted with no body, Send returns an empty Email and no error.
//
// API: POST /v1/emails
func (s *EmailsService) Send(ctx context.Context, params *EmailSendParams, opts ...RequestOption) (*Email, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[Email](ctx, s.c, http.MethodPost, pathEmails, params, opts)
}

// emptyBodyOK lets Send accept a 202 Accepted without a body (a queued email).
func (*Email) emptyBodyOK() {}
