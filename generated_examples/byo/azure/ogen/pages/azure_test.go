package pages_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/byo/azure/ogen/api"
	"github.com/pagegen/pagegen/generated_examples/byo/azure/ogen/pages"
	"github.com/pagegen/pagegen/testdata/azureserver"
	"github.com/pagegen/pagegen/testdata/faults"
)

// The Azure example (specs/azure.yaml) over an ogen client, against
// testdata/azureserver, which generated_examples/azure's tests run against
// too. The pageable long-running operation, which
// generated_examples/byo/azure/overlay.yaml turns off, is not paged over an
// existing client yet.

// newClient is an ogen client of url built with pages.HTTPClient, which
// keeps the responses for the paginators.
func newClient(t *testing.T, url string) *api.Client {
	t.Helper()
	c, err := api.NewClient(url, api.WithClient(pages.HTTPClient(nil)))
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

// fast keeps retries quick.
func fast(o *pages.PaginatorOptions) {
	o.Retry.BaseDelay, o.Retry.MaxDelay = time.Millisecond, 5*time.Millisecond
}

func subscriptionsParams() api.SubscriptionsListParams {
	return api.SubscriptionsListParams{APIVersion: azureserver.APIVersion, Filter: api.NewOptString("state eq 'Enabled'")}
}

func subscriptionIDs(subs []api.Subscription) (out []string) {
	for _, s := range subs {
		out = append(out, s.SubscriptionId.Value)
	}
	return out
}

// TestMarkerToken: storage's NextMarker is a token sent back as marker,
// escaped as a query value.
func TestMarkerToken(t *testing.T) {
	s := azureserver.New(t)
	items := collect(t, s, pages.ContainersListAll(t.Context(), newClient(t, s.URL), api.ContainersListParams{Comp: api.ContainersListCompList}))
	var names []string
	for _, c := range items {
		names = append(names, c.Name.Value)
	}
	if !slices.Equal(names, []string{"a", "b", "c"}) {
		t.Errorf("got %v, want [a b c]", names)
	}
	want := []string{"GET /containers?comp=list", "GET /containers?comp=list&marker=m%2F2%2B"}
	if got := s.Log(); !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
}

// TestContinuation: Widgets_ListNext continues Widgets_List, taking the
// link unescaped into its path (x-ms-skip-url-encoding) and adding its own
// api-version; both answer with a WidgetList, each page's Response.
func TestContinuation(t *testing.T) {
	s := azureserver.New(t)
	c := newClient(t, s.URL)
	var ids []string
	var firsts, nexts int
	for pg, err := range pages.WidgetsListPages(t.Context(), c, api.WidgetsListParams{APIVersion: api.WidgetsListAPIVersion20240101}) {
		if err != nil {
			t.Fatalf("%v\nrequests: %q", err, s.Log())
		}
		for _, w := range pg.Items {
			ids = append(ids, w.ID.Value)
		}
		if pg.Response != nil && pg.Response.NextLink.Set {
			firsts++
		}
		if pg.Response != nil && !pg.Response.NextLink.Set {
			nexts++
		}
	}
	if !slices.Equal(ids, []string{"all-1", "all-2"}) || firsts != 1 || nexts != 1 {
		t.Errorf("got %v from %d first and %d continuation responses, want [all-1 all-2] from one each", ids, firsts, nexts)
	}
	want := []string{"GET /widgets?api-version=2024-01-01", "GET /widgets/next/from/all?skip=1&api-version=2024-01-01"}
	if got := s.Log(); !slices.Equal(got, want) {
		t.Errorf("requests %q\nwant     %q", got, want)
	}
}

// TestAbsoluteNextLink: an absolute next link (Resource Manager's) is
// requested with the operation's api-version, and its query stands in for
// the caller's filter, which is not sent again.
func TestAbsoluteNextLink(t *testing.T) {
	s := azureserver.New(t)
	ids := subscriptionIDs(collect(t, s, pages.SubscriptionsListAll(t.Context(), newClient(t, s.URL), subscriptionsParams())))
	if !slices.Equal(ids, []string{"s1", "s2", "s3"}) {
		t.Errorf("got %v, want [s1 s2 s3]", ids)
	}
	want := []string{
		"GET /subscriptions?%24filter=state+eq+%27Enabled%27&api-version=2024-01-01",
		"GET /subscriptions?$skiptoken=p%2F2&api-version=2024-01-01",
	}
	if got := s.Log(); !slices.Equal(got, want) {
		t.Errorf("requests %q\nwant     %q", got, want)
	}
}

// TestLinkHeaderDropsFilter: pages after the first keep the api-version
// (in place of the link's stale one) and the headers, not the caller's
// filter; the Link header's relative URL resolves against the page's URL.
func TestLinkHeaderDropsFilter(t *testing.T) {
	s := azureserver.New(t)
	params := api.AlertsListParams{APIVersion: azureserver.APIVersion, Filter: api.NewOptString("severity eq 'high'"), XMsClientRequestID: api.NewOptString("req-1")}
	var ids []int64
	for _, a := range collect(t, s, pages.AlertsListAll(t.Context(), newClient(t, s.URL), params)) {
		ids = append(ids, a.ID.Value)
	}
	if !slices.Equal(ids, []int64{1, 2, 3}) {
		t.Errorf("got %v, want [1 2 3]", ids)
	}
}

// doerFunc is an HTTPDoer.
type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// TestDoerOnLinks: the requests for next links go through the doer the
// client was built with, as every other request does.
func TestDoerOnLinks(t *testing.T) {
	s := azureserver.New(t)
	var seen []string
	doer := doerFunc(func(r *http.Request) (*http.Response, error) {
		seen = append(seen, r.Method+" "+r.URL.Path)
		r.Header.Set("x-ms-client-request-id", "req-1")
		return http.DefaultClient.Do(r)
	})
	c, err := api.NewClient(s.URL, api.WithClient(pages.HTTPClient(doer)))
	if err != nil {
		t.Fatal(err)
	}
	params := api.AlertsListParams{APIVersion: azureserver.APIVersion, Filter: api.NewOptString("severity eq 'high'")}
	if n := len(collect(t, s, pages.AlertsListAll(t.Context(), c, params))); n != 3 || len(seen) != 3 {
		t.Errorf("%d items, doer saw %q: want 3 items and 3 requests", n, seen)
	}
}

// TestWithoutHTTPClient: over an ogen client built without
// pages.HTTPClient the paginator cannot see the responses, and says so.
func TestWithoutHTTPClient(t *testing.T) {
	s := azureserver.New(t)
	c, err := api.NewClient(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range pages.SubscriptionsListAll(t.Context(), c, subscriptionsParams()) {
		if err == nil || !strings.Contains(err.Error(), "HTTPClient") {
			t.Errorf("got %v, want an error naming HTTPClient", err)
		}
		break
	}
}

// offOrigin serves one page whose next link points to another host.
func offOrigin(t *testing.T, header bool) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if header {
			w.Header().Set("Link", `<https://evil.example.com/alerts?page=2>; rel="next"`)
			azureserver.Reply(w, []any{map[string]int{"id": 1}})
			return
		}
		azureserver.Reply(w, map[string]any{"value": []any{map[string]string{"subscriptionId": "s1"}}, "nextLink": "//evil.example.com/subscriptions?page=2"})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestOffOrigin: a next link, a Link header or a StartToken off the
// client's server is refused with ErrOffOrigin, sent to no one, and not
// retried.
func TestOffOrigin(t *testing.T) {
	check := func(name string, err error, n int) {
		t.Helper()
		if !errors.Is(err, pages.ErrOffOrigin) || n != 1 {
			t.Errorf("%s: %d items and %v, want 1 item and ErrOffOrigin", name, n, err)
		}
	}
	walk := func(all func(yield func(int, error) bool)) (n int, err error) {
		for _, err = range all {
			if err != nil {
				return n, err
			}
			n++
		}
		return n, nil
	}
	body := offOrigin(t, false)
	n, err := walk(func(yield func(int, error) bool) {
		for _, err := range pages.SubscriptionsListAll(t.Context(), newClient(t, body.URL), subscriptionsParams(), fast) {
			if !yield(0, err) {
				return
			}
		}
	})
	check("body link", err, n)
	header := offOrigin(t, true)
	n, err = walk(func(yield func(int, error) bool) {
		for _, err := range pages.AlertsListAll(t.Context(), newClient(t, header.URL), api.AlertsListParams{APIVersion: azureserver.APIVersion}, fast) {
			if !yield(0, err) {
				return
			}
		}
	})
	check("Link header", err, n)

	s := azureserver.New(t)
	start := func(o *pages.PaginatorOptions) { o.StartToken = "https://evil.example.com/subscriptions" }
	for _, err := range pages.SubscriptionsListAll(t.Context(), newClient(t, s.URL), subscriptionsParams(), start, fast) {
		if !errors.Is(err, pages.ErrOffOrigin) {
			t.Errorf("StartToken off the origin: got %v, want ErrOffOrigin", err)
		}
		break
	}
	if got := s.Log(); len(got) != 0 {
		t.Errorf("requests %q, want none", got)
	}
}

// isLink matches the requests for a next page: the link's or the
// continuation's.
func isLink(r *http.Request) bool {
	q := r.URL.Query()
	return q.Has("$skiptoken") || q.Has("page") || q.Has("skip")
}

// TestFaultsOnNextPages: transient failures of the requests for next
// links and continuations are retried, each item comes once; a failure
// that never clears is the API's error.
func TestFaultsOnNextPages(t *testing.T) {
	transient := []struct {
		name  string
		fault faults.Fault
	}{
		{"503", faults.Status(http.StatusServiceUnavailable, "", `{"error":{"code":"ServerBusy","message":"busy"}}`, "application/json")},
		{"429 Retry-After", faults.Status(http.StatusTooManyRequests, "1", `{"error":{"code":"TooManyRequests","message":"slow down"}}`, "application/json")},
		{"connection closed", faults.CloseConn()},
		{"body cut short", faults.Truncate()},
	}
	for _, f := range transient {
		t.Run(f.name, func(t *testing.T) {
			s := azureserver.New(t)
			s.Faults().When(isLink, f.fault, f.fault)
			c := newClient(t, s.URL)
			if ids := subscriptionIDs(collect(t, s, pages.SubscriptionsListAll(t.Context(), c, subscriptionsParams(), fast))); !slices.Equal(ids, []string{"s1", "s2", "s3"}) {
				t.Errorf("subscriptions: got %v, want [s1 s2 s3]", ids)
			}
			s.Faults().When(isLink, f.fault, f.fault)
			var ids []string
			for _, w := range collect(t, s, pages.WidgetsListAll(t.Context(), c, api.WidgetsListParams{APIVersion: api.WidgetsListAPIVersion20240101}, fast)) {
				ids = append(ids, w.ID.Value)
			}
			if !slices.Equal(ids, []string{"all-1", "all-2"}) {
				t.Errorf("widgets: got %v, want [all-1 all-2]", ids)
			}
		})
	}
	t.Run("persistent", func(t *testing.T) {
		s := azureserver.New(t)
		s.Faults().Every(isLink, faults.Status(http.StatusInternalServerError, "", `{"error":{"code":"InternalError","message":"down"}}`, "application/json"))
		var apiErr *pages.APIError
		n := 0
		for _, err := range pages.WidgetsListAll(t.Context(), newClient(t, s.URL), api.WidgetsListParams{APIVersion: api.WidgetsListAPIVersion20240101}, fast) {
			if err != nil {
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Code != "InternalError" {
					t.Errorf("got %v, want the API's 500 InternalError", err)
				}
				break
			}
			n++
		}
		if n != 1 || apiErr == nil {
			t.Errorf("%d items before the error, want 1", n)
		}
	})
}

// TestResume: a walk stopped by MaxItems resumes from its ResumeToken
// through the next link or the continuation, and returns each item once.
func TestResume(t *testing.T) {
	s := azureserver.New(t)
	c := newClient(t, s.URL)
	p := pages.NewSubscriptionsListPaginator(c, subscriptionsParams(), func(o *pages.PaginatorOptions) { o.MaxItems = 1 })
	var got []string
	for p.HasMorePages() {
		pg, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, subscriptionIDs(pg.Items)...)
	}
	resume := func(o *pages.PaginatorOptions) { o.StartToken = p.ResumeToken() }
	got = append(got, subscriptionIDs(collect(t, s, pages.SubscriptionsListAll(t.Context(), c, subscriptionsParams(), resume)))...)
	if want := []string{"s1", "s2", "s3"}; !slices.Equal(got, want) {
		t.Errorf("subscriptions: got %v, want %v\nrequests: %q", got, want, s.Log())
	}

	w := pages.NewWidgetsListPaginator(c, api.WidgetsListParams{APIVersion: api.WidgetsListAPIVersion20240101}, func(o *pages.PaginatorOptions) { o.MaxItems = 1 })
	pg, err := w.NextPage(t.Context())
	if err != nil || len(pg.Items) != 1 {
		t.Fatalf("first page: %v, %v", pg, err)
	}
	resume = func(o *pages.PaginatorOptions) { o.StartToken = w.ResumeToken() }
	var ids []string
	for _, it := range collect(t, s, pages.WidgetsListAll(t.Context(), c, api.WidgetsListParams{APIVersion: api.WidgetsListAPIVersion20240101}, resume)) {
		ids = append(ids, it.ID.Value)
	}
	if !slices.Equal(ids, []string{"all-2"}) {
		t.Errorf("widgets resumed: got %v, want [all-2]", ids)
	}
}

// TestLinkCycle: a server whose next links go round (A, B, A) ends the
// walk with ErrTokenCycle, not an endless loop.
func TestLinkCycle(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next := "/subscriptions?$skiptoken=A"
		if r.URL.Query().Get("$skiptoken") == "A" {
			next = "/subscriptions?$skiptoken=B"
		}
		azureserver.Reply(w, map[string]any{"value": []any{map[string]string{"subscriptionId": r.URL.RawQuery}}, "nextLink": next})
	}))
	defer srv.Close()
	var walkErr error
	n := 0
	for _, err := range pages.SubscriptionsListAll(t.Context(), newClient(t, srv.URL), subscriptionsParams()) {
		if err != nil {
			walkErr = err
			break
		}
		n++
	}
	if !errors.Is(walkErr, pages.ErrTokenCycle) || n != 3 {
		t.Errorf("got %d items and %v, want 3 items and ErrTokenCycle", n, walkErr)
	}
}

