package azure_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pagegen/pagegen/generated_examples/azure"
)

// server answers like the Azure services specs/azure.yaml describes, and
// checks what each page request carries, failing with a 400 that names what
// is wrong.
type server struct {
	*httptest.Server
	mu    sync.Mutex
	calls []string // METHOD PATH?QUERY of every request
	// expireOnce makes the table reject the next continuation as expired.
	expireOnce bool
}

func newServer(t *testing.T) *server {
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *server) log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

func bad(w http.ResponseWriter, format string, args ...any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": "BadRequest", "message": fmt.Sprintf(format, args...)}})
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

const apiVersion = "2024-01-01"

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.calls = append(s.calls, r.Method+" "+r.URL.RequestURI())
	s.mu.Unlock()
	q := r.URL.Query()
	switch {
	case r.URL.Path == "/containers":
		// Storage: NextMarker in the body, sent back as marker.
		if q.Get("comp") != "list" {
			bad(w, "comp=list is missing")
			return
		}
		pages := map[string]any{
			"":     map[string]any{"Containers": []any{map[string]string{"Name": "a"}, map[string]string{"Name": "b"}}, "NextMarker": "m/2+"},
			"m/2+": map[string]any{"Containers": []any{map[string]string{"Name": "c"}}, "NextMarker": ""},
		}
		page, ok := pages[q.Get("marker")]
		if !ok {
			bad(w, "unknown marker %q", q.Get("marker"))
			return
		}
		reply(w, page)
	case r.URL.Path == "/accounts/acct/queues":
		// A next link relative to this page's URL.
		switch q.Get("page") {
		case "":
			reply(w, map[string]any{"queueItems": []any{map[string]string{"name": "q1"}}, "nextLink": "queues?page=2"})
		case "2":
			reply(w, map[string]any{"queueItems": []any{map[string]string{"name": "q2"}}})
		default:
			bad(w, "unknown page")
		}
	case r.URL.Path == "/widgets" || r.URL.Path == "/groups/g1/widgets":
		if q.Get("api-version") != apiVersion {
			bad(w, "api-version %q", q.Get("api-version"))
			return
		}
		from := strings.TrimPrefix(strings.TrimSuffix(r.URL.Path, "/widgets"), "/groups/")
		if from == "" {
			from = "all"
		}
		reply(w, map[string]any{"value": []any{map[string]string{"id": from + "-1"}}, "nextLink": "from/" + from + "?skip=1"})
	case strings.HasPrefix(r.URL.Path, "/widgets/next/from/"):
		// The continuation takes the link unescaped in its path, keeps the
		// link's query, and adds its own api-version.
		if q.Get("api-version") != apiVersion || q.Get("skip") != "1" {
			bad(w, "query %q", r.URL.RawQuery)
			return
		}
		from := strings.TrimPrefix(r.URL.Path, "/widgets/next/from/")
		reply(w, map[string]any{"value": []any{map[string]string{"id": from + "-2"}}})
	case r.URL.Path == "/v1/tenants/t1/events":
		// Constants of every type, api-version and headers on every page;
		// the next page is in a Link header relative to this page's URL.
		var wrong []string
		for name, want := range map[string]string{"version": "2", "includeDeleted": "false", "api-version": apiVersion} {
			if got := q[name]; len(got) != 1 || got[0] != want {
				wrong = append(wrong, fmt.Sprintf("%s=%q", name, got))
			}
		}
		if r.Header.Get("x-ms-client-request-id") != "req-1" {
			wrong = append(wrong, "x-ms-client-request-id header")
		}
		if len(wrong) > 0 {
			slices.Sort(wrong)
			bad(w, "wrong %s", strings.Join(wrong, ", "))
			return
		}
		n, _ := strconv.Atoi(q.Get("page"))
		n = max(n, 1)
		if n < 3 {
			// The link carries a stale api-version, which the client replaces.
			w.Header().Set("Link", fmt.Sprintf(`<events?page=%d&Api-Version=2020-01-01>; rel="next"`, n+1))
		}
		reply(w, []any{map[string]int{"id": n}})
	case r.URL.Path == "/reports" && r.Method == http.MethodPost:
		w.Header().Set("Operation-Location", "/operations/op1")
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusAccepted)
	case r.URL.Path == "/operations/op1":
		w.Header().Set("Retry-After", "0")
		s.mu.Lock()
		polls := 0
		for _, c := range s.calls {
			if strings.HasPrefix(c, "GET /operations/op1") {
				polls++
			}
		}
		s.mu.Unlock()
		if polls < 3 {
			reply(w, map[string]string{"status": "Running"})
			return
		}
		reply(w, map[string]string{"status": "Succeeded", "resourceLocation": "/reports/r1/rows"})
	case r.URL.Path == "/reports/r1/rows":
		if q.Get("page") == "2" {
			reply(w, map[string]any{"value": []any{map[string]int{"n": 3}}})
			return
		}
		reply(w, map[string]any{"value": []any{map[string]int{"n": 1}, map[string]int{"n": 2}}, "nextLink": "rows?page=2"})
	case r.URL.Path == "/Tables":
		// One continuation header: a plain token.
		if q.Get("NextTableName") == "" {
			w.Header().Set("x-ms-continuation-NextTableName", "t2")
			reply(w, map[string]any{"value": []any{map[string]string{"TableName": "t1"}}})
			return
		}
		reply(w, map[string]any{"value": []any{map[string]string{"TableName": q.Get("NextTableName")}}})
	case r.URL.Path == "/tables/people/entities":
		s.entities(w, q)
	case r.URL.Path == "/zones/z1/records":
		// Three tokens at once, stated with x-pagination.
		at := [3]string{q.Get("name"), q.Get("type"), q.Get("identifier")}
		switch at {
		case [3]string{}:
			reply(w, map[string]any{"Records": []any{map[string]string{"Name": "a"}}, "IsTruncated": true,
				"NextRecordName": "b.example.", "NextRecordType": "A", "NextRecordIdentifier": "id 1&2"})
		case [3]string{"b.example.", "A", "id 1&2"}:
			reply(w, map[string]any{"Records": []any{map[string]string{"Name": "b"}}, "IsTruncated": true,
				"NextRecordName": "c.example.", "NextRecordType": "MX"})
		case [3]string{"c.example.", "MX", ""}:
			reply(w, map[string]any{"Records": []any{map[string]string{"Name": "c"}}, "IsTruncated": false})
		default:
			bad(w, "no page at %q", at)
		}
	default:
		http.NotFound(w, r)
	}
}

