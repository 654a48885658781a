package templates

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestResumeRoundTrip(t *testing.T) {
	tests := []struct {
		c    cursor
		last []uint64
	}{
		{cursor{}, nil},
		{cursor{token: "AAAB+/x9Zm9v=="}, nil},
		{cursor{token: "AAAB+/x9Zm9v==", skip: 3}, []uint64{1, 1<<64 - 1}},
		{cursor{token: "AAAB+/x9Zm9v=="}, []uint64{7}},
		{cursor{skip: 2}, []uint64{4, 5}},
		{cursor{token: "https://api.example.com/items?page=3&x=\"y\"", skip: 1}, []uint64{1, 2, 3, 4}},
	}
	for _, tt := range tests {
		s := encodeResume(tt.c, tt.last)
		got, last, counted, err := decodeResume(s)
		if err != nil || got != tt.c || !slices.Equal(last, tt.last) {
			t.Errorf("decodeResume(%q) = %+v, %v, %v; want %+v, %v", s, got, last, err, tt.c, tt.last)
		}
		raw := tt.c.skip == 0 && len(tt.last) == 0
		if raw && s != tt.c.token {
			t.Errorf("encodeResume = %q at the start of a walk, want the raw token %q", s, tt.c.token)
		}
		if !raw && (!strings.HasPrefix(s, resumePrefix) || strings.ContainsAny(s, "+/=")) {
			t.Errorf("encodeResume = %q, want a URL-safe %s token", s, resumePrefix)
		}
		if counted != (!raw || tt.c.token == "") {
			t.Errorf("decodeResume(%q) counted = %v", s, counted)
		}
	}
}

// Tokens without pagegen's prefix are the API's own, taken as they are and
// not counted: a walk that starts there cannot know its place.
func TestDecodeResumeTakesOtherTokensRaw(t *testing.T) {
	for _, token := range []string{"pgr1.eyJ0IjoiQSIsInMiOjF9", "A", "https://api.example.com/next"} {
		if got, _, counted, err := decodeResume(token); got != (cursor{token: token}) || counted || err != nil {
			t.Errorf("decodeResume(%q) = %+v, %v, %v; want it raw and uncounted", token, got, counted, err)
		}
	}
}

// A resume token that is malformed, out of bounds or too long is refused
// before any request, rather than taken for the API's or made to skip the
// rest of the walk.
func TestDecodeResumeRejectsBadTokens(t *testing.T) {
	for _, token := range []string{
		resumePrefix,
		resumePrefix + "not base64!",
		resumePrefix + "bm90IGpzb24",            // "not json"
		resumePrefix + "eyJ0IjoiQSIsInMiOi0xfQ", // {"t":"A","s":-1}
		resumePrefix + "eyJ0IjoiQSIsInMiOjk5OTk5OTk5OTk5OTk5OTk5OTk5OX0", // {"t":"A","s":99999999999999999999}
		encodeResume(cursor{token: "A", skip: maxSkip + 1}, nil),
		encodeResume(cursor{token: "A"}, []uint64{1, 2, 3, 4, 5}),
		strings.Repeat("x", maxTokenLen+1),
	} {
		if _, _, _, err := decodeResume(token); !errors.Is(err, ErrInvalidParams) {
			t.Errorf("decodeResume(%.40q) error = %v, want ErrInvalidParams", token, err)
		}
	}
}
