package creviotest

import (
	"slices"
	"strings"
)

// formSubmissionsResource defines POST /v1/form_submissions, the only
// submission operation the reference lists (every other one answers 405).
//
// A submission is checked against its form's fields: every required field
// needs an answer, email fields need a well-formed address, select and
// radio fields one of their options, checkbox fields a subset of them, and
// every answer key must be a field id of the form. Errors are 422 field
// errors keyed "answers.<field id>" (and "email", "form_id", "name"). As
// the API does, the top-level email fills the form's first email field and
// name its first text field when their answers are missing.
//
// Requests send answers as a map of field id to answer; the stored
// submission (and so the answer and the form_submission.created event)
// has them in the documented array form, in the form's field order, one
// {label, value, required, field_type} per answered field. The submitter is
// the respondent: the customer with the submission's email, created as a
// lead when there is none (lead.created comes before
// form_submission.created), shown as respondent_type "Customer",
// respondent_id and respondent {id, email, confirmed} as it was at
// submission time. A seed keeps answers it gives in a shape that does not
// validate, and a respondent it gives.
func formSubmissionsResource() *resource {
	return &resource{
		name:     "form_submissions",
		path:     "/form_submissions",
		prefix:   "fsub_",
		object:   "form_submission",
		disabled: opList | opGet | opUpdate | opDelete,
		required: []string{"form_id", "email"},
		readOnly: []string{"respondent_type", "respondent_id", "respondent"},
		defaults: func(s map[string]any) {
			setDefault(s, "name", nil)
			setDefault(s, "answers", map[string]any{})
			for _, f := range []string{"respondent_type", "respondent_id", "respondent"} {
				setDefault(s, f, nil)
			}
		},
		validate: func(st *store, s map[string]any, _ bool) map[string][]string {
			_, errs := formSubmissionAnswers(st, s)
			return errs
		},
		afterWrite: func(st *store, old, cur map[string]any) {
			if old != nil || cur == nil {
				return
			}
			if answers, errs := formSubmissionAnswers(st, cur); len(errs) == 0 {
				if form := st.tables["forms"].byID[stringField(cur, "form_id")]; form != nil {
					cur["answers"] = formAnswerList(formFieldList(form.obj), answers)
				}
			}
			if cur["respondent"] == nil {
				formSetRespondent(st, cur)
			}
		},
	}
}

// formAnswerList turns answers keyed by field id into the documented array
// form, in the order of fields, leaving out fields without an answer.
func formAnswerList(fields []map[string]any, answers map[string]any) []any {
	list := []any{}
	for _, f := range fields {
		v, ok := answers[stringField(f, "id")]
		if !ok || isBlank(v) {
			continue
		}
		list = append(list, map[string]any{
			"label":      f["name"],
			"value":      v,
			"required":   f["required"] == true,
			"field_type": f["field_type"],
		})
	}
	return list
}

// formSetRespondent records the customer behind a new submission, creating
// a lead for an email no customer has. A submission whose email the
// customers refuse (only a seed gets that far) keeps no respondent.
func formSetRespondent(st *store, s map[string]any) {
	email, _ := s["email"].(string)
	if strings.TrimSpace(email) == "" {
		return
	}
	c, e := findOrCreateCustomer(st, email, s["name"], "lead")
	if e != nil {
		return
	}
	s["respondent_type"] = "Customer"
	s["respondent_id"] = c.obj["id"]
	s["respondent"] = map[string]any{
		"id":        c.obj["id"],
		"email":     c.obj["email"],
		"confirmed": c.obj["confirmed_at"] != nil,
	}
}

// formSubmissionAnswers checks submission s against its form and returns
// its answers with the email and name filled in.
func formSubmissionAnswers(st *store, s map[string]any) (map[string]any, map[string][]string) {
	var errs map[string][]string
	email, _ := s["email"].(string)
	if v, ok := s["email"]; ok && !isBlank(v) && !formEmailValid(email) {
		errs = addErr(errs, "email", "is invalid")
	}
	if v, ok := s["name"]; ok && v != nil {
		if _, isStr := v.(string); !isStr {
			errs = addErr(errs, "name", "must be a string")
		}
	}
	var answers map[string]any
	switch v := s["answers"].(type) {
	case nil:
		answers = map[string]any{}
	case map[string]any:
		answers = deepCopy(v).(map[string]any)
	default:
		return nil, addErr(errs, "answers", "must be an object of field ids to answers")
	}
	formID, _ := s["form_id"].(string)
	if isBlank(s["form_id"]) {
		return answers, errs // "can't be blank" comes from required
	}
	form := st.tables["forms"].byID[formID]
	if form == nil {
		return answers, addErr(errs, "form_id", "must exist")
	}
	fields := formFieldList(form.obj)

	// Fill in the email and name, as the API does.
	fill := func(fieldType string, v any) {
		if isBlank(v) {
			return
		}
		for _, f := range fields {
			if stringField(f, "field_type") == fieldType {
				if id := stringField(f, "id"); isBlank(answers[id]) {
					answers[id] = v
				}
				return
			}
		}
	}
	fill("email", s["email"])
	fill("text", s["name"])

	byID := map[string]map[string]any{}
	for _, f := range fields {
		byID[stringField(f, "id")] = f
	}
	keys := make([]string, 0, len(answers))
	for k := range answers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if byID[k] == nil {
			errs = addErr(errs, "answers."+k, "is not a field of this form")
		}
	}
	for _, f := range fields {
		id := stringField(f, "id")
		key := "answers." + id
		v, given := answers[id]
		if !given || isBlank(v) {
			if f["required"] == true {
				errs = addErr(errs, key, "can't be blank")
			}
			continue
		}
		values, multi := formStrings(v)
		if !multi {
			str, isStr := v.(string)
			if !isStr {
				errs = addErr(errs, key, "must be a string or a list of strings")
				continue
			}
			values = []string{str}
		}
		options, _ := formStrings(f["options"])
		switch ft := stringField(f, "field_type"); {
		case ft == "checkbox":
			for _, e := range values {
				if !slices.Contains(options, e) {
					errs = addErr(errs, key, "is not included in the list")
					break
				}
			}
		case len(values) != 1:
			errs = addErr(errs, key, "must be a single value")
		case ft == "select" || ft == "radio":
			if !slices.Contains(options, values[0]) {
				errs = addErr(errs, key, "is not included in the list")
			}
		case ft == "email":
			if !formEmailValid(values[0]) {
				errs = addErr(errs, key, "is invalid")
			}
		}
	}
	return answers, errs
}

// formEmailValid reports whether s looks like an email address: one @ with
// something on both sides, a dot in the domain, and no white space.
func formEmailValid(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && !strings.Contains(domain, "@") &&
		strings.Contains(strings.Trim(domain, "."), ".") && !strings.ContainsAny(s, " \t\r\n")
}

// formNewsletterSignup records a newsletter signup (POST /v1/subscribers)
// as a submission of the account's primary newsletter form, provisioning
// that form when the account has none. The caller holds the store's write
// lock.
func formNewsletterSignup(st *store, email string, name any) (map[string]any, *apiError) {
	form, e := formProvisionPrimary(st, "newsletter")
	if e != nil {
		return nil, e
	}
	sub := map[string]any{"form_id": form.obj["id"], "email": email}
	if s, ok := name.(string); ok && s != "" {
		sub["name"] = s
	}
	r, e := st.create(st.tables["form_submissions"], sub)
	if e != nil {
		return nil, e
	}
	return r.obj, nil
}
