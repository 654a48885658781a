package pages_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generated_examples/byo/iot/ogen/api"
	"github.com/pagegen/pagegen/generated_examples/byo/iot/ogen/pages"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
	"github.com/pagegen/pagegen/testdata/moto"
)

// These tests run the paginators over the ogen client against the
// local AWS emulator moto_server, as generated_examples/iot runs pagegen's
// own client: GET /things with nextToken and maxResults in the query
// string. moto's tokens are base64 with '=' padding, which must reach it
// percent-encoded.

func TestMain(m *testing.M) { moto.Main(m) }

// service is IoT's signing name, which moto routes by.
const service = "iot"

func limit(n int32) func(*pages.PaginatorOptions) {
	return func(o *pages.PaginatorOptions) { o.Limit = n }
}

// newMotoClient returns a client of srv and the counter of the requests it
// sends. Requests go out with the Authorization header moto routes by.
func newMotoClient(t *testing.T, srv *moto.Server) (*api.Client, *moto.Counter) {
	t.Helper()
	counter := &moto.Counter{}
	return newClient(t, srv.URL, editing{doer: counter, edit: moto.Sign(service)}), counter
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

func pageNames(pg *pages.ListThingsPage) []string { return faultmatrix.KeysOf(pg.Items, thingName) }

// sentToken returns the nextToken a request carried in its query, and
// checks that it carried maxResults=10 and that the token was
// percent-encoded.
var sentToken = moto.QueryToken("nextToken", url.Values{"maxResults": {"10"}})

func TestMotoListThingsEveryItemOnce(t *testing.T) {
	srv := moto.ForTest(t)
	want := createThings(t, srv, 25)
	c, counter := newMotoClient(t, srv)

	moto.EveryItemOnce(t, pages.ListThingsPages(context.Background(), c, api.ListThingsParams{}, limit(10)), pageNames, want, "[10 10 5]")
	moto.CheckRequests(t, counter, sentToken, []string{"", "*", "*"}, []int{200, 200, 200})
	padded := false
	for _, ex := range counter.Exchanges() {
		padded = padded || strings.Contains(ex.URL.Query().Get("nextToken"), "=")
	}
	if !padded {
		t.Error("no token had '=' padding: the test did not check that it is percent-encoded")
	}
}

// TestMotoListThingsTokenEscaping starts a walk from a token with '+', '/'
// and '=' in it, which moto reads only if the client percent-encoded them:
// a raw '+' in a query string is a space. moto's own tokens are base64 of
// ASCII JSON, which has '=' padding but no '+' or '/', so the test writes
// one: moto's token after the first page with an extra member, which moto
// ignores.
func TestMotoListThingsTokenEscaping(t *testing.T) {
	srv := moto.ForTest(t)
	want := createThings(t, srv, 25)
	c, counter := newMotoClient(t, srv)
	ctx := context.Background()

	first := firstMotoToken(t, c)
	doc, err := base64.StdEncoding.DecodeString(first)
	if err != nil || !strings.HasPrefix(string(doc), "{") {
		t.Fatalf("moto's token %q is not base64 JSON: %v", first, err)
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

	start := func(o *pages.PaginatorOptions) { o.StartToken = token }
	got := faultmatrix.Collect(t, pages.ListThingsAll(ctx, c, api.ListThingsParams{}, limit(10), start), thingName)
	faultmatrix.ExactlyOnce(t, got, want[10:])
	exs := counter.Exchanges()
	if len(exs) != 3 {
		t.Fatalf("%d requests, want 3", len(exs))
	}
	if tok := sentToken(t, exs[1]); tok != token {
		t.Errorf("the walk sent token %q, want %q", tok, token)
	}
}

// TestMotoListThingsExpiredToken saves a walk's ResumeToken after the first
// page and deletes the thing that the API's token in it points to; moto
// then rejects that token with HTTP 400 InvalidToken. A walk resumed from
// the saved token restarts from the originating call, drops the 10 things
// the first walk returned, and returns the 14 left; so does the first walk
// when it goes on.
func TestMotoListThingsExpiredToken(t *testing.T) {
	srv := moto.ForTest(t)
	want := createThings(t, srv, 25)
	c, counter := newMotoClient(t, srv)
	moto.Expiry[*pages.ListThingsPage]{
		Want: want,
		Paginator: func(start string, maxRestarts int) faultmatrix.Paginator[*pages.ListThingsPage] {
			return pages.NewListThingsPaginator(c, api.ListThingsParams{}, limit(10), func(o *pages.PaginatorOptions) { o.StartToken, o.MaxRestarts = start, maxRestarts })
		},
		Counter: counter,
		Keys:    pageNames,
		FirstToken: func(t *testing.T) string {
			return firstMotoToken(t, newClient(t, srv.URL, editing{doer: http.DefaultClient, edit: moto.Sign(service)}))
		},
		// moto's token names the thing by its ARN.
		TokenItem: func(name string) string { return "arn:aws:iot:" + moto.Region + ":" + moto.Account + ":thing/" + name },
		Delete: func(t *testing.T, name string) {
			if _, err := srv.Call(context.Background(), service, http.MethodDelete, "/things/"+url.PathEscape(name), nil, ""); err != nil {
				t.Fatal(err)
			}
		},
		IsInvalidToken: func(err error) bool {
			var apiErr *pages.APIError
			return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusBadRequest && apiErr.Code == "InvalidToken"
		},
		Token: sentToken,
	}.Run(t)
}

// firstMotoToken returns moto's token after a first page of 10 things.
func firstMotoToken(t *testing.T, c *api.Client) string {
	t.Helper()
	out, err := c.ListThings(context.Background(), api.ListThingsParams{MaxResults: api.NewOptRegistryMaxResults(10)})
	res, ok := out.(*api.ListThingsResponseHeaders)
	if err != nil || !ok || res.Response.NextToken.Value == "" {
		t.Fatalf("no nextToken after the first page: %T, %v", out, err)
	}
	return string(res.Response.NextToken.Value)
}
