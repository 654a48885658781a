package alexaserver

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/testdata/faults"
)

func start(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	s := New()
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	return s, hs
}

type page struct {
	PaginationContext *struct {
		NextToken string `json:"nextToken"`
	} `json:"paginationContext"`
	Results []struct {
		ID string `json:"id"`
	} `json:"results"`
	Message string `json:"message"`
}

func (p page) ids() []string {
	var ids []string
	for _, r := range p.Results {
		ids = append(ids, r.ID)
	}
	return ids
}

func (p page) token() string {
	if p.PaginationContext == nil {
		return ""
	}
	return p.PaginationContext.NextToken
}

func do(t *testing.T, hs *httptest.Server, req *http.Request) (int, page, http.Header) {
	t.Helper()
	resp, err := hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var p page
	if len(b) > 0 {
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatalf("body %q: %v", b, err)
		}
	}
	return resp.StatusCode, p, resp.Header
}

func listUnits(t *testing.T, hs *httptest.Server, q url.Values) (int, page, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("GET", hs.URL+"/v2/units?"+q.Encode(), nil)
	return do(t, hs, req)
}

func query(t *testing.T, hs *httptest.Server, body any) (int, page, http.Header) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", hs.URL+"/v2/endpoints/query", strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	return do(t, hs, req)
}

func walkUnits(t *testing.T, hs *httptest.Server, q url.Values) ([]string, int) {
	t.Helper()
	var all []string
	for pages := 1; pages < 1000; pages++ {
		code, p, _ := listUnits(t, hs, q)
		if code != 200 {
			t.Fatalf("ListUnits: %d %q", code, p.Message)
		}
		all = append(all, p.ids()...)
		if p.token() == "" {
			return all, pages
		}
		q.Set("nextToken", p.token())
	}
	t.Fatal("walk does not end")
	return nil, 0
}

func walkEndpoints(t *testing.T, hs *httptest.Server, q map[string]any, max int) ([]string, int) {
	t.Helper()
	var all []string
	pc := map[string]any{"maxResults": max}
	for pages := 1; pages < 1000; pages++ {
		code, p, _ := query(t, hs, map[string]any{"query": q, "paginationContext": pc})
		if code != 200 {
			t.Fatalf("QueryEndpoints: %d %q", code, p.Message)
		}
		all = append(all, p.ids()...)
		if p.token() == "" {
			return all, pages
		}
		pc["nextToken"] = p.token()
	}
	t.Fatal("walk does not end")
	return nil, 0
}

func same(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("got %d %v\nwant %d %v", len(got), got, len(want), want)
	}
}

func TestListUnitsFullWalk(t *testing.T) {
	s, hs := start(t)
	ids := s.AddUnits("", 23)
	got, pages := walkUnits(t, hs, url.Values{"maxResults": {"5"}})
	same(t, got, ids)
	if pages != 5 || s.Count("ListUnits") != 5 || len(s.Tokens()) != 4 {
		t.Errorf("pages %d count %d tokens %d", pages, s.Count("ListUnits"), len(s.Tokens()))
	}
	walkTokens := s.Tokens()
	// Default page size is 10; the last page has no paginationContext.
	code, p, h := listUnits(t, hs, url.Values{})
	if code != 200 || len(p.Results) != 10 || h.Get("X-Amzn-RequestId") == "" {
		t.Fatalf("default page: %d %d %v", code, len(p.Results), h)
	}
	resp, _ := hs.Client().Get(hs.URL + "/v2/units?maxResults=5&nextToken=" + url.QueryEscape(walkTokens[len(walkTokens)-1]))
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(b), "paginationContext") {
		t.Errorf("last page carries paginationContext: %s", b)
	}
	// parentId filter.
	floor := ids[0]
	rooms := s.AddUnits(floor, 4)
	got, _ = walkUnits(t, hs, url.Values{"parentId": {floor}, "maxResults": {"3"}})
	same(t, got, rooms)
}

