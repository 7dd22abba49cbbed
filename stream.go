package crevio

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// streamBody is a request body that is written while it is sent, through a
// pipe, so that a large upload is never held in memory. go-retryablehttp
// would read an io.Reader body whole before the first attempt, so a stream
// never goes through it: do sets the request's Body itself.
type streamBody struct {
	// contentType is the Content-Type header of the body.
	contentType string
	// write writes the whole body to w, once per attempt, on a goroutine of
	// its own. Errors reading the caller's source should wrap
	// errUploadSource, so that they are not retried.
	write func(w io.Writer) error
	// rewind prepares the source for another attempt. nil means the body
	// can be sent only once, and the call is never retried.
	rewind func() error
}

// errUploadSource marks an error reading the caller's upload source: it does
// not heal by sending again, so it is never retried.
var errUploadSource = errors.New("reading the upload source")

// errUploadStopped ends the writer of an attempt that is over.
var errUploadStopped = errors.New("crevio: upload attempt ended")

// pipeBody feeds a streamBody to the attempts of one call, each through a
// fresh io.Pipe written by its own goroutine. Only one writer runs at a
// time: before a retry rewinds the source, the previous writer has ended.
type pipeBody struct {
	src     *streamBody
	mu      sync.Mutex
	pr      *io.PipeReader // the current attempt's body
	done    chan struct{}  // closed when the current writer has returned
	started bool
}

// attach gives req the body of a new attempt. It is the first attempt's
// setup and, as go-retryablehttp's PrepareRetry hook, each retry's.
func (p *pipeBody) attach(req *http.Request) error {
	body, err := p.next()
	if err != nil {
		return err
	}
	req.Body = body
	req.ContentLength = -1 // unknown: sent chunked
	req.GetBody = nil      // net/http must not replay a stream on its own
	if p.src.rewind != nil {
		req.GetBody = p.next
	}
	return nil
}

// next ends the previous attempt's writer, rewinds the source when this is
// not the first attempt, and starts a writer for a new pipe.
func (p *pipeBody) next() (io.ReadCloser, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopLocked()
	if p.started {
		if p.src.rewind == nil {
			return nil, fmt.Errorf("%w: the body cannot be sent twice", errUploadSource)
		}
		if err := p.src.rewind(); err != nil {
			return nil, fmt.Errorf("%w: rewinding: %w", errUploadSource, err)
		}
	}
	p.started = true
	pr, pw := io.Pipe()
	done := make(chan struct{})
	write := p.src.write
	go func() {
		defer close(done)
		// nil closes the pipe cleanly: the reader sees io.EOF.
		pw.CloseWithError(write(pw))
	}()
	p.pr, p.done = pr, done
	return pr, nil
}

// stop ends the current writer, if any, and waits for it to return. A
// writer blocked on the pipe returns at once; one blocked reading the
// caller's source returns when that read does.
func (p *pipeBody) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopLocked()
}

func (p *pipeBody) stopLocked() {
	if p.pr == nil {
		return
	}
	p.pr.CloseWithError(errUploadStopped)
	<-p.done
	p.pr, p.done = nil, nil
}