// TestPrefetch: with Prefetch, the walk over next links returns the same
// items.
func TestPrefetch(t *testing.T) {
	s := azureserver.New(t)
	prefetch := func(o *pages.PaginatorOptions) { o.Prefetch = true }
	ids := subscriptionIDs(collect(t, s, pages.SubscriptionsListAll(t.Context(), newClient(t, s.URL), subscriptionsParams(), prefetch)))
	if !slices.Equal(ids, []string{"s1", "s2", "s3"}) {
		t.Errorf("got %v, want [s1 s2 s3]", ids)
	}
}

// TestItemNameNotInSchema: an itemName the schema lacks is inferred, and
// the operation still pages; its relative next link resolves against the
// page's URL, not the server's.
func TestItemNameNotInSchema(t *testing.T) {
	s := azureserver.New(t)
	var names []string
	for _, q := range collect(t, s, pages.QueuesListAll(t.Context(), newClient(t, s.URL), api.QueuesListParams{Account: "acct"})) {
		names = append(names, q.Name.Value)
	}
	if !slices.Equal(names, []string{"q1", "q2"}) {
		t.Errorf("got %v, want [q1 q2]", names)
	}
}

// TestSharedContinuation: one continuation operation continues two list
// operations, taking the link unescaped into its path.
func TestSharedContinuation(t *testing.T) {
	s := azureserver.New(t)
	var ids []string
	params := api.WidgetsListByGroupParams{Group: "g1", APIVersion: api.WidgetsListByGroupAPIVersion20240101}
	for _, w := range collect(t, s, pages.WidgetsListByGroupAll(t.Context(), newClient(t, s.URL), params)) {
		ids = append(ids, w.ID.Value)
	}
	if !slices.Equal(ids, []string{"g1-1", "g1-2"}) {
		t.Errorf("WidgetsListByGroupAll: got %v, want [g1-1 g1-2]", ids)
	}
}

