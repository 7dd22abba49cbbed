package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/creviolabs/crevio-go"
)

// listen follows new webhook events through the webhook events API
// (GET /v1/webhook_events, newest first), re-signs each with a local
// Standard Webhooks secret and POSTs it to --forward-to, printing one line
// per delivery. It needs no tunnel: the events are fetched, not received.
//
// The API facts it relies on: the events list is newest first and pages
// with starting_after; it filters by type and webhook_endpoint; each event
// has a stable id (whev_…, the webhook-id of its deliveries) and a
// created_at; the list's objects carry the delivery envelope (id, object,
// type, api_version, created_at, data) that an endpoint receives; and the
// API records an event once per endpoint subscribed to its type, so events
// exist only when some endpoint is subscribed. Against the mock, listen
// registers its own endpoint for the duration (subscribed to "*", pointed
// at a local sink that answers 204) and follows only its events; against
// the API it never creates anything, and follows the events of --endpoint,
// or of every endpoint with duplicates (one per endpoint) folded together.

type listenOpts struct {
	forwardTo      string
	events         string
	interval       time.Duration
	endpoint       string
	forwardTimeout time.Duration
	trigger        string
}

func (a *app) listenFlags(o *listenOpts) *flagSet {
	var fs flagSet
	fs.add(&flagDef{name: "forward-to", arg: "url", usage: "where to POST each event (required), such as http://localhost:8080/webhooks", set: stringFlag(&o.forwardTo)})
	fs.add(&flagDef{name: "events", arg: "types", usage: "forward only these event types, comma-separated; * patterns work (order.*)", set: stringFlag(&o.events)})
	fs.add(&flagDef{name: "interval", arg: "duration", usage: "how often to poll for new events (default 2s)", set: durationFlag(&o.interval)})
	fs.add(&flagDef{name: "endpoint", arg: "id", usage: "follow only the events of this webhook endpoint (wh_…); default: every endpoint's", set: stringFlag(&o.endpoint)})
	fs.add(&flagDef{name: "forward-timeout", arg: "duration", usage: "how long the receiver has to answer (default 10s)", set: durationFlag(&o.forwardTimeout)})
	fs.add(&flagDef{name: "trigger", arg: "types", usage: "mock only: once ready, fire these event chains, comma-separated (as 'crevio trigger' does)", set: stringFlag(&o.trigger)})
	a.addGlobals(&fs)
	return &fs
}

func durationFlag(p *time.Duration) func(string) error {
	return func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return fmt.Errorf("want a positive duration such as 2s, got %q", s)
		}
		*p = d
		return nil
	}
}

const listenHelp = `Forward new webhook events to a local URL, re-signed with a local secret.

Usage:
  crevio listen --forward-to URL [--events TYPES] [--interval 2s] [--endpoint ID] [--trigger TYPES]

listen polls the webhook events API for events newer than its start, signs
each with a Standard Webhooks secret it prints at start (or
$CREVIO_WEBHOOK_SECRET), and POSTs it to --forward-to with the
webhook-id, webhook-timestamp and webhook-signature headers, as Crevio
does. It prints one line per delivery: time, type, event id, the
receiver's status, latency. Give the printed secret to
crevio.NewWebhookVerifier in the receiver. Stop it with Ctrl-C.

Against the mock (--mock, or --base-url of a running creviomock) it
registers a webhook endpoint of its own while it runs (deleted when it
stops), so the fake records events for it; fire some with 'crevio trigger'
from another shell, or with --trigger. Against the API it creates nothing:
the API records events only for endpoints subscribed to them, so it follows
the events of your endpoints (of --endpoint, or of every one, one copy per
event).

Flags:
`

