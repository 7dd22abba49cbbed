package creviotest

import "net/url"

// taskRunStatuses are the status values of a task run.
var taskRunStatuses = []string{"pending", "running", "completed", "failed", "needs_input"}

// taskRunsResource defines /v1/task_runs: list (documented; filters status
// and ai_task_id, the run's task_id) and get (inferred). Runs are not made
// through the API (create, update and delete answer 405): tests seed them,
// and creating a site with a prompt adds the pending run of its build.
func taskRunsResource() *resource {
	return &resource{
		name:     "task_runs",
		path:     "/task_runs",
		prefix:   "trun_",
		object:   "task_run",
		disabled: opCreate | opUpdate | opDelete,
		filters:  []string{"status"},
		listFilter: func(r map[string]any, q url.Values) bool {
			vs, ok := q["ai_task_id"]
			return !ok || stringField(r, "task_id") == vs[0]
		},
		required: []string{"task_id", "status"},
		enums:    map[string][]string{"status": taskRunStatuses},
		defaults: func(r map[string]any) {
			setDefault(r, "status", "pending")
			for _, f := range []string{"summary", "error_message", "duration_ms", "started_at", "completed_at"} {
				setDefault(r, f, nil)
			}
			for _, f := range []string{"input_tokens", "output_tokens", "credits_consumed", "tool_calls_count"} {
				setDefault(r, f, float64(0))
			}
		},
	}
}
