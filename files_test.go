package crevio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"hash/crc32"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// filesOnlyReader hides every method of a reader but Read: a stream that
// cannot be rewound and whose length is unknown.
type filesOnlyReader struct{ r io.Reader }

func (o filesOnlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestFilesWire(t *testing.T) {
	one, list := fixture(t, "file.json"), fixture(t, "files_list.json")
	checkWire(t, []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.Files.List(bg, nil); return err },
			method: "GET", path: "/files", respond: list,
		},
		{
			name: "list with every param",
			call: func(c *Client) error {
				_, err := c.Files.List(bg, &FileListParams{Limit: Ptr(10), StartingAfter: Ptr("file_a"), Extra: map[string]any{"kind": "file"}})
				return err
			},
			method: "GET", path: "/files", query: "kind=file&limit=10&starting_after=file_a", respond: list,
		},
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.Files.Get(bg, "file_abc123", nil); return err },
			method: "GET", path: "/files/file_abc123", respond: one,
		},
		{
			name:   "get escapes the id",
			call:   func(c *Client) error { _, err := c.Files.Get(bg, "f 1?x", nil); return err },
			method: "GET", path: "/files/f%201%3Fx", respond: one,
		},
		{
			name:   "delete",
			call:   func(c *Client) error { _, err := c.Files.Delete(bg, "file_abc123", nil); return err },
			method: "DELETE", path: "/files/file_abc123", respond: fixture(t, "file_deleted.json"),
		},
		{
			name: "create: presigned upload",
			call: func(c *Client) error {
				_, err := c.Files.Create(bg, &FileCreateParams{Filename: Ptr("a.png")})
				return err
			},
			method: "POST", path: "/files", body: `{"filename":"a.png"}`, respond: fixture(t, "file_pending.json"),
		},
		{
			name: "create: URL import",
			call: func(c *Client) error {
				_, err := c.Files.Create(bg, &FileCreateParams{URL: Ptr("https://x/y.pdf")})
				return err
			},
			method: "POST", path: "/files", body: `{"url":"https://x/y.pdf"}`, respond: one,
		},
		{
			name: "create: URL import with a filename and Extra",
			call: func(c *Client) error {
				_, err := c.Files.Create(bg, &FileCreateParams{Kind: Ptr(FileKindFile), URL: Ptr("https://x/y.pdf"), Filename: Ptr("Y"),
					Extra: map[string]any{"title": "Why"}})
				return err
			},
			method: "POST", path: "/files", body: `{"kind":"file","url":"https://x/y.pdf","filename":"Y","title":"Why"}`, respond: one,
		},
		{
			name: "create: external video",
			call: func(c *Client) error {
				_, err := c.Files.Create(bg, &FileCreateParams{Kind: Ptr(FileKindExternalVideo), URL: Ptr("https://youtu.be/x")})
				return err
			},
			method: "POST", path: "/files", body: `{"kind":"external_video","url":"https://youtu.be/x"}`, respond: one,
		},
		{
			name:   "confirm upload",
			call:   func(c *Client) error { _, err := c.Files.ConfirmUpload(bg, "file_up1", nil); return err },
			method: "POST", path: "/files/file_up1/uploaded", body: `{}`, respond: one,
		},
		{
			name: "confirm upload with Extra and a key",
			call: func(c *Client) error {
				_, err := c.Files.ConfirmUpload(bg, "file_up1", &FileConfirmUploadParams{Extra: map[string]any{"checksum": "abc"}},
					WithIdempotencyKey("k1"))
				return err
			},
			method: "POST", path: "/files/file_up1/uploaded", body: `{"checksum":"abc"}`, header: map[string]string{"Idempotency-Key": "k1"},
			respond: one,
		},
	})
}

func TestFilesRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	for name, p := range map[string]*FileCreateParams{
		"nil params":             nil,
		"nothing":                {},
		"kind only":              {Kind: Ptr(FileKindFile)},
		"empty URL":              {URL: Ptr("")},
		"empty filename":         {Filename: Ptr(""), URL: Ptr("https://x/y")},
		"external video, no URL": {Kind: Ptr(FileKindExternalVideo), Filename: Ptr("a.mp4")},
	} {
		_, err := c.Files.Create(bg, p)
		assert.ErrorIs(t, err, ErrInvalidParam, name)
	}
	_, err := c.Files.Create(bg, &FileCreateParams{Kind: Ptr(FileKindExternalVideo)})
	assert.ErrorContains(t, err, "URL is required")
	for name, p := range map[string]*FileUploadParams{
		"nil params":          nil,
		"no filename":         {Reader: strings.NewReader("x")},
		"no reader":           {Filename: "a.txt"},
		"control in filename": {Filename: "a\r\nb.txt", Reader: strings.NewReader("x")},
		"negative size":       {Filename: "a", Reader: strings.NewReader("x"), Size: Ptr[int64](-1)},
	} {
		_, err := c.Files.Upload(bg, p)
		assert.ErrorIs(t, err, ErrInvalidParam, name)
	}
	_, err = c.Files.List(bg, &FileListParams{Limit: Ptr(0)})
	assert.ErrorIs(t, err, ErrInvalidParam)
	//lint:ignore SA1012 a nil context is exactly what this test passes
	_, err = c.Files.Upload(nil, &FileUploadParams{Filename: "a", Reader: strings.NewReader("x")}) //nolint:staticcheck
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.ErrorContains(t, err, "nil context")
	//lint:ignore SA1012 a nil context is exactly what this test passes
	_, err = c.Files.WaitReady(nil, "file_1", nil) //nolint:staticcheck
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.Empty(t, r.requests())
}

