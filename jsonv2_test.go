//go:build goexperiment.jsonv2

package crevio

import (
	"encoding/json"
	jsonv2 "encoding/json/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// v2Types is every API object type, and the field types of their own.
var v2Types = []any{
	&Account{}, &APIKey{}, &BlogCategory{}, &BlogPost{}, &Booking{}, &Checkout{}, &CheckoutLink{}, &Customer{},
	&Discount{}, &Email{}, &Event{}, &EventType{}, &EventTypeSlots{}, &Experience{}, &File{}, &Form{},
	&FormSubmission{}, &Invoice{}, &LegalPage{}, &Order{}, &OrderItem{}, &PriceVariant{}, &Product{}, &Refund{},
	&Review{}, &Site{}, &Subscription{}, &TaskRun{}, &User{}, &UserAccess{}, &WebhookEndpoint{}, &WebhookEvent{},
	&X402Configuration{}, &Deleted{}, &Page[Product]{}, &Expandable[Customer]{}, &Time{}, &Nullable[string]{},
}

// TestEncodingJSONv2AcceptsEveryType: encoding/json/v2 itself (not only
// encoding/json on its engine) decodes and encodes every type: it refused
// them all while objectMeta had no JSON tag ("Go struct has no exported
// fields").
func TestEncodingJSONv2AcceptsEveryType(t *testing.T) {
	for _, v := range v2Types {
		out, err := jsonv2.Marshal(v)
		require.NoError(t, err, "%T", v)
		require.NoError(t, jsonv2.Unmarshal(out, reflect.New(reflect.TypeOf(v).Elem()).Interface()), "%T", v)
	}
}

// TestEncodingJSONv2DecodesFixturesAsV1Does: every fixture decodes into
// every type with encoding/json/v2 as with encoding/json, when both accept
// it (v2 is stricter: case-sensitive names, no duplicates).
func TestEncodingJSONv2DecodesFixturesAsV1Does(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	require.NoError(t, err)
	decoded := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, v := range v2Types {
			typ := reflect.TypeOf(v).Elem()
			v1, v2 := reflect.New(typ), reflect.New(typ)
			if json.Unmarshal(data, v1.Interface()) != nil || jsonv2.Unmarshal(data, v2.Interface()) != nil {
				continue
			}
			decoded++
			assert.True(t, equalIgnoringMeta(v1.Elem(), v2.Elem()), "%s into %v", f, typ)
		}
	}
	assert.Greater(t, decoded, 100)
}

// TestEncodingJSONv2ExpandableKeepsRawJSON: an expanded object decoded by
// encoding/json/v2 has its RawJSON, like one decoded by encoding/json.
func TestEncodingJSONv2ExpandableKeepsRawJSON(t *testing.T) {
	var v struct {
		P Expandable[Product] `json:"p"`
	}
	require.NoError(t, jsonv2.Unmarshal([]byte(`{"p":{"id":"prod_1","name":"A","x":1}}`), &v))
	p, ok := v.P.Expanded()
	require.True(t, ok)
	assert.Equal(t, "prod_1", v.P.ID)
	assert.JSONEq(t, `{"id":"prod_1","name":"A","x":1}`, string(p.RawJSON()))
}
