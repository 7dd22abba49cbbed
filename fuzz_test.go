package crevio

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Fuzz targets for every decoder that reads what a server sends. .ci/run
// runs each for a fixed time; findings become regression tests (the seeds
// below include every input that once failed).

func FuzzErrorBody(f *testing.F) {
	for _, seed := range []string{
		`{"error":{"type":"validation_error","code":"validation_failed","message":"m","param":"p","errors":{"a":["b"]}}}`,
		`{"error":"Authentication required","details":["x"]}`,
		`{"message":"plain","details":null}`,
		`<html><body>502</body></html>`,
		``, `null`, `{}`, `{"error":null}`, `{"error":{"errors":{"a":"not a list"}}}`, `{"error":[1,2]}`,
		"\x00\xff", `{"error":{"message":` + strings.Repeat("9", 400) + `}}`,
	} {
		f.Add(429, "application/json", []byte(seed))
		f.Add(502, "text/html", []byte(seed))
	}
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		if status < 300 || status > 999 {
			status = 500
		}
		resp := &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {contentType}, "Retry-After": {"3"}}}
		err := errorFromResponse(resp, body)
		if err == nil || err.Error() == "" {
			t.Fatal("no error for an error status")
		}
		var apiErr *Error
		switch e := err.(type) {
		case *RedirectError:
			// A 3xx is never followed: it names its status and nothing else.
			if status < 300 || status > 399 || e.StatusCode != status {
				t.Fatalf("RedirectError %+v for status %d", e, status)
			}
			return
		case *Error:
			apiErr = e
		case *RateLimitError:
			apiErr = e.Err
			if status != http.StatusTooManyRequests {
				t.Fatalf("RateLimitError for status %d", status)
			}
		default:
			t.Fatalf("unexpected type %T", err)
		}
		if apiErr.StatusCode != status || len(apiErr.Body) > maxErrorBody || !bytes.HasPrefix(body, apiErr.Body) {
			t.Fatalf("bad error %+v", apiErr)
		}
	})
}

func FuzzExpandable(f *testing.F) {
	for _, seed := range []string{`"prod_1"`, `{"id":"prod_1","name":"x"}`, `null`, `42`, `[]`, `{"id":7}`, `"`, `{`, `""`, `{"id":"a","reviews":[{"id":"r"}]}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var e Expandable[Product]
		if err := json.Unmarshal(data, &e); err != nil {
			return
		}
		if obj, ok := e.Expanded(); ok {
			if obj.ID != e.ID {
				t.Fatalf("expanded object id %q != ID %q", obj.ID, e.ID)
			}
			if !json.Valid(obj.RawJSON()) {
				t.Fatalf("raw JSON of the object is not JSON: %q", obj.RawJSON())
			}
		}
		// What decodes must encode and decode to the same id.
		out, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var back Expandable[Product]
		if err := json.Unmarshal(out, &back); err != nil || back.ID != e.ID {
			t.Fatalf("round trip: %v, %q != %q", err, back.ID, e.ID)
		}
	})
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, seed := range []string{"0", "1", "120", "-1", "", "1.5", "Sat, 21 Nov 2026 12:00:30 GMT", "Saturday, 21-Nov-26 12:01:00 GMT",
		"Sat Nov 21 12:00:30 2026", "99999999999999999999", "9223372036854775807", " 7 "} {
		f.Add(seed)
	}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		d, ok := parseRetryAfter(v, now)
		if d < 0 {
			t.Fatalf("negative wait %v for %q", d, v)
		}
		if !ok && d != 0 {
			t.Fatalf("wait %v without ok for %q", d, v)
		}
		if strings.TrimSpace(v) == "" && ok {
			t.Fatal("empty value accepted")
		}
		if d > 365*24*time.Hour+time.Second && d > time.Until(now) {
			// Dates far in the future are allowed (the cap applies later),
			// but delay-seconds are clamped to a year.
			if _, err := http.ParseTime(strings.TrimSpace(v)); err != nil {
				t.Fatalf("unclamped delay %v for %q", d, v)
			}
		}
	})
}

func FuzzListEnvelope(f *testing.F) {
	for _, seed := range []string{
		`{"object":"list","data":[{"id":"a","name":"x"},{"id":"b"}],"has_more":true,"url":"/v1/products"}`,
		`{"object":"list","data":[],"has_more":false}`,
		`{"data":null}`, `{"data":[null]}`, `{"data":{"id":"a"}}`, `{"data":[{"id":"a"},]}`, `{"data":[1]}`,
		`{"object":"list","data":[ {"id":"a"} , {"id":"b"} ]} x`, `{}`, `{"extra":{"nested":[1,2,{"a":null}]},"data":[]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var p Page[Product]
		if err := p.decodeBody(data); err != nil {
			return
		}
		if !json.Valid(data) {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		items := listEnvelopeItems(data)
		if len(items) != len(p.Data) {
			t.Fatalf("%d items decoded, %d in the body", len(p.Data), len(items))
		}
		for i := range p.Data {
			raw := p.Data[i].RawJSON()
			if !json.Valid(raw) {
				t.Fatalf("item %d raw JSON %q is not JSON", i, raw)
			}
			// The item's own JSON, equal in meaning (see Product.RawJSON).
			assertSameJSON(t, items[i], raw)
			var again Product
			if err := json.Unmarshal(raw, &again); err != nil || again.ID != p.Data[i].ID {
				t.Fatalf("item %d raw JSON does not decode to the item: %v", i, err)
			}
		}
	})
}