func TestFileDecode(t *testing.T) {
	raw := fixture(t, "file.json")
	r := newRecorder(t)
	r.respond(200, raw)
	f, err := r.client().Files.Get(bg, "file_abc123", nil)
	require.NoError(t, err)
	assert.Equal(t, "file_abc123", f.ID)
	assert.Equal(t, "file", f.Object)
	assert.Equal(t, FileKindFile, f.Kind)
	assert.Equal(t, FileUploadStatusReady, f.UploadStatus)
	assert.Equal(t, FileSourceUpload, f.Source)
	assert.Equal(t, "Cover", *f.Title)
	assert.Equal(t, "The course cover", *f.Description)
	assert.Nil(t, f.URL)
	assert.Equal(t, []string{"cover", "course"}, f.Tags)
	assert.Nil(t, f.SourceJobID)
	assert.Equal(t, "cover.png", *f.Filename)
	assert.Equal(t, "image/png", *f.ContentType)
	assert.Equal(t, int64(48213), *f.Size)
	assert.Nil(t, f.Provider)
	assert.Equal(t, "https://cdn.crevio.co/files/file_abc123/cover.png", *f.FileURL)
	assert.Nil(t, f.UploadURL)
	assert.Nil(t, f.UploadHeaders)
	assert.Equal(t, time.Date(2025, 5, 1, 9, 30, 0, 0, time.UTC), f.CreatedAt.UTC())
	assert.Equal(t, time.Date(2025, 5, 1, 9, 31, 0, 0, time.UTC), f.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(f.RawJSON()))
	var extra struct {
		SignedID string `json:"signed_id"`
	}
	require.NoError(t, json.Unmarshal(f.RawJSON(), &extra))
	assert.Equal(t, "eyJfcmFpbHMi", extra.SignedID)
	for _, k := range []FileKind{FileKindFile, FileKindExternalVideo} {
		assert.True(t, k.IsKnown())
	}
	for _, s := range []FileUploadStatus{FileUploadStatusPending, FileUploadStatusProcessing, FileUploadStatusReady, FileUploadStatusFailed} {
		assert.True(t, s.IsKnown())
	}
	for _, s := range []FileSource{FileSourceUpload, FileSourceURLImport, FileSourceExternalVideo, FileSourceGeneration} {
		assert.True(t, s.IsKnown())
	}
	assert.False(t, FileKind("image").IsKnown())

	// The older page's shape: no source, title, description, tags; the
	// upload URL and headers of a create answer.
	r.respond(200, fixture(t, "file_pending.json"))
	f, err = r.client().Files.Get(bg, "file_up1", nil)
	require.NoError(t, err)
	assert.Equal(t, FileUploadStatusPending, f.UploadStatus)
	assert.Empty(t, f.Source)
	assert.Nil(t, f.Title)
	assert.Nil(t, f.Tags)
	assert.Nil(t, f.Size)
	assert.Equal(t, "https://storage.crevio.test/bucket/file_up1?X-Amz-Signature=sig0123456789", *f.UploadURL)
	assert.Equal(t, map[string]string{"Content-Type": "image/png", "x-amz-meta-file-id": "file_up1"}, f.UploadHeaders)

	r.respond(200, fixture(t, "files_list.json"))
	page, err := r.client().Files.List(bg, nil)
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	require.Len(t, page.Data, 2)
	v := page.Data[0]
	assert.Equal(t, FileKindExternalVideo, v.Kind)
	assert.Equal(t, FileSourceExternalVideo, v.Source)
	assert.Equal(t, "youtube", *v.Provider)
	assert.Nil(t, v.ContentType, "a video has no MIME type, not external/<provider>")
	assert.Nil(t, v.Filename)
	assert.Nil(t, v.Tags, "tags may be null")
	imp := page.Data[1]
	assert.Equal(t, FileSourceURLImport, imp.Source)
	assert.Equal(t, FileUploadStatusProcessing, imp.UploadStatus)
	assert.Equal(t, "https://cdn.example.com/notes.pdf", *imp.URL)
	assert.Equal(t, int64(1024), *imp.Size)
	assert.Equal(t, []string{}, imp.Tags)

	r.respond(200, fixture(t, "file_deleted.json"))
	d, err := r.client().Files.Delete(bg, "file_abc123", nil)
	require.NoError(t, err)
	assert.Equal(t, &Deleted{ID: "file_abc123", Object: "file", Deleted: true}, d)
}

