package crevio

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Rate limits shared by every call of one client. Two mechanisms, both
// applied before every attempt (first attempts and retries alike), both
// waiting on the call's context:
//
//   - The Retry-After gate (on by default; WithSharedRetryAfter(false)
//     turns it off). When any call receives a 429, or a 503 with
//     Retry-After, the instant the server named (capped by
//     WithMaxRetryAfter, scaled by WithRetryAfterScale) becomes the
//     client's: every other call holds its next attempt until then,
//     instead of spending a request on a 429 of its own. The gate only
//     moves forward: a shorter Retry-After learned later does not open it
//     early. With no limit active, the check is one atomic load.
//   - The token bucket (WithRateLimit, off by default): at most rps
//     attempts per second on average, in bursts of at most burst.
//
// Only API requests wait and count: an upload's PUT to its storage host
// (files.go) neither waits for the limits nor teaches the gate.
//
// The first attempt waits in core.do, before go-retryablehttp runs; a retry
// waits in prepareRetry, go-retryablehttp's PrepareRetry hook, after its
// backoff. Both run outside the http.Client, so a wait never counts against
// an http.Client Timeout (which bounds each attempt), and a wait cut short
// by the context returns the context's error without sending anything.

// limiter holds the client-wide limits of a core.
type limiter struct {
	// epoch anchors the gate's instants: they are kept as monotonic
	// durations since it, so a wall-clock step cannot open or extend the
	// gate.
	epoch time.Time
	// until is the instant, in nanoseconds since epoch, before which no
	// attempt is sent; 0 when no Retry-After is pending (always, when
	// shared is false).
	until  atomic.Int64
	shared bool    // the Retry-After gate is on: learn sets until
	bucket *bucket // nil: no client-side limit
}

// since returns the time elapsed since the limiter's epoch.
func (l *limiter) since() int64 { return int64(time.Since(l.epoch)) }

// wait holds the calling attempt until the gate is open and the bucket has
// a token for it, or ctx ends (then it returns ctx's error). When no limit
// is active it is one atomic load, inlined into its caller.
func (l *limiter) wait(ctx context.Context) error {
	if l.until.Load() != 0 || l.bucket != nil {
		return l.waitSlow(ctx)
	}
	return nil
}

// waitSlow is wait when a limit may be active.
func (l *limiter) waitSlow(ctx context.Context) error {
	if l.until.Load() != 0 {
		if err := l.waitGate(ctx); err != nil {
			return err
		}
	}
	if l.bucket != nil {
		return l.bucket.wait(ctx, l)
	}
	return nil
}

// waitGate sleeps until the gate's instant, as often as the gate moves
// while it sleeps, and clears the gate once it has passed.
func (l *limiter) waitGate(ctx context.Context) error {
	for {
		until := l.until.Load()
		if until == 0 {
			return nil
		}
		d := time.Duration(until - l.since())
		if d <= 0 {
			// Passed: clear it, unless another call has just moved it.
			l.until.CompareAndSwap(until, 0)
			continue
		}
		if err := sleepCtx(ctx, d); err != nil {
			return err
		}
	}
}

// learn records a Retry-After of d from a 429 or 503 answer: no attempt
// of the client is sent until d from now (capped at maxWait, then scaled
// by scale). A gate already later stays as it is.
func (l *limiter) learn(d, maxWait time.Duration, scale float64) {
	if !l.shared {
		return
	}
	d = min(d, maxWait)
	if scale != 1 {
		d = time.Duration(float64(d) * scale)
	}
	if d <= 0 {
		return
	}
	until := l.since() + int64(d)
	for {
		old := l.until.Load()
		if old >= until || l.until.CompareAndSwap(old, until) {
			return
		}
	}
}

// learnFrom feeds the gate from an answer: a 429, or a 503 carrying a
// Retry-After, whose Retry-After parses.
func (c *core) learnFrom(resp *http.Response) {
	if !c.limits.shared {
		return
	}
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return
	}
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		c.limits.learn(d, c.maxRetryAfter, c.retryAfterScale)
	}
}

// bucket is a token bucket (rate tokens a second, holding at most burst,
// starting full), kept as the generic cell rate algorithm: one instant,
// tat, in integer nanoseconds, so its schedule is exact. Each attempt
// reserves the next slot and sleeps until it is due, so waiters are served
// in turn without a queue.
type bucket struct {
	interval int64 // ns between tokens
	slack    int64 // (burst-1) intervals: how far ahead of tat an attempt may go

	mu  sync.Mutex
	tat int64 // the theoretical arrival time of the next attempt, ns since the limiter's epoch
}

// newBucket returns a full bucket. WithRateLimit bounds rate to at least
// one an hour, so interval is at most an hour; slack is clamped to a
// century, so no instant overflows.
func newBucket(rate float64, burst int) *bucket {
	interval := max(1, int64(float64(time.Second)/rate))
	slack := int64(min(float64(burst-1)*float64(interval), float64(100*365*24*time.Hour)))
	return &bucket{interval: interval, slack: slack}
}

// wait takes a token, sleeping until it is due. If ctx ends first, the
// slot is handed back and ctx's error returned.
func (b *bucket) wait(ctx context.Context, l *limiter) error {
	now := l.since()
	b.mu.Lock()
	tat := max(b.tat, now)
	due := tat - b.slack
	b.tat = tat + b.interval
	b.mu.Unlock()
	if due <= now {
		return nil
	}
	if err := sleepCtx(ctx, time.Duration(due-now)); err != nil {
		// Hand the slot back: the next attempt to come takes it (ahead
		// of its turn if others have reserved since, which keeps the
		// average rate).
		b.mu.Lock()
		b.tat -= b.interval
		b.mu.Unlock()
		return err
	}
	return nil
}

// sleepCtx sleeps for d or until ctx ends, whichever comes first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// prepareRetry is go-retryablehttp's PrepareRetry: after the backoff, a
// retry waits for the client's limits like a first attempt. An error
// (the context ended) stops the call without sending the retry.
func prepareRetry(req *http.Request) error {
	if a := attemptOf(req.Context()); a != nil {
		return a.c.limits.wait(a)
	}
	return nil
}
