package crevio

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"path"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The shared Retry-After gate and WithRateLimit. Every test runs in a
// testing/synctest bubble: waits are exact in fake time and cost no real
// time.

const rateLimitedBody = `{"error":{"type":"rate_limit_error","code":"rate_limited","message":"slow down"}}`

// limitRT answers each request with answer(name, n): name is the last path
// segment (the product id of a Get), n how many requests that name had
// before. It records every request as "name@elapsed" in fake time, and
// holds a name's first request until hold[name] is closed.
type limitRT struct {
	start  time.Time
	answer func(name string, n int) *http.Response
	hold   map[string]chan struct{}

	mu     sync.Mutex
	counts map[string]int
	sends  []string
}

func newLimitRT(answer func(name string, n int) *http.Response) *limitRT {
	return &limitRT{start: time.Now(), answer: answer, counts: map[string]int{}, hold: map[string]chan struct{}{}}
}

func (rt *limitRT) RoundTrip(r *http.Request) (*http.Response, error) {
	name := path.Base(r.URL.Path)
	rt.mu.Lock()
	n := rt.counts[name]
	rt.counts[name]++
	rt.sends = append(rt.sends, fmt.Sprintf("%s@%v", name, time.Since(rt.start)))
	hold := rt.hold[name]
	rt.mu.Unlock()
	if hold != nil && n == 0 {
		<-hold
	}
	resp := rt.answer(name, n)
	resp.Request = r
	return resp, nil
}

func (rt *limitRT) sent() []string {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return append([]string(nil), rt.sends...)
}

// answers builds an answer function: the n-th request to name gets
// script[name][n] (a status and a Retry-After, "" for none), then 200.
func answers(script map[string][]string) func(string, int) *http.Response {
	return func(name string, n int) *http.Response {
		steps := script[name]
		if n >= len(steps) {
			return httpResponse(200, okProduct)
		}
		var status int
		var ra string
		_, _ = fmt.Sscanf(steps[n], "%d %s", &status, &ra)
		if ra == "" {
			return httpResponse(status, rateLimitedBody)
		}
		return httpResponse(status, rateLimitedBody, "Retry-After", ra)
	}
}

func limitClient(t *testing.T, rt http.RoundTripper, opts ...Option) *Client {
	t.Helper()
	c, err := New(testKey, append([]Option{WithBaseURL("https://api.crevio.test/v1"), WithTransport(rt)}, opts...)...)
	require.NoError(t, err)
	return c
}

// get runs c.Products.Get(ctx, id) on its own goroutine and reports its
// error on the returned channel.
func get(ctx context.Context, c *Client, id string) <-chan error {
	done := make(chan error, 1)
	go func() {
		_, err := c.Products.Get(ctx, id, nil)
		done <- err
	}()
	return done
}

// TestSharedGateHoldsOtherCalls: one call gets 429 Retry-After: 2; a second
// call started while the first waits does not send until 2 s of fake time
// have passed, and then both succeed with no second 429.
func TestSharedGateHoldsOtherCalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := newLimitRT(answers(map[string][]string{"a": {"429 2"}}))
		c := limitClient(t, rt)
		a := get(bg, c, "a")
		synctest.Wait() // a has its 429 and sleeps
		b := get(bg, c, "b")
		synctest.Wait()
		assert.Equal(t, []string{"a@0s"}, rt.sent(), "b is held at the gate")
		require.NoError(t, <-a)
		require.NoError(t, <-b)
		assert.ElementsMatch(t, []string{"a@0s", "a@2s", "b@2s"}, rt.sent())
	})
}

// TestSharedGateHoldsRetries: a call whose retry is due before the gate
// opens (a 500 with a 0.5 s backoff) sends it when the gate opens, not
// earlier.
func TestSharedGateHoldsRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := newLimitRT(answers(map[string][]string{"a": {"429 10"}, "b": {"500"}}))
		c := limitClient(t, rt)
		b := get(bg, c, "b")
		synctest.Wait() // b has its 500 and sleeps its backoff
		a := get(bg, c, "a")
		require.NoError(t, <-b)
		require.NoError(t, <-a)
		assert.ElementsMatch(t, []string{"b@0s", "a@0s", "b@10s", "a@10s"}, rt.sent())
	})
}

