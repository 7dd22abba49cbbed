// Command storefront runs what a storefront's Go backend does with the
// crevio-go SDK when a visitor signs up for the newsletter, sends the
// contact form and books a call: it reads the store's account, subscribes
// an email address, fills in the primary contact form by its field types,
// lists the free slots of the store's event types in the visitor's time
// zone and books one, shows that the same slot cannot be booked twice, and
// books a paid session, which answers with a checkout to pay.
//
//	go run ./examples/storefront
//
// Without CREVIO_API_KEY it runs against the embedded fake from the
// creviotest package, seeded with a store, a free intro call and a paid
// coaching session, and says so on its first line.
//
// With CREVIO_API_KEY set it talks to the real Crevio API (or to
// CREVIO_BASE_URL when that is set too, such as a creviomock server), and
// uses the account's own forms and event types. It writes what a visitor
// would: a newsletter signup, a contact message and bookings, so point it
// at a test account.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/creviolabs/crevio-go/examples/internal/exampleenv"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "storefront:", err)
		stop()
		os.Exit(1)
	}
}

// The visitor.
const (
	visitorName     = "Ada Lovelace"
	visitorEmail    = "ada@example.com"
	visitorTimezone = "Europe/Berlin"
	searchDays      = 14 // how far ahead to look for a free slot
)

func run(ctx context.Context, stdout io.Writer) error {
	env, err := exampleenv.New(stdout, func(srv *creviotest.Server) error {
		return srv.SeedJSON([]byte(demoStore))
	})
	if err != nil {
		return err
	}
	defer env.Close()
	c := env.Client

	account, err := c.Account.Get(ctx, nil)
	if err != nil {
		return fmt.Errorf("get account: %w", err)
	}
	fmt.Fprintf(stdout, "Store: %s (prices in %s)\n", account.Name, strings.ToUpper(account.DisplayCurrency))

	// 1. Newsletter signup: the API files it under the primary newsletter
	// form and answers with the customer the email is recorded as.
	sub, err := c.Subscribers.Create(ctx, &crevio.SubscriberCreateParams{Email: visitorEmail, Name: crevio.Ptr(visitorName)})
	if err != nil {
		return fmt.Errorf("subscribe: %w", err)
	}
	state := "confirmed"
	if sub.ConfirmedAt.IsZero() {
		state = "waiting for the email confirmation"
	}
	fmt.Fprintf(stdout, "Newsletter: subscribed %s as customer %s, %s\n", sub.Email, sub.ID, state)

	// 2. Contact form: find the primary contact form and answer its fields
	// by their types, as the official storefront template does.
	if err := sendContactMessage(ctx, c, stdout); err != nil {
		return err
	}

	// 3. Bookings: every event type of the store, free ones first.
	loc, err := time.LoadLocation(visitorTimezone)
	if err != nil {
		return err
	}
	var free, paid []*crevio.EventType
	for et, err := range c.EventTypes.All(ctx, &crevio.EventTypeListParams{Limit: crevio.Ptr(100)}) {
		if err != nil {
			return fmt.Errorf("list event types: %w", err)
		}
		if et.Free {
			free = append(free, et)
		} else {
			paid = append(paid, et)
		}
	}
	if len(free)+len(paid) == 0 {
		fmt.Fprintln(stdout, "Bookings: the store has no event types")
		return nil
	}
	if len(free) > 0 {
		if err := bookFree(ctx, c, stdout, free[0], loc); err != nil {
			return err
		}
	}
	if len(paid) > 0 {
		if err := bookPaid(ctx, c, stdout, paid[0], loc); err != nil {
			return err
		}
	}
	return nil
}

