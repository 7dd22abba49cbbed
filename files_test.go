package crevio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"hash/crc32"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
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

// filesPart is one part of a multipart body, as a server reads it.
type filesPart struct {
	Name, Filename, ContentType string
	Data                        []byte
}

// filesParts parses a multipart/form-data body.
func filesParts(t testing.TB, contentType string, body []byte) []filesPart {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	require.NoError(t, err)
	require.Equal(t, "multipart/form-data", mt)
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var parts []filesPart
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return parts
		}
		require.NoError(t, err)
		data, err := io.ReadAll(p)
		require.NoError(t, err)
		parts = append(parts, filesPart{p.FormName(), p.FileName(), p.Header.Get("Content-Type"), data})
	}
}

// filesOnlyReader hides every method of a reader but Read: a stream that
// cannot be rewound.
type filesOnlyReader struct{ r io.Reader }

func (o filesOnlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestFilesWire(t *testing.T) {
	one, list := fixture(t, "file.json"), fixture(t, "files_list.json")
	tests := []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.Files.List(bg, nil); return err },
			method: "GET", path: "/files", respond: list,
		},
		{
			name: "list with every param",
			call: func(c *Client) error {
				_, err := c.Files.List(bg, &FileListParams{Limit: Ptr(10), StartingAfter: Ptr("file_a"), Extra: map[string]any{"content_type": "image/png"}})
				return err
			},
			method: "GET", path: "/files", query: "content_type=image%2Fpng&limit=10&starting_after=file_a", respond: list,
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
			name: "create from a URL",
			call: func(c *Client) error {
				_, err := c.Files.CreateFromURL(bg, &FileCreateFromURLParams{URL: "https://youtu.be/xyz", Filename: Ptr("intro"),
					Extra: map[string]any{"alt": "Intro video"}})
				return err
			},
			method: "POST", path: "/files", body: `{"url":"https://youtu.be/xyz","filename":"intro","alt":"Intro video"}`, respond: one,
		},
		{
			name: "create from a URL with the URL only",
			call: func(c *Client) error {
				_, err := c.Files.CreateFromURL(bg, &FileCreateFromURLParams{URL: "https://cdn.example.com/a.pdf"})
				return err
			},
			method: "POST", path: "/files", body: `{"url":"https://cdn.example.com/a.pdf"}`, respond: one,
		},
	}
	checkWire(t, tests)
}

func TestFilesUploadWire(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "file.json"))
	content := bytes.Repeat([]byte("PNG\x00\xff"), 20_000) // 100 kB, binary
	var resp *http.Response
	f, err := r.client(WithUserAgentSuffix("shop/1.0")).Files.Upload(bg, &FileUploadParams{
		Filename: `my "cover".png`,
		Reader:   bytes.NewReader(content),
		Extra:    map[string]any{"purpose": "product_media", "tags": []string{"a", "b"}, "alt": "Cover", "skipped": nil},
	}, WithResponse(&resp), WithHeader("X-Trace", "t1"))
	require.NoError(t, err)
	assert.Equal(t, "file_abc123", f.ID)
	assert.Equal(t, 200, resp.StatusCode, "request options apply to uploads")

	got := r.last()
	assert.Equal(t, "POST", got.Method)
	assert.Equal(t, "/files", got.Path)
	assert.Empty(t, got.RawQuery)
	assert.Equal(t, "Bearer "+testKey, got.Header.Get("Authorization"))
	assert.Equal(t, "application/json", got.Header.Get("Accept"))
	assert.Contains(t, got.Header.Get("User-Agent"), "shop/1.0")
	assert.Equal(t, "t1", got.Header.Get("X-Trace"))
	assert.Empty(t, got.Header.Get("Content-Length"))
	ct := got.Header.Get("Content-Type")
	assert.True(t, strings.HasPrefix(ct, "multipart/form-data; boundary=crevio-"), ct)

	parts := filesParts(t, ct, got.Body)
	require.Len(t, parts, 5)
	assert.Equal(t, []filesPart{
		{Name: "alt", Data: []byte("Cover")},
		{Name: "purpose", Data: []byte("product_media")},
		{Name: "tags", Data: []byte("a")},
		{Name: "tags", Data: []byte("b")},
	}, []filesPart{
		{Name: parts[0].Name, Data: parts[0].Data},
		{Name: parts[1].Name, Data: parts[1].Data},
		{Name: parts[2].Name, Data: parts[2].Data},
		{Name: parts[3].Name, Data: parts[3].Data},
	}, "fields first, sorted by name; nil values skipped")
	file := parts[4]
	assert.Equal(t, "file", file.Name)
	assert.Equal(t, `my "cover".png`, file.Filename, "quotes survive the Content-Disposition")
	assert.Equal(t, "image/png", file.ContentType, "detected from the extension")
	assert.Equal(t, content, file.Data)
}