// putSeen is one PUT an upload rig received.
type putSeen struct {
	URL           string
	Header        http.Header
	ContentLength int64
	Body          []byte
	ReadErr       error
}

// uploadRig is a transport that plays the API (create, confirm, get) and
// the storage host of its upload URL, recording what each received.
type uploadRig struct {
	mu         sync.Mutex
	uploadURL  string
	headers    map[string]string
	puts       []putSeen
	api        []seen
	putAnswers []func() (*http.Response, error) // the last one repeats; none: 200
	noURL      bool
}

func newUploadRig() *uploadRig {
	return &uploadRig{
		uploadURL: "https://storage.crevio.test/bucket/file_up1?X-Amz-Signature=sig0123456789",
		headers:   map[string]string{"Content-Type": "image/png", "x-amz-meta-file-id": "file_up1"},
	}
}

func (u *uploadRig) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	var readErr error
	if r.Body != nil {
		body, readErr = io.ReadAll(r.Body)
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if r.URL.Host == "storage.crevio.test" {
		u.puts = append(u.puts, putSeen{r.URL.String(), r.Header.Clone(), r.ContentLength, body, readErr})
		if readErr != nil {
			return nil, readErr
		}
		if len(u.putAnswers) == 0 {
			return httpResponse(200, "", "Content-Type", "text/plain", "ETag", `"x"`), nil
		}
		return u.putAnswers[min(len(u.puts), len(u.putAnswers))-1]()
	}
	u.api = append(u.api, seen{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone(), body})
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/files":
		f := map[string]any{"id": "file_up1", "object": "file", "kind": "file", "upload_status": "pending", "filename": "cover.png"}
		if !u.noURL {
			f["upload_url"], f["upload_headers"] = u.uploadURL, u.headers
		}
		b, _ := json.Marshal(f)
		return httpResponse(200, string(b), "Request-Id", "req_create"), nil
	case r.Method == http.MethodPost && r.URL.Path == "/v1/files/file_up1/uploaded":
		return httpResponse(200, `{"id":"file_up1","object":"file","kind":"file","upload_status":"ready","size":5}`, "Request-Id", "req_confirm"), nil
	}
	return httpResponse(404, `{"error":{"type":"invalid_request_error","message":"no route"}}`), nil
}

func (u *uploadRig) state() ([]putSeen, []seen) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]putSeen(nil), u.puts...), append([]seen(nil), u.api...)
}

func rigClient(t testing.TB, u *uploadRig, opts ...Option) *Client {
	t.Helper()
	c, err := New(testKey, append([]Option{WithBaseURL("https://api.crevio.test/v1"), WithTransport(u),
		WithRetryBackoff(time.Millisecond, 2*time.Millisecond)}, opts...)...)
	require.NoError(t, err)
	return c
}

// TestFilesUploadFlow checks the three requests of Upload: the create, the
// PUT to the upload URL with exactly the upload headers and nothing of the
// API's, and the confirm.
func TestFilesUploadFlow(t *testing.T) {
	u := newUploadRig()
	c := rigClient(t, u)
	var resp *http.Response
	f, err := c.Files.Upload(bg, &FileUploadParams{Filename: "cover.png", Reader: bytes.NewReader([]byte("PNG!!")),
		Extra: map[string]any{"title": "Cover"}},
		WithIdempotencyKey("key-1"), WithHeader("X-Trace", "t1"), WithResponse(&resp))
	require.NoError(t, err)
	assert.Equal(t, FileUploadStatusReady, f.UploadStatus)
	assert.Equal(t, int64(5), *f.Size)
	require.NotNil(t, resp)
	assert.Equal(t, "req_confirm", RequestID(resp), "WithResponse holds the confirm's response")

	puts, api := u.state()
	require.Len(t, api, 2)
	assert.Equal(t, "POST", api[0].Method)
	assert.Equal(t, "/v1/files", api[0].Path)
	assert.JSONEq(t, `{"filename":"cover.png","title":"Cover"}`, string(api[0].Body))
	assert.Equal(t, "key-1", api[0].Header.Get("Idempotency-Key"))
	assert.Equal(t, "Bearer "+testKey, api[0].Header.Get("Authorization"))
	assert.Equal(t, "t1", api[0].Header.Get("X-Trace"))
	assert.Equal(t, "POST", api[1].Method)
	assert.Equal(t, "/v1/files/file_up1/uploaded", api[1].Path)
	assert.JSONEq(t, `{}`, string(api[1].Body))
	assert.Equal(t, "key-1-uploaded", api[1].Header.Get("Idempotency-Key"), "the confirm gets a key of its own")
	assert.Equal(t, "t1", api[1].Header.Get("X-Trace"))

	require.Len(t, puts, 1)
	put := puts[0]
	assert.Equal(t, u.uploadURL, put.URL, "the upload URL exactly as given, query included")
	assert.Equal(t, []byte("PNG!!"), put.Body)
	assert.Equal(t, int64(5), put.ContentLength)
	assert.Equal(t, http.Header{
		"Content-Type":       {"image/png"},
		"X-Amz-Meta-File-Id": {"file_up1"},
		"User-Agent":         {""}, // net/http sends no User-Agent for an empty one
	}, put.Header, "exactly the upload headers: no Authorization, Accept, Idempotency-Key or WithHeader header")
}