// TestSharedGateContextEndsWait: a call held at the gate returns its
// context's error as soon as the context ends, without sending: a
// cancelled context at once, a deadline when it passes, on a first attempt
// and on a retry.
func TestSharedGateContextEndsWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := newLimitRT(answers(map[string][]string{"a": {"429 30"}}))
		c := limitClient(t, rt)
		a := get(bg, c, "a")
		synctest.Wait()

		ctx, cancel := context.WithCancel(bg)
		b := get(ctx, c, "b")
		synctest.Wait()
		start := time.Now()
		cancel()
		err := <-b
		require.ErrorIs(t, err, context.Canceled)
		assert.Zero(t, time.Since(start))
		assert.Equal(t, "crevio: GET /products/b: context canceled", err.Error())

		ctx, cancel = context.WithTimeout(bg, 3*time.Second)
		defer cancel()
		_, err = c.Products.Get(ctx, "b", nil)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 3*time.Second, time.Since(start))

		require.NoError(t, <-a)
		assert.Equal(t, []string{"a@0s", "a@30s"}, rt.sent(), "b never sent")
	})
	synctest.Test(t, func(t *testing.T) {
		rt := newLimitRT(answers(map[string][]string{"a": {"429 30"}, "b": {"500"}}))
		c := limitClient(t, rt)
		ctx, cancel := context.WithTimeout(bg, 5*time.Second)
		defer cancel()
		b := get(ctx, c, "b")
		synctest.Wait() // b sleeps its backoff
		a := get(bg, c, "a")
		require.ErrorIs(t, <-b, context.DeadlineExceeded, "the retry is held past the deadline")
		assert.ElementsMatch(t, []string{"b@0s", "a@0s"}, rt.sent(), "b's retry never sent")
		require.NoError(t, <-a)
	})
}

// TestSharedGateOptOut: with WithSharedRetryAfter(false), each call waits
// only for its own Retry-After, as before the gate.
func TestSharedGateOptOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := newLimitRT(answers(map[string][]string{"a": {"429 2"}, "b": {"429 1"}}))
		c := limitClient(t, rt, WithSharedRetryAfter(false))
		a := get(bg, c, "a")
		synctest.Wait()
		b := get(bg, c, "b")
		require.NoError(t, <-a)
		require.NoError(t, <-b)
		assert.ElementsMatch(t, []string{"a@0s", "b@0s", "b@1s", "a@2s"}, rt.sent())
	})
}

// TestSharedGateCap: a Retry-After over WithMaxRetryAfter returns the
// call's *RateLimitError at once, as before, and holds the other calls for
// the cap, not for the Retry-After; with a cap of 0 nothing is held.
func TestSharedGateCap(t *testing.T) {
	for _, tc := range []struct {
		cap  time.Duration
		want string
	}{{time.Minute, "b@1m0s"}, {0, "b@0s"}} {
		t.Run(tc.cap.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rt := newLimitRT(answers(map[string][]string{"a": {"429 3600"}}))
				c := limitClient(t, rt, WithMaxRetryAfter(tc.cap))
				_, err := c.Products.Get(bg, "a", nil)
				var rl *RateLimitError
				require.ErrorAs(t, err, &rl)
				assert.Equal(t, time.Hour, rl.RetryAfter)
				_, err = c.Products.Get(bg, "b", nil)
				require.NoError(t, err)
				assert.Equal(t, []string{"a@0s", tc.want}, rt.sent())
			})
		})
	}
}

// TestSharedGateScale: WithRetryAfterScale scales the gate's hold as it
// scales the call's own wait.
func TestSharedGateScale(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := newLimitRT(answers(map[string][]string{"a": {"429 8"}}))
		c := limitClient(t, rt, WithRetryAfterScale(0.25), WithRetryBackoff(time.Millisecond, time.Millisecond))
		a := get(bg, c, "a")
		synctest.Wait()
		b := get(bg, c, "b")
		require.NoError(t, <-a)
		require.NoError(t, <-b)
		assert.ElementsMatch(t, []string{"a@0s", "a@2s", "b@2s"}, rt.sent())
	})
}

// TestSharedGateSources: a 503 with Retry-After holds the other calls
// even when its own call is not retried (a POST without a key); a 500 with
// Retry-After, or a 429 without one, holds no one else.
func TestSharedGateSources(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := newLimitRT(answers(map[string][]string{"products": {"503 3"}}))
		c := limitClient(t, rt)
		_, err := c.Products.Create(bg, &ProductCreateParams{Name: "P"})
		require.ErrorIs(t, err, ErrServer)
		_, err = c.Products.Get(bg, "b", nil)
		require.NoError(t, err)
		assert.Equal(t, []string{"products@0s", "b@3s"}, rt.sent())
	})
	for _, step := range []string{"500 5", "429"} {
		t.Run(step, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rt := newLimitRT(answers(map[string][]string{"a": {step}}))
				c := limitClient(t, rt)
				a := get(bg, c, "a")
				synctest.Wait()
				_, err := c.Products.Get(bg, "b", nil)
				require.NoError(t, err)
				assert.Equal(t, []string{"a@0s", "b@0s"}, rt.sent())
				require.NoError(t, <-a)
			})
		})
	}
}

