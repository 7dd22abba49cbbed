package main

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// shop is a creviotest server with a small shop in it, and the ids the
// commands need.
type shop struct {
	srv          *creviotest.Server
	order        string // a paid order of the course
	orderItem    string
	subscription string // the membership's
	form         string // the account's newsletter form
}

func newShop(t *testing.T) *shop {
	t.Helper()
	srv := creviotest.NewTestServer(t)
	seed := func(resource string, objs ...map[string]any) {
		t.Helper()
		_, err := srv.Seed(resource, objs...)
		require.NoError(t, err)
	}
	seed("products",
		map[string]any{"id": "prod_course", "name": "My Course", "slug": "my-course", "status": "active",
			"price_variants": []any{map[string]any{"id": "price_course", "name": "Full", "amount": 4900, "currency": "usd"}}},
		map[string]any{"id": "prod_member", "name": "Membership", "slug": "membership", "status": "active",
			"price_variants": []any{map[string]any{"id": "price_member", "name": "Monthly", "amount": 1500, "currency": "usd",
				"billing_type": "subscription", "recurring_interval": "month"}}})
	seed("customers", map[string]any{"id": "cus_ada", "email": "ada@example.com", "name": "Ada Lovelace", "customer_type": "paid"})
	seed("users", map[string]any{"id": "usr_ada", "email": "ada@example.com", "first_name": "Ada",
		"access_grants": []any{map[string]any{"resource_id": "prod_course", "access_level": "customer", "expires_at": nil}}})
	allWeek := map[string]any{"time_zone": "UTC", "start": "00:00", "end": "24:00",
		"days": []any{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}}
	seed("event_types", map[string]any{"id": "etype_call", "name": "Intro call", "location_type": "zoom", "availability": allWeek})

	ctx := context.Background()
	c := srv.Client()
	s := &shop{srv: srv}
	for _, pv := range []string{"price_course", "price_member"} {
		co, err := c.Checkouts.Create(ctx, &crevio.CheckoutCreateParams{
			LineItems: []crevio.CheckoutLineItem{{PriceVariant: pv, Quantity: 1}}, Customer: crevio.Ptr("cus_ada")})
		require.NoError(t, err)
		id, err := srv.CompleteCheckout(co.ID)
		require.NoError(t, err)
		if pv == "price_course" {
			s.order = id
		}
	}
	o, err := c.Orders.Get(ctx, s.order, nil)
	require.NoError(t, err)
	require.NotEmpty(t, o.LineItems)
	s.orderItem = o.LineItems[0].ID
	subs, err := c.Subscriptions.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, subs.Data, 1)
	s.subscription = subs.Data[0].ID
	forms, err := c.Forms.List(ctx, nil)
	require.NoError(t, err)
	for _, f := range forms.Data {
		if f.Purpose == crevio.FormPurposeNewsletter {
			s.form = f.ID
		}
	}
	require.NotEmpty(t, s.form)
	return s
}

