package creviotest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// The control plane: /v1/test_helpers/..., authenticated like the rest of
// the API, drives the fake from any HTTP client (curl, another language,
// creviomock's subcommands) the way a Go test drives it through Fake's
// methods:
//
//	GET    /v1/test_helpers                          the routes below
//	POST   /v1/test_helpers/checkouts/{id}/complete  pay a checkout; answers the order
//	POST   /v1/test_helpers/checkouts/{id}/expire    expire a checkout; answers it
//	POST   /v1/test_helpers/customers/{id}/confirm   confirm a customer; answers it
//	POST   /v1/test_helpers/trigger                  {"type", "object"}: send an event; answers the events
//	GET    /v1/test_helpers/faults                   the pending faults and latency rules
//	POST   /v1/test_helpers/faults                   inject a fault (see faultRequest)
//	DELETE /v1/test_helpers/faults                   clear every fault and latency
//	GET    /v1/test_helpers/deliveries               webhook events with their attempts
//	POST   /v1/test_helpers/deliveries/wait          wait until deliveries are done (?timeout=10s)
//	POST   /v1/test_helpers/reset                    empty the store, as a new fake
//
// Injected faults and latency never apply to the control plane itself, so
// a fault waits for the API request it is meant for.

// testHelpersSegment is the first path segment of the control plane.
const testHelpersSegment = "test_helpers"

// testHelperRoutes documents the control plane, for GET /v1/test_helpers.
var testHelperRoutes = []string{
	"POST /v1/test_helpers/checkouts/{id}/complete",
	"POST /v1/test_helpers/checkouts/{id}/expire",
	"POST /v1/test_helpers/customers/{id}/confirm",
	"POST /v1/test_helpers/trigger",
	"GET /v1/test_helpers/faults",
	"POST /v1/test_helpers/faults",
	"DELETE /v1/test_helpers/faults",
	"GET /v1/test_helpers/deliveries",
	"POST /v1/test_helpers/deliveries/wait",
	"POST /v1/test_helpers/reset",
}

// isControlPlane reports whether rel (a path without /v1) is under
// /test_helpers.
func isControlPlane(rel string) bool {
	return rel == "/"+testHelpersSegment || strings.HasPrefix(rel, "/"+testHelpersSegment+"/")
}

// testHelper answers an authenticated request under /v1/test_helpers; segs
// are the segments after test_helpers.
func (f *Fake) testHelper(r *http.Request, segs []string, body []byte) *response {
	q := r.URL.Query()
	route := strings.Join(segs, "/")
	allow := func(method string, serve func() *response) *response {
		if r.Method != method {
			resp := errorResponse(errMethodNotAllowed(r.Method, r.URL.Path))
			resp.header = http.Header{"Allow": {method}}
			return resp
		}
		return serve()
	}
	switch {
	case route == "":
		return allow(http.MethodGet, func() *response {
			return jsonResponse(http.StatusOK, map[string]any{"object": "test_helpers", "routes": testHelperRoutes})
		})
	case len(segs) == 3 && segs[0] == "checkouts" && segs[2] == "complete":
		return allow(http.MethodPost, func() *response { return f.helperComplete(segs[1], q) })
	case len(segs) == 3 && segs[0] == "checkouts" && segs[2] == "expire":
		return allow(http.MethodPost, func() *response { return f.helperExpire(segs[1], q) })
	case len(segs) == 3 && segs[0] == "customers" && segs[2] == "confirm":
		return allow(http.MethodPost, func() *response { return f.helperConfirm(segs[1], q) })
	case route == "trigger":
		return allow(http.MethodPost, func() *response { return f.helperTrigger(body) })
	case route == "faults":
		switch r.Method {
		case http.MethodGet:
			return f.helperFaults()
		case http.MethodPost:
			return f.helperInject(body)
		case http.MethodDelete:
			f.ClearFaults()
			return f.helperFaults()
		}
		resp := errorResponse(errMethodNotAllowed(r.Method, r.URL.Path))
		resp.header = http.Header{"Allow": {"GET, POST, DELETE"}}
		return resp
	case route == "deliveries":
		return allow(http.MethodGet, func() *response { return f.helperDeliveries(q) })
	case route == "deliveries/wait":
		return allow(http.MethodPost, func() *response { return f.helperWait(r.Context(), q) })
	case route == "reset":
		return allow(http.MethodPost, func() *response {
			f.Reset()
			return jsonResponse(http.StatusOK, map[string]any{"object": "test_helpers.reset", "reset": true})
		})
	}
	return errorResponse(errRouteNotFound(r.Method, r.URL.Path))
}

