package crevio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
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

	lastID string // the last item's id, for item types without objectID
}

// decodeBody decodes the page in one pass (decodeFast), which gives each
// item what its RawJSON needs and nothing that holds on to the body. A body
// that pass leaves to encoding/json is decoded by json.Unmarshal, and each
// item then keeps a copy of its own JSON.
func (p *Page[T]) decodeBody(data []byte) error {
	var last span
	var lastItem []byte // the last item's JSON
	if decodeFast(data, p, &last) {
		lastItem = data[last.start:last.end]
	} else {
		*p = Page[T]{RequestID: p.RequestID}
		if err := json.Unmarshal(data, p); err != nil {
			return err
		}
		// encoding/json itself finds the JSON of the items it decoded (the
		// key matched as it matches it, with no depth limit but its own);
		// each RawMessage is already a copy.
		items := listEnvelopeItems(data)
		if len(items) == len(p.Data) && len(items) > 0 {
			for i := range p.Data {
				if r, ok := any(&p.Data[i]).(rawSetter); ok {
					r.setRawJSON(items[i])
				}
			}
			lastItem = items[len(items)-1]
		}
	}
	if p.Data == nil {
		// {}, an error envelope, "data": null: not a list.
		return errors.New(`the body is not a list (no "data" array)`)
	}
	if len(p.Data) == 0 {
		return nil
	}
	if _, ok := any(&p.Data[0]).(identified); !ok && len(lastItem) > 0 {
		// An item type of the caller's ([All]): the cursor is the "id" of
		// the page's last item, read from its JSON.
		var item struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(lastItem, &item)
		p.lastID = item.ID
	}
	return nil
}

func (*Page[T]) pageItems() {}

// listEnvelopeItems returns the JSON of each element of a list body's data
// array, as encoding/json finds it, or nil.
func listEnvelopeItems(data []byte) []json.RawMessage {
	var env struct {
		Data []json.RawMessage `json:"data"`
	}
	if json.Unmarshal(data, &env) != nil {
		return nil
	}
	return env.Data
}

func (p *Page[T]) setRequestID(id string) { p.RequestID = id }

// listFunc is the shape of every service's List method.
type listFunc[T any, P any] func(ctx context.Context, params *P, opts ...RequestOption) (*Page[T], error)

// all is the one iterator behind every service's All. It sends no request
// until ranged over, works on a copy of params, follows starting_after, and
// stops on has_more=false, on an empty page, when the loop breaks, or with an
// error: a failed page, or a cursor that does not advance or comes back (never
// a loop; see cursorTrail). The cursor is not written into params: it is a
// detail of each page's request ([withCursor]), sent over what params say.
//
// Each item is yielded as a copy in an allocation of its own ([Ptr]), so a
// loop that keeps an item keeps nothing else of its page (a pointer into
// the page's Data would keep the whole array alive). By default it
// fetches a page only when the loop needs it, so a break sends no further
// request. With [WithPrefetch] it fetches page N+1 while the loop
// handles page N (see allPrefetch).
func all[T any, P any](ctx context.Context, params *P, list listFunc[T, P], opts []RequestOption) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		if ctx == nil {
			yield(nil, errNilContext)
			return
		}
		var p P
		if params != nil {
			p = *params
		}
		rc := collectOptions(opts)
		if rc.prefetch {
			allPrefetch(ctx, &p, list, opts, rc.response, yield)
			return
		}
		var trail cursorTrail
		pageOpts := opts
		for {
			page, err := list(ctx, &p, pageOpts...)
			if err != nil {
				yield(nil, err)
				return
			}
			for i := range page.Data {
				if !yield(Ptr(page.Data[i]), nil) {
					return
				}
			}
			next, more, err := nextCursor(page, &trail)
			if err != nil {
				yield(nil, err)
			}
			if !more || err != nil {
				return
			}
			pageOpts = withCursor(opts, next)
		}
	}
}

// withCursor returns opts with one more option, which makes the request
// send cursor as starting_after, over what params say. It never writes into
// the caller's slice.
func withCursor(opts []RequestOption, cursor string) []RequestOption {
	return append(opts[:len(opts):len(opts)], func(r *requestConfig) { r.startingAfter = cursor })
}