// TestLinkHeaderKeepsConstants: pages after the first keep the
// operation's constants (integer and boolean ones included), its
// api-version in place of the link's, and its headers; the Link header's
// relative URL resolves against the page's URL.
func TestLinkHeaderKeepsConstants(t *testing.T) {
	s := azureserver.New(t)
	params := api.EventsListParams{Tenant: "t1", APIVersion: azureserver.APIVersion, Version: api.EventsListVersion2,
		IncludeDeleted: api.EventsListIncludeDeletedFalse, XMsClientRequestID: api.NewOptString("req-1")}
	var ids []int64
	for _, e := range collect(t, s, pages.EventsListAll(t.Context(), newClient(t, s.URL), params)) {
		ids = append(ids, e.ID.Value)
	}
	if !slices.Equal(ids, []int64{1, 2, 3}) {
		t.Errorf("got %v, want [1 2 3]", ids)
	}
}

// TestContinuationHeader: one x-ms-continuation-NAME header is a token sent
// back as NAME.
func TestContinuationHeader(t *testing.T) {
	s := azureserver.New(t)
	var names []string
	for _, tb := range collect(t, s, pages.TablesQueryAll(t.Context(), newClient(t, s.URL), api.TablesQueryParams{})) {
		names = append(names, tb.TableName.Value)
	}
	if !slices.Equal(names, []string{"t1", "t2"}) {
		t.Errorf("got %v, want [t1 t2]", names)
	}
}

