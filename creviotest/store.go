package creviotest

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Paging limits of every list endpoint.
const (
	defaultLimit = 20
	maxLimit     = 100
)

// protectedFields are set by the fake and never taken from a request body.
var protectedFields = []string{"id", "object", "created_at", "updated_at"}

// record is one stored object.
type record struct {
	seq     uint64    // insertion sequence: the tie-break of the list order
	created time.Time // parsed created_at: the list order
	obj     map[string]any
}

// before reports whether r sorts before o in creation order.
func (r *record) before(o *record) bool {
	if c := r.created.Compare(o.created); c != 0 {
		return c < 0
	}
	return r.seq < o.seq
}

// table holds the objects of one resource.
type table struct {
	def   *resource
	byID  map[string]*record
	order []*record // ascending creation order; lists walk it backwards
	// fields are the body fields a request may set (knownFields); fixed
	// when the table is made, so read without the lock.
	fields map[string]bool

	// Slug resources index their objects by slug. Every change of a stored
	// slug goes through insert, remove or store.save, which keep the index.
	slugs map[string]*record
	// slugNext is, for a base slug that is taken, the next suffix
	// uniqueSlug tries: creating n objects with one name costs O(n) probes
	// in all, not O(n²). An entry lives while its base slug is stored.
	slugNext map[string]int
	// slugProbes counts lookups by slug (bySlug), so tests can check the
	// cost of slugs without timing anything.
	slugProbes atomic.Uint64
}

// position orders records in t.order: creation time, then insertion.
func position(e, target *record) int {
	switch {
	case e == target:
		return 0
	case e.before(target):
		return -1
	}
	return 1
}

func (t *table) insert(r *record) {
	t.byID[r.obj["id"].(string)] = r
	i, _ := slices.BinarySearchFunc(t.order, r, position)
	t.order = slices.Insert(t.order, i, r)
	t.indexSlug(r, nil, r.obj)
}

func (t *table) remove(r *record) {
	delete(t.byID, r.obj["id"].(string))
	if i, found := t.index(r); found {
		t.order = slices.Delete(t.order, i, i+1)
	}
	t.indexSlug(r, r.obj, nil)
}

// index returns the position of r in t.order, by binary search.
func (t *table) index(r *record) (int, bool) {
	i, found := slices.BinarySearchFunc(t.order, r, position)
	return i, found && t.order[i] == r
}

// indexSlug moves r in the slug index from the slug of old to that of cur
// (either may be nil).
func (t *table) indexSlug(r *record, old, cur map[string]any) {
	if !t.def.slug {
		return
	}
	oldSlug, hadSlug := old["slug"].(string)
	curSlug, hasSlug := cur["slug"].(string)
	if hadSlug && (!hasSlug || oldSlug != curSlug) && t.slugs[oldSlug] == r {
		delete(t.slugs, oldSlug)
		delete(t.slugNext, oldSlug)
	}
	if hasSlug {
		if t.slugs == nil {
			t.slugs = map[string]*record{}
		}
		t.slugs[curSlug] = r
	}
}

// lookup finds an object by exact id, then, for slug resources, by slug.
func (t *table) lookup(idOrSlug string) *record {
	if r := t.byID[idOrSlug]; r != nil {
		return r
	}
	if t.def.slug && idOrSlug != "" {
		return t.bySlug(idOrSlug)
	}
	return nil
}

func (t *table) bySlug(slug string) *record {
	t.slugProbes.Add(1)
	return t.slugs[slug]
}

// store is the state of a Fake: one table per resource, behind one lock.
// Every method expects the caller to hold mu (read or write as needed).
type store struct {
	mu     sync.RWMutex
	defs   []*resource // definition order: routing and seeding order
	tables map[string]*table
	now    func() time.Time
	rng    *rand.Rand
	seq    uint64

	// onWrite, when set, is told of every committed write: insert (old is
	// nil), save, and delete (cur is nil), after the resource's afterWrite.
	// Webhook delivery (webhooks.go) hangs off it.
	onWrite func(t *table, r *record, old, cur map[string]any)
	// batch is the depth of writes grouped into one (a seed with nested
	// objects); onBatchEnd runs when the outermost one ends.
	batch      int
	onBatchEnd func()
}

