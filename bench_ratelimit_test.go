package crevio_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// The shared rate limit, measured: 32 goroutines share one client against
// creviotest set to a fixed budget (RequestBudget: 100 requests a second,
// in bursts of up to 100), with the Retry-After gate off (each call waits
// only for its own 429), on (the default), and on with WithRateLimit set
// to the budget. Two workloads: "hammer", each goroutine calling back to
// back (every goroutine always has a request in flight), and "work=20ms",
// each goroutine spending 20 ms on every item between calls (1,600 calls a
// second offered, 16 times the budget). Run with:
//
//	go test -run '^$' -bench BenchmarkSharedRateLimit -benchtime 1x -count 1 .
//
// Each op is one call; 429s/op is the 429s the client received per call,
// errors/op the calls that gave up with a *RateLimitError, calls/s the
// calls completed per second (the server's first burst of 100 included).
// The waits are real: a Retry-After of 1 costs a second.

const (
	budgetRPS     = 100 // the server's budget, requests a second (burst: one second's worth)
	budgetWorkers = 32  // goroutines sharing the client
	budgetCalls   = 12  // calls each goroutine makes per op
)

// budgetWorkloads are the time each goroutine spends between calls.
var budgetWorkloads = []struct {
	name  string
	think time.Duration
}{{"hammer", 0}, {"work=20ms", 20 * time.Millisecond}}

// budgetResult is what one budgetRun saw.
type budgetResult struct {
	calls, ok, failed, tooMany int64
	elapsed                    time.Duration
}

// budgetRun runs budgetWorkers goroutines of calls each on c, which
// counts the 429s it receives into tooMany; each goroutine spends think
// after each call.
func budgetRun(c *crevio.Client, calls int, think time.Duration, tooMany *atomic.Int64) budgetResult {
	var ok, failed atomic.Int64
	before := tooMany.Load()
	start := time.Now()
	var wg sync.WaitGroup
	for range budgetWorkers {
		wg.Go(func() {
			for range calls {
				_, err := c.Products.Get(context.Background(), "prod_budget", nil)
				var rl *crevio.RateLimitError
				switch {
				case err == nil:
					ok.Add(1)
				case errors.As(err, &rl):
					failed.Add(1)
				default:
					panic(err)
				}
				if think > 0 {
					time.Sleep(think) // the work done on the item
				}
			}
		})
	}
	wg.Wait()
	return budgetResult{calls: int64(budgetWorkers * calls), ok: ok.Load(), failed: failed.Load(),
		tooMany: tooMany.Load() - before, elapsed: time.Since(start)}
}

// budgetServer starts a fake with one product and a budget of rps, and
// returns a client for it (with the production timing) that counts the
// 429s it receives.
func budgetServer(tb testing.TB, rps float64, opts ...crevio.Option) (*crevio.Client, *atomic.Int64) {
	srv := creviotest.NewTestServer(tb, creviotest.WithProductionTiming())
	if _, err := srv.Seed("products", map[string]any{"id": "prod_budget", "name": "Budget"}); err != nil {
		tb.Fatal(err)
	}
	srv.RequestBudget(rps, 0)
	tooMany := new(atomic.Int64)
	count := crevio.WithTransportMiddleware(func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			resp, err := next.RoundTrip(r)
			if err == nil && resp.StatusCode == http.StatusTooManyRequests {
				tooMany.Add(1)
			}
			return resp, err
		})
	})
	return srv.Client(append([]crevio.Option{count}, opts...)...), tooMany
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// budgetModes are the client settings compared.
var budgetModes = []struct {
	name string
	opts []crevio.Option
}{
	{"gate=off", []crevio.Option{crevio.WithSharedRetryAfter(false)}},
	{"gate=on", nil},
	{"gate=on+WithRateLimit", []crevio.Option{crevio.WithRateLimit(budgetRPS, budgetRPS/2)}},
}

func BenchmarkSharedRateLimit(b *testing.B) {
	for _, w := range budgetWorkloads {
		for _, m := range budgetModes {
			b.Run(w.name+"/"+m.name, func(b *testing.B) {
				c, tooMany := budgetServer(b, budgetRPS, m.opts...)
				var total budgetResult
				for b.Loop() {
					r := budgetRun(c, budgetCalls, w.think, tooMany)
					total.calls += r.calls
					total.ok += r.ok
					total.failed += r.failed
					total.tooMany += r.tooMany
					total.elapsed += r.elapsed
				}
				b.ReportMetric(float64(total.elapsed.Nanoseconds())/float64(total.calls), "ns/op")
				b.ReportMetric(float64(total.tooMany)/float64(total.calls), "429s/op")
				b.ReportMetric(float64(total.failed)/float64(total.calls), "errors/op")
				b.ReportMetric(float64(total.ok)/total.elapsed.Seconds(), "calls/s")
			})
		}
	}
}