// errHelperState is the answer to a helper whose object is in the wrong
// state (a checkout that is no longer open).
func errHelperState(err error) *apiError {
	return &apiError{Status: http.StatusBadRequest, Type: typeInvalidRequest, Code: "invalid_state",
		Message: strings.TrimPrefix(err.Error(), "creviotest: ")}
}

// renderByID renders an object of the named resource, or answers 404.
func (f *Fake) renderByID(resource, id string, q url.Values) *response {
	t := f.st.tables[resource]
	f.st.mu.RLock()
	defer f.st.mu.RUnlock()
	r := t.lookup(id)
	if r == nil {
		return errorResponse(errNoSuch(t.def.object, id))
	}
	return jsonResponse(http.StatusOK, f.st.render(t, r, parseExpand(q)))
}

// exists reports whether the named resource holds idOrSlug.
func (f *Fake) exists(resource, idOrSlug string) bool {
	f.st.mu.RLock()
	defer f.st.mu.RUnlock()
	return f.st.tables[resource].lookup(idOrSlug) != nil
}

func (f *Fake) helperComplete(id string, q url.Values) *response {
	if !f.exists("checkouts", id) {
		return errorResponse(errNoSuch("checkout", id))
	}
	orderID, err := f.CompleteCheckout(id)
	if err != nil {
		return errorResponse(errHelperState(err))
	}
	return f.renderByID("orders", orderID, q)
}

func (f *Fake) helperExpire(id string, q url.Values) *response {
	if !f.exists("checkouts", id) {
		return errorResponse(errNoSuch("checkout", id))
	}
	if err := f.ExpireCheckout(id); err != nil {
		return errorResponse(errHelperState(err))
	}
	return f.renderByID("checkouts", id, q)
}

func (f *Fake) helperConfirm(id string, q url.Values) *response {
	if !f.exists("customers", id) {
		return errorResponse(errNoSuch("customer", id))
	}
	if err := f.ConfirmCustomer(id); err != nil {
		return errorResponse(errHelperState(err))
	}
	return f.renderByID("customers", id, q)
}

// listResponse answers a list envelope holding every object of data.
func listResponse(path string, data []any) *response {
	return jsonResponse(http.StatusOK, map[string]any{
		"object": "list", "data": data, "has_more": false, "url": APIPrefix + path,
	})
}

// TriggerEvent sends a webhook event of type eventType (one the fake
// sends, such as "order.paid" or "customer.confirmed") about an object,
// as if the change behind it had just happened, without changing
// anything: every active endpoint subscribed to the type gets a signed
// delivery of the object as it is now, recorded in /v1/webhook_events like
// any other. id names the object (an id, or a slug where the resource has
// them) of the resource the type is about (orders for order.*, customers
// for lead.created and customer.*, ...); an empty id takes the newest
// object of that resource. It returns the ids of the events recorded, one
// per subscribed endpoint (none when no endpoint is subscribed), or an
// error for an unknown type or a missing object.
func (f *Fake) TriggerEvent(eventType, id string) ([]string, error) {
	recs, e := f.trigger(eventType, id)
	if e != nil {
		return nil, errors.New("creviotest: " + e.Message)
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = stringField(r, "id")
	}
	return ids, nil
}

// eventResource returns the resource the events of type typ are about.
func eventResource(typ string) (string, bool) {
	for _, r := range webhookRules {
		if r.event == typ {
			return r.resource, true
		}
	}
	return "", false
}

// trigger sends an event of type typ about an object and returns the
// events recorded, rendered.
func (f *Fake) trigger(typ, id string) ([]map[string]any, *apiError) {
	resource, ok := eventResource(typ)
	if !ok {
		return nil, errBadRequest("parameter_invalid", "type", fmt.Sprintf("Unknown event type %q: the fake sends %s.",
			typ, strings.Join(webhookEventTypes(), ", ")))
	}
	t := f.st.tables[resource]
	if t == nil {
		return nil, errBadRequest("parameter_invalid", "type", fmt.Sprintf("The fake has no %s for %s events.", resource, typ))
	}
	st := f.st
	st.mu.Lock()
	defer st.mu.Unlock()
	var r *record
	switch {
	case id != "":
		if r = t.lookup(id); r == nil {
			e := errNoSuch(t.def.object, id)
			e.Param = "object"
			return nil, e
		}
	case len(t.order) > 0:
		r = t.order[len(t.order)-1]
	default:
		e := errNoSuch(t.def.object, "")
		e.Param = "object"
		e.Message = fmt.Sprintf("There are no %s to send %s about: create one, or name one with \"object\".",
			strings.ReplaceAll(resource, "_", " "), typ)
		return nil, e
	}
	events := st.tables["webhook_events"]
	before := st.seq
	f.hooks.emit(t, r, []string{typ})
	var out []map[string]any
	for _, ev := range events.order {
		if ev.seq > before {
			out = append(out, st.render(events, ev, nil))
		}
	}
	return out, nil
}

