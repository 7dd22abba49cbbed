package crevio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
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

// decodeBody decodes the envelope in one pass and keeps each item's raw JSON
// as a slice of data, without parsing any item twice.
func (p *Page[T]) decodeBody(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		switch key {
		case "object":
			err = dec.Decode(&p.Object)
		case "has_more":
			err = dec.Decode(&p.HasMore)
		case "url":
			err = dec.Decode(&p.URL)
		case "data":
			err = p.decodeItems(dec, data)
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return fmt.Errorf("list field %q: %w", key, err)
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the list object")
	}
	return nil
}

func (p *Page[T]) decodeItems(dec *json.Decoder, data []byte) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		p.Data = nil
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("want an array, got %v", tok)
	}
	p.Data = make([]T, 0, 20)
	for dec.More() {
		start := dec.InputOffset()
		p.Data = append(p.Data, *new(T))
		item := &p.Data[len(p.Data)-1]
		if err := dec.Decode(item); err != nil {
			return err
		}
		if r, ok := any(item).(rawSetter); ok {
			raw := bytes.TrimLeft(data[start:dec.InputOffset()], " \t\r\n,")
			r.setRawJSON(raw[:len(raw):len(raw)])
		}
	}
	return expectDelim(dec, ']')
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
