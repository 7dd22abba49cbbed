package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCustomerDefaultsAndRoutes(t *testing.T) {
	a := newAPI(t)
	c := a.create("/customers", map[string]any{"customer": map[string]any{"email": "jane@example.com"}})
	assert.Equal(t, "customer", c["object"], "a body wrapped in its object name is unwrapped")
	assert.Regexp(t, `^cus_`, c["id"])
	assert.Equal(t, "lead", c["customer_type"])
	for _, f := range []string{"name", "first_name", "last_name", "phone_number", "confirmed_at"} {
		v, ok := c[f]
		assert.True(t, ok, "%s is present", f)
		assert.Nil(t, v, "%s is null", f)
	}
	assert.Equal(t, float64(0), c["orders_count"])
	assert.Equal(t, float64(0), c["total_spend"])
	assert.Equal(t, []any{}, c["tags"])

	res := a.do(http.MethodDelete, "/customers/"+c["id"].(string), nil)
	assert.Equal(t, http.StatusMethodNotAllowed, res.Status, "customers cannot be deleted")
	assert.Equal(t, "GET, PATCH", res.Header.Get("Allow"))

	res = a.do(http.MethodPatch, "/customers/"+c["id"].(string), map[string]any{"confirmed_at": map[string]any{"x": 1}, "name": "Jane"})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Nil(t, res.Body["confirmed_at"], "confirmed_at in a body is ignored, whatever its type")
	assert.Equal(t, "Jane", res.Body["name"])
}

func TestCustomerEmailChecks(t *testing.T) {
	a := newAPI(t)
	a.create("/customers", map[string]any{"email": "jane@example.com"})
	for _, email := range []any{"jane", "@example.com", "jane@", "ja ne@example.com", 42} {
		res := a.do(http.MethodPost, "/customers", map[string]any{"email": email})
		assert.Equal(t, http.StatusUnprocessableEntity, res.Status, "email %v", email)
		assert.Equal(t, map[string]any{"email": []any{"is invalid"}}, res.errField("errors"), "email %v", email)
	}
	res := a.do(http.MethodPost, "/customers", map[string]any{"name": "No Email"})
	assert.Equal(t, map[string]any{"email": []any{"can't be blank"}}, res.errField("errors"))
	res = a.do(http.MethodPost, "/customers", map[string]any{"email": "JANE@EXAMPLE.COM"})
	assert.Equal(t, map[string]any{"email": []any{"has already been taken"}}, res.errField("errors"))
	assert.Equal(t, 1, a.srv.Count("customers"))
}

func TestCustomerQueryFilter(t *testing.T) {
	a := newAPI(t)
	_, err := a.srv.Seed("customers",
		map[string]any{"email": "ann@example.com", "name": "Ann"},
		map[string]any{"email": "bo@shop.io", "name": "Bo Example"},
		map[string]any{"email": "cy@shop.io"},
	)
	require.NoError(t, err)
	names := func(path string) []string {
		t.Helper()
		res := a.do(http.MethodGet, path, nil)
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
		var out []string
		for _, o := range res.data() {
			out = append(out, o.(map[string]any)["email"].(string))
		}
		return out
	}
	assert.Equal(t, []string{"bo@shop.io", "ann@example.com"}, names("/customers?query=Example"))
	assert.Equal(t, []string{"cy@shop.io", "bo@shop.io", "ann@example.com"}, names("/customers?query=+"), "a blank query matches everything")
	assert.Equal(t, []string{"cy@shop.io"}, names("/customers?query=CY%40"))
	assert.Empty(t, names("/customers?query=nobody"))
}

func TestConfirmCustomer(t *testing.T) {
	clk := newClock()
	f := New(WithClock(clk.Now))
	out, err := f.Seed("customers", map[string]any{"email": "jane@example.com"})
	require.NoError(t, err)
	id := out[0]["id"].(string)
	require.Nil(t, out[0]["confirmed_at"])

	clk.Advance(90)
	require.NoError(t, f.ConfirmCustomer(id))
	c, ok := f.Get("customers", id)
	require.True(t, ok)
	want := clk.Now().UTC().Truncate(1e9).Format("2006-01-02T15:04:05Z07:00")
	assert.Equal(t, want, c["confirmed_at"])
	assert.Equal(t, want, c["updated_at"])

	assert.Error(t, f.ConfirmCustomer("cus_nope"))
	assert.Error(t, f.ConfirmCustomer(""))
}

func TestFindOrCreateCustomer(t *testing.T) {
	f := New()
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	r, e := findOrCreateCustomer(f.st, " Ann@Example.com ", "Ann", "free")
	require.Nil(t, e)
	assert.Equal(t, "Ann@Example.com", r.obj["email"], "the address is stored trimmed")
	assert.Equal(t, "free", r.obj["customer_type"])
	assert.Equal(t, "Ann", r.obj["name"])

	again, e := findOrCreateCustomer(f.st, "ann@example.COM", "Other", "lead")
	require.Nil(t, e)
	assert.Same(t, r, again, "found by email, ignoring case")
	assert.Equal(t, "Ann", again.obj["name"], "left unchanged")

	_, e = findOrCreateCustomer(f.st, "not-an-email", nil, "lead")
	require.NotNil(t, e)
	assert.Equal(t, http.StatusUnprocessableEntity, e.Status)
	assert.Len(t, f.st.tables["customers"].order, 1)
}
