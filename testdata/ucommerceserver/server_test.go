package ucommerceserver

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

// get calls path with q, as store st when st is not nil, and returns the
// status and the raw JSON object.
func get(t *testing.T, hs *httptest.Server, st *Store, path string, q url.Values) (int, map[string]json.RawMessage) {
	t.Helper()
	req, _ := http.NewRequest("GET", hs.URL+path+"?"+q.Encode(), nil)
	if st != nil {
		req.Header.Set("Authorization", "Bearer "+st.AccessToken())
	}
	resp, err := hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("body %q: %v", b, err)
	}
	return resp.StatusCode, m
}

// token reads the next token under either name; ok is false when neither
// field is present at all.
func token(m map[string]json.RawMessage) (tok string, field string) {
	for _, f := range []string{"nextPagingToken", "pagingToken"} {
		if raw, ok := m[f]; ok {
			_ = json.Unmarshal(raw, &tok)
			return tok, f
		}
	}
	return "", ""
}

func ids(t *testing.T, m map[string]json.RawMessage, items string) []string {
	t.Helper()
	var list []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(m[items], &list); err != nil {
		t.Fatalf("%s: %v in %s", items, err, m[items])
	}
	var out []string
	for _, it := range list {
		out = append(out, it.ID)
	}
	return out
}

func errDesc(t *testing.T, m map[string]json.RawMessage) (string, string) {
	t.Helper()
	var errs []map[string]string
	if err := json.Unmarshal(m["errors"], &errs); err != nil || len(errs) != 1 {
		t.Fatalf("errors: %s", m["errors"])
	}
	return errs[0]["error"], errs[0]["error-description"]
}

func walk(t *testing.T, hs *httptest.Server, st *Store, path, items string, q url.Values) ([]string, []string) {
	t.Helper()
	var all, fields []string
	for range 1000 {
		code, m := get(t, hs, st, path, q)
		if code != 200 {
			t.Fatalf("%s: %d %v", path, code, m)
		}
		all = append(all, ids(t, m, items)...)
		tok, field := token(m)
		fields = append(fields, field)
		if tok == "" {
			return all, fields
		}
		q.Set("nextPagingToken", tok)
	}
	t.Fatal("walk does not end")
	return nil, nil
}

func same(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("got %d %v\nwant %d %v", len(got), got, len(want), want)
	}
}

func TestFullWalks(t *testing.T) {
	s, hs := start(t)
	st := s.DefaultStore()
	countries := st.AddCountries(11)
	groups := st.AddPriceGroups(7)
	catalogs := st.AddCatalogs(5)
	methods := st.AddShippingMethods(9)

	got, fields := walk(t, hs, nil, "/api/v1/countries", "countries", url.Values{"maxItems": {"3"}})
	same(t, got, countries)
	if len(fields) != 4 || fields[0] != "nextPagingToken" {
		t.Errorf("countries pages/fields: %v", fields)
	}
	got, fields = walk(t, hs, nil, "/api/v1/price-groups", "priceGroups", url.Values{"maxItems": {"2"}, "cultureCode": {"en-US"}})
	same(t, got, groups)
	if fields[0] != "pagingToken" {
		t.Errorf("price groups token field %v", fields)
	}
	got, _ = walk(t, hs, nil, "/api/v1/catalogs", "catalogs", url.Values{"maxItems": {"2"}, "cultureCode": {"da-DK"}, "priceGroupId": {groups[0]}})
	same(t, got, catalogs)
	got, _ = walk(t, hs, nil, "/api/v1/shipping-methods", "shippingMethods", url.Values{"maxItems": {"4"}, "cultureCode": {"en-GB"}, "countryId": {countries[1]}, "priceGroupId": {groups[1]}})
	same(t, got, methods)

	// Default maxItems is 250.
	st.AddCountries(300)
	code, m := get(t, hs, nil, "/api/v1/countries", nil)
	if code != 200 || len(ids(t, m, "countries")) != DefaultMaxItems {
		t.Fatalf("default page: %d %d", code, len(ids(t, m, "countries")))
	}
}

func TestLastPageTokenIsNull(t *testing.T) {
	s, hs := start(t)
	s.DefaultStore().AddCountries(2)
	_, m := get(t, hs, nil, "/api/v1/countries", nil)
	if string(m["nextPagingToken"]) != "null" {
		t.Fatalf("last page token = %s, want null", m["nextPagingToken"])
	}
	_, m = get(t, hs, nil, "/api/v1/price-groups", url.Values{"cultureCode": {"en-US"}})
	if string(m["pagingToken"]) != "null" || string(m["priceGroups"]) != "[]" {
		t.Fatalf("empty price groups: %v", m)
	}
}