func (f *Fake) helperTrigger(body []byte) *response {
	var req struct {
		Type   string `json:"type"`
		Object string `json:"object"`
	}
	if e := decodeHelperBody(body, &req); e != nil {
		return errorResponse(e)
	}
	if strings.TrimSpace(req.Type) == "" {
		return errorResponse(errBadRequest("parameter_missing", "type", "Give the event type to send, such as \"order.paid\"."))
	}
	events, e := f.trigger(req.Type, req.Object)
	if e != nil {
		return errorResponse(e)
	}
	data := make([]any, len(events))
	for i, ev := range events {
		data[i] = ev
	}
	return listResponse("/test_helpers/trigger", data)
}

// decodeHelperBody decodes a control-plane request body (empty: nothing)
// into v, refusing unknown fields so a typo is an error, not a no-op.
func decodeHelperBody(body []byte, v any) *apiError {
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errBadRequest("invalid_json", "", "The request body is not valid: "+err.Error())
	}
	return nil
}

// faultRequest is the body of POST /v1/test_helpers/faults.
type faultRequest struct {
	// Kind is the fault: fail, fail_after, rate_limit, latency,
	// drop_connection, malformed_body, truncated_body, html_error or
	// request_budget.
	Kind string `json:"kind"`
	// Count is how many requests the fault applies to (default 1); not
	// for latency, which lasts until changed.
	Count *int `json:"count"`
	// Status is the answer's status: fail and fail_after (default 500),
	// html_error (default 502).
	Status int `json:"status"`
	// RetryAfter is the Retry-After header: rate_limit, or any fault
	// that answers.
	RetryAfter string `json:"retry_after"`
	// Headers are more headers for the fault's answers.
	Headers map[string]string `json:"headers"`
	// Duration is the latency: a Go duration ("250ms", "2s") or a number
	// of milliseconds; 0 removes the latency of the scope.
	Duration json.RawMessage `json:"duration"`
	// Method and Path scope the fault, as [Only] does.
	Method string `json:"method"`
	Path   string `json:"path"`
	// PerSecond and Burst are the request_budget, as [Fake.RequestBudget]
	// takes them; a per_second of 0 removes the budget.
	PerSecond float64 `json:"per_second"`
	Burst     int     `json:"burst"`
}

// faultKinds are the kinds of faultRequest.
var faultKinds = []string{"fail", "fail_after", "rate_limit", "latency", "drop_connection",
	"malformed_body", "truncated_body", "html_error", "request_budget"}

func (f *Fake) helperInject(body []byte) *response {
	var req faultRequest
	if e := decodeHelperBody(body, &req); e != nil {
		return errorResponse(e)
	}
	if !slices.Contains(faultKinds, req.Kind) {
		return errorResponse(errBadRequest("parameter_invalid", "kind",
			fmt.Sprintf("Unknown fault kind %q: use one of %s.", req.Kind, strings.Join(faultKinds, ", "))))
	}
	n := 1
	if req.Count != nil {
		n = *req.Count
		if n < 1 && req.Kind != "latency" {
			return errorResponse(errBadRequest("parameter_invalid", "count", "count must be at least 1."))
		}
	}
	if req.Status != 0 && (req.Status < 100 || req.Status > 599) {
		return errorResponse(errBadRequest("parameter_invalid", "status", "status must be between 100 and 599."))
	}
	var opts []FaultOption
	if req.Method != "" || req.Path != "" {
		opts = append(opts, Only(req.Method, req.Path))
	}
	keys := make([]string, 0, len(req.Headers))
	for k := range req.Headers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		opts = append(opts, Header(k, req.Headers[k]))
	}
	if req.RetryAfter != "" && req.Kind != "rate_limit" {
		opts = append(opts, RetryAfter(req.RetryAfter))
	}
	status := req.Status
	switch req.Kind {
	case "fail", "fail_after":
		if status == 0 {
			status = http.StatusInternalServerError
		}
		if req.Kind == "fail" {
			f.Fail(n, status, opts...)
		} else {
			f.FailAfter(n, status, opts...)
		}
	case "rate_limit":
		f.RateLimit(n, req.RetryAfter, opts...)
	case "latency":
		d, e := parseHelperDuration(req.Duration)
		if e != nil {
			return errorResponse(e)
		}
		f.Latency(d, opts...)
	case "drop_connection":
		f.DropConnection(n, opts...)
	case "malformed_body":
		f.MalformedBody(n, opts...)
	case "truncated_body":
		f.TruncatedBody(n, opts...)
	case "html_error":
		f.HTMLError(n, status, opts...)
	case "request_budget":
		if req.PerSecond < 0 || req.Burst < 0 {
			return errorResponse(errBadRequest("parameter_invalid", "per_second", "per_second and burst must not be negative."))
		}
		f.RequestBudget(req.PerSecond, req.Burst, opts...)
	}
	return f.helperFaults()
}