func (a *app) listen(ctx context.Context, argv []string) error {
	o := &listenOpts{interval: 2 * time.Second, forwardTimeout: 10 * time.Second}
	fs := a.listenFlags(o)
	pos, _, err := fs.parse(argv, "crevio listen", false)
	if err != nil {
		return err
	}
	if a.g.help {
		fmt.Fprint(a.stdout, listenHelp)
		printFlags(a.stdout, fs.ownDefs())
		fmt.Fprintf(a.stdout, "\nExamples:\n  crevio listen --forward-to http://localhost:8080/webhooks\n  crevio listen --forward-to http://localhost:8080/webhooks --events order.paid,invoice.* --interval 1s\n  crevio --mock listen --forward-to http://localhost:8080/webhooks --trigger order.paid\n\nGlobal flags: see 'crevio --help'.\n")
		return nil
	}
	if len(pos) > 0 {
		return usagef("crevio listen", "listen takes no arguments, got %q", pos)
	}
	if o.forwardTo == "" {
		return usagef("crevio listen", "--forward-to is required")
	}
	if u, err := url.Parse(o.forwardTo); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usagef("crevio listen", "--forward-to: want an http or https URL, got %q", o.forwardTo)
	}
	secret, generated, err := a.webhookSecret()
	if err != nil {
		return err
	}
	t, err := a.connect()
	if err != nil {
		return err
	}
	defer t.close()

	f := &follower{client: t.client, seen: map[string]time.Time{}, slack: max(time.Minute, 3*o.interval)}
	f.params.Limit = crevio.Ptr(100)
	var patterns []string
	for _, p := range strings.Split(o.events, ",") {
		if p = strings.TrimSpace(p); p != "" {
			if _, err := path.Match(p, ""); err != nil {
				return usagef("crevio listen", "--events: bad pattern %q", p)
			}
			patterns = append(patterns, p)
		}
	}
	if len(patterns) == 1 && !strings.ContainsAny(patterns[0], "*?[") {
		f.params.Type = crevio.Ptr(crevio.WebhookEventType(patterns[0]))
	}

	mock, err := a.isMock(ctx, t)
	if err != nil {
		return err
	}
	if o.trigger != "" && !mock {
		return usagef("crevio listen", "--trigger: %v", errNotMock)
	}
	switch {
	case o.endpoint != "":
		f.params.WebhookEndpoint = crevio.Ptr(o.endpoint)
	case mock:
		id, cleanup, err := a.registerEndpoint(ctx, t, "crevio listen (temporary)")
		if err != nil {
			return err
		}
		defer cleanup()
		f.params.WebhookEndpoint = crevio.Ptr(id)
	default:
		f.fold = map[string]*foldCount{}
		a.hintEndpoints(ctx, t.client)
	}
	if err := f.baseline(ctx); err != nil {
		return err
	}

	fw := &forwarder{
		url:    o.forwardTo,
		secret: secret,
		client: &http.Client{Timeout: o.forwardTimeout, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}},
	}
	if generated {
		fmt.Fprintf(a.stderr, "crevio: webhook signing secret: %s (set CREVIO_WEBHOOK_SECRET to keep it)\n", secret)
	} else {
		fmt.Fprintf(a.stderr, "crevio: signing with the secret in CREVIO_WEBHOOK_SECRET\n")
	}
	fmt.Fprintf(a.stderr, "crevio: ready: forwarding new events to %s every %v (Ctrl-C to stop)\n", o.forwardTo, o.interval)
	if o.trigger != "" {
		tr := &triggerRun{ctx: ctx, c: t.client, log: func(format string, args ...any) {
			fmt.Fprintf(a.stderr, "crevio: trigger: "+format+"\n", args...)
		}}
		for _, typ := range strings.Split(o.trigger, ",") {
			if typ = strings.TrimSpace(typ); typ == "" {
				continue
			}
			if err := tr.chain(typ); err != nil {
				return err
			}
		}
	}

	tick := time.NewTicker(o.interval)
	defer tick.Stop()
	for {
		fresh, err := f.poll(ctx)
		for _, ev := range fresh {
			if !matchesAny(patterns, string(ev.Type)) {
				continue
			}
			line := fw.forward(ctx, ev)
			if ctx.Err() != nil {
				break
			}
			fmt.Fprintln(a.stdout, line)
		}
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			switch exitCode(err) {
			case exitAuth, exitNotFound, exitInvalid, exitUsage:
				return err
			}
			fmt.Fprintf(a.stderr, "crevio: polling: %v (will retry)\n", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// matchesAny reports whether typ matches one of patterns (all match when
// there are none).
func matchesAny(patterns []string, typ string) bool {
	if len(patterns) == 0 {
		return true
	}
	return slices.ContainsFunc(patterns, func(p string) bool {
		ok, _ := path.Match(p, typ)
		return ok
	})
}

// webhookSecret returns CREVIO_WEBHOOK_SECRET, or a new random secret
// (generated is then true).
func (a *app) webhookSecret() (secret string, generated bool, err error) {
	if s := strings.TrimSpace(a.getenv("CREVIO_WEBHOOK_SECRET")); s != "" {
		if _, err := crevio.SignWebhook(s, "check", time.Now(), nil); err != nil {
			return "", false, usagef("crevio listen", "CREVIO_WEBHOOK_SECRET: %v", err)
		}
		return s, false, nil
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return "", false, err
	}
	return "whsec_" + base64.StdEncoding.EncodeToString(key), true, nil
}

// registerEndpoint creates a webhook endpoint on the mock, subscribed to
// every event and pointed at a sink that answers 204, so the fake records
// events for listen to follow. cleanup deletes it and stops the sink.
func (a *app) registerEndpoint(ctx context.Context, t *target, description string) (id string, cleanup func(), err error) {
	sink := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusNoContent)
	})
	var sinkURL string
	stopSink := func() {}
	if t.mock != nil {
		sinkURL = t.mock.WebhookURL(sink)
	} else {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return "", nil, err
		}
		hs := &http.Server{Handler: sink, ReadHeaderTimeout: 10 * time.Second}
		done := make(chan struct{})
		go func() { _ = hs.Serve(ln); close(done) }()
		sinkURL = "http://" + ln.Addr().String() + "/crevio-listen"
		stopSink = func() { hs.Close(); <-done }
	}
	ep, err := t.client.WebhookEndpoints.Create(ctx, &crevio.WebhookEndpointCreateParams{
		URL: sinkURL, Events: []crevio.WebhookEventType{"*"}, Description: crevio.Ptr(description),
	})
	if err != nil {
		stopSink()
		return "", nil, err
	}
	return ep.ID, func() {
		// The command's context is over: give the delete its own.
		dctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := t.client.WebhookEndpoints.Delete(dctx, ep.ID, nil); err != nil {
			fmt.Fprintf(a.stderr, "crevio: could not delete the temporary webhook endpoint %s: %v\n", ep.ID, err)
		}
		stopSink()
	}, nil
}

