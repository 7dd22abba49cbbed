// Command otel records OpenTelemetry traces and metrics around every
// request the crevio-go SDK sends, by wrapping the SDK's own transport with
// otelhttp through crevio.WithTransportMiddleware. The SDK's tuned
// connection pool, its retries and its bounds on slow servers stay as they
// are; the middleware sees each attempt as its own HTTP request.
//
//	cd examples/otel && go run .
//
// It lists products, fetches the first one and looks up one that does not
// exist, all inside one span of its own, then prints the spans and the
// http.client.request.duration histogram it recorded. Telemetry goes to an
// in-memory span recorder and a manual metric reader so that the example
// runs offline; a real program plugs OTLP (or any other) exporters into the
// same providers instead.
//
// With CREVIO_API_KEY set it talks to the real Crevio API (or to
// CREVIO_BASE_URL when that is set too, such as a creviomock server) and
// only reads. Without it, it starts the embedded fake from the creviotest
// package, seeded with two products, and makes the first fetch fail once
// with a 503 so that the trace shows the SDK's retry.
//
// This directory is its own Go module, so that the SDK's module does not
// depend on OpenTelemetry.
package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "otel:", err)
		stop()
		os.Exit(1)
	}
}

// telemetry is where the example's traces and metrics go.
type telemetry struct {
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	tp     *sdktrace.TracerProvider
	mp     *sdkmetric.MeterProvider
}

func newTelemetry() *telemetry {
	spans := tracetest.NewSpanRecorder()
	reader := sdkmetric.NewManualReader()
	return &telemetry{
		spans:  spans,
		reader: reader,
		tp:     sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans)),
		mp:     sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)),
	}
}

func (t *telemetry) shutdown(ctx context.Context) error {
	return errors.Join(t.tp.Shutdown(ctx), t.mp.Shutdown(ctx))
}

// middleware is the whole integration: every request the client sends,
// retries included, goes through otelhttp's transport, which starts a
// client span (a child of the span in the call's context), records the
// request's duration, and sends the W3C traceparent header.
func (t *telemetry) middleware() crevio.Option {
	return crevio.WithTransportMiddleware(func(next http.RoundTripper) http.RoundTripper {
		return otelhttp.NewTransport(next,
			otelhttp.WithTracerProvider(t.tp),
			otelhttp.WithMeterProvider(t.mp),
			otelhttp.WithPropagators(propagation.TraceContext{}),
			otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
				return r.Method + " " + r.URL.Path
			}),
		)
	})
}

func run(ctx context.Context, stdout io.Writer) error {
	tel := newTelemetry()
	defer tel.shutdown(context.WithoutCancel(ctx))

	c, fake, err := newClient(stdout, tel.middleware())
	if err != nil {
		return err
	}
	if fake != nil {
		defer fake.Close()
	}

	// One span of the program's own around the calls: the SDK's requests
	// become its children because each call gets its context.
	ctx, span := tel.tp.Tracer("crevio-otel-example").Start(ctx, "browse products")
	err = browse(ctx, stdout, c, fake)
	span.End()
	if err != nil {
		return err
	}

	if err := printSpans(stdout, tel.spans.Ended()); err != nil {
		return err
	}
	var rm metricdata.ResourceMetrics
	if err := tel.reader.Collect(ctx, &rm); err != nil {
		return fmt.Errorf("collect metrics: %w", err)
	}
	return printDurations(stdout, rm)
}

// newClient returns a client with opts for the real API when
// CREVIO_API_KEY is set, else for a seeded embedded fake, which it returns
// too, and says which on the first line of stdout.
func newClient(stdout io.Writer, opts ...crevio.Option) (*crevio.Client, *creviotest.Server, error) {
	if key := os.Getenv("CREVIO_API_KEY"); key != "" {
		if u := os.Getenv("CREVIO_BASE_URL"); u != "" {
			opts = append(opts, crevio.WithBaseURL(u))
		}
		c, err := crevio.New(key, opts...)
		if err != nil {
			return nil, nil, err
		}
		fmt.Fprintf(stdout, "Using the Crevio API at %s\n", c.BaseURL())
		return c, nil, nil
	}
	srv := creviotest.NewServer()
	fmt.Fprintf(stdout, "CREVIO_API_KEY is not set: using the embedded fake Crevio API at %s\n", srv.URL)
	if _, err := srv.Seed("products",
		map[string]any{"name": "Go for Beginners", "status": "active"},
		map[string]any{"name": "Draft Ebook", "status": "draft"},
	); err != nil {
		srv.Close()
		return nil, nil, err
	}
	c := srv.Client(opts...)
	if c == nil {
		srv.Close()
		return nil, nil, errors.New("creviotest: could not make a client")
	}
	return c, srv, nil
}

