package crevio

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"weak"

	"github.com/stretchr/testify/assert"

	"github.com/stretchr/testify/require"
)

// decodeCheckers decode one input into each of these types both with
// decodeFast and with encoding/json, and compare.
var decodeCheckers = []func(t *testing.T, data []byte){
	checkDecode[Product], checkDecode[PriceVariant], checkDecode[Page[Product]], checkDecode[Page[PriceVariant]],
	checkDecode[Order], checkDecode[OrderItem], checkDecode[Checkout], checkDecode[CheckoutLink], checkDecode[Customer],
	checkDecode[Invoice], checkDecode[Discount], checkDecode[Experience], checkDecode[FormSubmission], checkDecode[Form],
	checkDecode[EventType], checkDecode[EventTypeSlots], checkDecode[Booking], checkDecode[Subscription],
	checkDecode[Refund], checkDecode[Review], checkDecode[Site], checkDecode[File], checkDecode[TaskRun],
	checkDecode[WebhookEndpoint], checkDecode[Page[WebhookEvent]], checkDecode[Event], checkDecode[Deleted],
	checkDecode[Expandable[Product]], checkDecode[[]Expandable[PriceVariant]], checkDecode[Page[map[string]any]],
	checkDecode[decodeOddTypes],
}

// decodeOddTypes has the field types the SDK's objects do not use.
type decodeOddTypes struct {
	I8    int8              `json:"i8"`
	U16   *uint16           `json:"u16"`
	F32   float32           `json:"f32"`
	Num   json.Number       `json:"num"`
	Bytes []byte            `json:"bytes"`
	Arr   [2]int            `json:"arr"`
	Any   any               `json:"any"`
	M     map[string]string `json:"m"`
	Raw   json.RawMessage   `json:"raw"`
	RawP  *json.RawMessage  `json:"raw_p"`
	TimeP *Time             `json:"time_p"`
	Plain time.Time         `json:"plain"`
	Name  string            // no tag: matched by Go name
	Skip  string            `json:"-"`
	Omit  []string          `json:"omit,omitempty"`
	Inner *decodeOddTypes   `json:"inner,omitempty"`
}

// checkDecode: when decodeFast accepts data, encoding/json accepts it too
// and decodes the same value, and every API object's RawJSON is the JSON it
// was decoded from (equal in meaning).
func checkDecode[T any](t *testing.T, data []byte) {
	t.Helper()
	var fast, slow T
	ok := decodeFast(data, &fast, nil)
	err := json.Unmarshal(data, &slow)
	if !ok {
		return
	}
	if err != nil {
		t.Fatalf("%T: decodeFast accepted what encoding/json refuses (%v): %q", fast, err, data)
	}
	if !equalIgnoringMeta(reflect.ValueOf(fast), reflect.ValueOf(slow)) {
		t.Fatalf("%T: decodeFast and encoding/json differ on %q:\n%+v\n%+v", fast, data, fast, slow)
	}
	if r, ok := any(&fast).(rawJSONer); ok {
		assertSameJSON(t, data, r.RawJSON())
	}
	if lp, ok := any(&fast).(interface{ items() []rawJSONer }); ok {
		items := listEnvelopeItems(data)
		if n := len(lp.items()); n > 0 && n != len(items) { // items of the caller's types have no RawJSON
			t.Fatalf("%T: %d items decoded, %d in the body", fast, len(lp.items()), len(items))
		}
		for i, item := range lp.items() {
			assertSameJSON(t, items[i], item.RawJSON())
		}
	}
}

// assertSameJSON fails the test (without stopping it: it may run on any
// goroutine) unless got is valid JSON equal in meaning to want: both decode
// (as encoding/json decodes into any) to the same value.
func assertSameJSON(t *testing.T, want, got []byte) {
	t.Helper()
	var w, g any
	if json.Unmarshal(want, &w) != nil {
		return // a number out of float64's range: nothing to compare
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Errorf("RawJSON %q is not JSON (%v); decoded from %q", got, err, want)
	} else if !reflect.DeepEqual(w, g) {
		t.Errorf("RawJSON %s\nis not the JSON it was decoded from: %s", got, want)
	}
}

