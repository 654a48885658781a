package faultmatrix

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestEditor sends four requests through an Editor of each TokenPlace: the
// first without a token, then three with one. Only the second request that
// carries a token is edited, and the bodies stay readable.
func TestEditor(t *testing.T) {
	for _, tc := range []struct {
		name  string
		place TokenPlace
		req   func(tok string) *http.Request
		sent  func(r *http.Request) string
	}{
		{
			name:  "query",
			place: InQuery("nextToken"),
			req: func(tok string) *http.Request {
				r, _ := http.NewRequest(http.MethodGet, "http://x/things?maxResults=5&nextToken="+tok, nil)
				return r
			},
			sent: func(r *http.Request) string { return r.URL.Query().Get("nextToken") },
		},
		{
			name:  "json",
			place: InJSON("paginationContext", "nextToken"),
			req: func(tok string) *http.Request {
				r, _ := http.NewRequest(http.MethodPost, "http://x/", strings.NewReader(`{"paginationContext":{"nextToken":"`+tok+`"}}`))
				return r
			},
			sent: func(r *http.Request) string {
				var in struct {
					PaginationContext struct {
						NextToken string `json:"nextToken"`
					} `json:"paginationContext"`
				}
				if err := json.Unmarshal([]byte(body(t, r)), &in); err != nil {
					t.Fatal(err)
				}
				return in.PaginationContext.NextToken
			},
		},
		{
			name:  "form",
			place: InForm("NextToken"),
			req: func(tok string) *http.Request {
				r, _ := http.NewRequest(http.MethodPost, "http://x/", strings.NewReader("Action=List&NextToken="+tok))
				return r
			},
			sent: func(r *http.Request) string {
				form, err := url.ParseQuery(body(t, r))
				if err != nil {
					t.Fatal(err)
				}
				return form.Get("NextToken")
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			edit := Editor(tc.place, TokenEdit{Nth: 2, Edit: func(tok string) string { return "edited-" + tok }})
			var got []string
			for _, tok := range []string{"", "t1", "t2", "t3"} {
				r := tc.req(tok)
				if err := edit(context.Background(), r); err != nil {
					t.Fatal(err)
				}
				got = append(got, tc.sent(r))
			}
			if want := []string{"", "t1", "edited-t2", "t3"}; !slices.Equal(got, want) {
				t.Errorf("the requests sent the tokens %q, want %q", got, want)
			}
		})
	}
}

// body returns r's body, which GetBody must return again.
func body(t *testing.T, r *http.Request) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	again, err := r.GetBody()
	if err != nil {
		t.Fatal(err)
	}
	if b2, _ := io.ReadAll(again); string(b2) != string(b) || r.ContentLength != int64(len(b)) {
		t.Errorf("GetBody %q and ContentLength %d, want %q", b2, r.ContentLength, b)
	}
	return string(b)
}