// parseHelperDuration reads a latency: a Go duration string or a number of
// milliseconds.
func parseHelperDuration(raw json.RawMessage) (time.Duration, *apiError) {
	bad := errBadRequest("parameter_invalid", "duration",
		"duration must be a duration such as \"250ms\" or \"2s\", or a number of milliseconds.")
	if len(raw) == 0 {
		return 0, errBadRequest("parameter_missing", "duration", "A latency needs a duration, such as \"250ms\".")
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return 0, bad
		}
		return d, nil
	}
	var ms float64
	if err := json.Unmarshal(raw, &ms); err != nil || ms < 0 || ms > math.MaxInt64/float64(time.Millisecond) {
		return 0, bad
	}
	return time.Duration(ms * float64(time.Millisecond)), nil
}

// helperFaults answers the pending faults and latency rules, in the order
// they apply.
func (f *Fake) helperFaults() *response {
	queue, latency := f.faults.snapshot()
	data := make([]any, 0, len(queue)+len(latency))
	scopeFields := func(m map[string]any, s scope) {
		m["method"], m["path"] = nil, nil
		if s.method != "" {
			m["method"] = strings.ToUpper(s.method)
		}
		if s.path != nil {
			m["path"] = "/" + strings.Join(s.path, "/")
		}
	}
	for _, flt := range queue {
		m := map[string]any{"object": "fault", "kind": flt.name, "remaining": flt.remaining, "status": nil}
		if flt.kind != faultDrop && flt.kind != faultTruncated {
			m["status"] = flt.status
		}
		headers := map[string]any{}
		for k, vs := range flt.header {
			headers[k] = strings.Join(vs, ", ")
		}
		m["headers"] = headers
		scopeFields(m, flt.scope)
		data = append(data, m)
	}
	for _, l := range latency {
		m := map[string]any{"object": "fault", "kind": "latency", "duration": l.d.String()}
		scopeFields(m, l.scope)
		data = append(data, m)
	}
	if m, s := f.faults.budgetSnapshot(); m != nil {
		scopeFields(m, s)
		data = append(data, m)
	}
	return listResponse("/test_helpers/faults", data)
}

// helperDeliveries answers the webhook events the fake keeps, newest
// first, each with its delivery attempts and their failure reasons; the
// query filters by type, status and webhook_endpoint.
func (f *Fake) helperDeliveries(q url.Values) *response {
	t := f.st.tables["webhook_events"]
	f.st.mu.RLock()
	defer f.st.mu.RUnlock()
	data := []any{}
	for i := len(t.order) - 1; i >= 0; i-- {
		r := t.order[i]
		if matchFilters(t.def, r.obj, q) {
			data = append(data, f.st.render(t, r, nil))
		}
	}
	return listResponse("/test_helpers/deliveries", data)
}

// helperWait waits for the webhook deliveries in flight, at most the
// query's timeout (default 10 s, at most 5 minutes).
func (f *Fake) helperWait(ctx context.Context, q url.Values) *response {
	timeout := 10 * time.Second
	if s := q.Get("timeout"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 || d > 5*time.Minute {
			return errorResponse(errBadRequest("parameter_invalid", "timeout",
				"timeout must be a duration between 1ns and 5m, such as \"10s\"."))
		}
		timeout = d
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// Closing the fake ends every delivery, so this returns then too.
	err := f.WaitDeliveries(ctx)
	if err != nil {
		return errorResponse(&apiError{Status: http.StatusGatewayTimeout, Type: typeAPI, Code: "deliveries_pending",
			Message: fmt.Sprintf("Webhook deliveries were still in flight after %v.", timeout)})
	}
	return jsonResponse(http.StatusOK, map[string]any{"object": "test_helpers.deliveries_wait", "pending": 0})
}
