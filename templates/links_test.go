package templates

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// built is a request as a client builds it for an operation's first page.
func built(t *testing.T, rawURL string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Ms-Client-Request-Id", "req-1")
	return req
}

func TestFollowLink(t *testing.T) {
	const op = "https://api.example.com/v1/tenants/t1/events?api-version=2024-01-01&version=2&filter=x&key=secret"
	cases := []struct {
		name, link, want string
	}{
		// The link's own query stands in for the caller's filter; the
		// constants, api-version (replacing a stale one, in any case) and
		// what editors added stay.
		{"relative", "events?page=2&Api-Version=2020-01-01", "https://api.example.com/v1/tenants/t1/events?page=2&api-version=2024-01-01&key=secret&version=2"},
		{"absolute", "https://api.example.com/v1/x?skip=1", "https://api.example.com/v1/x?skip=1&api-version=2024-01-01&key=secret&version=2"},
		{"default port", "https://api.example.com:443/v1/x", "https://api.example.com:443/v1/x?api-version=2024-01-01&key=secret&version=2"},
		{"escaping kept", "/v1/x?marker=a%2Fb%2B", "https://api.example.com/v1/x?marker=a%2Fb%2B&api-version=2024-01-01&key=secret&version=2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := built(t, op)
			if err := followLink(c.link, "filter")(context.Background(), req); err != nil {
				t.Fatal(err)
			}
			if got := req.URL.String(); got != c.want {
				t.Errorf("URL %s\nwant %s", got, c.want)
			}
			if req.Host != req.URL.Host || req.Header.Get("X-Ms-Client-Request-Id") != "req-1" {
				t.Errorf("host %q, headers %v: want the link's host and the request's headers", req.Host, req.Header)
			}
		})
	}
}

// TestFollowLinkOffOrigin: a link to another origin is refused, and the
// request keeps the operation's URL.
func TestFollowLinkOffOrigin(t *testing.T) {
	for _, link := range []string{
		"https://evil.example.com/steal",
		"//evil.example.com/steal",
		"http://api.example.com/v1/x", // a downgrade
		"https://api.example.com:8443/v1/x",
		"ftp://api.example.com/x",
	} {
		req := built(t, "https://api.example.com/v1/x")
		err := followLink(link)(context.Background(), req)
		if !errors.Is(err, ErrOffOrigin) || isTransient(err) {
			t.Errorf("%s: got %v, want ErrOffOrigin, never retried", link, err)
		}
		if req.URL.String() != "https://api.example.com/v1/x" {
			t.Errorf("%s: the request's URL became %s", link, req.URL)
		}
	}
}

func TestSpliceLink(t *testing.T) {
	req := built(t, "https://api.example.com/widgets/next/"+linkStandIn+"?api-version=2024-01-01")
	if err := spliceLink("from/all?skip=1")(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if got, want := req.URL.String(), "https://api.example.com/widgets/next/from/all?skip=1&api-version=2024-01-01"; got != want {
		t.Errorf("URL %s\nwant %s", got, want)
	}
	if req.URL.Path != "/widgets/next/from/all" {
		t.Errorf("path %q", req.URL.Path)
	}
	other := built(t, "https://api.example.com/widgets/next/x")
	if err := spliceLink("a")(context.Background(), other); err == nil {
		t.Error("a request with no stand-in: got nil, want an error")
	}
}

func TestResponseURL(t *testing.T) {
	if got := responseURL(nil); got != "" {
		t.Errorf("nil response: %q", got)
	}
	res := &http.Response{Request: built(t, "https://api.example.com/a?b=c")}
	if got := responseURL(res); got != "https://api.example.com/a?b=c" {
		t.Errorf("got %q", got)
	}
}

// TestExchangeFollowsLink: over an ogen client, HTTPClient's doer sends the
// request for the link the exchange names, and sends nothing for a link off
// the origin.
func TestExchangeFollowsLink(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.URL.RequestURI())
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	doer := HTTPClient(nil)
	send := func(link string) error {
		ex := &exchange{edit: followLink(link)}
		req, _ := http.NewRequestWithContext(withExchange(context.Background(), ex), http.MethodGet, srv.URL+"/items?api-version=1", nil)
		_, err := doer.Do(req)
		return err
	}
	if err := send("items?page=2"); err != nil {
		t.Fatal(err)
	}
	if err := send("https://evil.example.com/items"); !errors.Is(err, ErrOffOrigin) {
		t.Errorf("off origin: got %v, want ErrOffOrigin", err)
	}
	if want := []string{"/items?page=2&api-version=1"}; !slices.Equal(got, want) {
		t.Errorf("server got %q, want %q", got, want)
	}
}

// TestFollowLinkIsGet: a next link of an operation sent with POST is
// fetched with GET, without the operation's body.
func TestFollowLinkIsGet(t *testing.T) {
	req, err := http.NewRequest(http.MethodPost, "https://api.example.com/reports", strings.NewReader(`{"q":1}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if err := followLink("reports/r1/rows?page=2")(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if req.Method != http.MethodGet || req.Body != nil || req.ContentLength != 0 || req.Header.Get("Content-Type") != "" {
		t.Errorf("got %s with body %v, length %d, Content-Type %q; want a GET without a body", req.Method, req.Body, req.ContentLength, req.Header.Get("Content-Type"))
	}
	if req.URL.String() != "https://api.example.com/reports/r1/rows?page=2" {
		t.Errorf("URL %s", req.URL)
	}
}

// TestGoTo: a long-running operation's monitor is fetched as it is, with
// GET, at the request's origin only.
func TestGoTo(t *testing.T) {
	req, err := http.NewRequest(http.MethodPost, "https://api.example.com/reports?api-version=1", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := goTo("/operations/op1")(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if req.Method != http.MethodGet || req.Body != nil || req.URL.String() != "https://api.example.com/operations/op1" {
		t.Errorf("got %s %s", req.Method, req.URL)
	}
	if err := goTo("https://evil.example.com/operations/op1")(context.Background(), req); !errors.Is(err, ErrOffOrigin) {
		t.Errorf("off origin: got %v, want ErrOffOrigin", err)
	}
}