// TestEveryResource runs a command of every resource of the SDK (every
// service of crevio.Client) through the binary, with flags from the
// params types, and checks the answer.
func TestEveryResource(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	upload := filepath.Join(t.TempDir(), "notes.txt")
	require.NoError(t, os.WriteFile(upload, []byte("hello from the CLI"), 0o600))
	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format("2006-01-02")

	type tc struct {
		args  []string
		check func(t *testing.T, m map[string]any)
	}
	isObject := func(obj string) func(*testing.T, map[string]any) {
		return func(t *testing.T, m map[string]any) { assert.Equal(t, obj, m["object"]) }
	}
	isList := func(min int) func(*testing.T, map[string]any) {
		return func(t *testing.T, m map[string]any) {
			assert.Equal(t, "list", m["object"])
			assert.GreaterOrEqual(t, len(m["data"].([]any)), min)
		}
	}
	cases := map[string][]tc{
		"account":         {{[]string{"account", "get"}, isObject("account")}},
		"api-keys":        {{[]string{"api-keys", "create", "--name", "ci"}, func(t *testing.T, m map[string]any) { assert.Equal(t, "ci", m["name"]) }}},
		"blog-categories": {{[]string{"blog-categories", "list"}, isList(0)}},
		"blog-posts":      {{[]string{"blog-posts", "list", "--limit", "5"}, isList(0)}},
		"bookings": {{[]string{"bookings", "create", "--event-type-id", "etype_call", "--start-time", tomorrow + "T10:00:00Z",
			"--time-zone", "UTC", "-d", "attendee.name=Ada", "-d", "attendee.email=ada@example.com"},
			func(t *testing.T, m map[string]any) {
				assert.Equal(t, "booking", m["object"])
				assert.Equal(t, tomorrow+"T10:00:00Z", m["start_time"])
			}}},
		"checkout-links": {{[]string{"checkout-links", "create", "--name", "Launch", "--price-variants", "price_course"},
			func(t *testing.T, m map[string]any) { assert.Equal(t, []any{"price_course"}, m["price_variants"]) }}},
		"checkouts": {{[]string{"checkouts", "create", "--line-items", `[{"price_variant":"price_course","quantity":2}]`, "--email", "bob@example.com"},
			func(t *testing.T, m map[string]any) {
				assert.Equal(t, "open", m["status"])
				assert.EqualValues(t, 9800, m["total"])
			}}},
		"customers": {{[]string{"customers", "list", "--query", "ada@example.com"}, func(t *testing.T, m map[string]any) {
			require.Len(t, m["data"], 1)
			assert.Equal(t, "cus_ada", m["data"].([]any)[0].(map[string]any)["id"])
		}}},
		"discounts": {{[]string{"discounts", "create", "--code", "SAVE10", "--discount-type", "percent_off", "--percent-off", "10"},
			func(t *testing.T, m map[string]any) { assert.Equal(t, "SAVE10", m["code"]) }}},
		"emails": {{[]string{"emails", "send", "--customer", "cus_ada", "--subject", "Welcome", "--body", "Hi Ada"}, isObject("email")}},
		"event-types": {{[]string{"event-types", "slots", "etype_call", "--from", tomorrow, "--to", tomorrow, "--timezone", "UTC"},
			func(t *testing.T, m map[string]any) { assert.NotEmpty(t, m["data"]) }}},
		"experiences": {{[]string{"experiences", "list"}, isList(0)}},
		"files": {{[]string{"files", "upload", "--file", upload}, func(t *testing.T, m map[string]any) {
			assert.Equal(t, "file", m["object"])
			assert.Equal(t, "notes.txt", m["filename"])
		}}},
		"form-submissions": {{[]string{"form-submissions", "create", "--form-id", s.form, "--email", "grace@example.com"}, isObject("form_submission")}},
		"forms":            {{[]string{"forms", "list"}, isList(1)}},
		"invoices": {{[]string{"invoices", "create", "--price-variant", "price_course", "--customer", "cus_ada"},
			func(t *testing.T, m map[string]any) {
				assert.Equal(t, "open", m["status"])
				assert.EqualValues(t, 4900, m["amount"])
			}}},
		"legal-pages": {{[]string{"legal-pages", "list"}, isList(0)}},
		"me":          {{[]string{"me", "get"}, isObject("user")}},
		"order-items": {{[]string{"order-items", "get", s.orderItem}, isObject("order_item")}},
		"orders": {{[]string{"orders", "list", "--status", "paid", "--expand", "customer"}, func(t *testing.T, m map[string]any) {
			require.NotEmpty(t, m["data"])
			assert.Equal(t, "ada@example.com", m["data"].([]any)[0].(map[string]any)["customer"].(map[string]any)["email"])
		}}},
		"price-variants": {{[]string{"price-variants", "create", "--product", "prod_course", "--name", "Deluxe", "--amount", "9900", "--currency", "usd"},
			func(t *testing.T, m map[string]any) { assert.EqualValues(t, 9900, m["amount"]) }}},
		"products": {
			{[]string{"products", "list", "--status", "active", "--limit", "50"}, isList(2)},
			{[]string{"products", "get", "my-course", "--expand", "reviews"}, func(t *testing.T, m map[string]any) {
				assert.Equal(t, "prod_course", m["id"])
				assert.Contains(t, m, "reviews")
			}},
			{[]string{"products", "update", "my-course", "-d", "description=Learn Go", "--name", "The Course"}, func(t *testing.T, m map[string]any) {
				assert.Equal(t, "Learn Go", m["description"])
				assert.Equal(t, "The Course", m["name"])
			}},
		},
		"refunds": {{[]string{"refunds", "create", "--order", s.order, "--amount", "500"}, func(t *testing.T, m map[string]any) {
			assert.Equal(t, "refund", m["object"])
			assert.EqualValues(t, 500, m["amount"])
		}}},
		"reviews": {{[]string{"reviews", "create", "--product", "prod_course", "--rating", "5", "-d", "body=Great"},
			func(t *testing.T, m map[string]any) { assert.EqualValues(t, 5, m["rating"]) }}},
		"sites":       {{[]string{"sites", "list"}, isList(0)}},
		"subscribers": {{[]string{"subscribers", "create", "--email", "lin@example.com"}, isObject("customer")}},
		"subscriptions": {{[]string{"subscriptions", "cancel", s.subscription}, func(t *testing.T, m map[string]any) {
			assert.Equal(t, s.subscription, m["id"])
			assert.Equal(t, true, m["canceled"])
		}}},
		"task-runs": {{[]string{"task-runs", "list"}, isList(0)}},
		"users": {{[]string{"users", "check-access", "usr_ada", "--resource-id", "prod_course"},
			func(t *testing.T, m map[string]any) { assert.Equal(t, true, m["has_access"]) }}},
		"webhook-endpoints": {{[]string{"webhook-endpoints", "create", "--url", "https://example.com/hooks", "--events", "order.paid,invoice.paid"},
			func(t *testing.T, m map[string]any) {
				assert.Equal(t, []any{"order.paid", "invoice.paid"}, m["events"])
			}}},
		"webhook-events": {{[]string{"webhook-events", "list", "--type", "order.paid"}, isList(0)}},
		"x402":           {{[]string{"x402", "get"}, isObject("x402_configuration")}},
	}

	var names []string
	for _, r := range buildTree() {
		names = append(names, r.name)
	}
	var covered []string
	for name := range cases {
		covered = append(covered, name)
	}
	slices.Sort(names)
	slices.Sort(covered)
	require.Equal(t, names, covered, "every resource of the SDK needs a case here")

	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			for _, c := range cases[name] {
				res := mustCLI(t, s.srv, c.args...)
				assert.Empty(t, res.stderr)
				assert.Len(t, res.lines(), 1, "compact JSON when stdout is not a terminal")
				c.check(t, res.object(t))
			}
		})
	}
}

