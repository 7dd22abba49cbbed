package crevio

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCustomersWire(t *testing.T) {
	customer := fixture(t, "customer.json")
	list := fixture(t, "customers_list.json")
	checkWire(t, []wireCase{
		{
			name:   "list with no params",
			call:   func(c *Client) error { _, err := c.Customers.List(bg, nil); return err },
			method: "GET", path: "/customers", respond: list,
		},
		{
			name: "list with every filter",
			call: func(c *Client) error {
				_, err := c.Customers.List(bg, &CustomerListParams{
					CustomerType: Ptr(CustomerTypeLead), Query: Ptr("jane doe"), Limit: Ptr(50),
					StartingAfter: Ptr("cus_9"), Extra: map[string]any{"tag": "vip"},
				})
				return err
			},
			method: "GET", path: "/customers",
			query:   "customer_type=lead&limit=50&query=jane+doe&starting_after=cus_9&tag=vip",
			respond: list,
		},
		{
			name:   "get",
			call:   func(c *Client) error { _, err := c.Customers.Get(bg, "cus_abc123", nil); return err },
			method: "GET", path: "/customers/cus_abc123", respond: customer,
		},
		{
			name:   "get escapes the id",
			call:   func(c *Client) error { _, err := c.Customers.Get(bg, "cus a?b#c", nil); return err },
			method: "GET", path: "/customers/cus%20a%3Fb%23c", respond: customer,
		},
		{
			name: "create with every field",
			call: func(c *Client) error {
				_, err := c.Customers.Create(bg, &CustomerCreateParams{
					Email: "jane@example.com", Name: Ptr("Jane Doe"), FirstName: Ptr("Jane"), LastName: Ptr("Doe"),
					PhoneNumber: Ptr("+15555550123"), CustomerType: Ptr(CustomerTypeFree),
					Extra: map[string]any{"tags": []string{"vip"}},
				})
				return err
			},
			method: "POST", path: "/customers",
			body:    `{"email":"jane@example.com","name":"Jane Doe","first_name":"Jane","last_name":"Doe","phone_number":"+15555550123","customer_type":"free","tags":["vip"]}`,
			respond: customer,
		},
		{
			name: "create with only the email",
			call: func(c *Client) error {
				_, err := c.Customers.Create(bg, &CustomerCreateParams{Email: "a@b.co"})
				return err
			},
			method: "POST", path: "/customers", body: `{"email":"a@b.co"}`, respond: customer,
		},
		{
			name: "update sets and clears",
			call: func(c *Client) error {
				_, err := c.Customers.Update(bg, "cus_abc123", &CustomerUpdateParams{
					Email: Ptr("new@example.com"), Name: NullableValue("Jane D."), FirstName: Null[string](),
					LastName: NullableValue("D."), PhoneNumber: Null[string](), CustomerType: Ptr(CustomerTypePaid),
					Extra: map[string]any{"note": nil},
				})
				return err
			},
			method: "PATCH", path: "/customers/cus_abc123",
			body:    `{"email":"new@example.com","name":"Jane D.","first_name":null,"last_name":"D.","phone_number":null,"customer_type":"paid","note":null}`,
			respond: customer,
		},
		{
			name:   "update with nil params sends an empty object",
			call:   func(c *Client) error { _, err := c.Customers.Update(bg, "cus_1", nil); return err },
			method: "PATCH", path: "/customers/cus_1", body: `{}`, respond: customer,
		},
		{
			name: "all follows the cursor",
			call: func(c *Client) error {
				for _, err := range c.Customers.All(bg, &CustomerListParams{Query: Ptr("x")}) {
					return err // first item only: one request
				}
				return nil
			},
			method: "GET", path: "/customers", query: "query=x", respond: list,
		},
	})
}

func TestCustomersRejectBadInputBeforeIO(t *testing.T) {
	r := newRecorder(t)
	c := r.client()
	_, err := c.Customers.Create(bg, nil)
	assert.ErrorIs(t, err, ErrInvalidParam)
	_, err = c.Customers.Create(bg, &CustomerCreateParams{Name: Ptr("no email")})
	assert.ErrorIs(t, err, ErrInvalidParam)
	assert.ErrorContains(t, err, "Email is required")
	assert.Empty(t, r.requests(), "invalid input must not reach the network")
}

