package creviotest

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// requestBudget is the token bucket of [Fake.RequestBudget], kept as the
// generic cell rate algorithm (one instant, tat), so its schedule is exact
// in fake time. It is guarded by the faultSet's mutex.
type requestBudget struct {
	perSecond float64
	burst     int
	interval  time.Duration // between tokens
	slack     time.Duration // (burst-1) intervals
	tat       time.Time     // the theoretical arrival time of the next request
	scope     scope
	header    http.Header
}

// RequestBudget limits the API to perSecond requests a second, as a server
// with a rate limit would: a token bucket that holds burst requests (one
// second's worth, and at least one, when burst <= 0) and starts full. A
// request over the budget answers 429 rate_limited with a Retry-After of
// the whole seconds until the next request would be accepted (at least 1),
// plus the headers given with [Header], and is shown as the fault
// "request_budget" in [Fake.Requests]. A refused request does not use the
// budget up. [Only] limits which requests count and are refused; the
// control plane never is. A queued fault (Fail, RateLimit, ...) answers
// before the budget is consulted, and does not use it up.
//
// The budget lasts until changed: setting it again replaces it (full
// again), perSecond <= 0 removes it, and so do [Fake.ClearFaults] and
// [Fake.Reset]. It runs on time.Now, so inside a testing/synctest bubble
// it runs on the bubble's fake clock.
func (f *Fake) RequestBudget(perSecond float64, burst int, opts ...FaultOption) {
	var tmp fault
	for _, o := range opts {
		o(&tmp)
	}
	f.faults.mu.Lock()
	defer f.faults.mu.Unlock()
	if !(perSecond > 0) || math.IsInf(perSecond, 1) {
		f.faults.budget = nil
		return
	}
	if burst <= 0 {
		burst = int(min(max(1, math.Ceil(perSecond)), math.MaxInt32))
	}
	// Clamped to a century each, so no instant overflows.
	const century = float64(100 * 365 * 24 * time.Hour)
	interval := max(1, time.Duration(min(float64(time.Second)/perSecond, century)))
	slack := time.Duration(min(float64(burst-1)*float64(interval), century))
	f.faults.budget = &requestBudget{perSecond: perSecond, burst: burst, interval: interval,
		slack: slack, tat: time.Now(), scope: tmp.scope, header: tmp.header}
}

// overBudget takes a request from the budget, if there is one and the
// request is in its scope, and returns the 429 fault of a request over it
// (nil when the request may be served). s.mu is held.
func (s *faultSet) overBudget(method, rel string) *fault {
	b := s.budget
	if b == nil || !b.scope.matches(method, rel) {
		return nil
	}
	now := time.Now()
	tat := b.tat
	if tat.Before(now) {
		tat = now
	}
	due := tat.Add(-b.slack)
	if !due.After(now) {
		b.tat = tat.Add(b.interval)
		return nil
	}
	wait := max(1, math.Ceil(due.Sub(now).Seconds()))
	h := b.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Retry-After", strconv.FormatFloat(wait, 'f', 0, 64))
	return &fault{kind: faultStatus, name: "request_budget", remaining: 1,
		status: http.StatusTooManyRequests, scope: b.scope, header: h}
}

// budgetSnapshot describes the budget for GET /v1/test_helpers/faults
// (nil when there is none), with its scope.
func (s *faultSet) budgetSnapshot() (map[string]any, scope) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.budget
	if b == nil {
		return nil, scope{}
	}
	headers := map[string]any{}
	for k, vs := range b.header {
		headers[k] = strings.Join(vs, ", ")
	}
	return map[string]any{"object": "fault", "kind": "request_budget", "per_second": b.perSecond,
		"burst": b.burst, "headers": headers}, b.scope
}