func TestTokenFieldModes(t *testing.T) {
	s, hs := start(t)
	s.DefaultStore().AddCountries(10)
	s.SetTokenField(TokenFieldPaging)
	_, fields := walk(t, hs, nil, "/api/v1/countries", "countries", url.Values{"maxItems": {"3"}})
	for _, f := range fields {
		if f != "pagingToken" {
			t.Fatalf("fields %v", fields)
		}
	}
	s.SetTokenField(TokenFieldAlternate)
	got, fields := walk(t, hs, nil, "/api/v1/countries", "countries", url.Values{"maxItems": {"3"}})
	if len(got) != 10 || fields[0] == fields[1] || fields[1] == fields[2] {
		t.Fatalf("alternate: %d items, fields %v", len(got), fields)
	}
	s.ResetModes()
	_, fields = walk(t, hs, nil, "/api/v1/countries", "countries", url.Values{"maxItems": {"5"}})
	if fields[0] != "nextPagingToken" {
		t.Fatalf("after reset: %v", fields)
	}
}

func TestStoresAndMismatch(t *testing.T) {
	s, hs := start(t)
	def := s.DefaultStore()
	other := s.AddStore("nordic")
	defIDs := def.AddCountries(6)
	otherIDs := other.AddCountries(4)
	groups := def.AddPriceGroups(4)
	got, _ := walk(t, hs, other, "/api/v1/countries", "countries", url.Values{"maxItems": {"3"}})
	same(t, got, otherIDs)
	got, _ = walk(t, hs, def, "/api/v1/countries", "countries", url.Values{"maxItems": {"5"}})
	same(t, got, defIDs)

	_, m := get(t, hs, def, "/api/v1/countries", url.Values{"maxItems": {"2"}})
	tok, _ := token(m)
	def.AddCatalogs(3)
	_, pm := get(t, hs, def, "/api/v1/catalogs", url.Values{"maxItems": {"1"}, "cultureCode": {"en-US"}, "priceGroupId": {groups[0]}})
	catTok, _ := token(pm)
	cases := map[string]struct {
		st   *Store
		path string
		q    url.Values
	}{
		"other store":        {other, "/api/v1/countries", url.Values{"nextPagingToken": {tok}}},
		"other endpoint":     {def, "/api/v1/price-groups", url.Values{"nextPagingToken": {tok}, "cultureCode": {"en-US"}}},
		"tampered":           {def, "/api/v1/countries", url.Values{"nextPagingToken": {faults.Tamper(tok)}}},
		"garbage":            {def, "/api/v1/countries", url.Values{"nextPagingToken": {"M3wzfGRjMDZlZGYxLTQ2MGQtNGVlZC1hMzMxLWJjNWYwMzI4NDlkNHxGYWxzZQ=="}}},
		"other price group":  {def, "/api/v1/catalogs", url.Values{"nextPagingToken": {catTok}, "cultureCode": {"en-US"}, "priceGroupId": {groups[1]}}},
		"other culture code": {def, "/api/v1/catalogs", url.Values{"nextPagingToken": {catTok}, "cultureCode": {"da-DK"}, "priceGroupId": {groups[0]}}},
	}
	for what, c := range cases {
		code, m := get(t, hs, c.st, c.path, c.q)
		if code != 400 {
			t.Errorf("%s: %d %v", what, code, m)
			continue
		}
		if e, d := errDesc(t, m); e != "BadRequest" || d != MsgTokenMismatch {
			t.Errorf("%s: %s %q", what, e, d)
		}
	}
	// maxItems may change between pages.
	if code, m := get(t, hs, def, "/api/v1/countries", url.Values{"nextPagingToken": {tok}, "maxItems": {"4"}}); code != 200 || len(ids(t, m, "countries")) != 4 {
		t.Errorf("changed maxItems: %d", code)
	}
	s.ExpireTokens()
	code, m := get(t, hs, def, "/api/v1/countries", url.Values{"nextPagingToken": {tok}})
	if _, d := errDesc(t, m); code != 400 || d != MsgTokenMismatch {
		t.Errorf("expired: %d %q", code, d)
	}
}

