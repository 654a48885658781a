package generator_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/pagegen/pagegen/generator"
)

// runGenerated generates the package of spec into a fresh module, adds
// test (a _test.go file of that package) and runs it with go test.
func runGenerated(t *testing.T, spec, pkg, test string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs generated code with the go command")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), []byte("module e2e\n\ngo 1.25\n"))
	files, _, err := generator.Generate(context.Background(), generator.Config{Specs: []string{spec}, Package: pkg})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, pkg)
	if err := generator.Write(out, files); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(out, "e2e_test.go"), []byte(test))
	goCmd(t, dir, "vet", "./...")
	goCmd(t, dir, "test", "-count=1", "./...")
}

// An x-ms-paths key's query string (`?restype=container&comp=list`) that
// the path item and the operation declare again as one-value parameters
// is sent once, on the first page and on the pages after it.
func TestMSPathsQuerySentOnce(t *testing.T) {
	runGenerated(t, "../testdata/golden/ms-paths-query/spec.json", "storage", `package storage

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

func TestQuery(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		q := r.URL.Query()
		if r.URL.Path != "/c1" || !slices.Equal(q["comp"], []string{"list"}) || !slices.Equal(q["restype"], []string{"container"}) {
			t.Errorf("request %s: want path /c1 with comp=list and restype=container once each", r.URL)
		}
		w.Header().Set("Content-Type", "application/xml")
		if q.Get("marker") == "" {
			w.Write([]byte(`+"`"+`<EnumerationResults ContainerName="c1"><Blobs><Blob><Name>a</Name></Blob></Blobs><NextMarker>m2</NextMarker></EnumerationResults>`+"`"+`))
			return
		}
		w.Write([]byte(`+"`"+`<EnumerationResults ContainerName="c1"><Blobs><Blob><Name>b</Name></Blob></Blobs><NextMarker/></EnumerationResults>`+"`"+`))
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for b, err := range c.ContainerListBlobsAll(context.Background(), &ContainerListBlobsParams{ContainerName: "c1"}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, *b.Name)
	}
	if !slices.Equal(names, []string{"a", "b"}) || calls != 2 {
		t.Errorf("got %v in %d calls, want [a b] in 2", names, calls)
	}
}
`)
}

// Client parameters (x-ms-parameter-location: client) are set once with
// their options, WithSubscriptionID and WithAPIVersion, the latter
// defaulting to the spec's one value; no operation's Params asks for them,
// and a next link gets the client's api-version in place of its own.
func TestClientParameters(t *testing.T) {
	runGenerated(t, "../testdata/golden/client-params/spec.json", "mgmt", `package mgmt

import (
	"context"
	"errors"
	"strings"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"testing"
)

func TestClientParameters(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.URL.Path+" "+r.URL.Query().Get("api-version")+" "+r.URL.Query().Get("$filter"))
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/next" {
			w.Write([]byte(`+"`"+`{"value": [{"id": "b"}]}`+"`"+`))
			return
		}
		w.Write([]byte(`+"`"+`{"value": [{"id": "a"}], "nextLink": "`+"`"+` + "http://" + r.Host + "/next?api-version=2000-01-01&page=2" + `+"`"+`"}`+"`"+`))
	}))
	defer srv.Close()
	for _, f := range []string{"SubscriptionID", "APIVersion"} {
		if _, ok := reflect.TypeOf(ThingsListParams{}).FieldByName(f); ok {
			t.Errorf("ThingsListParams asks for the client parameter %s", f)
		}
	}
	walk := func(opts ...ClientOption) []string {
		seen = nil
		c, err := NewClient(srv.URL, opts...)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for th, err := range c.ThingsListAll(context.Background(), &ThingsListParams{Filter: Ptr("x")}) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, *th.ID)
		}
		if !slices.Equal(ids, []string{"a", "b"}) {
			t.Errorf("items %v, want [a b]", ids)
		}
		return seen
	}
	if got, want := walk(WithSubscriptionID("sub1")), []string{
		"/subscriptions/sub1/providers/Example.Things/things 2023-01-01 x", "/next 2023-01-01 ",
	}; !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
	if got, want := walk(WithSubscriptionID("sub2"), WithAPIVersion("2024-02-02")), []string{
		"/subscriptions/sub2/providers/Example.Things/things 2024-02-02 x", "/next 2024-02-02 ",
	}; !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
	// The subscription is required and has no default: without the option
	// the call fails before anything is sent, naming it.
	seen = nil
	c, _ := NewClient(srv.URL)
	_, err := c.ThingsList(context.Background(), nil)
	if !errors.Is(err, ErrInvalidParams) || !strings.Contains(err.Error(), "WithSubscriptionID") || len(seen) != 0 {
		t.Errorf("a call without WithSubscriptionID: %v after %d requests, want ErrInvalidParams naming the option, before any", err, len(seen))
	}
}
`)
}

