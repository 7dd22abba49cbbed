package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// delivery is one POST a receiver got.
type delivery struct {
	body   []byte
	header http.Header
}

// newReceiver starts a webhook receiver that answers status and sends
// every delivery on the returned channel.
func newReceiver(t *testing.T, status int) (*httptest.Server, <-chan delivery) {
	t.Helper()
	ch := make(chan delivery, 64)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ch <- delivery{body: body, header: r.Header.Clone()}
		w.WriteHeader(status)
	}))
	t.Cleanup(hs.Close)
	return hs, ch
}

// listener is a running "crevio listen".
type listener struct {
	cmd    *exec.Cmd
	secret string
	lines  chan string // stdout, one delivery a line
	errc   chan error  // the process's end
}

// startListen starts the binary with args and waits for it to be ready,
// reading the signing secret it prints.
func startListen(ctx context.Context, t *testing.T, env []string, args ...string) *listener {
	t.Helper()
	cmd := exec.CommandContext(ctx, binPath, args...)
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	l := &listener{cmd: cmd, lines: make(chan string, 64), errc: make(chan error, 1)}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			l.lines <- sc.Text()
		}
		close(l.lines)
	}()
	secretRE := regexp.MustCompile(`signing secret: (whsec_\S+)`)
	ready := make(chan struct{})
	var stderrText strings.Builder
	stderrDone := make(chan struct{})
	go func() {
		defer close(stderrDone)
		sc := bufio.NewScanner(stderr)
		readyClosed := false
		for sc.Scan() {
			line := sc.Text()
			stderrText.WriteString(line + "\n")
			if m := secretRE.FindStringSubmatch(line); m != nil {
				l.secret = m[1]
			}
			if strings.Contains(line, "crevio: ready:") && !readyClosed {
				readyClosed = true
				close(ready)
			}
		}
	}()
	go func() {
		<-stderrDone
		l.errc <- cmd.Wait()
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	select {
	case <-ready:
	case err := <-l.errc:
		t.Fatalf("listen ended before it was ready: %v\n%s", err, stderrText.String())
	case <-ctx.Done():
		t.Fatal("listen was not ready in time")
	}
	return l
}

// stop interrupts the listener and returns its exit code.
func (l *listener) stop(ctx context.Context, t *testing.T) int {
	t.Helper()
	require.NoError(t, l.cmd.Process.Signal(os.Interrupt))
	select {
	case err := <-l.errc:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		require.NoError(t, err)
		return 0
	case <-ctx.Done():
		t.Fatal("listen did not stop")
		return -1
	}
}

// receive waits for the next delivery.
func receive(ctx context.Context, t *testing.T, ch <-chan delivery) delivery {
	t.Helper()
	select {
	case d := <-ch:
		return d
	case <-ctx.Done():
		t.Fatal("no delivery in time")
		return delivery{}
	}
}

// nextLine waits for the next line listen prints.
func nextLine(ctx context.Context, t *testing.T, l *listener) string {
	t.Helper()
	select {
	case line, ok := <-l.lines:
		require.True(t, ok, "listen closed its output")
		return line
	case <-ctx.Done():
		t.Fatal("no output line in time")
		return ""
	}
}