func TestCustomerDecode(t *testing.T) {
	raw := fixture(t, "customer.json")
	r := newRecorder(t)
	r.respond(200, raw, "X-Request-Id", "req_cus")
	var resp *http.Response
	cu, err := r.client().Customers.Get(bg, "cus_abc123", nil, WithResponse(&resp))
	require.NoError(t, err)

	assert.Equal(t, "cus_abc123", cu.ID)
	assert.Equal(t, "customer", cu.Object)
	assert.Equal(t, "jane@example.com", cu.Email)
	assert.Equal(t, "Jane Doe", *cu.Name)
	assert.Equal(t, "Jane", *cu.FirstName)
	assert.Equal(t, "Doe", *cu.LastName)
	assert.Equal(t, "+15555550123", *cu.PhoneNumber)
	assert.Equal(t, CustomerTypePaid, cu.CustomerType)
	assert.True(t, cu.CustomerType.IsKnown())
	assert.Equal(t, time.Date(2025, 2, 1, 9, 0, 0, 0, time.UTC), cu.ConfirmedAt.UTC())
	assert.Equal(t, 3, cu.OrdersCount)
	assert.Equal(t, int64(14700), cu.TotalSpend)
	assert.Equal(t, []CustomerTag{{ID: "tag_1", Name: "vip"}, {ID: "tag_2", Name: "beta"}}, cu.Tags)
	assert.Equal(t, time.Date(2025, 1, 15, 10, 30, 0, 0, time.UTC), cu.CreatedAt.UTC())
	assert.Equal(t, time.Date(2025, 2, 1, 9, 0, 0, 0, time.UTC), cu.UpdatedAt.UTC())
	assert.JSONEq(t, raw, string(cu.RawJSON()))
	var unknown struct {
		MarketingConsent bool `json:"marketing_consent"`
	}
	require.NoError(t, json.Unmarshal(cu.RawJSON(), &unknown))
	assert.True(t, unknown.MarketingConsent, "fields the SDK does not model stay reachable")
	assert.Equal(t, "req_cus", RequestID(resp))
}

func TestCustomerListDecode(t *testing.T) {
	r := newRecorder(t)
	r.respond(200, fixture(t, "customers_list.json"), "X-Request-Id", "req_list")
	page, err := r.client().Customers.List(bg, nil)
	require.NoError(t, err)
	assert.Equal(t, "list", page.Object)
	assert.True(t, page.HasMore)
	assert.Equal(t, "/v1/customers", page.URL)
	assert.Equal(t, "req_list", page.RequestID)
	require.Len(t, page.Data, 2)

	lead := page.Data[0]
	assert.Equal(t, "cus_b", lead.ID)
	assert.Equal(t, CustomerType("customer"), lead.CustomerType, "unknown enum values decode as they are")
	assert.False(t, lead.CustomerType.IsKnown())
	assert.Nil(t, lead.Name)
	assert.Nil(t, lead.PhoneNumber)
	assert.True(t, lead.ConfirmedAt.IsZero(), "null confirmed_at is the zero time")
	assert.Empty(t, lead.Tags)
	var extra struct{ Source string }
	require.NoError(t, json.Unmarshal(lead.RawJSON(), &extra))
	assert.Equal(t, "popup", extra.Source, "each item keeps its own JSON")

	assert.Equal(t, "cus_a", page.Data[1].ID)
	assert.Equal(t, "Jane Doe", *page.Data[1].Name)
	assert.Nil(t, page.Data[1].FirstName, "an absent field is nil")
	assert.False(t, page.Data[1].ConfirmedAt.IsZero())
}

func TestCustomerTypeIsKnown(t *testing.T) {
	for _, ct := range []CustomerType{CustomerTypeLead, CustomerTypeFree, CustomerTypePaid} {
		assert.True(t, ct.IsKnown(), ct)
	}
	for _, ct := range []CustomerType{"", "customer", "LEAD"} {
		assert.False(t, ct.IsKnown(), ct)
	}
}