// TestSharedGateNeverShortens: a shorter Retry-After learned while the gate
// is closed does not open it early.
func TestSharedGateNeverShortens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := newLimitRT(answers(map[string][]string{"a": {"429 10"}, "c": {"429 2"}}))
		release := make(chan struct{})
		rt.hold["c"] = release
		c := limitClient(t, rt)
		cDone := get(bg, c, "c") // in flight before the gate closes
		synctest.Wait()
		a := get(bg, c, "a")
		synctest.Wait() // a has its 429: the gate holds until 10 s
		close(release)  // c gets its 429 with 2 s
		synctest.Wait()
		b := get(bg, c, "b")
		for _, ch := range []<-chan error{a, b, cDone} {
			require.NoError(t, <-ch)
		}
		assert.ElementsMatch(t, []string{"c@0s", "a@0s", "a@10s", "c@10s", "b@10s"}, rt.sent())
	})
}

// TestSharedGateManyCallers: one call gets 429 Retry-After: 1; then 32
// goroutines share the client, 4 calls each, every request taking 10 ms.
// None sends before 1 s, all succeed, and the only 429 is the first. Run
// with -race: the goroutines meet at the gate and are released together.
func TestSharedGateManyCallers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := newLimitRT(func(name string, n int) *http.Response {
			if name == "first" && n == 0 {
				return httpResponse(429, rateLimitedBody, "Retry-After", "1")
			}
			time.Sleep(10 * time.Millisecond)
			return httpResponse(200, okProduct)
		})
		c := limitClient(t, rt)
		first := get(bg, c, "first")
		synctest.Wait()
		var wg sync.WaitGroup
		for i := range 32 {
			wg.Go(func() {
				for j := range 4 {
					_, err := c.Products.Get(bg, fmt.Sprintf("p%d-%d", i, j), nil)
					assert.NoError(t, err)
				}
			})
		}
		wg.Wait()
		require.NoError(t, <-first)
		sends := rt.sent()
		assert.Len(t, sends, 32*4+2)
		want := map[string]int{"0s": 1, "1s": 33, "1.01s": 32, "1.02s": 32, "1.03s": 32}
		got := map[string]int{}
		for _, s := range sends {
			_, at, _ := cut(s)
			got[at]++
		}
		assert.Equal(t, want, got)
	})
}

// TestRateLimitSpacesAttempts: WithRateLimit(10, 1) spaces attempts 100 ms
// apart; WithRateLimit(2, 3) sends 3 at once, then one every 0.5 s.
func TestRateLimitSpacesAttempts(t *testing.T) {
	for _, tc := range []struct {
		rps   float64
		burst int
		want  []string
	}{
		{10, 1, []string{"0s", "100ms", "200ms", "300ms", "400ms"}},
		{2, 3, []string{"0s", "0s", "0s", "500ms", "1s"}},
	} {
		t.Run(fmt.Sprint(tc.rps, tc.burst), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rt := newLimitRT(answers(nil))
				c := limitClient(t, rt, WithRateLimit(tc.rps, tc.burst))
				var want []string
				for i, at := range tc.want {
					_, err := c.Products.Get(bg, fmt.Sprint(i), nil)
					require.NoError(t, err)
					want = append(want, fmt.Sprintf("%d@%s", i, at))
				}
				assert.Equal(t, want, rt.sent())
			})
		})
	}
}

// TestRateLimitConcurrent: 20 goroutines share WithRateLimit(10, 1): the
// 20 requests go out 100 ms apart, one at each slot.
func TestRateLimitConcurrent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := newLimitRT(answers(nil))
		c := limitClient(t, rt, WithRateLimit(10, 1))
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				_, err := c.Products.Get(bg, fmt.Sprint(i), nil)
				assert.NoError(t, err)
			})
		}
		wg.Wait()
		slots := map[string]int{}
		for _, s := range rt.sent() {
			_, at, _ := cut(s)
			slots[at]++
		}
		want := map[string]int{}
		for i := range 20 {
			want[(time.Duration(i) * 100 * time.Millisecond).String()] = 1
		}
		assert.Equal(t, want, slots)
	})
}

