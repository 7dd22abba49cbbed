package crevio_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// connCountingServer serves benchmark products and counts the TCP
// connections clients open. Every failEvery-th request answers 429 or 503
// (alternating) when failEvery > 0.
func connCountingServer(t testing.TB, failEvery int64) (*httptest.Server, *atomic.Int64) {
	var conns, reqs atomic.Int64
	product := benchProductJSON("prod_1")
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := reqs.Add(1)
		if failEvery > 0 && n%failEvery == 0 {
			if (n/failEvery)%2 == 0 {
				w.Header().Set("Retry-After", "0")
				w.WriteHeader(http.StatusTooManyRequests)
			} else {
				w.WriteHeader(http.StatusServiceUnavailable)
			}
			_, _ = w.Write([]byte(`{"error":{"type":"api_error","message":"try again"}}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(product)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &conns
}

const parallelCallers = 32

func TestParallelCallersShareConnections(t *testing.T) {
	for _, tt := range []struct {
		name      string
		failEvery int64
		retries   int
	}{
		{"all succeed", 0, 2},
		{"every 7th call fails with 429 or 503 and is retried", 7, 8},
		{"every 7th call fails with 429 or 503 for good", 7, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, conns := connCountingServer(t, tt.failEvery)
			c, err := crevio.New(benchKey, crevio.WithBaseURL(srv.URL+"/v1"),
				crevio.WithRetryBackoff(time.Millisecond, 2*time.Millisecond), crevio.WithMaxRetries(tt.retries))
			require.NoError(t, err)
			var wg sync.WaitGroup
			var failed atomic.Int64
			for range parallelCallers {
				wg.Go(func() {
					for range 50 {
						if _, err := c.Products.Get(context.Background(), "prod_1", nil); err != nil {
							failed.Add(1)
						}
					}
				})
			}
			wg.Wait()
			if tt.retries == 0 && tt.failEvery > 0 {
				assert.Greater(t, failed.Load(), int64(100), "calls failed for good")
			} else {
				assert.Zero(t, failed.Load(), "retries absorb the failures")
			}
			// net/http itself may open a few more than there are callers when a
			// dial races a connection coming back to the pool (a raw client
			// does too); a client that dropped the pool on every failed call
			// (go-retryablehttp's CloseIdleConnections) opens hundreds here.
			assert.LessOrEqual(t, conns.Load(), int64(2*parallelCallers),
				"failed calls must not drop the connection pool")
			t.Logf("%d callers × 50 calls, %d failed: %d connections", parallelCallers, failed.Load(), conns.Load())
		})
	}
}

// runtimeProcs is GOMAXPROCS: RunParallel starts parallelism×GOMAXPROCS
// goroutines.
func runtimeProcs() int { return runtime.GOMAXPROCS(0) }

// BenchmarkParallel: 32 goroutines sharing one client against one loopback
// server, next to a tuned raw client. The conns metric is counted
// server-side.
func BenchmarkParallel(b *testing.B) {
	for _, failEvery := range []int64{0, 7} {
		name := "ok"
		if failEvery > 0 {
			name = "failing"
		}
		b.Run(name+"/sdk", func(b *testing.B) {
			srv, conns := connCountingServer(b, failEvery)
			c, err := crevio.New(benchKey, crevio.WithBaseURL(srv.URL+"/v1"),
				crevio.WithRetryBackoff(time.Microsecond, time.Microsecond), crevio.WithMaxRetries(8))
			if err != nil {
				b.Fatal(err)
			}
			b.SetParallelism(parallelCallers / max(1, runtimeProcs()))
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := c.Products.Get(context.Background(), "prod_1", nil); err != nil {
						b.Error(err)
					}
				}
			})
			b.ReportMetric(float64(conns.Load()), "conns")
		})
		b.Run(name+"/baseline", func(b *testing.B) {
			srv, conns := connCountingServer(b, failEvery)
			hc := rawClient()
			b.SetParallelism(parallelCallers / max(1, runtimeProcs()))
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					var p crevio.Product
					for {
						err := rawGet(context.Background(), hc, srv.URL+"/v1/products/prod_1", &p)
						if err == nil {
							break // the baseline retries failures at once, like the SDK with a 1 µs backoff
						}
					}
				}
			})
			b.ReportMetric(float64(conns.Load()), "conns")
		})
	}
}