// TestFilesUploadContentLength checks the Content-Length rule: Size when
// given, else the length of a reader that knows it, else chunked.
func TestFilesUploadContentLength(t *testing.T) {
	tmp := filepath.Join(t.TempDir(), "f.bin")
	require.NoError(t, os.WriteFile(tmp, []byte("0123456789"), 0o600))
	pr, pw := io.Pipe()
	go func() { _, _ = io.WriteString(pw, "piped"); _ = pw.Close() }()
	pr2, pw2 := io.Pipe()
	go func() { _, _ = io.WriteString(pw2, "piped"); _ = pw2.Close() }()
	open := func(skip int64) *os.File {
		f, err := os.Open(tmp)
		require.NoError(t, err)
		t.Cleanup(func() { f.Close() })
		_, err = f.Seek(skip, io.SeekStart)
		require.NoError(t, err)
		return f
	}
	for _, tt := range []struct {
		name   string
		params FileUploadParams
		want   int64
		body   string
	}{
		{"bytes.Reader", FileUploadParams{Reader: bytes.NewReader([]byte("abc"))}, 3, "abc"},
		{"strings.Reader part read", FileUploadParams{Reader: func() io.Reader {
			r := strings.NewReader("xxabcd")
			_, _ = r.Seek(2, io.SeekStart)
			return r
		}()}, 4, "abcd"},
		{"bytes.Buffer", FileUploadParams{Reader: bytes.NewBufferString("buf")}, 3, "buf"},
		{"regular file", FileUploadParams{Reader: open(0)}, 10, "0123456789"},
		{"regular file from an offset", FileUploadParams{Reader: open(4)}, 6, "456789"},
		{"a pipe: chunked", FileUploadParams{Reader: pr}, -1, "piped"},
		{"a pipe with Size", FileUploadParams{Reader: pr2, Size: Ptr[int64](5)}, 5, "piped"},
		{"empty", FileUploadParams{Reader: strings.NewReader("")}, 0, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u := newUploadRig()
			p := tt.params
			p.Filename = "f.bin"
			_, err := rigClient(t, u).Files.Upload(bg, &p)
			require.NoError(t, err)
			puts, _ := u.state()
			require.Len(t, puts, 1)
			assert.Equal(t, tt.want, puts[0].ContentLength)
			assert.Equal(t, tt.body, string(puts[0].Body))
		})
	}

	// A reader that yields another count than Size fails the PUT, once.
	for name, p := range map[string]FileUploadParams{
		"fewer":  {Reader: strings.NewReader("abc"), Size: Ptr[int64](5)},
		"more":   {Reader: strings.NewReader("abcdefg"), Size: Ptr[int64](5)},
		"stream": {Reader: filesOnlyReader{strings.NewReader("ab")}, Size: Ptr[int64](5)},
	} {
		u := newUploadRig()
		p.Filename = "f.bin"
		_, err := rigClient(t, u).Files.Upload(bg, &p)
		require.Error(t, err, name)
		assert.ErrorContains(t, err, "Size", name)
		assert.ErrorContains(t, err, "file_up1", name)
		puts, api := u.state()
		assert.Len(t, puts, 1, "%s: not retried", name)
		assert.Len(t, api, 1, "%s: not confirmed", name)
	}
}

func TestFilesUploadRetries(t *testing.T) {
	unavailable := respondWith(503, `<Error><Code>SlowDown</Code></Error>`, "Content-Type", "application/xml")
	ok := respondWith(200, "")
	t.Run("a seeker is sent again, whole", func(t *testing.T) {
		u := newUploadRig()
		u.putAnswers = []func() (*http.Response, error){unavailable, failWith(errors.New("connection reset by peer")), ok}
		_, err := rigClient(t, u).Files.Upload(bg, &FileUploadParams{Filename: "a", Reader: strings.NewReader("hello")})
		require.NoError(t, err)
		puts, api := u.state()
		require.Len(t, puts, 3)
		for _, p := range puts {
			assert.Equal(t, "hello", string(p.Body))
		}
		assert.Len(t, api, 2, "one create, one confirm")
	})
	t.Run("a stream is sent once", func(t *testing.T) {
		u := newUploadRig()
		u.putAnswers = []func() (*http.Response, error){unavailable, ok}
		_, err := rigClient(t, u).Files.Upload(bg, &FileUploadParams{Filename: "a", Reader: filesOnlyReader{strings.NewReader("hello")}})
		var apiErr *Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 503, apiErr.StatusCode)
		assert.Contains(t, string(apiErr.Body), "SlowDown", "the storage host's XML body")
		assert.ErrorContains(t, err, "file_up1")
		puts, api := u.state()
		assert.Len(t, puts, 1)
		assert.Len(t, api, 1, "not confirmed")
	})
	t.Run("WithRetries(0)", func(t *testing.T) {
		u := newUploadRig()
		u.putAnswers = []func() (*http.Response, error){unavailable, ok}
		_, err := rigClient(t, u).Files.Upload(bg, &FileUploadParams{Filename: "a", Reader: strings.NewReader("hello")}, WithRetries(0))
		require.Error(t, err)
		puts, _ := u.state()
		assert.Len(t, puts, 1)
	})
	t.Run("a 4xx is not retried", func(t *testing.T) {
		u := newUploadRig()
		u.putAnswers = []func() (*http.Response, error){respondWith(403, `<Error><Code>SignatureDoesNotMatch</Code></Error>`, "Content-Type", "application/xml")}
		_, err := rigClient(t, u).Files.Upload(bg, &FileUploadParams{Filename: "a", Reader: strings.NewReader("hello")})
		var apiErr *Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 403, apiErr.StatusCode)
		puts, _ := u.state()
		assert.Len(t, puts, 1)
	})
}