// equalIgnoringMeta is reflect.DeepEqual that skips objectMeta fields.
func equalIgnoringMeta(a, b reflect.Value) bool {
	if a.IsValid() != b.IsValid() {
		return false
	}
	if !a.IsValid() {
		return true
	}
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Struct:
		for i := range a.NumField() {
			if a.Type().Field(i).Type == objectMetaType {
				continue
			}
			if !equalIgnoringMeta(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equalIgnoringMeta(a.Elem(), b.Elem())
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return false
		}
		fallthrough
	case reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !equalIgnoringMeta(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for _, k := range a.MapKeys() {
			if !equalIgnoringMeta(a.MapIndex(k), b.MapIndex(k)) {
				return false
			}
		}
		return true
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float() || math.IsNaN(a.Float()) && math.IsNaN(b.Float())
	}
	return a.IsZero() && b.IsZero()
}

// items gives checkDecode the items of a page of API objects.
func (p *Page[T]) items() []rawJSONer {
	var out []rawJSONer
	for i := range p.Data {
		if r, ok := any(&p.Data[i]).(rawJSONer); ok {
			out = append(out, r)
		}
	}
	return out
}

// decodeSeeds are the fixtures, the benchmark's product, and inputs that
// take each of decodeFast's ways out.
func decodeSeeds(t testing.TB) [][]byte {
	files, err := filepath.Glob("testdata/*.json")
	require.NoError(t, err)
	var seeds [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		seeds = append(seeds, b)
	}
	product, err := os.ReadFile("testdata/bench_product.json")
	require.NoError(t, err)
	page := []byte(`{"object":"list","data":[` + string(product) + `,` + string(product) + `],"has_more":true,"url":"/v1/products"}`)
	seeds = append(seeds, page)
	for _, s := range []string{
		`{"id":"p","name":"a","name":"b"}`, `{"id":"p","Name":"a"}`, `{"id":"p","n\u0061me":"a"}`, `{"id":"p","\u212aey":1}`,
		`{"id":"p","name":"\ud800"}`, "{\"id\":\"p\",\"name\":\"\xff\"}", `{"id":"p","name":"\ud83d\ude00 \u00e9\n"}`,
		`{"id":"p","reviews_count":1.5}`, `{"id":"p","reviews_count":-0}`, `{"id":"p","reviews_count":99999999999999999999}`,
		`{"id":"p","average_rating":1e400}`, `{"id":"p","average_rating":0.1000000000000000055511151231257827}`,
		`{"id":"p","name":null,"seo":null,"media_gallery":null,"reviews":[],"tax_code":null}`,
		`{"id":"p","created_at":"2025-01-15T10:30:00.000Z","updated_at":"2025-01-15T10:30:00+00:00","published_at":"2025-01-15"}`,
		`{"id":"p","available_from":1699335116,"available_until":{"x":1},"published_at":"2025-01-15T10:30:00.5+02:00"}`,
		`{"id":"p","price_variants":["a",{"id":"b","color":"blue"},null,""]}`, `{"id":"p","price_variants":[7]}`,
		`{"id":"p","seo":{"title":"t","image":"i"}}`, `{"id":"p","media_gallery":[{"id":"m","type":"image/png","url":"u"}]}`,
		`{"data":[{"id":"old"}],"DATA":[{"id":"a","x":1},{"id":"b"}]}`, `{"data":[null]}`, `{"data":null}`, `{}`, `[]`, `null`,
		`{"i8":128,"u16":-0,"f32":1e39,"num":12.5,"bytes":"AQI=","arr":[1,2],"any":{"a":[1,"x",null]},"m":{"k":"v"}}`,
		`{"raw":null,"raw_p":null,"time_p":null,"plain":"2025-01-15T10:30:00Z","Name":"n","name":"m","omit":[],"inner":{"i8":1}}`,
		` {"id" : "p" , "name" : "a" } `, `{"id":"p",}`, `{"id":"p"} x`, `{"id":"p","name":"a\tb"}`, `{"id":01}`,
		`{"id":"p","reviews_count":1e2}`, `{"id":"p","status":true}`, `{"id":"p","object":{}}`,
	} {
		seeds = append(seeds, []byte(s))
	}
	return seeds
}

func FuzzDecodeMatchesEncodingJSON(f *testing.F) {
	for _, s := range decodeSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, check := range decodeCheckers {
			check(t, data)
		}
	})
}

// TestRawJSONOfAFullyModelledObjectKeepsNothing: the documented product
// (every member modelled, price variants embedded) keeps no byte of the
// response, and its RawJSON, and its variants', is still its JSON.
func TestRawJSONOfAFullyModelledObjectKeepsNothing(t *testing.T) {
	raw := fixture(t, "bench_product.json")
	r := newRecorder(t)
	r.respond(200, raw)
	p, err := r.client().Products.Get(bg, "prod_0", nil)
	require.NoError(t, err)
	assert.Equal(t, metaRebuilt, p.state)
	assert.Nil(t, p.raw, "nothing is kept")
	require.Len(t, p.PriceVariants, 3)
	pv, ok := p.PriceVariants[1].Expanded()
	require.True(t, ok)
	assert.Equal(t, "price_0_b", p.PriceVariants[1].ID)
	assert.Equal(t, metaRebuilt, pv.state)
	assert.Nil(t, pv.raw)
	assertSameJSON(t, []byte(raw), p.RawJSON())
	var pvs struct {
		PriceVariants []json.RawMessage `json:"price_variants"`
	}
	require.NoError(t, json.Unmarshal([]byte(raw), &pvs))
	assertSameJSON(t, pvs.PriceVariants[1], pv.RawJSON())
	assert.Contains(t, string(p.RawJSON()), `"body_html":"\u003cp\u003eLearn`, "rebuilt as encoding/json writes it")
}

