package route53_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generated_examples/route53"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
	"github.com/pagegen/pagegen/testdata/moto"
)

// ListResourceRecordSets continues with a token set: the next record's
// name, type and set identifier (NextRecordName, NextRecordType,
// NextRecordIdentifier), sent back as name, type and identifier.

// createRecords adds an A and a TXT record for each of n names to the zone
// id, so that pages also break between two types of one name.
func createRecords(t *testing.T, srv *moto.Server, id string, n int) {
	t.Helper()
	var changes strings.Builder
	for i := range n {
		for _, typ := range []string{"A", "TXT"} {
			value := fmt.Sprintf("192.0.2.%d", i+1)
			if typ == "TXT" {
				value = fmt.Sprintf(`"record %d"`, i)
			}
			fmt.Fprintf(&changes, `<Change><Action>CREATE</Action><ResourceRecordSet><Name>r%02d.zone00.example.com.</Name>`+
				`<Type>%s</Type><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>%s</Value></ResourceRecord></ResourceRecords>`+
				`</ResourceRecordSet></Change>`, i, typ, value)
		}
	}
	body := `<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch><Changes>` +
		changes.String() + `</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>`
	path := "/2013-04-01/hostedzone/" + strings.TrimPrefix(id, "/hostedzone/") + "/rrset/"
	if _, err := srv.Call(context.Background(), service, http.MethodPost, path, http.Header{"Content-Type": {"application/xml"}}, body); err != nil {
		t.Fatal(err)
	}
}

func recordKey(r route53.ResourceRecordSet) string {
	key := r.Name + " " + string(r.Type)
	if r.SetIdentifier != nil {
		key += " " + *r.SetIdentifier
	}
	return key
}

func TestListResourceRecordSetsTokenSet(t *testing.T) {
	srv := moto.ForTest(t)
	id := strings.TrimPrefix(createZones(t, srv, 1)[0], "/hostedzone/")
	createRecords(t, srv, id, 12)
	c, counter := newClient(t, srv)

	// What the zone holds, in one page: the 24 records and the zone's own
	// NS and SOA.
	plain := faultmatrix.NewClient(t, route53.NewClient, srv.URL, route53.WithRequestEditor(moto.Sign(service)))
	one, err := plain.ListResourceRecordSets(context.Background(), &route53.ListResourceRecordSetsParams{ID: id, Maxitems: route53.Ptr("300")})
	if err != nil {
		t.Fatal(err)
	}
	if one.Body.IsTruncated || len(one.Body.ResourceRecordSets) != 26 {
		t.Fatalf("one page of 300: IsTruncated %v with %d records, want all 26", one.Body.IsTruncated, len(one.Body.ResourceRecordSets))
	}
	want := faultmatrix.KeysOf(one.Body.ResourceRecordSets, recordKey)

	pages := c.ListResourceRecordSetsPages(context.Background(), &route53.ListResourceRecordSetsParams{ID: id}, limit(5))
	moto.EveryItemOnce(t, pages, func(pg *route53.ListResourceRecordSetsPage) []string {
		return faultmatrix.KeysOf(pg.Items, recordKey)
	}, want, "[5 5 5 5 5 1]")

	// Each request after the first carries the next record's name and type
	// together: a page that ends between the A and the TXT of one name goes
	// on at that name's TXT.
	exs := counter.Exchanges()
	for i, ex := range exs[1:] {
		q := ex.URL.Query()
		if q.Get("name") == "" || q.Get("type") == "" {
			t.Errorf("request %d sent name %q and type %q, want both", i+1, q.Get("name"), q.Get("type"))
		}
	}
}