func newStore(defs []*resource, now func() time.Time) *store {
	st := &store{
		defs:   defs,
		tables: make(map[string]*table, len(defs)),
		now:    now,
		// A fixed seed: each fake hands out the same id sequence, which keeps
		// test output reproducible. Ids stay opaque and unique.
		rng: rand.New(rand.NewPCG(0x637265766965, 0x74657374)),
	}
	for _, d := range defs {
		st.tables[d.name] = &table{def: d, byID: map[string]*record{}, fields: knownFields(d)}
	}
	return st
}

const idAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// newID returns an unused id for t: the prefix and 14 base62 characters.
func (st *store) newID(t *table) string {
	for {
		b := make([]byte, 14)
		for i := range b {
			b[i] = idAlphabet[st.rng.IntN(len(idAlphabet))]
		}
		if id := t.def.prefix + string(b); t.byID[id] == nil {
			return id
		}
	}
}

// timestamp returns the current time of the fake's clock, in the API's
// format and as the time it stands for.
func (st *store) timestamp() (string, time.Time) {
	t := st.now().UTC().Truncate(time.Second)
	return t.Format(time.RFC3339), t
}

// stripInput removes the fields a client can't set: the protected ones and
// computed relations.
func stripInput(def *resource, obj map[string]any) {
	for _, f := range protectedFields {
		delete(obj, f)
	}
	for _, f := range def.readOnly {
		delete(obj, f)
	}
	for name, rel := range def.relations {
		if rel.via != "" {
			delete(obj, name)
		}
	}
}

// knownFields returns the fields a request body may carry for def: every
// field the resource stores (those its defaults fill in on an empty object,
// its required, enum, filter and relation fields, the slug) and its params.
// The one list comes from the definition itself, so a resource cannot
// forget to declare a field it fills in.
func knownFields(def *resource) map[string]bool {
	probe := map[string]any{"id": def.prefix + "probe", "object": def.object}
	if def.slug {
		probe["slug"] = "probe"
	}
	if def.defaults != nil {
		def.defaults(probe)
	}
	known := make(map[string]bool, len(probe)+len(def.params))
	for f := range probe {
		known[f] = true
	}
	for _, list := range [][]string{def.required, def.filters, def.params} {
		for _, f := range list {
			known[f] = true
		}
	}
	for f := range def.enums {
		known[f] = true
	}
	for f := range def.relations {
		known[f] = true
	}
	return known
}

// filterInput removes from a request body every top-level field t does not
// know, as the API's parameter filtering does: an unknown field such as
// "is_admin" is neither stored nor echoed. Values of known fields (a
// metadata object, a submission's answers) are kept whole. Seeds and the
// fake's own writes are not filtered.
func filterInput(t *table, obj map[string]any) {
	for f := range obj {
		if !t.fields[f] {
			delete(obj, f)
		}
	}
}

// create stores a new object from a request body.
func (st *store) create(t *table, obj map[string]any) (*record, *apiError) {
	stripInput(t.def, obj)
	id := st.newID(t)
	st.fill(t, obj, id)
	if errs := st.validate(t, nil, obj); len(errs) > 0 {
		return nil, errValidation(errs)
	}
	ts, created := st.timestamp()
	obj["created_at"], obj["updated_at"] = ts, ts
	return st.insert(t, obj, created), nil
}

// fill sets id, object, a generated slug and the resource's defaults.
func (st *store) fill(t *table, obj map[string]any, id string) {
	def := t.def
	obj["id"] = id
	obj["object"] = def.object
	if def.slug && isBlank(obj["slug"]) {
		base := slugify(stringField(obj, def.slugFrom))
		if base == "" {
			base = strings.ToLower(id)
		}
		obj["slug"] = t.uniqueSlug(base)
	}
	if def.defaults != nil {
		def.defaults(obj)
	}
}

