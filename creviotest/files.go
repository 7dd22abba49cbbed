package creviotest

import (
	"bytes"
	"crypto/md5"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"mime"
	"net/http"
	"net/url"
	"path"
	"runtime"
	"strings"
	"sync"
	"weak"
)

// uploadsPrefix is the path of the presigned upload URLs the fake hands
// out. It is outside /v1: like a storage host, it takes no API token.
const uploadsPrefix = "/_uploads/"

// fileOriginKey carries the scheme and host of a create request from
// fromRequest to defaults, which builds the upload URL from it. It never
// stays in a stored object, and no JSON body can set it (filterInput runs
// first).
const fileOriginKey = "\x00origin"

// fileContentHost is the origin of the file_url of every stored file.
const fileContentHost = "https://files.crevio.test/"

// File enum values the fake accepts (the SDK's enums stay open).
var (
	fileKinds    = []string{"file", "external_video"}
	fileStatuses = []string{"pending", "processing", "ready", "failed"}
)

// fileState is the fake-side state of one fake's files that is not part of
// the objects: the uploaded bytes and the reads of URL imports, by file id.
// The maps are guarded by the store's lock; importReads is set by New.
type fileState struct {
	contents    map[string][]byte
	reads       map[string]int
	importReads int // reads a URL import takes to finish (WithFileImportReads)
}

// fileStates finds the fileState of a fake from its files definition. Keys
// are weak, and an entry goes when its definition (and so its fake) is
// collected, so a test binary that starts many fakes does not keep their
// uploads.
var fileStates sync.Map // weak.Pointer[resource] -> *fileState

// fileStateOf returns the state of the files definition def, or nil.
func fileStateOf(def *resource) *fileState {
	v, ok := fileStates.Load(weak.Make(def))
	if !ok {
		return nil
	}
	return v.(*fileState)
}

// WithFileImportReads sets how many reads (GET /v1/files/{id}, or a list
// page showing the file) a URL import stays "processing" for: the n-th read
// shows it finished. The default, 1, finishes it on the first read after
// the create; a larger n lets a test see a poll that is still processing.
// n < 1 counts as 1.
func WithFileImportReads(n int) Option {
	return func(c *config) { c.imports = n }
}

// configureFiles applies the files options to a new fake's store.
func configureFiles(st *store, importReads int) {
	if t := st.tables["files"]; t != nil {
		if fs := fileStateOf(t.def); fs != nil {
			fs.importReads = max(importReads, 1)
		}
	}
}

// filesResource defines /v1/files, with the three documented ways to make a
// file (JSON POST /v1/files):
//
//   - a presigned upload: {"filename": …} answers a "pending" file with an
//     upload_url (served by the fake itself, outside /v1) and the
//     upload_headers to PUT the bytes with; POST /v1/files/{id}/uploaded
//     then makes it "ready", with its size and file_url;
//   - a URL import: {"url": …} answers "processing"; a later read shows it
//     "ready", or "failed" when the URL's host ends in ".invalid";
//   - an external video: {"kind": "external_video", "url": …} for a
//     YouTube, Vimeo or Wistia URL is "ready" at once, with its provider;
//     any other host is a 422.
//
// Uploaded bytes are kept and readable with [Fake.FileContent]. Files
// cannot be updated (405).
func filesResource() *resource {
	fs := &fileState{contents: map[string][]byte{}, reads: map[string]int{}, importReads: 1}
	def := &resource{
		name:     "files",
		path:     "/files",
		prefix:   "file_",
		object:   "file",
		disabled: opUpdate,
		enums:    map[string][]string{"kind": fileKinds, "upload_status": fileStatuses},
		readOnly: []string{"upload_status", "source", "size", "file_url", "provider", "content_type",
			"source_job_id", "upload_url", "upload_headers"},
		secrets: []string{"upload_url", "upload_headers"},
		fromRequest: func(r *http.Request, obj map[string]any) {
			scheme := "http"
			if r.TLS != nil {
				scheme = "https"
			}
			obj[fileOriginKey] = scheme + "://" + r.Host
		},
		defaults: fileDefaults,
		validate: fileValidate,
		actions: map[string]actionFunc{
			"uploaded": func(_ *store, obj map[string]any, _ map[string]any) *apiError {
				id := stringField(obj, "id")
				if s := stringField(obj, "upload_status"); s != "pending" {
					return fileInvalidState(fmt.Sprintf("File %s is %s: only a pending upload can be confirmed.", id, s))
				}
				b, ok := fs.contents[id]
				if !ok {
					return fileInvalidState("No bytes have been uploaded to this file's upload_url.")
				}
				obj["upload_status"] = "ready"
				obj["size"] = float64(len(b))
				obj["file_url"] = fileStoredURL(obj)
				return nil
			},
		},
		beforeRead: func(st *store, t *table, r *record) {
			id := stringField(r.obj, "id")
			if stringField(r.obj, "upload_status") != "processing" || stringField(r.obj, "source") != "url_import" {
				return
			}
			fs.reads[id]++
			if fs.reads[id] < fs.importReads {
				return
			}
			delete(fs.reads, id)
			obj := deepCopy(r.obj).(map[string]any)
			if u, err := url.Parse(stringField(obj, "url")); err == nil && strings.HasSuffix(strings.ToLower(u.Hostname()), ".invalid") {
				obj["upload_status"] = "failed"
			} else {
				obj["upload_status"] = "ready"
				obj["file_url"] = fileStoredURL(obj)
			}
			st.save(t, r, obj)
		},
		afterWrite: func(_ *store, old, cur map[string]any) {
			if cur == nil {
				delete(fs.contents, stringField(old, "id"))
				delete(fs.reads, stringField(old, "id"))
			}
		},
	}
	key := weak.Make(def)
	fileStates.Store(key, fs)
	runtime.AddCleanup(def, func(k weak.Pointer[resource]) { fileStates.Delete(k) }, key)
	return def
}

