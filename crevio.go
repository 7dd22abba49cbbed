// Package crevio is a typed Go client for the Crevio API (https://api.crevio.co/v1),
// the REST API of the Crevio creator-commerce platform.
//
// Create one [Client] with your API token and share it: it is safe for
// concurrent use, retries what can be retried safely, and never logs or
// prints the token.
//
//	c, err := crevio.New(os.Getenv("CREVIO_API_KEY"))
//	if err != nil {
//		return err
//	}
//
// # Calls
//
// Every operation is a method on a resource service, and every method has
// the same shape: a context, the ids the path needs, one params pointer, and
// trailing [RequestOption] values; it returns a typed result and an error.
//
//	p, err := c.Products.Create(ctx, &crevio.ProductCreateParams{Name: "My Course"})
//	p, err = c.Products.Get(ctx, "my-course", &crevio.ProductGetParams{
//		Expand: []crevio.ProductExpand{crevio.ProductExpandReviews},
//	})
//	_, err = c.Products.Delete(ctx, p.ID, nil)
//
// Each operation has its own params type, even when the API documents no
// params for it (then nil is the usual value), so a param the API adds later
// never changes a method's signature. Nil params are allowed wherever the
// operation has no required field: a call sends no query, or an empty JSON
// object. Operations that cannot run without params (Create and the like)
// refuse nil with [ErrInvalidParam]. Missing required fields, values out of
// range and ids that could name another path are refused the same way,
// before any request is sent.
//
// Optional params are pointers (use [Ptr]). In update params, unset fields
// are left as they are, and fields the API lets you clear are [Nullable]
// (use [Null] to send JSON null).
//
// Every params struct has an Extra map for params this version does not
// model yet. In the query of a GET or DELETE, its entries are applied last
// and win over the fields: a string or fmt.Stringer is sent as it is, a
// []string once per element, anything else formatted with fmt.Sprint, and a
// nil value removes the param. In the JSON body of a POST or PATCH, its
// entries are merged into the top-level object and win over the fields; a
// nil value sends null.
//
// # Lists
//
// List returns one page. Every list params type has Limit, the page size
// (1 to 100; the API's default is 20), and StartingAfter, the id of the last
// item of the previous page; nil params ask for the first page with the
// default limit. All iterates over every item matching params, following the
// cursor for you:
//
//	for p, err := range c.Products.All(ctx, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(p.Name)
//	}
//
// All sends no request until the loop starts and fetches each page only when
// the loop needs it, so breaking out of the loop sends no further request. A
// page that fails is yielded as an error, after which the loop ends. With
// [WithPrefetch] the next page is fetched while the loop handles the current
// one.
//
// # Objects
//
// Related objects are [Expandable]: an id by default, the full object when
// you ask for it with Expand. Enums are open string types, with constants
// named <Type><Value> (such as [ProductStatusActive]): a value this version
// does not know decodes as it is and reports IsKnown() == false. Every
// object's RawJSON method returns the JSON it was decoded from: every member
// the API sent, with its value, including the ones this version does not
// model (white space and member order may differ), so fields the API adds
// are reachable before the SDK models them.
// Operations this version does not model are reachable with [Client.Do]
// and, for lists, [All].
//
// # Errors
//
// Errors from the API are [*Error] values that match the sentinels with
// errors.Is (for example [ErrNotFound] or [ErrValidation]); a 429 that could
// not be retried is a [*RateLimitError]; a redirect, which the client never
// follows, is a [*RedirectError]; a response that is not the JSON it should
// be is a [*DecodeError].
//
// The creviotest package provides an in-memory fake of the API for tests.
package crevio

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"
)

