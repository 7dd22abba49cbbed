package crevio

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"strings"
	"sync"
)

// Page is one page of a list: {"object":"list","data":[…],"has_more":…,"url":…}.
type Page[T any] struct {
	// Object is "list".
	Object string `json:"object"`
	// Data holds this page's items, in the API's order.
	Data []T `json:"data"`
	// HasMore reports whether another page follows.
	HasMore bool `json:"has_more"`
	// URL is the list's path, such as "/v1/products".
	URL string `json:"url"`
	// RequestID is the API's id for the request, when it sent one.
	RequestID string `json:"-"`
}

// decodeBody decodes the page with one json.Unmarshal, the cheapest way
// encoding/json has, and gives each item its page and position so that its
// RawJSON can be found later without decoding anything again now.
func (p *Page[T]) decodeBody(data []byte) error {
	if err := json.Unmarshal(data, p); err != nil {
		return err
	}
	if len(p.Data) == 0 {
		return nil
	}
	if _, ok := any(&p.Data[0]).(listItem); !ok {
		return nil
	}
	page := &listBody{data: data}
	for i := range p.Data {
		any(&p.Data[i]).(listItem).setListItem(page, i)
	}
	return nil
}

// listBody is the body of one list page, shared by its items. The slice of
// the body each item came from is located once, on the first RawJSON call.
type listBody struct {
	data  []byte
	once  sync.Once
	items []json.RawMessage
}

// item returns the raw JSON of the i-th element of the page's data array.
func (l *listBody) item(i int) json.RawMessage {
	l.once.Do(l.index)
	if i < 0 || i >= len(l.items) {
		return nil
	}
	return l.items[i]
}

// index walks the envelope once and records each data element's bytes. It
// matches the key as encoding/json does (case-insensitively, the last match
// winning), so the raw JSON always belongs to the decoded items.
func (l *listBody) index() {
	dec := json.NewDecoder(bytes.NewReader(l.data))
	if expectDelim(dec, '{') != nil {
		return
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		if key, _ := tok.(string); !strings.EqualFold(key, "data") {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return
			}
			continue
		}
		items, ok := l.indexArray(dec)
		if !ok {
			return
		}
		l.items = items
	}
}

// indexArray reads the array dec is at and returns its elements' bytes.
func (l *listBody) indexArray(dec *json.Decoder) ([]json.RawMessage, bool) {
	tok, err := dec.Token()
	if err != nil {
		return nil, false
	}
	if tok == nil {
		return nil, true // "data": null
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, false
	}
	var items []json.RawMessage
	for dec.More() {
		start := dec.InputOffset()
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return nil, false
		}
		raw := bytes.TrimLeft(l.data[start:dec.InputOffset()], " \t\r\n,")
		items = append(items, raw[:len(raw):len(raw)])
	}
	if _, err := dec.Token(); err != nil {
		return nil, false
	}
	return items, true
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("want %q, got %v", want, tok)
	}
	return nil
}

func (p *Page[T]) setRequestID(id string) { p.RequestID = id }

// cursorParams is implemented by every list params type.
type cursorParams interface {
	setStartingAfter(id string)
}

// listFunc is the shape of every service's List method.
type listFunc[T any, P any] func(ctx context.Context, params *P, opts ...RequestOption) (*Page[T], error)

// all is the one iterator behind every service's All. It sends no request
// until ranged over, works on a copy of params, follows starting_after, and
// stops on has_more=false, on an empty page, when the loop breaks, or with an
// error: a failed page, or a cursor that does not advance (never a loop).
//
// By default it fetches a page only when the loop needs it, so a break sends
// no further request. With [WithPrefetch] it fetches page N+1 while the loop
// handles page N (see allPrefetch).
func all[T any, P any, PP interface {
	*P
	cursorParams
}](ctx context.Context, params *P, list listFunc[T, P], opts []RequestOption) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		var p P
		if params != nil {
			p = *params
		}
		if prefetchRequested(opts) {
			allPrefetch[T, P, PP](ctx, p, list, opts, yield)
			return
		}
		cursor := ""
		for {
			page, err := list(ctx, &p, opts...)
			if err != nil {
				yield(nil, err)
				return
			}
			for i := range page.Data {
				if !yield(&page.Data[i], nil) {
					return
				}
			}
			next, more, err := nextCursor(page, cursor)
			if err != nil {
				yield(nil, err)
			}
			if !more || err != nil {
				return
			}
			cursor = next
			PP(&p).setStartingAfter(next)
		}
	}
}

// nextCursor returns the cursor of the page after page, and whether there is
// one. A page that says has_more but gives no new cursor is an error.
func nextCursor[T any](page *Page[T], prev string) (string, bool, error) {
	if !page.HasMore || len(page.Data) == 0 {
		return "", false, nil
	}
	next := ""
	if o, ok := any(&page.Data[len(page.Data)-1]).(identified); ok {
		next = o.objectID()
	}
	if next == "" || next == prev {
		return "", false, fmt.Errorf("%w (last id %q)", ErrCursorStuck, next)
	}
	return next, true, nil
}

// fetched is a page fetched ahead of the loop.
type fetched[T any] struct {
	page *Page[T]
	err  error
}

// allPrefetch walks the list keeping one page in flight ahead of the loop:
// memory stays bounded to two pages, errors arrive in order (after the items
// before them), and a break or the end of ctx cancels the fetch in flight and
// waits for it, so no goroutine outlives the loop.
func allPrefetch[T any, P any, PP interface {
	*P
	cursorParams
}](ctx context.Context, p P, list listFunc[T, P], opts []RequestOption, yield func(*T, error) bool) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	fetch := func(p P) <-chan fetched[T] {
		ch := make(chan fetched[T], 1)
		go func() {
			page, err := list(ctx, &p, opts...)
			ch <- fetched[T]{page, err}
		}()
		return ch
	}
	pending := fetch(p)
	cursor := ""
	for {
		r := <-pending
		if r.err != nil {
			yield(nil, r.err)
			return
		}
		next, more, cursorErr := nextCursor(r.page, cursor)
		pending = nil
		if more {
			cursor = next
			PP(&p).setStartingAfter(next)
			pending = fetch(p)
		}
		for i := range r.page.Data {
			if !yield(&r.page.Data[i], nil) {
				if pending != nil {
					cancel()
					<-pending
				}
				return
			}
		}
		if cursorErr != nil {
			yield(nil, cursorErr)
			return
		}
		if pending == nil {
			return
		}
	}
}

// prefetchRequested reports whether opts include WithPrefetch.
func prefetchRequested(opts []RequestOption) bool {
	var rc requestConfig
	for _, o := range opts {
		if o != nil {
			o(&rc)
		}
	}
	return rc.prefetch
}

// WithPrefetch makes All fetch the next page while the loop handles the
// current one, hiding the network wait behind the caller's work: with 5 ms
// of latency and 5 ms of work per page a walk takes about half as long. At
// most one page is in flight, so memory stays bounded to two pages. It is
// off by default because a loop that breaks early has then already sent one
// request more (a page fetched for nothing, counted against rate limits);
// turn it on for full walks. It has no effect on other calls.
func WithPrefetch() RequestOption {
	return func(r *requestConfig) { r.prefetch = true }
}