// TestSharedRateLimitFakeTime runs the benchmark's workloads in a
// testing/synctest bubble, where every wait is exact: with WithRateLimit
// under the budget no call gets a 429 (and, back to back, the calls
// complete on the bucket's schedule); the gate receives fewer 429s than
// each call waiting on its own.
func TestSharedRateLimitFakeTime(t *testing.T) {
	for _, w := range budgetWorkloads {
		results := map[string]budgetResult{}
		for _, m := range budgetModes {
			synctest.Test(t, func(t *testing.T) {
				c, tooMany := budgetServer(t, budgetRPS, m.opts...)
				r := budgetRun(c, budgetCalls, w.think, tooMany)
				results[m.name] = r
				t.Logf("%-9s %-22s %d calls in %v: %3d 429s, %d gave up, %.1f calls/s",
					w.name, m.name, r.calls, r.elapsed, r.tooMany, r.failed, float64(r.ok)/r.elapsed.Seconds())
			})
		}
		limited := results["gate=on+WithRateLimit"]
		if limited.tooMany != 0 || limited.failed != 0 {
			t.Errorf("%s: WithRateLimit: %d 429s, %d failed calls; want none", w.name, limited.tooMany, limited.failed)
		}
		// The bucket's burst at once, then one every 1/budgetRPS s.
		if want := time.Duration(budgetWorkers*budgetCalls-budgetRPS/2) * time.Second / budgetRPS; w.think == 0 && limited.elapsed != want {
			t.Errorf("%s: WithRateLimit took %v; want %v", w.name, limited.elapsed, want)
		}
		if on, off := results["gate=on"], results["gate=off"]; on.tooMany >= off.tooMany {
			t.Errorf("%s: gate on: %d 429s; gate off: %d; want fewer with the gate", w.name, on.tooMany, off.tooMany)
		}
	}
}

// BenchmarkGateOverhead measures what the limits cost a Get when none is
// active (the gate on, as by default, against the gate off), and with a
// bucket that never makes a call wait. Sub-benchmarks run later in one
// process come out slower whatever they do, so compare them run in
// separate processes, interleaved, with benchstat:
//
//	go test -c -o /tmp/crevio.test . && for i in $(seq 12); do for m in gate=off gate=on bucket=1e9; do
//		/tmp/crevio.test -test.run '^$' -test.bench "BenchmarkGateOverhead/$m\$"; done; done | tee /tmp/gate.txt
//	benchstat -col /gate /tmp/gate.txt
func BenchmarkGateOverhead(b *testing.B) {
	product := []byte(`{"id":"prod_1","object":"product","name":"P","slug":"p","status":"active"}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(product)
	}))
	b.Cleanup(srv.Close)
	// One transport for every client, so each sub-benchmark finds the same
	// warm connections and none pays for the idle ones of the others.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	b.Cleanup(tr.CloseIdleConnections)
	for _, m := range []struct {
		name string
		opt  crevio.Option
	}{
		{"gate=off", crevio.WithSharedRetryAfter(false)},
		{"gate=on", nil},
		{"bucket=1e9", crevio.WithRateLimit(1e9, 1<<30)},
	} {
		b.Run(m.name, func(b *testing.B) {
			c, err := crevio.New("sk_test_bench", crevio.WithBaseURL(srv.URL+"/v1"), crevio.WithTransport(tr), m.opt)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Products.Get(ctx, "prod_1", nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A bulk job stays under the API's limit (here 100 requests a second)
// instead of bouncing off it: the client spaces its requests, retries
// included, across all its goroutines. A burst below the server's leaves a
// margin for the network bunching requests up on their way.
func ExampleWithRateLimit() {
	c, err := crevio.New(os.Getenv("CREVIO_API_KEY"), crevio.WithRateLimit(100, 20))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	ids := make(chan string)
	go func() {
		defer close(ids)
		for _, id := range []string{"prod_1", "prod_2", "prod_3"} { // thousands, in a real sync
			ids <- id
		}
	}()
	var wg sync.WaitGroup
	for range 8 { // workers sharing the client, and its limit
		wg.Go(func() {
			for id := range ids {
				p, err := c.Products.Get(ctx, id, nil)
				if err != nil {
					fmt.Println(id, err)
					continue
				}
				_ = p // sync it
			}
		})
	}
	wg.Wait()
}
