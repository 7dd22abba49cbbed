package crevio

import (
	"context"
	"iter"
	"net/http"
)

// TaskRunsService is the task runs API: the executions of tasks handed to
// Crevio's AI agent (a site build is one). List is documented; Get is
// inferred. Tasks themselves have no documented schema: reach them with
// [Client.Do].
type TaskRunsService service

// TaskRun is one execution of a task. Only ID, Object, TaskID, Status and
// CreatedAt are sure to be set; the other fields' nullability is not
// documented. Fields the agent adds (result, chat_id, ...) are reachable
// through RawJSON.
type TaskRun struct {
	// ID is the run's id.
	ID string `json:"id"`
	// Object is "task_run" (inferred).
	Object string `json:"object"`
	// TaskID is the id of the task the run belongs to (the list's
	// AITaskID filter).
	TaskID string `json:"task_id"`
	// Status is pending, running, completed, failed or needs_input.
	Status TaskRunStatus `json:"status"`
	// Summary says what the run did.
	Summary *string `json:"summary"`
	// ErrorMessage says why a failed run failed.
	ErrorMessage *string `json:"error_message"`
	// InputTokens is the number of model input tokens the run used.
	InputTokens *int64 `json:"input_tokens"`
	// OutputTokens is the number of model output tokens the run used.
	OutputTokens *int64 `json:"output_tokens"`
	// CreditsConsumed is the credits the run cost: an integer in the
	// reference's example, decoded as any JSON number.
	CreditsConsumed *float64 `json:"credits_consumed"`
	// ToolCallsCount is the number of tool calls the run made.
	ToolCallsCount *int `json:"tool_calls_count"`
	// DurationMS is how long the run took, in milliseconds.
	DurationMS *int64 `json:"duration_ms"`
	// StartedAt is when the run started; zero until it has.
	StartedAt Time `json:"started_at"`
	// CompletedAt is when the run ended; zero until it has.
	CompletedAt Time `json:"completed_at"`

	CreatedAt Time `json:"created_at"`
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (r *TaskRun) objectID() string { return r.ID }

// TaskRunStatus is the status of a task run.
type TaskRunStatus string

// Known task run statuses.
const (
	TaskRunStatusPending    TaskRunStatus = "pending"
	TaskRunStatusRunning    TaskRunStatus = "running"
	TaskRunStatusCompleted  TaskRunStatus = "completed"
	TaskRunStatusFailed     TaskRunStatus = "failed"
	TaskRunStatusNeedsInput TaskRunStatus = "needs_input"
)

// IsKnown reports whether s is one of the statuses this version knows.
func (s TaskRunStatus) IsKnown() bool {
	return oneOf(s, TaskRunStatusPending, TaskRunStatusRunning, TaskRunStatusCompleted, TaskRunStatusFailed,
		TaskRunStatusNeedsInput)
}

// TaskRunListParams filter and page a task run list.
type TaskRunListParams struct {
	// Status lists only runs with this status.
	Status *TaskRunStatus `url:"status"`
	// AITaskID lists only the runs of this task: the id runs call TaskID
	// (the filter's name differs from the field's).
	AITaskID      *string `url:"ai_task_id"`
	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// List returns one page of task runs, newest first.
//
// API: GET /v1/task_runs
func (s *TaskRunsService) List(ctx context.Context, params *TaskRunListParams, opts ...RequestOption) (*Page[TaskRun], error) {
	return callPath[Page[TaskRun]](ctx, s.c, http.MethodGet, pathTaskRuns, params, opts)
}

// All iterates over every task run matching params.
//
// API: GET /v1/task_runs (repeated with starting_after)
func (s *TaskRunsService) All(ctx context.Context, params *TaskRunListParams, opts ...RequestOption) iter.Seq2[*TaskRun, error] {
	return all(ctx, params, s.List, opts)
}

// TaskRunGetParams are the params of [TaskRunsService.Get]. The API
// documents none; nil is the usual value.
type TaskRunGetParams struct {
	Extra map[string]any
}

// Get returns a task run by id (inferred: the reference documents only the
// list).
//
// API: GET /v1/task_runs/{id}
func (s *TaskRunsService) Get(ctx context.Context, id string, params *TaskRunGetParams, opts ...RequestOption) (*TaskRun, error) {
	return callObject[TaskRun](ctx, s.c, http.MethodGet, pathTaskRuns, id, params, opts)
}
