package templates

import (
	"strings"
	"testing"
)

func TestCursorRoundTrip(t *testing.T) {
	tests := []cursor{
		{},
		{token: "AAAB+/x9Zm9v=="},
		{token: "AAAB+/x9Zm9v==", skip: 3},
		{skip: 2},
		{token: "https://api.example.com/items?page=3&x=\"y\"", skip: 1},
	}
	for _, c := range tests {
		s := c.String()
		if got := parseCursor(s); got != c {
			t.Errorf("parseCursor(%q) = %+v, want %+v", s, got, c)
		}
		if c.skip == 0 && s != c.token {
			t.Errorf("String() = %q at a page boundary, want the raw token %q", s, c.token)
		}
		if c.skip > 0 && (!strings.HasPrefix(s, resumePrefix) || strings.ContainsAny(s, "+/=")) {
			t.Errorf("String() = %q, want a URL-safe %s token", s, resumePrefix)
		}
	}
}

func TestParseCursorTakesOtherTokensRaw(t *testing.T) {
	for _, token := range []string{
		"pgr1.",
		"pgr1.not base64!",
		"pgr1.bm90IGpzb24",            // "not json"
		"pgr1.eyJ0IjoiQSIsInMiOi0xfQ", // {"t":"A","s":-1}
		"pgr2.eyJ0IjoiQSIsInMiOjF9",
	} {
		if got := parseCursor(token); got != (cursor{token: token}) {
			t.Errorf("parseCursor(%q) = %+v, want it raw", token, got)
		}
	}
}