// TestRawJSONKeepsOnlyWhatItCannotRebuild: the members the SDK does not
// model, and those whose value a field does not hold exactly, are kept as
// received, and only they.
func TestRawJSONKeepsOnlyWhatItCannotRebuild(t *testing.T) {
	raw := `{"id":"prod_1", "name": "A", "marketing_badge": {"label": "Bestseller"},
		"created_at": "2025-01-15T10:30:00.000Z", "updated_at": "2025-01-15T10:30:00Z", "published_at": "next week",
		"slug": null, "average_rating": 4.12345678901234567, "reviews_count": 3,
		"price_variants": [{"id": "price_1", "color": "blue"}, "price_2"]}`
	var p Product
	require.True(t, decodeFast([]byte(raw), &p, nil))
	assert.Equal(t, metaRebuilt, p.state)
	assert.Equal(t, `"marketing_badge": {"label": "Bestseller"},"created_at": "2025-01-15T10:30:00.000Z",`+
		`"published_at": "next week","slug": null,"average_rating": 4.12345678901234567`, string(p.raw))
	assertSameJSON(t, []byte(raw), p.RawJSON())
	pv, _ := p.PriceVariants[0].Expanded()
	assert.Equal(t, `"color": "blue"`, string(pv.raw))
	assert.JSONEq(t, `{"id":"price_1","color":"blue"}`, string(pv.RawJSON()))
	assert.True(t, p.PublishedAt.IsZero(), "the field is lenient; the text stays in RawJSON")

	var fromCode Product
	assert.Nil(t, fromCode.RawJSON(), "an object built in code has none")
}

// TestKeptListItemsDoNotPinTheirPage: an item kept from a page holds on to
// neither the page's body nor its other items (it did: each item held its
// page, for RawJSON).
func TestKeptListItemsDoNotPinTheirPage(t *testing.T) {
	product := fixture(t, "bench_product.json")
	unknown := strings.Replace(product, `"status"`, `"marketing_badge": {"label": "New"}, "status"`, 1)
	body := []byte(`{"object":"list","data":[` + product + `,` + unknown + `],"has_more":false}`)
	body = append(make([]byte, 0, len(body)), body...)
	gone := weak.Make(&body[0])
	var page Page[Product]
	require.NoError(t, page.decodeBody(body))
	kept := page.Data[1]
	body, page = nil, Page[Product]{}
	runtime.GC()
	runtime.GC()
	assert.Nil(t, gone.Value(), "the page body is freed while an item is kept")
	assert.Equal(t, `"marketing_badge": {"label": "New"}`, string(kept.raw))
	assertSameJSON(t, []byte(unknown), kept.RawJSON())
}

// TestDecodeLeavesTheUnusualToEncodingJSON: a repeated member, one that
// matches a field only case-insensitively, an escaped name, invalid UTF-8:
// the result is encoding/json's, and each object keeps its JSON as received.
func TestDecodeLeavesTheUnusualToEncodingJSON(t *testing.T) {
	for _, body := range []string{
		`{"id":"p1","name":"a","name":"b"}`, `{"id":"p1","NAME":"b"}`, `{"id":"p1","n\u0061me":"b"}`, "{\"id\":\"p1\",\"name\":\"\xffb\"}",
	} {
		var fast, slow Product
		assert.False(t, decodeFast([]byte(body), &fast, nil), body)
		require.NoError(t, decodeObject([]byte(body), &fast))
		require.NoError(t, json.Unmarshal([]byte(body), &slow))
		slow.setRawJSON([]byte(body))
		assert.Equal(t, slow, fast, body)
		assert.Equal(t, body, string(fast.RawJSON()), "kept exactly as received")

		var page Page[Product]
		require.NoError(t, page.decodeBody([]byte(`{"data":[`+body+`]}`)))
		assert.Equal(t, body, string(page.Data[0].RawJSON()))
	}
}

