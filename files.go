package crevio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
	"unicode"
)

// errUploadSource marks an error reading the caller's upload source: it does
// not heal by sending again, so it is never retried.
var errUploadSource = errors.New("reading the upload source")

// FilesService is the files API: presigned uploads, URL imports and
// external videos.
//
// A file comes in one of three ways, each a [FilesService.Create] with
// other fields:
//
//   - a presigned upload: Filename only. The answer is a pending file with
//     an UploadURL and UploadHeaders; the bytes go there with a PUT (to a
//     storage host, not the API), then [FilesService.ConfirmUpload] makes
//     the file ready. [FilesService.Upload] does all three steps.
//   - a URL import: URL (and optionally Filename). Crevio downloads the
//     bytes itself; the file is processing, then ready or failed.
//     [FilesService.WaitReady] polls until it is done.
//   - an external video: Kind [FileKindExternalVideo] and a YouTube, Vimeo
//     or Wistia URL. The file is ready at once and stores no bytes; any
//     other host is refused with a 422.
type FilesService service

// File is a file of the account: uploaded, imported from a URL, an embedded
// external video, or generated. Every documented key is always present;
// the nullable ones are pointers.
type File struct {
	// ID is the file's id (file_…).
	ID string `json:"id"`
	// Object is "file".
	Object string `json:"object"`
	// Kind is file or external_video.
	Kind FileKind `json:"kind"`
	// UploadStatus is pending (waiting for the bytes of an upload),
	// processing (a URL import), ready or failed.
	UploadStatus FileUploadStatus `json:"upload_status"`
	// Source is how the file came in. The older reference page does not
	// list it: it may be empty.
	Source FileSource `json:"source"`
	// Title is the file's title, when set.
	Title *string `json:"title"`
	// Description is the file's description, when set.
	Description *string `json:"description"`
	// URL is, presumably, the address given at create: the import's source
	// or the embedded video.
	URL *string `json:"url"`
	// Tags are the file's tags.
	Tags []string `json:"tags"`
	// SourceJobID is, presumably, the job that generated the file (source
	// generation).
	SourceJobID *string `json:"source_job_id"`
	// Filename is the file's name.
	Filename *string `json:"filename"`
	// ContentType is the file's MIME type; nil when unknown (an external
	// video, presumably).
	ContentType *string `json:"content_type"`
	// Size is the file's size in bytes, once known.
	Size *int64 `json:"size"`
	// Provider is, presumably, the host of an external video: youtube,
	// vimeo or wistia.
	Provider *string `json:"provider"`
	// FileURL is, presumably, where Crevio serves the stored bytes.
	FileURL *string `json:"file_url"`
	// UploadURL is where the bytes of a presigned upload go (PUT). Only the
	// answer to the create that starts an upload carries it. It is a
	// credential (a signed URL): do not log it.
	UploadURL *string `json:"upload_url,omitempty"`
	// UploadHeaders are the headers to send, exactly, with the PUT to
	// UploadURL. Only the answer to the create that starts an upload
	// carries them.
	UploadHeaders map[string]string `json:"upload_headers,omitempty"`

	CreatedAt Time `json:"created_at"`
	UpdatedAt Time `json:"updated_at"`

	objectMeta
}

func (f *File) objectID() string { return f.ID }

// FileKind is the kind of a file.
type FileKind string

// Known file kinds.
const (
	// FileKindFile is a file with bytes stored by Crevio (the default).
	FileKindFile FileKind = "file"
	// FileKindExternalVideo is a YouTube, Vimeo or Wistia video embedded by
	// URL.
	FileKindExternalVideo FileKind = "external_video"
)

// IsKnown reports whether k is one of the kinds this version knows.
func (k FileKind) IsKnown() bool { return oneOf(k, FileKindFile, FileKindExternalVideo) }

// FileUploadStatus is where a file is in its way in.
type FileUploadStatus string

// Known upload statuses.
const (
	// FileUploadStatusPending is a presigned upload waiting for its bytes
	// and [FilesService.ConfirmUpload].
	FileUploadStatusPending FileUploadStatus = "pending"
	// FileUploadStatusProcessing is a URL import Crevio is downloading.
	FileUploadStatusProcessing FileUploadStatus = "processing"
	// FileUploadStatusReady is a file that can be used.
	FileUploadStatusReady FileUploadStatus = "ready"
	// FileUploadStatusFailed is a file that will not become ready (a URL
	// import that could not be fetched).
	FileUploadStatusFailed FileUploadStatus = "failed"
)

