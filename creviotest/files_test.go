package creviotest

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// putUpload sends a PUT to an upload URL with the given headers (no token
// unless the headers hold one), returning the status and body.
func putUpload(t *testing.T, a *api, method, rawURL string, headers map[string]any, body io.Reader) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, rawURL, body)
	require.NoError(t, err)
	for k, v := range headers {
		req.Header.Set(k, v.(string))
	}
	resp, err := a.hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, string(raw)
}

// TestFilesPresignedUpload walks intent 1: create with a filename, PUT the
// bytes to the fake's own upload URL with exactly the upload headers, then
// confirm.
func TestFilesPresignedUpload(t *testing.T) {
	a := newAPI(t)
	f := a.create("/files", map[string]any{"filename": "cat.gif", "title": "A cat", "alt": "unknown", "id": "file_mine",
		"upload_status": "ready", "size": 5})
	id := f["id"].(string)
	assert.NotEqual(t, "file_mine", id, "the id is the fake's")
	for k, want := range map[string]any{
		"object": "file", "kind": "file", "upload_status": "pending", "source": "upload", "filename": "cat.gif",
		"content_type": "image/gif", "title": "A cat", "description": nil, "url": nil, "size": nil, "file_url": nil,
		"provider": nil, "source_job_id": nil, "tags": []any{},
	} {
		assert.Equal(t, want, f[k], k)
	}
	assert.NotContains(t, f, "alt", "unknown fields are not stored")
	for _, k := range []string{"created_at", "updated_at"} {
		assert.Contains(t, f, k)
	}
	uploadURL := f["upload_url"].(string)
	assert.True(t, strings.HasPrefix(uploadURL, strings.TrimSuffix(a.srv.URL, APIPrefix)+"/_uploads/"+id+"?signature="), uploadURL)
	headers := f["upload_headers"].(map[string]any)
	assert.Equal(t, map[string]any{"Content-Type": "image/gif", "X-Creviotest-Upload-Id": id}, headers)

	// The upload URL and headers are shown once, like any secret.
	got := a.do(http.MethodGet, "/files/"+id, nil).Body
	assert.NotContains(t, got, "upload_url")
	assert.NotContains(t, got, "upload_headers")
	assert.Equal(t, "pending", got["upload_status"], "reading a pending upload does not move it")

	// Confirming before the bytes arrive is a conflict.
	res := a.do(http.MethodPost, "/files/"+id+"/uploaded", nil)
	assert.Equal(t, http.StatusConflict, res.Status)
	assert.Equal(t, "invalid_state", res.errField("code"))

	status, hdr, body := putUpload(t, a, http.MethodPut, uploadURL, headers, strings.NewReader("GIF89a\x00\x01"))
	require.Equal(t, http.StatusOK, status, body)
	sum := md5.Sum([]byte("GIF89a\x00\x01"))
	assert.Equal(t, `"`+hex.EncodeToString(sum[:])+`"`, hdr.Get("ETag"), "the ETag is the MD5 of the bytes")
	assert.Empty(t, body)
	assert.Equal(t, "pending", a.do(http.MethodGet, "/files/"+id, nil).Body["upload_status"], "pending until confirmed")
	content, ok := a.srv.FileContent(id)
	require.True(t, ok)
	assert.Equal(t, []byte("GIF89a\x00\x01"), content)
	content[0] = 'X'
	again, _ := a.srv.FileContent(id)
	assert.Equal(t, byte('G'), again[0], "FileContent returns a copy")

	reqs := a.srv.Requests()
	put := reqs[len(reqs)-2]
	assert.Equal(t, http.MethodPut, put.Method)
	assert.EqualValues(t, 8, put.ContentLength, "the request's Content-Length is recorded")

	// A second PUT is refused: the URL has been used.
	status, _, body = putUpload(t, a, http.MethodPut, uploadURL, headers, strings.NewReader("other"))
	assert.Equal(t, http.StatusForbidden, status, body)

	res = a.do(http.MethodPost, "/files/"+id+"/uploaded", nil)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
	assert.Equal(t, "ready", res.Body["upload_status"])
	assert.EqualValues(t, 8, res.Body["size"])
	assert.Equal(t, "https://files.crevio.test/"+id+"/cat.gif", res.Body["file_url"])
	assert.NotContains(t, res.Body, "upload_url")

	// Confirming twice is a conflict too.
	res = a.do(http.MethodPost, "/files/"+id+"/uploaded", nil)
	assert.Equal(t, http.StatusConflict, res.Status)
	assert.Equal(t, "upload_status", res.errField("param"))

	// The record answers like any other resource.
	assert.Equal(t, http.StatusMethodNotAllowed, a.do(http.MethodPatch, "/files/"+id, map[string]any{"filename": "x"}).Status)
	require.Equal(t, http.StatusOK, a.do(http.MethodDelete, "/files/"+id, nil).Status)
	_, ok = a.srv.FileContent(id)
	assert.False(t, ok)
	_, ok = a.srv.FileContent("file_unknown")
	assert.False(t, ok)
}

