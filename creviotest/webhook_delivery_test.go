package creviotest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests check the Standard Webhooks sender rules. Most run inside a
// synctest bubble with an in-process transport (hookTransport), so
// backoffs pass in fake time and synctest.Wait says when every delivery is
// blocked: no sleeping, no network.

// hookRequest is one delivery attempt a hookTransport saw.
type hookRequest struct {
	host   string
	header http.Header
	body   []byte
	typ    string // the event's type
}

// hookTransport answers webhook deliveries in process: answer decides the
// status of each attempt (nil: 204).
type hookTransport struct {
	mu     sync.Mutex
	got    []hookRequest
	answer func(hookRequest, int) (int, error) // the attempt and how many came before it
}

func (tr *hookTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil { // nil on a GET (a followed 302)
		body, _ = io.ReadAll(r.Body)
	}
	var env struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal(body, &env)
	req := hookRequest{host: r.URL.Host, header: r.Header.Clone(), body: body, typ: env.Type}
	tr.mu.Lock()
	n := len(tr.got)
	tr.got = append(tr.got, req)
	tr.mu.Unlock()
	status := http.StatusNoContent
	if tr.answer != nil {
		var err error
		if status, err = tr.answer(req, n); err != nil {
			return nil, err
		}
	}
	h := http.Header{}
	if status >= 300 && status <= 399 {
		h.Set("Location", "http://elsewhere.test/hook")
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader("")), Request: r}, nil
}

func (tr *hookTransport) requests() []hookRequest {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return append([]hookRequest(nil), tr.got...)
}

// serveJSON sends one API request straight to the fake (no network) and
// returns the status and the decoded answer.
func serveJSON(t *testing.T, f *Fake, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	}
	req := httptest.NewRequest(method, APIPrefix+path, rd)
	req.Header.Set("Authorization", "Bearer "+f.Token())
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, req)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out
}

// hookFake is a fake delivering through tr, retrying up to attempts times
// an hour apart (fake time, in a bubble), with one endpoint for every
// event at http://a.test/hook.
func hookFake(t *testing.T, tr *hookTransport, attempts int) (*Fake, map[string]any) {
	t.Helper()
	f := New(WithWebhookHTTPClient(&http.Client{Transport: tr}),
		WithWebhookRetry(attempts, func(int) time.Duration { return time.Hour }))
	t.Cleanup(f.Close)
	status, ep := serveJSON(t, f, http.MethodPost, "/webhook_endpoints", map[string]any{"url": "http://a.test/hook", "events": []any{"*"}})
	require.Equal(t, http.StatusOK, status, "%v", ep)
	return f, ep
}

func waitAll(t *testing.T, f *Fake) {
	t.Helper()
	require.NoError(t, f.WaitDeliveries(context.Background()))
}

// event returns the one webhook event recorded for endpoint ep.
func hookEvent(t *testing.T, f *Fake, ep map[string]any) map[string]any {
	t.Helper()
	status, list := serveJSON(t, f, http.MethodGet, "/webhook_events?webhook_endpoint="+ep["id"].(string), nil)
	require.Equal(t, http.StatusOK, status)
	data, _ := list["data"].([]any)
	require.Len(t, data, 1)
	return data[0].(map[string]any)
}

