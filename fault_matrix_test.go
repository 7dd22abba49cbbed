package crevio_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fault matrix: every fault against every kind of call, run against
// creviotest in process inside a testing/synctest bubble. The fake clock
// makes Retry-After and backoff waits exact and instant, and the bubble
// fails the test if any goroutine is left behind.

// inProcess is a RoundTripper that serves requests with the fake's handler
// in the calling goroutine, and can fail the next request at the transport
// level first (connection refused, reset, or a doctored answer).
type inProcess struct {
	h http.Handler

	mu   sync.Mutex
	next []func(*http.Request) (*http.Response, error) // transport faults, used once each
	sent int
}

func (t *inProcess) inject(n int, f func(*http.Request) (*http.Response, error)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for range n {
		t.next = append(t.next, f)
	}
}

func (t *inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	t.mu.Lock()
	t.sent++
	var fault func(*http.Request) (*http.Response, error)
	if len(t.next) > 0 {
		fault, t.next = t.next[0], t.next[1:]
	}
	t.mu.Unlock()
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if fault != nil {
		if req.Body != nil {
			_, _ = io.Copy(io.Discard, req.Body)
		}
		return fault(req)
	}
	return t.serve(req)
}

// serve runs the handler. A handler that aborts (the fake dropping or
// cutting a connection) becomes a reset connection or a body that ends
// early, as the network would show it.
func (t *inProcess) serve(req *http.Request) (resp *http.Response, err error) {
	rec := httptest.NewRecorder()
	sreq := req.Clone(req.Context())
	sreq.RequestURI = req.URL.RequestURI()
	if sreq.Body == nil {
		sreq.Body = http.NoBody
	}
	aborted := func() (aborted bool) {
		defer func() {
			if r := recover(); r != nil {
				if r != http.ErrAbortHandler {
					panic(r)
				}
				aborted = true
			}
		}()
		t.h.ServeHTTP(rec, sreq)
		return false
	}()
	if err := req.Context().Err(); err != nil {
		return nil, err // the client gave up while the server was busy
	}
	res := rec.Result()
	if aborted {
		if rec.Body.Len() == 0 {
			return nil, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
		}
		res.Body = io.NopCloser(io.MultiReader(bytes.NewReader(rec.Body.Bytes()), errReader{io.ErrUnexpectedEOF}))
		return res, nil
	}
	return res, nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func refused(*http.Request) (*http.Response, error) {
	return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
}

func resetBeforeResponse(*http.Request) (*http.Response, error) {
	return nil, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
}

func answer(status int, contentType, body string) func(*http.Request) (*http.Response, error) {
	return func(*http.Request) (*http.Response, error) {
		return &http.Response{
			StatusCode: status, Status: strconv.Itoa(status) + " " + http.StatusText(status),
			Header:        http.Header{"Content-Type": {contentType}},
			Body:          io.NopCloser(strings.NewReader(body)),
			ContentLength: int64(len(body)),
		}, nil
	}
}

// outcome is what a call must end in.
type outcome int

const (
	succeeds       outcome = iota // after retries, if any
	apiError                      // *crevio.Error
	rateLimited                   // *crevio.RateLimitError
	decodeError                   // *crevio.DecodeError
	transportErr                  // a network error, unwrapped to syscall errors
	deadline                      // context.DeadlineExceeded
	canceled                      // context.Canceled
	idempotentWin                 // succeeds if the call may be retried, else apiError
	idempotentWinT                // succeeds if the call may be retried, else transportErr
	idempotentWinD                // succeeds if the call may be retried, else decodeError
)

type matrixOp struct {
	name       string
	idempotent bool // may be retried after it reached the server
	creates    bool // a success adds one product
	deletes    bool // a success removes one product
	call       func(ctx context.Context, c *crevio.Client) error
}

var matrixOps = []matrixOp{
	{name: "GET", idempotent: true, call: func(ctx context.Context, c *crevio.Client) error {
		_, err := c.Products.Get(ctx, "seeded-a", nil)
		return err
	}},
	{name: "list iteration", idempotent: true, call: func(ctx context.Context, c *crevio.Client) error {
		n := 0
		for _, err := range c.Products.All(ctx, &crevio.ProductListParams{Limit: crevio.Ptr(1)}) {
			if err != nil {
				return err
			}
			n++
		}
		if n != 2 {
			return fmt.Errorf("walked %d products, want 2", n)
		}
		return nil
	}},
	{name: "POST", creates: true, call: func(ctx context.Context, c *crevio.Client) error {
		_, err := c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Created"})
		return err
	}},
	{name: "POST with idempotency key", idempotent: true, creates: true, call: func(ctx context.Context, c *crevio.Client) error {
		_, err := c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Created"}, crevio.WithIdempotencyKey("matrix-key"))
		return err
	}},
	{name: "PATCH", idempotent: true, call: func(ctx context.Context, c *crevio.Client) error {
		_, err := c.Products.Update(ctx, "seeded-a", &crevio.ProductUpdateParams{Name: crevio.Ptr("Renamed")})
		return err
	}},
	{name: "DELETE", idempotent: true, deletes: true, call: func(ctx context.Context, c *crevio.Client) error {
		_, err := c.Products.Delete(ctx, "seeded-b", nil)
		return err
	}},
}

type matrixFault struct {
	name    string
	inject  func(f *creviotest.Fake, tr *inProcess, cancel context.CancelFunc)
	want    outcome
	commits bool // the server processes the request even though the call fails
	// wantFor, when set, gives the outcome per call, and whether a failed
	// call still changed the store.
	wantFor func(op matrixOp) (outcome, bool)
	minWait time.Duration // the call must not finish sooner (Retry-After is never shortened)
	maxWait time.Duration // nor later
	opts    []crevio.Option
}

func httpDate(d time.Duration) string { return time.Now().Add(d).UTC().Format(http.TimeFormat) }

var matrixFaults = []matrixFault{
	{name: "429 Retry-After seconds", want: succeeds, minWait: 2 * time.Second, maxWait: 2 * time.Second,
		inject: func(f *creviotest.Fake, _ *inProcess, _ context.CancelFunc) { f.RateLimit(1, "2") }},
	{name: "429 Retry-After HTTP date", want: succeeds, minWait: 3 * time.Second, maxWait: 3 * time.Second,
		inject: func(f *creviotest.Fake, _ *inProcess, _ context.CancelFunc) { f.RateLimit(1, httpDate(3*time.Second)) }},
	{name: "429 without Retry-After", want: succeeds, minWait: 250 * time.Millisecond, maxWait: 500 * time.Millisecond,
		inject: func(f *creviotest.Fake, _ *inProcess, _ context.CancelFunc) { f.RateLimit(1, "") }},
	{name: "429 absurd Retry-After", want: rateLimited, maxWait: 0,
		inject: func(f *creviotest.Fake, _ *inProcess, _ context.CancelFunc) { f.RateLimit(1, "86400") }},
	{name: "429 until retries run out", want: rateLimited, minWait: 2 * time.Second, maxWait: 2 * time.Second,
		inject: func(f *creviotest.Fake, _ *inProcess, _ context.CancelFunc) { f.RateLimit(3, "1") }},
	{name: "500", want: idempotentWin, inject: func(f *creviotest.Fake, _ *inProcess, _ context.CancelFunc) { f.Fail(1, 500) }},
	{name: "502", want: idempotentWin, inject: func(f *creviotest.Fake, _ *inProcess, _ context.CancelFunc) { f.Fail(1, 502) }},
	{name: "503 twice", want: idempotentWin, inject: func(f *creviotest.Fake, _ *inProcess, _ context.CancelFunc) { f.Fail(2, 503) }},
	{name: "504", want: idempotentWin, inject: func(f *creviotest.Fake, _ *inProcess, _ context.CancelFunc) { f.Fail(1, 504) }},
	{name: "5xx until retries run out", want: apiError,
		inject: func(f *creviotest.Fake, _ *inProcess, _ context.CancelFunc) { f.Fail(3, 503) }},
	{name: "connection refused", want: succeeds,
		inject: func(_ *creviotest.Fake, tr *inProcess, _ context.CancelFunc) { tr.inject(1, refused) }},
	{name: "connection reset before the response", want: idempotentWinT,
		inject: func(_ *creviotest.Fake, tr *inProcess, _ context.CancelFunc) { tr.inject(1, resetBeforeResponse) }},
	{name: "connection dropped by the server", want: idempotentWinT,
		inject: func(f *creviotest.Fake, _ *inProcess, _ context.CancelFunc) { f.DropConnection(1) }},
	{name: "response cut mid-body", want: idempotentWinD,
		inject: func(f *creviotest.Fake, _ *inProcess, _ context.CancelFunc) { f.TruncatedBody(1) }},
	{name: "malformed JSON", want: decodeError,
		inject: func(f *creviotest.Fake, _ *inProcess, _ context.CancelFunc) { f.MalformedBody(1) }},
	{name: "HTML error page with 502", want: idempotentWin,
		inject: func(f *creviotest.Fake, _ *inProcess, _ context.CancelFunc) { f.HTMLError(1, 502) }},
	{name: "empty 200 body", want: decodeError,
		inject: func(_ *creviotest.Fake, tr *inProcess, _ context.CancelFunc) {
			tr.inject(1, answer(200, "application/json", ""))
		}},
	{name: "wrong content type", want: decodeError,
		inject: func(_ *creviotest.Fake, tr *inProcess, _ context.CancelFunc) {
			tr.inject(1, answer(200, "text/html; charset=utf-8", "<html><body>Welcome to nginx!</body></html>"))
		}},
	{name: "body larger than the cap", want: decodeError, commits: true, opts: []crevio.Option{crevio.WithMaxResponseBytes(40)},
		inject: func(*creviotest.Fake, *inProcess, context.CancelFunc) {}},
	{name: "500 after the commit", wantFor: func(op matrixOp) (outcome, bool) {
		switch op.name {
		case "POST":
			return apiError, true // created once; not retried, so not doubled
		case "DELETE":
			return apiError, true // deleted; the retry finds nothing (404)
		}
		return succeeds, false // reads and PATCH retry; a keyed POST gets the stored answer
	},
		inject: func(f *creviotest.Fake, _ *inProcess, _ context.CancelFunc) { f.FailAfter(1, 500) }},
	{name: "server slower than the deadline", want: deadline, minWait: 5 * time.Second, maxWait: 5 * time.Second,
		inject: func(f *creviotest.Fake, _ *inProcess, _ context.CancelFunc) { f.Latency(time.Hour) }},
	{name: "context cancelled during a backoff", want: canceled, minWait: time.Second, maxWait: time.Second,
		inject: func(f *creviotest.Fake, _ *inProcess, cancel context.CancelFunc) {
			f.RateLimit(1, "30")
			time.AfterFunc(time.Second, cancel)
		}},
}

func TestFaultMatrix(t *testing.T) {
	tried := 0
	for _, fault := range matrixFaults {
		for _, op := range matrixOps {
			tried++
			t.Run(fault.name+"/"+op.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) { runMatrixCell(t, fault, op) })
			})
		}
	}
	t.Logf("fault matrix: %d faults x %d calls = %d cells", len(matrixFaults), len(matrixOps), tried)
}

