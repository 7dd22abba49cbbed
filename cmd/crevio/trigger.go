package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/creviolabs/crevio-go"
)

// trigger fires a webhook event against the mock the way it happens in a
// shop: for order.paid it creates a checkout and completes it through the
// mock's control plane, so the fake sends checkout.created, order.created
// and order.paid, each signed and delivered to every subscribed endpoint
// and recorded in /v1/webhook_events. It prints the events recorded, as
// NDJSON, on standard output.

type triggerOpts struct {
	object string
}

// triggerTypes are the event types trigger knows a chain for (completion
// offers them); any other type the mock sends goes through its
// POST /v1/test_helpers/trigger.
var triggerTypes = []string{
	string(crevio.WebhookEventTypeOrderPaid),
	string(crevio.WebhookEventTypeOrderCreated),
	string(crevio.WebhookEventTypeCheckoutCreated),
	string(crevio.WebhookEventTypeInvoiceCreated),
	string(crevio.WebhookEventTypeInvoicePaid),
	string(crevio.WebhookEventTypeInvoiceVoided),
	string(crevio.WebhookEventTypeInvoicePastDue),
	string(crevio.WebhookEventTypeProductCreated),
	string(crevio.WebhookEventTypeProductUpdated),
	string(crevio.WebhookEventTypeLeadCreated),
	string(crevio.WebhookEventTypeCustomerConfirmed),
	string(crevio.WebhookEventTypeFormSubmissionCreated),
}

func (a *app) triggerFlags(o *triggerOpts) *flagSet {
	var fs flagSet
	fs.add(&flagDef{name: "object", arg: "id", usage: "send the event about this existing object (through POST /v1/test_helpers/trigger) instead of creating a new chain", set: stringFlag(&o.object)})
	a.addGlobals(&fs)
	return &fs
}

const triggerHelp = `Fire a realistic webhook event chain against the mock.

Usage:
  crevio trigger EVENT [--object ID]

trigger makes the change behind EVENT happen on the mock (--mock, or
--base-url of a running creviomock), through the API and the mock's control
plane (/v1/test_helpers): order.paid creates a checkout for a product's
price variant and completes it, so the fake sends checkout.created,
order.created and order.paid; invoice.paid creates an invoice and pays it
through a checkout; customer.confirmed creates a lead and confirms it; and
so on for every type the fake sends. The fake signs and delivers each event
to every subscribed webhook endpoint (such as the one 'crevio listen'
registers) and records it in /v1/webhook_events. trigger prints the events
recorded, one JSON object a line, and the steps on standard error. With
--object, the event is sent about that object as it is now, with nothing
changed.

With the embedded --mock, which lives as long as the command, trigger
subscribes an endpoint of its own for the duration, so the events are
recorded and printed, and waits for every delivery before it exits.

Events: ` + "order.paid, order.created, checkout.created, invoice.created, invoice.paid,\n" +
	"invoice.voided, invoice.past_due, product.created, product.updated, lead.created,\n" +
	"customer.confirmed, form_submission.created.\n\nFlags:\n"

func (a *app) trigger(ctx context.Context, argv []string) error {
	o := &triggerOpts{}
	fs := a.triggerFlags(o)
	hint := "crevio trigger"
	pos, _, err := fs.parse(argv, hint, false)
	if err != nil {
		return err
	}
	if a.g.help {
		fmt.Fprint(a.stdout, triggerHelp)
		printFlags(a.stdout, fs.ownDefs())
		fmt.Fprint(a.stdout, `
Examples:
  crevio --mock trigger order.paid
  crevio --base-url http://127.0.0.1:12111/v1 trigger order.paid   # a running creviomock
  crevio trigger customer.confirmed --object cus_123

Global flags: see 'crevio --help'.
`)
		return nil
	}
	if len(pos) != 1 {
		return usagef(hint, "trigger wants one argument, the event type (such as order.paid), got %d", len(pos))
	}
	t, err := a.connect()
	if err != nil {
		return err
	}
	err = a.runTrigger(ctx, t, pos[0], o.object)
	if cerr := t.close(); err == nil && cerr != nil {
		err = cerr
	}
	return err
}