func TestWebhookRedirectIsAFailedDelivery(t *testing.T) {
	t.Run("default client", func(t *testing.T) {
		followed := newWebhookReceiver(t)
		redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, followed.srv.URL+"/moved", http.StatusTemporaryRedirect)
		}))
		t.Cleanup(redirect.Close)
		a := newWebhookAPI(t) // 3 attempts, no backoff
		a.webhookEndpoint(redirect.URL, "*")
		a.create("/products", map[string]any{"name": "Course"})
		a.waitDeliveries()
		assert.Empty(t, followed.deliveries(), "the redirect is not followed")
		rec := a.do(http.MethodGet, "/webhook_events", nil).data()[0].(map[string]any)
		assert.Equal(t, "failed", rec["status"])
		assert.EqualValues(t, 3, rec["attempts"], "a 3xx is retried like any failure")
		assert.EqualValues(t, 307, rec["response_status"])
		for _, at := range rec["deliveries"].([]any) {
			assert.Equal(t, false, at.(map[string]any)["succeeded"])
			assert.Contains(t, at.(map[string]any)["error"], "redirects are not followed")
		}
	})
	t.Run("WithWebhookHTTPClient", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			tr := &hookTransport{answer: func(r hookRequest, _ int) (int, error) {
				if r.host == "a.test" {
					return http.StatusFound, nil
				}
				return http.StatusOK, nil
			}}
			f, ep := hookFake(t, tr, 2)
			serveJSON(t, f, http.MethodPost, "/products", map[string]any{"name": "Course"})
			waitAll(t, f)
			for _, r := range tr.requests() {
				assert.Equal(t, "a.test", r.host, "never sent to the Location")
			}
			assert.Len(t, tr.requests(), 2)
			assert.Equal(t, "failed", hookEvent(t, f, ep)["status"])
		})
	})
}

func TestWebhookGoneDisablesTheEndpoint(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tr := &hookTransport{answer: func(hookRequest, int) (int, error) { return http.StatusGone, nil }}
		f, ep := hookFake(t, tr, 5)
		serveJSON(t, f, http.MethodPost, "/products", map[string]any{"name": "Course"})
		waitAll(t, f)
		assert.Len(t, tr.requests(), 1, "no retry after 410")
		ev := hookEvent(t, f, ep)
		assert.Equal(t, "failed", ev["status"])
		assert.EqualValues(t, 410, ev["response_status"])
		assert.Contains(t, ev["deliveries"].([]any)[0].(map[string]any)["error"], "endpoint disabled")

		_, got := serveJSON(t, f, http.MethodGet, "/webhook_endpoints/"+ep["id"].(string), nil)
		assert.Equal(t, false, got["active"], "410 deactivates the endpoint")
		serveJSON(t, f, http.MethodPost, "/products", map[string]any{"name": "Another"})
		waitAll(t, f)
		assert.Len(t, tr.requests(), 1, "nothing more is sent to it")
	})
}

