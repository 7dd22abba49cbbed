// Command sale walks one sale end to end with the crevio-go SDK: it creates
// a product and a price for it, opens a checkout for two seats, follows the
// checkout to its order, and refunds one seat.
//
//	go run ./examples/sale
//
// Without CREVIO_API_KEY it runs against the embedded fake from the
// creviotest package, and says so on its first line; the fake stands in for
// the buyer and pays the checkout (creviotest's CompleteCheckout).
//
// With CREVIO_API_KEY set it talks to the real Crevio API (or to
// CREVIO_BASE_URL when that is set too, such as a creviomock server). There
// payment happens in the buyer's browser, at the checkout's purchase URL, so
// the walk stops once the checkout exists: the product, the price variant
// and the open checkout stay in the account, ready to be paid.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/examples/internal/exampleenv"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "sale:", err)
		stop()
		os.Exit(1)
	}
}

// The sale: two seats of a workshop, one of them refunded afterwards.
const (
	seatPrice = 4900 // cents
	seats     = 2
	buyer     = "jane@example.com"
)

func run(ctx context.Context, stdout io.Writer) error {
	env, err := exampleenv.New(stdout, nil)
	if err != nil {
		return err
	}
	defer env.Close()
	c, fake := env.Client, env.Fake

	// 1. A product to sell.
	p, err := c.Products.Create(ctx, &crevio.ProductCreateParams{
		Name:        "Go Workshop",
		Description: crevio.Ptr("A one-day, hands-on Go workshop."),
		Status:      crevio.Ptr(crevio.ProductStatusActive),
	})
	if err != nil {
		return fmt.Errorf("create product: %w", err)
	}
	fmt.Fprintf(stdout, "1. Product %s %q (%s)\n", p.ID, p.Name, p.Status)

	// 2. Its price: a price variant, in cents.
	pv, err := c.PriceVariants.Create(ctx, &crevio.PriceVariantCreateParams{
		Product:     p.ID,
		Name:        "Workshop seat",
		Amount:      crevio.Ptr[int64](seatPrice),
		Currency:    crevio.Ptr("usd"),
		BillingType: crevio.Ptr(crevio.BillingTypeOneTime),
	})
	if err != nil {
		return fmt.Errorf("create price variant: %w", err)
	}
	fmt.Fprintf(stdout, "2. Price variant %s %q at %s\n", pv.ID, pv.Name, variantPrice(pv))

	// 3. A checkout session for two seats. The buyer pays at its purchase
	// URL; the email prefills the payment form.
	co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{
		LineItems: []crevio.CheckoutLineItem{{PriceVariant: pv.ID, Quantity: seats}},
		Email:     crevio.Ptr(buyer),
	})
	if err != nil {
		return fmt.Errorf("create checkout: %w", err)
	}
	fmt.Fprintf(stdout, "3. Checkout %s (%s): %d × %s = %s\n", co.ID, co.Status, seats, pv.Name, money(co.Total, co.Currency))
	if co.PurchaseURL != nil {
		fmt.Fprintf(stdout, "   Pay at %s\n", *co.PurchaseURL)
	}

	if fake == nil {
		fmt.Fprintln(stdout, "Payment happens in the buyer's browser at the purchase URL: the API cannot pay for them, so the walk stops here.")
		fmt.Fprintln(stdout, "Once paid, the checkout's order shows in Orders.List and can be refunded with Refunds.Create.")
		fmt.Fprintln(stdout, "Run without CREVIO_API_KEY to see the rest of the sale on the embedded fake.")
		return nil
	}

	// 4. The buyer pays. On the fake, CompleteCheckout plays the buyer: it
	// creates the customer, the order and its items.
	orderID, err := fake.CompleteCheckout(co.ID)
	if err != nil {
		return fmt.Errorf("complete checkout: %w", err)
	}
	fmt.Fprintln(stdout, "4. The buyer pays (the fake completes the checkout).")
	o, err := c.Orders.Get(ctx, orderID, &crevio.OrderGetParams{
		Expand: []crevio.OrderExpand{crevio.OrderExpandCustomer, crevio.OrderExpandLineItems},
	})
	if err != nil {
		return fmt.Errorf("get order: %w", err)
	}
	fmt.Fprintf(stdout, "   Order %s (%s): %s%s\n", o.ID, o.Status, money(o.Amount, o.Currency), via(o.Processor))
	if cust, ok := o.Customer.Expanded(); ok {
		fmt.Fprintf(stdout, "   Customer %s <%s>\n", cust.ID, cust.Email)
	}
	for _, li := range o.LineItems {
		if item, ok := li.Expanded(); ok {
			amount := ""
			if item.Amount != nil {
				amount = " = " + money(*item.Amount, o.Currency)
			}
			name := item.PriceVariant.ID
			if name == pv.ID {
				name = pv.Name
			}
			fmt.Fprintf(stdout, "   Line item %s: %d × %s%s\n", item.ID, item.Quantity, name, amount)
		}
	}

	// 5. One seat goes unused: refund its price. Leave Amount nil to refund
	// the whole order instead.
	re, err := c.Refunds.Create(ctx, &crevio.RefundCreateParams{
		Order:  o.ID,
		Amount: crevio.Ptr[int64](seatPrice),
		Reason: crevio.Ptr("One seat not used"),
	})
	if err != nil {
		return fmt.Errorf("create refund: %w", err)
	}
	fmt.Fprintf(stdout, "5. Refund %s (%s): %s", re.ID, re.Status, money(re.Amount, re.Currency))
	if re.Reason != nil {
		fmt.Fprintf(stdout, ", %q", *re.Reason)
	}
	fmt.Fprintln(stdout)
	o, err = c.Orders.Get(ctx, o.ID, nil)
	if err != nil {
		return fmt.Errorf("get order: %w", err)
	}
	fmt.Fprintf(stdout, "   Order %s is now %s: %s of %s refunded\n", o.ID, o.Status,
		money(o.AmountRefunded, o.Currency), money(o.Amount, o.Currency))
	return nil
}

// money formats cents as "49.00 USD".
func money(cents int64, currency string) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, cents/100, cents%100, strings.ToUpper(currency))
}

// variantPrice formats a price variant's amount, which is nil for free and
// pay-what-you-want variants.
func variantPrice(pv *crevio.PriceVariant) string {
	if pv.Amount == nil {
		return string(pv.AmountType)
	}
	currency := "usd"
	if pv.Currency != nil {
		currency = *pv.Currency
	}
	return money(*pv.Amount, currency)
}

// via names the payment processor, when the order says.
func via(processor *string) string {
	if processor == nil || *processor == "" {
		return ""
	}
	return " via " + *processor
}