// entityPages are the pages of the people table, by the keys that lead to
// them; the last page's continuation has a partition key and no row key.
var entityPages = []struct {
	pk, rk         string // the keys that lead to the page
	items          []string
	nextPK, nextRK string
}{
	{"", "", []string{"p1/r1", "p1/r2"}, "1!4!cDE-", "1!4!cjM-"},
	{"1!4!cDE-", "1!4!cjM-", []string{"p1/r3", "p2/r1"}, "1!4!cDM-", ""},
	{"1!4!cDM-", "", []string{"p3/r1"}, "", ""},
}

// entities serves Azure Table's query: NextPartitionKey and NextRowKey in
// the query, x-ms-continuation-* headers in the response. gone, when set,
// rejects continuation keys as expired (HTTP 410) once.
func (s *server) entities(w http.ResponseWriter, q map[string][]string) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	s.mu.Lock()
	gone := s.expireOnce && get("NextPartitionKey") != ""
	if gone {
		s.expireOnce = false
	}
	s.mu.Unlock()
	if gone {
		w.WriteHeader(http.StatusGone)
		return
	}
	for _, p := range entityPages {
		if p.pk != get("NextPartitionKey") || p.rk != get("NextRowKey") {
			continue
		}
		if p.nextPK != "" {
			w.Header().Set("x-ms-continuation-NextPartitionKey", p.nextPK)
		}
		if p.nextRK != "" {
			w.Header().Set("x-ms-continuation-NextRowKey", p.nextRK)
		}
		var items []any
		for _, it := range p.items {
			pk, rk, _ := strings.Cut(it, "/")
			items = append(items, map[string]string{"PartitionKey": pk, "RowKey": rk})
		}
		reply(w, map[string]any{"value": items})
		return
	}
	bad(w, "no page at NextPartitionKey=%q NextRowKey=%q", get("NextPartitionKey"), get("NextRowKey"))
}