// filesFailingSeeker fails its first read.
type filesFailingSeeker struct{ *strings.Reader }

func (f filesFailingSeeker) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestFilesUploadSourceErrorIsNotRetried(t *testing.T) {
	u := newUploadRig()
	_, err := rigClient(t, u).Files.Upload(bg, &FileUploadParams{Filename: "a", Reader: filesFailingSeeker{strings.NewReader("x")}})
	require.Error(t, err)
	assert.ErrorContains(t, err, "disk on fire")
	assert.ErrorIs(t, err, errUploadSource)
	puts, _ := u.state()
	assert.Len(t, puts, 1)
}

// filesBadSeeker seeks once (to learn its position) and then fails.
type filesBadSeeker struct {
	*strings.Reader
	seeks int
}

func (s *filesBadSeeker) Seek(offset int64, whence int) (int64, error) {
	s.seeks++
	if s.seeks > 1 {
		return 0, errors.New("tape jammed")
	}
	return s.Reader.Seek(offset, whence)
}

func TestFilesUploadRewindFailure(t *testing.T) {
	u := newUploadRig()
	u.putAnswers = []func() (*http.Response, error){respondWith(503, ""), respondWith(200, "")}
	_, err := rigClient(t, u).Files.Upload(bg, &FileUploadParams{Filename: "a", Reader: &filesBadSeeker{Reader: strings.NewReader("x")}})
	assert.ErrorContains(t, err, "tape jammed")
	assert.ErrorIs(t, err, errUploadSource)
	puts, _ := u.state()
	assert.Len(t, puts, 1)
}

// TestFilesUploadNeverLeaksTheUploadURL checks that errors and debug log
// lines name the upload URL by a fixed label: its query is the signature.
func TestFilesUploadNeverLeaksTheUploadURL(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	u := newUploadRig()
	u.putAnswers = []func() (*http.Response, error){failWith(errors.New("connection refused"))}
	_, err := rigClient(t, u, WithLogger(logger)).Files.Upload(bg, &FileUploadParams{Filename: "a", Reader: strings.NewReader("x")},
		WithRetries(1))
	require.Error(t, err)
	assert.ErrorContains(t, err, "PUT upload_url")
	assert.ErrorContains(t, err, "connection refused")
	for _, leak := range []string{"sig0123456789", "storage.crevio.test", "X-Amz"} {
		assert.NotContains(t, err.Error(), leak)
		assert.NotContains(t, logs.String(), leak)
	}
	assert.Contains(t, logs.String(), "path=upload_url")
	assert.Contains(t, logs.String(), "attempt=2")
}

func TestFilesUploadChecksTheUploadURL(t *testing.T) {
	for name, tt := range map[string]struct {
		url, base string
		want      string
	}{
		"plain http to another host": {"http://storage.crevio.test/b?sig=1", "", "plain http"},
		"another scheme":             {"ftp://storage.crevio.test/b", "", "scheme"},
		"relative":                   {"/bucket/file_up1?sig=1", "", "absolute"},
		"credentials":                {"https://user:pw@storage.crevio.test/b", "", "absolute"},
	} {
		u := newUploadRig()
		u.uploadURL = tt.url
		_, err := rigClient(t, u).Files.Upload(bg, &FileUploadParams{Filename: "a", Reader: strings.NewReader("x")})
		require.Error(t, err, name)
		assert.ErrorContains(t, err, tt.want, name)
		assert.ErrorContains(t, err, "file_up1", name)
		assert.NotContains(t, err.Error(), "sig=1", name)
		puts, api := u.state()
		assert.Empty(t, puts, name)
		assert.Len(t, api, 1, name)
	}
	u := newUploadRig()
	u.noURL = true
	_, err := rigClient(t, u).Files.Upload(bg, &FileUploadParams{Filename: "a", Reader: strings.NewReader("x")})
	assert.EqualError(t, err, "crevio: files: the create answer for file_up1 has no upload_url")

	// Plain http is fine to a loopback host, and from a client whose base
	// URL is plain http itself.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(srv.Close)
	assert.Equal(t, srv.URL+"/x", mustUploadURL(t, "https://api.crevio.test/v1", srv.URL+"/x"))
	assert.Equal(t, "http://storage.lan/x", mustUploadURL(t, "http://127.0.0.1:1/v1", "http://storage.lan/x"))
}

