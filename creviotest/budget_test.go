package creviotest

import (
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// statuses sends n GET /products and returns their statuses and the
// Retry-After of each.
func (a *api) statuses(n int) (codes []int, retryAfter []string) {
	a.t.Helper()
	for range n {
		res := a.do(http.MethodGet, "/products", nil)
		codes = append(codes, res.Status)
		retryAfter = append(retryAfter, res.Header.Get("Retry-After"))
	}
	return codes, retryAfter
}

// TestRequestBudget: a budget of 2 a second with a burst of 2 serves 2
// requests at once, refuses the third with 429 rate_limited and
// Retry-After: 1 (a refused request uses nothing up), then one every
// 0.5 s, exactly, in fake time.
func TestRequestBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newAPI(t)
		a.srv.RequestBudget(2, 2)
		codes, ra := a.statuses(4)
		assert.Equal(t, []int{200, 200, 429, 429}, codes)
		assert.Equal(t, []string{"", "", "1", "1"}, ra)
		res := a.do(http.MethodGet, "/products", nil)
		assert.Equal(t, "rate_limited", res.errField("code"))
		assert.Equal(t, "request_budget", a.srv.Requests()[len(a.srv.Requests())-1].Fault)

		time.Sleep(499 * time.Millisecond)
		codes, _ = a.statuses(1)
		assert.Equal(t, []int{429}, codes, "not yet")
		time.Sleep(time.Millisecond)
		codes, _ = a.statuses(2)
		assert.Equal(t, []int{200, 429}, codes, "one token at 0.5 s")

		time.Sleep(10 * time.Second)
		codes, _ = a.statuses(3)
		assert.Equal(t, []int{200, 200, 429}, codes, "refilled to the burst, no more")
	})
}

// TestRequestBudgetDefaults: burst <= 0 is one second's worth (at least
// one), a slow budget's Retry-After counts the whole seconds to the next
// token, and perSecond <= 0, ClearFaults and Reset remove the budget.
func TestRequestBudgetDefaults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newAPI(t)
		a.srv.RequestBudget(3, 0)
		codes, _ := a.statuses(4)
		assert.Equal(t, []int{200, 200, 200, 429}, codes)

		a.srv.RequestBudget(0.25, 0)
		codes, ra := a.statuses(2)
		assert.Equal(t, []int{200, 429}, codes)
		assert.Equal(t, "4", ra[1])
		time.Sleep(1500 * time.Millisecond)
		_, ra = a.statuses(1)
		assert.Equal(t, "3", ra[0], "2.5 s to go, rounded up")

		for _, remove := range []func(){
			func() { a.srv.RequestBudget(0, 0) },
			a.srv.ClearFaults,
			a.srv.Reset,
		} {
			a.srv.RequestBudget(1, 1)
			codes, _ = a.statuses(2)
			assert.Equal(t, []int{200, 429}, codes)
			remove()
			codes, _ = a.statuses(3)
			assert.Equal(t, []int{200, 200, 200}, codes)
		}
	})
}

// TestRequestBudgetScopeAndFaults: Only limits what the budget counts and
// refuses, the control plane is never refused, Header adds to the 429, and
// a queued fault answers first without using the budget up.
func TestRequestBudgetScopeAndFaults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newAPI(t)
		a.srv.RequestBudget(1, 1, Only("POST", "/products"), Header("RateLimit-Limit", "1"))
		for range 3 {
			assert.Equal(t, http.StatusOK, a.do(http.MethodGet, "/products", nil).Status)
			assert.Equal(t, http.StatusOK, a.do(http.MethodGet, "/test_helpers/faults", nil).Status)
		}
		a.srv.Fail(1, http.StatusServiceUnavailable)
		assert.Equal(t, http.StatusServiceUnavailable, a.do(http.MethodPost, "/products", map[string]any{"name": "A"}).Status)
		assert.Equal(t, http.StatusOK, a.do(http.MethodPost, "/products", map[string]any{"name": "B"}).Status)
		res := a.do(http.MethodPost, "/products", map[string]any{"name": "C"})
		assert.Equal(t, http.StatusTooManyRequests, res.Status)
		assert.Equal(t, "1", res.Header.Get("RateLimit-Limit"))
		assert.Equal(t, "1", res.Header.Get("Retry-After"))
		assert.Equal(t, 1, a.srv.Count("products"), "the refused request changed nothing")
	})
}

// TestRequestBudgetControlPlane: POST /v1/test_helpers/faults with kind
// request_budget sets the budget, GET lists it, a negative value is a 400,
// per_second 0 removes it, DELETE clears it.
func TestRequestBudgetControlPlane(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newAPI(t)
		res := a.do(http.MethodPost, "/test_helpers/faults", map[string]any{"kind": "request_budget", "per_second": 1,
			"burst": 1, "method": "GET", "path": "/products", "headers": map[string]string{"RateLimit-Limit": "1"}})
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
		assert.Equal(t, []any{map[string]any{"object": "fault", "kind": "request_budget", "per_second": 1.0,
			"burst": 1.0, "method": "GET", "path": "/products", "headers": map[string]any{"Ratelimit-Limit": "1"}}}, res.data(), "header names canonical, as for every fault")
		codes, _ := a.statuses(2)
		assert.Equal(t, []int{200, 429}, codes)

		res = a.do(http.MethodPost, "/test_helpers/faults", map[string]any{"kind": "request_budget", "per_second": -1})
		assert.Equal(t, http.StatusBadRequest, res.Status)
		assert.Equal(t, "parameter_invalid", res.errField("code"))

		res = a.do(http.MethodPost, "/test_helpers/faults", map[string]any{"kind": "request_budget", "per_second": 0})
		assert.Empty(t, res.data())
		codes, _ = a.statuses(2)
		assert.Equal(t, []int{200, 200}, codes)

		a.do(http.MethodPost, "/test_helpers/faults", map[string]any{"kind": "request_budget", "per_second": 5})
		assert.Len(t, a.do(http.MethodGet, "/test_helpers/faults", nil).data(), 1)
		assert.Empty(t, a.do(http.MethodDelete, "/test_helpers/faults", nil).data())
	})
}

// TestRequestBudgetHugeRate: an absurd rate with the default burst is no
// limit at all, and lists a positive burst, not an overflowed one.
func TestRequestBudgetHugeRate(t *testing.T) {
	srv := NewTestServer(t)
	c := srv.Client(crevio.WithMaxRetries(0))
	srv.RequestBudget(1e300, 0)
	for range 5 {
		_, err := c.Products.List(t.Context(), nil)
		require.NoError(t, err)
	}
	var faults struct {
		Data []struct {
			Kind  string `json:"kind"`
			Burst int64  `json:"burst"`
		} `json:"data"`
	}
	require.NoError(t, c.Do(t.Context(), "GET", "/test_helpers/faults", nil, &faults))
	require.Len(t, faults.Data, 1)
	assert.Equal(t, "request_budget", faults.Data[0].Kind)
	assert.Positive(t, faults.Data[0].Burst)
}
