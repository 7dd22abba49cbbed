package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUsersRoutesAndAccessCheck(t *testing.T) {
	a := newAPI(t)
	formRoutes(t, a, "GET /users", "POST /users", "PATCH /users/usr_x", "DELETE /users/usr_x")
	_, err := a.srv.Seed("users", map[string]any{"id": "usr_1", "access_grants": []any{
		map[string]any{"resource_id": "usr_1"}, // no level: customer
	}})
	require.NoError(t, err)
	u := a.do(http.MethodGet, "/users/usr_1", nil)
	require.Equal(t, http.StatusOK, u.Status)
	assert.Nil(t, u.Body["email"])
	assert.Nil(t, u.Body["first_name"])
	assert.NotContains(t, u.Body, "access_grants", "the fake's bookkeeping stays out of answers")

	res := a.do(http.MethodGet, "/users/usr_1/access", nil)
	assert.Equal(t, http.StatusBadRequest, res.Status)
	assert.Equal(t, "resource_id", res.errField("param"))
	res = a.do(http.MethodGet, "/users/usr_1/access?resource_id=usr_1", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, map[string]any{"has_access": true, "access_level": "customer", "expires_at": nil}, res.Body)
}

func TestSingletonsAndCreateOnlyResources(t *testing.T) {
	a := newAPI(t)
	formRoutes(t, a, "PATCH /account", "PATCH /me", "GET /auth/keys", "GET /auth/keys/key_x", "DELETE /auth/keys/key_x",
		"POST /blog_categories", "GET /blog_categories/bcat_x", "PATCH /blog_categories/bcat_x")
	for _, p := range []string{"/account", "/me"} {
		res := a.do(http.MethodGet, p, nil)
		require.Equal(t, http.StatusOK, res.Status, p)
		assert.NotEmpty(t, res.Body["id"], p)
		assert.Equal(t, http.StatusNotFound, a.do(http.MethodGet, p+"/x", nil).Status, p)
	}
	res := a.do(http.MethodPost, "/auth/keys", map[string]any{"name": 42})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.errField("errors"), "name")
	k := a.create("/auth/keys", map[string]any{"api_key": map[string]any{"name": "Wrapped"}})
	assert.Equal(t, "Wrapped", k["name"])
	assert.Regexp(t, `^sk_test_`, k["token"])
}
