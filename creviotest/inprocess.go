package creviotest

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"syscall"
	"time"
)

// In-process serving. A loopback listener cannot live in a testing/synctest
// bubble: its accept loop and connections block on the network, which
// keeps fake time from advancing, so every timer wait in the bubble hangs.
// Inside a bubble a Server therefore serves its Fake in process, through an
// http.RoundTripper that calls the handler directly; the SDK's retries,
// Retry-After waits and the fake's latency and webhook backoff then run on
// the bubble's fake clock: instant in real time, exact in fake time.

// inBubble reports whether the calling goroutine runs in a testing/synctest
// bubble. Inside one, time.Now has no monotonic clock reading (the runtime
// omits it so that fake and real readings never mix); outside one it
// always has one. Round(0) strips the monotonic reading, so it changes the
// value exactly when there is one.
func inBubble() bool {
	now := time.Now()
	return now == now.Round(0)
}

// inProcessHost is the host of a Server served in process: a reserved name
// (RFC 2606) that never resolves, so a client that bypasses the Server's
// transport fails at once instead of reaching the network.
const inProcessHost = "creviotest.invalid"

// inProcessTransport is an http.RoundTripper that serves requests with a
// handler, in process. Handler aborts (the fake dropping or cutting a
// connection with http.ErrAbortHandler) become what the network would
// show: a reset connection before any answer, or a body that ends early.
type inProcessTransport struct {
	h http.Handler
	// async runs the handler on its own goroutine, so a request whose
	// context ends returns at once even if the handler does not: for
	// webhook receivers, which are user code. The fake itself honours the
	// request's context, so API requests are served on the caller's
	// goroutine.
	async bool

	mu      sync.Mutex
	closed  bool
	running sync.WaitGroup
}

// errInProcessClosed is the error of a request sent after close, as a
// closed listener refuses connections.
var errInProcessClosed = &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}

// RoundTrip serves req with the handler.
func (t *inProcessTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		closeBody(req)
		return nil, errInProcessClosed
	}
	t.running.Add(1)
	t.mu.Unlock()
	defer t.running.Done()
	if err := req.Context().Err(); err != nil {
		closeBody(req)
		return nil, err
	}
	if !t.async {
		defer closeBody(req)
		return serveInProcess(t.h, req)
	}
	type result struct {
		resp *http.Response
		err  error
	}
	done := make(chan result, 1)
	t.running.Add(1)
	go func() {
		defer t.running.Done()
		defer closeBody(req)
		resp, err := serveInProcess(t.h, req)
		done <- result{resp, err}
	}()
	select {
	case r := <-done:
		return r.resp, r.err
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
}

// close refuses new requests and waits for those in progress to end.
func (t *inProcessTransport) close() {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	t.running.Wait()
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}

// serveInProcess runs h on a copy of req and returns its answer.
func serveInProcess(h http.Handler, req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	sreq := req.Clone(req.Context())
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "127.0.0.1:1"
	if sreq.Host == "" {
		sreq.Host = req.URL.Host
	}
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
		h.ServeHTTP(rec, sreq)
		return false
	}()
	if err := req.Context().Err(); err != nil {
		return nil, err // the client gave up while the handler was busy
	}
	res := rec.Result()
	res.Request = req
	if aborted {
		if rec.Body.Len() == 0 {
			return nil, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
		}
		res.Body = io.NopCloser(io.MultiReader(bytes.NewReader(rec.Body.Bytes()), errorReader{io.ErrUnexpectedEOF}))
	}
	return res, nil
}

// errorReader is a reader that fails with err.
type errorReader struct{ err error }

func (e errorReader) Read([]byte) (int, error) { return 0, e.err }