// fileDefaults fills in a file by the intent its fields pick. An API create
// carries its request origin (fileOriginKey); a seed does not, and a seeded
// upload is then stored as "ready", bytes or not.
func fileDefaults(f map[string]any) {
	origin, fromAPI := f[fileOriginKey].(string)
	delete(f, fileOriginKey)
	if v, ok := f["kind"]; !ok || v == nil {
		f["kind"] = "file"
	}
	for _, k := range []string{"title", "description", "source_job_id", "size", "provider", "file_url", "url", "filename"} {
		setDefault(f, k, nil)
	}
	setDefault(f, "tags", []any{})
	id := stringField(f, "id")
	rawURL, _ := f["url"].(string)
	u, err := url.Parse(rawURL)
	if err != nil {
		u = &url.URL{}
	}
	switch {
	case f["kind"] == "external_video":
		setDefault(f, "source", "external_video")
		setDefault(f, "upload_status", "ready")
		setDefault(f, "content_type", nil)
		if p := videoProvider(u.Hostname()); p != "" && f["provider"] == nil {
			f["provider"] = p
		}
	case !isBlank(f["url"]):
		setDefault(f, "source", "url_import")
		setDefault(f, "upload_status", "processing")
		if isBlank(f["filename"]) {
			if base := path.Base(u.Path); base != "/" && base != "." {
				f["filename"] = base
			} else {
				f["filename"] = u.Hostname()
			}
		}
		setDefault(f, "content_type", fileTypeByName(u.Path, fileTypeByName(stringField(f, "filename"), nil)))
	default:
		setDefault(f, "source", "upload")
		setDefault(f, "content_type", fileTypeByName(stringField(f, "filename"), "application/octet-stream"))
		if !fromAPI {
			setDefault(f, "upload_status", "ready")
			if f["file_url"] == nil && f["upload_status"] == "ready" {
				f["file_url"] = fileStoredURL(f)
			}
			break
		}
		f["upload_status"] = "pending"
		f["upload_url"] = origin + uploadsPrefix + url.PathEscape(id) + "?signature=" + randomHex(16)
		f["upload_headers"] = map[string]any{
			"Content-Type":           f["content_type"],
			"X-Creviotest-Upload-Id": id,
		}
	}
}

// fileValidate checks a new file's kind, url and filename against the
// three intents.
func fileValidate(_ *store, f map[string]any, create bool) map[string][]string {
	if !create {
		return nil
	}
	var errs map[string][]string
	for _, k := range []string{"filename", "title", "description"} {
		if v, ok := f[k]; ok && v != nil {
			if _, isStr := v.(string); !isStr {
				errs = addErr(errs, k, "is invalid")
			}
		}
	}
	if _, ok := formStrings(f["tags"]); !ok && f["tags"] != nil {
		errs = addErr(errs, "tags", "must be a list of strings")
	}
	var u *url.URL
	switch v := f["url"].(type) {
	case nil:
	case string:
		p, err := url.Parse(v)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			errs = addErr(errs, "url", "is invalid")
		} else {
			u = p
		}
	default:
		errs = addErr(errs, "url", "is invalid")
	}
	switch f["kind"] {
	case "external_video":
		switch {
		case isBlank(f["url"]):
			errs = addErr(errs, "url", "can't be blank")
		case u != nil && videoProvider(u.Hostname()) == "":
			errs = addErr(errs, "url", "must be a YouTube, Vimeo or Wistia URL")
		}
	case "file":
		if isBlank(f["url"]) && isBlank(f["filename"]) {
			errs = addErr(errs, "filename", "can't be blank when no url is given")
		}
	}
	return errs
}

// videoProvider names the video host of an external video's URL host:
// youtube, vimeo or wistia, or "" for any other host.
func videoProvider(host string) string {
	switch h := strings.ToLower(host); {
	case h == "youtube.com" || h == "www.youtube.com" || h == "m.youtube.com" || h == "youtu.be":
		return "youtube"
	case h == "vimeo.com" || h == "www.vimeo.com" || h == "player.vimeo.com":
		return "vimeo"
	case h == "wistia.com" || strings.HasSuffix(h, ".wistia.com") || strings.HasSuffix(h, ".wistia.net"):
		return "wistia"
	}
	return ""
}