func TestMaxResultsBounds(t *testing.T) {
	s, hs := start(t)
	s.AddUnits("", 3)
	for _, bad := range []string{"0", "11", "-1", "ten"} {
		code, p, h := listUnits(t, hs, url.Values{"maxResults": {bad}})
		if code != 400 || p.Message == "" || h.Get("X-Amzn-RequestId") == "" {
			t.Errorf("maxResults=%s: %d %q", bad, code, p.Message)
		}
	}
	for _, bad := range []int{0, 11} {
		if code, _, _ := query(t, hs, map[string]any{"paginationContext": map[string]any{"maxResults": bad}}); code != 400 {
			t.Errorf("body maxResults=%d: %d", bad, code)
		}
	}
	if code, _, _ := listUnits(t, hs, url.Values{"maxResults": {"1"}}); code != 200 {
		t.Error("maxResults=1 rejected")
	}
	if code, _, _ := listUnits(t, hs, url.Values{"maxResults": {"10"}}); code != 200 {
		t.Error("maxResults=10 rejected")
	}
}

func TestQueryEndpointsFullWalk(t *testing.T) {
	s, hs := start(t)
	units := s.AddUnits("", 2)
	a := s.AddEndpoints(units[0], 17)
	b := s.AddEndpoints(units[1], 4)
	got, pages := walkEndpoints(t, hs, map[string]any{}, 10)
	same(t, got, append(append([]string(nil), a...), b...))
	if pages != 3 {
		t.Errorf("pages %d", pages)
	}
	got, _ = walkEndpoints(t, hs, map[string]any{"unitId": units[0]}, 4)
	same(t, got, a)
	// No paginationContext at all in the request: first page, default size.
	if code, p, _ := query(t, hs, map[string]any{}); code != 200 || len(p.Results) != 10 {
		t.Errorf("bare query: %d %d", code, len(p.Results))
	}
	if code, p, _ := query(t, hs, "not an object"); code != 400 || p.Message == "" {
		t.Errorf("bad body: %d", code)
	}
}

func TestTokenErrors(t *testing.T) {
	s, hs := start(t)
	units := s.AddUnits("", 12)
	_, p, _ := listUnits(t, hs, url.Values{"maxResults": {"3"}})
	tok := p.token()
	if !strings.Contains(tok, "+") || !strings.Contains(tok, "/") || !strings.HasSuffix(tok, "=") {
		t.Errorf("token %q lacks + / =", tok)
	}
	for what, q := range map[string]url.Values{
		"tampered":      {"nextToken": {faults.Tamper(tok)}},
		"other filter":  {"nextToken": {tok}, "parentId": {units[0]}},
		"not base64":    {"nextToken": {"someToken.2"}},
		"unescaped (+)": {"nextToken": {strings.ReplaceAll(tok, "+", " ")}},
	} {
		if code, p, _ := listUnits(t, hs, q); code != 400 || p.Message != MsgInvalidToken {
			t.Errorf("%s: %d %q", what, code, p.Message)
		}
	}
	// A ListUnits token is no good for QueryEndpoints.
	if code, p, _ := query(t, hs, map[string]any{"paginationContext": map[string]any{"nextToken": tok}}); code != 400 || p.Message != MsgInvalidToken {
		t.Errorf("cross-operation: %d %q", code, p.Message)
	}
	// Deleting the last item returned does not break the token: the walk
	// goes on after it.
	s.Delete(units[2])
	code, p, _ := listUnits(t, hs, url.Values{"nextToken": {tok}, "maxResults": {"3"}})
	if code != 200 {
		t.Fatalf("after delete: %d %q", code, p.Message)
	}
	same(t, p.ids(), units[3:6])
	s.ExpireTokens()
	if code, p, _ := listUnits(t, hs, url.Values{"nextToken": {tok}}); code != 400 || p.Message != MsgExpiredToken {
		t.Errorf("expired: %d %q", code, p.Message)
	}
}

