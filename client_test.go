package crevio

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewRequiresAKey(t *testing.T) {
	for _, key := range []string{"", "   ", "sk_1\r\nX-Evil: 1"} {
		c, err := New(key)
		assert.Nil(t, c)
		assert.Error(t, err, "key %q", key)
	}
}

func TestNewBaseURL(t *testing.T) {
	for _, tt := range []struct {
		url  string
		opts []Option
		ok   bool
		want string
	}{
		{url: "https://api.crevio.co/v1", ok: true, want: "https://api.crevio.co/v1"},
		{url: "https://api.crevio.co/v1/", ok: true, want: "https://api.crevio.co/v1"},
		{url: "http://127.0.0.1:12111/v1", ok: true, want: "http://127.0.0.1:12111/v1"},
		{url: "http://localhost:8080/v1", ok: true, want: "http://localhost:8080/v1"},
		{url: "http://[::1]:8080/v1", ok: true, want: "http://[::1]:8080/v1"},
		{url: "http://api.crevio.co/v1", ok: false},
		{url: "http://10.0.0.5/v1", ok: false},
		{url: "http://localhost.evil.com/v1", ok: false},
		{url: "http://api.crevio.co/v1", opts: []Option{WithInsecureHTTP()}, ok: true, want: "http://api.crevio.co/v1"},
		{url: "ftp://api.crevio.co/v1", ok: false},
		{url: "api.crevio.co/v1", ok: false},
		{url: "https://api.crevio.co/v1?x=1", ok: false},
		{url: "https://user:pw@api.crevio.co/v1", ok: false},
		{url: "://", ok: false},
	} {
		c, err := New(testKey, append([]Option{WithBaseURL(tt.url)}, tt.opts...)...)
		if !tt.ok {
			assert.Error(t, err, tt.url)
			continue
		}
		require.NoError(t, err, tt.url)
		assert.Equal(t, tt.want, c.BaseURL())
	}
	c, err := New(testKey)
	require.NoError(t, err)
	assert.Equal(t, DefaultBaseURL, c.BaseURL())
}

func TestNewRejectsBadOptions(t *testing.T) {
	for name, opt := range map[string]Option{
		"nil http client":    WithHTTPClient(nil),
		"nil transport":      WithTransport(nil),
		"negative retries":   WithMaxRetries(-1),
		"zero backoff":       WithRetryBackoff(0, time.Second),
		"negative timeout":   WithTimeout(-time.Second),
		"negative cap":       WithMaxRetryAfter(-time.Second),
		"zero response cap":  WithMaxResponseBytes(0),
		"user agent newline": WithUserAgentSuffix("a\nb"),
		"scale above one":    WithRetryAfterScale(1.5),
		"negative scale":     WithRetryAfterScale(-0.1),
		"NaN scale":          WithRetryAfterScale(math.NaN()),
	} {
		_, err := New(testKey, opt)
		assert.Error(t, err, name)
	}
	_, err := New(testKey, WithRetryBackoff(time.Second, time.Millisecond))
	assert.Error(t, err, "min above max")
	_, err = New(testKey, nil)
	assert.NoError(t, err, "a nil option is ignored")
}

func TestWithHTTPClientIsCopiedAndUsed(t *testing.T) {
	var calls int
	hc := &http.Client{Transport: rtFunc(func(r *http.Request) (*http.Response, error) {
		calls++
		return httpResponse(200, okProduct), nil
	})}
	orig := hc.Transport
	c, err := New(testKey, WithHTTPClient(hc))
	require.NoError(t, err)
	_, err = c.Products.Get(bg, "prod_1", nil)
	require.NoError(t, err)
	assert.Equal(t, 1, calls)
	assert.Equal(t, fmt.Sprintf("%p", orig), fmt.Sprintf("%p", hc.Transport), "the caller's client is not modified")
}

// closeCounter counts CloseIdleConnections calls that reach the transport.
type closeCounter struct {
	script
	mu     sync.Mutex
	closes int
}

func (c *closeCounter) CloseIdleConnections() { c.mu.Lock(); c.closes++; c.mu.Unlock() }

func TestFailedCallsKeepOtherCallersConnections(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cc := &closeCounter{script: script{steps: []func() (*http.Response, error){
			respondWith(503, `{}`),
			failWith(&netErr{}),
		}}}
		c, err := New(testKey, WithTransport(cc), WithBaseURL("https://api.crevio.test/v1"))
		require.NoError(t, err)
		_, err = c.Products.Get(bg, "p", nil)
		require.Error(t, err)
		assert.Zero(t, cc.closes, "go-retryablehttp's CloseIdleConnections must not reach the shared transport")
	})
}

type netErr struct{}

func (*netErr) Error() string { return "connection reset" }

func TestExtraHeaderAndAuthorizationCannotBeOverridden(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, okProduct)
	_, err := r.client().Products.Get(bg, "p", nil, WithHeader("X-Trace", "t1"), WithHeader("Authorization", "Bearer other"), nil)
	require.NoError(t, err)
	got := r.last()
	assert.Equal(t, "t1", got.Header.Get("X-Trace"))
	assert.Equal(t, []string{"Bearer " + testKey}, got.Header.Values("Authorization"))
}

