package moto

import (
	"fmt"
	"iter"
	"net/url"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/testdata/faultmatrix"
)

// TokenReader returns the token a request carried, failing t when the
// request was not as the walk should have sent it.
type TokenReader func(t testing.TB, ex Exchange) string

// QueryToken returns the TokenReader of a token in the query parameter
// param. It checks that the request carried the query parameters fixed
// (the page size, say) and that the token was percent-encoded: moto's and
// gofakes3's tokens are base64, whose '+', '/' and '=' must never appear
// raw in a query.
func QueryToken(param string, fixed url.Values) TokenReader {
	return func(t testing.TB, ex Exchange) string {
		t.Helper()
		q := ex.URL.Query()
		for name := range fixed {
			if got, want := q.Get(name), fixed.Get(name); got != want {
				t.Errorf("request sent %s %q, want %q (query %q)", name, got, want, ex.URL.RawQuery)
			}
		}
		tok := q.Get(param)
		if tok != "" && !strings.Contains(ex.URL.RawQuery, param+"="+url.QueryEscape(tok)) {
			t.Errorf("token %q is not percent-encoded in the query %q", tok, ex.URL.RawQuery)
		}
		return tok
	}
}

// CheckRequests fails t unless the requests counter saw carried the tokens
// in want ("" for none, "*" for any), as token reads them, and got the
// statuses in status.
func CheckRequests(t testing.TB, counter *Counter, token TokenReader, want []string, status []int) {
	t.Helper()
	exs := counter.Exchanges()
	if len(exs) != len(want) {
		t.Fatalf("%d requests, want %d", len(exs), len(want))
	}
	for i, ex := range exs {
		tok := token(t, ex)
		tokenOK := tok == want[i] || want[i] == "*" && tok != ""
		if ex.Status != status[i] || !tokenOK {
			t.Errorf("request %d: status %d with token %q; want status %d with token %q", i, ex.Status, tok, status[i], want[i])
		}
	}
}

// EveryItemOnce ranges over pages, a generated XPages iterator whose pages
// hold the items keys returns, and fails t unless it yields the items of
// want exactly once, in pages of the sizes fmt.Sprint prints as sizes
// ("[10 10 5]").
func EveryItemOnce[P any](t testing.TB, pages iter.Seq2[P, error], keys func(P) []string, want []string, sizes string) {
	t.Helper()
	var got []string
	var seen []int
	for pg, err := range pages {
		if err != nil {
			t.Fatalf("walk failed after %d items: %v", len(got), err)
		}
		k := keys(pg)
		seen = append(seen, len(k))
		got = append(got, k...)
	}
	faultmatrix.ExactlyOnce(t, got, want)
	if fmt.Sprint(seen) != sizes {
		t.Errorf("page sizes %v, want %s", seen, sizes)
	}
}
