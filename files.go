package crevio

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"iter"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
)

// FilesService is the files API: uploads and external files.
type FilesService service

// File is an uploaded file or an external media file.
type File struct {
	// ID is the file's id (file_…).
	ID string `json:"id"`
	// Object is "file".
	Object string `json:"object"`
	// Filename is the file's name.
	Filename string `json:"filename"`
	// ContentType is the MIME type, or external/<provider> (external/youtube,
	// external/vimeo, external/wistia) for an external video.
	ContentType string `json:"content_type"`
	// ByteSize is the size in bytes; nil when unknown (external files).
	ByteSize *int64 `json:"byte_size"`
	// URL is where the file can be fetched.
	URL string `json:"url"`

	CreatedAt Time `json:"created_at"`

	objectMeta
}

func (f *File) objectID() string { return f.ID }

// FileListParams pages a file list.
type FileListParams struct {
	Limit         *int    `url:"limit"`
	StartingAfter *string `url:"starting_after"`
	Extra         map[string]any
}

// FileUploadParams describe a direct upload: the file's bytes, streamed from
// Reader as a multipart/form-data body.
type FileUploadParams struct {
	// Filename is the file's name (required). It is sent in the file part's
	// Content-Disposition.
	Filename string
	// ContentType is the file's MIME type. Default: the type registered for
	// Filename's extension, else application/octet-stream.
	ContentType string
	// Reader is the file's content (required). It is read once per attempt,
	// from its current position, while the request is sent: the content is
	// never held in memory. For a []byte, pass bytes.NewReader(b).
	//
	// The call is retried (under the client's retry policy) only when the
	// content can be read again: when Reader is an io.ReadSeeker whose Seek
	// works (bytes.Reader, strings.Reader, a regular *os.File). Any other
	// reader is sent once, whatever WithMaxRetries or WithRetries say.
	//
	// Upload stops reading Reader before it returns. If a Read can block
	// (a network stream), make it end when ctx does, or Upload waits for it.
	Reader io.Reader
	// Extra holds form fields to send before the file part (any name but
	// "file"). A []string value sends the field once per element; other
	// values are formatted with fmt.Sprint; a nil value is skipped.
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
	}
	if _, ok := p.Extra["file"]; ok {
		return fmt.Errorf("%w: Extra cannot hold \"file\", the file part's name", ErrInvalidParam)
	}
	if p.ContentType != "" {
		if _, _, err := mime.ParseMediaType(p.ContentType); err != nil || strings.IndexFunc(p.ContentType, unicode.IsControl) >= 0 {
			return fmt.Errorf("%w: ContentType %q is not a media type", ErrInvalidParam, p.ContentType)
		}
	}
	return nil
}

// contentType returns the file part's Content-Type.
func (p *FileUploadParams) contentType() string {
	if p.ContentType != "" {
		return p.ContentType
	}
	if t := mime.TypeByExtension(filepath.Ext(p.Filename)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// FileCreateFromURLParams describe an external file, such as a YouTube,
// Vimeo or Wistia video, that the API stores by URL.
type FileCreateFromURLParams struct {
	// URL is the file's address (required).
	URL string `json:"url"`
	// Filename names the file (API default: derived from the URL).
	Filename *string `json:"filename,omitempty"`

	Extra map[string]any `json:"-"`
}

func (p *FileCreateFromURLParams) validate() error {
	if p.URL == "" {
		return errRequired("URL")
	}
	return nil
}

// Upload uploads a file: it streams params.Reader to the API as the "file"
// part of a multipart/form-data body (with Transfer-Encoding: chunked), after
// the Extra form fields, and returns the stored file. Memory use does not
// grow with the file's size. See [FileUploadParams.Reader] for when the call
// is retried. The context and the client's [WithTimeout], if set, bound the
// whole upload: for large files, allow enough time.
//
// API: POST /v1/files (multipart/form-data)
func (s *FilesService) Upload(ctx context.Context, params *FileUploadParams, opts ...RequestOption) (*File, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	if err := params.validate(); err != nil {
		return nil, err
	}
	fields := url.Values{}
	if err := encodeExtra(fields, params.Extra); err != nil {
		return nil, err
	}
	up := &fileUpload{
		fields:      fields,
		filename:    params.Filename,
		contentType: params.contentType(),
		src:         params.Reader,
		boundary:    fileBoundary(),
	}
	body := &streamBody{
		contentType: "multipart/form-data; boundary=" + up.boundary,
		write:       up.write,
	}
	if rs, ok := params.Reader.(io.Seeker); ok {
		// A Seeker that cannot seek (a pipe's *os.File) is a stream.
		if start, err := rs.Seek(0, io.SeekCurrent); err == nil {
			body.rewind = func() error {
				_, err := rs.Seek(start, io.SeekStart)
				return err
			}
		}
	}
	var f File
	if err := s.c.callStream(ctx, http.MethodPost, pathFiles, body, &f, opts); err != nil {
		return nil, err
	}
	return &f, nil
}

// CreateFromURL creates a file from an external URL; the API does not
// download it here, it records where it lives.
//
// API: POST /v1/files (JSON {"url": …})
func (s *FilesService) CreateFromURL(ctx context.Context, params *FileCreateFromURLParams, opts ...RequestOption) (*File, error) {
	if params == nil {
		return nil, errRequired("params")
	}
	return callPath[File](ctx, s.c, http.MethodPost, pathFiles, params, opts)
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

// Get returns a file by id.
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

// fileUpload writes the multipart body of one upload.
type fileUpload struct {
	fields      url.Values
	filename    string
	contentType string
	src         io.Reader
	boundary    string // the same on every attempt: the header is set once
}

// write writes the form fields (sorted by name), then the file part copied
// from the source, then the closing boundary.
func (u *fileUpload) write(w io.Writer) error {
	mw := multipart.NewWriter(w)
	if err := mw.SetBoundary(u.boundary); err != nil {
		return err
	}
	keys := make([]string, 0, len(u.fields))
	for k := range u.fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range u.fields[k] {
			if err := mw.WriteField(k, v); err != nil {
				return err
			}
		}
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", multipart.FileContentDisposition("file", u.filename))
	h.Set("Content-Type", u.contentType)
	part, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := io.Copy(part, fileSource{u.src}); err != nil {
		return err
	}
	return mw.Close()
}

// fileSource marks the errors of the caller's reader, so they are told
// apart from the pipe's and never retried.
type fileSource struct{ r io.Reader }

func (s fileSource) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF { // io.Copy's contract: EOF itself, unwrapped
		err = fmt.Errorf("%w: %w", errUploadSource, err)
	}
	return n, err
}

// fileBoundary returns a random multipart boundary.
func fileBoundary() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "crevio-" + hex.EncodeToString(b[:])
}