// sendContactMessage submits the contact form.
func sendContactMessage(ctx context.Context, c *crevio.Client, stdout io.Writer) error {
	forms, err := c.Forms.List(ctx, &crevio.FormListParams{Purpose: crevio.Ptr(crevio.FormPurposeContact), IsPrimary: crevio.Ptr(true)})
	if err != nil {
		return fmt.Errorf("find the contact form: %w", err)
	}
	if len(forms.Data) == 0 {
		fmt.Fprintln(stdout, "Contact: the store has no contact form")
		return nil
	}
	form := forms.Data[0]
	answers := map[string]crevio.FormAnswer{}
	for _, f := range form.FormFields {
		switch {
		case f.FieldType == crevio.FormFieldTypeEmail:
			answers[f.ID] = crevio.FormAnswer{visitorEmail}
		case f.FieldType == crevio.FormFieldTypeTextarea:
			answers[f.ID] = crevio.FormAnswer{"Do you offer team workshops?"}
		case f.FieldType == crevio.FormFieldTypeText && strings.Contains(strings.ToLower(f.Name), "subject"):
			answers[f.ID] = crevio.FormAnswer{"Team workshops"}
		}
	}
	s, err := c.FormSubmissions.Create(ctx, &crevio.FormSubmissionCreateParams{FormID: form.ID, Email: visitorEmail, Answers: answers})
	if err != nil {
		var apiErr *crevio.Error
		if errors.As(err, &apiErr) && len(apiErr.Errors) > 0 {
			return fmt.Errorf("send the contact form: fields %v: %w", apiErr.Errors, err)
		}
		return fmt.Errorf("send the contact form: %w", err)
	}
	next := "we will reply soon"
	if form.ConfirmationRequired {
		next = "check your inbox to confirm"
	}
	fmt.Fprintf(stdout, "Contact: sent %q form (%d fields) as submission %s, %s\n", form.Name, len(form.FormFields), s.ID, next)
	return nil
}

// firstSlot returns the first free slot of et in the next searchDays days,
// and prints the free times of its day in loc.
func firstSlot(ctx context.Context, c *crevio.Client, stdout io.Writer, et *crevio.EventType, loc *time.Location) (*crevio.EventTypeSlot, error) {
	today := time.Now().In(loc)
	slots, err := c.EventTypes.Slots(ctx, et.ID, &crevio.EventTypeSlotsParams{
		From: today, To: today.AddDate(0, 0, searchDays-1), Timezone: loc.String(),
	})
	if err != nil {
		return nil, fmt.Errorf("slots of %q: %w", et.Name, err)
	}
	if len(slots.Data) == 0 {
		fmt.Fprintf(stdout, "  No free slot in the next %d days\n", searchDays)
		return nil, nil
	}
	first := slots.Data[0]
	day := first.StartTime.In(loc).Format("Mon 2 Jan")
	var times []string
	for _, s := range slots.Data {
		if s.StartTime.In(loc).Format("Mon 2 Jan") == day && len(times) < 4 {
			times = append(times, s.StartTime.In(loc).Format("15:04"))
		}
	}
	fmt.Fprintf(stdout, "  Free on %s (%s): %s ...\n", day, loc, strings.Join(times, ", "))
	return &first, nil
}

// bookFree books the first free slot of a free event type, then tries the
// same slot again.
func bookFree(ctx context.Context, c *crevio.Client, stdout io.Writer, et *crevio.EventType, loc *time.Location) error {
	fmt.Fprintf(stdout, "Booking %q (%d min, free):\n", et.Name, et.DurationMinutes)
	slot, err := firstSlot(ctx, c, stdout, et, loc)
	if err != nil || slot == nil {
		return err
	}
	params := &crevio.BookingCreateParams{
		EventTypeID: et.ID, StartTime: slot.StartTime.Time, TimeZone: loc.String(),
		Attendee: crevio.BookingAttendee{Name: crevio.Ptr(visitorName), Email: visitorEmail},
	}
	b, err := c.Bookings.Create(ctx, params)
	if err != nil {
		return fmt.Errorf("book %q: %w", et.Name, err)
	}
	fmt.Fprintf(stdout, "  Booked %s: %s", b.StartTime.In(loc).Format("Mon 2 Jan 15:04 MST"), b.Status)
	if b.MeetURL != nil {
		fmt.Fprintf(stdout, ", join at %s", *b.MeetURL)
	}
	fmt.Fprintln(stdout)

	// A second visitor who picked the same time loses the race.
	params.Attendee = crevio.BookingAttendee{Email: "grace@example.com"}
	_, err = c.Bookings.Create(ctx, params)
	var apiErr *crevio.Error
	switch {
	case err == nil:
		return fmt.Errorf("book %q: the same slot was booked twice", et.Name)
	case !errors.As(err, &apiErr) || !(errors.Is(err, crevio.ErrConflict) || errors.Is(err, crevio.ErrValidation)):
		return fmt.Errorf("book %q again: %w", et.Name, err)
	}
	reason := apiErr.Message
	if msgs := apiErr.Errors["start_time"]; len(msgs) > 0 {
		reason = "start time " + msgs[0]
	}
	fmt.Fprintf(stdout, "  Same slot again: refused (%d, %s)\n", apiErr.StatusCode, reason)
	return nil
}