// browse makes the calls the example traces.
func browse(ctx context.Context, stdout io.Writer, c *crevio.Client, fake *creviotest.Server) error {
	page, err := c.Products.List(ctx, &crevio.ProductListParams{Limit: crevio.Ptr(5)})
	if err != nil {
		return fmt.Errorf("list products: %w", err)
	}
	fmt.Fprintf(stdout, "Listed %d products\n", len(page.Data))

	if len(page.Data) > 0 {
		if fake != nil {
			// The next fetch fails once: the SDK retries it, and the trace
			// shows both attempts.
			fake.Fail(1, http.StatusServiceUnavailable, creviotest.Only(http.MethodGet, "/products/"+page.Data[0].ID))
		}
		p, err := c.Products.Get(ctx, page.Data[0].ID, nil)
		if err != nil {
			return fmt.Errorf("get product: %w", err)
		}
		fmt.Fprintf(stdout, "Fetched product %q\n", p.Name)
	}

	_, err = c.Products.Get(ctx, "prod_does_not_exist", nil)
	switch {
	case errors.Is(err, crevio.ErrNotFound):
		fmt.Fprintln(stdout, "Looked up a product that does not exist: not found")
	case err != nil:
		return fmt.Errorf("get a missing product: %w", err)
	default:
		return errors.New("get a missing product: found one")
	}
	return nil
}

// printSpans prints the example's own span and, under it, the SDK's
// request spans in the order they started.
func printSpans(w io.Writer, spans []sdktrace.ReadOnlySpan) error {
	var root sdktrace.ReadOnlySpan
	for _, s := range spans {
		if !s.Parent().IsValid() {
			root = s
		}
	}
	if root == nil {
		return errors.New("no span of the example's own was recorded")
	}
	children := slices.DeleteFunc(slices.Clone(spans), func(s sdktrace.ReadOnlySpan) bool {
		return s.Parent().SpanID() != root.SpanContext().SpanID()
	})
	slices.SortFunc(children, func(a, b sdktrace.ReadOnlySpan) int { return a.StartTime().Compare(b.StartTime()) })

	fmt.Fprintf(w, "Trace %s:\n", root.SpanContext().TraceID())
	fmt.Fprintf(w, "  %s\n", root.Name())
	for _, s := range children {
		fmt.Fprintf(w, "    %s -> %s%s\n", s.Name(), attr(s.Attributes(), "http.response.status_code"), spanStatus(s))
	}
	return nil
}

func spanStatus(s sdktrace.ReadOnlySpan) string {
	if s.SpanKind() != trace.SpanKindClient {
		return " (not a client span)"
	}
	if s.Status().Code == codes.Error {
		return " (error)"
	}
	return ""
}

// printDurations prints how many requests the duration histogram counted,
// by method and status.
func printDurations(w io.Writer, rm metricdata.ResourceMetrics) error {
	const name = "http.client.request.duration"
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != name {
				continue
			}
			h, ok := m.Data.(metricdata.Histogram[float64])
			if !ok {
				return fmt.Errorf("%s is a %T, not a histogram", name, m.Data)
			}
			type row struct {
				key   string
				count uint64
			}
			var rows []row
			var total uint64
			for _, dp := range h.DataPoints {
				set := dp.Attributes
				key := attr(set.ToSlice(), "http.request.method") + " " + attr(set.ToSlice(), "http.response.status_code")
				rows = append(rows, row{key, dp.Count})
				total += dp.Count
			}
			slices.SortFunc(rows, func(a, b row) int { return cmp.Compare(a.key, b.key) })
			fmt.Fprintf(w, "Metric %s (%s): %d requests\n", name, m.Unit, total)
			for _, r := range rows {
				fmt.Fprintf(w, "  %s: %d\n", r.key, r.count)
			}
			return nil
		}
	}
	return fmt.Errorf("no %s metric was recorded", name)
}

// attr returns the value of the attribute key in attrs, or "-".
func attr(attrs []attribute.KeyValue, key attribute.Key) string {
	for _, kv := range attrs {
		if kv.Key == key {
			return strings.TrimSpace(kv.Value.String())
		}
	}
	return "-"
}
