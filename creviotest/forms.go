package creviotest

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Form enum values the fake accepts (the SDK's enums stay open).
var (
	formPurposes   = []string{"newsletter", "contact", "waitlist", "survey", "rsvp"}
	formFieldTypes = []string{"email", "text", "phone", "textarea", "select", "radio", "checkbox"}
)

// formsResource defines /v1/forms: create, list (filters purpose and
// is_primary) and retrieve; update and delete answer 405, since the
// reference lists neither.
//
// Each purpose has at most one primary form. A form created or seeded with
// is_primary true demotes the previous primary form of its purpose; one
// created without is_primary becomes primary only when its purpose has
// none. Every fake starts with the primary newsletter and contact forms an
// account is provisioned with (see formProvisionPrimary). Form fields get
// numeric string ids, unique across the account's forms.
func formsResource() *resource {
	return &resource{
		name:     "forms",
		path:     "/forms",
		prefix:   "form_",
		object:   "form",
		disabled: opUpdate | opDelete,
		filters:  []string{"purpose", "is_primary"},
		required: []string{"name", "purpose"},
		enums:    map[string][]string{"purpose": formPurposes},
		defaults: func(f map[string]any) {
			setDefault(f, "confirmation_required", false)
			setDefault(f, "form_fields", []any{})
		},
		validate:   formValidate,
		afterWrite: formAfterWrite,
	}
}

// formValidate checks is_primary, confirmation_required and the fields.
func formValidate(_ *store, f map[string]any, _ bool) map[string][]string {
	var errs map[string][]string
	if v, ok := f["is_primary"]; ok && v != nil {
		if _, isBool := v.(bool); !isBool {
			errs = addErr(errs, "is_primary", "must be true or false")
		}
	}
	if _, isBool := f["confirmation_required"].(bool); !isBool {
		errs = addErr(errs, "confirmation_required", "must be true or false")
	}
	fields, ok := f["form_fields"].([]any)
	if !ok {
		return addErr(errs, "form_fields", "must be a list of fields")
	}
	for i, v := range fields {
		key := func(name string) string { return fmt.Sprintf("form_fields[%d].%s", i, name) }
		fld, ok := v.(map[string]any)
		if !ok {
			errs = addErr(errs, fmt.Sprintf("form_fields[%d]", i), "must be an object")
			continue
		}
		if s, isStr := fld["name"].(string); !isStr || isBlank(s) {
			errs = addErr(errs, key("name"), "can't be blank")
		}
		ft, _ := fld["field_type"].(string)
		if !slices.Contains(formFieldTypes, ft) {
			errs = addErr(errs, key("field_type"), "is not included in the list")
		}
		if r, ok := fld["required"]; ok && r != nil {
			if _, isBool := r.(bool); !isBool {
				errs = addErr(errs, key("required"), "must be true or false")
			}
		}
		opts, hasOpts := fld["options"]
		if formHasOptions(ft) {
			if list, ok := formStrings(opts); !ok || len(list) == 0 {
				errs = addErr(errs, key("options"), "must be a non-empty list of strings")
			}
		} else if hasOpts && opts != nil {
			if _, ok := formStrings(opts); !ok {
				errs = addErr(errs, key("options"), "must be a list of strings")
			}
		}
	}
	return errs
}

// formAfterWrite gives new fields their ids, resolves is_primary and keeps
// one primary form per purpose.
func formAfterWrite(st *store, _, cur map[string]any) {
	if cur == nil {
		return
	}
	t := st.tables["forms"]
	formNumberFields(t, cur)
	purpose := stringField(cur, "purpose")
	primary, set := cur["is_primary"].(bool)
	if !set {
		primary = formPrimary(t, purpose) == nil
		cur["is_primary"] = primary
	}
	if !primary {
		return
	}
	for _, r := range t.order {
		if r.obj["id"] == cur["id"] || stringField(r.obj, "purpose") != purpose || r.obj["is_primary"] != true {
			continue
		}
		demoted := deepCopy(r.obj).(map[string]any)
		demoted["is_primary"] = false
		st.save(t, r, demoted)
	}
}

// formNumberFields gives every field of f without an id the next numeric
// id of the account (ids are strings, as the API sends them), and fills in
// the fields' defaults.
func formNumberFields(t *table, f map[string]any) {
	fields := formFieldList(f)
	for _, fld := range fields {
		setDefault(fld, "required", false)
		setDefault(fld, "options", nil)
		if n, ok := fld["id"].(float64); ok && n == math.Trunc(n) { // a seed may give a number
			fld["id"] = strconv.FormatFloat(n, 'f', -1, 64)
		}
	}
	next := 0
	taken := func(list []map[string]any) {
		for _, fld := range list {
			if n, err := strconv.Atoi(stringField(fld, "id")); err == nil && n > next {
				next = n
			}
		}
	}
	taken(fields)
	for _, r := range t.order {
		taken(formFieldList(r.obj))
	}
	for _, fld := range fields {
		if stringField(fld, "id") == "" {
			next++
			fld["id"] = strconv.Itoa(next)
		}
	}
}

// formPrimary returns the primary form of purpose, or nil.
func formPrimary(t *table, purpose string) *record {
	for _, r := range t.order {
		if stringField(r.obj, "purpose") == purpose && r.obj["is_primary"] == true {
			return r
		}
	}
	return nil
}

// formProvisionPrimary returns the primary form of purpose, creating the
// default one an account is provisioned with when there is none. The
// caller holds the store's write lock.
func formProvisionPrimary(st *store, purpose string) (*record, *apiError) {
	t := st.tables["forms"]
	if r := formPrimary(t, purpose); r != nil {
		return r, nil
	}
	f := map[string]any{"purpose": purpose, "is_primary": true, "confirmation_required": false}
	field := func(name, typ string, required bool) map[string]any {
		return map[string]any{"name": name, "field_type": typ, "required": required}
	}
	switch purpose {
	case "newsletter":
		f["name"] = "Newsletter"
		f["confirmation_required"] = true
		f["form_fields"] = []any{field("Email", "email", true), field("Name", "text", false)}
	case "contact":
		f["name"] = "Contact"
		f["form_fields"] = []any{field("Email", "email", true), field("Subject", "text", false),
			field("Message", "textarea", true)}
	default:
		f["name"] = humanize(purpose)
		f["form_fields"] = []any{field("Email", "email", true)}
	}
	return st.create(t, f)
}

// formFieldList returns the fields of a form that are objects.
func formFieldList(f map[string]any) []map[string]any {
	arr, _ := f["form_fields"].([]any)
	out := make([]map[string]any, 0, len(arr))
	for _, v := range arr {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// formHasOptions reports whether a field type answers from a list of options.
func formHasOptions(fieldType string) bool {
	return fieldType == "select" || fieldType == "radio" || fieldType == "checkbox"
}

// formStrings returns v as a list of strings, if it is one.
func formStrings(v any) ([]string, bool) {
	arr, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		s, ok := e.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}
