package pagingserver

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, target string, header map[string]string) (*httptest.ResponseRecorder, any) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s: %v: %s", target, err, rec.Body)
	}
	return rec, out
}

func TestBookTokens(t *testing.T) {
	s := New()
	s.AddBooks("f", 3)
	rec, out := get(t, s, "/shelves/f/books?pageSize=2", nil)
	next := rec.Header().Get("X-Next-Page-Token")
	if books := out.([]any); len(books) != 2 || next == "" {
		t.Fatalf("first page: %v, next %q", out, next)
	}
	rec, out = get(t, s, "/shelves/f/books?pageSize=2", map[string]string{"X-Page-Token": next})
	if books := out.([]any); len(books) != 1 || rec.Header().Get("X-Next-Page-Token") != "" {
		t.Fatalf("last page: %v, %v", out, rec.Header())
	}
	s.ExpireTokens()
	rec, out = get(t, s, "/shelves/f/books", map[string]string{"X-Page-Token": next})
	if rec.Code != 400 || out.(map[string]any)["code"] != "InvalidToken" {
		t.Fatalf("expired token: %d %v", rec.Code, out)
	}
	if rec, _ := get(t, s, "/shelves/f/books?pageSize=51", nil); rec.Code != 400 {
		t.Errorf("pageSize 51: %d", rec.Code)
	}
}

func TestRecordSet(t *testing.T) {
	s := New()
	s.AddRecords("z", []string{"a", "b"}, []string{"", "A"})
	_, out := get(t, s, "/zones/z/records?max=1&name=a&type=A", nil)
	m := out.(map[string]any)
	if m["next_name"] != "b" || m["next_type"] != nil {
		t.Errorf("after a/A: %v, want next b with no type", m)
	}
	_, out = get(t, s, "/zones/z/records?max=5&name=b", nil)
	if recs := out.(map[string]any)["records"].([]any); len(recs) != 2 {
		t.Errorf("from b: %v", recs)
	}
}

func TestCountingStyles(t *testing.T) {
	s := New()
	s.AddEvents(3)
	s.AddArticles(3)
	_, out := get(t, s, "/events?offset=2&limit=5", nil)
	if m := out.(map[string]any); len(m["events"].([]any)) != 1 || m["total"] != float64(3) {
		t.Errorf("events: %v", m)
	}
	_, out = get(t, s, "/articles?page=2&per_page=2", nil)
	if m := out.(map[string]any); len(m["articles"].([]any)) != 1 || m["last_page"] != true {
		t.Errorf("articles: %v", m)
	}
	if rec, out := get(t, s, "/customers?starting_after=nobody", nil); rec.Code != 400 || !strings.Contains(out.(map[string]any)["message"].(string), "nobody") {
		t.Errorf("unknown cursor: %d %v", rec.Code, out)
	}
}
