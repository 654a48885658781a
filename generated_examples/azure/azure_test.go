package azure_test

import (
	"encoding/json"
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
	default:
		http.NotFound(w, r)
	}
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