func cut(s string) (string, string, bool) {
	for i := range len(s) {
		if s[i] == '@' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// TestRateLimitRetriesTakeTokens: a retry takes a token like any attempt:
// with one a second, a 500's retry waits for the next second, not just its
// backoff.
func TestRateLimitRetriesTakeTokens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := newLimitRT(answers(map[string][]string{"a": {"500"}}))
		c := limitClient(t, rt, WithRateLimit(1, 1), WithRetryBackoff(time.Millisecond, time.Millisecond))
		_, err := c.Products.Get(bg, "a", nil)
		require.NoError(t, err)
		assert.Equal(t, []string{"a@0s", "a@1s"}, rt.sent())
	})
}

// TestRateLimitContext: a call waiting for a token returns its context's
// error when the context ends, without sending, and hands its slot back:
// the next call is not delayed by it.
func TestRateLimitContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := newLimitRT(answers(nil))
		c := limitClient(t, rt, WithRateLimit(1, 1))
		_, err := c.Products.Get(bg, "a", nil)
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(bg, 300*time.Millisecond)
		defer cancel()
		_, err = c.Products.Get(ctx, "b", nil)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		_, err = c.Products.Get(bg, "c", nil)
		require.NoError(t, err)
		assert.Equal(t, []string{"a@0s", "c@1s"}, rt.sent())
	})
}

// TestRateLimitWithGate: the bucket and the gate compose: a call held by
// the gate then waits for its token.
func TestRateLimitWithGate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := newLimitRT(answers(map[string][]string{"a": {"429 2"}}))
		c := limitClient(t, rt, WithRateLimit(2, 1))
		a := get(bg, c, "a")
		synctest.Wait()
		b := get(bg, c, "b")
		require.NoError(t, <-a)
		require.NoError(t, <-b)
		// After the gate, one of a and b takes the 2 s token, the other
		// waits 0.5 s for the next.
		sends := rt.sent()
		require.Len(t, sends, 3)
		assert.Equal(t, "a@0s", sends[0])
		assert.Contains(t, [][]string{{"a@2s", "b@2.5s"}, {"b@2s", "a@2.5s"}}, sends[1:])
	})
}

// TestRateLimitOptions: New refuses a rate that is not a finite number of
// at least one an hour, and a burst below 1.
func TestRateLimitOptions(t *testing.T) {
	for _, tc := range []struct {
		rps   float64
		burst int
	}{{0, 1}, {-1, 1}, {math.NaN(), 1}, {math.Inf(1), 1}, {1.0 / 7200, 1}, {10, 0}, {10, -1}} {
		_, err := New(testKey, WithRateLimit(tc.rps, tc.burst))
		assert.Error(t, err, "%v %d", tc.rps, tc.burst)
	}
	_, err := New(testKey, WithRateLimit(1.0/3600, 1))
	assert.NoError(t, err)
	_, err = New(testKey, WithRateLimit(1e12, math.MaxInt))
	assert.NoError(t, err)
}

// BenchmarkLimiterWait measures the check every attempt makes: with no
// limit active (the gate on, as by default, and off) and with a bucket
// that never makes the attempt wait.
func BenchmarkLimiterWait(b *testing.B) {
	for _, m := range []struct {
		name string
		l    *limiter
	}{
		{"gate=off", &limiter{epoch: time.Now()}},
		{"gate=on", &limiter{epoch: time.Now(), shared: true}},
		{"bucket=1e9", &limiter{epoch: time.Now(), shared: true, bucket: newBucket(1e9, 1<<30)}},
	} {
		b.Run(m.name, func(b *testing.B) {
			for b.Loop() {
				if err := m.l.wait(bg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestSharedGateIgnoresStorageHost: a 429 from the storage host an upload
// PUTs to holds the upload's own retry, not the client's API calls, and
// the PUT takes no token of WithRateLimit.
func TestSharedGateIgnoresStorageHost(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := newLimitRT(func(name string, n int) *http.Response {
			switch {
			case name == "files":
				return httpResponse(200, `{"id":"file_1","object":"file","upload_url":"https://storage.test/b/up_1"}`)
			case name == "up_1" && n == 0:
				return httpResponse(429, `slow down`, "Retry-After", "5")
			case name == "uploaded":
				return httpResponse(200, `{"id":"file_1","object":"file","status":"uploaded"}`)
			}
			return httpResponse(200, okProduct)
		})
		c := limitClient(t, rt, WithRateLimit(1, 2))
		done := make(chan error, 1)
		go func() {
			_, err := c.Files.Upload(bg, &FileUploadParams{Filename: "a.txt", Reader: strings.NewReader("hello")})
			done <- err
		}()
		synctest.Wait() // the PUT has its 429 and sleeps
		b := get(bg, c, "b")
		require.NoError(t, <-b)
		require.NoError(t, <-done)
		assert.Equal(t, []string{"files@0s", "up_1@0s", "b@0s", "up_1@5s", "uploaded@5s"}, rt.sent())
	})
}