// runTrigger checks that t is the mock, fires the event's chain and prints
// the events recorded.
func (a *app) runTrigger(ctx context.Context, t *target, typ, object string) error {
	mock, err := a.isMock(ctx, t)
	if err != nil {
		return err
	}
	if !mock {
		return usagef("crevio trigger", "%v", errNotMock)
	}
	if t.mock != nil {
		// The embedded fake records events only for subscribed endpoints:
		// subscribe one for the command, delivering to a sink.
		_, cleanup, err := a.registerEndpoint(ctx, t, "crevio trigger (temporary)")
		if err != nil {
			return err
		}
		defer cleanup()
	}
	mark, err := newestEvent(ctx, t.client)
	if err != nil {
		return err
	}
	tr := &triggerRun{ctx: ctx, c: t.client, log: func(format string, args ...any) {
		fmt.Fprintf(a.stderr, "crevio: "+format+"\n", args...)
	}}
	if object != "" {
		err = tr.fire(typ, object)
	} else {
		err = tr.chain(typ)
	}
	if err != nil {
		return err
	}
	if t.mock != nil {
		// Deliver before the fake goes away with the command.
		if err := t.client.Do(ctx, http.MethodPost, "/test_helpers/deliveries/wait", url.Values{"timeout": {"10s"}}, nil); err != nil {
			return err
		}
	}
	events, err := eventsSince(ctx, t.client, mark)
	if err != nil {
		return err
	}
	types := make([]string, len(events))
	for i, ev := range events {
		if err := writeLine(a.stdout, ev.RawJSON()); err != nil {
			return err
		}
		types[i] = string(ev.Type)
	}
	if len(events) == 0 {
		a.stderrf("crevio: the mock recorded no event: no webhook endpoint is subscribed to %s.\n"+
			"  Run 'crevio listen --forward-to URL' (it subscribes one), or: crevio webhook-endpoints create --url URL --events '*'\n", typ)
		return nil
	}
	a.stderrf("crevio: %d events recorded: %s\n", len(events), strings.Join(types, ", "))
	return nil
}

func (a *app) stderrf(format string, args ...any) { fmt.Fprintf(a.stderr, format, args...) }

// newestEvent returns the id of the newest webhook event, or "".
func newestEvent(ctx context.Context, c *crevio.Client) (string, error) {
	page, err := c.WebhookEvents.List(ctx, &crevio.WebhookEventListParams{Limit: crevio.Ptr(1)})
	if err != nil {
		return "", err
	}
	if len(page.Data) == 0 {
		return "", nil
	}
	return page.Data[0].ID, nil
}

// eventsSince returns the webhook events newer than the one with id mark
// (every event when mark is ""), oldest first.
func eventsSince(ctx context.Context, c *crevio.Client, mark string) ([]*crevio.WebhookEvent, error) {
	var out []*crevio.WebhookEvent
	for ev, err := range c.WebhookEvents.All(ctx, &crevio.WebhookEventListParams{Limit: crevio.Ptr(100)}) {
		if err != nil {
			return nil, err
		}
		if ev.ID == mark || len(out) >= maxScan {
			break
		}
		out = append(out, ev)
	}
	slices.Reverse(out)
	return out, nil
}

// triggerRun is one trigger's chain of calls.
type triggerRun struct {
	ctx context.Context
	c   *crevio.Client
	log func(format string, args ...any)
}

// chain makes the change behind an event of type typ happen.
func (tr *triggerRun) chain(typ string) error {
	switch crevio.WebhookEventType(typ) {
	case crevio.WebhookEventTypeCheckoutCreated:
		_, err := tr.checkout(nil)
		return err
	case crevio.WebhookEventTypeOrderCreated, crevio.WebhookEventTypeOrderPaid:
		co, err := tr.checkout(nil)
		if err != nil {
			return err
		}
		return tr.complete(co.ID)
	case crevio.WebhookEventTypeInvoiceCreated:
		_, err := tr.invoice()
		return err
	case crevio.WebhookEventTypeInvoicePaid:
		inv, err := tr.invoice()
		if err != nil {
			return err
		}
		co, err := tr.checkout(&inv.ID)
		if err != nil {
			return err
		}
		return tr.complete(co.ID)
	case crevio.WebhookEventTypeInvoiceVoided:
		inv, err := tr.invoice()
		if err != nil {
			return err
		}
		if _, err := tr.c.Invoices.Void(tr.ctx, inv.ID, nil); err != nil {
			return err
		}
		tr.log("voided invoice %s", inv.ID)
		return nil
	case crevio.WebhookEventTypeInvoicePastDue:
		// No API call makes an invoice past due (time does): send the
		// event about a new one.
		inv, err := tr.invoice()
		if err != nil {
			return err
		}
		return tr.fire(typ, inv.ID)
	case crevio.WebhookEventTypeProductCreated:
		_, err := tr.product()
		return err
	case crevio.WebhookEventTypeProductUpdated:
		p, err := tr.product()
		if err != nil {
			return err
		}
		if _, err := tr.c.Products.Update(tr.ctx, p.ID, &crevio.ProductUpdateParams{
			Status: crevio.Ptr(crevio.ProductStatusActive), Description: crevio.NullableValue("Updated by crevio trigger.")}); err != nil {
			return err
		}
		tr.log("updated product %s (status active)", p.ID)
		return nil
	case crevio.WebhookEventTypeLeadCreated:
		_, err := tr.customer()
		return err
	case crevio.WebhookEventTypeCustomerConfirmed:
		cus, err := tr.customer()
		if err != nil {
			return err
		}
		if err := tr.c.Do(tr.ctx, http.MethodPost, "/test_helpers/customers/"+cus.ID+"/confirm", nil, nil); err != nil {
			return err
		}
		tr.log("confirmed customer %s (POST /v1/test_helpers/customers/%s/confirm)", cus.ID, cus.ID)
		return nil
	case crevio.WebhookEventTypeFormSubmissionCreated:
		email := uniqueEmail("subscriber")
		cus, err := tr.c.Subscribers.Create(tr.ctx, &crevio.SubscriberCreateParams{Email: email, Name: crevio.Ptr("Trigger Subscriber")})
		if err != nil {
			return err
		}
		tr.log("subscribed %s to the newsletter: customer %s", email, cus.ID)
		return nil
	}
	return tr.fire(typ, "")
}