// TestListenForwardsSignedEvents runs listen against a running fake (a
// creviotest server on a loopback port, as creviomock is), fires
// order.paid with trigger from another process, and checks the receiver
// gets every event of the chain, signed with the secret listen printed so
// that crevio.WebhookVerifier accepts it, and that listen prints a line per
// delivery and removes its endpoint when interrupted.
func TestListenForwardsSignedEvents(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 45*time.Second)
	defer cancel()
	srv := creviotest.NewTestServer(t)
	_, err := srv.Seed("products", map[string]any{"id": "prod_course", "name": "Course", "status": "active",
		"price_variants": []any{map[string]any{"id": "price_course", "name": "Full", "amount": 4900, "currency": "usd"}}})
	require.NoError(t, err)
	recv, deliveries := newReceiver(t, http.StatusOK)

	l := startListen(ctx, t, serverEnv(srv), "listen", "--forward-to", recv.URL+"/webhooks", "--interval", "20ms")
	require.NotEmpty(t, l.secret, "listen prints the secret it signs with")
	eps, err := srv.Client().WebhookEndpoints.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, eps.Data, 1, "listen subscribes an endpoint of its own on the mock")

	trig := mustCLI(t, srv, "trigger", "order.paid")
	var fired []map[string]any
	for _, line := range trig.lines() {
		var ev map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &ev))
		fired = append(fired, ev)
	}
	require.Len(t, fired, 3, "%v", trig)
	wantTypes := []string{"checkout.created", "order.created", "order.paid"}
	for i, ev := range fired {
		assert.Equal(t, wantTypes[i], ev["type"])
	}
	assert.Contains(t, trig.stderr, "completed checkout co_")

	v, err := crevio.NewWebhookVerifier(l.secret)
	require.NoError(t, err)
	for i, want := range fired {
		d := receive(ctx, t, deliveries)
		ev, err := v.VerifyEvent(d.body, d.header)
		require.NoError(t, err, "the SDK's verifier accepts the forwarded event")
		assert.Equal(t, want["id"], ev.ID, "in the order they happened")
		assert.Equal(t, want["id"], d.header.Get("webhook-id"))
		assert.Equal(t, wantTypes[i], string(ev.Type))
		assert.Equal(t, "event", ev.Object)
		var body map[string]any
		require.NoError(t, json.Unmarshal(d.body, &body))
		assert.NotContains(t, body, "deliveries", "the body is the delivery envelope, not the delivery history")
		assert.Equal(t, want["data"], body["data"])
		if ev.Type == crevio.WebhookEventTypeOrderPaid {
			o, err := crevio.DecodeEventObject[crevio.Order](ev)
			require.NoError(t, err)
			assert.Equal(t, crevio.OrderStatusPaid, o.Status)
		}

		line := nextLine(ctx, t, l)
		assert.Regexp(t, `^\d\d:\d\d:\d\d  `+regexp.QuoteMeta(wantTypes[i])+` +`+want["id"].(string)+`  200 OK  \d+(\.\d+)?[µm]?s$`, line)
	}

	assert.Equal(t, 0, l.stop(ctx, t), "Ctrl-C ends listen with 0")
	eps, err = srv.Client().WebhookEndpoints.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, eps.Data, "listen deletes its endpoint when it stops")
}

// TestListenMockTriggerAndFilter runs listen on the embedded mock with
// --trigger and --events: only the events of the filter are forwarded,
// signed with CREVIO_WEBHOOK_SECRET, and the receiver's status is shown.
func TestListenMockTriggerAndFilter(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 45*time.Second)
	defer cancel()
	recv, deliveries := newReceiver(t, http.StatusAccepted)
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	env := cleanEnv("CREVIO_WEBHOOK_SECRET=" + secret)
	l := startListen(ctx, t, env, "--mock", "listen", "--forward-to", recv.URL, "--interval", "20ms",
		"--events", "order.*,invoice.paid", "--trigger", "order.paid")
	assert.Empty(t, l.secret, "a secret from the environment is not printed")

	v, err := crevio.NewWebhookVerifier(secret)
	require.NoError(t, err)
	for _, want := range []string{"order.created", "order.paid"} {
		d := receive(ctx, t, deliveries)
		ev, err := v.VerifyEvent(d.body, d.header)
		require.NoError(t, err)
		assert.Equal(t, want, string(ev.Type), "checkout.created is filtered out")
		assert.Contains(t, nextLine(ctx, t, l), want+" ")
	}
	assert.Equal(t, 0, l.stop(ctx, t))
	select {
	case d := <-deliveries:
		t.Errorf("an event past the filter: %s", d.body)
	default:
	}
}

// TestListenNeedsForwardTo checks listen's usage errors.
func TestListenNeedsForwardTo(t *testing.T) {
	t.Parallel()
	srv := creviotest.NewTestServer(t)
	res := cli(t, srv, "listen")
	assert.Equal(t, exitUsage, res.code)
	assert.Contains(t, res.stderr, "--forward-to is required")
	res = cli(t, srv, "listen", "--forward-to", "localhost:8080")
	assert.Equal(t, exitUsage, res.code)
	res = execCLI(t, cleanEnv("CREVIO_WEBHOOK_SECRET=whsec_not*base64!"), "", "--mock", "listen", "--forward-to", "http://127.0.0.1:1/")
	assert.Equal(t, exitUsage, res.code, "%v", res)
}