// TestEveryAPIObjectHasRawJSON: objectMeta gives no RawJSON of its own (it
// cannot rebuild the object that embeds it), so every type embedding it
// declares one.
func TestEveryAPIObjectHasRawJSON(t *testing.T) {
	fset := token.NewFileSet()
	embeds, declares := map[string]bool{}, map[string]bool{}
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.TypeSpec:
				if st, ok := n.Type.(*ast.StructType); ok {
					for _, fl := range st.Fields.List {
						if id, ok := fl.Type.(*ast.Ident); ok && len(fl.Names) == 0 && id.Name == "objectMeta" {
							embeds[n.Name.Name] = true
						}
					}
				}
			case *ast.FuncDecl:
				if n.Name.Name == "RawJSON" && n.Recv != nil {
					if star, ok := n.Recv.List[0].Type.(*ast.StarExpr); ok {
						declares[star.X.(*ast.Ident).Name] = true
					}
				}
			}
			return true
		})
	}
	require.NotEmpty(t, embeds)
	for name := range embeds {
		assert.True(t, declares[name], "%s embeds objectMeta but declares no RawJSON (add it to rawjson.go)", name)
	}
}

// TestParseUTCSecondsMatchesTime: the fast path for "…T15:04:05Z" gives
// what time.Time's UnmarshalJSON gives, and leaves what it refuses to it.
func TestParseUTCSecondsMatchesTime(t *testing.T) {
	for _, s := range []string{
		"2025-01-15T10:30:00Z", "2024-02-29T23:59:59Z", "2023-02-29T00:00:00Z", "2100-02-29T00:00:00Z",
		"2000-02-29T00:00:00Z", "2025-04-31T00:00:00Z", "2025-12-31T00:00:00Z", "2025-13-01T00:00:00Z",
		"2025-00-10T00:00:00Z", "2025-01-00T00:00:00Z", "2025-01-01T24:00:00Z", "2025-01-01T00:60:00Z",
		"2025-01-01T00:00:60Z", "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
		"2025-01-01t00:00:00Z", "2025-01-01T00:00:00z", "2025-01-01T00:00:0aZ", "+025-01-01T00:00:00Z",
		"2025-01-01T00:00:00.5Z", "2025-01-01T00:00:00+01:00",
	} {
		b := []byte(`"` + s + `"`)
		var want time.Time
		wantErr := want.UnmarshalJSON(b)
		got, ok := parseUTCSeconds(b)
		if !ok {
			continue
		}
		require.NoError(t, wantErr, s)
		assert.Equal(t, want, got, s)
	}
}

// TestDecodeStringsAtEveryOffset: quotes, backslashes, control characters
// and non-ASCII bytes at every position of the eight-byte scan decode as
// encoding/json decodes them.
func TestDecodeStringsAtEveryOffset(t *testing.T) {
	for off := range 18 {
		for _, special := range []string{`\"`, `\\`, `\u00e9`, `\ud83d\ude00`, "é", "\x01", "\xff", `\/`, "\x7f"} {
			name := strings.Repeat("a", off) + special + strings.Repeat("b", off%5)
			body := []byte(`{"id":"p","name":"` + name + `","slug":"` + special + `"}`)
			checkDecode[Product](t, body)
			var p Product
			if decodeFast(body, &p, nil) {
				var want Product
				require.NoError(t, json.Unmarshal(body, &want))
				assert.Equal(t, want.Name, p.Name, "%q", body)
			}
		}
	}
}

// TestDecodeConcurrently: decoders share their plans and string caches'
// pool safely (run with -race).
func TestDecodeConcurrently(t *testing.T) {
	product := fixture(t, "bench_product.json")
	body := []byte(`{"object":"list","data":[` + product + `,` + product + `]}`)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				var page Page[Product]
				if err := page.decodeBody(body); err != nil || len(page.Data) != 2 {
					t.Errorf("decode: %v", err)
					return
				}
				var one Expandable[PriceVariant]
				if err := json.Unmarshal([]byte(`{"id":"price_1","x":1}`), &one); err != nil || one.ID != "price_1" {
					t.Errorf("expandable: %v", err)
				}
				assertSameJSON(t, []byte(product), page.Data[1].RawJSON())
			}
		})
	}
	wg.Wait()
}

// TestDeepListKeepsItemsRawJSON: a list whose items nest deeper than the
// one-pass decoder goes (but encoding/json accepts) is decoded by
// encoding/json, and each item still has its RawJSON, and a walk over the
// caller's own item type still finds its cursor.
func TestDeepListKeepsItemsRawJSON(t *testing.T) {
	deep := strings.Repeat("[", 600) + strings.Repeat("]", 600)
	body := `{"object":"list","data":[{"id":"prod_a","object":"product","x":` + deep + `},{"id":"prod_b","object":"product"}],"has_more":true}`
	var p Page[Product]
	require.NoError(t, p.decodeBody([]byte(body)))
	require.Len(t, p.Data, 2)
	assert.Contains(t, string(p.Data[0].RawJSON()), deep)
	assert.Contains(t, string(p.Data[1].RawJSON()), `"prod_b"`)
	var m Page[map[string]any]
	require.NoError(t, m.decodeBody([]byte(body)))
	assert.Equal(t, "prod_b", m.lastID)
}
