package crevio_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// filesRandom returns n reproducible random bytes.
func filesRandom(n int) []byte {
	b := make([]byte, n)
	r := rand.NewChaCha8([32]byte{1, 2, 3})
	_, _ = r.Read(b)
	return b
}

// filesStream hides a reader's other methods: a source that cannot rewind
// and whose length is unknown.
type filesStream struct{ r io.Reader }

func (s filesStream) Read(p []byte) (int, error) { return s.r.Read(p) }

// filesPuts returns the PUTs the fake received on its upload URLs.
func filesPuts(srv *creviotest.Server) []creviotest.Request {
	var out []creviotest.Request
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPut && strings.HasPrefix(r.Path, "/_uploads/") {
			out = append(out, r)
		}
	}
	return out
}

// TestIntegrationFilesUploadRoundTrip uploads through the fake's own
// presigned URL, which refuses an Authorization header and checks every
// upload header: create, PUT, confirm, then the bytes are the file's.
func TestIntegrationFilesUploadRoundTrip(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	ctx := context.Background()
	c := fastClient(srv)
	content := filesRandom(3 << 20)

	for _, tt := range []struct {
		name   string
		src    io.Reader
		length int64
	}{
		{"bytes", bytes.NewReader(content), int64(len(content))},
		{"stream", filesStream{bytes.NewReader(content)}, -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetRequests()
			f, err := c.Files.Upload(ctx, &crevio.FileUploadParams{Filename: "lesson 1.mp4", Reader: tt.src, Extra: map[string]any{"title": "Lesson"}},
				crevio.WithHeader("X-Trace", "t1"))
			require.NoError(t, err)
			assert.Regexp(t, `^file_`, f.ID)
			assert.Equal(t, "file", f.Object)
			assert.Equal(t, crevio.FileKindFile, f.Kind)
			assert.Equal(t, crevio.FileSourceUpload, f.Source)
			assert.Equal(t, crevio.FileUploadStatusReady, f.UploadStatus)
			assert.Equal(t, "lesson 1.mp4", *f.Filename)
			assert.Equal(t, "video/mp4", *f.ContentType)
			assert.Equal(t, int64(len(content)), *f.Size)
			assert.Equal(t, "https://files.crevio.test/"+f.ID+"/lesson%201.mp4", *f.FileURL)
			assert.Equal(t, "Lesson", *f.Title)
			assert.Nil(t, f.UploadURL, "the confirm's answer has no upload URL")
			assert.False(t, f.CreatedAt.IsZero())

			got, ok := srv.FileContent(f.ID)
			require.True(t, ok)
			assert.True(t, bytes.Equal(content, got), "the fake keeps the exact bytes")

			reqs := srv.Requests()
			require.Len(t, reqs, 3)
			assert.Equal(t, "POST /v1/files", reqs[0].Method+" "+reqs[0].Path)
			assert.Equal(t, "PUT /_uploads/"+f.ID, reqs[1].Method+" "+reqs[1].Path)
			assert.Equal(t, "POST /v1/files/"+f.ID+"/uploaded", reqs[2].Method+" "+reqs[2].Path)
			put := reqs[1]
			assert.Equal(t, http.StatusOK, put.Status, "the fake answers 400 to an Authorization header, 403 to a missing upload header")
			assert.Equal(t, "video/mp4", put.Header.Get("Content-Type"))
			assert.Equal(t, f.ID, put.Header.Get("X-Creviotest-Upload-Id"))
			for _, h := range []string{"User-Agent", "Accept", "X-Trace", "Idempotency-Key"} {
				assert.Empty(t, put.Header.Values(h), h)
			}
			assert.Equal(t, "t1", reqs[2].Header.Get("X-Trace"), "the API calls get the call's headers")
			assert.Equal(t, tt.length, put.ContentLength)
		})
	}
}