// TestTrigger fires event chains against a running fake, with an endpoint
// subscribed, and against the embedded mock; and refuses a real API.
func TestTrigger(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 45*time.Second)
	defer cancel()
	srv := creviotest.NewTestServer(t)
	recv, deliveries := newReceiver(t, http.StatusNoContent)
	ep, err := srv.Client().WebhookEndpoints.Create(ctx, &crevio.WebhookEndpointCreateParams{
		URL: recv.URL, Events: []crevio.WebhookEventType{"*"}})
	require.NoError(t, err)
	v, err := crevio.NewWebhookVerifier(string(ep.Secret))
	require.NoError(t, err)

	_, err = srv.Seed("products", map[string]any{"id": "prod_course", "name": "Course", "status": "active",
		"price_variants": []any{map[string]any{"id": "price_course", "name": "Full", "amount": 4900, "currency": "usd"}}})
	require.NoError(t, err)

	chains := []struct {
		typ  string
		args []string
		want []string
	}{
		{"order.paid", nil, []string{"checkout.created", "order.created", "order.paid"}},
		{"invoice.paid", nil, []string{"lead.created", "invoice.created", "checkout.created", "order.created", "order.paid", "invoice.paid"}},
		{"invoice.voided", nil, []string{"lead.created", "invoice.created", "invoice.voided"}},
		{"customer.confirmed", nil, []string{"lead.created", "customer.confirmed"}},
		{"product.updated", nil, []string{"product.created", "product.updated"}},
		{"form_submission.created", nil, []string{"lead.created", "form_submission.created"}},
		{"product.created", []string{"--object", "prod_course"}, []string{"product.created"}},
	}
	for _, c := range chains {
		res := mustCLI(t, srv, append([]string{"trigger", c.typ}, c.args...)...)
		var got []string
		for _, line := range res.lines() {
			var ev map[string]any
			require.NoError(t, json.Unmarshal([]byte(line), &ev))
			got = append(got, ev["type"].(string))
			assert.Equal(t, ep.ID, ev["webhook_endpoint"])
		}
		assert.Equal(t, c.want, got, "%s: %v", c.typ, res)
		for range got {
			d := receive(ctx, t, deliveries)
			_, err := v.VerifyEvent(d.body, d.header)
			assert.NoError(t, err, "the mock signs with the endpoint's secret")
		}
	}

	res := cli(t, srv, "trigger", "order.paid", "--object", "ord_missing")
	assert.Equal(t, exitNotFound, res.code, "%v", res)
	res = cli(t, srv, "trigger", "order.refunded")
	assert.Equal(t, exitInvalid, res.code, "%v", res)
	assert.Contains(t, res.stderr, "Unknown event type")

	// The embedded mock: trigger subscribes its own endpoint for the run.
	res = execCLI(t, cleanEnv(), "", "--mock", "trigger", "order.paid")
	require.Equal(t, 0, res.code, "%v", res)
	assert.Len(t, res.lines(), 3, "checkout.created, order.created, order.paid (the demo has products)")
	assert.Contains(t, res.stderr, "3 events recorded: checkout.created, order.created, order.paid")

	// Not the mock: no control plane.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"error":{"type":"invalid_request_error","code":"route_not_found","message":"No route"}}`)
	}))
	t.Cleanup(api.Close)
	res = execCLI(t, cleanEnv("CREVIO_BASE_URL="+api.URL+"/v1", "CREVIO_API_KEY=sk_test_x"), "", "trigger", "order.paid")
	assert.Equal(t, exitUsage, res.code, "%v", res)
	assert.Contains(t, res.stderr, "works only against the mock")
}