func TestWebhookRetriesFollowTheEndpoint(t *testing.T) {
	failA := func(r hookRequest, _ int) (int, error) {
		if r.host == "a.test" {
			return http.StatusInternalServerError, nil
		}
		return http.StatusNoContent, nil
	}

	t.Run("current url and secret", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			tr := &hookTransport{answer: failA}
			f, ep := hookFake(t, tr, 3)
			id := ep["id"].(string)
			serveJSON(t, f, http.MethodPost, "/products", map[string]any{"name": "Course"})
			synctest.Wait() // the first attempt failed; the retry waits an hour

			status, _ := serveJSON(t, f, http.MethodPatch, "/webhook_endpoints/"+id, map[string]any{"url": "http://b.test/hook"})
			require.Equal(t, http.StatusOK, status)
			rotated := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
			f.st.mu.Lock()
			tbl := f.st.tables["webhook_endpoints"]
			obj := deepCopy(tbl.byID[id].obj).(map[string]any)
			obj["secret"] = rotated
			f.st.save(tbl, tbl.byID[id], obj)
			f.st.mu.Unlock()

			waitAll(t, f)
			got := tr.requests()
			require.Len(t, got, 2)
			assert.Equal(t, "a.test", got[0].host)
			assert.Equal(t, "b.test", got[1].host, "the retry goes to the current URL")
			v, err := crevio.NewWebhookVerifier(rotated)
			require.NoError(t, err)
			_, err = v.VerifyEvent(got[1].body, got[1].header)
			assert.NoError(t, err, "and is signed with the current secret")
			assert.Equal(t, "delivered", hookEvent(t, f, ep)["status"])
		})
	})

	for name, tt := range map[string]struct {
		change func(t *testing.T, f *Fake, id string) int
		why    string
	}{
		"endpoint deleted": {func(t *testing.T, f *Fake, id string) int {
			status, _ := serveJSON(t, f, http.MethodDelete, "/webhook_endpoints/"+id, nil)
			return status
		}, "endpoint deleted"},
		"endpoint deactivated": {func(t *testing.T, f *Fake, id string) int {
			status, _ := serveJSON(t, f, http.MethodPatch, "/webhook_endpoints/"+id, map[string]any{"active": false})
			return status
		}, "endpoint disabled"},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var log bytes.Buffer
				var logMu sync.Mutex
				tr := &hookTransport{answer: failA}
				f := New(WithWebhookHTTPClient(&http.Client{Transport: tr}),
					WithWebhookRetry(5, func(int) time.Duration { return time.Hour }),
					WithRequestLog(lockedWriter{&logMu, &log}))
				defer f.Close()
				_, ep := serveJSON(t, f, http.MethodPost, "/webhook_endpoints", map[string]any{"url": "http://a.test/hook", "events": []any{"*"}})
				serveJSON(t, f, http.MethodPost, "/products", map[string]any{"name": "Course"})
				synctest.Wait()
				require.Equal(t, http.StatusOK, tt.change(t, f, ep["id"].(string)))
				waitAll(t, f)
				assert.Len(t, tr.requests(), 1, "no retry once the endpoint is %s", name)
				f.st.mu.RLock()
				var ev map[string]any
				for _, r := range f.st.tables["webhook_events"].order {
					ev = r.obj
				}
				f.st.mu.RUnlock()
				assert.Equal(t, "failed", ev["status"])
				assert.EqualValues(t, 1, ev["attempts"])
				logMu.Lock()
				assert.Contains(t, log.String(), "attempt 2: abandoned ("+tt.why+")")
				logMu.Unlock()
			})
		})
	}
}

// lockedWriter serialises writes to a buffer the test reads.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestWebhookEventsOfAnObjectArriveInOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// The first attempt of product.created fails: its retry comes an
		// hour later. product.updated, for the same product, waits for it.
		var delivered []string
		var mu sync.Mutex
		tr := &hookTransport{}
		tr.answer = func(r hookRequest, n int) (int, error) {
			if n == 0 {
				return http.StatusServiceUnavailable, nil
			}
			mu.Lock()
			delivered = append(delivered, r.typ)
			mu.Unlock()
			return http.StatusNoContent, nil
		}
		f, _ := hookFake(t, tr, 3)
		_, p := serveJSON(t, f, http.MethodPost, "/products", map[string]any{"name": "Course"})
		serveJSON(t, f, http.MethodPatch, "/products/"+p["id"].(string), map[string]any{"name": "Course 2"})
		serveJSON(t, f, http.MethodPatch, "/products/"+p["id"].(string), map[string]any{"name": "Course 3"})
		waitAll(t, f)
		assert.Equal(t, []string{"product.created", "product.updated", "product.updated"}, delivered)
		var names []string
		for _, r := range tr.requests()[1:] {
			var env struct {
				Data struct {
					Object struct {
						Name string `json:"name"`
					} `json:"object"`
				} `json:"data"`
			}
			require.NoError(t, json.Unmarshal(r.body, &env))
			names = append(names, env.Data.Object.Name)
		}
		assert.Equal(t, []string{"Course", "Course 2", "Course 3"}, names)
	})
}