func TestClientIsSafeForConcurrentUse(t *testing.T) {
	r := newRecorder(t)
	for range 64 {
		r.respond(200, okProduct)
	}
	c := r.client()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 64 {
		wg.Go(func() {
			_, err := c.Products.Get(bg, "prod_1", nil)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	assert.Len(t, r.requests(), 64)
}

func TestDebugLogging(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var buf bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		s := &script{steps: []func() (*http.Response, error){
			respondWith(503, `{}`, "X-Request-Id", "req_a"),
			respondWith(200, listPage(false, "prod_1"), "X-Request-Id", "req_b"),
		}}
		c := scriptClient(t, s, WithLogger(logger))
		_, err := c.Products.List(bg, &ProductListParams{Extra: map[string]any{"email": "jane@example.com"}})
		require.NoError(t, err)
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		require.Len(t, lines, 2, buf.String())
		assert.Contains(t, lines[0], "method=GET path=/products attempt=1")
		assert.Contains(t, lines[0], "status=503 request_id=req_a")
		assert.Contains(t, lines[1], "attempt=2")
		assert.Contains(t, lines[1], "status=200 request_id=req_b")
		assert.NotContains(t, buf.String(), "jane@example.com", "no query strings in logs")
		assert.NotContains(t, buf.String(), "Bearer")
	})
}

func TestSilentByDefault(t *testing.T) {
	// The default logger is a discard handler: nothing reaches the global
	// slog default, which a test can observe by swapping it.
	var buf bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(prev) })
	r := newRecorder(t)
	r.respond(500, `{}`)
	r.respond(200, okProduct)
	_, err := r.client().Products.Get(bg, "p", nil)
	require.NoError(t, err)
	assert.Empty(t, buf.String())
}

// TestSecretsNeverLeak drives every error path with debug logging on and
// checks the API key appears in no error, log line or formatted value.
func TestSecretsNeverLeak(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs bytes.Buffer
		logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		echo := func(status int) func() (*http.Response, error) {
			return func() (*http.Response, error) { return httpResponse(status, `{"error":{"message":"bad"}}`), nil }
		}
		s := &script{steps: []func() (*http.Response, error){
			echo(401), echo(404), echo(422), echo(429), echo(500), echo(500), echo(500),
			failWith(&netErr{}), failWith(syscall.ECONNREFUSED), cutResponse(200, okProduct),
			respondWith(200, `{bad json`), respondWith(200, `<html>`),
		}}
		c := scriptClient(t, s, WithLogger(logger), WithMaxRetries(0))
		var outputs []string
		for range 12 {
			_, err := c.Products.Get(bg, "prod_1", nil)
			require.Error(t, err)
			outputs = append(outputs, err.Error(), fmt.Sprintf("%v|%+v|%#v", err, err, err))
			var apiErr *Error
			if errors.As(err, &apiErr) {
				outputs = append(outputs, fmt.Sprintf("%#v", *apiErr))
			}
		}
		_, err := c.Products.Get(bg, "../x", nil)
		outputs = append(outputs, err.Error())
		outputs = append(outputs, fmt.Sprint(c), fmt.Sprintf("%v %+v %#v %s %q", c, c, c, c, c), c.String())
		outputs = append(outputs, fmt.Sprintf("%v %+v %#v", *c, *c, *c))
		outputs = append(outputs, logs.String())

		// The webhook side: every verification failure, the legacy check, and
		// formatted verifiers, endpoints and secrets.
		const webhookKey = "c3VwZXJzZWNyZXQtd2ViaG9vay1rZXktMTIzNA==" // base64 of "supersecret-webhook-key-1234"
		secret := "whsec_" + webhookKey
		v, err := NewWebhookVerifier(secret, WithWebhookSecrets("whsec_"+webhookKey[:8]+"AAAAAAAAAAAAAAAA"))
		require.NoError(t, err)
		payload := []byte(`{"id":"whev_1","type":"order.paid"}`)
		good, err := SignWebhook(secret, "whev_1", time.Now(), payload)
		require.NoError(t, err)
		hdr := func(id, ts, sig string) http.Header {
			h := http.Header{}
			for k, v := range map[string]string{WebhookIDHeader: id, WebhookTimestampHeader: ts, WebhookSignatureHeader: sig} {
				if v != "" {
					h.Set(k, v)
				}
			}
			return h
		}
		goodTS, goodSig := good.Get(WebhookTimestampHeader), good.Get(WebhookSignatureHeader)
		require.NotEmpty(t, goodTS)
		require.NotEmpty(t, goodSig)
		for _, h := range []http.Header{
			hdr("", "", ""),
			hdr("whev_1", "", ""),
			hdr("whev_1", "x", "v1,AAAA"),
			hdr("whev_1", goodTS, "v1,bm9wZQ=="),
			hdr("whev_1", "1", goodSig),
			hdr("whev_2", goodTS, goodSig),
		} {
			err := v.Verify(payload, h)
			require.Error(t, err)
			outputs = append(outputs, err.Error(), fmt.Sprintf("%v %+v %#v", err, err, err))
		}
		require.NoError(t, v.Verify(payload, good), "the signed payload itself verifies")
		_, err = v.VerifyEvent([]byte("not json"), good)
		if err != nil {
			outputs = append(outputs, err.Error())
		}
		_, err = NewWebhookVerifier("whsec_!!!" + webhookKey)
		require.Error(t, err)
		outputs = append(outputs, err.Error())
		legacy := http.Header{}
		legacy.Set(LegacyWebhookSignatureHeader, "bm9wZQ==")
		err = VerifyLegacyWebhook(payload, legacy, secret)
		require.Error(t, err)
		outputs = append(outputs, err.Error())
		ep := WebhookEndpoint{ID: "wh_1", Secret: WebhookSecret(secret)}
		outputs = append(outputs, fmt.Sprintf("%v %+v %#v %s", v, v, v, ep.Secret), fmt.Sprintf("%v %+v %#v", ep, ep, &ep))

		for _, out := range outputs {
			assert.NotContains(t, out, testKey)
			assert.NotContains(t, out, "SECRET")
			assert.NotContains(t, out, webhookKey)
			assert.NotContains(t, out, webhookKey[:12])
		}
		assert.NotEmpty(t, logs.String())
	})
}