// fileTypeByName returns the MIME type of a filename's extension, or def.
func fileTypeByName(name string, def any) any {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return def
}

// fileStoredURL is where the fake says a stored file's bytes are served.
func fileStoredURL(f map[string]any) string {
	name := stringField(f, "filename")
	if name == "" {
		name = "file"
	}
	return fileContentHost + stringField(f, "id") + "/" + url.PathEscape(name)
}

// fileInvalidState is the 409 answer to confirming a file that is not a
// pending upload with its bytes.
func fileInvalidState(msg string) *apiError {
	return &apiError{Status: http.StatusConflict, Type: typeInvalidRequest, Code: "invalid_state",
		Param: "upload_status", Message: msg}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// uploadPathID returns the file id of an upload URL's path.
func uploadPathID(p string) (string, bool) {
	id, ok := strings.CutPrefix(p, uploadsPrefix)
	if !ok || id == "" || strings.Contains(id, "/") {
		return "", false
	}
	return id, true
}

// upload answers a PUT to a file's upload URL, as a storage host would: no
// API token (a request carrying an Authorization header is refused), the
// signature of the URL, and exactly the upload_headers of the create
// answer. The bytes are kept for the file, which stays pending until
// POST /v1/files/{id}/uploaded. Errors are S3-style XML.
func (f *Fake) upload(r *http.Request, id string, body []byte, readErr error) *response {
	if r.Method != http.MethodPut {
		resp := uploadError(http.StatusMethodNotAllowed, "MethodNotAllowed", "An upload URL takes PUT only.")
		resp.header = http.Header{"Allow": {http.MethodPut}}
		return resp
	}
	if len(r.Header.Values("Authorization")) > 0 {
		return uploadError(http.StatusBadRequest, "InvalidArgument",
			"The upload URL must not receive the API token: send only the upload_headers.")
	}
	t := f.st.tables["files"]
	fs := fileStateOf(t.def)
	f.st.mu.Lock()
	defer f.st.mu.Unlock()
	rec := t.byID[id]
	if rec == nil || fs == nil || stringField(rec.obj, "upload_status") != "pending" {
		return uploadError(http.StatusForbidden, "AccessDenied", "No pending upload at this URL.")
	}
	if _, done := fs.contents[id]; done {
		return uploadError(http.StatusForbidden, "AccessDenied", "This file's bytes have been uploaded already.")
	}
	stored, err := url.Parse(stringField(rec.obj, "upload_url"))
	want := ""
	if err == nil {
		want = stored.Query().Get("signature")
	}
	got := r.URL.Query().Get("signature")
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return uploadError(http.StatusForbidden, "SignatureDoesNotMatch", "The signature of the upload URL does not match.")
	}
	headers, _ := rec.obj["upload_headers"].(map[string]any)
	for name, v := range headers {
		if s, _ := v.(string); r.Header.Get(name) != s {
			return uploadError(http.StatusForbidden, "SignatureDoesNotMatch",
				fmt.Sprintf("The header %s is missing or differs from the upload_headers.", name))
		}
	}
	if readErr != nil {
		var tooBig *http.MaxBytesError
		if errors.As(readErr, &tooBig) {
			return uploadError(http.StatusRequestEntityTooLarge, "EntityTooLarge",
				fmt.Sprintf("The fake keeps uploads up to %d bytes.", maxBodyBytes))
		}
		return uploadError(http.StatusBadRequest, "IncompleteBody", "Reading the request body failed.")
	}
	fs.contents[id] = bytes.Clone(body)
	sum := md5.Sum(body)
	return &response{status: http.StatusOK, contentType: "text/plain; charset=utf-8",
		header: http.Header{"Etag": {`"` + hex.EncodeToString(sum[:]) + `"`}}}
}

// uploadError is an S3-style XML error answer of an upload URL.
func uploadError(status int, code, msg string) *response {
	body := `<?xml version="1.0" encoding="UTF-8"?>` + "\n<Error><Code>" + code + "</Code><Message>" +
		html.EscapeString(msg) + "</Message></Error>\n"
	return &response{status: status, contentType: "application/xml", body: []byte(body)}
}

// FileContent returns a copy of the bytes uploaded for the file with the
// given id (PUT to its upload_url), and whether there are any: false for an
// unknown or deleted file, one whose bytes have not been uploaded, and a
// URL import or external video (the fake fetches nothing). The fake reads
// request bodies up to 8 MiB, so that is the largest upload it keeps.
func (f *Fake) FileContent(id string) ([]byte, bool) {
	t := f.st.tables["files"]
	if t == nil {
		return nil, false
	}
	fs := fileStateOf(t.def)
	if fs == nil {
		return nil, false
	}
	f.st.mu.RLock()
	defer f.st.mu.RUnlock()
	if t.byID[id] == nil {
		return nil, false
	}
	b, ok := fs.contents[id]
	return bytes.Clone(b), ok
}