// IsKnown reports whether s is one of the statuses this version knows.
func (s FileUploadStatus) IsKnown() bool {
	return oneOf(s, FileUploadStatusPending, FileUploadStatusProcessing, FileUploadStatusReady, FileUploadStatusFailed)
}

// FileSource is how a file came in.
type FileSource string

// Known file sources.
const (
	FileSourceUpload        FileSource = "upload"
	FileSourceURLImport     FileSource = "url_import"
	FileSourceExternalVideo FileSource = "external_video"
	FileSourceGeneration    FileSource = "generation"
)

// IsKnown reports whether s is one of the sources this version knows.
func (s FileSource) IsKnown() bool {
	return oneOf(s, FileSourceUpload, FileSourceURLImport, FileSourceExternalVideo, FileSourceGeneration)
}

// ErrFileFailed is returned (wrapped) by [FilesService.WaitReady] when the
// file's upload_status becomes failed.
var ErrFileFailed = errors.New("crevio: file processing failed")

// FileCreateParams pick one of the three ways a file comes in (see
// [FilesService]): Filename alone starts a presigned upload, URL alone (or
// with Filename) a URL import, Kind [FileKindExternalVideo] with URL an
// external video.
type FileCreateParams struct {
	// Kind is file (the API's default) or external_video.
	Kind *FileKind `json:"kind,omitempty"`
	// URL is the address to import from, or the video to embed. Required
	// unless Filename is given, and for an external video.
	URL *string `json:"url,omitempty"`
	// Filename names the file. Required for a presigned upload.
	Filename *string `json:"filename,omitempty"`

	Extra map[string]any `json:"-"`
}

func (p *FileCreateParams) validate() error {
	switch {
	case p.URL != nil && *p.URL == "":
		return fmt.Errorf("%w: URL is empty", ErrInvalidParam)
	case p.Filename != nil && *p.Filename == "":
		return fmt.Errorf("%w: Filename is empty", ErrInvalidParam)
	case p.Kind != nil && *p.Kind == FileKindExternalVideo && p.URL == nil:
		return errRequired("URL")
	case p.URL == nil && p.Filename == nil:
		return fmt.Errorf("%w: URL or Filename is required", ErrInvalidParam)
	}
	return nil
}

// Create creates a file: a presigned upload (answered pending, with
// UploadURL and UploadHeaders), a URL import (answered processing) or an
// external video (answered ready), depending on params. The video host is
// checked by the API (422), not here.
//
// API: POST /v1/files
func (s *FilesService) Create(ctx context.Context, params *FileCreateParams, opts ...RequestOption) (*File, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[File](ctx, s.c, http.MethodPost, pathFiles, params, opts)
}

// FileConfirmUploadParams are the params of [FilesService.ConfirmUpload].
// The API documents none; nil is the usual value.
type FileConfirmUploadParams struct {
	Extra map[string]any `json:"-"`
}

// ConfirmUpload tells the API that the bytes of a presigned upload have
// been PUT to its upload URL, and returns the file, now ready. Confirming
// before the bytes arrived, or twice, is an error of the API (4xx).
//
// API: POST /v1/files/{id}/uploaded
func (s *FilesService) ConfirmUpload(ctx context.Context, id string, params *FileConfirmUploadParams, opts ...RequestOption) (*File, error) {
	path, err := actionPath(pathFiles, id, actionUploaded)
	if err != nil {
		return nil, err
	}
	return callPath[File](ctx, s.c, http.MethodPost, path, params, opts)
}

// FileUploadParams describe the bytes [FilesService.Upload] sends.
type FileUploadParams struct {
	// Filename is the file's name (required); the API derives the file's
	// content type, and so the Content-Type of the upload, from it.
	Filename string
	// Reader is the file's content (required). It is read once per
	// attempt, from its current position, while the PUT is sent: the
	// content is never held in memory. For a []byte, pass
	// bytes.NewReader(b).
	//
	// The PUT is retried (under the client's retry policy) only when the
	// content can be read again: when Reader is an io.ReadSeeker whose Seek
	// works (bytes.Reader, strings.Reader, a regular *os.File). Any other
	// reader is sent once, whatever WithMaxRetries or WithRetries say.
	//
	// Upload stops reading Reader before it returns. If a Read can block
	// (a network stream), make it end when ctx does, or Upload waits for it.
	Reader io.Reader
	// Size is the number of bytes Reader yields, sent as Content-Length.
	// Leave it nil for a *bytes.Reader, *strings.Reader, *bytes.Buffer or a
	// regular *os.File: Upload measures those. Any other reader is sent
	// chunked, which some storage hosts (S3 among them) refuse: give Size
	// for them. A reader that yields another count fails the PUT.
	Size *int64

	// Extra holds fields to add to the create's JSON body.
	Extra map[string]any
}