// Client is a Crevio API client. Create it with [New]; one Client is safe for
// concurrent use by many goroutines and should be shared.
type Client struct {
	// Products is the products API.
	Products *ProductsService
	// PriceVariants is the price variants API: the pricing options of products.
	PriceVariants *PriceVariantsService
	// Orders is the orders API.
	Orders *OrdersService
	// OrderItems is the order items API: the line items of orders.
	OrderItems *OrderItemsService
	// Refunds is the refunds API.
	Refunds *RefundsService
	// Customers is the customers API.
	Customers *CustomersService
	// Subscriptions is the subscriptions API.
	Subscriptions *SubscriptionsService
	// Invoices is the invoices API.
	Invoices *InvoicesService
	// Checkouts is the checkouts API: checkout sessions.
	Checkouts *CheckoutsService
	// CheckoutLinks is the checkout links API: shareable links that start a checkout.
	CheckoutLinks *CheckoutLinksService
	// Discounts is the discounts API: discount codes.
	Discounts *DiscountsService
	// Experiences is the experiences API.
	Experiences *ExperiencesService
	// BlogPosts is the blog posts API.
	BlogPosts *BlogPostsService
	// BlogCategories is the blog categories API.
	BlogCategories *BlogCategoriesService
	// LegalPages is the legal pages API: terms, privacy and refund policies.
	LegalPages *LegalPagesService
	// Reviews is the product reviews API.
	Reviews *ReviewsService
	// Files is the files API: uploads and external files.
	Files *FilesService
	// Emails is the transactional emails API.
	Emails *EmailsService
	// WebhookEndpoints is the webhook endpoints API: where Crevio sends events.
	WebhookEndpoints *WebhookEndpointsService
	// WebhookEvents is the webhook events API: the delivery history of events.
	WebhookEvents *WebhookEventsService
	// X402 is the x402 configuration API: crypto payment settings.
	X402 *X402Service
	// Account is the current account API.
	Account *AccountService
	// Me is the current user API.
	Me *MeService
	// Users is the users API: site visitors' profiles and access checks.
	Users *UsersService
	// APIKeys is the API keys API.
	APIKeys *APIKeysService
	// Forms is the forms API.
	Forms *FormsService
	// FormSubmissions is the form submissions API.
	FormSubmissions *FormSubmissionsService
	// Subscribers is the newsletter subscribers API.
	Subscribers *SubscribersService
	// EventTypes is the event types API: bookable meeting types and their slots.
	EventTypes *EventTypesService
	// Bookings is the bookings API.
	Bookings *BookingsService
	// Sites is the sites API: AI-built storefront sites.
	Sites *SitesService
	// TaskRuns is the task runs API: the runs of tasks given to Crevio's AI agent.
	TaskRuns *TaskRunsService

	common service // one allocation shared by every service
	// core sends every request. It is held behind a pointer so that fmt and
	// other reflection-based printers show an address, not the API key it
	// holds, even for a Client held by value in a caller's struct.
	core *core
}

// service is the value every resource service is a conversion of: the
// request core it sends through. Services never see the Client.
type service struct{ c *core }

// String describes the client without its credentials.
func (c Client) String() string {
	if c.core == nil {
		return "crevio.Client{}"
	}
	return fmt.Sprintf("crevio.Client{BaseURL: %q, MaxRetries: %d}", c.core.baseURL, c.core.maxRetries)
}

