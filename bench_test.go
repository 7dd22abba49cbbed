package crevio_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/creviolabs/crevio-go"
)

// Benchmarks put every SDK call beside two hand-written ones doing the same
// call with net/http and encoding/json, against the same loopback server
// and payload, in the same run:
//
//   - via=sdk: the SDK's call;
//   - via=typed: by hand, decoding into the SDK's own types (crevio.Product);
//   - via=plain: by hand, decoding into plain structs with the same fields
//     (strings, pointers, time.Time, slices: no Expandable, no crevio.Time,
//     no RawJSON).
//
// Two payload shapes (shape=…): "doc" is the product the API reference
// documents, about 3 KB, with its three price variants embedded as full
// objects (testdata/bench_product.json); "ids" is a 1 KB product whose
// price variants are ids. Compare the columns with benchstat:
//
//	go test -run '^$' -bench 'Get$|List100$|All10k$' -count 6 . > bench.txt
//	benchstat -col /via bench.txt
//
// or print a quick table of ratios with
//
//	go test -run TestBenchRatios -benchratios .

var benchRatios = flag.Bool("benchratios", false, "print SDK/baseline benchmark ratios")

const benchKey = "sk_test_bench"

// benchProductJSON is a product of about 1 KB in the API's wire shape, its
// price variants as ids (shape "ids").
func benchProductJSON(id string) []byte {
	return fmt.Appendf(nil, `{"id":%q,"object":"product","name":"Go in a Weekend","slug":"go-in-a-weekend-%s",`+
		`"status":"active","description":"A hands-on course that takes you from zero to shipping a small web service in Go.",`+
		`"body_html":"<p>Learn <b>Go</b> by building: modules, testing, HTTP servers, JSON, concurrency and deployment.</p>",`+
		`"button_cta":"Buy now","url":"https://store.crevio.co/go-in-a-weekend","available_from":"2025-01-01T00:00:00Z",`+
		`"available_until":null,"published_at":"2025-01-15T10:30:00Z","reviews_count":12,"average_rating":4.75,`+
		`"media_gallery":[{"id":"media_1","type":"image/png","url":"https://cdn.crevio.co/cover.png"},`+
		`{"id":"media_2","type":"external/youtube","url":"https://youtu.be/xyz"}],`+
		`"price_variants":["price_one","price_two","price_three"],"seo":{"title":"Go in a Weekend | Crevio",`+
		`"description":"Learn Go in two days."},"tax_code":"txcd_10000000","created_at":"2025-01-15T10:30:00Z",`+
		`"updated_at":"2025-01-16T08:00:00Z"}`, id, id)
}

var docTemplate = sync.OnceValue(func() string {
	raw, err := os.ReadFile("testdata/bench_product.json")
	if err != nil {
		panic(err)
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		panic(err)
	}
	return b.String()
})

// docProductJSON is the documented product (shape "doc"), compact, with the
// ids of product n: prod_n, price_n_a, ….
func docProductJSON(n int) []byte {
	s := strings.ReplaceAll(docTemplate(), "_0", "_"+strconv.Itoa(n))
	return []byte(strings.ReplaceAll(s, "weekend-0", "weekend-"+strconv.Itoa(n)))
}

// benchShape is one payload shape.
type benchShape struct {
	name    string
	product func(n int) []byte
}

var benchShapes = []benchShape{
	{"doc", docProductJSON},
	{"ids", func(n int) []byte { return benchProductJSON("prod_" + strconv.Itoa(n)) }},
}