func (p *FileUploadParams) validate() error {
	switch {
	case p.Filename == "":
		return errRequired("Filename")
	case p.Reader == nil:
		return errRequired("Reader")
	case strings.IndexFunc(p.Filename, unicode.IsControl) >= 0:
		return fmt.Errorf("%w: Filename %q contains a control character", ErrInvalidParam, p.Filename)
	case p.Size != nil && *p.Size < 0:
		return fmt.Errorf("%w: Size %d is negative", ErrInvalidParam, *p.Size)
	}
	return nil
}

// Upload uploads a file in the three documented steps: it creates the file
// with params.Filename ([FilesService.Create]), PUTs the bytes of
// params.Reader to the upload URL of the answer with exactly its upload
// headers, and confirms the upload ([FilesService.ConfirmUpload]). It
// returns the confirmed file. Memory use does not grow with the file's
// size.
//
// The PUT goes to a storage host, not to the API: it carries no API key,
// none of the call's headers ([WithHeader], [WithIdempotencyKey]), and no
// User-Agent unless the upload headers name one; a redirect is never
// followed. It takes the call's [WithRetries] (see
// [FileUploadParams.Reader] for when it is retried) and the client's
// [WithTimeout], like any request. opts go to the create and the confirm;
// with [WithIdempotencyKey], the confirm is sent with the key plus
// "-uploaded". [WithResponse] ends holding the confirm's response.
//
// An error after the create names the file's id, so the caller can retry
// the PUT or delete the file; errors.As still finds an [*Error] of the
// storage host or of the API.
//
// API: POST /v1/files, PUT {upload_url}, POST /v1/files/{id}/uploaded
func (s *FilesService) Upload(ctx context.Context, params *FileUploadParams, opts ...RequestOption) (*File, error) {
	if ctx == nil {
		return nil, errNilContext
	}
	if params == nil {
		return nil, errRequired("params")
	}
	if err := params.validate(); err != nil {
		return nil, err
	}
	src := newUploadSource(params.Reader, params.Size)
	rc := requestConfig{maxRetries: -1}
	for _, o := range opts {
		if o != nil {
			o(&rc)
		}
	}
	f, err := s.Create(ctx, &FileCreateParams{Filename: &params.Filename, Extra: params.Extra}, opts...)
	if err != nil {
		return nil, err
	}
	if f.UploadURL == nil || *f.UploadURL == "" {
		return nil, fmt.Errorf("crevio: files: the create answer for %s has no upload_url", f.ID)
	}
	target, err := s.checkUploadURL(*f.UploadURL)
	if err != nil {
		return nil, fmt.Errorf("crevio: uploading file %s: %w", f.ID, err)
	}
	maxRetries := s.c.maxRetries
	if rc.maxRetries >= 0 {
		maxRetries = rc.maxRetries
	}
	if err := s.put(ctx, target, f.UploadHeaders, src, maxRetries); err != nil {
		return nil, fmt.Errorf("crevio: uploading file %s: %w", f.ID, err)
	}
	confirmOpts := opts
	if rc.idempotencyKey != "" {
		confirmOpts = append(append([]RequestOption(nil), opts...), WithIdempotencyKey(rc.idempotencyKey+"-uploaded"))
	}
	done, err := s.ConfirmUpload(ctx, f.ID, nil, confirmOpts...)
	if err != nil {
		return nil, fmt.Errorf("crevio: uploading file %s: %w", f.ID, err)
	}
	return done, nil
}

// uploadPathLabel stands for the upload URL in log lines and errors: its
// query is the signature.
const uploadPathLabel = "upload_url"