func TestIntegrationFilesIntents(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	ctx := context.Background()
	c := fastClient(srv)

	// An external video: ready at once, with its provider.
	ext, err := c.Files.Create(ctx, &crevio.FileCreateParams{Kind: crevio.Ptr(crevio.FileKindExternalVideo),
		URL: crevio.Ptr("https://www.youtube.com/watch?v=xyz")})
	require.NoError(t, err)
	assert.Equal(t, crevio.FileKindExternalVideo, ext.Kind)
	assert.Equal(t, crevio.FileUploadStatusReady, ext.UploadStatus)
	assert.Equal(t, "youtube", *ext.Provider)
	assert.Nil(t, ext.ContentType)
	assert.Equal(t, "https://www.youtube.com/watch?v=xyz", *ext.URL)
	_, ok := srv.FileContent(ext.ID)
	assert.False(t, ok, "an external video has no bytes")

	// Any other host is a 422.
	_, err = c.Files.Create(ctx, &crevio.FileCreateParams{Kind: crevio.Ptr(crevio.FileKindExternalVideo),
		URL: crevio.Ptr("https://example.com/v.mp4")})
	assert.Equal(t, []string{"must be a YouTube, Vimeo or Wistia URL"}, fieldErrors(t, err)["url"])

	// A presigned upload, step by step.
	up, err := c.Files.Create(ctx, &crevio.FileCreateParams{Filename: crevio.Ptr("notes.txt")})
	require.NoError(t, err)
	assert.Equal(t, crevio.FileUploadStatusPending, up.UploadStatus)
	require.NotNil(t, up.UploadURL)
	assert.Equal(t, map[string]string{"Content-Type": "text/plain; charset=utf-8", "X-Creviotest-Upload-Id": up.ID}, up.UploadHeaders)
	_, err = c.Files.ConfirmUpload(ctx, up.ID, nil)
	assert.Equal(t, http.StatusConflict, asAPIError(t, err).StatusCode, "no bytes yet")

	// A URL import.
	pdf, err := c.Files.Create(ctx, &crevio.FileCreateParams{URL: crevio.Ptr("https://cdn.example.com/guide.pdf")})
	require.NoError(t, err)
	assert.Equal(t, crevio.FileSourceURLImport, pdf.Source)
	assert.Equal(t, crevio.FileUploadStatusProcessing, pdf.UploadStatus)
	assert.Equal(t, "guide.pdf", *pdf.Filename)

	page, err := c.Files.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, page.Data, 3)
	assert.Equal(t, pdf.ID, page.Data[0].ID, "newest first")
	assert.Equal(t, crevio.FileUploadStatusReady, page.Data[0].UploadStatus, "a read finishes the import")

	d, err := c.Files.Delete(ctx, up.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, &crevio.Deleted{ID: up.ID, Object: "file", Deleted: true}, d)
	_, err = c.Files.Get(ctx, up.ID, nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)

	for _, u := range []string{"ftp://example.com/a", "not a url", "https://"} {
		_, err = c.Files.Create(ctx, &crevio.FileCreateParams{URL: crevio.Ptr(u)})
		assert.NotEmpty(t, fieldErrors(t, err)["url"], u)
	}
	_, err = c.Files.Create(ctx, &crevio.FileCreateParams{URL: crevio.Ptr("https://x.test/a"), Extra: map[string]any{"url": nil}})
	assert.Equal(t, []string{"can't be blank when no url is given"}, fieldErrors(t, err)["filename"])
	assert.Equal(t, 2, srv.Count("files"))
}

// TestIntegrationFilesWaitReady follows URL imports to ready and to failed
// in fake time: the fake serves in process inside the bubble.
func TestIntegrationFilesWaitReady(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := creviotest.NewTestServer(t, creviotest.WithFileImportReads(3))
		c := srv.Client()
		ctx := t.Context()
		f, err := c.Files.Create(ctx, &crevio.FileCreateParams{URL: crevio.Ptr("https://cdn.example.com/a.pdf")})
		require.NoError(t, err)
		start := time.Now()
		ready, err := c.Files.WaitReady(ctx, f.ID, &crevio.FileWaitParams{Interval: 2 * time.Second})
		require.NoError(t, err)
		assert.Equal(t, crevio.FileUploadStatusReady, ready.UploadStatus)
		assert.Equal(t, "https://files.crevio.test/"+f.ID+"/a.pdf", *ready.FileURL)
		assert.Equal(t, 4*time.Second, time.Since(start), "three reads, two intervals")

		bad, err := c.Files.Create(ctx, &crevio.FileCreateParams{URL: crevio.Ptr("https://nowhere.invalid/a.pdf")})
		require.NoError(t, err)
		failed, err := c.Files.WaitReady(ctx, bad.ID, nil)
		assert.ErrorIs(t, err, crevio.ErrFileFailed)
		assert.Equal(t, crevio.FileUploadStatusFailed, failed.UploadStatus)

		slow, err := c.Files.Create(ctx, &crevio.FileCreateParams{URL: crevio.Ptr("https://cdn.example.com/b.pdf")})
		require.NoError(t, err)
		short, cancel := context.WithTimeout(ctx, 1500*time.Millisecond)
		defer cancel()
		_, err = c.Files.WaitReady(short, slow.ID, nil)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}