func TestModes(t *testing.T) {
	s, hs := start(t)
	ids := s.AddUnits("", 9)

	s.SetTokenCycle(2)
	q := url.Values{"maxResults": {"2"}}
	var toks []string
	for range 4 {
		_, p, _ := listUnits(t, hs, q)
		toks = append(toks, p.token())
		q.Set("nextToken", p.token())
	}
	if toks[0] != toks[2] || toks[1] != toks[3] || toks[0] == toks[1] {
		t.Fatalf("no A, B, A, B cycle: %v", toks)
	}
	s.ResetModes()

	s.SetEmptyPages(2)
	got, pages := walkUnits(t, hs, url.Values{"maxResults": {"2"}})
	same(t, got, ids)
	if pages != 3*5 {
		t.Errorf("empty pages: %d pages", pages)
	}
	s.ResetModes()

	s.SetEndless(faults.EndlessItems)
	q = url.Values{"maxResults": {"10"}}
	for i := range 5 {
		code, p, _ := listUnits(t, hs, q)
		if code != 200 || p.token() == "" || len(p.Results) != 10 && i > 0 {
			t.Fatalf("endless page %d: %d %d %q", i, code, len(p.Results), p.token())
		}
		q.Set("nextToken", p.token())
	}
}

func TestUnitCRUDAndAuth(t *testing.T) {
	s, hs := start(t)
	ids := s.AddUnits("", 2)
	req, _ := http.NewRequest("GET", hs.URL+"/v2/units/"+ids[0], nil)
	code, _, _ := do(t, hs, req)
	if code != 200 {
		t.Fatalf("get: %d", code)
	}
	req, _ = http.NewRequest("DELETE", hs.URL+"/v2/units/"+ids[0], nil)
	if code, _, _ := do(t, hs, req); code != 204 {
		t.Fatalf("delete: %d", code)
	}
	req, _ = http.NewRequest("GET", hs.URL+"/v2/units/"+ids[0], nil)
	if code, p, _ := do(t, hs, req); code != 404 || p.Message == "" {
		t.Fatalf("get deleted: %d", code)
	}
	s.RequireAccessToken("Atza|secret")
	if code, p, _ := listUnits(t, hs, nil); code != 401 || p.Message == "" {
		t.Fatalf("no auth: %d", code)
	}
	req, _ = http.NewRequest("GET", hs.URL+"/v2/units", nil)
	req.Header.Set("Authorization", "Bearer Atza|secret")
	if code, _, _ := do(t, hs, req); code != 200 {
		t.Fatalf("auth: %d", code)
	}
}

func TestFaults(t *testing.T) {
	s, hs := start(t)
	ids := s.AddUnits("", 6)
	s.Faults().Next(TooManyRequests("3"), ServiceUnavailable("Wed, 21 Oct 2030 07:28:00 GMT"), InternalError())
	for _, want := range []int{429, 503, 500} {
		code, p, h := listUnits(t, hs, nil)
		if code != want || p.Message == "" || h.Get("X-Amzn-RequestId") == "" {
			t.Errorf("want %d: %d %q %v", want, code, p.Message, h)
		}
		if want != 500 && h.Get("Retry-After") == "" {
			t.Errorf("%d without Retry-After", want)
		}
	}
	// Fail the second page of QueryEndpoints once, mid-body; the retry
	// with the same token gets the same page.
	s.AddEndpoints("", 4)
	s.Faults().When(faults.All(Op("QueryEndpoints"), WithToken()), faults.ResetMidBody())
	_, p, _ := query(t, hs, map[string]any{"paginationContext": map[string]any{"maxResults": 2}})
	body, _ := json.Marshal(map[string]any{"paginationContext": map[string]any{"maxResults": 2, "nextToken": p.token()}})
	resp, err := hs.Client().Post(hs.URL+"/v2/endpoints/query", "application/json", strings.NewReader(string(body)))
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Fatal("reset mid-body went unnoticed")
	}
	code, p2, _ := query(t, hs, map[string]any{"paginationContext": map[string]any{"maxResults": 2, "nextToken": p.token()}})
	if code != 200 || len(p2.Results) != 2 || p2.token() != "" {
		t.Fatalf("retry: %d %+v", code, p2)
	}
	calls := s.Calls()
	if last := calls[len(calls)-1]; last.Op != "QueryEndpoints" || last.Token != p.token() || last.Limit != 2 || last.Items != 2 {
		t.Errorf("last call %+v", last)
	}
	_ = ids
}