// uniqueSlug returns base, or base-2, base-3, ... whichever is free. It
// resumes after the suffix it handed out last for base, so it probes each
// taken suffix at most once while base stays taken.
func (t *table) uniqueSlug(base string) string {
	if t.bySlug(base) == nil {
		return base
	}
	n := max(t.slugNext[base], 2)
	for t.bySlug(base+"-"+strconv.Itoa(n)) != nil {
		n++
	}
	if t.slugNext == nil {
		t.slugNext = map[string]int{}
	}
	t.slugNext[base] = n + 1
	return base + "-" + strconv.Itoa(n)
}

func (st *store) insert(t *table, obj map[string]any, created time.Time) *record {
	st.seq++
	r := &record{seq: st.seq, created: created, obj: obj}
	t.insert(r)
	if t.def.afterWrite != nil {
		t.def.afterWrite(st, nil, obj)
	}
	st.written(t, r, nil, obj)
	return r
}

// update merges patch into the object: present keys replace, JSON null
// clears (the field stays, as null).
func (st *store) update(t *table, r *record, patch map[string]any) *apiError {
	stripInput(t.def, patch)
	obj := deepCopy(r.obj).(map[string]any)
	maps.Copy(obj, patch)
	if errs := st.validate(t, r, obj); len(errs) > 0 {
		return errValidation(errs)
	}
	st.save(t, r, obj)
	return nil
}

// save replaces the stored object of r with obj and stamps updated_at.
func (st *store) save(t *table, r *record, obj map[string]any) {
	obj["updated_at"], _ = st.timestamp()
	old := r.obj
	r.obj = obj
	t.indexSlug(r, old, obj)
	if t.def.afterWrite != nil {
		t.def.afterWrite(st, old, obj)
	}
	st.written(t, r, old, obj)
}

func (st *store) delete(t *table, r *record) {
	t.remove(r)
	if t.def.afterWrite != nil {
		t.def.afterWrite(st, r.obj, nil)
	}
	st.written(t, r, r.obj, nil)
}

// written tells the write observer (if any) about a committed write.
func (st *store) written(t *table, r *record, old, cur map[string]any) {
	if st.onWrite != nil {
		st.onWrite(t, r, old, cur)
	}
}

// validate returns the field errors of obj, the whole object as it would be
// stored; r is the stored record on update and nil on create.
func (st *store) validate(t *table, r *record, obj map[string]any) map[string][]string {
	def := t.def
	var errs map[string][]string
	for _, f := range def.required {
		if isBlank(obj[f]) {
			errs = addErr(errs, f, "can't be blank")
		}
	}
	for f, allowed := range def.enums {
		v, ok := obj[f]
		if !ok || v == nil {
			continue
		}
		if s, isStr := v.(string); !isStr || !slices.Contains(allowed, s) {
			errs = addErr(errs, f, "is not included in the list")
		}
	}
	if def.slug {
		s, _ := obj["slug"].(string)
		switch other := t.bySlug(s); {
		case strings.TrimSpace(s) == "":
			errs = addErr(errs, "slug", "can't be blank")
		case other != nil && other != r:
			errs = addErr(errs, "slug", "has already been taken")
		}
	}
	for f, rel := range def.relations {
		rt := st.tables[rel.resource]
		v, ok := obj[f]
		if rel.via != "" || rt == nil || !ok || v == nil {
			continue
		}
		ids, valid := []any{v}, true
		if rel.many {
			ids, valid = v.([]any)
		}
		if !valid {
			errs = addErr(errs, f, "is invalid")
			continue
		}
		for _, id := range ids {
			if s, isStr := id.(string); !isStr {
				errs = addErr(errs, f, "is invalid")
				break
			} else if rt.byID[s] == nil {
				errs = addErr(errs, f, "must exist")
				break
			}
		}
	}
	if def.validate != nil {
		for f, msgs := range def.validate(st, obj, r == nil) {
			for _, m := range msgs {
				errs = addErr(errs, f, m)
			}
		}
	}
	return errs
}