// XML as AutoRest specs describe it decodes real Azure Storage bodies:
// attributes, an element's character data (x-ms-text), unwrapped arrays
// named by the item's xml.name or definition, wrapped arrays, and the
// NextMarker that continues the walk.
func TestXMLStorageDecode(t *testing.T) {
	runGenerated(t, "../testdata/golden/xml-storage/spec.json", "xmlstorage", `package xmlstorage

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
)

const page1 = `+"`"+`<?xml version="1.0" encoding="utf-8"?>
<EnumerationResults ServiceEndpoint="https://account.blob.core.windows.net/" ContainerName="c1">
  <Prefix>photos/</Prefix>
  <MaxResults>2</MaxResults>
  <Blobs>
    <Blob>
      <Name Encoded="true">photos%2Fa.jpg</Name>
      <Deleted>false</Deleted>
      <Tags><Tag><Key>k1</Key><Value>v1</Value></Tag><Tag><Key>k2</Key><Value>v2</Value></Tag></Tags>
    </Blob>
    <BlobPrefix><Name>photos/2024/</Name></BlobPrefix>
    <Blob><Name>photos/b.jpg</Name></Blob>
  </Blobs>
  <NextMarker>2!88!MDAwMDI0</NextMarker>
</EnumerationResults>`+"`"+`

const page2 = `+"`"+`<?xml version="1.0" encoding="utf-8"?>
<EnumerationResults ServiceEndpoint="https://account.blob.core.windows.net/" ContainerName="c1">
  <Marker>2!88!MDAwMDI0</Marker>
  <Blobs><Blob><Name>photos/c.jpg</Name></Blob></Blobs>
  <NextMarker />
</EnumerationResults>`+"`"+`

func TestDecode(t *testing.T) {
	var versions, markers []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		versions = append(versions, r.Header.Get("x-ms-version"))
		markers = append(markers, r.URL.Query().Get("marker"))
		w.Header().Set("Content-Type", "application/xml")
		if r.URL.Query().Get("marker") == "" {
			w.Write([]byte(page1))
			return
		}
		w.Write([]byte(page2))
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	var pages []*ContainerListBlobFlatSegmentPage
	for pg, err := range c.ContainerListBlobFlatSegmentPages(context.Background(), &ContainerListBlobFlatSegmentParams{ContainerName: "c1"}) {
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, pg)
	}
	if len(pages) != 2 {
		t.Fatalf("%d pages, want 2", len(pages))
	}
	body := pages[0].Response.Body
	if body.ServiceEndpoint != "https://account.blob.core.windows.net/" || body.ContainerName != "c1" || *body.Prefix != "photos/" || *body.MaxResults != 2 {
		t.Errorf("attributes and elements of page 1: %+v", body)
	}
	a := pages[0].Items[0]
	if a.Name.Content == nil || *a.Name.Content != "photos%2Fa.jpg" || a.Name.Encoded == nil || !*a.Name.Encoded || *a.Deleted {
		t.Errorf("first blob: %+v", a)
	}
	if want := []BlobTag{{Key: "k1", Value: "v1"}, {Key: "k2", Value: "v2"}}; !reflect.DeepEqual(a.Tags, want) {
		t.Errorf("tags %+v, want %+v", a.Tags, want)
	}
	var names []string
	for _, pg := range pages {
		for _, b := range pg.Items {
			names = append(names, *b.Name.Content)
		}
	}
	if want := []string{"photos%2Fa.jpg", "photos/b.jpg", "photos/c.jpg"}; !reflect.DeepEqual(names, want) {
		t.Errorf("blobs %q, want %q", names, want)
	}
	if p := body.Segment.BlobPrefixes; len(p) != 1 || *p[0].Name.Content != "photos/2024/" {
		t.Errorf("prefixes %+v", p)
	}
	if pages[0].NextToken != "2!88!MDAwMDI0" || !reflect.DeepEqual(markers, []string{"", "2!88!MDAwMDI0"}) {
		t.Errorf("next token %q, markers sent %q", pages[0].NextToken, markers)
	}
	if !reflect.DeepEqual(versions, []string{"2021-08-06", "2021-08-06"}) {
		t.Errorf("x-ms-version sent %q, want the spec's on every page", versions)
	}
}
`)
}
