package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// formRoutes checks that each "METHOD path" answers 405.
func formRoutes(t *testing.T, a *api, routes ...string) {
	t.Helper()
	for _, r := range routes {
		var method, path string
		for i := range r {
			if r[i] == ' ' {
				method, path = r[:i], r[i+1:]
				break
			}
		}
		res := a.do(method, path, nil)
		assert.Equal(t, http.StatusMethodNotAllowed, res.Status, r)
		assert.Equal(t, "method_not_allowed", res.errField("code"), r)
	}
}

func TestFormsRoutesAndProvisioning(t *testing.T) {
	a := newAPI(t)
	formRoutes(t, a, "PATCH /forms/form_x", "DELETE /forms/form_x")

	// A fresh fake holds the account's primary newsletter and contact forms.
	res := a.do(http.MethodGet, "/forms?is_primary=true", nil)
	require.Equal(t, http.StatusOK, res.Status)
	require.Len(t, res.data(), 2)
	purposes := map[string]bool{}
	for _, f := range res.data() {
		purposes[f.(map[string]any)["purpose"].(string)] = true
	}
	assert.Equal(t, map[string]bool{"newsletter": true, "contact": true}, purposes)
	assert.Empty(t, a.do(http.MethodGet, "/forms?is_primary=false", nil).data())

	// Wrapped bodies work, as for every resource.
	f := a.create("/forms", map[string]any{"form": map[string]any{"name": "Wait", "purpose": "waitlist",
		"form_fields": []any{map[string]any{"name": "Email", "field_type": "email"}}}})
	assert.Equal(t, true, f["is_primary"])
	fld := f["form_fields"].([]any)[0].(map[string]any)
	assert.Equal(t, false, fld["required"])
	assert.Nil(t, fld["options"])
	assert.Regexp(t, `^\d+$`, fld["id"])
}

func TestFormsSeedKeepsFieldIDs(t *testing.T) {
	a := newAPI(t)
	seeded, err := a.srv.Seed("forms", map[string]any{"id": "form_s", "name": "Seeded", "purpose": "survey", "is_primary": false,
		"form_fields": []any{
			map[string]any{"id": 500, "name": "A", "field_type": "text"},
			map[string]any{"id": "7", "name": "B", "field_type": "text"},
			map[string]any{"name": "C", "field_type": "text"},
		}})
	require.NoError(t, err)
	var ids []any
	for _, f := range seeded[0]["form_fields"].([]any) {
		ids = append(ids, f.(map[string]any)["id"])
	}
	assert.Equal(t, []any{"500", "7", "501"}, ids, "numbers become strings; new ids follow the highest")
	assert.Equal(t, false, seeded[0]["is_primary"], "a seed's is_primary stays")

	f := a.create("/forms", map[string]any{"name": "Next", "purpose": "survey",
		"form_fields": []any{map[string]any{"name": "D", "field_type": "text"}}})
	assert.Equal(t, "502", f["form_fields"].([]any)[0].(map[string]any)["id"])
	assert.Equal(t, true, f["is_primary"], "the survey purpose had no primary form")

	res := a.do(http.MethodPost, "/forms", map[string]any{"name": "Bad", "purpose": "contact", "is_primary": "yes",
		"confirmation_required": 1, "form_fields": "email"})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	errs := res.errField("errors").(map[string]any)
	assert.Contains(t, errs, "is_primary")
	assert.Contains(t, errs, "confirmation_required")
	assert.Contains(t, errs, "form_fields")
}