// checkUploadURL parses an upload URL: absolute, https, or http only to a
// loopback host or when the client's base URL is http too (a loopback host
// or WithInsecureHTTP). Its errors never hold the URL.
func (s *FilesService) checkUploadURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" || u.User != nil {
		return nil, errors.New("the upload_url is not an absolute URL")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) && !strings.HasPrefix(s.c.baseURL, "http://") {
			return nil, fmt.Errorf("refusing to upload over plain http to %s", u.Hostname())
		}
	default:
		return nil, fmt.Errorf("the upload_url's scheme must be https, got %q", u.Scheme)
	}
	return u, nil
}

// put sends the bytes of src to target with exactly headers, retried under
// the client's policy (at most maxRetries times) when src rewinds. It uses
// the client's transport (its middleware and stall bounds) but none of the
// API's headers, no cookie jar, and never follows a redirect (a 3xx is a
// [*RedirectError]).
func (s *FilesService) put(ctx context.Context, target *url.URL, headers map[string]string, src *uploadSource, maxRetries int) error {
	c := s.c
	if c.timeout > 0 {
		if dl, ok := ctx.Deadline(); !ok || time.Until(dl) > c.timeout {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, c.timeout)
			defer cancel()
		}
	}
	hc := *c.httpClient
	hc.Jar = nil
	hc.CheckRedirect = refuseRedirect
	if !src.rewindable() {
		maxRetries = 0
	}
	a := &attempt{Context: ctx, c: c, method: http.MethodPut, path: uploadPathLabel}
	for n := 0; ; n++ {
		if n > 0 {
			if err := src.rewind(); err != nil {
				return fmt.Errorf("crevio: %s %s: %w: rewinding: %w", http.MethodPut, uploadPathLabel, errUploadSource, err)
			}
		}
		req, err := http.NewRequestWithContext(a, http.MethodPut, target.String(), nil)
		if err != nil { // the URL was parsed already; keep it out of the error
			return fmt.Errorf("crevio: %s %s: building the request failed", http.MethodPut, uploadPathLabel)
		}
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		if _, ok := req.Header["User-Agent"]; !ok {
			req.Header["User-Agent"] = []string{""} // net/http then sends none
		}
		src.sent = 0
		if src.size == 0 {
			req.Body, req.ContentLength = http.NoBody, 0
		} else {
			req.Body, req.ContentLength = io.NopCloser(src), src.size
		}
		req.GetBody = nil // net/http must not replay the source on its own
		a.n, a.started = n+1, time.Now()
		resp, err := hc.Do(req)
		if err == nil && resp.StatusCode < 300 {
			resp.Body.Close()
			a.logAttempt(resp, nil)
			return nil
		}
		if err == nil {
			err = a.readBody(resp) // the error answer, within the size cap
		}
		retry, _ := a.checkRetry(a, resp, err)
		if retry && n < maxRetries {
			timer := time.NewTimer(backoff(c.minRetryWait, c.maxRetryWait, n, resp))
			select {
			case <-ctx.Done():
				timer.Stop()
				return transportError(http.MethodPut, uploadPathLabel, ctx, ctx.Err())
			case <-timer.C:
			}
			continue
		}
		switch {
		case resp != nil && err == nil:
			return errorFromResponse(resp, a.data)
		case resp != nil && !errors.Is(err, errUploadSource):
			return &DecodeError{StatusCode: resp.StatusCode, RequestID: RequestID(resp), Err: err}
		}
		return transportError(http.MethodPut, uploadPathLabel, ctx, err)
	}
}

// uploadSource is the caller's reader as an upload's body: it marks the
// reader's errors with errUploadSource (never retried), knows the byte
// count to send (-1: unknown, sent chunked), refuses to yield another
// count than that, and rewinds to where it started when it can.
type uploadSource struct {
	r      io.Reader
	size   int64
	seeker io.Seeker
	start  int64
	sent   int64 // bytes read in the current attempt
}

func newUploadSource(r io.Reader, size *int64) *uploadSource {
	s := &uploadSource{r: r, size: -1}
	if sk, ok := r.(io.Seeker); ok {
		// A Seeker that cannot seek (a pipe's *os.File) is a stream.
		if pos, err := sk.Seek(0, io.SeekCurrent); err == nil {
			s.seeker, s.start = sk, pos
		}
	}
	switch v := r.(type) {
	case interface{ Len() int }:
		s.size = int64(v.Len())
	case *os.File:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() && s.seeker != nil {
			s.size = max(fi.Size()-s.start, 0)
		}
	}
	if size != nil {
		s.size = *size
	}
	return s
}