// TestExtraData sends fields the SDK does not model with -d and checks
// they reach the API: in a body (as JSON values) and in a query.
func TestExtraData(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	mustCLI(t, s.srv, "products", "create", "--name", "Guide", "-d", "tax_code=txcd_10000000", "-d", "seo.title=Guide",
		"-d", "featured:=true", "--idempotency-key", "create-guide-1")
	reqs := s.srv.Requests()
	last := reqs[len(reqs)-1]
	var body map[string]any
	require.NoError(t, json.Unmarshal(last.Body, &body))
	assert.Equal(t, "txcd_10000000", body["tax_code"])
	assert.Equal(t, map[string]any{"title": "Guide"}, body["seo"])
	assert.Equal(t, true, body["featured"])
	assert.Equal(t, "create-guide-1", last.Header.Get("Idempotency-Key"))

	mustCLI(t, s.srv, "products", "list", "-d", "sort=name", "-d", "limit=1")
	reqs = s.srv.Requests()
	last = reqs[len(reqs)-1]
	assert.Equal(t, "name", query(last).Get("sort"))
	assert.Equal(t, "1", query(last).Get("limit"), "-d of a modeled field sets it")

	res := mustCLI(t, s.srv, "products", "update", "my-course", "-d", "description=Short")
	assert.Equal(t, "Short", res.object(t)["description"])
	res = mustCLI(t, s.srv, "products", "update", "my-course", "-d", "description:=null")
	assert.Nil(t, res.object(t)["description"], "-d key:=null clears a nullable field")

	res = cli(t, s.srv, "products", "list", "--limit", "many")
	assert.Equal(t, exitUsage, res.code, "%v", res)
	assert.Contains(t, res.stderr, "--limit: want an integer")
}

// TestOutputFormat checks --pretty (the terminal's default) and the
// compact default of a pipe.
func TestOutputFormat(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	compact := mustCLI(t, s.srv, "products", "get", "my-course")
	pretty := mustCLI(t, s.srv, "products", "get", "my-course", "--pretty")
	assert.Len(t, compact.lines(), 1)
	assert.Greater(t, len(pretty.lines()), 10)
	assert.True(t, strings.HasPrefix(pretty.stdout, "{\n  \""), pretty.stdout[:20])
	assert.JSONEq(t, compact.stdout, pretty.stdout)
}