func entityKeys(es []api.Entity) (out []string) {
	for _, e := range es {
		out = append(out, e.PartitionKey.Value+"/"+e.RowKey.Value)
	}
	return out
}

// TestTokenSet: Azure Table's two continuation headers continue the walk
// together; a key the server leaves out is not sent.
func TestTokenSet(t *testing.T) {
	s := azureserver.New(t)
	got := entityKeys(collect(t, s, pages.EntitiesQueryAll(t.Context(), newClient(t, s.URL), api.EntitiesQueryParams{Table: "people"})))
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
	c := newClient(t, s.URL)
	params := api.EntitiesQueryParams{Table: "people"}
	p := pages.NewEntitiesQueryPaginator(c, params, func(o *pages.PaginatorOptions) { o.MaxItems = 3 })
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
	got = append(got, entityKeys(collect(t, s, pages.EntitiesQueryAll(t.Context(), c, params, func(o *pages.PaginatorOptions) { o.StartToken = resume })))...)
	if want := []string{"p1/r1", "p1/r2", "p1/r3", "p2/r1", "p3/r1"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v\nrequests: %q", got, want, s.Log())
	}
	if n := slices.Index(s.Log()[1:], "GET /tables/people/entities"); n < 0 {
		t.Errorf("the walk did not restart from the first page: %q", s.Log())
	}
}

