package route53_test

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generated_examples/route53"
	"github.com/pagegen/pagegen/testdata/moto"
)

// These tests run the generated Route 53 client against the local AWS
// emulator moto_server: REST-XML, GET /2013-04-01/hostedzone with marker and
// maxitems in the query, and IsTruncated and NextMarker in the response.

func TestMain(m *testing.M) { moto.Main(m) }

// service is Route 53's signing name, which moto routes by.
const service = "route53"

func limit(n int32) func(*route53.PaginatorOptions) {
	return func(o *route53.PaginatorOptions) { o.Limit = n }
}

// newClient returns a client of srv and the counter of the requests it sends.
func newClient(t *testing.T, srv *moto.Server) (*route53.Client, *moto.Counter) {
	t.Helper()
	counter := &moto.Counter{}
	c, err := route53.NewClient(srv.URL, route53.WithRequestEditor(moto.Sign(service)), route53.WithHTTPClient(counter))
	if err != nil {
		t.Fatal(err)
	}
	return c, counter
}

// createZones creates n hosted zones with plain net/http and returns their
// IDs ("/hostedzone/…") in the order moto lists them (creation order).
func createZones(t *testing.T, srv *moto.Server, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		body := fmt.Sprintf(`<CreateHostedZoneRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">`+
			`<Name>zone%02d.example.com</Name><CallerReference>pagegen-%02d</CallerReference></CreateHostedZoneRequest>`, i, i)
		header := http.Header{"Content-Type": {"application/xml"}}
		resp, err := srv.Call(context.Background(), service, http.MethodPost, "/2013-04-01/hostedzone", header, body)
		if err != nil {
			t.Fatal(err)
		}
		var created struct {
			ID string `xml:"HostedZone>Id"`
		}
		if err := xml.Unmarshal(resp, &created); err != nil || created.ID == "" {
			t.Fatalf("CreateHostedZone answered %s: %v", resp, err)
		}
		ids[i] = created.ID
	}
	return ids
}

func deleteZone(t *testing.T, srv *moto.Server, id string) {
	t.Helper()
	path := "/2013-04-01/hostedzone/" + url.PathEscape(strings.TrimPrefix(id, "/hostedzone/"))
	if _, err := srv.Call(context.Background(), service, http.MethodDelete, path, nil, ""); err != nil {
		t.Fatal(err)
	}
}

func ids(items []route53.HostedZone) []string {
	out := make([]string, len(items))
	for i, z := range items {
		out[i] = z.ID
	}
	return out
}

// walk returns the IDs of the zones p returns until its last page.
func walk(t *testing.T, p *route53.ListHostedZonesPaginator) []string {
	t.Helper()
	var got []string
	for p.HasMorePages() {
		pg, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("walk failed after %d items: %v", len(got), err)
		}
		got = append(got, ids(pg.Items)...)
	}
	return got
}

// sentMarker returns the marker the request carried in its query, and checks
// that it carried maxitems=10 and that the marker was percent-encoded.
func sentMarker(t *testing.T, ex moto.Exchange) string {
	t.Helper()
	q := ex.URL.Query()
	if got := q.Get("maxitems"); got != "10" {
		t.Errorf("request sent maxitems %q, want 10", got)
	}
	marker := q.Get("marker")
	if marker != "" && !strings.Contains(ex.URL.RawQuery, "marker="+url.QueryEscape(marker)) {
		t.Errorf("marker %q is not percent-encoded in the query %q", marker, ex.URL.RawQuery)
	}
	return marker
}

// checkRequests fails t unless the requests counter saw carried the markers
// in want ("" for none, "*" for any) and got the statuses in status.
func checkRequests(t *testing.T, counter *moto.Counter, want []string, status []int) {
	t.Helper()
	exs := counter.Exchanges()
	if len(exs) != len(want) {
		t.Fatalf("%d requests, want %d", len(exs), len(want))
	}
	for i, ex := range exs {
		marker := sentMarker(t, ex)
		markerOK := marker == want[i] || want[i] == "*" && marker != ""
		if ex.Status != status[i] || !markerOK {
			t.Errorf("request %d: status %d with marker %q; want status %d with marker %q", i, ex.Status, marker, status[i], want[i])
		}
	}
}

