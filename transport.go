package crevio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// guardTransport is the outermost round tripper of every client. For each
// attempt (each request it sees) it counts the answer in the call's attempt
// and bounds every wait, whatever transport it wraps, by cancelling the
// attempt's context: each silence while the request body is sent and while
// the response body is read is bounded by readIdle, and the wait for the
// response headers, from the end of the request body (as net/http's
// ResponseHeaderTimeout), by headerTimeout. One timer per attempt, reset as
// data moves. It exposes RoundTrip only, so http.Client.CloseIdleConnections
// (which go-retryablehttp calls on failures) never reaches the pool.
type guardTransport struct {
	rt            http.RoundTripper
	headerTimeout time.Duration
	readIdle      time.Duration
}

// The phases of an attempt, as its watchdog sees them.
const (
	phaseSending int32 = iota // the request body is being sent
	phaseWaiting              // for the response headers
	phaseReading              // the response body (or the attempt is over)
)

// errStalled is the cause with which a watchdog cancels its attempt.
var errStalled = errors.New("crevio: attempt stalled")

// stallError is the error of an attempt whose server went silent. It is a
// net.Error whose Timeout is true.
type stallError struct{ msg string }

func (e *stallError) Error() string   { return e.msg }
func (e *stallError) Timeout() bool   { return true }
func (e *stallError) Temporary() bool { return true }

// RoundTrip sends req through the wrapped transport under the attempt's
// watchdog, and hands back a body that keeps it watching.
func (t *guardTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	w := &watchdog{t: t, cancel: cancel}
	out := req.WithContext(ctx)
	first := t.headerTimeout
	if req.Body != nil && req.Body != http.NoBody {
		w.phase.Store(phaseSending)
		out.Body = &sendBody{w: w, body: req.Body}
		if getBody := req.GetBody; getBody != nil {
			// net/http may send the body again (a stale pooled connection).
			out.GetBody = func() (io.ReadCloser, error) {
				b, err := getBody()
				if err != nil {
					return nil, err
				}
				return &sendBody{w: w, body: b}, nil
			}
		}
		first = t.readIdle
	} else {
		w.phase.Store(phaseWaiting)
	}
	w.timer = time.AfterFunc(first, w.fire)
	resp, err := t.rt.RoundTrip(out)
	w.mu.Lock()
	w.phase.Store(phaseReading)
	if err != nil {
		w.timer.Stop()
	} else {
		w.timer.Reset(t.readIdle)
	}
	w.mu.Unlock()
	if err != nil {
		cancel(nil)
		switch w.fired.Load() {
		case phaseSending + 1:
			return nil, &stallError{fmt.Sprintf("no progress sending the request for %v", t.readIdle)}
		case phaseWaiting + 1:
			return nil, &stallError{fmt.Sprintf("no response headers within %v", t.headerTimeout)}
		}
		return nil, err
	}
	if a := attemptOf(req.Context()); a != nil {
		a.answers.Add(1)
	}
	w.body = resp.Body
	if w.body == nil {
		w.body = http.NoBody
	}
	resp.Body = w
	if resp.Request == nil {
		// A custom transport may leave it out; the retry policy finds the
		// call's attempt through it.
		resp.Request = req
	}
	return resp, nil
}

// watchdog is the timer of one attempt and, once the headers are in, the
// response body that resets it on every read that makes progress.
type watchdog struct {
	t      *guardTransport
	body   io.ReadCloser
	timer  *time.Timer
	cancel context.CancelCauseFunc
	mu     sync.Mutex   // orders the phase changes and their timer resets
	phase  atomic.Int32 // phaseSending, phaseWaiting or phaseReading
	fired  atomic.Int32 // 1 + the phase in which the timer fired; 0: it did not
}

func (w *watchdog) fire() {
	w.fired.CompareAndSwap(0, w.phase.Load()+1)
	w.cancel(errStalled)
}

// sent notes progress sending the request body: a silence restarts, and
// the end of the body starts the wait for the headers.
func (w *watchdog) sent(done bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.phase.Load() != phaseSending {
		return
	}
	if done {
		w.phase.Store(phaseWaiting)
		w.timer.Reset(w.t.headerTimeout)
		return
	}
	w.timer.Reset(w.t.readIdle)
}

func (w *watchdog) Read(p []byte) (int, error) {
	n, err := w.body.Read(p)
	switch {
	case err == io.EOF:
		w.timer.Stop()
	case err != nil:
		if w.fired.Load() != 0 {
			err = &stallError{fmt.Sprintf("no data from the server for %v", w.t.readIdle)}
		}
	case n > 0:
		w.timer.Reset(w.t.readIdle)
	}
	return n, err
}

// Close closes the response body, then releases the attempt's context.
func (w *watchdog) Close() error {
	w.timer.Stop()
	err := w.body.Close()
	w.cancel(nil)
	return err
}

// sendBody is the request body as the transport reads it, reporting
// progress to the attempt's watchdog.
type sendBody struct {
	w    *watchdog
	body io.ReadCloser
}

func (b *sendBody) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	if n > 0 || err == io.EOF {
		b.w.sent(err == io.EOF)
	}
	return n, err
}

// Close closes the body; a transport closes it once it has sent it.
func (b *sendBody) Close() error {
	b.w.sent(true)
	return b.body.Close()
}
