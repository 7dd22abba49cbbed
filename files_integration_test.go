package crevio_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

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

// filesStream hides a reader's other methods: a source that cannot rewind.
type filesStream struct{ r io.Reader }

func (s filesStream) Read(p []byte) (int, error) { return s.r.Read(p) }

func TestIntegrationFilesUploadRoundTrip(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	ctx := context.Background()
	c := fastClient(srv)
	content := filesRandom(3 << 20)

	for name, src := range map[string]io.Reader{
		"bytes":  bytes.NewReader(content),
		"stream": filesStream{bytes.NewReader(content)},
	} {
		t.Run(name, func(t *testing.T) {
			f, err := c.Files.Upload(ctx, &crevio.FileUploadParams{Filename: "lesson 1.mp4", Reader: src, Extra: map[string]any{"title": "Lesson"}})
			require.NoError(t, err)
			assert.Regexp(t, `^file_`, f.ID)
			assert.Equal(t, "file", f.Object)
			assert.Equal(t, "lesson 1.mp4", f.Filename)
			assert.Equal(t, "video/mp4", f.ContentType)
			require.NotNil(t, f.ByteSize)
			assert.Equal(t, int64(len(content)), *f.ByteSize)
			assert.Equal(t, "https://files.crevio.test/"+f.ID+"/lesson%201.mp4", f.URL)
			assert.False(t, f.CreatedAt.IsZero())

			got, ok := srv.FileContent(f.ID)
			require.True(t, ok)
			assert.True(t, bytes.Equal(content, got), "the fake keeps the exact bytes")
			stored, ok := srv.Get("files", f.ID)
			require.True(t, ok)
			assert.Equal(t, "Lesson", stored["title"], "form fields are stored")

			again, err := c.Files.Get(ctx, f.ID, nil)
			require.NoError(t, err)
			assert.Equal(t, f.Filename, again.Filename)
			assert.Less(t, len(again.RawJSON()), 1000, "the bytes never show in the JSON")
			assert.NotContains(t, stored, "\x00content")
		})
	}
}

func TestIntegrationFilesLifecycle(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	ctx := context.Background()
	c := fastClient(srv)

	up, err := c.Files.Upload(ctx, &crevio.FileUploadParams{Filename: "notes.txt", ContentType: "text/markdown", Reader: strings.NewReader("# Notes")})
	require.NoError(t, err)
	assert.Equal(t, "text/markdown", up.ContentType)
	ext, err := c.Files.CreateFromURL(ctx, &crevio.FileCreateFromURLParams{URL: "https://www.youtube.com/watch?v=xyz"})
	require.NoError(t, err)
	assert.Equal(t, "external/youtube", ext.ContentType)
	assert.Equal(t, "https://www.youtube.com/watch?v=xyz", ext.URL)
	assert.Equal(t, "watch", ext.Filename)
	assert.Nil(t, ext.ByteSize)
	named, err := c.Files.CreateFromURL(ctx, &crevio.FileCreateFromURLParams{URL: "https://vimeo.com/123", Filename: crevio.Ptr("Trailer")})
	require.NoError(t, err)
	assert.Equal(t, "external/vimeo", named.ContentType)
	assert.Equal(t, "Trailer", named.Filename)
	pdf, err := c.Files.CreateFromURL(ctx, &crevio.FileCreateFromURLParams{URL: "https://cdn.example.com/guide.pdf"})
	require.NoError(t, err)
	assert.Equal(t, "application/pdf", pdf.ContentType)
	assert.Equal(t, "guide.pdf", pdf.Filename)
	_, ok := srv.FileContent(ext.ID)
	assert.False(t, ok, "an external file has no bytes here")

	page, err := c.Files.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, page.Data, 4)
	assert.Equal(t, pdf.ID, page.Data[0].ID, "newest first")

	d, err := c.Files.Delete(ctx, up.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, &crevio.Deleted{ID: up.ID, Object: "file", Deleted: true}, d)
	_, ok = srv.FileContent(up.ID)
	assert.False(t, ok, "deleting a file drops its bytes")
	_, err = c.Files.Get(ctx, up.ID, nil)
	assert.ErrorIs(t, err, crevio.ErrNotFound)
	assert.Equal(t, 3, srv.Count("files"))

	var apiErr *crevio.Error
	for _, u := range []string{"ftp://example.com/a", "not a url", "https://"} {
		_, err = c.Files.CreateFromURL(ctx, &crevio.FileCreateFromURLParams{URL: u})
		require.ErrorAs(t, err, &apiErr, u)
		assert.ErrorIs(t, err, crevio.ErrValidation)
		assert.NotEmpty(t, apiErr.Errors["url"], u)
	}
	_, err = c.Files.CreateFromURL(ctx, &crevio.FileCreateFromURLParams{URL: "https://x.test/a", Extra: map[string]any{"url": nil}})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"can't be blank"}, apiErr.Errors["url"])
	assert.Equal(t, 3, srv.Count("files"))
}

func TestIntegrationFilesUploadRetries(t *testing.T) {
	ctx := context.Background()
	content := filesRandom(64 << 10)

	t.Run("a rewindable upload is retried after a 429", func(t *testing.T) {
		srv := creviotest.NewTestServer(t)
		srv.RateLimit(1, "0")
		f, err := fastClient(srv).Files.Upload(ctx, &crevio.FileUploadParams{Filename: "a.bin", Reader: bytes.NewReader(content)})
		require.NoError(t, err)
		assert.Len(t, srv.Requests(), 2)
		got, ok := srv.FileContent(f.ID)
		require.True(t, ok)
		assert.Equal(t, content, got, "the retry sent the whole file again")
		assert.Equal(t, 1, srv.Count("files"))
	})
	t.Run("a stream is sent once", func(t *testing.T) {
		srv := creviotest.NewTestServer(t)
		srv.RateLimit(1, "0")
		_, err := fastClient(srv).Files.Upload(ctx, &crevio.FileUploadParams{Filename: "a.bin", Reader: filesStream{bytes.NewReader(content)}})
		assert.ErrorIs(t, err, crevio.ErrRateLimited)
		assert.Len(t, srv.Requests(), 1)
		assert.Zero(t, srv.Count("files"))
	})
}

func TestIntegrationFilesWalk(t *testing.T) {
	srv := creviotest.NewTestServer(t)
	for i := range 25 {
		_, err := srv.Seed("files", map[string]any{"filename": fmt.Sprintf("f%02d.png", i), "content_type": "image/png", "byte_size": i})
		require.NoError(t, err)
	}
	var names []string
	for f, err := range fastClient(srv).Files.All(context.Background(), &crevio.FileListParams{Limit: crevio.Ptr(10)}) {
		require.NoError(t, err)
		names = append(names, f.Filename)
	}
	require.Len(t, names, 25)
	assert.Equal(t, "f24.png", names[0])
	assert.Equal(t, "f00.png", names[24])
	assert.Len(t, srv.Requests(), 3)
}
