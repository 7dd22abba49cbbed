package creviotest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSubscriptionRoutes(t *testing.T) {
	a := newAPI(t)
	out, err := a.srv.Seed("subscriptions", map[string]any{"status": "active"})
	require.NoError(t, err)
	id := out[0]["id"].(string)

	res := a.do(http.MethodPost, "/subscriptions", map[string]any{"status": "active"})
	assert.Equal(t, http.StatusMethodNotAllowed, res.Status, "subscriptions are not created over the API")
	assert.Equal(t, "GET", res.Header.Get("Allow"))
	res = a.do(http.MethodPatch, "/subscriptions/"+id, map[string]any{"status": "canceled"})
	assert.Equal(t, http.StatusMethodNotAllowed, res.Status)
	assert.Equal(t, "GET", res.Header.Get("Allow"))
	res = a.do(http.MethodGet, "/subscriptions/"+id+"/cancel", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, res.Status)

	res = a.do(http.MethodPost, "/subscriptions/"+id+"/pause", nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "paused", res.Body["status"])
	res = a.do(http.MethodPost, "/subscriptions/"+id+"/pause", "")
	assert.Equal(t, http.StatusConflict, res.Status)
	assert.Equal(t, "invalid_request_error", res.errField("type"))
	assert.Equal(t, "invalid_state", res.errField("code"))
	assert.Equal(t, "Cannot pause subscription "+id+": its status is paused.", res.errField("message"))
}

func TestSubscriptionSeedDefaults(t *testing.T) {
	f := New()
	out, err := f.Seed("subscriptions", map[string]any{}, map[string]any{"status": "paused"}, map[string]any{"status": "canceled"})
	require.NoError(t, err)
	active, paused, canceled := out[0], out[1], out[2]
	assert.Equal(t, "active", active["status"])
	assert.Equal(t, float64(1), active["quantity"])
	assert.Equal(t, false, active["paused"])
	assert.Equal(t, false, active["canceled"])
	for _, f := range []string{"current_period_start", "current_period_end", "trial_ends_at", "ends_at", "canceled_at", "customer", "price_variant", "product"} {
		v, ok := active[f]
		assert.True(t, ok && v == nil, "%s is null", f)
	}
	assert.Equal(t, true, paused["paused"])
	assert.Equal(t, true, canceled["canceled"])
}

func TestStartSubscription(t *testing.T) {
	clk := newClock()
	f := New(WithClock(clk.Now))
	_, err := f.Seed("price_variants",
		map[string]any{"id": "price_monthly", "product": "prod_1", "name": "Monthly", "billing_type": "subscription"},
		map[string]any{"id": "price_weekly", "product": "prod_1", "name": "Biweekly", "billing_type": "subscription", "recurring_interval": "week", "interval_count": 2},
		map[string]any{"id": "price_daily", "product": "prod_1", "name": "Daily", "billing_type": "subscription", "recurring_interval": "day"},
		map[string]any{"id": "price_yearly", "product": "prod_1", "name": "Yearly", "billing_type": "subscription", "recurring_interval": "year", "trial_period_days": 14},
	)
	require.NoError(t, err)
	_, err = f.Seed("customers", map[string]any{"id": "cus_1", "email": "a@example.com"})
	require.NoError(t, err)
	now := clk.Now()
	f.st.mu.Lock()
	defer f.st.mu.Unlock()

	for _, tt := range []struct {
		variant, status string
		end             time.Time
		trialEnd        any
	}{
		{"price_monthly", "active", now.AddDate(0, 1, 0), nil},
		{"price_weekly", "active", now.AddDate(0, 0, 14), nil},
		{"price_daily", "active", now.AddDate(0, 0, 1), nil},
		{"price_yearly", "trialing", now.AddDate(1, 0, 0), now.AddDate(0, 0, 14).Format(time.RFC3339)},
	} {
		s, e := startSubscription(f.st, "cus_1", tt.variant, 0)
		require.Nil(t, e, tt.variant)
		assert.Equal(t, tt.status, s["status"], tt.variant)
		assert.Equal(t, "cus_1", s["customer"])
		assert.Equal(t, tt.variant, s["price_variant"])
		assert.Equal(t, "prod_1", s["product"])
		assert.Equal(t, float64(1), s["quantity"], "at least one unit")
		assert.Equal(t, now.Format(time.RFC3339), s["current_period_start"])
		assert.Equal(t, tt.end.Format(time.RFC3339), s["current_period_end"], tt.variant)
		assert.Equal(t, tt.trialEnd, s["trial_ends_at"], tt.variant)
		assert.Equal(t, false, s["canceled"])
	}
	s, e := startSubscription(f.st, "cus_1", "price_monthly", 3)
	require.Nil(t, e)
	assert.Equal(t, float64(3), s["quantity"])
	assert.Len(t, f.st.tables["subscriptions"].order, 5)

	_, e = startSubscription(f.st, "cus_1", "price_missing", 1)
	require.NotNil(t, e)
	assert.Equal(t, http.StatusUnprocessableEntity, e.Status)
	_, e = startSubscription(f.st, "cus_missing", "price_monthly", 1)
	require.NotNil(t, e, "the customer must exist")
	assert.Len(t, f.st.tables["subscriptions"].order, 5)
}
