package crevio_test

import (
	"context"
	"fmt"
	"log"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// WithPrefetch makes All fetch the next page while the loop works on the
// current one, for full walks such as an export. It still sends one request
// per page (two customers a page here), and never more than one ahead.
func ExampleWithPrefetch() {
	srv := creviotest.NewServer()
	defer srv.Close()
	for i := range 5 {
		if _, err := srv.Seed("customers", map[string]any{
			"email": fmt.Sprintf("buyer%d@example.com", i), "customer_type": "paid", "total_spend": 4900,
		}); err != nil {
			log.Fatal(err)
		}
	}
	c := srv.Client()

	var customers int
	var revenue int64
	params := &crevio.CustomerListParams{CustomerType: crevio.Ptr(crevio.CustomerTypePaid), Limit: crevio.Ptr(2)}
	for cust, err := range c.Customers.All(context.Background(), params, crevio.WithPrefetch()) {
		if err != nil {
			log.Fatal(err)
		}
		customers++
		revenue += cust.TotalSpend
	}
	fmt.Println(customers, revenue, len(srv.Requests()))
	// Output: 5 24500 3
}