func benchListJSON(shape benchShape, n, start int, hasMore bool) []byte {
	var b bytes.Buffer
	b.WriteString(`{"object":"list","data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(shape.product(start + i))
	}
	fmt.Fprintf(&b, `],"has_more":%t,"url":"/v1/products"}`, hasMore)
	return b.Bytes()
}

// benchPayloads are one shape's fixed answers: one product, a page of 100,
// and a 10,000-product catalogue in pages of 100 for the walk.
type benchPayloads struct {
	product, page []byte
	pages         map[string][]byte // by starting_after
}

var payloads = sync.OnceValue(func() map[string]*benchPayloads {
	m := map[string]*benchPayloads{}
	for _, s := range benchShapes {
		p := &benchPayloads{product: s.product(1), page: benchListJSON(s, 100, 0, false), pages: map[string][]byte{}}
		for start := 0; start < 10_000; start += 100 {
			cursor := ""
			if start > 0 {
				cursor = "prod_" + strconv.Itoa(start-1)
			}
			p.pages[cursor] = benchListJSON(s, 100, start, start+100 < 10_000)
		}
		m[s.name] = p
	}
	return m
})

// benchServer serves every shape under /<shape>/v1 (the "ids" shape also
// under /v1): GET /products/prod_1, a page of 100 on GET /products, the
// catalogue on GET /catalogue, and the product on POST.
func benchServer(b testing.TB) *httptest.Server {
	all := payloads()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+benchKey {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		shape, path := "ids", r.URL.Path
		if s, rest, ok := strings.Cut(strings.TrimPrefix(path, "/"), "/"); ok && all[s] != nil {
			shape, path = s, "/"+rest
		}
		p := all[shape]
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost:
			_, _ = io.Copy(io.Discard, r.Body)
			_, _ = w.Write(p.product)
		case path == "/v1/products/prod_1":
			_, _ = w.Write(p.product)
		case path == "/v1/catalogue":
			_, _ = w.Write(p.pages[r.URL.Query().Get("starting_after")])
		default:
			_, _ = w.Write(p.page)
		}
	}))
	b.Cleanup(srv.Close)
	return srv
}

func benchClient(b testing.TB, srv *httptest.Server) *crevio.Client {
	return benchShapeClient(b, srv, "ids")
}

// benchShapeClient is a client of one shape's API; its product list is sent
// to the shape's 10,000-product catalogue.
func benchShapeClient(b testing.TB, srv *httptest.Server, shape string) *crevio.Client {
	c, err := crevio.New(benchKey, crevio.WithBaseURL(srv.URL+"/"+shape+"/v1"),
		crevio.WithTransport(catalogueRewrite{rawClient().Transport}))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// rawClient is the hand-written baseline: a transport tuned like the SDK's.
func rawClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 100, 64
	return &http.Client{Transport: t}
}

func rawGet(ctx context.Context, hc *http.Client, url string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+benchKey)
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.Unmarshal(body, out)
}

// plainProduct has Product's fields with plain types; its price variants
// are ids (shape "ids").
type plainProduct = plainProductOf[string]

// plainDocProduct is the documented product in plain types, its price
// variants full objects (shape "doc").
type plainDocProduct = plainProductOf[plainPriceVariant]

type plainProductOf[V any] struct {
	ID             string     `json:"id"`
	Object         string     `json:"object"`
	Name           string     `json:"name"`
	Slug           string     `json:"slug"`
	Status         string     `json:"status"`
	Description    *string    `json:"description"`
	BodyHTML       *string    `json:"body_html"`
	ButtonCTA      *string    `json:"button_cta"`
	URL            *string    `json:"url"`
	AvailableFrom  *time.Time `json:"available_from"`
	AvailableUntil *time.Time `json:"available_until"`
	PublishedAt    *time.Time `json:"published_at"`
	ReviewsCount   int        `json:"reviews_count"`
	AverageRating  *float64   `json:"average_rating"`
	MediaGallery   []struct {
		ID   string `json:"id"`
		Type string `json:"type"`
		URL  string `json:"url"`
	} `json:"media_gallery"`
	PriceVariants []V `json:"price_variants"`
	SEO           *struct {
		Title       *string `json:"title"`
		Description *string `json:"description"`
	} `json:"seo"`
	TaxCode   *string   `json:"tax_code"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// plainPriceVariant has PriceVariant's fields with plain types.
type plainPriceVariant struct {
	ID                   string    `json:"id"`
	Object               string    `json:"object"`
	Name                 string    `json:"name"`
	Product              string    `json:"product"`
	Amount               *int64    `json:"amount"`
	Currency             *string   `json:"currency"`
	AmountType           string    `json:"amount_type"`
	BillingType          string    `json:"billing_type"`
	RecurringInterval    *string   `json:"recurring_interval"`
	IntervalCount        *int      `json:"interval_count"`
	InstallmentCount     *int      `json:"installment_count"`
	SetupFeeAmount       *int64    `json:"setup_fee_amount"`
	TrialPeriodDays      *int      `json:"trial_period_days"`
	RevokeAfterDays      *int      `json:"revoke_after_days"`
	QuantityAvailable    *int      `json:"quantity_available"`
	DiscountedFromAmount *int64    `json:"discounted_from_amount"`
	MinimumAmount        *int64    `json:"minimum_amount"`
	MaximumAmount        *int64    `json:"maximum_amount"`
	PresetAmount         *int64    `json:"preset_amount"`
	Archived             bool      `json:"archived"`
	Position             int       `json:"position"`
	Hidden               bool      `json:"hidden"`
	Waitlist             bool      `json:"waitlist"`
	PurchaseURL          *string   `json:"purchase_url"`
	Benefits             []string  `json:"benefits"`
	CreatedAt            time.Time `json:"created_at"`
	UpdatedAt            time.Time `json:"updated_at"`
}

