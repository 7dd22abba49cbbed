package crevio

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDoWire checks what Do sends: method, escaped path under the base
// URL, the query of GET and DELETE from each params kind, the JSON body of
// the other methods, and the SDK's headers.
func TestDoWire(t *testing.T) {
	type tagged struct {
		Status *string `url:"status"`
		Limit  *int    `url:"limit"`
	}
	for _, tt := range []struct {
		name      string
		method    string
		path      string
		params    any
		wantPath  string
		wantQuery string
		wantBody  string
	}{
		{"GET no params", "GET", "/tasks", nil, "/tasks", "", ""},
		{"GET url.Values", "GET", "/tasks", url.Values{"status": {"done"}, "expand": {"a", "b"}}, "/tasks", "expand=a&expand=b&status=done", ""},
		{"GET map any", "GET", "/tasks", map[string]any{"limit": 5, "x": "y"}, "/tasks", "limit=5&x=y", ""},
		{"GET map string", "GET", "/tasks", map[string]string{"a": "1"}, "/tasks", "a=1", ""},
		{"GET params struct", "GET", "/tasks", &tagged{Status: Ptr("running"), Limit: Ptr(3)}, "/tasks", "limit=3&status=running", ""},
		{"GET escaped id", "GET", "/tasks/ça va", nil, "/tasks/%C3%A7a%20va", "", ""},
		{"GET without a leading slash", "GET", "tasks/t_1", nil, "/tasks/t_1", "", ""},
		{"GET written from the API root", "GET", "/v1/tasks/t_1", nil, "/tasks/t_1", "", ""},
		{"v1 elsewhere is kept", "GET", "/tasks/v1", nil, "/tasks/v1", "", ""},
		{"DELETE query", "DELETE", "/carts/cart_1", url.Values{"force": {"true"}}, "/carts/cart_1", "force=true", ""},
		{"POST struct", "POST", "/tasks", struct {
			Prompt string `json:"prompt"`
		}{"build"}, "/tasks", "", `{"prompt":"build"}`},
		{"POST map", "POST", "/tasks", map[string]any{"n": 1}, "/tasks", "", `{"n":1}`},
		{"POST raw", "POST", "/tasks", json.RawMessage(`{"a":[1,2]}`), "/tasks", "", `{"a":[1,2]}`},
		{"POST url.Values", "POST", "/tasks", url.Values{"a": {"1"}, "b": {"2", "3"}}, "/tasks", "", `{"a":"1","b":["2","3"]}`},
		{"POST nil", "POST", "/tasks", nil, "/tasks", "", `{}`},
		{"PATCH params struct with Extra", "PATCH", "/blog_posts/p_1", &ProductUpdateParams{Name: Ptr("N"), Extra: map[string]any{"x": 1}}, "/blog_posts/p_1", "", `{"name":"N","x":1}`},
		{"PUT", "PUT", "/things/t_1", map[string]any{"k": "v"}, "/things/t_1", "", `{"k":"v"}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRecorder(t)
			r.respond(200, `{"id":"task_1","object":"task"}`)
			var out json.RawMessage
			require.NoError(t, r.client().Do(bg, tt.method, tt.path, tt.params, &out))
			got := r.last()
			assert.Equal(t, tt.method, got.Method)
			assert.Equal(t, tt.wantPath, got.Path)
			assert.Equal(t, tt.wantQuery, got.RawQuery)
			if tt.wantBody == "" {
				assert.Empty(t, got.Body)
				assert.Empty(t, got.Header.Get("Content-Type"))
			} else {
				assert.JSONEq(t, tt.wantBody, string(got.Body))
				assert.Equal(t, "application/json", got.Header.Get("Content-Type"))
			}
			assert.Equal(t, "Bearer "+testKey, got.Header.Get("Authorization"))
			assert.Equal(t, "application/json", got.Header.Get("Accept"))
			assert.True(t, strings.HasPrefix(got.Header.Get("User-Agent"), "crevio-go/"+Version))
			assert.JSONEq(t, `{"id":"task_1","object":"task"}`, string(out))
		})
	}
}

// TestDoRefusesBadInputBeforeIO: a path that could leave the base URL, a
// query in the path, a lower-case or empty method, params a query cannot
// carry, and a nil context are all refused with ErrInvalidParam and send
// nothing.
func TestDoRefusesBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	for _, tt := range []struct {
		name           string
		method, path   string
		params         any
		wantSubstrings string
	}{
		{"empty", "GET", "", nil, "empty path"},
		{"the base URL itself", "GET", "/v1", nil, "base URL"},
		{"full URL", "GET", "https://evil.example/x", nil, "segment"},
		{"dot dot", "GET", "/tasks/../../admin", nil, "segment"},
		{"dot", "GET", "/./tasks", nil, "segment"},
		{"double slash", "GET", "//evil.example/x", nil, "segment"},
		{"trailing slash", "GET", "/tasks/", nil, "segment"},
		{"query in path", "GET", "/tasks?limit=1", nil, "query"},
		{"fragment", "GET", "/tasks#x", nil, "query"},
		{"backslash", "GET", `/tasks\..\x`, nil, "backslash"},
		{"control", "GET", "/tasks\n", nil, "control"},
		{"lower-case method", "get", "/tasks", nil, "upper-case"},
		{"empty method", "", "/tasks", nil, "empty method"},
		{"method with space", "GET X", "/tasks", nil, "upper-case"},
		{"GET with a slice", "GET", "/tasks", []string{"a"}, "params"},
		{"GET with a struct value", "GET", "/tasks", struct{}{}, "params"},
		{"GET with an empty key", "GET", "/tasks", url.Values{"": {"x"}}, "empty"},
		{"POST with an unencodable body", "POST", "/tasks", map[string]any{"f": func() {}}, "encoding"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := c.Do(bg, tt.method, tt.path, tt.params, nil)
			require.Error(t, err)
			if !strings.Contains(tt.name, "unencodable") {
				assert.ErrorIs(t, err, ErrInvalidParam)
			}
			assert.Contains(t, err.Error(), tt.wantSubstrings)
		})
	}
	var p Product
	assert.ErrorIs(t, c.Do(bg, "GET", "/products/p", nil, p), ErrInvalidParam, "out by value")
	var nilProduct *Product
	assert.ErrorIs(t, c.Do(bg, "GET", "/products/p", nil, nilProduct), ErrInvalidParam, "a nil pointer out")
	//lint:ignore SA1012 a nil context is the case under test
	assert.ErrorIs(t, c.Do(nil, "GET", "/tasks", nil, nil), ErrInvalidParam) //nolint:staticcheck
	assert.Empty(t, r.requests(), "nothing was sent")
}

// TestDoDecodesAndFails: every kind of out, typed errors with the request
// id, an empty 204, WithResponse, the typed objects' checks, and the size
// cap.
func TestDoDecodesAndFails(t *testing.T) {
	r := newRecorder(t)
	c := r.client()

	r.respond(200, `{"id":"prod_1","object":"product","name":"P","zzz":1}`)
	var p Product
	require.NoError(t, c.Do(bg, "GET", "/products/prod_1", nil, &p))
	assert.Equal(t, "P", p.Name)
	assert.Contains(t, string(p.RawJSON()), `"zzz":1`, "RawJSON is kept for the package's types")

	r.respond(200, `{"object":"product","name":"P"}`)
	var noID Product
	var decErr *DecodeError
	require.ErrorAs(t, c.Do(bg, "GET", "/products/x", nil, &noID), &decErr, "a product without an id is refused as by Get")

	r.respond(200, `{"a":{"b":[1,2]}}`)
	var m map[string]any
	require.NoError(t, c.Do(bg, "GET", "/anything", nil, &m))
	assert.Equal(t, map[string]any{"b": []any{1.0, 2.0}}, m["a"])

	r.respond(200, `{}`)
	var empty map[string]any
	require.NoError(t, c.Do(bg, "GET", "/anything", nil, &empty), "an empty object is a fine raw answer")

	r.respond(200, `[1,2,3]`)
	var arr json.RawMessage
	require.NoError(t, c.Do(bg, "GET", "/anything", nil, &arr), "any JSON value is accepted into a RawMessage")
	assert.Equal(t, `[1,2,3]`, string(arr))

	r.respond(200, `<html>oops</html>`, "Content-Type", "text/html")
	require.ErrorAs(t, c.Do(bg, "GET", "/anything", nil, &arr), &decErr)

	r.respond(204, ``)
	untouched := json.RawMessage(`"kept"`)
	var resp *http.Response
	require.NoError(t, c.Do(bg, "DELETE", "/carts/c_1", nil, &untouched, WithResponse(&resp)))
	assert.Equal(t, `"kept"`, string(untouched))
	assert.Equal(t, 204, resp.StatusCode)

	r.respond(404, `{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such task"}}`, "X-Request-Id", "req_9")
	err := c.Do(bg, "GET", "/tasks/t_1", nil, &arr)
	assert.ErrorIs(t, err, ErrNotFound)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "req_9", apiErr.RequestID)
	assert.NotContains(t, err.Error(), testKey)

	small := r.client(WithMaxResponseBytes(16))
	r.respond(200, `{"id":"t","padding":"0123456789abcdef"}`)
	require.ErrorAs(t, small.Do(bg, "GET", "/tasks/t", nil, &arr), &decErr)
}

// TestDoRetryRules: a raw GET is retried through a 503, a raw POST without
// an idempotency key is not (it could create twice), and one with a key is,
// with the key sent on both attempts.
func TestDoRetryRules(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	r.respond(503, `{"error":{"type":"api_error","message":"busy"}}`)
	r.respond(200, `{"ok":true}`)
	require.NoError(t, c.Do(bg, "GET", "/tasks", nil, nil))
	assert.Len(t, r.requests(), 2)

	r.respond(503, `{"error":{"type":"api_error","message":"busy"}}`)
	r.respond(200, `{"ok":true}`)
	err := c.Do(bg, "POST", "/tasks", map[string]any{"prompt": "x"}, nil)
	assert.ErrorIs(t, err, ErrServer)
	assert.Len(t, r.requests(), 3, "no retry of a POST without a key")

	require.NoError(t, c.Do(bg, "GET", "/drain", nil, nil), "takes the answer the POST did not retry for")
	r.respond(503, `{"error":{"type":"api_error","message":"busy"}}`)
	r.respond(200, `{"ok":true}`)
	require.NoError(t, c.Do(bg, "POST", "/tasks", map[string]any{"prompt": "x"}, nil, WithIdempotencyKey("key-1")))
	reqs := r.requests()
	require.Len(t, reqs, 6)
	assert.Equal(t, "key-1", reqs[4].Header.Get("Idempotency-Key"))
	assert.Equal(t, "key-1", reqs[5].Header.Get("Idempotency-Key"))
	assert.Equal(t, reqs[4].Body, reqs[5].Body)
}

// rawTask is a caller's own type for an endpoint the SDK does not model.
type rawTask struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

// TestAllRaw: the raw walk pages with starting_after from the last item's
// id for any item type, sends the caller's params on every page without
// changing them, is lazy, and stops on a cursor that comes back.
func TestAllRaw(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	r.respond(200, `{"object":"list","data":[{"id":"t1","status":"a"},{"id":"t2","status":"b"}],"has_more":true}`)
	r.respond(200, `{"object":"list","data":[{"id":"t3","status":"c"}],"has_more":false}`)
	params := url.Values{"status": {"done"}, "limit": {"2"}}
	seq := All[rawTask](bg, c, "/tasks", params)
	assert.Empty(t, r.requests(), "nothing is sent until ranged over")
	var got []string
	for task, err := range seq {
		require.NoError(t, err)
		got = append(got, task.ID+":"+task.Status)
	}
	assert.Equal(t, []string{"t1:a", "t2:b", "t3:c"}, got)
	reqs := r.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "limit=2&status=done", reqs[0].RawQuery)
	assert.Equal(t, "limit=2&starting_after=t2&status=done", reqs[1].RawQuery)
	assert.Equal(t, url.Values{"status": {"done"}, "limit": {"2"}}, params, "params are not written into")

	// json.RawMessage items, and a cursor that comes back.
	r.respond(200, `{"object":"list","data":[{"id":"x1"}],"has_more":true}`)
	r.respond(200, `{"object":"list","data":[{"id":"x1"}],"has_more":true}`)
	var n int
	var last error
	for item, err := range All[json.RawMessage](bg, c, "/tasks", nil) {
		if err != nil {
			last = err
			break
		}
		n++
		assert.JSONEq(t, `{"id":"x1"}`, string(*item))
	}
	assert.ErrorIs(t, last, ErrCursorStuck)
	assert.Equal(t, 2, n, "each page's items once, then the error instead of a loop")

	// An item without an id on a page that has more is an error, not a
	// restart from the first page.
	r.respond(200, `{"object":"list","data":[{"name":"no id"}],"has_more":true}`)
	var walkErrs []error
	for _, err := range All[map[string]any](bg, c, "/tasks", nil) {
		walkErrs = append(walkErrs, err)
	}
	require.Len(t, walkErrs, 2, "the item, then the error")
	assert.NoError(t, walkErrs[0])
	assert.ErrorIs(t, walkErrs[1], ErrCursorStuck)

	// The package's own types work too, with their RawJSON.
	r.respond(200, `{"object":"list","data":[{"id":"prod_1","object":"product","name":"A"}],"has_more":false}`)
	products := 0
	for p, err := range All[Product](bg, c, "/products", nil) {
		require.NoError(t, err)
		assert.Equal(t, "A", p.Name)
		assert.Contains(t, string(p.RawJSON()), `"name":"A"`)
		products++
	}
	assert.Equal(t, 1, products)

	// A bad path is the first and only item.
	before := len(r.requests())
	var errs []error
	for _, err := range All[rawTask](bg, c, "../tasks", nil) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrInvalidParam)
	assert.Len(t, r.requests(), before)

	// A body that is not a list is a DecodeError.
	r.respond(200, `{"id":"t1"}`)
	walkErrs = nil
	for _, err := range All[rawTask](bg, c, "/tasks", nil) {
		walkErrs = append(walkErrs, err)
	}
	require.Len(t, walkErrs, 1)
	var decErr *DecodeError
	assert.True(t, errors.As(walkErrs[0], &decErr), "%v", walkErrs[0])
}