// fire sends an event about an object (the newest of its kind when object
// is "") through POST /v1/test_helpers/trigger.
func (tr *triggerRun) fire(typ, object string) error {
	body := map[string]any{"type": typ}
	if object != "" {
		body["object"] = object
	}
	if err := tr.c.Do(tr.ctx, http.MethodPost, "/test_helpers/trigger", body, nil); err != nil {
		return err
	}
	about := object
	if about == "" {
		about = "the newest object of its kind"
	}
	tr.log("sent %s about %s (POST /v1/test_helpers/trigger)", typ, about)
	return nil
}

// priceVariant returns a price variant to sell: one of an active product,
// or of a product created for the purpose.
func (tr *triggerRun) priceVariant() (string, error) {
	for p, err := range tr.c.Products.All(tr.ctx, &crevio.ProductListParams{
		Status: crevio.Ptr(crevio.ProductStatusActive), Limit: crevio.Ptr(100)}) {
		if err != nil {
			return "", err
		}
		for _, pv := range p.PriceVariants {
			if v, ok := pv.Expanded(); ok && (v.Archived || v.BillingType == crevio.BillingTypeSubscription) {
				continue
			}
			if pv.ID != "" {
				return pv.ID, nil
			}
		}
	}
	p, err := tr.product()
	if err != nil {
		return "", err
	}
	pv, err := tr.c.PriceVariants.Create(tr.ctx, &crevio.PriceVariantCreateParams{
		Product: p.ID, Name: "Standard", Amount: crevio.Ptr[int64](2500), Currency: crevio.Ptr("usd")})
	if err != nil {
		return "", err
	}
	tr.log("created price variant %s (25.00 USD)", pv.ID)
	return pv.ID, nil
}

// product creates a product.
func (tr *triggerRun) product() (*crevio.Product, error) {
	p, err := tr.c.Products.Create(tr.ctx, &crevio.ProductCreateParams{
		Name: "Trigger product " + randomHex(3), Status: crevio.Ptr(crevio.ProductStatusActive)})
	if err != nil {
		return nil, err
	}
	tr.log("created product %s", p.ID)
	return p, nil
}

// checkout creates a checkout: paying invoice when it is not nil, else one
// unit of a price variant.
func (tr *triggerRun) checkout(invoice *string) (*crevio.Checkout, error) {
	params := &crevio.CheckoutCreateParams{Invoice: invoice}
	if invoice == nil {
		pv, err := tr.priceVariant()
		if err != nil {
			return nil, err
		}
		params.LineItems = []crevio.CheckoutLineItem{{PriceVariant: pv, Quantity: 1}}
		params.Email = crevio.Ptr(uniqueEmail("buyer"))
	}
	co, err := tr.c.Checkouts.Create(tr.ctx, params)
	if err != nil {
		return nil, err
	}
	tr.log("created checkout %s", co.ID)
	return co, nil
}

// complete pays a checkout through the control plane.
func (tr *triggerRun) complete(id string) error {
	var order struct {
		ID string `json:"id"`
	}
	if err := tr.c.Do(tr.ctx, http.MethodPost, "/test_helpers/checkouts/"+id+"/complete", nil, &order); err != nil {
		return err
	}
	tr.log("completed checkout %s (POST /v1/test_helpers/checkouts/%s/complete): order %s", id, id, order.ID)
	return nil
}

// customer creates a lead with a new email.
func (tr *triggerRun) customer() (*crevio.Customer, error) {
	cus, err := tr.c.Customers.Create(tr.ctx, &crevio.CustomerCreateParams{
		Email: uniqueEmail("lead"), Name: crevio.Ptr("Trigger Lead"), CustomerType: crevio.Ptr(crevio.CustomerTypeLead)})
	if err != nil {
		return nil, err
	}
	tr.log("created customer %s (%s)", cus.ID, cus.Email)
	return cus, nil
}

// invoice creates an open invoice for a new customer.
func (tr *triggerRun) invoice() (*crevio.Invoice, error) {
	pv, err := tr.priceVariant()
	if err != nil {
		return nil, err
	}
	cus, err := tr.customer()
	if err != nil {
		return nil, err
	}
	inv, err := tr.c.Invoices.Create(tr.ctx, &crevio.InvoiceCreateParams{PriceVariant: pv, Customer: &cus.ID})
	if err != nil {
		return nil, err
	}
	tr.log("created invoice %s", inv.ID)
	return inv, nil
}

// uniqueEmail is a new address at example.com.
func uniqueEmail(who string) string { return who + "+" + randomHex(4) + "@example.com" }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
