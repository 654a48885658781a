package templates

import (
	"net/http"
	"testing"
)

// FuzzErrorBody parses arbitrary error bodies: they come from servers.
func FuzzErrorBody(f *testing.F) {
	for _, s := range []string{
		`{"__type":"com.amazon#ThrottlingException:x","message":"slow down"}`,
		`{"errors":[{"error":"BadRequest","error-description":"Paging token does not match the current query"}]}`,
		`<ErrorResponse><Error><Type>Sender</Type><Code>NextTokenCorrupted</Code><Message>m</Message></Error><RequestID>r</RequestID></ErrorResponse>`,
		`{"message":"Invalid nextToken"}`, `<`, `{`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		newAPIError("Op", &response{StatusCode: 400, Header: http.Header{}, Body: body})
		parseErrorBody(body)
	})
}

// FuzzLookupRaw reads undeclared token spellings out of arbitrary bodies.
func FuzzLookupRaw(f *testing.F) {
	f.Add([]byte(`{"a":{"b":"c"}}`), "a", "b")
	f.Add([]byte(`<r><a><b>c</b></a></r>`), "a", "b")
	f.Fuzz(func(t *testing.T, raw []byte, a, b string) {
		lookupRaw(raw, a, b)
	})
}

// FuzzParseCursor takes any StartToken a caller passes.
func FuzzParseCursor(f *testing.F) {
	f.Add(cursor{token: "A+/=", skip: 2, before: 5}.String())
	f.Add("pgr1.")
	f.Fuzz(func(t *testing.T, token string) {
		c, counted := parseCursor(token)
		if c.skip < 0 || c.before < 0 {
			t.Fatalf("parseCursor(%q) = %+v", token, c)
		}
		if counted && c.String() != token {
			// Re-encoding may differ only in field order; it must read back the same.
			if again, _ := parseCursor(c.String()); again != c {
				t.Fatalf("cursor %+v does not survive a round trip", c)
			}
		}
	})
}