func mustUploadURL(t *testing.T, base, raw string) string {
	t.Helper()
	c, err := New(testKey, WithBaseURL(base))
	require.NoError(t, err)
	u, err := c.Files.checkUploadURL(raw)
	require.NoError(t, err)
	return u.String()
}

// TestFilesUploadOverRealHTTP runs the flow against two real servers, the
// API and a storage host: the storage host sees no Authorization, no
// User-Agent and no Accept, and a redirect it answers is not followed.
func TestFilesUploadOverRealHTTP(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the redirect was followed: %s %s", r.Method, r.URL)
	}))
	t.Cleanup(other.Close)
	var mu sync.Mutex
	var got []*http.Request
	var bodies []string
	storage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, r)
		bodies = append(bodies, string(b))
		mu.Unlock()
		if r.URL.Query().Get("redirect") != "" {
			http.Redirect(w, r, other.URL+"/steal", http.StatusTemporaryRedirect)
			return
		}
	}))
	t.Cleanup(storage.Close)
	query := "sig=abc"
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v1/files" {
			mu.Lock()
			q := query
			mu.Unlock()
			b, _ := json.Marshal(map[string]any{"id": "file_1", "object": "file", "upload_status": "pending",
				"upload_url": storage.URL + "/b/file_1?" + q, "upload_headers": map[string]string{"Content-Type": "text/plain"}})
			_, _ = w.Write(b)
			return
		}
		_, _ = io.WriteString(w, `{"id":"file_1","object":"file","upload_status":"ready"}`)
	}))
	t.Cleanup(api.Close)
	c, err := New(testKey, WithBaseURL(api.URL+"/v1"))
	require.NoError(t, err)

	f, err := c.Files.Upload(bg, &FileUploadParams{Filename: "a.txt", Reader: filesOnlyReader{strings.NewReader("streamed")}})
	require.NoError(t, err)
	assert.Equal(t, FileUploadStatusReady, f.UploadStatus)
	mu.Lock()
	require.Len(t, got, 1)
	r := got[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "/b/file_1", r.URL.Path)
	assert.Equal(t, "sig=abc", r.URL.RawQuery)
	assert.Equal(t, "text/plain", r.Header.Get("Content-Type"))
	for _, h := range []string{"Authorization", "User-Agent", "Accept", "Idempotency-Key"} {
		assert.Empty(t, r.Header.Values(h), h)
	}
	assert.Equal(t, []string{"chunked"}, r.TransferEncoding, "a stream of unknown length")
	assert.Equal(t, "streamed", bodies[0])
	query = "sig=abc&redirect=1"
	mu.Unlock()

	_, err = c.Files.Upload(bg, &FileUploadParams{Filename: "a.txt", Reader: strings.NewReader("x")})
	var redirect *RedirectError
	require.ErrorAs(t, err, &redirect)
	assert.Equal(t, http.StatusTemporaryRedirect, redirect.StatusCode)
	assert.NotContains(t, err.Error(), "sig=abc")
}

// filesEndless is a source that never ends.
type filesEndless struct{}

func (filesEndless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'z'
	}
	return len(p), nil
}

// TestFilesUploadCancelLeavesNoGoroutine runs in a synctest bubble, which
// fails the test if any goroutine it started is still blocked at the end.
func TestFilesUploadCancelLeavesNoGoroutine(t *testing.T) {
	for _, src := range []func() io.Reader{
		func() io.Reader { return filesEndless{} },
		func() io.Reader { return bytes.NewReader(make([]byte, 1<<20)) },
	} {
		synctest.Test(t, func(t *testing.T) {
			u := newUploadRig()
			c := rigClient(t, u)
			read := make(chan struct{})
			inner := c.core.httpClient.Transport.(*guardTransport)
			inner.rt = rtFunc(func(r *http.Request) (*http.Response, error) {
				if r.Method != http.MethodPut {
					return u.RoundTrip(r)
				}
				buf := make([]byte, 1000)
				_, err := io.ReadFull(r.Body, buf)
				require.NoError(t, err)
				close(read)
				<-r.Context().Done() // stalls, then gives up without closing r.Body
				return nil, r.Context().Err()
			})
			ctx, cancel := context.WithCancel(bg)
			go func() { <-read; cancel() }()
			_, err := c.Files.Upload(ctx, &FileUploadParams{Filename: "big.bin", Reader: src()})
			assert.ErrorIs(t, err, context.Canceled)
			assert.ErrorContains(t, err, "file_up1")
		})
	}
}