func TestValidationAndAuth(t *testing.T) {
	s, hs := start(t)
	st := s.DefaultStore()
	countries := st.AddCountries(2)
	groups := st.AddPriceGroups(2)
	for what, c := range map[string]struct {
		path string
		q    url.Values
		desc string
	}{
		"maxItems 0":         {"/api/v1/countries", url.Values{"maxItems": {"0"}}, "maxItems must be a positive integer."},
		"maxItems x":         {"/api/v1/countries", url.Values{"maxItems": {"x"}}, "maxItems must be a positive integer."},
		"no culture":         {"/api/v1/price-groups", nil, "cultureCode is required."},
		"bad culture":        {"/api/v1/price-groups", url.Values{"cultureCode": {"english"}}, "Invalid cultureCode."},
		"unknown pricegroup": {"/api/v1/catalogs", url.Values{"cultureCode": {"en-US"}, "priceGroupId": {countries[0]}}, "Invalid Price Group."},
		"unknown country":    {"/api/v1/shipping-methods", url.Values{"countryId": {groups[0]}, "priceGroupId": {groups[0]}}, "Country does not exist."},
	} {
		code, m := get(t, hs, nil, c.path, c.q)
		if code != 400 {
			t.Errorf("%s: %d", what, code)
			continue
		}
		if e, d := errDesc(t, m); e != "BadRequest" || d != c.desc {
			t.Errorf("%s: %s %q", what, e, d)
		}
	}
	if code, _ := get(t, hs, nil, "/api/v1/products", nil); code != 404 {
		t.Errorf("unknown endpoint: %d", code)
	}
	bogus := &Store{accessToken: "nope"}
	if code, m := get(t, hs, bogus, "/api/v1/countries", nil); code != 401 {
		t.Errorf("unknown bearer: %d %v", code, m)
	}
	s.RequireAuth(true)
	if code, _ := get(t, hs, nil, "/api/v1/countries", nil); code != 401 {
		t.Errorf("RequireAuth without header: %d", code)
	}
	if code, _ := get(t, hs, st, "/api/v1/countries", nil); code != 200 {
		t.Errorf("RequireAuth with token: %d", code)
	}
}

func TestDeleteShiftsOffset(t *testing.T) {
	s, hs := start(t)
	ids0 := s.DefaultStore().AddCountries(6)
	_, m := get(t, hs, nil, "/api/v1/countries", url.Values{"maxItems": {"3"}})
	tok, _ := token(m)
	if !s.Delete(ids0[0]) || s.Delete("missing") {
		t.Fatal("Delete results")
	}
	_, m = get(t, hs, nil, "/api/v1/countries", url.Values{"maxItems": {"3"}, "nextPagingToken": {tok}})
	same(t, ids(t, m, "countries"), ids0[4:]) // ids0[3] is skipped, as with an offset token
}

func TestModes(t *testing.T) {
	s, hs := start(t)
	all := s.DefaultStore().AddCountries(7)

	s.SetTokenCycle(3)
	q := url.Values{"maxItems": {"2"}}
	var toks []string
	for range 7 {
		_, m := get(t, hs, nil, "/api/v1/countries", q)
		tok, _ := token(m)
		toks = append(toks, tok)
		q.Set("nextPagingToken", tok)
	}
	if toks[0] != toks[3] || toks[1] != toks[4] || toks[2] != toks[5] || toks[0] == toks[1] || toks[6] != toks[0] {
		t.Fatalf("no cycle of 3: %v", toks)
	}
	s.ResetModes()

	s.SetEmptyPages(1)
	got, fields := walk(t, hs, nil, "/api/v1/countries", "countries", url.Values{"maxItems": {"3"}})
	same(t, got, all)
	if len(fields) != 6 {
		t.Errorf("empty pages: %d pages", len(fields))
	}
	s.ResetModes()

	s.SetEndless(faults.EndlessEmpty)
	q = url.Values{"maxItems": {"5"}}
	n := 0
	for i := range 10 {
		code, m := get(t, hs, nil, "/api/v1/countries", q)
		tok, _ := token(m)
		if code != 200 || tok == "" {
			t.Fatalf("endless page %d ended", i)
		}
		n += len(ids(t, m, "countries"))
		q.Set("nextPagingToken", tok)
	}
	if n != 7 {
		t.Errorf("endless-empty served %d items", n)
	}
}

func TestFaults(t *testing.T) {
	s, hs := start(t)
	s.DefaultStore().AddCountries(5)
	s.Faults().Next(TooManyRequests("1"), ServiceUnavailable("2"), InternalError())
	for _, want := range []int{429, 503, 500} {
		code, m := get(t, hs, nil, "/api/v1/countries", nil)
		if code != want {
			t.Fatalf("want %d, got %d", want, code)
		}
		if e, _ := errDesc(t, m); e == "" {
			t.Errorf("%d without error code", code)
		}
	}
	s.Faults().When(faults.All(Op("ListCountries"), WithToken()), faults.Truncate())
	_, m := get(t, hs, nil, "/api/v1/countries", url.Values{"maxItems": {"2"}})
	tok, _ := token(m)
	resp, err := hs.Client().Get(hs.URL + "/api/v1/countries?maxItems=2&nextPagingToken=" + url.QueryEscape(tok))
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil {
		t.Fatal("truncated body read without error")
	}
	if s.Count("ListCountries") != 2 || s.Faults().Requests() != 5 {
		t.Errorf("count %d requests %d", s.Count("ListCountries"), s.Faults().Requests())
	}
}
