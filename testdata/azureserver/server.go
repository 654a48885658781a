// Package azureserver emulates the Azure services specs/azure.yaml
// describes, for pagegen's end-to-end tests of its Azure example, over its
// own client and over oapi-codegen and ogen clients:
//
//	GET  /containers?comp=list&marker=                Containers_List: storage's NextMarker
//	GET  /accounts/acct/queues?page=                  Queues_List: a next link relative to the page
//	GET  /widgets, /groups/g1/widgets                 Widgets_List, Widgets_ListByGroup: api-version, a link "from/…?skip=1"
//	GET  /widgets/next/from/{all|g1}?skip=1           Widgets_ListNext: the link unescaped in the path
//	GET  /subscriptions?api-version=&$filter=         Subscriptions_List: an absolute next link, no filter after the first page
//	GET  /alerts?api-version=&$filter=                Alerts_List: a header, a relative Link header, no filter after the first page
//	GET  /v1/tenants/t1/events?page=                  Events_List: constants, a header, a relative Link header
//	POST /reports, GET /operations/op1, /reports/r1/rows  Reports_Generate: a pageable long-running operation
//	GET  /Tables, /tables/people/entities             Tables_Query, Entities_Query: x-ms-continuation-* headers
//	GET  /zones/z1/records                            Records_List: a three-token set
//
// A request that lacks what the operation must send with every page gets a
// 400 naming what is wrong.
package azureserver

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

	"github.com/pagegen/pagegen/testdata/faults"
)

// Server answers like the Azure services specs/azure.yaml describes, and
// checks what each page request carries, failing with a 400 that names what
// is wrong.
type Server struct {
	*httptest.Server
	faults *faults.Injector
	mu     sync.Mutex
	calls  []string // METHOD PATH?QUERY of every request
	// expireOnce makes the table reject the next continuation as expired.
	expireOnce bool
}

// New starts a Server, closed when t ends.
func New(t testing.TB) *Server {
	s := &Server{faults: faults.New()}
	s.Server = httptest.NewServer(s.faults.Wrap(http.HandlerFunc(s.serve)))
	t.Cleanup(s.Close)
	return s
}

// Faults returns the injector in front of the emulator: a fault answers a
// request before the emulator sees it, so the request is not logged.
func (s *Server) Faults() *faults.Injector { return s.faults }

// Log returns METHOD PATH?QUERY of every request the emulator answered,
// oldest first.
func (s *Server) Log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// ExpireOnce makes the table reject the next continuation keys as expired
// (HTTP 410), once.
func (s *Server) ExpireOnce() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireOnce = true
}

func bad(w http.ResponseWriter, format string, args ...any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": "BadRequest", "message": fmt.Sprintf(format, args...)}})
}