func TestListHostedZonesEveryItemOnce(t *testing.T) {
	srv := moto.ForTest(t)
	want := createZones(t, srv, 25)
	c, counter := newClient(t, srv)

	var got []string
	var sizes []int
	for pg, err := range c.ListHostedZonesPages(context.Background(), nil, limit(10)) {
		if err != nil {
			t.Fatalf("walk failed after %d items: %v", len(got), err)
		}
		sizes = append(sizes, len(pg.Items))
		got = append(got, ids(pg.Items)...)
	}
	moto.ExactlyOnce(t, got, want)
	if fmt.Sprint(sizes) != "[10 10 5]" {
		t.Errorf("page sizes %v, want [10 10 5]", sizes)
	}
	checkRequests(t, counter, []string{"", "*", "*"}, []int{200, 200, 200})
}

// TestListHostedZonesFullLastPage walks zones that fill exactly two pages:
// the second says IsTruncated false, carries no NextMarker, and the walk
// ends there without asking for a third.
func TestListHostedZonesFullLastPage(t *testing.T) {
	srv := moto.ForTest(t)
	want := createZones(t, srv, 20)
	c, counter := newClient(t, srv)

	var got []string
	for z, err := range c.ListHostedZonesAll(context.Background(), nil, limit(10)) {
		if err != nil {
			t.Fatalf("walk failed after %d items: %v", len(got), err)
		}
		got = append(got, z.ID)
	}
	moto.ExactlyOnce(t, got, want)
	checkRequests(t, counter, []string{"", "*"}, []int{200, 200})
}

// TestListHostedZonesExpiredToken saves a walk's ResumeToken after the first
// page and deletes the hosted zone that the API's marker in it points to;
// moto then rejects that marker with HTTP 400 InvalidToken ("Invalid Token:
// Resource not found!", a JSON body with an X-Amzn-ErrorType header, not
// Route 53's XML error). A walk resumed from the saved token restarts from
// the originating call, without a marker, drops the 10 zones the first walk
// returned, and returns the 14 left; so does the first walk when it goes on.
func TestListHostedZonesExpiredToken(t *testing.T) {
	srv := moto.ForTest(t)
	want := createZones(t, srv, 25)
	c, counter := newClient(t, srv)
	ctx := context.Background()

	p := route53.NewListHostedZonesPaginator(c, nil, limit(10))
	first, err := p.NextPage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	moto.ExactlyOnce(t, ids(first.Items), want[:10])
	saved := p.ResumeToken()

	// The API's marker after the first page, with a client of its own:
	// moto's markers are the same for the same query and position.
	plain, err := route53.NewClient(srv.URL, route53.WithRequestEditor(moto.Sign(service)))
	if err != nil {
		t.Fatal(err)
	}
	out, err := plain.ListHostedZones(ctx, &route53.ListHostedZonesParams{Maxitems: route53.Ptr("10")})
	if err != nil {
		t.Fatal(err)
	}
	if !out.Body.IsTruncated || out.Body.NextMarker == nil {
		t.Fatalf("first page: IsTruncated %v, NextMarker %v", out.Body.IsTruncated, out.Body.NextMarker)
	}
	marker := *out.Body.NextMarker
	gone, err := moto.TokenItem(marker)
	if err != nil {
		t.Fatal(err)
	}
	if gone != want[10] {
		t.Fatalf("the marker points to %s, want the 11th zone %s", gone, want[10])
	}
	deleteZone(t, srv, gone)

	// Without restarts, the walk reports moto's answer.
	noRestart := route53.NewListHostedZonesPaginator(c, nil, limit(10), func(o *route53.PaginatorOptions) {
		o.StartToken, o.MaxRestarts = saved, -1
	})
	_, err = noRestart.NextPage(ctx)
	var apiErr *route53.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || apiErr.Code != "InvalidToken" {
		t.Fatalf("err = %v, want moto's HTTP 400 InvalidToken", err)
	}

	resumed := route53.NewListHostedZonesPaginator(c, nil, limit(10), func(o *route53.PaginatorOptions) { o.StartToken = saved })
	moto.ExactlyOnce(t, walk(t, resumed), want[11:])
	// The first walk goes on the same way, dropping what it returned by ID.
	moto.ExactlyOnce(t, walk(t, p), want[11:])

	// The first walk's page; the marker rejected (and not retried) without
	// restarts; then, for the resumed walk and again for the first one:
	// the marker rejected, the originating call, whose 10 zones the first
	// walk returned, and the pages of the 14 left.
	checkRequests(t, counter,
		[]string{"", marker, marker, "", "*", "*", marker, "", "*", "*"},
		[]int{200, 400, 400, 200, 200, 200, 400, 200, 200, 200})
}