// list returns one page of t, newest first, following the query's limit,
// starting_after and equality filters.
func (st *store) list(t *table, q url.Values) ([]*record, bool, *apiError) {
	limit := defaultLimit
	if vs, ok := q["limit"]; ok {
		n, err := strconv.Atoi(vs[0])
		if err != nil || n < 1 || n > maxLimit {
			return nil, false, errBadRequest("parameter_invalid", "limit",
				fmt.Sprintf("Invalid limit %q: must be an integer between 1 and %d.", vs[0], maxLimit))
		}
		limit = n
	}
	i := len(t.order) - 1
	if vs, ok := q["starting_after"]; ok {
		cur := t.byID[vs[0]]
		if cur == nil {
			e := errNoSuch(t.def.object, vs[0])
			e.Status, e.Param = http.StatusBadRequest, "starting_after"
			return nil, false, e
		}
		i, _ = t.index(cur)
		i--
	}
	var page []*record
	for ; i >= 0; i-- {
		r := t.order[i]
		if !matchFilters(t.def, r.obj, q) {
			continue
		}
		if len(page) == limit {
			return page, true, nil
		}
		page = append(page, r)
	}
	return page, false, nil
}

func matchFilters(def *resource, obj map[string]any, q url.Values) bool {
	for _, f := range def.filters {
		vs, ok := q[f]
		if !ok {
			continue
		}
		if s, ok := scalarString(obj[f]); !ok || s != vs[0] {
			return false
		}
	}
	return def.listFilter == nil || def.listFilter(obj, q)
}

// scalarString returns the query-string form of a JSON scalar.
func scalarString(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case bool:
		return strconv.FormatBool(v), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case nil:
		return "null", true
	}
	return "", false
}

// parseExpand returns the set of names in the query's expand values. The API
// takes one comma-separated value; repeated values are merged.
func parseExpand(q url.Values) map[string]bool {
	var set map[string]bool
	for _, v := range q["expand"] {
		for _, name := range strings.Split(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				if set == nil {
					set = map[string]bool{}
				}
				set[name] = true
			}
		}
	}
	return set
}

// render returns the object of r in its GET shape: a deep copy, with
// computed relations filled in and the relations named in expand (and the
// embedded ones) replaced by the related objects (themselves unexpanded).
// Unknown names are ignored.
func (st *store) render(t *table, r *record, expand map[string]bool) map[string]any {
	out := deepCopy(r.obj).(map[string]any)
	for _, f := range t.def.secrets {
		delete(out, f)
	}
	id := r.obj["id"].(string)
	for name, rel := range t.def.relations {
		rt := st.tables[rel.resource]
		if rel.via != "" {
			if rel.hidden && !expand[name] {
				delete(out, name)
				continue
			}
			items := []any{}
			if rt != nil {
				for _, rr := range st.related(rt, rel, id) {
					if expand[name] || rel.embed {
						items = append(items, st.render(rt, rr, nil))
					} else {
						items = append(items, rr.obj["id"])
					}
				}
			}
			out[name] = items
			continue
		}
		if (!expand[name] && !rel.embed) || rt == nil {
			continue
		}
		expandOne := func(v any) any {
			if s, ok := v.(string); ok {
				if rr := rt.byID[s]; rr != nil {
					return st.render(rt, rr, nil)
				}
			}
			return v
		}
		if arr, ok := out[name].([]any); ok && rel.many {
			for i, v := range arr {
				arr[i] = expandOne(v)
			}
		} else if !rel.many {
			out[name] = expandOne(out[name])
		}
	}
	return out
}

// related returns the objects of rt whose field rel.via holds id, ordered
// by rel.sortBy (when set), then by creation.
func (st *store) related(rt *table, rel relation, id string) []*record {
	var out []*record
	for _, r := range rt.order {
		if v, _ := r.obj[rel.via].(string); v == id {
			out = append(out, r)
		}
	}
	if rel.sortBy != "" {
		slices.SortStableFunc(out, func(a, b *record) int {
			x, _ := a.obj[rel.sortBy].(float64)
			y, _ := b.obj[rel.sortBy].(float64)
			return cmp.Compare(x, y)
		})
	}
	return out
}