func newClient(t *testing.T, s *server) *azure.Client {
	t.Helper()
	c, err := azure.NewClient(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// collect ranges over all and returns the items, or fails t.
func collect[T any](t *testing.T, s *server, all func(yield func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for it, err := range all {
		if err != nil {
			t.Fatalf("after %d items: %v\nrequests: %q", len(out), err, s.log())
		}
		out = append(out, it)
	}
	return out
}

// TestMarkerToken: an x-ms-pageable nextLinkName that is not a link
// (storage's NextMarker) is a token sent back as marker, escaped as a query
// value.
func TestMarkerToken(t *testing.T) {
	s := newServer(t)
	items := collect(t, s, newClient(t, s).ContainersListAll(t.Context(), nil))
	var names []string
	for _, c := range items {
		names = append(names, *c.Name)
	}
	if !slices.Equal(names, []string{"a", "b", "c"}) {
		t.Errorf("got %v, want [a b c]", names)
	}
	want := []string{"GET /containers?comp=list", "GET /containers?comp=list&marker=m%2F2%2B"}
	if got := s.log(); !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
}

// TestItemNameNotInSchema: an itemName the schema lacks is inferred, and
// the operation still pages; its relative next link resolves against the
// page's URL, not the base URL.
func TestItemNameNotInSchema(t *testing.T) {
	s := newServer(t)
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
	s := newServer(t)
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
	s := newServer(t)
	params := &azure.EventsListParams{Tenant: "t1", APIVersion: apiVersion, XMsClientRequestID: azure.Ptr("req-1")}
	var ids []int64
	for _, e := range collect(t, s, newClient(t, s).EventsListAll(t.Context(), params)) {
		ids = append(ids, *e.ID)
	}
	if !slices.Equal(ids, []int64{1, 2, 3}) {
		t.Errorf("got %v, want [1 2 3]", ids)
	}
}

// TestPageableLongRunning: a 202 is polled through Operation-Location until
// it succeeds, and the walk pages from the resource it names.
func TestPageableLongRunning(t *testing.T) {
	s := newServer(t)
	var ns []int64
	for _, r := range collect(t, s, newClient(t, s).ReportsGenerateAll(t.Context(), &azure.ReportsGenerateParams{APIVersion: apiVersion})) {
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
	if got := s.log(); !slices.Equal(got, want) {
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
	s := newServer(t)
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
	s := newServer(t)
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
	if got := s.log(); !slices.Equal(got, want) {
		t.Errorf("requests %q\nwant     %q", got, want)
	}
}

// TestTokenSetResumeAndRestart: a walk stopped by MaxItems mid-page
// resumes from its ResumeToken; when the server then rejects the keys as
// expired, the walk restarts and still returns each item once.
func TestTokenSetResumeAndRestart(t *testing.T) {
	s := newServer(t)
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
	s.mu.Lock()
	s.expireOnce = true
	s.mu.Unlock()
	got = append(got, entityKeys(collect(t, s, c.EntitiesQueryAll(t.Context(), params, func(o *azure.PaginatorOptions) { o.StartToken = resume })))...)
	if want := []string{"p1/r1", "p1/r2", "p1/r3", "p2/r1", "p3/r1"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v\nrequests: %q", got, want, s.log())
	}
	// The first page twice: once at the start, once for the restart.
	if n := slices.Index(s.log()[1:], "GET /tables/people/entities"); n < 0 {
		t.Errorf("the walk did not restart from the first page: %q", s.log())
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
		reply(w, map[string]any{"value": []any{map[string]string{"PartitionKey": "p", "RowKey": strconv.Itoa(calls)}}})
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
	s := newServer(t)
	var names []string
	for _, r := range collect(t, s, newClient(t, s).RecordsListAll(t.Context(), &azure.RecordsListParams{Zone: "z1"})) {
		names = append(names, *r.Name)
	}
	if !slices.Equal(names, []string{"a", "b", "c"}) {
		t.Errorf("got %v, want [a b c]\nrequests: %q", names, s.log())
	}
}