// TestFilesUploadURLRules checks what the upload URL refuses: the API
// token, a wrong signature, missing or different headers, other methods,
// too big a body; each with an S3-style XML error.
func TestFilesUploadURLRules(t *testing.T) {
	a := newAPI(t)
	f := a.create("/files", map[string]any{"filename": "notes.bin"})
	id := f["id"].(string)
	uploadURL := f["upload_url"].(string)
	headers := f["upload_headers"].(map[string]any)
	assert.Equal(t, "application/octet-stream", headers["Content-Type"], "no known extension")
	with := func(extra map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range headers {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	tests := []struct {
		name    string
		method  string
		url     string
		headers map[string]any
		body    string
		status  int
		code    string
	}{
		{"token", http.MethodPut, uploadURL, with(map[string]any{"Authorization": "Bearer " + a.token}), "x", http.StatusBadRequest, "InvalidArgument"},
		{"any authorization", http.MethodPut, uploadURL, with(map[string]any{"Authorization": "AWS4 x"}), "x", http.StatusBadRequest, "InvalidArgument"},
		{"signature", http.MethodPut, strings.Split(uploadURL, "?")[0] + "?signature=00", headers, "x", http.StatusForbidden, "SignatureDoesNotMatch"},
		{"no signature", http.MethodPut, strings.Split(uploadURL, "?")[0], headers, "x", http.StatusForbidden, "SignatureDoesNotMatch"},
		{"missing header", http.MethodPut, uploadURL, map[string]any{"Content-Type": headers["Content-Type"]}, "x", http.StatusForbidden, "SignatureDoesNotMatch"},
		{"other content type", http.MethodPut, uploadURL, with(map[string]any{"Content-Type": "text/plain"}), "x", http.StatusForbidden, "SignatureDoesNotMatch"},
		{"unknown file", http.MethodPut, strings.Replace(uploadURL, id, "file_nope", 1), headers, "x", http.StatusForbidden, "AccessDenied"},
		{"too big", http.MethodPut, uploadURL, headers, strings.Repeat("x", maxBodyBytes+1), http.StatusRequestEntityTooLarge, "EntityTooLarge"},
		{"post", http.MethodPost, uploadURL, headers, "x", http.StatusMethodNotAllowed, "MethodNotAllowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, hdr, body := putUpload(t, a, tt.method, tt.url, tt.headers, strings.NewReader(tt.body))
			assert.Equal(t, tt.status, status, body)
			assert.Equal(t, "application/xml", hdr.Get("Content-Type"))
			assert.Contains(t, body, "<Code>"+tt.code+"</Code>")
			if tt.status == http.StatusMethodNotAllowed {
				assert.Equal(t, http.MethodPut, hdr.Get("Allow"))
			}
			if strings.Contains(tt.name, "header") {
				assert.Contains(t, body, "X-Creviotest-Upload-Id", "names the header")
			}
		})
	}
	_, ok := a.srv.FileContent(id)
	assert.False(t, ok, "nothing was stored")

	// The upload URL sits outside /v1 and needs no token; faults can be
	// scoped to it like any path.
	a.srv.Fail(1, http.StatusServiceUnavailable, Only(http.MethodPut, "/_uploads/"+id))
	status, _, _ := putUpload(t, a, http.MethodPut, uploadURL, headers, strings.NewReader("x"))
	assert.Equal(t, http.StatusServiceUnavailable, status)
	status, _, body := putUpload(t, a, http.MethodPut, uploadURL, headers, strings.NewReader("x"))
	assert.Equal(t, http.StatusOK, status, body)

	// A file that is not a pending upload has no upload URL to take bytes.
	imp := a.create("/files", map[string]any{"url": "https://cdn.test/a.pdf"})
	status, _, _ = putUpload(t, a, http.MethodPut, strings.Replace(uploadURL, id, imp["id"].(string), 1), headers, strings.NewReader("x"))
	assert.Equal(t, http.StatusForbidden, status)
}

// TestFilesUploadOverTLS checks that the upload URL takes the scheme of
// the request that created the file.
func TestFilesUploadOverTLS(t *testing.T) {
	fake := New()
	hs := httptest.NewTLSServer(fake)
	t.Cleanup(func() { fake.Close(); hs.Close() })
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, hs.URL+APIPrefix+"/files",
		strings.NewReader(`{"filename":"a.txt"}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+fake.Token())
	resp, err := hs.Client().Do(req)
	require.NoError(t, err)
	var f map[string]any
	require.NoError(t, jsonDecode(resp, &f))
	resp.Body.Close()
	uploadURL := f["upload_url"].(string)
	assert.True(t, strings.HasPrefix(uploadURL, hs.URL+"/_uploads/"), uploadURL)
	req, err = http.NewRequestWithContext(context.Background(), http.MethodPut, uploadURL, bytes.NewReader([]byte("hi")))
	require.NoError(t, err)
	for k, v := range f["upload_headers"].(map[string]any) {
		req.Header.Set(k, v.(string))
	}
	resp, err = hs.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestFilesURLImport(t *testing.T) {
	a := newAPI(t)
	for _, tt := range []struct {
		body         map[string]any
		filename, ct any
	}{
		{map[string]any{"url": "https://cdn.test/a/photo.JPG"}, "photo.JPG", "image/jpeg"},
		{map[string]any{"file": map[string]any{"url": "https://cdn.test/a.pdf"}}, "a.pdf", "application/pdf"},
		{map[string]any{"url": "https://cdn.test/", "kind": nil}, "cdn.test", nil},
		{map[string]any{"url": "https://cdn.test/x.mp4", "filename": "Demo", "kind": "file"}, "Demo", "video/mp4"},
		{map[string]any{"url": "https://youtu.be/abc"}, "abc", nil}, // a bare video URL is an import
	} {
		f := a.create("/files", tt.body)
		id := f["id"].(string)
		assert.Equal(t, "file", f["kind"], "%v", tt.body)
		assert.Equal(t, "url_import", f["source"], "%v", tt.body)
		assert.Equal(t, "processing", f["upload_status"], "%v: processing at once", tt.body)
		assert.Equal(t, tt.filename, f["filename"], "%v", tt.body)
		assert.Equal(t, tt.ct, f["content_type"], "%v", tt.body)
		assert.Nil(t, f["file_url"])
		assert.Nil(t, f["upload_url"])
		got, _ := a.srv.Get("files", id)
		assert.Equal(t, "processing", got["upload_status"], "inspecting is not a read of the API")

		// The first read finishes it.
		res := a.do(http.MethodGet, "/files/"+id, nil)
		assert.Equal(t, "ready", res.Body["upload_status"], "%v", tt.body)
		assert.Equal(t, "https://files.crevio.test/"+id+"/"+tt.filename.(string), res.Body["file_url"])
		assert.Nil(t, res.Body["size"], "the fake fetches nothing")
		_, ok := a.srv.FileContent(id)
		assert.False(t, ok)
	}

	// A host in .invalid fails; a list page is a read too.
	bad := a.create("/files", map[string]any{"url": "https://nowhere.invalid/a.pdf"})
	list := a.do(http.MethodGet, "/files?limit=1", nil)
	require.Equal(t, []string{bad["id"].(string)}, list.ids())
	assert.Equal(t, "failed", list.data()[0].(map[string]any)["upload_status"])
	assert.Nil(t, list.data()[0].(map[string]any)["file_url"])
	assert.Equal(t, "failed", a.do(http.MethodGet, "/files/"+bad["id"].(string), nil).Body["upload_status"])

	// A URL import has no bytes to confirm.
	imp := a.create("/files", map[string]any{"url": "https://cdn.test/b.pdf"})
	assert.Equal(t, http.StatusConflict, a.do(http.MethodPost, "/files/"+imp["id"].(string)+"/uploaded", nil).Status)
}

func TestFilesImportReads(t *testing.T) {
	a := newAPI(t, WithFileImportReads(3))
	id := a.create("/files", map[string]any{"url": "https://cdn.test/a.pdf"})["id"].(string)
	var seen []any
	for range 4 {
		seen = append(seen, a.do(http.MethodGet, "/files/"+id, nil).Body["upload_status"])
	}
	assert.Equal(t, []any{"processing", "processing", "ready", "ready"}, seen)
}

func TestFilesExternalVideo(t *testing.T) {
	a := newAPI(t)
	for _, tt := range []struct{ url, provider string }{
		{"https://www.youtube.com/watch?v=x", "youtube"},
		{"https://youtu.be/x", "youtube"},
		{"https://m.youtube.com/watch?v=x", "youtube"},
		{"https://vimeo.com/1", "vimeo"},
		{"https://player.vimeo.com/video/1", "vimeo"},
		{"https://acme.wistia.com/medias/x", "wistia"},
		{"https://fast.wistia.net/embed/x", "wistia"},
	} {
		f := a.create("/files", map[string]any{"kind": "external_video", "url": tt.url})
		assert.Equal(t, "external_video", f["kind"], tt.url)
		assert.Equal(t, "external_video", f["source"], tt.url)
		assert.Equal(t, "ready", f["upload_status"], tt.url)
		assert.Equal(t, tt.provider, f["provider"], tt.url)
		assert.Equal(t, tt.url, f["url"])
		assert.Nil(t, f["content_type"], "not external/<provider>")
		assert.Nil(t, f["size"])
		assert.Nil(t, f["file_url"])
		assert.Nil(t, f["filename"])
		assert.Nil(t, f["upload_url"])
		assert.Equal(t, http.StatusConflict, a.do(http.MethodPost, "/files/"+f["id"].(string)+"/uploaded", nil).Status)
	}
}

func TestFilesCreateErrors(t *testing.T) {
	a := newAPI(t)
	for _, tt := range []struct {
		name string
		body any
		errs map[string]any
	}{
		{"nothing", map[string]any{}, map[string]any{"filename": []any{"can't be blank when no url is given"}}},
		{"other host", map[string]any{"kind": "external_video", "url": "https://example.com/v.mp4"},
			map[string]any{"url": []any{"must be a YouTube, Vimeo or Wistia URL"}}},
		{"look-alike host", map[string]any{"kind": "external_video", "url": "https://youtube.com.evil.test/x"},
			map[string]any{"url": []any{"must be a YouTube, Vimeo or Wistia URL"}}},
		{"video without url", map[string]any{"kind": "external_video", "filename": "a.mp4"}, map[string]any{"url": []any{"can't be blank"}}},
		{"kind", map[string]any{"kind": "image", "filename": "a.png"}, map[string]any{"kind": []any{"is not included in the list"}}},
		{"url scheme", map[string]any{"url": "ftp://cdn.test/a"}, map[string]any{"url": []any{"is invalid"}}},
		{"url type", map[string]any{"url": 5}, map[string]any{"url": []any{"is invalid"}}},
		{"filename type", map[string]any{"filename": 5}, map[string]any{"filename": []any{"is invalid"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := a.do(http.MethodPost, "/files", tt.body)
			require.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Raw)
			assert.Equal(t, "validation_error", res.errField("type"))
			assert.Equal(t, "validation_failed", res.errField("code"))
			assert.Equal(t, tt.errs, res.errField("errors"))
		})
	}
	// Multipart is not documented: it is just a body that is not JSON.
	res := a.do(http.MethodPost, "/files", "--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--xyz--")
	assert.Equal(t, http.StatusBadRequest, res.Status)
	assert.Equal(t, "invalid_json", res.errField("code"))
	assert.Zero(t, a.srv.Count("files"))
}

func TestFilesSeed(t *testing.T) {
	a := newAPI(t)
	out, err := a.srv.Seed("files",
		map[string]any{"filename": "a.txt", "size": 3},
		map[string]any{"filename": "b.txt", "upload_status": "pending"},
		map[string]any{"kind": "external_video", "url": "https://vimeo.com/1"})
	require.NoError(t, err)
	id := out[0]["id"].(string)
	assert.Equal(t, "ready", out[0]["upload_status"], "a seeded upload is stored")
	assert.Equal(t, "https://files.crevio.test/"+id+"/a.txt", out[0]["file_url"])
	assert.Equal(t, "text/plain; charset=utf-8", out[0]["content_type"])
	assert.EqualValues(t, 3, out[0]["size"])
	_, ok := a.srv.FileContent(id)
	assert.False(t, ok, "seeds carry no bytes")
	assert.Equal(t, "pending", out[1]["upload_status"])
	assert.Nil(t, out[1]["file_url"])
	assert.Equal(t, "vimeo", out[2]["provider"])
	assert.Equal(t, "ready", out[2]["upload_status"])
}