// TestDoHead: a HEAD answer carries a Content-Length but no body; Do reads
// none, sends one request, and refuses an out it could never fill.
func TestDoHead(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Length", "27")
		w.Header().Set("X-Request-Id", "req_head")
	}))
	defer srv.Close()
	c, err := New(testKey, WithBaseURL(srv.URL+"/v1"))
	require.NoError(t, err)
	var resp *http.Response
	require.NoError(t, c.Do(bg, http.MethodHead, "/tasks", nil, nil, WithResponse(&resp)))
	assert.Equal(t, int32(1), n.Load())
	assert.Equal(t, "req_head", RequestID(resp))
	var raw json.RawMessage
	assert.ErrorIs(t, c.Do(bg, http.MethodHead, "/tasks", nil, &raw), ErrInvalidParam)
	assert.Equal(t, int32(1), n.Load())
}

// TestDoChecksPackageTypesLikeTypedMethods: into this package's types, Do
// refuses what the typed methods refuse (an error envelope or {} for a type
// without an id, trailing white space included).
func TestDoChecksPackageTypesLikeTypedMethods(t *testing.T) {
	for _, body := range []string{`{"error":{"type":"api_error","message":"x"}}`, "{}\n"} {
		r := newRecorder(t)
		c := r.client()
		r.respond(200, body)
		_, typedErr := c.X402.Get(bg, nil)
		var decErr *DecodeError
		require.ErrorAs(t, typedErr, &decErr, "typed: %q", body)
		r.respond(200, body)
		require.ErrorAs(t, c.Do(bg, "GET", "/x402_configuration", nil, &X402Configuration{}), &decErr, "raw: %q", body)
		r.respond(200, body)
		require.ErrorAs(t, c.Do(bg, "GET", "/account", nil, &Account{}), &decErr, "raw account: %q", body)
	}
}

// TestDoConcurrent: one client's raw calls and walks from many goroutines.
func TestDoConcurrent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("starting_after") == "" {
			_, _ = io.WriteString(w, `{"object":"list","data":[{"id":"a"},{"id":"b"}],"has_more":true}`)
			return
		}
		_, _ = io.WriteString(w, `{"object":"list","data":[{"id":"c"}],"has_more":false}`)
	}))
	defer srv.Close()
	c, err := New(testKey, WithBaseURL(srv.URL+"/v1"))
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 16 {
		wg.Go(func() {
			var raw json.RawMessage
			if err := c.Do(bg, "GET", "/tasks", url.Values{"limit": {"2"}}, &raw); err != nil {
				errs <- err
			}
			n := 0
			for _, err := range All[rawTask](bg, c, "/tasks", nil) {
				if err != nil {
					errs <- err
				}
				n++
			}
			if n != 3 {
				errs <- fmt.Errorf("walk saw %d items", n)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
