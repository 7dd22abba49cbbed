package crevio

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTaskRunsWire(t *testing.T) {
	one, list := fixture(t, "task_run.json"), fixture(t, "task_runs_list.json")
	checkWire(t, []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.TaskRuns.List(bg, nil); return err },
			method: "GET", path: "/task_runs", respond: list,
		},
		{
			name: "list with every param",
			call: func(c *Client) error {
				_, err := c.TaskRuns.List(bg, &TaskRunListParams{Status: Ptr(TaskRunStatusNeedsInput), AITaskID: Ptr("task_9f8e7d"),
					Limit: Ptr(100), StartingAfter: Ptr("trun_b"), Extra: map[string]any{"chat_id": "chat_1"}})
				return err
			},
			method: "GET", path: "/task_runs", query: "ai_task_id=task_9f8e7d&chat_id=chat_1&limit=100&starting_after=trun_b&status=needs_input",
			respond: list,
		},
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.TaskRuns.Get(bg, "trun_abc123", nil); return err },
			method: "GET", path: "/task_runs/trun_abc123", respond: one,
		},
	})
}

func TestTaskRunDecode(t *testing.T) {
	raw := fixture(t, "task_run.json")
	r := newRecorder(t)
	r.respond(200, raw)
	run, err := r.client().TaskRuns.Get(bg, "trun_abc123", nil)
	require.NoError(t, err)
	assert.Equal(t, "trun_abc123", run.ID)
	assert.Equal(t, "task_run", run.Object)
	assert.Equal(t, "task_9f8e7d", run.TaskID)
	assert.Equal(t, TaskRunStatusCompleted, run.Status)
	assert.Equal(t, "Built the storefront", *run.Summary)
	assert.Nil(t, run.ErrorMessage)
	assert.Equal(t, int64(12000), *run.InputTokens)
	assert.Equal(t, int64(3400), *run.OutputTokens)
	assert.Equal(t, 12.0, *run.CreditsConsumed)
	assert.Equal(t, 17, *run.ToolCallsCount)
	assert.Equal(t, int64(95000), *run.DurationMS)
	assert.Equal(t, time.Date(2026, 11, 30, 8, 0, 5, 0, time.UTC), run.StartedAt.UTC())
	assert.Equal(t, time.Date(2026, 11, 30, 8, 1, 40, 0, time.UTC), run.CompletedAt.UTC())
	assert.Equal(t, time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC), run.CreatedAt.UTC())
	assert.Equal(t, time.Date(2026, 11, 30, 8, 1, 40, 0, time.UTC), run.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(run.RawJSON()))
	var extra struct {
		ChatID string `json:"chat_id"`
	}
	require.NoError(t, json.Unmarshal(run.RawJSON(), &extra))
	assert.Equal(t, "chat_1", extra.ChatID, "the agent's extra fields stay reachable")

	r.respond(200, fixture(t, "task_runs_list.json"))
	page, err := r.client().TaskRuns.List(bg, nil)
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	require.Len(t, page.Data, 2)
	b := page.Data[0]
	assert.Equal(t, TaskRunStatusNeedsInput, b.Status)
	assert.Equal(t, 1.5, *b.CreditsConsumed, "any JSON number")
	assert.Nil(t, b.InputTokens)
	assert.True(t, b.CompletedAt.IsZero())
	a := page.Data[1]
	assert.Equal(t, TaskRunStatusFailed, a.Status)
	assert.Equal(t, "The repository is not reachable.", *a.ErrorMessage)
	assert.Nil(t, a.Summary, "absent")
	for _, s := range []TaskRunStatus{TaskRunStatusPending, TaskRunStatusRunning, TaskRunStatusCompleted, TaskRunStatusFailed, TaskRunStatusNeedsInput} {
		assert.True(t, s.IsKnown())
	}
	assert.False(t, TaskRunStatus("queued").IsKnown())
}
