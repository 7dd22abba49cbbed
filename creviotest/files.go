package creviotest

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"runtime"
	"strings"
	"sync"
	"weak"
)

// fileContentKey carries an upload's bytes from decodeCreate, which runs
// before the file has an id, to afterWrite, which files them under the id.
// It never stays in a stored object.
const fileContentKey = "\x00content"

// fileContents holds the bytes of one fake's uploaded files, by file id. It
// is guarded by the store's lock: written in afterWrite, read by
// FileContent under the read lock.
type fileContents map[string][]byte

// fileContentsByDef finds the fileContents of a fake from its files
// definition. Keys are weak, and an entry goes when its definition (and so
// its fake) is collected, so a test binary that starts many fakes does not
// keep their uploads.
var fileContentsByDef sync.Map // weak.Pointer[resource] -> fileContents

// filesResource defines /v1/files: uploads (multipart/form-data with a
// "file" part) and external files (JSON {"url": …}), list, get, delete.
// Uploaded bytes are kept and readable with [Fake.FileContent]. See
// shared/crevio-api/files.md.
func filesResource() *resource {
	contents := fileContents{}
	def := &resource{
		name:         "files",
		path:         "/files",
		prefix:       "file_",
		object:       "file",
		disabled:     opUpdate,
		decodeCreate: decodeFileCreate,
		// The upload's bytes, and the documented fields defaults leave out.
		params: []string{fileContentKey, "kind", "title", "description", "tags"},
		defaults: func(f map[string]any) {
			setDefault(f, "filename", "file")
			setDefault(f, "content_type", "application/octet-stream")
			setDefault(f, "byte_size", nil)
			setDefault(f, "url", "https://files.crevio.test/"+stringField(f, "id")+"/"+url.PathEscape(stringField(f, "filename")))
		},
		afterWrite: func(_ *store, old, cur map[string]any) {
			switch {
			case cur == nil:
				delete(contents, stringField(old, "id"))
			case old == nil:
				if b, ok := cur[fileContentKey].([]byte); ok {
					contents[stringField(cur, "id")] = b
				}
				delete(cur, fileContentKey)
			}
		},
	}
	key := weak.Make(def)
	fileContentsByDef.Store(key, contents)
	runtime.AddCleanup(def, func(k weak.Pointer[resource]) { fileContentsByDef.Delete(k) }, key)
	return def
}

// FileContent returns a copy of the bytes uploaded as the file with the
// given id, and whether there are any: false for an unknown or deleted
// file, and for an external file (created from a URL). The fake reads
// request bodies up to 8 MiB, so that is the largest upload it keeps.
func (f *Fake) FileContent(id string) ([]byte, bool) {
	t := f.st.tables["files"]
	if t == nil {
		return nil, false
	}
	v, ok := fileContentsByDef.Load(weak.Make(t.def))
	if !ok {
		return nil, false
	}
	f.st.mu.RLock()
	defer f.st.mu.RUnlock()
	if t.byID[id] == nil {
		return nil, false
	}
	b, ok := v.(fileContents)[id]
	return bytes.Clone(b), ok
}

// decodeFileCreate turns a POST /files body into the file to store: a
// multipart upload, or JSON naming an external URL.
func decodeFileCreate(contentType string, body []byte) (map[string]any, *apiError) {
	mt, params, err := mime.ParseMediaType(contentType)
	switch {
	case contentType == "" || err == nil && mt == "application/json":
		return decodeFileURL(body)
	case err == nil && mt == "multipart/form-data":
		return decodeFileUpload(body, params["boundary"])
	}
	return nil, &apiError{Status: http.StatusUnsupportedMediaType, Type: typeInvalidRequest, Code: "unsupported_media_type",
		Message: "Send a file as multipart/form-data with a \"file\" part, or an external file as JSON {\"url\": ...}."}
}

// decodeFileUpload reads a multipart body: the "file" part is the upload,
// every other part a string field.
func decodeFileUpload(body []byte, boundary string) (map[string]any, *apiError) {
	if boundary == "" {
		return nil, errBadRequest("invalid_body", "", "The multipart body has no boundary.")
	}
	obj := map[string]any{}
	found := false
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, errBadRequest("invalid_body", "", "The multipart body is malformed: "+err.Error())
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, errBadRequest("invalid_body", "", "The multipart body is malformed: "+err.Error())
		}
		name := part.FormName()
		if name != "file" {
			if name != "" {
				obj[name] = string(data)
			}
			continue
		}
		if found {
			return nil, errBadRequest("parameter_invalid", "file", "Send one file per request.")
		}
		found = true
		obj[fileContentKey] = data
		obj["byte_size"] = float64(len(data))
		if fn := part.FileName(); fn != "" {
			obj["filename"] = fn
		}
		if ct := part.Header.Get("Content-Type"); ct != "" {
			obj["content_type"] = ct
		}
	}
	if !found {
		return nil, errValidation(map[string][]string{"file": {"can't be blank"}})
	}
	return obj, nil
}

// decodeFileURL reads an external file: {"url": "https://…", "filename"?}.
func decodeFileURL(body []byte) (map[string]any, *apiError) {
	obj, e := decodeObject(body, "file")
	if e != nil {
		return nil, e
	}
	raw, _ := obj["url"].(string)
	if isBlank(obj["url"]) {
		return nil, errValidation(map[string][]string{"url": {"can't be blank"}})
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errValidation(map[string][]string{"url": {"is invalid"}})
	}
	delete(obj, fileContentKey)
	obj["byte_size"] = nil // unknown: the API does not fetch the file
	setDefault(obj, "content_type", externalContentType(u))
	if base := path.Base(u.Path); base != "/" && base != "." {
		setDefault(obj, "filename", base)
	} else {
		setDefault(obj, "filename", u.Host)
	}
	return obj, nil
}

// externalContentType names a video provider's URLs as the product media
// gallery does (external/youtube, …), and other URLs by their extension.
func externalContentType(u *url.URL) string {
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	switch {
	case host == "youtu.be" || host == "youtube.com" || strings.HasSuffix(host, ".youtube.com"):
		return "external/youtube"
	case host == "vimeo.com" || strings.HasSuffix(host, ".vimeo.com"):
		return "external/vimeo"
	case strings.Contains(host, "wistia"):
		return "external/wistia"
	}
	if t := mime.TypeByExtension(path.Ext(u.Path)); t != "" {
		return t
	}
	return "application/octet-stream"
}
