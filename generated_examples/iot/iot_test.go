package iot_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generated_examples/iot"
	"github.com/pagegen/pagegen/testdata/moto"
)

// These tests run the generated AWS IoT client against the local AWS
// emulator moto_server: REST-JSON, GET /things with nextToken and
// maxResults in the query string. moto's tokens are base64 with '='
// padding, which must reach it percent-encoded.

func TestMain(m *testing.M) { moto.Main(m) }

// service is IoT's signing name, which moto routes by.
const service = "iot"

func limit(n int32) func(*iot.PaginatorOptions) {
	return func(o *iot.PaginatorOptions) { o.Limit = n }
}

// newClient returns a client of srv and the counter of the requests it sends.
func newClient(t *testing.T, srv *moto.Server) (*iot.Client, *moto.Counter) {
	t.Helper()
	counter := &moto.Counter{}
	c, err := iot.NewClient(srv.URL, iot.WithRequestEditor(moto.Sign(service)), iot.WithHTTPClient(counter))
	if err != nil {
		t.Fatal(err)
	}
	return c, counter
}

// createThings creates n things with plain net/http and returns their
// names in the order moto lists them (creation order). The names differ in
// length, so that of the tokens after pages of 10 (which name things 10
// and 20) at least one is base64 with '=' padding.
func createThings(t *testing.T, srv *moto.Server, n int) []string {
	t.Helper()
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("device-%s%02d", strings.Repeat("x", i%3), i)
		if _, err := srv.Call(context.Background(), service, http.MethodPost, "/things/"+names[i], nil, "{}"); err != nil {
			t.Fatal(err)
		}
	}
	return names
}

func deleteThing(t *testing.T, srv *moto.Server, name string) {
	t.Helper()
	if _, err := srv.Call(context.Background(), service, http.MethodDelete, "/things/"+url.PathEscape(name), nil, ""); err != nil {
		t.Fatal(err)
	}
}

func names(items []iot.ThingAttribute) []string {
	out := make([]string, len(items))
	for i, th := range items {
		if th.ThingName != nil {
			out[i] = *th.ThingName
		}
	}
	return out
}

// walk returns the names of the things p returns until its last page.
func walk(t *testing.T, p *iot.ListThingsPaginator) []string {
	t.Helper()
	var got []string
	for p.HasMorePages() {
		pg, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("walk failed after %d items: %v", len(got), err)
		}
		got = append(got, names(pg.Items)...)
	}
	return got
}

// sentToken returns the nextToken the request carried in its query, and
// checks that it carried maxResults=10 and that the token was
// percent-encoded: base64's '+', '/' and '=' never appear raw.
func sentToken(t *testing.T, ex moto.Exchange) string {
	t.Helper()
	q := ex.URL.Query()
	if got := q.Get("maxResults"); got != "10" {
		t.Errorf("request sent maxResults %q, want 10", got)
	}
	tok := q.Get("nextToken")
	if tok != "" && !strings.Contains(ex.URL.RawQuery, "nextToken="+url.QueryEscape(tok)) {
		t.Errorf("token %q is not percent-encoded in the query %q", tok, ex.URL.RawQuery)
	}
	return tok
}

// checkRequests fails t unless the requests counter saw carried the
// nextTokens in want ("" for none, "*" for any) and got the statuses in
// status.
func checkRequests(t *testing.T, counter *moto.Counter, want []string, status []int) {
	t.Helper()
	exs := counter.Exchanges()
	if len(exs) != len(want) {
		t.Fatalf("%d requests, want %d", len(exs), len(want))
	}
	for i, ex := range exs {
		tok := sentToken(t, ex)
		tokenOK := tok == want[i] || want[i] == "*" && tok != ""
		if ex.Status != status[i] || !tokenOK {
			t.Errorf("request %d: status %d with nextToken %q; want status %d with token %q", i, ex.Status, tok, status[i], want[i])
		}
	}
}

func TestListThingsEveryItemOnce(t *testing.T) {
	srv := moto.ForTest(t)
	want := createThings(t, srv, 25)
	c, counter := newClient(t, srv)

	var got []string
	var sizes []int
	for pg, err := range c.ListThingsPages(context.Background(), nil, limit(10)) {
		if err != nil {
			t.Fatalf("walk failed after %d items: %v", len(got), err)
		}
		sizes = append(sizes, len(pg.Items))
		got = append(got, names(pg.Items)...)
	}
	moto.ExactlyOnce(t, got, want)
	if fmt.Sprint(sizes) != "[10 10 5]" {
		t.Errorf("page sizes %v, want [10 10 5]", sizes)
	}
	checkRequests(t, counter, []string{"", "*", "*"}, []int{200, 200, 200})
	padded := false
	for _, ex := range counter.Exchanges() {
		padded = padded || strings.Contains(ex.URL.Query().Get("nextToken"), "=")
	}
	if !padded {
		t.Error("no token had '=' padding: the test did not check that it is percent-encoded")
	}
}