// pageOf is a hand-written list page.
type pageOf[T any] struct {
	Object  string `json:"object"`
	Data    []T    `json:"data"`
	HasMore bool   `json:"has_more"`
	URL     string `json:"url"`
}

// benchCalls are the calls measured, each by the SDK and by hand into the
// SDK's types and into plain structs, for each shape.
var benchCalls = []struct {
	name string
	sdk  func(b *testing.B, shape string)
	hand func(b *testing.B, shape string, plain bool)
}{
	{"Get", benchGetSDK, benchGetHand},
	{"List100", benchList100SDK, benchList100Hand},
	{"All10k", benchAll10kSDK, benchAll10kHand},
}

func runCall(b *testing.B, i int) {
	for _, s := range benchShapes {
		c := benchCalls[i]
		b.Run("shape="+s.name+"/via=sdk", func(b *testing.B) { c.sdk(b, s.name) })
		b.Run("shape="+s.name+"/via=typed", func(b *testing.B) { c.hand(b, s.name, false) })
		b.Run("shape="+s.name+"/via=plain", func(b *testing.B) { c.hand(b, s.name, true) })
	}
}

// BenchmarkGet gets one product.
func BenchmarkGet(b *testing.B) { runCall(b, 0) }

// BenchmarkList100 lists a page of 100 products.
func BenchmarkList100(b *testing.B) { runCall(b, 1) }

// BenchmarkAll10k walks 10,000 products, 100 per page, through one
// 100-page cursor chain.
func BenchmarkAll10k(b *testing.B) { runCall(b, 2) }

func benchGetSDK(b *testing.B, shape string) {
	c := benchShapeClient(b, benchServer(b), shape)
	ctx := context.Background()
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		if _, err := c.Products.Get(ctx, "prod_1", nil); err != nil {
			b.Fatal(err)
		}
	}
}

func benchGetHand(b *testing.B, shape string, plain bool) {
	srv, hc, ctx := benchServer(b), rawClient(), context.Background()
	url := srv.URL + "/" + shape + "/v1/products/prod_1"
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		var err error
		switch {
		case !plain:
			var p crevio.Product
			err = rawGet(ctx, hc, url, &p)
		case shape == "doc":
			var p plainDocProduct
			err = rawGet(ctx, hc, url, &p)
		default:
			var p plainProduct
			err = rawGet(ctx, hc, url, &p)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

func benchList100SDK(b *testing.B, shape string) {
	c := benchShapeClient(b, benchServer(b), shape)
	ctx := context.Background()
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		page, err := c.Products.List(ctx, &crevio.ProductListParams{Limit: crevio.Ptr(100)})
		if err != nil || len(page.Data) != 100 {
			b.Fatal(err)
		}
	}
}

func benchList100Hand(b *testing.B, shape string, plain bool) {
	srv, hc, ctx := benchServer(b), rawClient(), context.Background()
	url := srv.URL + "/" + shape + "/v1/catalogue?limit=100" // where the SDK's list goes
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		n, err := 0, error(nil)
		switch {
		case !plain:
			var page pageOf[crevio.Product]
			err, n = rawGet(ctx, hc, url, &page), len(page.Data)
		case shape == "doc":
			var page pageOf[plainDocProduct]
			err, n = rawGet(ctx, hc, url, &page), len(page.Data)
		default:
			var page pageOf[plainProduct]
			err, n = rawGet(ctx, hc, url, &page), len(page.Data)
		}
		if err != nil || n != 100 {
			b.Fatal(err)
		}
	}
}

var benchCreateParams = &crevio.ProductCreateParams{Name: "Go in a Weekend", Description: crevio.Ptr("A course"), Status: crevio.Ptr(crevio.ProductStatusActive)}

// BenchmarkCreate creates a product (shape "ids"): the SDK, and by hand into
// the SDK's types.
func BenchmarkCreate(b *testing.B) {
	b.Run("via=sdk", benchCreateSDK)
	b.Run("via=typed", benchCreateBaseline)
}

func benchCreateSDK(b *testing.B) {
	c := benchClient(b, benchServer(b))
	ctx := context.Background()
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		if _, err := c.Products.Create(ctx, benchCreateParams); err != nil {
			b.Fatal(err)
		}
	}
}