// TestAll streams every page as NDJSON, with progress lines on stderr.
func TestAll(t *testing.T) {
	t.Parallel()
	srv := creviotest.NewTestServer(t)
	for i := range 7 {
		_, err := srv.Seed("products", map[string]any{"name": "P" + string(rune('a'+i)), "status": "active"})
		require.NoError(t, err)
	}
	res := mustCLI(t, srv, "products", "list", "--all", "--limit", "3", "--status", "active")
	lines := res.lines()
	require.Len(t, lines, 7)
	seen := map[string]bool{}
	for _, l := range lines {
		var p map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &p))
		assert.Equal(t, "product", p["object"])
		seen[p["id"].(string)] = true
	}
	assert.Len(t, seen, 7)
	assert.Equal(t, "crevio: 3 products…\ncrevio: 6 products…\ncrevio: 7 products in all\n", res.stderr)
	pages := 0
	for _, r := range srv.Requests() {
		if r.Path == "/v1/products" {
			pages++
			assert.Equal(t, "active", query(r).Get("status"))
		}
	}
	assert.Equal(t, 3, pages)

	res = cli(t, srv, "products", "get", "x", "--all")
	assert.Equal(t, exitUsage, res.code, "--all is a list's flag: %v", res)
}

// TestHelp checks that every command has --help with an example, and the
// help topics.
func TestHelp(t *testing.T) {
	t.Parallel()
	env := cleanEnv("CREVIO_API_KEY=sk_test_do_not_print_me")
	var commands [][]string
	for _, r := range buildTree() {
		commands = append(commands, []string{r.name})
		for _, op := range r.ops {
			commands = append(commands, []string{r.name, op.name})
		}
	}
	for _, s := range special {
		commands = append(commands, []string{s.name})
	}
	for _, words := range commands {
		res := execCLI(t, env, "", append(words, "--help")...)
		require.Equal(t, 0, res.code, "%v: %v", words, res)
		assert.NotContains(t, res.stdout, "do_not_print_me")
		if words[0] != "help" {
			assert.Contains(t, res.stdout, "crevio "+words[0], "%v: an example", words)
			assert.Regexp(t, `(?m)^(Examples:|  bash:)`, res.stdout, "%v", words)
		}
	}
	res := execCLI(t, env, "", "--help")
	assert.Equal(t, 0, res.code)
	for _, r := range buildTree() {
		assert.Contains(t, res.stdout, "  "+r.name+" ")
	}
	res = execCLI(t, env, "", "help", "exit-codes")
	assert.Equal(t, 0, res.code)
	for _, c := range exitCodes {
		assert.Regexp(t, `(?m)^ +`+strconv.Itoa(c.code)+`  `+c.name, res.stdout)
	}
	res = execCLI(t, env, "", "prodcts", "list")
	assert.Equal(t, exitUsage, res.code)
	assert.Contains(t, res.stderr, `did you mean "products"`)
	res = execCLI(t, env, "", "help", "products", "get")
	assert.Equal(t, 0, res.code)
	assert.Contains(t, res.stdout, "--expand")
}

// query parses the query of a request the fake received.
func query(r creviotest.Request) url.Values {
	q, _ := url.ParseQuery(r.RawQuery)
	return q
}

// TestExamplesUseRealFlags checks that every example in the help names
// flags its command has.
func TestExamplesUseRealFlags(t *testing.T) {
	t.Parallel()
	a := &app{tree: buildTree()}
	for _, r := range a.tree {
		for _, op := range r.ops {
			args := &opArgs{data: newData(), flagged: map[string][]byte{}}
			fs := a.opFlags(op, args)
			for _, ex := range opExamples(op) {
				words := strings.Fields(ex[strings.Index(ex, "crevio "):])
				require.GreaterOrEqual(t, len(words), 3, ex)
				assert.Equal(t, []string{"crevio", r.name, op.name}, words[:3], ex)
				for _, w := range words[3:] {
					if w == ">" || w == "|" {
						break
					}
					if strings.HasPrefix(w, "-") && w != "-" {
						name, _, _ := strings.Cut(strings.TrimLeft(w, "-"), "=")
						assert.NotNil(t, fs.lookup(name), "%s: no flag %s", ex, w)
					}
				}
			}
		}
	}
}
