package creviotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSitesCreate(t *testing.T) {
	a := newAPI(t)
	formRoutes(t, a, "PATCH /sites/site_x", "DELETE /sites/site_x")

	s := a.create("/sites", map[string]any{"prompt": "A shop for handmade mugs", "name": "Mug Shop", "access_mode": "account",
		"show_referral_badge": false, "is_live": true, "domain_verified": true, "subdomain": "stolen"})
	id := s["id"].(string)
	assert.Regexp(t, `^site_`, id)
	for k, want := range map[string]any{
		"object": "site", "name": "Mug Shop", "access_mode": "account", "subdomain": "mug-shop",
		"app_url": "https://mug-shop.crevio.site", "domain": nil, "domain_verified": false, "is_live": false,
		"show_referral_badge": false, "github_repo_full_name": nil, "github_url": nil,
	} {
		assert.Equal(t, want, s[k], k)
	}
	assert.Contains(t, s, "created_at")
	assert.NotContains(t, s, "prompt", "the prompt is an input, not a field")
	task, _ := s["build_task_id"].(string)
	assert.Regexp(t, `^task_`, task)

	// The build is a task with one pending run.
	runs := a.do(http.MethodGet, "/task_runs?ai_task_id="+task, nil)
	require.Equal(t, http.StatusOK, runs.Status)
	require.Len(t, runs.data(), 1)
	run := runs.data()[0].(map[string]any)
	assert.Equal(t, task, run["task_id"])
	assert.Equal(t, "pending", run["status"])
	assert.Equal(t, "Build site Mug Shop", run["summary"])

	got := a.do(http.MethodGet, "/sites/"+id, nil)
	require.Equal(t, http.StatusOK, got.Status)
	assert.Equal(t, s, got.Body)
	assert.Equal(t, []string{id}, a.do(http.MethodGet, "/sites", nil).ids())

	// From a repository: no prompt needed, no build.
	r := a.create("/sites", map[string]any{"repository": "acme/storefront"})
	assert.Equal(t, "storefront", r["name"])
	assert.Equal(t, "public", r["access_mode"])
	assert.Equal(t, true, r["show_referral_badge"])
	assert.Equal(t, "acme/storefront", r["github_repo_full_name"])
	assert.Equal(t, "https://github.com/acme/storefront", r["github_url"])
	assert.Nil(t, r["build_task_id"])
	assert.NotContains(t, r, "repository")
	assert.Equal(t, 1, a.srv.Count("task_runs"))

	for _, tt := range []struct {
		name string
		body map[string]any
		errs map[string]any
	}{
		{"nothing", map[string]any{"name": "X"}, map[string]any{"prompt": []any{"can't be blank unless repository is given"}}},
		{"repository", map[string]any{"repository": "not-a-repo"}, map[string]any{"repository": []any{"is invalid"}}},
		{"repository with a path", map[string]any{"repository": "a/b/c"}, map[string]any{"repository": []any{"is invalid"}}},
		{"taken subdomain", map[string]any{"prompt": "Again", "name": "Mug shop!"}, map[string]any{"subdomain": []any{"has already been taken"}}},
		{"access mode", map[string]any{"prompt": "P", "name": "Other", "access_mode": "secret"}, map[string]any{"access_mode": []any{"is not included in the list"}}},
		{"badge", map[string]any{"prompt": "P", "name": "Other", "show_referral_badge": "yes"}, map[string]any{"show_referral_badge": []any{"must be true or false"}}},
	} {
		res := a.do(http.MethodPost, "/sites", tt.body)
		require.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s: %s", tt.name, res.Raw)
		assert.Equal(t, tt.errs, res.errField("errors"), tt.name)
	}
	assert.Equal(t, 2, a.srv.Count("sites"))
	assert.Equal(t, 1, a.srv.Count("task_runs"), "a refused create starts no build")
}

func TestTaskRuns(t *testing.T) {
	a := newAPI(t)
	formRoutes(t, a, "POST /task_runs", "PATCH /task_runs/trun_x", "DELETE /task_runs/trun_x")
	_, err := a.srv.Seed("task_runs",
		map[string]any{"id": "trun_1", "task_id": "task_a", "status": "completed", "summary": "Done", "input_tokens": 10,
			"output_tokens": 20, "credits_consumed": 3, "tool_calls_count": 2, "duration_ms": 1500,
			"started_at": "2026-01-01T00:00:00Z", "completed_at": "2026-01-01T00:00:02Z", "created_at": "2026-01-01T00:00:00Z"},
		map[string]any{"id": "trun_2", "task_id": "task_a", "status": "failed", "error_message": "boom", "created_at": "2026-01-02T00:00:00Z"},
		map[string]any{"id": "trun_3", "task_id": "task_b", "created_at": "2026-01-03T00:00:00Z"})
	require.NoError(t, err)

	run := a.do(http.MethodGet, "/task_runs/trun_3", nil).Body
	for k, want := range map[string]any{"object": "task_run", "task_id": "task_b", "status": "pending", "summary": nil,
		"error_message": nil, "input_tokens": 0.0, "output_tokens": 0.0, "credits_consumed": 0.0, "tool_calls_count": 0.0,
		"duration_ms": nil, "started_at": nil, "completed_at": nil} {
		assert.Equal(t, want, run[k], k)
	}
	assert.Contains(t, run, "updated_at")

	for q, want := range map[string][]string{
		"":                                    {"trun_3", "trun_2", "trun_1"},
		"?ai_task_id=task_a":                  {"trun_2", "trun_1"},
		"?status=failed":                      {"trun_2"},
		"?ai_task_id=task_a&status=completed": {"trun_1"},
		"?ai_task_id=task_none":               nil,
		"?task_id=task_b":                     {"trun_3", "trun_2", "trun_1"}, // not a filter
		"?limit=1&starting_after=trun_3":      {"trun_2"},
	} {
		res := a.do(http.MethodGet, "/task_runs"+q, nil)
		require.Equal(t, http.StatusOK, res.Status, q)
		assert.Equal(t, want, res.ids(), q)
	}
}