// Reply writes v as a JSON body.
func Reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// APIVersion is the api-version the emulator wants.
const APIVersion = "2024-01-01"

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
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
		Reply(w, page)
	case r.URL.Path == "/accounts/acct/queues":
		// A next link relative to this page's URL.
		switch q.Get("page") {
		case "":
			Reply(w, map[string]any{"queueItems": []any{map[string]string{"name": "q1"}}, "nextLink": "queues?page=2"})
		case "2":
			Reply(w, map[string]any{"queueItems": []any{map[string]string{"name": "q2"}}})
		default:
			bad(w, "unknown page")
		}
	case r.URL.Path == "/widgets" || r.URL.Path == "/groups/g1/widgets":
		if q.Get("api-version") != APIVersion {
			bad(w, "api-version %q", q.Get("api-version"))
			return
		}
		from := strings.TrimPrefix(strings.TrimSuffix(r.URL.Path, "/widgets"), "/groups/")
		if from == "" {
			from = "all"
		}
		Reply(w, map[string]any{"value": []any{map[string]string{"id": from + "-1"}}, "nextLink": "from/" + from + "?skip=1"})
	case strings.HasPrefix(r.URL.Path, "/widgets/next/from/"):
		// The continuation takes the link unescaped in its path, keeps the
		// link's query, and adds its own api-version.
		if q.Get("api-version") != APIVersion || q.Get("skip") != "1" {
			bad(w, "query %q", r.URL.RawQuery)
			return
		}
		from := strings.TrimPrefix(r.URL.Path, "/widgets/next/from/")
		Reply(w, map[string]any{"value": []any{map[string]string{"id": from + "-2"}}})
	case r.URL.Path == "/subscriptions":
		s.subscriptions(w, r)
	case r.URL.Path == "/alerts":
		s.alerts(w, r)
	case r.URL.Path == "/v1/tenants/t1/events":
		// Constants of every type, api-version and headers on every page;
		// the next page is in a Link header relative to this page's URL.
		var wrong []string
		for name, want := range map[string]string{"version": "2", "includeDeleted": "false", "api-version": APIVersion} {
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
		Reply(w, []any{map[string]int{"id": n}})
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
			Reply(w, map[string]string{"status": "Running"})
			return
		}
		Reply(w, map[string]string{"status": "Succeeded", "resourceLocation": "/reports/r1/rows"})
	case r.URL.Path == "/reports/r1/rows":
		if q.Get("page") == "2" {
			Reply(w, map[string]any{"value": []any{map[string]int{"n": 3}}})
			return
		}
		Reply(w, map[string]any{"value": []any{map[string]int{"n": 1}, map[string]int{"n": 2}}, "nextLink": "rows?page=2"})
	case r.URL.Path == "/Tables":
		// One continuation header: a plain token.
		if q.Get("NextTableName") == "" {
			w.Header().Set("x-ms-continuation-NextTableName", "t2")
			Reply(w, map[string]any{"value": []any{map[string]string{"TableName": "t1"}}})
			return
		}
		Reply(w, map[string]any{"value": []any{map[string]string{"TableName": q.Get("NextTableName")}}})
	case r.URL.Path == "/tables/people/entities":
		s.entities(w, q)
	case r.URL.Path == "/zones/z1/records":
		// Three tokens at once, stated with x-pagination.
		at := [3]string{q.Get("name"), q.Get("type"), q.Get("identifier")}
		switch at {
		case [3]string{}:
			Reply(w, map[string]any{"Records": []any{map[string]string{"Name": "a"}}, "IsTruncated": true,
				"NextRecordName": "b.example.", "NextRecordType": "A", "NextRecordIdentifier": "id 1&2"})
		case [3]string{"b.example.", "A", "id 1&2"}:
			Reply(w, map[string]any{"Records": []any{map[string]string{"Name": "b"}}, "IsTruncated": true,
				"NextRecordName": "c.example.", "NextRecordType": "MX"})
		case [3]string{"c.example.", "MX", ""}:
			Reply(w, map[string]any{"Records": []any{map[string]string{"Name": "c"}}, "IsTruncated": false})
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
func (s *Server) entities(w http.ResponseWriter, q map[string][]string) {
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
		Reply(w, map[string]any{"value": items})
		return
	}
	bad(w, "no page at NextPartitionKey=%q NextRowKey=%q", get("NextPartitionKey"), get("NextRowKey"))
}

// subscriptions serves Resource Manager's subscription list: the next link
// is absolute, and its query stands in for the caller's $filter, which a
// request for a later page must not send again.
func (s *Server) subscriptions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if got := q["api-version"]; len(got) != 1 || got[0] != APIVersion {
		bad(w, "api-version %q", got)
		return
	}
	switch q.Get("$skiptoken") {
	case "":
		if q.Get("$filter") != "state eq 'Enabled'" {
			bad(w, "$filter %q", q.Get("$filter"))
			return
		}
		next := fmt.Sprintf("http://%s/subscriptions?api-version=%s&$skiptoken=p%%2F2", r.Host, APIVersion)
		Reply(w, map[string]any{"value": []any{map[string]string{"subscriptionId": "s1"}, map[string]string{"subscriptionId": "s2"}}, "nextLink": next})
	case "p/2":
		if q.Has("$filter") {
			bad(w, "$filter sent again with the next link")
			return
		}
		Reply(w, map[string]any{"value": []any{map[string]string{"subscriptionId": "s3"}}})
	default:
		bad(w, "unknown $skiptoken %q", q.Get("$skiptoken"))
	}
}

// alerts serves a list whose next page is in a Link header relative to the
// page's URL, with a stale api-version the client replaces; every page
// must carry the api-version and the x-ms-client-request-id header, and
// only the first the caller's $filter.
func (s *Server) alerts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var wrong []string
	if got := q["api-version"]; len(got) != 1 || got[0] != APIVersion {
		wrong = append(wrong, fmt.Sprintf("api-version=%q", got))
	}
	if r.Header.Get("x-ms-client-request-id") != "req-1" {
		wrong = append(wrong, "x-ms-client-request-id header")
	}
	n, _ := strconv.Atoi(q.Get("page"))
	n = max(n, 1)
	if got := q.Get("$filter"); n == 1 && got != "severity eq 'high'" || n > 1 && q.Has("$filter") {
		wrong = append(wrong, fmt.Sprintf("$filter=%q on page %d", got, n))
	}
	if len(wrong) > 0 {
		bad(w, "wrong %s", strings.Join(wrong, ", "))
		return
	}
	if n < 3 {
		w.Header().Set("Link", fmt.Sprintf(`<alerts?page=%d&Api-Version=2020-01-01>; rel="next"`, n+1))
	}
	Reply(w, []any{map[string]int{"id": n}})
}