// TestFilesUploadCancelOnTheWire cancels an upload the storage host is
// reading and checks Upload returns only once it has stopped reading the
// source: no read in progress, none started afterwards.
func TestFilesUploadCancelOnTheWire(t *testing.T) {
	received := make(chan struct{})
	storage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.CopyN(io.Discard, r.Body, 1<<20)
		close(received)
		_, _ = io.Copy(io.Discard, r.Body) // reads on until the client gives up
	}))
	t.Cleanup(storage.Close)
	api := filesAPIServer(t, storage.URL)
	c, err := New(testKey, WithBaseURL(api.URL+"/v1"))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(bg)
	go func() { <-received; cancel() }()
	src := &filesWatched{}
	_, err = c.Files.Upload(ctx, &FileUploadParams{Filename: "big.bin", Reader: src})
	src.over.Store(true)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, src.active.Load(), "no read in progress once Upload returned")
	storage.Close() // waits for the handler, so the client's side is all torn down
	assert.Zero(t, src.late.Load(), "no read after Upload returned")
}

// filesAPIServer is an API whose creates hand out storageURL/b/file_1 as
// the upload URL, and whose confirms answer ready.
func filesAPIServer(t testing.TB, storageURL string) *httptest.Server {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v1/files" {
			_, _ = io.WriteString(w, `{"id":"file_1","object":"file","upload_status":"pending","upload_url":"`+storageURL+
				`/b/file_1?sig=s","upload_headers":{"Content-Type":"application/octet-stream"}}`)
			return
		}
		_, _ = io.WriteString(w, `{"id":"file_1","object":"file","upload_status":"ready"}`)
	}))
	t.Cleanup(api.Close)
	return api
}

// filesWatched is an endless source that counts reads in progress and
// notes any read that starts once the upload is over.
type filesWatched struct {
	active, late atomic.Int32
	over         atomic.Bool
}

func (w *filesWatched) Read(p []byte) (int, error) {
	w.active.Add(1)
	defer w.active.Add(-1)
	if w.over.Load() {
		w.late.Add(1)
	}
	return filesEndless{}.Read(p)
}

// filesPatternBlock is 256 rounds of a 251-byte cycle: a source can copy
// from it at any offset modulo 251.
var filesPatternBlock = func() []byte {
	b := make([]byte, 251*256)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return b
}()

// filesPattern is an endless repeating pattern, so a 200 MB source costs
// no memory.
type filesPattern struct{ off int }

func (p *filesPattern) Read(b []byte) (int, error) {
	n := 0
	for n < len(b) {
		c := copy(b[n:], filesPatternBlock[p.off:])
		n += c
		p.off = (p.off + c) % 251
	}
	return n, nil
}

// filesHeapSampler records the peak of the live heap while it runs.
type filesHeapSampler struct {
	stop, done chan struct{}
	peak       uint64
}

func filesSampleHeap() *filesHeapSampler {
	s := &filesHeapSampler{stop: make(chan struct{}), done: make(chan struct{})}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(s.done)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			s.peak = max(s.peak, sample[0].Value.Uint64())
			select {
			case <-s.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return s
}

func (s *filesHeapSampler) Stop() uint64 {
	close(s.stop)
	<-s.done
	return s.peak
}

// TestFilesUpload200MBStreams uploads 200 MB, generated on the fly, to a
// storage host that checks and discards it, and measures the live heap
// meanwhile: the upload must not hold the file in memory.
func TestFilesUpload200MBStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads 200 MB")
	}
	const size = 200 << 20
	want := crc32.NewIEEE()
	_, err := io.Copy(want, io.LimitReader(&filesPattern{}, size))
	require.NoError(t, err)

	var got atomic.Uint32
	var gotSize, declared atomic.Int64
	storage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := crc32.NewIEEE()
		n, err := io.Copy(h, r.Body)
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		got.Store(h.Sum32())
		gotSize.Store(n)
		declared.Store(r.ContentLength)
	}))
	t.Cleanup(storage.Close)
	c, err := New(testKey, WithBaseURL(filesAPIServer(t, storage.URL).URL+"/v1"))
	require.NoError(t, err)

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	sampler := filesSampleHeap()
	start := time.Now()
	f, err := c.Files.Upload(bg, &FileUploadParams{Filename: "big.bin", Reader: io.LimitReader(&filesPattern{}, size), Size: Ptr[int64](size)})
	elapsed := time.Since(start)
	peak := sampler.Stop()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	assert.Equal(t, "file_1", f.ID)
	assert.Equal(t, int64(size), gotSize.Load())
	assert.Equal(t, int64(size), declared.Load(), "sent with its Content-Length")
	assert.Equal(t, want.Sum32(), got.Load(), "the storage host got the exact bytes")

	growth := int64(peak) - int64(before.HeapAlloc)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("200 MiB upload in %v: live heap %.1f MiB before, peak %.1f MiB (growth %.1f MiB); %.1f MiB allocated in total (client and servers)",
		elapsed.Round(time.Millisecond), float64(before.HeapAlloc)/(1<<20), float64(peak)/(1<<20), float64(growth)/(1<<20), float64(allocated)/(1<<20))
	assert.Less(t, growth, int64(16<<20), "peak heap growth")
	assert.Less(t, allocated, uint64(16<<20), "total allocation")
}