// TestListenAgainstTheAPI runs listen against an API without a control
// plane (a proxy to the fake that hides /v1/test_helpers): it creates no
// endpoint, follows the events of every endpoint, and forwards each event
// once, though the API records a copy per subscribed endpoint.
func TestListenAgainstTheAPI(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 45*time.Second)
	defer cancel()
	srv := creviotest.NewTestServer(t)
	sink, _ := newReceiver(t, http.StatusNoContent)
	c := srv.Client()
	for range 2 {
		_, err := c.WebhookEndpoints.Create(ctx, &crevio.WebhookEndpointCreateParams{URL: sink.URL, Events: []crevio.WebhookEventType{"*"}})
		require.NoError(t, err)
	}
	_, err := srv.Seed("products", map[string]any{"id": "prod_course", "name": "Course", "status": "active",
		"price_variants": []any{map[string]any{"id": "price_course", "name": "Full", "amount": 4900, "currency": "usd"}}})
	require.NoError(t, err)
	target, err := url.Parse(srv.URL)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/v1/test_helpers") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error":{"type":"invalid_request_error","code":"route_not_found","message":"No route"}}`)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(api.Close)

	recv, deliveries := newReceiver(t, http.StatusOK)
	env := cleanEnv("CREVIO_BASE_URL="+api.URL+"/v1", "CREVIO_API_KEY="+srv.Token())
	l := startListen(ctx, t, env, "listen", "--forward-to", recv.URL, "--interval", "20ms")
	res := mustCLI(t, srv, "trigger", "order.paid")
	assert.Len(t, res.lines(), 6, "a copy of each event per endpoint")
	// A last event, to see that nothing else came before it.
	mustCLI(t, srv, "trigger", "product.updated", "--object", "prod_course")

	v, err := crevio.NewWebhookVerifier(l.secret)
	require.NoError(t, err)
	var got []string
	for {
		d := receive(ctx, t, deliveries)
		ev, err := v.VerifyEvent(d.body, d.header)
		require.NoError(t, err)
		got = append(got, string(ev.Type))
		if ev.Type == crevio.WebhookEventTypeProductUpdated {
			break
		}
	}
	assert.Equal(t, []string{"checkout.created", "order.created", "order.paid", "product.updated"}, got)
	assert.Equal(t, 0, l.stop(ctx, t))
	eps, err := c.WebhookEndpoints.List(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, eps.Data, 2, "listen creates nothing on the API")
}

// hideControlPlane serves srv's API without its control plane
// (/v1/test_helpers answers 404), as the real API does.
func hideControlPlane(t *testing.T, srv *creviotest.Server) *httptest.Server {
	t.Helper()
	target, err := url.Parse(srv.URL)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/v1/test_helpers") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error":{"type":"invalid_request_error","code":"route_not_found","message":"No route"}}`)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(api.Close)
	return api
}

// TestListenAgainstTheAPIKeepsEventsOfOneSecond updates one product three
// times in one second (the fake's clock stands still; created_at has whole
// seconds): listen following every endpoint forwards the three
// product.updated events, with one endpoint or with two (one copy each).
func TestListenAgainstTheAPIKeepsEventsOfOneSecond(t *testing.T) {
	t.Parallel()
	for _, endpoints := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d endpoints", endpoints), func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), 45*time.Second)
			defer cancel()
			now := time.Now().UTC().Truncate(time.Second)
			srv := creviotest.NewTestServer(t, creviotest.WithClock(func() time.Time { return now }))
			sink, _ := newReceiver(t, http.StatusNoContent)
			c := srv.Client()
			for range endpoints {
				_, err := c.WebhookEndpoints.Create(ctx, &crevio.WebhookEndpointCreateParams{URL: sink.URL, Events: []crevio.WebhookEventType{"*"}})
				require.NoError(t, err)
			}
			_, err := srv.Seed("products", map[string]any{"id": "prod_course", "name": "Course", "status": "active"})
			require.NoError(t, err)
			api := hideControlPlane(t, srv)

			recv, deliveries := newReceiver(t, http.StatusOK)
			env := cleanEnv("CREVIO_BASE_URL="+api.URL+"/v1", "CREVIO_API_KEY="+srv.Token())
			l := startListen(ctx, t, env, "listen", "--forward-to", recv.URL, "--interval", "20ms")
			for i := range 3 {
				_, err := c.Products.Update(ctx, "prod_course", &crevio.ProductUpdateParams{Name: crevio.Ptr(fmt.Sprintf("Course %d", i))})
				require.NoError(t, err)
			}
			// A last event, to see that nothing else came before it.
			_, err = c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "Last"})
			require.NoError(t, err)

			v, err := crevio.NewWebhookVerifier(l.secret)
			require.NoError(t, err)
			var got []string
			ids := map[string]bool{}
			for {
				d := receive(ctx, t, deliveries)
				ev, err := v.VerifyEvent(d.body, d.header)
				require.NoError(t, err)
				got = append(got, string(ev.Type))
				ids[ev.ID] = true
				if ev.Type == crevio.WebhookEventTypeProductCreated {
					break
				}
			}
			assert.Equal(t, []string{"product.updated", "product.updated", "product.updated", "product.created"}, got)
			assert.Len(t, ids, 4, "four different events")
			assert.Equal(t, 0, l.stop(ctx, t))
		})
	}
}