func runMatrixCell(t *testing.T, fault matrixFault, op matrixOp) {
	fake := creviotest.New()
	defer fake.Close()
	_, err := fake.Seed("products",
		map[string]any{"name": "Seeded A", "slug": "seeded-a"},
		map[string]any{"name": "Seeded B", "slug": "seeded-b"})
	require.NoError(t, err)
	before := fake.Count("products")

	tr := &inProcess{h: fake}
	opts := append([]crevio.Option{crevio.WithBaseURL("https://api.crevio.test/v1"), crevio.WithTransport(tr)}, fault.opts...)
	c, err := crevio.New(fake.Token(), opts...)
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	fault.inject(fake, tr, cancel)
	start := time.Now()
	err = op.call(ctx, c)
	elapsed := time.Since(start)

	want, commits := fault.want, fault.commits
	if fault.wantFor != nil {
		want, commits = fault.wantFor(op)
	}
	switch want {
	case idempotentWin, idempotentWinT, idempotentWinD:
		if op.idempotent {
			want = succeeds
		} else {
			want = map[outcome]outcome{idempotentWin: apiError, idempotentWinT: transportErr, idempotentWinD: decodeError}[want]
		}
	}
	checkOutcome(t, want, err)

	if fault.maxWait > 0 || fault.minWait > 0 || fault.want == rateLimited && fault.maxWait == 0 {
		assert.GreaterOrEqual(t, elapsed, fault.minWait, "waited too little")
		assert.LessOrEqual(t, elapsed, fault.maxWait, "waited too long")
	}
	assert.LessOrEqual(t, elapsed, 5*time.Second, "the context deadline bounds the call")

	// Nothing lost, nothing doubled: the store holds exactly what succeeded.
	wantCount := before
	done := err == nil || commits
	if done && op.creates {
		wantCount++
	}
	if done && op.deletes {
		wantCount--
	}
	assert.Equal(t, wantCount, fake.Count("products"), "objects in the store")
}

func checkOutcome(t *testing.T, want outcome, err error) {
	t.Helper()
	var (
		apiErr *crevio.Error
		rl     *crevio.RateLimitError
		de     *crevio.DecodeError
	)
	switch want {
	case succeeds:
		assert.NoError(t, err)
	case apiError:
		require.ErrorAs(t, err, &apiErr)
		assert.False(t, errors.As(err, &rl), "not a rate limit: %v", err)
	case rateLimited:
		require.ErrorAs(t, err, &rl)
		assert.ErrorIs(t, err, crevio.ErrRateLimited)
	case decodeError:
		require.ErrorAs(t, err, &de)
	case transportErr:
		require.Error(t, err)
		assert.True(t, errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF), "%v", err)
		assert.False(t, errors.As(err, &apiErr), "%v", err)
	case deadline:
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	case canceled:
		assert.ErrorIs(t, err, context.Canceled)
	}
}
