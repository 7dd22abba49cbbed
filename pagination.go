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
// stops on has_more=false, on an empty page, when the loop breaks (with no
// further request), or with an error: a failed page, or a cursor that does
// not advance (never a loop).
func all[T any, P any, PP interface {
	*P
	cursorParams
}](ctx context.Context, params *P, list listFunc[T, P], opts []RequestOption) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		var p P
		if params != nil {
			p = *params
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
			if !page.HasMore || len(page.Data) == 0 {
				return
			}
			next := ""
			if o, ok := any(&page.Data[len(page.Data)-1]).(identified); ok {
				next = o.objectID()
			}
			if next == "" || next == cursor {
				yield(nil, fmt.Errorf("%w (last id %q)", ErrCursorStuck, next))
				return
			}
			cursor = next
			PP(&p).setStartingAfter(next)
		}
	}
}
