package creviotest

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/creviolabs/crevio-go"
)

// Seed stores objs in the named resource ("products", "price_variants",
// "reviews", ...) as if they had been created through the API, and returns
// them as the API would (with id, object, timestamps and defaults filled
// in). Objects are copied; objs are not changed.
//
// An object keeps the id, object, created_at and updated_at it has; those it
// lacks are filled in (created_at from the fake's clock). Lists order seeded
// objects by created_at, newest first, then by seeding order. Seeding skips
// the API's field validation, so fixtures can hold any fields, but an id or
// slug already taken, an object value of another resource or a created_at
// that is not RFC 3339 is an error. Objects nested in a product's
// price_variants or reviews are seeded into those resources, linked to the
// product.
//
// Seed stops at the first error; the objects seeded before it stay.
func (f *Fake) Seed(resource string, objs ...map[string]any) ([]map[string]any, error) {
	t := f.st.tables[resource]
	if t == nil {
		return nil, fmt.Errorf("%w %q (have %s)", errUnknownResource, resource, f.resourceNames())
	}
	norm := make([]map[string]any, len(objs))
	for i, o := range objs {
		v, err := normalize(o)
		if err != nil {
			return nil, fmt.Errorf("creviotest: seed %s: %w", resource, err)
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("creviotest: seed %s: object %d is null", resource, i)
		}
		norm[i] = m
	}
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	out := make([]map[string]any, 0, len(norm))
	for _, o := range norm {
		r, err := f.st.seed(t, o)
		if err != nil {
			return out, err
		}
		out = append(out, f.st.render(t, r, nil))
	}
	return out, nil
}

// SeedJSON seeds the fake from a JSON object that maps resource names to
// arrays of objects, such as {"products": [{"name": "Course"}]}. Resources
// are seeded in a fixed order (products before the resources that refer to
// them), whatever the order of the keys. An unknown resource name is an
// error, found before anything is seeded. See [Fake.Seed].
func (f *Fake) SeedJSON(data []byte) error {
	var doc map[string][]map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("creviotest: seed data: %w", err)
	}
	for name := range doc {
		if f.st.tables[name] == nil {
			return fmt.Errorf("creviotest: seed data: %w %q (have %s)", errUnknownResource, name, f.resourceNames())
		}
	}
	for _, d := range f.st.defs {
		if objs, ok := doc[d.name]; ok {
			if _, err := f.Seed(d.name, objs...); err != nil {
				return err
			}
		}
	}
	return nil
}

// SeedFile seeds the fake from a JSON file in the format of [Fake.SeedJSON].
func (f *Fake) SeedFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("creviotest: %w", err)
	}
	return f.SeedJSON(data)
}

// Count returns how many objects the named resource holds (0 for an unknown
// resource).
func (f *Fake) Count(resource string) int {
	t := f.st.tables[resource]
	if t == nil {
		return 0
	}
	f.st.mu.RLock()
	defer f.st.mu.RUnlock()
	return len(t.order)
}

// Get returns a copy of an object of the named resource as GET would answer
// it (unexpanded), found by id or, for resources with slugs, by slug.
func (f *Fake) Get(resource, idOrSlug string) (map[string]any, bool) {
	t := f.st.tables[resource]
	if t == nil {
		return nil, false
	}
	f.st.mu.RLock()
	defer f.st.mu.RUnlock()
	r := t.lookup(idOrSlug)
	if r == nil {
		return nil, false
	}
	return f.st.render(t, r, nil), true
}

// Resources returns the names of the resources the fake serves, sorted.
func (f *Fake) Resources() []string {
	names := make([]string, 0, len(f.st.defs))
	for _, d := range f.st.defs {
		names = append(names, d.name)
	}
	sort.Strings(names)
	return names
}

func (f *Fake) resourceNames() string { return strings.Join(f.Resources(), ", ") }

// Seeder is what [SeedAs] and [MustSeed] seed: a [*Fake] or a [*Server].
type Seeder interface {
	fake() *Fake
}

func (f *Fake) fake() *Fake { return f }

// typedResources maps each SDK object type to the resource holding it.
var typedResources = map[reflect.Type]string{
	reflect.TypeFor[crevio.Product]():           "products",
	reflect.TypeFor[crevio.PriceVariant]():      "price_variants",
	reflect.TypeFor[crevio.Review]():            "reviews",
	reflect.TypeFor[crevio.Discount]():          "discounts",
	reflect.TypeFor[crevio.CheckoutLink]():      "checkout_links",
	reflect.TypeFor[crevio.Customer]():          "customers",
	reflect.TypeFor[crevio.Order]():             "orders",
	reflect.TypeFor[crevio.OrderItem]():         "order_items",
	reflect.TypeFor[crevio.Refund]():            "refunds",
	reflect.TypeFor[crevio.Subscription]():      "subscriptions",
	reflect.TypeFor[crevio.Invoice]():           "invoices",
	reflect.TypeFor[crevio.Checkout]():          "checkouts",
	reflect.TypeFor[crevio.Experience]():        "experiences",
	reflect.TypeFor[crevio.BlogPost]():          "blog_posts",
	reflect.TypeFor[crevio.BlogCategory]():      "blog_categories",
	reflect.TypeFor[crevio.LegalPage]():         "legal_pages",
	reflect.TypeFor[crevio.File]():              "files",
	reflect.TypeFor[crevio.Email]():             "emails",
	reflect.TypeFor[crevio.WebhookEndpoint]():   "webhook_endpoints",
	reflect.TypeFor[crevio.WebhookEvent]():      "webhook_events",
	reflect.TypeFor[crevio.X402Configuration](): "x402_configuration",
	reflect.TypeFor[crevio.Account]():           "account",
	reflect.TypeFor[crevio.User]():              "users",
	reflect.TypeFor[crevio.APIKey]():            "api_keys",
	reflect.TypeFor[crevio.Form]():              "forms",
	reflect.TypeFor[crevio.FormSubmission]():    "form_submissions",
	reflect.TypeFor[crevio.EventType]():         "event_types",
	reflect.TypeFor[crevio.Booking]():           "bookings",
	reflect.TypeFor[crevio.Site]():              "sites",
	reflect.TypeFor[crevio.TaskRun]():           "task_runs",
}