func (s *uploadSource) rewindable() bool { return s.seeker != nil }

func (s *uploadSource) rewind() error {
	_, err := s.seeker.Seek(s.start, io.SeekStart)
	return err
}

func (s *uploadSource) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.sent += int64(n)
	switch {
	case s.size >= 0 && s.sent > s.size:
		return n, fmt.Errorf("%w: the reader yields more than Size (%d) bytes", errUploadSource, s.size)
	case s.size >= 0 && err == io.EOF && s.sent < s.size:
		return n, fmt.Errorf("%w: the reader yields %d bytes, Size says %d", errUploadSource, s.sent, s.size)
	case err != nil && err != io.EOF: // io.Copy's contract: EOF itself, unwrapped
		err = fmt.Errorf("%w: %w", errUploadSource, err)
	}
	return n, err
}

// FileWaitParams tune [FilesService.WaitReady].
type FileWaitParams struct {
	// Interval is the time between polls (default 1s; <= 0 means the
	// default).
	Interval time.Duration

	// Extra holds query params to send with every poll.
	Extra map[string]any
}

// WaitReady polls a file (a URL import, or any file) until its
// upload_status is ready, and returns it. It reads the file at once, then
// every params.Interval. A failed file is returned with an error wrapping
// [ErrFileFailed]; an error of a read is returned at once; ctx ending
// returns an error wrapping ctx.Err(). A status this version does not know
// keeps it polling. opts go to every read.
//
// API: GET /v1/files/{id} (repeated)
func (s *FilesService) WaitReady(ctx context.Context, id string, params *FileWaitParams, opts ...RequestOption) (*File, error) {
	if ctx == nil {
		return nil, errNilContext
	}
	interval := time.Second
	var get *FileGetParams
	if params != nil {
		if params.Interval > 0 {
			interval = params.Interval
		}
		if params.Extra != nil {
			get = &FileGetParams{Extra: params.Extra}
		}
	}
	var timer *time.Timer
	for {
		f, err := s.Get(ctx, id, get, opts...)
		if err != nil {
			return nil, err
		}
		switch f.UploadStatus {
		case FileUploadStatusReady:
			return f, nil
		case FileUploadStatusFailed:
			return f, fmt.Errorf("%w: file %s", ErrFileFailed, f.ID)
		}
		if timer == nil {
			timer = time.NewTimer(interval)
			defer timer.Stop()
		} else {
			timer.Reset(interval)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("crevio: waiting for file %s: %w", id, ctx.Err())
		case <-timer.C:
		}
	}
}

// FileListParams pages a file list.
type FileListParams struct {
	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// List returns one page of files, newest first.
//
// API: GET /v1/files
func (s *FilesService) List(ctx context.Context, params *FileListParams, opts ...RequestOption) (*Page[File], error) {
	return callPath[Page[File]](ctx, s.c, http.MethodGet, pathFiles, params, opts)
}

// All iterates over every file.
//
// API: GET /v1/files (repeated with starting_after)
func (s *FilesService) All(ctx context.Context, params *FileListParams, opts ...RequestOption) iter.Seq2[*File, error] {
	return all(ctx, params, s.List, opts)
}

// FileGetParams are the params of [FilesService.Get]. The API documents
// none; nil is the usual value.
type FileGetParams struct {
	Extra map[string]any
}

// Get returns a file by id. Poll it to follow a URL import, or use
// [FilesService.WaitReady].
//
// API: GET /v1/files/{id}
func (s *FilesService) Get(ctx context.Context, id string, params *FileGetParams, opts ...RequestOption) (*File, error) {
	return callObject[File](ctx, s.c, http.MethodGet, pathFiles, id, params, opts)
}

// FileDeleteParams are the params of [FilesService.Delete]. The API
// documents none; nil is the usual value.
type FileDeleteParams struct {
	Extra map[string]any
}

// Delete deletes a file.
//
// API: DELETE /v1/files/{id}
func (s *FilesService) Delete(ctx context.Context, id string, params *FileDeleteParams, opts ...RequestOption) (*Deleted, error) {
	return deleteObject(ctx, s.c, pathFiles, "file", id, params, opts)
}