// BenchmarkFilesUpload measures a 16 MiB streamed upload (create, PUT,
// confirm) to discarding servers; peak-heap-MiB is the largest live heap
// seen while it runs.
func BenchmarkFilesUpload(b *testing.B) {
	const size = 16 << 20
	storage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
	}))
	b.Cleanup(storage.Close)
	c, err := New(testKey, WithBaseURL(filesAPIServer(b, storage.URL).URL+"/v1"))
	require.NoError(b, err)
	runtime.GC()
	sampler := filesSampleHeap()
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Files.Upload(bg, &FileUploadParams{Filename: "f.bin", Reader: io.LimitReader(&filesPattern{}, size)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sampler.Stop())/(1<<20), "peak-heap-MiB")
}

// filesStatusTransport answers GET /v1/files/{id} with the statuses in
// order (the last repeats), recording when each poll came.
type filesStatusTransport struct {
	mu       sync.Mutex
	statuses []string
	polls    []time.Time
	queries  []string
}

func (s *filesStatusTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.polls = append(s.polls, time.Now())
	s.queries = append(s.queries, r.URL.RawQuery)
	st := s.statuses[min(len(s.polls), len(s.statuses))-1]
	if st == "missing" {
		return httpResponse(404, `{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such file"}}`), nil
	}
	return httpResponse(200, `{"id":"file_1","object":"file","upload_status":"`+st+`"}`), nil
}

func TestFilesWaitReady(t *testing.T) {
	type result struct {
		f   *File
		err error
		at  []time.Duration // when each poll came, from the call's start
		q   []string        // each poll's query
	}
	run := func(t *testing.T, ctx context.Context, params *FileWaitParams, statuses ...string) result {
		tr := &filesStatusTransport{statuses: statuses}
		c, err := New(testKey, WithBaseURL("https://api.crevio.test/v1"), WithTransport(tr))
		require.NoError(t, err)
		start := time.Now()
		f, err := c.Files.WaitReady(ctx, "file_1", params)
		res := result{f: f, err: err, q: tr.queries}
		for _, p := range tr.polls {
			res.at = append(res.at, p.Sub(start))
		}
		return res
	}
	synctest.Test(t, func(t *testing.T) {
		res := run(t, bg, &FileWaitParams{Interval: 3 * time.Second, Extra: map[string]any{"expand": "x"}},
			"processing", "processing", "ready")
		require.NoError(t, res.err)
		assert.Equal(t, FileUploadStatusReady, res.f.UploadStatus)
		assert.Equal(t, []time.Duration{0, 3 * time.Second, 6 * time.Second}, res.at, "at once, then every Interval")
		assert.Equal(t, []string{"expand=x", "expand=x", "expand=x"}, res.q)
	})
	synctest.Test(t, func(t *testing.T) {
		res := run(t, bg, nil, "pending", "uploading_somehow", "ready")
		require.NoError(t, res.err)
		assert.Equal(t, []time.Duration{0, time.Second, 2 * time.Second}, res.at, "default 1s; an unknown status keeps polling")
	})
	synctest.Test(t, func(t *testing.T) {
		res := run(t, bg, &FileWaitParams{Interval: -1}, "processing", "failed")
		assert.ErrorIs(t, res.err, ErrFileFailed)
		assert.ErrorContains(t, res.err, "file_1")
		require.NotNil(t, res.f, "the failed file comes back too")
		assert.Equal(t, FileUploadStatusFailed, res.f.UploadStatus)
		assert.Equal(t, []time.Duration{0, time.Second}, res.at)
	})
	synctest.Test(t, func(t *testing.T) {
		res := run(t, bg, nil, "processing", "missing")
		assert.Nil(t, res.f)
		var apiErr *Error
		require.ErrorAs(t, res.err, &apiErr, "a read's error, at once")
		assert.Equal(t, 404, apiErr.StatusCode)
		assert.Len(t, res.at, 2)
	})
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(bg, 2500*time.Millisecond)
		defer cancel()
		start := time.Now()
		res := run(t, ctx, nil, "processing")
		assert.Nil(t, res.f)
		assert.ErrorIs(t, res.err, context.DeadlineExceeded)
		assert.ErrorContains(t, res.err, "waiting for file file_1")
		assert.Equal(t, 2500*time.Millisecond, time.Since(start), "returns when ctx ends, not at the next poll")
		assert.Len(t, res.at, 3)
	})
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(bg)
		time.AfterFunc(1500*time.Millisecond, cancel) // the bubble's clock
		res := run(t, ctx, nil, "processing")
		assert.ErrorIs(t, res.err, context.Canceled)
		assert.Len(t, res.at, 2)
	})
}
