package templates

import (
	"net/http"
	"slices"
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

// FuzzDecodeResume takes any StartToken a caller passes.
func FuzzDecodeResume(f *testing.F) {
	f.Add(encodeResume(cursor{token: "A+/=", skip: 2}, []uint64{5, 6}))
	f.Add(resumePrefix)
	f.Fuzz(func(t *testing.T, token string) {
		c, last, counted, err := decodeResume(token)
		if err != nil {
			return
		}
		if c.skip < 0 || c.skip > maxSkip || len(last) > placeWindow {
			t.Fatalf("decodeResume(%q) = %+v, %v", token, c, last)
		}
		if counted {
			again, againLast, _, err := decodeResume(encodeResume(c, last))
			if err != nil || again != c || !slices.Equal(againLast, last) {
				t.Fatalf("cursor %+v, %v does not survive a round trip", c, last)
			}
		}
	})
}
