package templates

import (
	"strings"
	"testing"
)

func TestCursorRoundTrip(t *testing.T) {
	tests := []cursor{
		{},
		{token: "AAAB+/x9Zm9v=="},
		{token: "AAAB+/x9Zm9v==", skip: 3, before: 23},
		{token: "AAAB+/x9Zm9v==", before: 20},
		{skip: 2, before: 2},
		{token: "https://api.example.com/items?page=3&x=\"y\"", skip: 1, before: 41},
	}
	for _, c := range tests {
		s := c.String()
		got, counted := parseCursor(s)
		if got != c {
			t.Errorf("parseCursor(%q) = %+v, want %+v", s, got, c)
		}
		raw := c.skip == 0 && c.before == 0
		if raw && s != c.token {
			t.Errorf("String() = %q at the start of a walk's page, want the raw token %q", s, c.token)
		}
		if !raw && (!strings.HasPrefix(s, resumePrefix) || strings.ContainsAny(s, "+/=")) {
			t.Errorf("String() = %q, want a URL-safe %s token", s, resumePrefix)
		}
		if counted != (!raw || c.token == "") {
			t.Errorf("parseCursor(%q) counted = %v", s, counted)
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
		if got, counted := parseCursor(token); got != (cursor{token: token}) || counted {
			t.Errorf("parseCursor(%q) = %+v, %v; want it raw and uncounted", token, got, counted)
		}
	}
}

// An old-style first-page cursor without "b" still knows the items before.
func TestParseCursorFirstPageCountsSkip(t *testing.T) {
	c, counted := parseCursor(resumePrefix + "eyJ0IjoiIiwicyI6M30") // {"t":"","s":3}
	if !counted || c.before != 3 {
		t.Errorf("parseCursor = %+v, %v; want before 3, counted", c, counted)
	}
}