// Format makes every fmt verb print [Client.String], so the API key never
// reaches a log line through %v, %+v or %#v, of a *Client or a Client.
func (c Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// BaseURL returns the base URL the client sends requests to.
func (c *Client) BaseURL() string { return c.core.baseURL }

// Version is the version of this SDK. It is sent in the User-Agent header.
const Version = "0.1.0"

// DefaultBaseURL is the base URL of the production Crevio API.
const DefaultBaseURL = "https://api.crevio.co/v1"

// Defaults used by [New] when no option overrides them.
const (
	DefaultMaxRetries            = 2
	DefaultMinRetryWait          = 500 * time.Millisecond
	DefaultMaxRetryWait          = 8 * time.Second
	DefaultMaxRetryAfter         = 60 * time.Second
	DefaultTimeout               = 0 // no per-call timer: see WithTimeout
	DefaultResponseHeaderTimeout = 60 * time.Second
	DefaultReadIdleTimeout       = 30 * time.Second
	DefaultMaxResponseBytes      = 32 << 20
)

// New returns a client that authenticates with apiKey.
//
// An empty apiKey is an error. The base URL must use https unless its host is
// a loopback address (a local fake server) or [WithInsecureHTTP] is given, so
// the bearer token never travels in clear text by accident.
func New(apiKey string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(apiKey) == "" {
		return nil, fmt.Errorf("crevio: an API key is required")
	}
	if strings.ContainsAny(apiKey, "\r\n") {
		return nil, fmt.Errorf("crevio: the API key contains a line break")
	}
	cfg := config{
		baseURL:          DefaultBaseURL,
		maxRetries:       DefaultMaxRetries,
		minRetryWait:     DefaultMinRetryWait,
		maxRetryWait:     DefaultMaxRetryWait,
		maxRetryAfter:    DefaultMaxRetryAfter,
		retryAfterScale:  1,
		timeout:          DefaultTimeout,
		maxResponseBytes: DefaultMaxResponseBytes,
		readIdleTimeout:  DefaultReadIdleTimeout,
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	base, err := checkBaseURL(cfg.baseURL, cfg.insecureHTTP)
	if err != nil {
		return nil, err
	}
	if cfg.minRetryWait > cfg.maxRetryWait {
		return nil, fmt.Errorf("crevio: minimum retry wait %v exceeds maximum %v", cfg.minRetryWait, cfg.maxRetryWait)
	}
	logger := cfg.logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ua := fmt.Sprintf("crevio-go/%s %s %s/%s", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if cfg.userAgentSuffix != "" {
		ua += " " + cfg.userAgentSuffix
	}
	hc, err := httpClientFor(&cfg)
	if err != nil {
		return nil, err
	}
	core := &core{
		authHeader:       []string{"Bearer " + apiKey},
		userAgentHeader:  []string{ua},
		baseURL:          base,
		httpClient:       hc,
		logger:           logger,
		maxRetries:       cfg.maxRetries,
		minRetryWait:     cfg.minRetryWait,
		maxRetryWait:     cfg.maxRetryWait,
		maxRetryAfter:    cfg.maxRetryAfter,
		retryAfterScale:  cfg.retryAfterScale,
		timeout:          cfg.timeout,
		maxResponseBytes: cfg.maxResponseBytes,
		limits:           limiter{epoch: time.Now(), shared: !cfg.noSharedGate},
	}
	if cfg.rateLimit > 0 {
		core.limits.bucket = newBucket(cfg.rateLimit, cfg.rateBurst)
	}
	core.retry = core.newRetryClient(core.maxRetries)
	c := &Client{core: core, common: service{c: core}}
	c.Products = (*ProductsService)(&c.common)
	c.PriceVariants = (*PriceVariantsService)(&c.common)
	c.Orders = (*OrdersService)(&c.common)
	c.OrderItems = (*OrderItemsService)(&c.common)
	c.Refunds = (*RefundsService)(&c.common)
	c.Customers = (*CustomersService)(&c.common)
	c.Subscriptions = (*SubscriptionsService)(&c.common)
	c.Invoices = (*InvoicesService)(&c.common)
	c.Checkouts = (*CheckoutsService)(&c.common)
	c.CheckoutLinks = (*CheckoutLinksService)(&c.common)
	c.Discounts = (*DiscountsService)(&c.common)
	c.Experiences = (*ExperiencesService)(&c.common)
	c.BlogPosts = (*BlogPostsService)(&c.common)
	c.BlogCategories = (*BlogCategoriesService)(&c.common)
	c.LegalPages = (*LegalPagesService)(&c.common)
	c.Reviews = (*ReviewsService)(&c.common)
	c.Files = (*FilesService)(&c.common)
	c.Emails = (*EmailsService)(&c.common)
	c.WebhookEndpoints = (*WebhookEndpointsService)(&c.common)
	c.WebhookEvents = (*WebhookEventsService)(&c.common)
	c.X402 = (*X402Service)(&c.common)
	c.Account = (*AccountService)(&c.common)
	c.Me = (*MeService)(&c.common)
	c.Users = (*UsersService)(&c.common)
	c.APIKeys = (*APIKeysService)(&c.common)
	c.Forms = (*FormsService)(&c.common)
	c.FormSubmissions = (*FormSubmissionsService)(&c.common)
	c.Subscribers = (*SubscribersService)(&c.common)
	c.EventTypes = (*EventTypesService)(&c.common)
	c.Bookings = (*BookingsService)(&c.common)
	c.Sites = (*SitesService)(&c.common)
	c.TaskRuns = (*TaskRunsService)(&c.common)
	return c, nil
}

// checkBaseURL parses the base URL and refuses plain http to a remote host.
func checkBaseURL(raw string, insecureOK bool) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("crevio: invalid base URL %q", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("crevio: the base URL must not carry a query, fragment or credentials")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !insecureOK && !isLoopback(u.Hostname()) {
			return "", fmt.Errorf("crevio: refusing to send the API key over plain http to %s (use https, a loopback host, or WithInsecureHTTP)", u.Hostname())
		}
	default:
		return "", fmt.Errorf("crevio: base URL scheme must be https, got %q", u.Scheme)
	}
	if u.Path == "" || u.Path == "/" {
		// The API is versioned by path: a bare origin means its v1.
		u.Path, u.RawPath = "/v1", ""
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// httpClientFor builds the *http.Client the retry loop uses. It never uses
// the caller's client directly: the transport (the caller's, or the SDK's
// pooled one) goes through the caller's middleware, then through
// guardTransport, which bounds each attempt and hides CloseIdleConnections
// (go-retryablehttp calls it on every failed call, which would drop every
// other goroutine's warm connections). Redirects are never followed,
// whatever the caller's CheckRedirect says.
func httpClientFor(cfg *config) (*http.Client, error) {
	var out http.Client
	if cfg.httpClient != nil {
		out = *cfg.httpClient
	}
	if cfg.transport != nil {
		out.Transport = cfg.transport
	}
	if out.Transport == nil {
		out.Transport = defaultTransport()
	}
	rt := out.Transport
	for i := len(cfg.middleware) - 1; i >= 0; i-- {
		if rt = cfg.middleware[i](rt); rt == nil {
			return nil, errors.New("crevio: WithTransportMiddleware: the middleware returned a nil round tripper")
		}
	}
	out.Transport = &guardTransport{rt: rt, headerTimeout: DefaultResponseHeaderTimeout, readIdle: cfg.readIdleTimeout}
	out.CheckRedirect = refuseRedirect
	return &out, nil
}

// refuseRedirect is the http.Client's CheckRedirect: a redirect is never
// followed, so the request (its Authorization header, its body) goes to the
// configured origin only, and the 3xx answer becomes a [*RedirectError].
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// defaultTransport is a pooled transport sized for many parallel callers,
// with net/http's dial and TLS timeouts. (The waits for a response's
// headers and body are bounded by guardTransport, for any transport.)
func defaultTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 100
	t.MaxIdleConnsPerHost = 64
	t.ForceAttemptHTTP2 = true
	return t
}

// Ptr returns a pointer to v. Use it for optional params:
// &ProductListParams{Limit: crevio.Ptr(100)}.
func Ptr[T any](v T) *T { return &v }