// hintEndpoints warns when the account has no webhook endpoint: the API
// then records no events, and there is nothing to follow.
func (a *app) hintEndpoints(ctx context.Context, c *crevio.Client) {
	page, err := c.WebhookEndpoints.List(ctx, &crevio.WebhookEndpointListParams{Limit: crevio.Ptr(1)})
	if err == nil && len(page.Data) == 0 {
		fmt.Fprintf(a.stderr, "crevio: note: no webhook endpoint exists, and the API records events only for endpoints;\n"+
			"  create one subscribed to the events you want: crevio webhook-endpoints create --url https://example.com/hooks --events '*'\n")
	}
}

// follower finds the events that are new since the last poll. The list is
// newest first with no "since" filter, so each poll reads from the newest
// event back to slack before the newest it has seen, and skips the ids it
// has seen (events may show up in the list a little after their created_at).
type follower struct {
	client *crevio.Client
	params crevio.WebhookEventListParams
	seen   map[string]time.Time // id -> created_at
	high   time.Time            // the newest created_at seen
	slack  time.Duration
	// fold, when set (following every endpoint), folds the copies an event
	// has for each endpoint into one: key type/object id/created_at.
	fold map[string]*foldCount
}

// foldCount counts the events of one fold key that each endpoint has
// recorded. created_at has whole seconds, so two real events about one
// object in one second share a key: an event is new only when its endpoint
// has now recorded more of the key than any endpoint had before.
type foldCount struct {
	at     time.Time
	counts map[string]int // endpoint id -> events of the key
	max    int            // the highest count so far
}

// maxScan bounds the events one poll reads.
const maxScan = 5000