// nextCursor returns the cursor of the page after page, and whether there is
// one. A page that says has_more but gives no cursor, or one this walk has
// already used, is an error.
func nextCursor[T any](page *Page[T], trail *cursorTrail) (string, bool, error) {
	if !page.HasMore || len(page.Data) == 0 {
		return "", false, nil
	}
	next := page.lastID
	if o, ok := any(&page.Data[len(page.Data)-1]).(identified); ok {
		next = o.objectID()
	}
	if next == "" {
		return "", false, fmt.Errorf("%w (the last item of a page that has more has no id)", ErrCursorStuck)
	}
	if trail.repeats(next) {
		return "", false, fmt.Errorf("%w (cursor %q was already used in this walk)", ErrCursorStuck, next)
	}
	return next, true, nil
}

// cursorWindow is how many of a walk's latest cursors cursorTrail holds.
const cursorWindow = 128

// cursorTrail tells whether a walk's cursor was used before in the same
// walk, in bounded memory: it holds the latest cursorWindow cursors exactly,
// so a cycle of up to that many pages (A → A, A → B → A, …) is caught the
// moment it would repeat, before any item is yielded twice; and one more
// cursor for Brent's cycle detection, which catches a longer cycle too, after
// fewer than about three times as many pages as the cycle and the pages
// before it together.
type cursorTrail struct {
	ring   []string            // the latest cursors, oldest at ring[head] once full
	head   int                 // where the next cursor overwrites the oldest
	recent map[string]struct{} // the cursors in ring
	// Brent: saved is the cursor at the latest power of two; steps counts
	// the cursors after it, up to power.
	saved        string
	steps, power int
}

// repeats records cursor and reports whether the walk used it before.
func (t *cursorTrail) repeats(cursor string) bool {
	if _, ok := t.recent[cursor]; ok || (t.power > 0 && cursor == t.saved) {
		return true
	}
	if t.recent == nil {
		t.recent = make(map[string]struct{}, 8)
	}
	if len(t.ring) < cursorWindow {
		t.ring = append(t.ring, cursor)
	} else {
		delete(t.recent, t.ring[t.head])
		t.ring[t.head] = cursor
		t.head = (t.head + 1) % cursorWindow
	}
	t.recent[cursor] = struct{}{}
	if t.steps++; t.steps >= t.power {
		t.saved, t.steps, t.power = cursor, 0, max(1, 2*t.power)
	}
	return false
}

// fetched is a page fetched ahead of the loop, with its response.
type fetched[T any] struct {
	page *Page[T]
	resp *http.Response
	err  error
}

// allPrefetch walks the list keeping one page in flight ahead of the loop:
// memory stays bounded to two pages, errors arrive in order (after the items
// before them), and a break or the end of ctx cancels the fetch in flight and
// waits for it, so no goroutine outlives the loop. The fetches store their
// responses in their own fetched values; the caller's [WithResponse]
// destination (dst) is set on the loop's goroutine, to each page's response,
// just before that page's items (or error) are yielded.
func allPrefetch[T any, P any](ctx context.Context, p *P, list listFunc[T, P], opts []RequestOption, dst **http.Response, yield func(*T, error) bool) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	fetch := func(cursor string) <-chan *fetched[T] {
		ch := make(chan *fetched[T], 1)
		go func() {
			f := new(fetched[T])
			// Appended last, this WithResponse wins over the caller's.
			f.page, f.err = list(ctx, p, append(withCursor(opts, cursor), WithResponse(&f.resp))...)
			ch <- f
		}()
		return ch
	}
	pending := fetch("")
	var trail cursorTrail
	for {
		r := <-pending
		if dst != nil && r.resp != nil {
			*dst = r.resp
		}
		if r.err != nil {
			yield(nil, r.err)
			return
		}
		next, more, cursorErr := nextCursor(r.page, &trail)
		pending = nil
		if more {
			pending = fetch(next)
		}
		for i := range r.page.Data {
			if !yield(Ptr(r.page.Data[i]), nil) {
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

// collectOptions applies opts to a fresh requestConfig.
func collectOptions(opts []RequestOption) requestConfig {
	var rc requestConfig
	for _, o := range opts {
		if o != nil {
			o(&rc)
		}
	}
	return rc
}

// WithPrefetch makes All fetch the next page while the loop handles the
// current one, hiding the network wait behind the caller's work. At most
// one page is in flight, so memory stays bounded to two pages. It is
// off by default because a loop that breaks early has then already sent one
// request more (a page fetched for nothing, counted against rate limits);
// turn it on for full walks. It has no effect on other calls. It combines
// with [WithResponse]: the destination is set, on the loop's goroutine, to
// each page's own response just before that page's items are yielded.
func WithPrefetch() RequestOption {
	return func(r *requestConfig) { r.prefetch = true }
}
