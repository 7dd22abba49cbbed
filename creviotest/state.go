package creviotest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// State that outlives a fake: Reset empties the store, SaveState and
// LoadState write and read all of it (cmd/creviomock -state FILE uses the
// file forms at start and shutdown).

// stateVersion is the format of a saved state.
const stateVersion = 1

// savedState is a saved store: every object of every resource in creation
// order, as stored (secrets included), and the uploaded files' bytes.
type savedState struct {
	Version      int                         `json:"creviotest_state"`
	SavedAt      string                      `json:"saved_at"`
	Resources    map[string][]map[string]any `json:"resources"`
	FileContents map[string]string           `json:"file_contents,omitempty"` // base64, by file id
}

// createSingletons makes the one object of every singleton resource (the
// account, which provisions its primary forms, ...) that has none. The
// caller holds st.mu for writing, or owns the store.
func (st *store) createSingletons() {
	for _, d := range st.defs {
		if t := st.tables[d.name]; d.singleton && len(t.order) == 0 {
			// Defaults fill it; a failing definition leaves it absent
			// (GET answers 404) rather than panicking.
			_, _ = st.create(t, map[string]any{})
		}
	}
}

// clearTables empties every table and the state kept beside them. Ids are
// not reset: the id sequence goes on, so an id from before is never handed
// out again (a delivery still retrying finds its endpoint gone, not a new
// one with its id). st.mu is held for writing.
func (st *store) clearTables() {
	for _, t := range st.tables {
		t.byID = map[string]*record{}
		t.order = nil
		t.slugs = nil
		t.slugNext = nil
		if fs := fileStateOf(t.def); fs != nil {
			clear(fs.contents)
			clear(fs.reads)
		}
	}
}

// Reset empties the fake, as if it had just been made with the same
// options: every object is gone (the account and its primary forms are
// made again), and so are pending faults and latency, the request history
// and the idempotency keys. Webhook deliveries queued are dropped; an
// attempt in progress finishes, and its retries find the endpoint gone.
// Options (token, clock, retry policy) stay.
func (f *Fake) Reset() {
	f.hooks.dropQueued()
	f.st.mu.Lock()
	f.st.clearTables()
	f.st.createSingletons()
	f.st.mu.Unlock()
	f.ClearFaults()
	f.ResetRequests()
	f.idem.reset()
}

