package crevio_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/creviolabs/crevio-go"
	"github.com/creviolabs/crevio-go/creviotest"
)

// Create adds a customer; emails are unique within the account, so a second
// customer with the same address is a validation error naming the field.
func ExampleCustomersService_Create() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c := srv.Client()

	cust, err := c.Customers.Create(ctx, &crevio.CustomerCreateParams{
		Email: "jane@example.com",
		Name:  crevio.Ptr("Jane Doe"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cust.Email, *cust.Name, cust.CustomerType, cust.ConfirmedAt.IsZero())

	_, err = c.Customers.Create(ctx, &crevio.CustomerCreateParams{Email: "JANE@example.com"})
	var apiErr *crevio.Error
	if errors.As(err, &apiErr) && errors.Is(err, crevio.ErrValidation) {
		fmt.Println(apiErr.StatusCode, apiErr.Errors["email"])
	}
	// Output:
	// jane@example.com Jane Doe lead true
	// 422 [has already been taken]
}

// Get returns a customer by id, with what the API keeps about it.
func ExampleCustomersService_Get() {
	srv := creviotest.NewServer()
	defer srv.Close()
	if _, err := srv.Seed("customers", map[string]any{
		"id": "cus_jane", "email": "jane@example.com", "customer_type": "paid", "orders_count": 2, "total_spend": 9800,
	}); err != nil {
		log.Fatal(err)
	}
	c := srv.Client()

	cust, err := c.Customers.Get(context.Background(), "cus_jane", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cust.ID, cust.CustomerType, cust.OrdersCount, cust.TotalSpend)
	// Output: cus_jane paid 2 9800
}

// Update changes only the fields it sets; Null clears a field.
func ExampleCustomersService_Update() {
	srv := creviotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c := srv.Client()
	cust, err := c.Customers.Create(ctx, &crevio.CustomerCreateParams{
		Email:       "jane@example.com",
		Name:        crevio.Ptr("Jane"),
		PhoneNumber: crevio.Ptr("+1 555 0100"),
	})
	if err != nil {
		log.Fatal(err)
	}

	cust, err = c.Customers.Update(ctx, cust.ID, &crevio.CustomerUpdateParams{
		Name:        crevio.NullableValue("Jane Doe"),
		PhoneNumber: crevio.Null[string](),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cust.Email, *cust.Name, cust.PhoneNumber == nil)
	// Output: jane@example.com Jane Doe true
}

// List filters customers: by type, and by a search over email and name.
func ExampleCustomersService_List() {
	srv := creviotest.NewServer()
	defer srv.Close()
	if _, err := srv.Seed("customers",
		map[string]any{"email": "ann@example.com", "name": "Ann", "customer_type": "paid"},
		map[string]any{"email": "bo@example.org", "name": "Bo", "customer_type": "lead"},
		map[string]any{"email": "cy@example.com", "name": "Cy", "customer_type": "paid"},
	); err != nil {
		log.Fatal(err)
	}
	c := srv.Client()
	ctx := context.Background()

	paid, err := c.Customers.List(ctx, &crevio.CustomerListParams{CustomerType: crevio.Ptr(crevio.CustomerTypePaid)})
	if err != nil {
		log.Fatal(err)
	}
	for _, cust := range paid.Data {
		fmt.Println(cust.Email)
	}

	found, err := c.Customers.List(ctx, &crevio.CustomerListParams{Query: crevio.Ptr("example.org")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(found.Data), *found.Data[0].Name)
	// Output:
	// cy@example.com
	// ann@example.com
	// 1 Bo
}
