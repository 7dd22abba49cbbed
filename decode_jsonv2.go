//go:build goexperiment.jsonv2

package crevio

import (
	jsonv2 "encoding/json/v2"
	"reflect"
)

// With GOEXPERIMENT=jsonv2, encoding/json also calls the methods of
// encoding/json/v2: a type with one of them is decoded by encoding/json
// (see decode.go).
func init() {
	customMethodIfaces = append(customMethodIfaces,
		reflect.TypeFor[jsonv2.UnmarshalerFrom](), reflect.TypeFor[jsonv2.MarshalerTo]())
}