// SaveState writes every object of the fake, and the bytes of uploaded
// files, to w as JSON, for [Fake.LoadState]. Faults, requests, idempotency
// keys and deliveries in flight are not part of it. Webhook endpoint
// secrets are, so keep the file private.
func (f *Fake) SaveState(w io.Writer) error {
	f.st.mu.RLock()
	defer f.st.mu.RUnlock()
	s := savedState{Version: stateVersion, Resources: map[string][]map[string]any{}}
	s.SavedAt, _ = f.st.timestamp()
	for _, d := range f.st.defs {
		t := f.st.tables[d.name]
		objs := make([]map[string]any, 0, len(t.order))
		for _, r := range t.order {
			objs = append(objs, r.obj)
		}
		s.Resources[d.name] = objs
		if fs := fileStateOf(d); fs != nil && len(fs.contents) > 0 {
			s.FileContents = map[string]string{}
			for id, b := range fs.contents {
				s.FileContents[id] = base64.StdEncoding.EncodeToString(b)
			}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return fmt.Errorf("creviotest: saving state: %w", err)
	}
	return nil
}

// LoadState replaces every object of the fake with those of a state
// written by [Fake.SaveState], as they were: ids, timestamps, list order,
// slugs, secrets and uploaded bytes. Loading sends no webhook events. It
// checks the whole state before changing anything: an unknown resource, an
// object without a string id, a duplicate id or slug is an error and the
// fake is left as it was. Webhook deliveries queued are dropped. Faults,
// requests and idempotency keys are left alone.
func (f *Fake) LoadState(r io.Reader) error {
	var s savedState
	dec := json.NewDecoder(r)
	if err := dec.Decode(&s); err != nil {
		return fmt.Errorf("creviotest: loading state: %w", err)
	}
	if s.Version != stateVersion {
		return fmt.Errorf("creviotest: loading state: format %d, want %d", s.Version, stateVersion)
	}
	type loaded struct {
		t       *table
		obj     map[string]any
		created time.Time
	}
	var all []loaded
	files := map[string][]byte{}
	for name, objs := range s.Resources {
		t := f.st.tables[name]
		if t == nil {
			return fmt.Errorf("creviotest: loading state: %w %q", errUnknownResource, name)
		}
		ids, slugs := map[string]bool{}, map[string]bool{}
		for i, o := range objs {
			id, _ := o["id"].(string)
			if id == "" || o == nil {
				return fmt.Errorf("creviotest: loading state: %s object %d has no id", name, i)
			}
			if ids[id] {
				return fmt.Errorf("creviotest: loading state: duplicate %s id %q", name, id)
			}
			ids[id] = true
			if slug, ok := o["slug"].(string); ok && t.def.slug {
				if slugs[slug] {
					return fmt.Errorf("creviotest: loading state: duplicate %s slug %q", name, slug)
				}
				slugs[slug] = true
			}
			created, err := time.Parse(time.RFC3339, stringField(o, "created_at"))
			if err != nil {
				created = time.Time{}
			}
			all = append(all, loaded{t, o, created})
		}
	}
	for id, b64 := range s.FileContents {
		b, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return fmt.Errorf("creviotest: loading state: file %s: %w", id, err)
		}
		files[id] = b
	}
	// Definition order, then each resource's saved order: deterministic.
	order := map[string]int{}
	for i, d := range f.st.defs {
		order[d.name] = i
	}
	slices.SortStableFunc(all, func(a, b loaded) int { return order[a.t.def.name] - order[b.t.def.name] })

	f.hooks.dropQueued()
	st := f.st
	st.mu.Lock()
	defer st.mu.Unlock()
	st.clearTables()
	for _, l := range all {
		st.seq++
		l.t.insert(&record{seq: st.seq, created: l.created, obj: l.obj}) // no hooks: nothing happened
	}
	if t := st.tables["files"]; t != nil {
		if fs := fileStateOf(t.def); fs != nil {
			for id, b := range files {
				if t.byID[id] != nil {
					fs.contents[id] = b
				}
			}
		}
	}
	st.createSingletons() // a state without them still gets its account
	return nil
}

// SaveStateFile writes the state ([Fake.SaveState]) to path atomically: to
// a temporary file in the same directory, flushed to disk, then renamed
// over path. A crash or an error while saving leaves path as it was, never
// half written. The file is created readable by its owner only (it holds
// webhook secrets).
func (f *Fake) SaveStateFile(path string) error {
	return writeFileAtomic(path, f.SaveState)
}

// LoadStateFile loads a state saved by [Fake.SaveStateFile]; see
// [Fake.LoadState]. A missing file is an error that satisfies
// errors.Is(err, fs.ErrNotExist).
func (f *Fake) LoadStateFile(path string) error {
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("creviotest: %w", err)
	}
	defer file.Close()
	return f.LoadState(file)
}

// writeFileAtomic writes path through write: into a temporary file next to
// it, synced, then renamed over path, so path only ever holds a complete
// file. On any error the temporary file is removed and path is untouched.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("creviotest: saving state: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("creviotest: saving state: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("creviotest: saving state: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("creviotest: saving state: %w", err)
	}
	// Make the rename itself durable; not every system can sync a
	// directory, and the file is complete either way.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// dropQueued drops the deliveries waiting to start (their events stay
// pending); attempts in progress and retries backing off go on.
func (d *webhookDispatcher) dropQueued() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.dropQueuedLocked()
}

// dropQueuedLocked is dropQueued with d.mu held.
func (d *webhookDispatcher) dropQueuedLocked() {
	for id, q := range d.queues {
		for _, jobs := range q.queued {
			d.inflight -= len(jobs)
		}
		q.queued, q.ready = map[string][]*delivery{}, nil
		if q.running == 0 && len(q.busy) == 0 {
			delete(d.queues, id)
		}
	}
	if d.inflight == 0 {
		select {
		case <-d.idle:
		default:
			close(d.idle)
		}
	}
}

// reset forgets the completed keys; a request still being served keeps
// its key until it has its answer.
func (c *idempotencyCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, key := range c.order[c.head:] {
		delete(c.entries, key)
	}
	c.order, c.head = nil, 0
}
