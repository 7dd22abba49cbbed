package creviotest

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// filesPost sends a raw POST /v1/files.
func filesPost(t *testing.T, a *api, contentType string, body []byte) result {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, a.srv.URL+"/files", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+a.token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := a.hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	res := result{Status: resp.StatusCode, Header: resp.Header}
	require.NoError(t, jsonDecode(resp, &res.Body))
	return res
}

// filesForm builds a multipart body: fields, then files (name, filename,
// content type, data).
func filesForm(t *testing.T, fields map[string]string, files ...[4]string) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		require.NoError(t, mw.WriteField(k, v))
	}
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", multipart.FileContentDisposition(f[0], f[1]))
		if f[2] != "" {
			h.Set("Content-Type", f[2])
		}
		w, err := mw.CreatePart(h)
		require.NoError(t, err)
		_, err = w.Write([]byte(f[3]))
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	return mw.FormDataContentType(), buf.Bytes()
}

func TestFilesUpload(t *testing.T) {
	a := newAPI(t)
	ct, body := filesForm(t, map[string]string{"title": "A cat", "alt": "unknown", "id": "file_mine"}, [4]string{"file", "cat.gif", "image/gif", "GIF89a\x00\x01"})
	res := filesPost(t, a, ct, body)
	require.Equal(t, http.StatusOK, res.Status, "%v", res.Body)
	id := res.Body["id"].(string)
	assert.NotEqual(t, "file_mine", id, "the id is the fake's")
	assert.Equal(t, "file", res.Body["object"])
	assert.Equal(t, "cat.gif", res.Body["filename"])
	assert.Equal(t, "image/gif", res.Body["content_type"])
	assert.Equal(t, float64(8), res.Body["byte_size"])
	assert.Equal(t, "https://files.crevio.test/"+id+"/cat.gif", res.Body["url"])
	assert.Equal(t, "A cat", res.Body["title"], "known form fields are stored")
	assert.NotContains(t, res.Body, "alt", "unknown ones are not")
	assert.NotContains(t, res.Body, fileContentKey)
	got, ok := a.srv.FileContent(id)
	require.True(t, ok)
	assert.Equal(t, []byte("GIF89a\x00\x01"), got)
	got[0] = 'X'
	again, _ := a.srv.FileContent(id)
	assert.Equal(t, byte('G'), again[0], "FileContent returns a copy")

	// Defaults for a bare part.
	ct, body = filesForm(t, nil, [4]string{"file", "", "", "raw"})
	res = filesPost(t, a, ct, body)
	require.Equal(t, http.StatusOK, res.Status, "%v", res.Body)
	assert.Equal(t, "file", res.Body["filename"])
	assert.Equal(t, "application/octet-stream", res.Body["content_type"])

	// The record answers like any other resource.
	assert.Equal(t, id, a.do(http.MethodGet, "/files/"+id, nil).Body["id"])
	assert.Equal(t, http.StatusMethodNotAllowed, a.do(http.MethodPatch, "/files/"+id, map[string]any{"filename": "x"}).Status)
	require.Equal(t, http.StatusOK, a.do(http.MethodDelete, "/files/"+id, nil).Status)
	_, ok = a.srv.FileContent(id)
	assert.False(t, ok)
	_, ok = a.srv.FileContent("file_unknown")
	assert.False(t, ok)
}

func TestFilesCreateErrors(t *testing.T) {
	a := newAPI(t)
	ct, body := filesForm(t, map[string]string{"alt": "no file"})
	res := filesPost(t, a, ct, body)
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, map[string]any{"file": []any{"can't be blank"}}, res.errField("errors"))

	ct, body = filesForm(t, nil, [4]string{"file", "a", "", "1"}, [4]string{"file", "b", "", "2"})
	res = filesPost(t, a, ct, body)
	assert.Equal(t, http.StatusBadRequest, res.Status)
	assert.Equal(t, "file", res.errField("param"))

	res = filesPost(t, a, "multipart/form-data; boundary=xyz", []byte("--xyz\r\ngarbage"))
	assert.Equal(t, http.StatusBadRequest, res.Status)
	res = filesPost(t, a, "multipart/form-data", []byte("x"))
	assert.Equal(t, http.StatusBadRequest, res.Status, "no boundary")
	res = filesPost(t, a, "text/plain", []byte("hello"))
	assert.Equal(t, http.StatusUnsupportedMediaType, res.Status)
	assert.Equal(t, "unsupported_media_type", res.errField("code"))
	res = filesPost(t, a, "application/json", []byte(`{"url": 5}`))
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	res = filesPost(t, a, "application/json", []byte(`{"url":`))
	assert.Equal(t, http.StatusBadRequest, res.Status)
	assert.Zero(t, a.srv.Count("files"))
}

func TestFilesFromURL(t *testing.T) {
	a := newAPI(t)
	for _, tt := range []struct {
		body         map[string]any
		filename, ct string
	}{
		{map[string]any{"url": "https://youtu.be/abc"}, "abc", "external/youtube"},
		{map[string]any{"file": map[string]any{"url": "https://player.vimeo.com/video/1"}}, "1", "external/vimeo"},
		{map[string]any{"url": "https://acme.wistia.com/medias/x", "filename": "Demo"}, "Demo", "external/wistia"},
		{map[string]any{"url": "https://cdn.test/a/photo.JPG"}, "photo.JPG", "image/jpeg"},
		{map[string]any{"url": "https://cdn.test/"}, "cdn.test", "application/octet-stream"},
		{map[string]any{"url": "http://cdn.test/x", "content_type": "video/mp4", "byte_size": 99}, "x", "video/mp4"},
	} {
		f := a.create("/files", tt.body)
		assert.Equal(t, tt.filename, f["filename"], "%v", tt.body)
		assert.Equal(t, tt.ct, f["content_type"], "%v", tt.body)
		assert.Nil(t, f["byte_size"], "unknown for an external file")
		_, ok := a.srv.FileContent(f["id"].(string))
		assert.False(t, ok)
	}
}

func TestFilesSeed(t *testing.T) {
	a := newAPI(t)
	out, err := a.srv.Seed("files", map[string]any{"filename": "a.txt", "content_type": "text/plain", "byte_size": 3})
	require.NoError(t, err)
	assert.Equal(t, "https://files.crevio.test/"+out[0]["id"].(string)+"/a.txt", out[0]["url"])
	_, ok := a.srv.FileContent(out[0]["id"].(string))
	assert.False(t, ok, "seeds carry no bytes")
}
