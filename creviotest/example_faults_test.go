package creviotest_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// Only scopes a fault to one method and path ("*" is any one segment):
// here two 503s hit the customer lookup alone, and the SDK's retries hide
// them.
func ExampleFake_Fail() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	if _, err := srv.Seed("customers", map[string]any{"id": "cus_jane", "email": "jane@example.com"}); err != nil {
		fmt.Println(err)
		return
	}
	c := srv.Client()

	srv.Fail(2, http.StatusServiceUnavailable, creviotest.Only("GET", "/customers/*"))
	if _, err := c.Products.List(ctx, nil); err != nil {
		fmt.Println(err)
		return
	}
	cust, err := c.Customers.Get(ctx, "cus_jane", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cust.Email)
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Status, cmp.Or(r.Fault, "-"))
	}
	// Output:
	// jane@example.com
	// GET /v1/products 200 -
	// GET /v1/customers/cus_jane 503 fail
	// GET /v1/customers/cus_jane 503 fail
	// GET /v1/customers/cus_jane 200 -
}

// FailAfter commits the write and then loses the answer. Without an
// idempotency key the SDK cannot know the create happened, so it does not
// retry it; with one, the retry gets the first attempt's result replayed
// and no second customer is created.
func ExampleFake_FailAfter() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c := srv.Client()

	srv.FailAfter(1, http.StatusInternalServerError)
	_, err := c.Customers.Create(ctx, &crevio.CustomerCreateParams{Email: "jane@example.com"})
	fmt.Println(errors.Is(err, crevio.ErrServer), srv.Count("customers"))

	srv.FailAfter(1, http.StatusInternalServerError)
	cust, err := c.Customers.Create(ctx, &crevio.CustomerCreateParams{Email: "bo@example.com"},
		crevio.WithIdempotencyKey("signup-bo"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cust.Email, srv.Count("customers"))
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Status, cmp.Or(r.Fault, "-"))
	}
	// Output:
	// true 1
	// bo@example.com 2
	// POST /v1/customers 500 fail_after
	// POST /v1/customers 500 fail_after
	// POST /v1/customers 200 idempotent_replay
}

// A 200 whose body is not JSON is a *crevio.DecodeError, holding the start
// of the body. It is not retried: the request may have changed state.
func ExampleFake_MalformedBody() {
	srv := creviotest.NewServer()
	defer srv.Close()
	c := srv.Client()

	srv.MalformedBody(1)
	_, err := c.Products.List(context.Background(), nil)
	var de *crevio.DecodeError
	if errors.As(err, &de) {
		fmt.Println(de.StatusCode, de.ContentType, string(de.Body))
	}
	fmt.Println(len(srv.Requests()))
	// Output:
	// 200 application/json {"id":"malformed","object":
	// 1
}

// A body cut short is a *crevio.DecodeError wrapping io.ErrUnexpectedEOF.
// A GET is simply sent again; a POST without an idempotency key is not.
func ExampleFake_TruncatedBody() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c := srv.Client()

	srv.TruncatedBody(1)
	if _, err := c.Products.List(ctx, nil); err != nil {
		fmt.Println(err)
		return
	}

	srv.TruncatedBody(1)
	_, err := c.Customers.Create(ctx, &crevio.CustomerCreateParams{Email: "jane@example.com"})
	var de *crevio.DecodeError
	fmt.Println(errors.As(err, &de), errors.Is(err, io.ErrUnexpectedEOF))
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Status, cmp.Or(r.Fault, "-"))
	}
	// Output:
	// true true
	// GET /v1/products 200 truncated_body
	// GET /v1/products 200 -
	// POST /v1/customers 200 truncated_body
}

// Latency slows the requests in its scope; a caller's deadline still ends
// the call on time, and other paths are not slowed.
func ExampleFake_Latency() {
	srv := creviotest.NewServer()
	defer srv.Close()
	c := srv.Client()

	srv.Latency(time.Hour, creviotest.Only("GET", "/products"))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := c.Products.List(ctx, nil)
	fmt.Println(errors.Is(err, context.DeadlineExceeded))

	_, err = c.Customers.List(context.Background(), nil)
	fmt.Println(err)
	// Output:
	// true
	// <nil>
}

// A connection closed without an answer: the SDK retries a GET, but not a
// POST without an idempotency key (nothing was created here, but the
// client cannot know that).
func ExampleFake_DropConnection() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c := srv.Client()

	srv.DropConnection(1)
	if _, err := c.Products.List(ctx, nil); err != nil {
		fmt.Println(err)
		return
	}

	srv.DropConnection(1)
	_, err := c.Customers.Create(ctx, &crevio.CustomerCreateParams{Email: "jane@example.com"})
	fmt.Println(err != nil, srv.Count("customers"))
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, cmp.Or(r.Fault, "-"))
	}
	// Output:
	// true 0
	// GET /v1/products drop_connection
	// GET /v1/products -
	// POST /v1/customers drop_connection
}

// A proxy's HTML error page (502 by default) is still a *crevio.Error with
// the status, matching ErrServer, once the retries are used up.
func ExampleFake_HTMLError() {
	srv := creviotest.NewServer()
	defer srv.Close()
	c := srv.Client(crevio.WithMaxRetries(1))

	srv.HTMLError(2, 0)
	_, err := c.Products.List(context.Background(), nil)
	var apiErr *crevio.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, errors.Is(err, crevio.ErrServer))
	}
	fmt.Println(len(srv.Requests()))
	// Output:
	// 502 true
	// 2
}