// TestListThingsTokenEscaping starts a walk from a token with '+', '/' and
// '=' in it, which moto reads only if they were percent-encoded: a raw '+'
// in a query string is a space. moto's own tokens are base64 of ASCII JSON,
// which has '=' padding but no '+' or '/', so the test writes one: moto's
// token after the first page with an extra member, which moto ignores.
func TestListThingsTokenEscaping(t *testing.T) {
	srv := moto.ForTest(t)
	want := createThings(t, srv, 25)
	c, counter := newClient(t, srv)
	ctx := context.Background()

	out, err := c.ListThings(ctx, &iot.ListThingsParams{MaxResults: iot.Ptr(int32(10))})
	if err != nil {
		t.Fatal(err)
	}
	if out.Body.NextToken == nil {
		t.Fatal("no nextToken after the first page")
	}
	doc, err := base64.StdEncoding.DecodeString(*out.Body.NextToken)
	if err != nil || !strings.HasPrefix(string(doc), "{") {
		t.Fatalf("moto's token %q is not base64 JSON: %v", *out.Body.NextToken, err)
	}
	// '~' and '?' as the third byte of a 3-byte group encode to '+' and '/',
	// so three of each in a row put both in the token; added spaces shift
	// its length until it ends in '=' padding.
	var token string
	for n := 0; !strings.HasSuffix(token, "="); n++ {
		token = base64.StdEncoding.EncodeToString([]byte(`{"pad": "~~~???",` + strings.Repeat(" ", n) + string(doc[1:])))
	}
	if !strings.Contains(token, "+") || !strings.Contains(token, "/") {
		t.Fatalf("token %q lacks '+' or '/'", token)
	}

	var got []string
	for th, err := range c.ListThingsAll(ctx, nil, limit(10), func(o *iot.PaginatorOptions) { o.StartToken = token }) {
		if err != nil {
			t.Fatalf("walk from %q failed after %d items: %v", token, len(got), err)
		}
		got = append(got, *th.ThingName)
	}
	moto.ExactlyOnce(t, got, want[10:])
	exs := counter.Exchanges()
	if len(exs) != 3 {
		t.Fatalf("%d requests, want 3", len(exs))
	}
	if tok := sentToken(t, exs[1]); tok != token {
		t.Errorf("the walk sent token %q, want %q", tok, token)
	}
}

func TestListThingsLimitOutOfRange(t *testing.T) {
	srv := moto.ForTest(t)
	c, counter := newClient(t, srv)
	_, err := iot.NewListThingsPaginator(c, nil, limit(251)).NextPage(context.Background())
	if !errors.Is(err, iot.ErrInvalidParams) {
		t.Fatalf("err = %v, want ErrInvalidParams", err)
	}
	if n := counter.Count(); n != 0 {
		t.Errorf("%d requests sent for a Limit above maxResults' maximum of 250", n)
	}
}

// TestListThingsExpiredToken saves a walk's ResumeToken after the first page
// and deletes the thing that the API's token in it points to; moto then
// rejects that token with HTTP 400 InvalidToken ("Invalid Token: Resource
// not found!"). A walk resumed from the saved token restarts from the
// originating call, without a token, drops the 10 things the first walk
// returned, and returns the 14 left; so does the first walk when it goes on.
func TestListThingsExpiredToken(t *testing.T) {
	srv := moto.ForTest(t)
	want := createThings(t, srv, 25)
	c, counter := newClient(t, srv)
	ctx := context.Background()

	p := iot.NewListThingsPaginator(c, nil, limit(10))
	first, err := p.NextPage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	moto.ExactlyOnce(t, names(first.Items), want[:10])
	saved := p.ResumeToken()

	// The API's token after the first page, with a client of its own:
	// moto's tokens are the same for the same query and position.
	plain, err := iot.NewClient(srv.URL, iot.WithRequestEditor(moto.Sign(service)))
	if err != nil {
		t.Fatal(err)
	}
	out, err := plain.ListThings(ctx, &iot.ListThingsParams{MaxResults: iot.Ptr(int32(10))})
	if err != nil {
		t.Fatal(err)
	}
	if out.Body.NextToken == nil {
		t.Fatal("no nextToken after the first page")
	}
	token := *out.Body.NextToken
	gone, err := moto.TokenItem(token)
	if err != nil {
		t.Fatal(err)
	}
	if wantARN := "arn:aws:iot:" + moto.Region + ":" + moto.Account + ":thing/" + want[10]; gone != wantARN {
		t.Fatalf("the token points to %s, want the 11th thing %s", gone, wantARN)
	}
	deleteThing(t, srv, want[10])

	// Without restarts, the walk reports moto's answer.
	noRestart := iot.NewListThingsPaginator(c, nil, limit(10), func(o *iot.PaginatorOptions) {
		o.StartToken, o.MaxRestarts = saved, -1
	})
	_, err = noRestart.NextPage(ctx)
	var apiErr *iot.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || apiErr.Code != "InvalidToken" {
		t.Fatalf("err = %v, want moto's HTTP 400 InvalidToken", err)
	}

	resumed := iot.NewListThingsPaginator(c, nil, limit(10), func(o *iot.PaginatorOptions) { o.StartToken = saved })
	moto.ExactlyOnce(t, walk(t, resumed), want[11:])
	// The first walk goes on the same way, dropping what it returned by name.
	moto.ExactlyOnce(t, walk(t, p), want[11:])

	// The first walk's page; the token rejected (and not retried) without
	// restarts; then, for the resumed walk and again for the first one:
	// the token rejected, the originating call, whose 10 things the first
	// walk returned, and the pages of the 14 left.
	checkRequests(t, counter,
		[]string{"", token, token, "", "*", "*", token, "", "*", "*"},
		[]int{200, 400, 400, 200, 200, 200, 400, 200, 200, 200})
}