func TestIntegrationFilesUploadRetries(t *testing.T) {
	ctx := context.Background()
	content := filesRandom(64 << 10)

	t.Run("a rewindable upload is sent again after a 503", func(t *testing.T) {
		srv := creviotest.NewTestServer(t)
		srv.Fail(1, http.StatusServiceUnavailable, creviotest.Only(http.MethodPut, "/_uploads/*"))
		f, err := fastClient(srv).Files.Upload(ctx, &crevio.FileUploadParams{Filename: "a.bin", Reader: bytes.NewReader(content)})
		require.NoError(t, err)
		puts := filesPuts(srv)
		require.Len(t, puts, 2)
		assert.Equal(t, http.StatusServiceUnavailable, puts[0].Status)
		assert.Equal(t, http.StatusOK, puts[1].Status)
		got, ok := srv.FileContent(f.ID)
		require.True(t, ok)
		assert.Equal(t, content, got, "the retry sent the whole file again")
		assert.Equal(t, 1, srv.Count("files"))
	})
	t.Run("a stream is sent once", func(t *testing.T) {
		srv := creviotest.NewTestServer(t)
		srv.Fail(1, http.StatusServiceUnavailable, creviotest.Only(http.MethodPut, "/_uploads/*"))
		_, upErr := fastClient(srv).Files.Upload(ctx, &crevio.FileUploadParams{Filename: "a.bin", Reader: filesStream{bytes.NewReader(content)}})
		assert.Equal(t, http.StatusServiceUnavailable, asAPIError(t, upErr).StatusCode)
		assert.Len(t, filesPuts(srv), 1)
		page, err := fastClient(srv).Files.List(ctx, nil)
		require.NoError(t, err)
		require.Len(t, page.Data, 1, "the file was created")
		assert.ErrorContains(t, upErr, page.Data[0].ID, "the error names the file, to retry or delete it")
		assert.Equal(t, crevio.FileUploadStatusPending, page.Data[0].UploadStatus, "and stays pending: no confirm")
	})
	t.Run("a create rate limited is retried before any PUT", func(t *testing.T) {
		srv := creviotest.NewTestServer(t)
		srv.RateLimit(1, "0")
		_, err := fastClient(srv).Files.Upload(ctx, &crevio.FileUploadParams{Filename: "a.bin", Reader: filesStream{bytes.NewReader(content)}},
			crevio.WithIdempotencyKey("up-1"))
		require.NoError(t, err)
		assert.Len(t, srv.Requests(), 4, "create twice (429, then 200), PUT, confirm")
		assert.Equal(t, 1, srv.Count("files"))
	})
}

func TestIntegrationFilesWalk(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	for i := range 25 {
		_, err := srv.Seed("files", map[string]any{"filename": fmt.Sprintf("f%02d.png", i), "content_type": "image/png", "size": i})
		require.NoError(t, err)
	}
	var names []string
	for f, err := range fastClient(srv).Files.All(context.Background(), &crevio.FileListParams{Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		require.Equal(t, crevio.FileUploadStatusReady, f.UploadStatus)
		names = append(names, *f.Filename)
	}
	require.Len(t, names, 25)
	assert.Equal(t, "f24.png", names[0])
	assert.Equal(t, "f00.png", names[24])
	assert.Len(t, srv.Requests(), 3)
}