// seed stores obj as if it had been created, keeping its id, object and
// timestamps when given. Objects nested in a computed relation (a product's
// price_variants or reviews) are seeded into the related resource. The
// whole is one batch: webhook events render the object with its nested
// objects in place.
func (st *store) seed(t *table, obj map[string]any) (*record, error) {
	st.batch++
	defer func() {
		st.batch--
		if st.batch == 0 && st.onBatchEnd != nil {
			st.onBatchEnd()
		}
	}()
	return st.seedOne(t, obj)
}

func (st *store) seedOne(t *table, obj map[string]any) (*record, error) {
	def := t.def
	id, hasID := obj["id"]
	if hasID {
		s, ok := id.(string)
		if !ok || s == "" {
			return nil, fmt.Errorf("creviotest: seed %s: id must be a non-empty string", def.name)
		}
		if t.byID[s] != nil {
			return nil, fmt.Errorf("creviotest: seed %s: duplicate id %q", def.name, s)
		}
	} else {
		id = st.newID(t)
	}
	if o, ok := obj["object"]; ok && o != def.object {
		return nil, fmt.Errorf("creviotest: seed %s %v: object is %v, want %q", def.name, id, o, def.object)
	}
	if def.slug {
		if s, ok := obj["slug"].(string); ok && t.bySlug(s) != nil {
			return nil, fmt.Errorf("creviotest: seed %s %v: duplicate slug %q", def.name, id, s)
		}
	}
	nested := map[string][]map[string]any{}
	for name, rel := range def.relations {
		if rel.via == "" {
			continue
		}
		if arr, ok := obj[name].([]any); ok {
			for _, v := range arr {
				if m, ok := v.(map[string]any); ok {
					nested[rel.resource] = append(nested[rel.resource], m)
					m[rel.via] = id
				}
			}
		}
		delete(obj, name)
	}

	ts, created := st.timestamp()
	if v, ok := obj["created_at"]; ok {
		s, _ := v.(string)
		c, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return nil, fmt.Errorf("creviotest: seed %s %v: created_at %v is not an RFC 3339 time", def.name, id, v)
		}
		ts, created = s, c
	}
	setDefault(obj, "created_at", ts)
	setDefault(obj, "updated_at", obj["created_at"])
	st.fill(t, obj, id.(string))
	r := st.insert(t, obj, created)

	for _, d := range st.defs { // definition order: deterministic
		for _, m := range nested[d.name] {
			if _, err := st.seedOne(st.tables[d.name], m); err != nil {
				return r, err
			}
		}
	}
	return r, nil
}

// isBlank reports whether v is missing in the Rails sense: null, a string
// of white space, or an empty array or object.
func isBlank(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(v) == ""
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

func stringField(obj map[string]any, key string) string {
	s, _ := obj[key].(string)
	return s
}

// slugify lowercases s and joins its runs of ASCII letters and digits with
// hyphens: "My Course!" -> "my-course".
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// deepCopy copies a decoded JSON value.
func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		s := make([]any, len(v))
		for i, e := range v {
			s[i] = deepCopy(e)
		}
		return s
	}
	return v
}

// normalize turns any JSON-encodable Go value into its decoded JSON form
// (map[string]any, []any, float64, string, bool, nil).
func normalize(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	return out, json.Unmarshal(b, &out)
}

// decodeObject decodes a request body into a JSON object, unwrapping a
// single root key named after the resource's object ({"product": {...}}).
// An empty body is an empty object.
func decodeObject(body []byte, object string) (map[string]any, *apiError) {
	if len(strings.TrimSpace(string(body))) == 0 {
		return map[string]any{}, nil
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, errBadRequest("invalid_json", "", "The request body is not valid JSON: "+err.Error())
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errBadRequest("invalid_json", "", "The request body must be a JSON object.")
	}
	if len(obj) == 1 {
		if inner, ok := obj[object].(map[string]any); ok {
			return inner, nil
		}
	}
	return obj, nil
}

var errUnknownResource = errors.New("creviotest: unknown resource")