func benchCreateBaseline(b *testing.B) {
	srv, hc, ctx := benchServer(b), rawClient(), context.Background()
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		body, err := json.Marshal(benchCreateParams)
		if err != nil {
			b.Fatal(err)
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/v1/products", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+benchKey)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		var p crevio.Product
		if err != nil || json.Unmarshal(data, &p) != nil {
			b.Fatal("decode")
		}
	}
}

func benchAll10kSDK(b *testing.B, shape string) {
	c := benchShapeClient(b, benchServer(b), shape)
	ctx := context.Background()
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		n := 0
		for _, err := range c.Products.All(ctx, &crevio.ProductListParams{Limit: crevio.Ptr(100)}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 10_000 {
			b.Fatalf("walked %d", n)
		}
	}
}

func benchAll10kHand(b *testing.B, shape string, plain bool) {
	srv, hc, ctx := benchServer(b), rawClient(), context.Background()
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		n, cursor := 0, ""
		for {
			url := srv.URL + "/" + shape + "/v1/catalogue?limit=100"
			if cursor != "" {
				url += "&starting_after=" + cursor
			}
			var got int
			var more bool
			var err error
			switch {
			case !plain:
				var page pageOf[crevio.Product]
				err = rawGet(ctx, hc, url, &page)
				if got, more = len(page.Data), page.HasMore; got > 0 {
					cursor = page.Data[got-1].ID
				}
			case shape == "doc":
				var page pageOf[plainDocProduct]
				err = rawGet(ctx, hc, url, &page)
				if got, more = len(page.Data), page.HasMore; got > 0 {
					cursor = page.Data[got-1].ID
				}
			default:
				var page pageOf[plainProduct]
				err = rawGet(ctx, hc, url, &page)
				if got, more = len(page.Data), page.HasMore; got > 0 {
					cursor = page.Data[got-1].ID
				}
			}
			if err != nil {
				b.Fatal(err)
			}
			n += got
			if !more {
				break
			}
		}
		if n != 10_000 {
			b.Fatalf("walked %d", n)
		}
	}
}

// catalogueRewrite sends the SDK's product list to the benchmark server's
// chained catalogue, keeping the shape's prefix: its first page is the page
// of 100 of BenchmarkList100.
type catalogueRewrite struct{ rt http.RoundTripper }

func (c catalogueRewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/v1/products") && r.Method == http.MethodGet {
		r2 := r.Clone(r.Context())
		r2.URL.Path = strings.TrimSuffix(r.URL.Path, "/products") + "/catalogue"
		return c.rt.RoundTrip(r2)
	}
	return c.rt.RoundTrip(r)
}

// cpuTime returns the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per operation (client and loopback server
// together, both sides alike) when the returned function runs.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

// TestBenchRatios runs each call in interleaved rounds (sdk, typed, plain,
// sdk, …) and prints the median CPU-time ratios of the SDK to each
// hand-written call.
func TestBenchRatios(t *testing.T) {
	if !*benchRatios {
		t.Skip("run with -benchratios to print the SDK/baseline table")
	}
	const rounds = 5
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "call\tshape\tsdk cpu µs/op\ttyped cpu µs/op\tplain cpu µs/op\tsdk÷typed\tsdk÷plain\tsdk allocs\ttyped allocs\tplain allocs\t\n")
	for _, c := range benchCalls {
		for _, s := range benchShapes {
			var cpu [3][]float64
			var vsTyped, vsPlain []float64
			var res [3]testing.BenchmarkResult
			for range rounds {
				res[0] = testing.Benchmark(func(b *testing.B) { c.sdk(b, s.name) })
				res[1] = testing.Benchmark(func(b *testing.B) { c.hand(b, s.name, false) })
				res[2] = testing.Benchmark(func(b *testing.B) { c.hand(b, s.name, true) })
				for i := range res {
					cpu[i] = append(cpu[i], res[i].Extra["cpu-ns/op"])
				}
				vsTyped = append(vsTyped, cpu[0][len(cpu[0])-1]/cpu[1][len(cpu[1])-1])
				vsPlain = append(vsPlain, cpu[0][len(cpu[0])-1]/cpu[2][len(cpu[2])-1])
			}
			fmt.Fprintf(w, "%s\t%s\t%.1f\t%.1f\t%.1f\t%.2fx\t%.2fx\t%d\t%d\t%d\t\n", c.name, s.name,
				median(cpu[0])/1e3, median(cpu[1])/1e3, median(cpu[2])/1e3, median(vsTyped), median(vsPlain),
				res[0].AllocsPerOp(), res[1].AllocsPerOp(), res[2].AllocsPerOp())
		}
	}
	w.Flush()
	fmt.Printf("(median of %d interleaved rounds; %s, %s/%s, %d CPUs)\n", rounds, runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
}
