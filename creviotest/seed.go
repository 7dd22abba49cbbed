package creviotest

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
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