// resourceOf returns the resource holding objects of type T.
func resourceOf[T any]() (string, error) {
	t := reflect.TypeFor[T]()
	if name, ok := typedResources[t]; ok {
		return name, nil
	}
	return "", fmt.Errorf("creviotest: %v is not an object type the fake stores (use crevio.Product, crevio.PriceVariant, ...)", t)
}

// Nested is an object seeded with its parent by [SeedAs]: a price variant
// or a review of a product, say. Make one with [Nest].
type Nested struct {
	resource string
	params   any
	err      error
}

// Nest returns params as an object of type T to seed with its parent in
// [SeedAs] or [MustSeed]: Nest[crevio.PriceVariant](&crevio.PriceVariantCreateParams{...}).
// The parent's id is filled in (a price variant's product, a review's
// product), and the parent is returned with its nested objects expanded.
func Nest[T any](params any) Nested {
	name, err := resourceOf[T]()
	return Nested{resource: name, params: params, err: err}
}

// SeedAs seeds one object of the resource that holds T's (crevio.Product:
// "products", crevio.Customer: "customers", ...) and returns it as the API
// would, decoded into a T. params is what the SDK would send to create it
// (a *crevio.ProductCreateParams, with its Extra fields) or any value that
// encodes to a JSON object, such as a map; nested objects (see [Nest]) are
// seeded with it, linked to it, and come back expanded:
//
//	p, err := creviotest.SeedAs[crevio.Product](srv,
//		&crevio.ProductCreateParams{Name: "Course", Status: crevio.Ptr(crevio.ProductStatusActive)},
//		creviotest.Nest[crevio.PriceVariant](&crevio.PriceVariantCreateParams{Amount: crevio.Ptr[int64](4900)}))
//	// p.PriceVariants[0].Object is the seeded *crevio.PriceVariant
//
// As with [Fake.Seed], seeding skips the API's validation and sends the
// webhook events of the writes.
func SeedAs[T any](s Seeder, params any, nested ...Nested) (*T, error) {
	f := s.fake()
	name, err := resourceOf[T]()
	if err != nil {
		return nil, err
	}
	obj, err := paramsObject(params)
	if err != nil {
		return nil, fmt.Errorf("creviotest: seed %s: %w", name, err)
	}
	t := f.st.tables[name]
	expand := map[string]bool{}
	for rel, r := range t.def.relations {
		if r.via != "" && !r.hidden {
			expand[rel] = true
		}
	}
	for _, n := range nested {
		if n.err != nil {
			return nil, n.err
		}
		rel := ""
		for relName, r := range t.def.relations {
			if r.via != "" && r.resource == n.resource && (rel == "" || relName < rel) {
				rel = relName
			}
		}
		if rel == "" {
			return nil, fmt.Errorf("creviotest: seed %s: %s cannot be nested in %s", name, n.resource, name)
		}
		child, err := paramsObject(n.params)
		if err != nil {
			return nil, fmt.Errorf("creviotest: seed %s: nested %s: %w", name, n.resource, err)
		}
		list, _ := obj[rel].([]any)
		obj[rel] = append(list, child)
		expand[rel] = true
	}
	f.st.mu.Lock()
	r, err := f.st.seed(t, obj)
	var out map[string]any
	if err == nil {
		out = f.st.render(t, r, expand)
	}
	f.st.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return decodeAs[T](out)
}

// MustSeed is [SeedAs] for tests: it fails tb at once on an error.
func MustSeed[T any](tb testing.TB, s Seeder, params any, nested ...Nested) *T {
	tb.Helper()
	v, err := SeedAs[T](s, params, nested...)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// decodeAs decodes a rendered object into a T.
func decodeAs[T any](obj map[string]any) (*T, error) {
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("creviotest: %w", err)
	}
	v := new(T)
	if err := json.Unmarshal(b, v); err != nil {
		return nil, fmt.Errorf("creviotest: decoding the seeded %s: %w", stringField(obj, "object"), err)
	}
	return v, nil
}

// paramsObject encodes SDK params (or any value) as the JSON object the
// SDK would send: its JSON fields plus its Extra map, if it has one.
func paramsObject(params any) (map[string]any, error) {
	if params == nil {
		return map[string]any{}, nil
	}
	v, err := normalize(params)
	if err != nil {
		return nil, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("params encode to %T, not a JSON object", v)
	}
	rv := reflect.ValueOf(params)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Struct {
		if extra := rv.FieldByName("Extra"); extra.IsValid() && extra.CanInterface() &&
			extra.Type() == reflect.TypeFor[map[string]any]() {
			for k, e := range extra.Interface().(map[string]any) {
				ev, err := normalize(e)
				if err != nil {
					return nil, fmt.Errorf("extra field %q: %w", k, err)
				}
				obj[k] = ev
			}
		}
	}
	return obj, nil
}