// bookPaid books the first free slot of a paid event type at its first
// price: the booking waits for payment at the checkout's purchase URL.
func bookPaid(ctx context.Context, c *crevio.Client, stdout io.Writer, et *crevio.EventType, loc *time.Location) error {
	et, err := c.EventTypes.Get(ctx, et.ID, &crevio.EventTypeGetParams{Expand: []crevio.EventTypeExpand{crevio.EventTypeExpandPriceVariants}})
	if err != nil {
		return fmt.Errorf("get event type: %w", err)
	}
	if len(et.PriceVariants) == 0 {
		fmt.Fprintf(stdout, "Booking %q: it has no price\n", et.Name)
		return nil
	}
	price := et.PriceVariants[0]
	label := price.ID
	if pv, ok := price.Expanded(); ok && pv.Amount != nil && pv.Currency != nil {
		label = fmt.Sprintf("%s, %d.%02d %s", pv.Name, *pv.Amount/100, *pv.Amount%100, strings.ToUpper(*pv.Currency))
	}
	fmt.Fprintf(stdout, "Booking %q (%d min, %s):\n", et.Name, et.DurationMinutes, label)
	slot, err := firstSlot(ctx, c, stdout, et, loc)
	if err != nil || slot == nil {
		return err
	}
	b, err := c.Bookings.Create(ctx, &crevio.BookingCreateParams{
		EventTypeID: et.ID, StartTime: slot.StartTime.Time, TimeZone: loc.String(),
		Attendee:       crevio.BookingAttendee{Name: crevio.Ptr(visitorName), Email: visitorEmail},
		PriceVariantID: crevio.Ptr(price.ID),
	})
	if err != nil {
		return fmt.Errorf("book %q: %w", et.Name, err)
	}
	fmt.Fprintf(stdout, "  Booked %s: %s", b.StartTime.In(loc).Format("Mon 2 Jan 15:04 MST"), b.Status)
	if co, ok := b.Checkout.Expanded(); ok && co.PurchaseURL != nil {
		fmt.Fprintf(stdout, ", pay %d.%02d %s at %s", co.Total/100, co.Total%100, strings.ToUpper(co.Currency), *co.PurchaseURL)
	}
	fmt.Fprintln(stdout)
	return nil
}

// demoStore is the fake's store: its account (which comes with its primary
// newsletter and contact forms), a free intro call, and a paid coaching
// session sold through a price variant. availability is the fake's way to
// set an event type's opening hours.
const demoStore = `{
  "account": [{"name": "Ada's Studio", "display_currency": "eur", "support_email": "hello@adas.studio"}],
  "products": [{"id": "prod_coaching", "name": "Coaching", "status": "active",
    "price_variants": [{"id": "price_session", "name": "Single session", "amount": 12000, "currency": "eur"}]}],
  "event_types": [
    {"name": "Intro Call", "duration_minutes": 30, "location_type": "google_meet", "created_at": "2025-01-02T00:00:00Z",
     "availability": {"time_zone": "Europe/Berlin", "days": ["monday", "tuesday", "wednesday", "thursday", "friday"], "start": "09:00", "end": "17:00"}},
    {"name": "1:1 Coaching", "duration_minutes": 60, "location_type": "zoom", "price_variants": ["price_session"], "created_at": "2025-01-01T00:00:00Z",
     "availability": {"time_zone": "Europe/Berlin", "days": ["tuesday", "thursday"], "start": "14:00", "end": "18:00"}}
  ]
}`
