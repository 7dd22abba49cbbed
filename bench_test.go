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
	"syscall"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/creviolabs/crevio-go"
)

// Benchmarks pair every SDK call with a baseline doing the same call by hand
// with net/http and encoding/json, against the same loopback server and
// payload, in the same run. Print the ratios with:
//
//	go test -run TestBenchRatios -benchratios .

var benchRatios = flag.Bool("benchratios", false, "print SDK/baseline benchmark ratios")

const benchKey = "sk_test_bench"

// benchProductJSON is a product of about 1 KB in the API's wire shape.
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

func benchListJSON(n, start int, hasMore bool) []byte {
	var b bytes.Buffer
	b.WriteString(`{"object":"list","data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(benchProductJSON("prod_" + strconv.Itoa(start+i)))
	}
	fmt.Fprintf(&b, `],"has_more":%t,"url":"/v1/products"}`, hasMore)
	return b.Bytes()
}

// benchServer serves fixed payloads: one product, a page of 100, and a
// 10,000-product catalogue in pages of 100 for the All walk.
func benchServer(b testing.TB) *httptest.Server {
	product := benchProductJSON("prod_1")
	page := benchListJSON(100, 0, false)
	const total = 10_000
	pages := map[string][]byte{}
	for start := 0; start < total; start += 100 {
		cursor := ""
		if start > 0 {
			cursor = "prod_" + strconv.Itoa(start-1)
		}
		pages[cursor] = benchListJSON(100, start, start+100 < total)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+benchKey {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost:
			_, _ = io.Copy(io.Discard, r.Body)
			_, _ = w.Write(product)
		case r.URL.Path == "/v1/products/prod_1":
			_, _ = w.Write(product)
		case r.URL.Path == "/v1/catalogue":
			_, _ = w.Write(pages[r.URL.Query().Get("starting_after")])
		default:
			_, _ = w.Write(page)
		}
	}))
	b.Cleanup(srv.Close)
	return srv
}

func benchClient(b testing.TB, srv *httptest.Server) *crevio.Client {
	c, err := crevio.New(benchKey, crevio.WithBaseURL(srv.URL+"/v1"))
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

// plainProduct has Product's fields with plain types: the baseline for what
// the SDK's own decoders (Expandable, Time, raw JSON) cost.
type plainProduct struct {
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
	PriceVariants []string `json:"price_variants"`
	SEO           *struct {
		Title       *string `json:"title"`
		Description *string `json:"description"`
	} `json:"seo"`
	TaxCode   *string   `json:"tax_code"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

type plainPage struct {
	Object  string         `json:"object"`
	Data    []plainProduct `json:"data"`
	HasMore bool           `json:"has_more"`
	URL     string         `json:"url"`
}

// benchPairs are the SDK side and the hand-written baseline of each
// benchmark; each side starts its own server.
var benchPairs = []struct {
	name          string
	sdk, baseline func(*testing.B)
}{
	{"Get (1 KB)", benchGetSDK, benchGetBaseline},
	{"List of 100", benchList100SDK, benchList100Baseline},
	{"Create", benchCreateSDK, benchCreateBaseline},
	{"All over 10,000", benchAll10kSDK, benchAll10kBaseline},
}

func runPair(b *testing.B, i int) {
	b.Run("sdk", benchPairs[i].sdk)
	b.Run("baseline", benchPairs[i].baseline)
}

func BenchmarkGet(b *testing.B)     { runPair(b, 0) }
func BenchmarkList100(b *testing.B) { runPair(b, 1) }
func BenchmarkCreate(b *testing.B)  { runPair(b, 2) }

// BenchmarkAll10k walks 10,000 products, 100 per page, through one
// 100-page cursor chain.
func BenchmarkAll10k(b *testing.B) { runPair(b, 3) }

func benchGetSDK(b *testing.B) {
	c := benchClient(b, benchServer(b))
	ctx := context.Background()
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		if _, err := c.Products.Get(ctx, "prod_1", nil); err != nil {
			b.Fatal(err)
		}
	}
}