func TestFilesUploadContentType(t *testing.T) {
	tests := []struct {
		filename, contentType, want string
	}{
		{"cover.png", "", "image/png"},
		{"notes.PDF", "", "application/pdf"},
		{"data.unknownext", "", "application/octet-stream"},
		{"no-extension", "", "application/octet-stream"},
		{"cover.png", "image/webp", "image/webp"},
		{"clip", "video/mp4; codecs=avc1", "video/mp4; codecs=avc1"},
	}
	for _, tt := range tests {
		r := newRecorder(t)
		r.respond(200, fixture(t, "file.json"))
		_, err := r.client().Files.Upload(bg, &FileUploadParams{Filename: tt.filename, ContentType: tt.contentType, Reader: strings.NewReader("x")})
		require.NoError(t, err)
		got := r.last()
		parts := filesParts(t, got.Header.Get("Content-Type"), got.Body)
		require.Len(t, parts, 1)
		assert.Equal(t, tt.want, parts[0].ContentType, "%s %q", tt.filename, tt.contentType)
		assert.Equal(t, tt.filename, parts[0].Filename)
		assert.Equal(t, "x", string(parts[0].Data))
	}
}

// TestFilesUploadIsChunked checks on a real server that the body is streamed:
// no Content-Length, chunked transfer encoding, read while it is written.
func TestFilesUploadIsChunked(t *testing.T) {
	type seenReq struct {
		contentLength int64
		te            []string
		parts         []filesPart
	}
	var mu sync.Mutex
	var seenReqs []seenReq
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seenReqs = append(seenReqs, seenReq{r.ContentLength, r.TransferEncoding, filesParts(t, r.Header.Get("Content-Type"), body)})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"file_1","object":"file","filename":"a.bin","content_type":"application/octet-stream","byte_size":3}`)
	}))
	t.Cleanup(srv.Close)
	c, err := New(testKey, WithBaseURL(srv.URL+"/v1"))
	require.NoError(t, err)

	for _, src := range []io.Reader{bytes.NewReader([]byte("abc")), filesOnlyReader{strings.NewReader("abc")}} {
		f, err := c.Files.Upload(bg, &FileUploadParams{Filename: "a.bin", Reader: src})
		require.NoError(t, err)
		assert.Equal(t, "file_1", f.ID)
		require.NotNil(t, f.ByteSize)
		assert.Equal(t, int64(3), *f.ByteSize)
	}
	require.Len(t, seenReqs, 2)
	for _, s := range seenReqs {
		assert.Equal(t, int64(-1), s.contentLength)
		assert.Equal(t, []string{"chunked"}, s.te)
		require.Len(t, s.parts, 1)
		assert.Equal(t, "abc", string(s.parts[0].Data))
	}
}

// TestFilesUploadRequestShape checks what the transport is handed: a body
// of unknown length, and a GetBody only when the source can be rewound.
func TestFilesUploadRequestShape(t *testing.T) {
	pr, pw, err := os.Pipe()
	require.NoError(t, err)
	_, err = pw.WriteString("from a pipe")
	require.NoError(t, err)
	require.NoError(t, pw.Close())
	t.Cleanup(func() { pr.Close() })

	tests := []struct {
		name       string
		src        io.Reader
		rewindable bool
	}{
		{"bytes.Reader", bytes.NewReader([]byte("from a pipe")), true},
		{"strings.Reader", strings.NewReader("from a pipe"), true},
		{"plain reader", filesOnlyReader{strings.NewReader("from a pipe")}, false},
		{"a pipe: a Seeker that cannot seek", pr, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *http.Request
			var body []byte
			c := scriptClient(t, &script{steps: []func() (*http.Response, error){respondWith(200, fixture(t, "file.json"))}})
			c.httpClient.Transport = rtFunc(func(r *http.Request) (*http.Response, error) {
				got = r
				body, _ = io.ReadAll(r.Body)
				return httpResponse(200, fixture(t, "file.json")), nil
			})
			_, err := c.Files.Upload(bg, &FileUploadParams{Filename: "a.txt", Reader: tt.src})
			require.NoError(t, err)
			assert.Equal(t, int64(-1), got.ContentLength)
			assert.Equal(t, tt.rewindable, got.GetBody != nil)
			parts := filesParts(t, got.Header.Get("Content-Type"), body)
			require.Len(t, parts, 1)
			assert.Equal(t, "from a pipe", string(parts[0].Data))
			assert.Equal(t, "text/plain; charset=utf-8", parts[0].ContentType)
		})
	}
}

func TestFilesUploadRetries(t *testing.T) {
	const content = "0123456789"
	offset := func() io.Reader { // a Seeker positioned after "012"
		r := strings.NewReader(content)
		_, _ = r.Seek(3, io.SeekStart)
		return r
	}
	tests := []struct {
		name   string
		src    func() io.Reader
		status int
		opts   []RequestOption
		calls  int
		want   string // the file part of every attempt
	}{
		{"rewindable, 429", func() io.Reader { return bytes.NewReader([]byte(content)) }, 429, nil, 2, content},
		{"rewindable from an offset, 429", offset, 429, nil, 2, "3456789"},
		{"stream, 429", func() io.Reader { return filesOnlyReader{strings.NewReader(content)} }, 429, nil, 1, content},
		{"stream, 429, retries asked for", func() io.Reader { return filesOnlyReader{strings.NewReader(content)} }, 429,
			[]RequestOption{WithRetries(5)}, 1, content},
		{"rewindable, 503 without an idempotency key", func() io.Reader { return strings.NewReader(content) }, 503, nil, 1, content},
		{"rewindable, 503 with an idempotency key", func() io.Reader { return strings.NewReader(content) }, 503,
			[]RequestOption{WithIdempotencyKey("up-1")}, 2, content},
		{"stream, 503 with an idempotency key", func() io.Reader { return filesOnlyReader{strings.NewReader(content)} }, 503,
			[]RequestOption{WithIdempotencyKey("up-1")}, 1, content},
		{"rewindable, retries off", func() io.Reader { return strings.NewReader(content) }, 429,
			[]RequestOption{WithRetries(0)}, 1, content},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRecorder(t)
			r.respond(tt.status, `{"error":{"type":"api_error","message":"later"}}`)
			r.respond(200, fixture(t, "file.json"))
			f, err := r.client().Files.Upload(bg, &FileUploadParams{Filename: "n.txt", Reader: tt.src()}, tt.opts...)
			reqs := r.requests()
			require.Len(t, reqs, tt.calls)
			if tt.calls == 1 {
				var apiErr *Error
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, tt.status, apiErr.StatusCode)
			} else {
				require.NoError(t, err)
				assert.Equal(t, "file_abc123", f.ID)
			}
			for i, req := range reqs {
				parts := filesParts(t, req.Header.Get("Content-Type"), req.Body)
				require.Len(t, parts, 1, "attempt %d", i)
				assert.Equal(t, tt.want, string(parts[0].Data), "attempt %d sends the whole content", i)
			}
			if tt.calls == 2 {
				assert.Equal(t, reqs[0].Header.Get("Content-Type"), reqs[1].Header.Get("Content-Type"), "one boundary for every attempt")
			}
		})
	}
}

// filesFailingSeeker is a rewindable source whose reads fail after a while.
type filesFailingSeeker struct {
	*strings.Reader
	err error
}

func (f filesFailingSeeker) Read(p []byte) (int, error) {
	if f.Len() < 5 {
		return 0, f.err
	}
	return f.Reader.Read(p[:min(len(p), 5)])
}

func TestFilesUploadSourceErrorIsNotRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errDisk := errors.New("disk on fire")
		var calls atomic.Int32
		c := scriptClient(t, &script{steps: []func() (*http.Response, error){respondWith(200, `{}`)}})
		c.httpClient.Transport = rtFunc(func(r *http.Request) (*http.Response, error) {
			calls.Add(1)
			if _, err := io.ReadAll(r.Body); err != nil {
				return nil, err // as net/http does: the body's error wins
			}
			return httpResponse(200, fixture(t, "file.json")), nil
		})
		_, err := c.Files.Upload(bg, &FileUploadParams{Filename: "a", Reader: filesFailingSeeker{strings.NewReader("0123456789"), errDisk}},
			WithIdempotencyKey("k"))
		require.Error(t, err)
		assert.ErrorIs(t, err, errDisk)
		assert.ErrorIs(t, err, errUploadSource)
		assert.Equal(t, int32(1), calls.Load(), "a failing source does not heal by retrying")
	})
}

func TestFilesUploadSourceErrorOnTheWire(t *testing.T) {
	errDisk := errors.New("disk on fire")
	r := newRecorder(t)
	_, err := r.client().Files.Upload(bg, &FileUploadParams{Filename: "a",
		Reader: filesFailingSeeker{strings.NewReader(strings.Repeat("x", 100_000)), errDisk}}, WithIdempotencyKey("k"))
	assert.ErrorIs(t, err, errDisk, "net/http passes the source's error through")
	assert.LessOrEqual(t, len(r.requests()), 1)
}

func TestFilesUploadRewindFailure(t *testing.T) {
	r := newRecorder(t)
	r.respond(429, `{}`)
	r.respond(200, fixture(t, "file.json"))
	src := &filesBadSeeker{Reader: strings.NewReader("abc")}
	_, err := r.client().Files.Upload(bg, &FileUploadParams{Filename: "a", Reader: src})
	assert.ErrorIs(t, err, errFilesSeek)
	assert.Len(t, r.requests(), 1)
}

var errFilesSeek = errors.New("seek broke")

// filesBadSeeker can tell its position, but not go back to it.
type filesBadSeeker struct{ *strings.Reader }

func (s *filesBadSeeker) Seek(offset int64, whence int) (int64, error) {
	if whence == io.SeekCurrent && offset == 0 {
		return s.Reader.Seek(offset, whence)
	}
	return 0, errFilesSeek
}

func TestFilesUploadRejectsBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	for name, p := range map[string]*FileUploadParams{
		"nil params":             nil,
		"no filename":            {Reader: strings.NewReader("x")},
		"no reader":              {Filename: "a.txt"},
		"control in filename":    {Filename: "a\r\nb.txt", Reader: strings.NewReader("x")},
		"bad content type":       {Filename: "a", ContentType: "not a type", Reader: strings.NewReader("x")},
		"header in content type": {Filename: "a", ContentType: "text/plain\r\nX-Evil: 1", Reader: strings.NewReader("x")},
		"empty Extra key":        {Filename: "a", Reader: strings.NewReader("x"), Extra: map[string]any{"": "v"}},
		"Extra file field":       {Filename: "a", Reader: strings.NewReader("x"), Extra: map[string]any{"file": "v"}},
	} {
		_, err := c.Files.Upload(bg, p)
		assert.ErrorIs(t, err, ErrInvalidParam, name)
	}
	_, err := c.Files.CreateFromURL(bg, nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.Files.CreateFromURL(bg, &FileCreateFromURLParams{Filename: Ptr("x")})
	assert.ErrorContains(t, err, "URL is required")
	for _, id := range []string{"", "..", "a/b"} {
		_, err := c.Files.Get(bg, id, nil)
		assert.ErrorIs(t, err, ErrInvalidID)
		_, err = c.Files.Delete(bg, id, nil)
		assert.ErrorIs(t, err, ErrInvalidID)
	}
	_, err = c.Files.List(bg, &FileListParams{Limit: Ptr(0)})
	assert.ErrorIs(t, err, ErrInvalidParam)
	//lint:ignore SA1012 a nil context is exactly what this test passes
	_, err = c.Files.Upload(nil, &FileUploadParams{Filename: "a", Reader: strings.NewReader("x")}) //nolint:staticcheck
	assert.ErrorContains(t, err, "nil context")
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
	assert.Equal(t, "cover.png", f.Filename)
	assert.Equal(t, "image/png", f.ContentType)
	assert.Equal(t, int64(48213), *f.ByteSize)
	assert.Equal(t, "https://cdn.crevio.co/files/file_abc123/cover.png", f.URL)
	assert.Equal(t, time.Date(2025, 5, 1, 9, 30, 0, 0, time.UTC), f.CreatedAt.UTC())
	assert.JSONEq(t, raw, string(f.RawJSON()))
	var extra struct {
		SignedID string `json:"signed_id"`
	}
	require.NoError(t, json.Unmarshal(f.RawJSON(), &extra))
	assert.Equal(t, "eyJfcmFpbHMi", extra.SignedID)

	r.respond(200, fixture(t, "files_list.json"))
	page, err := r.client().Files.List(bg, nil)
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	require.Len(t, page.Data, 2)
	assert.Equal(t, "external/youtube", page.Data[0].ContentType)
	assert.Nil(t, page.Data[0].ByteSize, "an external file has no size")
	assert.Equal(t, int64(1024), *page.Data[1].ByteSize)

	r.respond(200, fixture(t, "file_deleted.json"))
	d, err := r.client().Files.Delete(bg, "file_abc123", nil)
	require.NoError(t, err)
	assert.Equal(t, &Deleted{ID: "file_abc123", Object: "file", Deleted: true}, d)
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
// fails the test if any goroutine it started is still blocked at the end:
// the pipe's writer must end even though this transport, unlike net/http's,
// never closes the request body.
func TestFilesUploadCancelLeavesNoGoroutine(t *testing.T) {
	for _, src := range []func() io.Reader{
		func() io.Reader { return filesEndless{} },
		func() io.Reader { return bytes.NewReader(make([]byte, 1<<20)) },
	} {
		synctest.Test(t, func(t *testing.T) {
			c := scriptClient(t, &script{steps: []func() (*http.Response, error){respondWith(200, `{}`)}})
			read := make(chan struct{})
			c.httpClient.Transport = rtFunc(func(r *http.Request) (*http.Response, error) {
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
		})
	}
}

func TestFilesUploadEarlyAnswerLeavesNoGoroutine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := scriptClient(t, &script{steps: []func() (*http.Response, error){respondWith(200, `{}`)}})
		c.httpClient.Transport = rtFunc(func(r *http.Request) (*http.Response, error) {
			// Answers before reading the body, as a server refusing an
			// upload does, and never closes it.
			return httpResponse(413, `{"error":{"type":"invalid_request_error","message":"too large"}}`), nil
		})
		_, err := c.Files.Upload(bg, &FileUploadParams{Filename: "big.bin", Reader: filesEndless{}})
		var apiErr *Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 413, apiErr.StatusCode)
	})
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

// TestFilesUploadCancelOnTheWire cancels an upload the server is reading
// and checks Upload returns only once it has stopped reading the source:
// no read in progress, none started afterwards. (The leak tests above prove
// the writer goroutine ends.)
func TestFilesUploadCancelOnTheWire(t *testing.T) {
	received := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.CopyN(io.Discard, r.Body, 1<<20)
		close(received)
		// Never answers: reads on until the client gives up and its
		// connection closes.
		_, _ = io.Copy(io.Discard, r.Body)
	}))
	t.Cleanup(srv.Close)
	c, err := New(testKey, WithBaseURL(srv.URL+"/v1"))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(bg)
	go func() { <-received; cancel() }()
	src := &filesWatched{}
	_, err = c.Files.Upload(ctx, &FileUploadParams{Filename: "big.bin", Reader: src})
	src.over.Store(true)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, src.active.Load(), "no read in progress once Upload returned")
	srv.Close() // waits for the handler, so the client's side is all torn down
	assert.Zero(t, src.late.Load(), "no read after Upload returned")
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
// server that checks and discards it, and measures the live heap meanwhile:
// the upload must not hold the file in memory.
func TestFilesUpload200MBStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads 200 MB")
	}
	const size = 200 << 20
	want := crc32.NewIEEE()
	_, err := io.Copy(want, io.LimitReader(&filesPattern{}, size))
	require.NoError(t, err)

	var got atomic.Uint32
	var gotSize atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mr, err := r.MultipartReader()
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		part, err := mr.NextPart()
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		h := crc32.NewIEEE()
		n, err := io.Copy(h, part)
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		got.Store(h.Sum32())
		gotSize.Store(n)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"file_big","object":"file","filename":"big.bin","byte_size":209715200}`)
	}))
	t.Cleanup(srv.Close)
	c, err := New(testKey, WithBaseURL(srv.URL+"/v1"))
	require.NoError(t, err)

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	sampler := filesSampleHeap()
	start := time.Now()
	f, err := c.Files.Upload(bg, &FileUploadParams{Filename: "big.bin", Reader: io.LimitReader(&filesPattern{}, size)})
	elapsed := time.Since(start)
	peak := sampler.Stop()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	assert.Equal(t, "file_big", f.ID)
	assert.Equal(t, int64(size), gotSize.Load())
	assert.Equal(t, want.Sum32(), got.Load(), "the server got the exact bytes")

	growth := int64(peak) - int64(before.HeapAlloc)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("200 MiB upload in %v: live heap %.1f MiB before, peak %.1f MiB (growth %.1f MiB); %.1f MiB allocated in total (client and server)",
		elapsed.Round(time.Millisecond), float64(before.HeapAlloc)/(1<<20), float64(peak)/(1<<20), float64(growth)/(1<<20), float64(allocated)/(1<<20))
	assert.Less(t, growth, int64(16<<20), "peak heap growth")
	assert.Less(t, allocated, uint64(16<<20), "total allocation")
}

// BenchmarkFilesUpload measures a 16 MiB streamed upload to a discarding
// server; peak-heap-MiB is the largest live heap seen while it runs.
func BenchmarkFilesUpload(b *testing.B) {
	const size = 16 << 20
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"file_1","object":"file"}`)
	}))
	b.Cleanup(srv.Close)
	c, err := New(testKey, WithBaseURL(srv.URL+"/v1"))
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