// TestAnnotatedTokenSet: x-pagination states three tokens that continue the
// walk together (Route 53's record name, type and identifier).
func TestAnnotatedTokenSet(t *testing.T) {
	s := azureserver.New(t)
	var names []string
	for _, r := range collect(t, s, pages.RecordsListAll(t.Context(), newClient(t, s.URL), api.RecordsListParams{Zone: "z1"})) {
		names = append(names, r.Name.Value)
	}
	if !slices.Equal(names, []string{"a", "b", "c"}) {
		t.Errorf("got %v, want [a b c]\nrequests: %q", names, s.Log())
	}
}

// TestPageableLongRunning: a 202 is polled through Operation-Location until
// it succeeds, and the walk pages from the resource it names; every
// request goes through the client.
func TestPageableLongRunning(t *testing.T) {
	s := azureserver.New(t)
	var ns []int64
	for _, r := range collect(t, s, pages.ReportsGenerateAll(t.Context(), newClient(t, s.URL), api.ReportsGenerateParams{APIVersion: azureserver.APIVersion})) {
		ns = append(ns, r.N.Value)
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

// TestLongRunningFailure: a poll that fails is the API's error, and the
// walk gives up after its retries.
func TestLongRunningFailure(t *testing.T) {
	s := azureserver.New(t)
	s.Faults().Every(func(r *http.Request) bool { return r.URL.Path == "/operations/op1" }, azureserver.InternalError())
	for _, err := range pages.ReportsGenerateAll(t.Context(), newClient(t, s.URL), api.ReportsGenerateParams{APIVersion: azureserver.APIVersion}, fast) {
		var apiErr *pages.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusInternalServerError {
			t.Errorf("got %v, want the poll's 500", err)
		}
		break
	}
}