// baseline marks the events that exist now as seen, so only newer ones
// are forwarded.
func (f *follower) baseline(ctx context.Context) error {
	_, err := f.scan(ctx, true)
	return err
}

// poll returns the new events, oldest first.
func (f *follower) poll(ctx context.Context) ([]*crevio.WebhookEvent, error) {
	return f.scan(ctx, false)
}

func (f *follower) scan(ctx context.Context, baseline bool) ([]*crevio.WebhookEvent, error) {
	var fresh []*crevio.WebhookEvent
	high := f.high
	n := 0
	var err error
	for ev, e := range f.client.WebhookEvents.All(ctx, &f.params) {
		if e != nil {
			err = e
			break
		}
		at := ev.CreatedAt.Time
		if baseline && high.IsZero() {
			high = at
		}
		if !high.IsZero() && at.Before(high.Add(-f.slack)) {
			break
		}
		if n++; n > maxScan {
			break
		}
		if _, ok := f.seen[ev.ID]; ok {
			continue
		}
		f.seen[ev.ID] = at
		if f.fold != nil {
			key := string(ev.Type) + "/" + objectID(ev) + "/" + at.Format(time.RFC3339Nano)
			fc := f.fold[key]
			if fc == nil {
				fc = &foldCount{at: at, counts: map[string]int{}}
				f.fold[key] = fc
			}
			ep := ev.WebhookEndpoint.ID
			fc.counts[ep]++
			if fc.counts[ep] <= fc.max {
				continue // a copy, for another endpoint, of an event already seen
			}
			fc.max = fc.counts[ep]
		}
		if !baseline {
			fresh = append(fresh, ev)
		}
	}
	for _, ev := range fresh {
		if ev.CreatedAt.After(high) {
			high = ev.CreatedAt.Time
		}
	}
	f.high = high
	// Forget what is too old to show up again.
	for id, at := range f.seen {
		if at.Before(high.Add(-2 * f.slack)) {
			delete(f.seen, id)
		}
	}
	for k, fc := range f.fold {
		if fc.at.Before(high.Add(-2 * f.slack)) {
			delete(f.fold, k)
		}
	}
	slices.Reverse(fresh)
	return fresh, err
}

// objectID is the id of the object an event is about, or "".
func objectID(ev *crevio.WebhookEvent) string {
	var obj struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(ev.Data.Object, &obj)
	return obj.ID
}

// forwarder signs and POSTs events to the receiver.
type forwarder struct {
	url    string
	secret string
	client *http.Client
}

// envelopeKeys are the fields of the delivery body, in the order Crevio
// sends them; the rest of a webhook event (its delivery history) is not
// part of it.
var envelopeKeys = []string{"id", "object", "type", "api_version", "created_at", "test", "data"}

// payload is the body an endpoint receives for ev: its envelope, as the
// API rendered it.
func payload(ev *crevio.WebhookEvent) ([]byte, error) {
	raw := ev.RawJSON()
	if len(raw) == 0 {
		return json.Marshal(&ev.Event)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteByte('{')
	n := 0
	for _, k := range envelopeKeys {
		v, ok := fields[k]
		if !ok {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// forward delivers one event and returns its report line: time, type, id,
// the receiver's answer (or the failure), latency.
func (fw *forwarder) forward(ctx context.Context, ev *crevio.WebhookEvent) string {
	start := time.Now()
	prefix := fmt.Sprintf("%s  %-24s %s", start.Format("15:04:05"), ev.Type, ev.ID)
	body, err := payload(ev)
	if err != nil {
		return fmt.Sprintf("%s  error: %v", prefix, err)
	}
	h, err := crevio.SignWebhook(fw.secret, ev.ID, start, body)
	if err != nil {
		return fmt.Sprintf("%s  error: %v", prefix, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fw.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Sprintf("%s  error: %v", prefix, err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "crevio-cli/"+crevio.Version+" (listen)")
	resp, err := fw.client.Do(req)
	latency := time.Since(start).Round(time.Millisecond)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Sprintf("%s  error: %v  %v", prefix, err, latency)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	return fmt.Sprintf("%s  %d %s  %v", prefix, resp.StatusCode, http.StatusText(resp.StatusCode), latency)
}