func TestWebhookConcurrencyPerEndpointIsBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var mu sync.Mutex
		inFlight, most := 0, 0
		tr := &hookTransport{answer: func(hookRequest, int) (int, error) {
			mu.Lock()
			inFlight++
			most = max(most, inFlight)
			mu.Unlock()
			<-release
			mu.Lock()
			inFlight--
			mu.Unlock()
			return http.StatusNoContent, nil
		}}
		f, _ := hookFake(t, tr, 1)
		const n = 10 // products: events of different objects
		for range n {
			serveJSON(t, f, http.MethodPost, "/products", map[string]any{"name": "Course"})
		}
		synctest.Wait()
		mu.Lock()
		assert.Equal(t, webhookConcurrency, inFlight, "deliveries of different objects go concurrently, up to the bound")
		mu.Unlock()
		close(release)
		waitAll(t, f)
		assert.Equal(t, webhookConcurrency, most)
		assert.Len(t, tr.requests(), n, "the rest were queued, not dropped")
	})

	t.Run("a retry backing off holds no slot", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var mu sync.Mutex
			failing := map[string]bool{}
			tr := &hookTransport{answer: func(r hookRequest, _ int) (int, error) {
				mu.Lock()
				defer mu.Unlock()
				if !failing[string(r.body)] && len(failing) < webhookConcurrency {
					failing[string(r.body)] = true
					return http.StatusInternalServerError, nil
				}
				return http.StatusNoContent, nil
			}}
			f, _ := hookFake(t, tr, 2)
			for range webhookConcurrency + 1 {
				serveJSON(t, f, http.MethodPost, "/products", map[string]any{"name": "Course"})
			}
			synctest.Wait() // four retries wait an hour; the fifth went through
			assert.Len(t, tr.requests(), webhookConcurrency+1)
			waitAll(t, f)
			assert.Len(t, tr.requests(), 2*webhookConcurrency+1)
		})
	})
}

// timeoutError is a net.Error that timed out.
type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

func TestWebhookFailureReasons(t *testing.T) {
	tests := []struct {
		name    string
		answer  func(hookRequest, int) (int, error)
		status  any
		errText string
		logText string
	}{
		{"status", func(hookRequest, int) (int, error) { return 503, nil }, 503.0, "HTTP 503 Service Unavailable", "attempt 1: 503\n"},
		{"timeout", func(hookRequest, int) (int, error) { return 0, timeoutError{} }, nil, "timeout: i/o timeout", "attempt 1: timeout: i/o timeout\n"},
		{"deadline", func(hookRequest, int) (int, error) { return 0, context.DeadlineExceeded }, nil, "timeout: context deadline exceeded", "attempt 1: timeout"},
		{"other", func(hookRequest, int) (int, error) { return 0, errors.New("tls: bad certificate") }, nil, "tls: bad certificate", "attempt 1: tls: bad certificate\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var log bytes.Buffer
				var mu sync.Mutex
				f := New(WithWebhookHTTPClient(&http.Client{Transport: &hookTransport{answer: tt.answer}}),
					WithWebhookRetry(1, nil), WithRequestLog(lockedWriter{&mu, &log}))
				defer f.Close()
				_, ep := serveJSON(t, f, http.MethodPost, "/webhook_endpoints", map[string]any{"url": "http://a.test/hook", "events": []any{"*"}})
				serveJSON(t, f, http.MethodPost, "/products", map[string]any{"name": "Course"})
				waitAll(t, f)
				at := hookEvent(t, f, ep)["deliveries"].([]any)[0].(map[string]any)
				assert.Equal(t, tt.status, at["response_status"])
				assert.Equal(t, tt.errText, at["error"])
				mu.Lock()
				assert.Contains(t, log.String(), tt.logText)
				mu.Unlock()
			})
		})
	}

	t.Run("connection refused", func(t *testing.T) {
		gone := httptest.NewServer(http.NotFoundHandler())
		url := gone.URL + "/hook"
		gone.Close()
		var log bytes.Buffer
		var mu sync.Mutex
		a := newAPI(t, WithWebhookRetry(1, nil), WithRequestLog(lockedWriter{&mu, &log}))
		a.webhookEndpoint(url, "*")
		a.create("/products", map[string]any{"name": "Course"})
		a.waitDeliveries()
		at := a.do(http.MethodGet, "/webhook_events", nil).data()[0].(map[string]any)["deliveries"].([]any)[0].(map[string]any)
		assert.Regexp(t, `^connection refused: `, at["error"])
		mu.Lock()
		assert.Contains(t, log.String(), "attempt 1: connection refused")
		mu.Unlock()
	})
}
