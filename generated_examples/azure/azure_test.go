package azure_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"

	"github.com/pagegen/pagegen/generated_examples/azure"
	"github.com/pagegen/pagegen/testdata/azureserver"
)

func newClient(t *testing.T, s *azureserver.Server) *azure.Client {
	t.Helper()
	c, err := azure.NewClient(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// collect ranges over all and returns the items, or fails t.
func collect[T any](t *testing.T, s *azureserver.Server, all func(yield func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for it, err := range all {
		if err != nil {
			t.Fatalf("after %d items: %v\nrequests: %q", len(out), err, s.Log())
		}
		out = append(out, it)
	}
	return out
}

// TestMarkerToken: an x-ms-pageable nextLinkName that is not a link
// (storage's NextMarker) is a token sent back as marker, escaped as a query
// value.
func TestMarkerToken(t *testing.T) {
	s := azureserver.New(t)
	items := collect(t, s, newClient(t, s).ContainersListAll(t.Context(), nil))
	var names []string
	for _, c := range items {
		names = append(names, *c.Name)
	}
	if !slices.Equal(names, []string{"a", "b", "c"}) {
		t.Errorf("got %v, want [a b c]", names)
	}
	want := []string{"GET /containers?comp=list", "GET /containers?comp=list&marker=m%2F2%2B"}
	if got := s.Log(); !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
}

// TestItemNameNotInSchema: an itemName the schema lacks is inferred, and
// the operation still pages; its relative next link resolves against the
// page's URL, not the base URL.
func TestItemNameNotInSchema(t *testing.T) {
	s := azureserver.New(t)
	items := collect(t, s, newClient(t, s).QueuesListAll(t.Context(), &azure.QueuesListParams{Account: "acct"}))
	var names []string
	for _, q := range items {
		names = append(names, *q.Name)
	}
	if !slices.Equal(names, []string{"q1", "q2"}) {
		t.Errorf("got %v, want [q1 q2]", names)
	}
}

// TestSharedContinuation: one continuation operation continues two list
// operations, taking the link unescaped into its path.
func TestSharedContinuation(t *testing.T) {
	s := azureserver.New(t)
	c := newClient(t, s)
	ids := func(ws []azure.Widget) (out []string) {
		for _, w := range ws {
			out = append(out, *w.ID)
		}
		return out
	}
	if got := ids(collect(t, s, c.WidgetsListAll(t.Context(), nil))); !slices.Equal(got, []string{"all-1", "all-2"}) {
		t.Errorf("WidgetsListAll: got %v, want [all-1 all-2]", got)
	}
	byGroup := c.WidgetsListByGroupAll(t.Context(), &azure.WidgetsListByGroupParams{Group: "g1"})
	if got := ids(collect(t, s, byGroup)); !slices.Equal(got, []string{"g1-1", "g1-2"}) {
		t.Errorf("WidgetsListByGroupAll: got %v, want [g1-1 g1-2]", got)
	}
}

// TestLinkHeaderKeepsConstants: pages after the first keep the
// operation's constants (integer and boolean ones included), its
// api-version in place of the link's, and its headers; the Link header's
// relative URL resolves against the page's URL.
func TestLinkHeaderKeepsConstants(t *testing.T) {
	s := azureserver.New(t)
	params := &azure.EventsListParams{Tenant: "t1", APIVersion: azureserver.APIVersion, XMsClientRequestID: azure.Ptr("req-1")}
	var ids []int64
	for _, e := range collect(t, s, newClient(t, s).EventsListAll(t.Context(), params)) {
		ids = append(ids, *e.ID)
	}
	if !slices.Equal(ids, []int64{1, 2, 3}) {
		t.Errorf("got %v, want [1 2 3]", ids)
	}
}

// TestAbsoluteNextLink: an absolute next link (Resource Manager's) is
// requested with the operation's api-version, and its query stands in for
// the caller's filter, which is not sent again.
func TestAbsoluteNextLink(t *testing.T) {
	s := azureserver.New(t)
	params := &azure.SubscriptionsListParams{APIVersion: azureserver.APIVersion, Filter: azure.Ptr("state eq 'Enabled'")}
	var ids []string
	for _, sub := range collect(t, s, newClient(t, s).SubscriptionsListAll(t.Context(), params)) {
		ids = append(ids, *sub.SubscriptionID)
	}
	if !slices.Equal(ids, []string{"s1", "s2", "s3"}) {
		t.Errorf("got %v, want [s1 s2 s3]", ids)
	}
}

// TestLinkHeaderDropsFilter: pages after the first keep the api-version
// (in place of the link's) and the headers, not the caller's filter.
func TestLinkHeaderDropsFilter(t *testing.T) {
	s := azureserver.New(t)
	params := &azure.AlertsListParams{APIVersion: azureserver.APIVersion, Filter: azure.Ptr("severity eq 'high'"), XMsClientRequestID: azure.Ptr("req-1")}
	var ids []int64
	for _, a := range collect(t, s, newClient(t, s).AlertsListAll(t.Context(), params)) {
		ids = append(ids, *a.ID)
	}
	if !slices.Equal(ids, []int64{1, 2, 3}) {
		t.Errorf("got %v, want [1 2 3]", ids)
	}
}

// TestPageableLongRunning: a 202 is polled through Operation-Location until
// it succeeds, and the walk pages from the resource it names.
func TestPageableLongRunning(t *testing.T) {
	s := azureserver.New(t)
	var ns []int64
	for _, r := range collect(t, s, newClient(t, s).ReportsGenerateAll(t.Context(), &azure.ReportsGenerateParams{APIVersion: azureserver.APIVersion})) {
		ns = append(ns, *r.N)
	}
	if !slices.Equal(ns, []int64{1, 2, 3}) {
		t.Errorf("got %v, want [1 2 3]", ns)
	}
	want := []string{
		"POST /reports?api-version=2024-01-01",
		"GET /operations/op1", "GET /operations/op1", "GET /operations/op1",
		"GET /reports/r1/rows",
		"GET /reports/r1/rows?page=2&api-version=2024-01-01",
	}
	if got := s.Log(); !slices.Equal(got, want) {
		t.Errorf("requests %q\nwant     %q", got, want)
	}
}

func entityKeys(es []azure.Entity) (out []string) {
	for _, e := range es {
		out = append(out, *e.PartitionKey+"/"+*e.RowKey)
	}
	return out
}

// TestContinuationHeader: one x-ms-continuation-NAME header is a token sent
// back as NAME.
func TestContinuationHeader(t *testing.T) {
	s := azureserver.New(t)
	var names []string
	for _, tb := range collect(t, s, newClient(t, s).TablesQueryAll(t.Context(), nil)) {
		names = append(names, *tb.TableName)
	}
	if !slices.Equal(names, []string{"t1", "t2"}) {
		t.Errorf("got %v, want [t1 t2]", names)
	}
}

// TestTokenSet: Azure Table's two continuation headers continue the walk
// together; a key the server leaves out is not sent.
func TestTokenSet(t *testing.T) {
	s := azureserver.New(t)
	params := &azure.EntitiesQueryParams{Table: "people"}
	got := entityKeys(collect(t, s, newClient(t, s).EntitiesQueryAll(t.Context(), params)))
	if want := []string{"p1/r1", "p1/r2", "p1/r3", "p2/r1", "p3/r1"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	want := []string{
		"GET /tables/people/entities",
		"GET /tables/people/entities?NextPartitionKey=1%214%21cDE-&NextRowKey=1%214%21cjM-",
		"GET /tables/people/entities?NextPartitionKey=1%214%21cDM-",
	}
	if got := s.Log(); !slices.Equal(got, want) {
		t.Errorf("requests %q\nwant     %q", got, want)
	}
}

// TestTokenSetResumeAndRestart: a walk stopped by MaxItems mid-page
// resumes from its ResumeToken; when the server then rejects the keys as
// expired, the walk restarts and still returns each item once.
func TestTokenSetResumeAndRestart(t *testing.T) {
	s := azureserver.New(t)
	c := newClient(t, s)
	params := &azure.EntitiesQueryParams{Table: "people"}
	p := azure.NewEntitiesQueryPaginator(c, params, func(o *azure.PaginatorOptions) { o.MaxItems = 3 })
	var got []string
	for p.HasMorePages() {
		pg, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, entityKeys(pg.Items)...)
	}
	resume := p.ResumeToken()
	if resume == "" {
		t.Fatal("no ResumeToken after MaxItems")
	}
	s.ExpireOnce()
	got = append(got, entityKeys(collect(t, s, c.EntitiesQueryAll(t.Context(), params, func(o *azure.PaginatorOptions) { o.StartToken = resume })))...)
	if want := []string{"p1/r1", "p1/r2", "p1/r3", "p2/r1", "p3/r1"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v\nrequests: %q", got, want, s.Log())
	}
	// The first page twice: once at the start, once for the restart.
	if n := slices.Index(s.Log()[1:], "GET /tables/people/entities"); n < 0 {
		t.Errorf("the walk did not restart from the first page: %q", s.Log())
	}
}

// TestTokenSetCycle: a server that hands back a token set seen before in
// the walk ends it with ErrTokenCycle, not an endless loop.
func TestTokenSetCycle(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		// Pages A, B, A, B, ...
		if r.URL.Query().Get("NextPartitionKey") == "A" {
			w.Header().Set("x-ms-continuation-NextPartitionKey", "B")
		} else {
			w.Header().Set("x-ms-continuation-NextPartitionKey", "A")
		}
		w.Header().Set("x-ms-continuation-NextRowKey", "r")
		azureserver.Reply(w, map[string]any{"value": []any{map[string]string{"PartitionKey": "p", "RowKey": strconv.Itoa(calls)}}})
	}))
	defer srv.Close()
	c, err := azure.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	var walkErr error
	for _, err := range c.EntitiesQueryAll(t.Context(), &azure.EntitiesQueryParams{Table: "people"}) {
		if err != nil {
			walkErr = err
			break
		}
		n++
	}
	if !errors.Is(walkErr, azure.ErrTokenCycle) || n != 3 {
		t.Errorf("got %d items and %v, want 3 items and ErrTokenCycle", n, walkErr)
	}
}

// TestAnnotatedTokenSet: x-pagination states three tokens that continue the
// walk together (Route 53's record name, type and identifier).
func TestAnnotatedTokenSet(t *testing.T) {
	s := azureserver.New(t)
	var names []string
	for _, r := range collect(t, s, newClient(t, s).RecordsListAll(t.Context(), &azure.RecordsListParams{Zone: "z1"})) {
		names = append(names, *r.Name)
	}
	if !slices.Equal(names, []string{"a", "b", "c"}) {
		t.Errorf("got %v, want [a b c]\nrequests: %q", names, s.Log())
	}
}