func benchGetBaseline(b *testing.B) {
	srv, hc, ctx := benchServer(b), rawClient(), context.Background()
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		var p crevio.Product
		if err := rawGet(ctx, hc, srv.URL+"/v1/products/prod_1", &p); err != nil {
			b.Fatal(err)
		}
	}
}

func benchList100SDK(b *testing.B) {
	c := benchClient(b, benchServer(b))
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

func benchList100Baseline(b *testing.B) {
	srv, hc, ctx := benchServer(b), rawClient(), context.Background()
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		var page plainPage
		if err := rawGet(ctx, hc, srv.URL+"/v1/products?limit=100", &page); err != nil || len(page.Data) != 100 {
			b.Fatal(err)
		}
	}
}

var benchCreateParams = &crevio.ProductCreateParams{Name: "Go in a Weekend", Description: crevio.Ptr("A course"), Status: crevio.Ptr(crevio.ProductStatusActive)}

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

func benchAll10kSDK(b *testing.B) {
	srv := benchServer(b)
	// The SDK's product list is sent to the server's chained catalogue.
	c, err := crevio.New(benchKey, crevio.WithBaseURL(srv.URL+"/v1"), crevio.WithTransport(catalogueRewrite{rawClient().Transport}))
	if err != nil {
		b.Fatal(err)
	}
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

func benchAll10kBaseline(b *testing.B) {
	srv, hc, ctx := benchServer(b), rawClient(), context.Background()
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		n, cursor := 0, ""
		for {
			url := srv.URL + "/v1/catalogue?limit=100"
			if cursor != "" {
				url += "&starting_after=" + cursor
			}
			var page struct {
				Data    []crevio.Product `json:"data"`
				HasMore bool             `json:"has_more"`
			}
			if err := rawGet(ctx, hc, url, &page); err != nil {
				b.Fatal(err)
			}
			n += len(page.Data)
			if !page.HasMore {
				break
			}
			cursor = page.Data[len(page.Data)-1].ID
		}
		if n != 10_000 {
			b.Fatalf("walked %d", n)
		}
	}
}

// catalogueRewrite sends the SDK's product list to the benchmark server's
// chained catalogue.
type catalogueRewrite struct{ rt http.RoundTripper }

func (c catalogueRewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == "/v1/products" {
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/v1/catalogue"
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

// TestBenchRatios runs each benchmark pair in interleaved rounds (sdk,
// baseline, sdk, …) and prints the median CPU-time and wall-time ratios.
func TestBenchRatios(t *testing.T) {
	if !*benchRatios {
		t.Skip("run with -benchratios to print the SDK/baseline table")
	}
	const rounds = 5
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "benchmark\tsdk cpu µs/op\tbaseline cpu µs/op\tcpu ratio\twall ratio\tsdk allocs\tbaseline allocs\talloc diff\t\n")
	for _, p := range benchPairs {
		var sdkCPU, baseCPU, cpuRatio, wallRatio []float64
		var sdk, base testing.BenchmarkResult
		for range rounds {
			sdk, base = testing.Benchmark(p.sdk), testing.Benchmark(p.baseline)
			sc, bc := sdk.Extra["cpu-ns/op"], base.Extra["cpu-ns/op"]
			sdkCPU, baseCPU = append(sdkCPU, sc), append(baseCPU, bc)
			cpuRatio = append(cpuRatio, sc/bc)
			wallRatio = append(wallRatio, float64(sdk.NsPerOp())/float64(base.NsPerOp()))
		}
		fmt.Fprintf(w, "%s\t%.1f\t%.1f\t%.2fx\t%.2fx\t%d\t%d\t%+d\t\n", p.name, median(sdkCPU)/1e3, median(baseCPU)/1e3,
			median(cpuRatio), median(wallRatio), sdk.AllocsPerOp(), base.AllocsPerOp(), sdk.AllocsPerOp()-base.AllocsPerOp())
	}
	w.Flush()
	fmt.Printf("(median of %d interleaved rounds; %s, %s/%s, %d CPUs)\n", rounds, runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
}
