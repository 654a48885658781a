package azureserver

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/testdata/faults"
)

// get fetches rawURL and decodes its JSON body into out, returning the
// response.
func get(t *testing.T, rawURL string, header http.Header, out any) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if out != nil {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			t.Fatalf("%s: %v", rawURL, err)
		}
	}
	return res
}

// TestSubscriptions: the absolute next link leads to the last page, and a
// filter sent again with it is refused.
func TestSubscriptions(t *testing.T) {
	s := New(t)
	var first struct {
		Value    []map[string]string
		NextLink string
	}
	res := get(t, s.URL+"/subscriptions?api-version="+APIVersion+"&$filter="+url.QueryEscape("state eq 'Enabled'"), nil, &first)
	if res.StatusCode != 200 || len(first.Value) != 2 || !strings.HasPrefix(first.NextLink, s.URL+"/subscriptions?") {
		t.Fatalf("first page: %d %+v", res.StatusCode, first)
	}
	if res := get(t, first.NextLink+"&$filter=x", nil, nil); res.StatusCode != http.StatusBadRequest {
		t.Errorf("the filter sent again: %d, want 400", res.StatusCode)
	}
	var last struct{ Value []map[string]string }
	if res := get(t, first.NextLink, nil, &last); res.StatusCode != 200 || len(last.Value) != 1 || last.Value[0]["subscriptionId"] != "s3" {
		t.Errorf("last page: %d %+v", res.StatusCode, last)
	}
}

// TestAlertsWantHeader: every page of alerts must carry the request id
// header.
func TestAlertsWantHeader(t *testing.T) {
	s := New(t)
	if res := get(t, s.URL+"/alerts?api-version="+APIVersion+"&$filter="+url.QueryEscape("severity eq 'high'"), nil, nil); res.StatusCode != http.StatusBadRequest {
		t.Errorf("without x-ms-client-request-id: %d, want 400", res.StatusCode)
	}
	h := http.Header{"X-Ms-Client-Request-Id": {"req-1"}}
	res := get(t, s.URL+"/alerts?api-version="+APIVersion+"&$filter="+url.QueryEscape("severity eq 'high'"), h, nil)
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Link"), "page=2") {
		t.Errorf("first page: %d, Link %q", res.StatusCode, res.Header.Get("Link"))
	}
}

// TestMatrix: Matrix pages through its items with sealed tokens, refuses a
// tampered one as InvalidToken and an expired one as ExpiredToken (410).
func TestMatrix(t *testing.T) {
	m := NewMatrix(12)
	srv := httptest.NewServer(m)
	defer srv.Close()
	var ids []string
	next := srv.URL + "/subscriptions?api-version=" + APIVersion
	for next != "" {
		var pg struct {
			Value    []map[string]string
			NextLink string
		}
		if res := get(t, next, nil, &pg); res.StatusCode != 200 || res.Header.Get("x-ms-request-id") == "" {
			t.Fatalf("%s: %d, request id %q", next, res.StatusCode, res.Header.Get("x-ms-request-id"))
		}
		for _, v := range pg.Value {
			ids = append(ids, v["subscriptionId"])
		}
		next = pg.NextLink
	}
	if want := m.Subscriptions(); strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Errorf("got %v, want %v", ids, want)
	}
	tokens := m.Tokens()
	if len(tokens) != 2 {
		t.Fatalf("tokens %q, want 2", tokens)
	}
	tampered := srv.URL + "/subscriptions?api-version=" + APIVersion + "&$skiptoken=" + url.QueryEscape(faults.Tamper(tokens[0]))
	var e struct{ Error struct{ Code string } }
	if res := get(t, tampered, nil, &e); res.StatusCode != http.StatusBadRequest || e.Error.Code != CodeInvalidToken {
		t.Errorf("tampered token: %d %q", res.StatusCode, e.Error.Code)
	}
	m.ExpireTokens()
	expired := srv.URL + "/subscriptions?api-version=" + APIVersion + "&$skiptoken=" + url.QueryEscape(tokens[0])
	if res := get(t, expired, nil, &e); res.StatusCode != http.StatusGone || e.Error.Code != CodeExpiredToken {
		t.Errorf("expired token: %d %q", res.StatusCode, e.Error.Code)
	}
}
