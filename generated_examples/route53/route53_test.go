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
	"github.com/pagegen/pagegen/testdata/faultmatrix"
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
	return faultmatrix.NewClient(t, route53.NewClient, srv.URL, route53.WithRequestEditor(moto.Sign(service)), route53.WithHTTPClient(counter)), counter
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

func zoneID(z route53.HostedZone) string { return z.ID }

func pageIDs(pg *route53.ListHostedZonesPage) []string { return faultmatrix.KeysOf(pg.Items, zoneID) }

// sentMarker returns the marker a request carried in its query, and checks
// that it carried maxitems=10 and that the marker was percent-encoded.
var sentMarker = moto.QueryToken("marker", url.Values{"maxitems": {"10"}})

func TestListHostedZonesEveryItemOnce(t *testing.T) {
	srv := moto.ForTest(t)
	want := createZones(t, srv, 25)
	c, counter := newClient(t, srv)

	moto.EveryItemOnce(t, c.ListHostedZonesPages(context.Background(), nil, limit(10)), pageIDs, want, "[10 10 5]")
	moto.CheckRequests(t, counter, sentMarker, []string{"", "*", "*"}, []int{200, 200, 200})
}

// TestListHostedZonesFullLastPage walks zones that fill exactly two pages:
// the second says IsTruncated false, carries no NextMarker, and the walk
// ends there without asking for a third.
func TestListHostedZonesFullLastPage(t *testing.T) {
	srv := moto.ForTest(t)
	want := createZones(t, srv, 20)
	c, counter := newClient(t, srv)

	got := faultmatrix.Collect(t, c.ListHostedZonesAll(context.Background(), nil, limit(10)), zoneID)
	faultmatrix.ExactlyOnce(t, got, want)
	moto.CheckRequests(t, counter, sentMarker, []string{"", "*"}, []int{200, 200})
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
	moto.Expiry[*route53.ListHostedZonesPage]{
		Want: want,
		Paginator: func(start string, maxRestarts int) faultmatrix.Paginator[*route53.ListHostedZonesPage] {
			return route53.NewListHostedZonesPaginator(c, nil, limit(10), func(o *route53.PaginatorOptions) { o.StartToken, o.MaxRestarts = start, maxRestarts })
		},
		Counter: counter,
		Keys:    pageIDs,
		FirstToken: func(t *testing.T) string {
			plain := faultmatrix.NewClient(t, route53.NewClient, srv.URL, route53.WithRequestEditor(moto.Sign(service)))
			out, err := plain.ListHostedZones(context.Background(), &route53.ListHostedZonesParams{Maxitems: route53.Ptr("10")})
			if err != nil {
				t.Fatal(err)
			}
			if !out.Body.IsTruncated || out.Body.NextMarker == nil {
				t.Fatalf("first page: IsTruncated %v, NextMarker %v", out.Body.IsTruncated, out.Body.NextMarker)
			}
			return *out.Body.NextMarker
		},
		TokenItem: func(id string) string { return id },
		Delete: func(t *testing.T, id string) {
			path := "/2013-04-01/hostedzone/" + url.PathEscape(strings.TrimPrefix(id, "/hostedzone/"))
			if _, err := srv.Call(context.Background(), service, http.MethodDelete, path, nil, ""); err != nil {
				t.Fatal(err)
			}
		},
		IsInvalidToken: func(err error) bool {
			var apiErr *route53.APIError
			return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusBadRequest && apiErr.Code == "InvalidToken"
		},
		Token: sentMarker,
	}.Run(t)
}
