package templates

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// doerFunc adapts a function to HTTPDoer.
type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

func TestNewClient(t *testing.T) {
	tests := []struct {
		baseURL string
		opts    []ClientOption
		wantErr bool
	}{
		{"https://api.example.com", nil, false},
		{"http://localhost:8080/api/v1/", nil, false},
		{"HTTPS://api.example.com", nil, false},
		{"", nil, true},
		{"/relative/path", nil, true},
		{"ftp://example.com", nil, true},
		{"https://", nil, true},
		{"http://[::1", nil, true},
		{"https://api.example.com", []ClientOption{WithHTTPClient(nil)}, true},
		{"https://api.example.com", []ClientOption{WithRequestEditor(nil)}, true},
	}
	for _, tt := range tests {
		c, err := NewClient(tt.baseURL, tt.opts...)
		if (err != nil) != tt.wantErr {
			t.Errorf("NewClient(%q) error = %v, want error %v", tt.baseURL, err, tt.wantErr)
		}
		if err != nil {
			continue
		}
		if hc, ok := c.doer.(*http.Client); !ok || hc.Transport != http.DefaultClient.Transport || hc.CheckRedirect == nil {
			t.Errorf("NewClient(%q) doer = %v, want http.DefaultClient with redirects guarded", tt.baseURL, c.doer)
		}
	}
}

// echoed is what the echo server saw of a request.
type echoed struct {
	Method      string
	Path        string // escaped
	RawQuery    string
	Query       map[string][]string
	Header      string // X-Test
	ContentType string
	Body        string
}

func newEchoServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(echoed{
			Method:      r.Method,
			Path:        r.URL.EscapedPath(),
			RawQuery:    r.URL.RawQuery,
			Query:       r.URL.Query(),
			Header:      r.Header.Get("X-Test"),
			ContentType: r.Header.Get("Content-Type"),
			Body:        string(body),
		})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRequestBuilding(t *testing.T) {
	srv := newEchoServer(t)
	const token = "AAAB+/x9Zm9v==" // base64, as AWS IoT hands them out
	tests := []struct {
		name  string
		base  string
		build func() *request
		want  echoed
	}{
		{
			name: "path with its own query, under a base path",
			base: "/api",
			build: func() *request {
				r := newRequest("GET", "/Orders/2013-09-01?Action=ListOrders")
				r.addQuery("NextToken", token)
				return r
			},
			want: echoed{Method: "GET", Path: "/api/Orders/2013-09-01", RawQuery: "Action=ListOrders&NextToken=AAAB%2B%2Fx9Zm9v%3D%3D",
				Query: map[string][]string{"Action": {"ListOrders"}, "NextToken": {token}}},
		},
		{
			name:  "base path with a trailing slash",
			base:  "/api/",
			build: func() *request { return newRequest("GET", "items") },
			want:  echoed{Method: "GET", Path: "/api/items"},
		},
		{
			name:  "empty path",
			base:  "/api/things",
			build: func() *request { return newRequest("GET", "") },
			want:  echoed{Method: "GET", Path: "/api/things"},
		},
		{
			name: "path parameters are escaped",
			build: func() *request {
				r := newRequest("GET", "/stores/{store}/items/{id}")
				r.setPath("store", "eu/west 1")
				r.setPath("id", Ptr(int64(42)))
				return r
			},
			want: echoed{Method: "GET", Path: "/stores/eu%2Fwest%201/items/42"},
		},
		{
			name: "repeated and optional query values",
			build: func() *request {
				r := newRequest("GET", "/items")
				r.addQuery("id", []int{1, 2})
				r.addQuery("limit", Ptr(int32(10)))
				r.addQuery("unset", (*string)(nil))
				r.addQuery("none", nil)
				r.setHeader("X-Test", []string{"a", "b"})
				r.setHeader("X-Unset", (*bool)(nil))
				return r
			},
			want: echoed{Method: "GET", Path: "/items", RawQuery: "id=1&id=2&limit=10",
				Query: map[string][]string{"id": {"1", "2"}, "limit": {"10"}}, Header: "a,b"},
		},
		{
			name: "form body",
			build: func() *request {
				r := newRequest("POST", "/?Action=List")
				r.addForm("NextToken", token)
				r.addForm("Status", []string{"Shipped", "Pending"})
				return r
			},
			want: echoed{Method: "POST", Path: "/", RawQuery: "Action=List", Query: map[string][]string{"Action": {"List"}},
				ContentType: "application/x-www-form-urlencoded", Body: "NextToken=AAAB%2B%2Fx9Zm9v%3D%3D&Status=Shipped&Status=Pending"},
		},
		{
			name: "JSON body",
			build: func() *request {
				r := newRequest("POST", "/search")
				if err := r.setJSONBody(map[string]string{"nextToken": token}, ""); err != nil {
					t.Fatal(err)
				}
				return r
			},
			want: echoed{Method: "POST", Path: "/search", ContentType: "application/json", Body: `{"nextToken":"AAAB+/x9Zm9v=="}`},
		},
		{
			name: "AWS JSON body",
			build: func() *request {
				r := newRequest("POST", "/")
				r.setHeader("X-Amz-Target", "DynamoDB_20120810.ListTables")
				if err := r.setJSONBody(struct{ Limit int }{5}, "application/x-amz-json-1.0"); err != nil {
					t.Fatal(err)
				}
				return r
			},
			want: echoed{Method: "POST", Path: "/", ContentType: "application/x-amz-json-1.0", Body: `{"Limit":5}`},
		},
		{
			name: "XML body",
			build: func() *request {
				r := newRequest("POST", "/xml")
				type query struct {
					XMLName struct{} `xml:"Query"`
					Marker  string
				}
				if err := r.setXMLBody(query{Marker: "m1"}, ""); err != nil {
					t.Fatal(err)
				}
				return r
			},
			want: echoed{Method: "POST", Path: "/xml", ContentType: "application/xml", Body: "<Query><Marker>m1</Marker></Query>"},
		},
		{
			name: "absolute next link keeps its query",
			build: func() *request {
				r := newURLRequest("GET", srv.URL+"/v2/items?page=2&token=a%2Bb")
				r.addQuery("limit", 5)
				return r
			},
			want: echoed{Method: "GET", Path: "/v2/items", RawQuery: "page=2&token=a%2Bb&limit=5",
				Query: map[string][]string{"page": {"2"}, "token": {"a+b"}, "limit": {"5"}}},
		},
		{
			name:  "relative next link",
			base:  "/api",
			build: func() *request { return newURLRequest("GET", "/api/items?cursor=c1") },
			want:  echoed{Method: "GET", Path: "/api/items", RawQuery: "cursor=c1", Query: map[string][]string{"cursor": {"c1"}}},
		},
		{
			name: "next link keeps its own query, with api-version replaced in any case and constants added",
			build: func() *request {
				r := newURLRequest("GET", srv.URL+"/replace/2?Api-Version=notMe&%24skiptoken=bar&startTime=1/1/1970%2012%3A00%3A00%20AM")
				r.setLinkQuery("api-version", "1.0.0")
				r.setLinkQuery("queryConstant", true)
				r.setLinkQuery("unset", (*string)(nil))
				return r
			},
			want: echoed{Method: "GET", Path: "/replace/2",
				RawQuery: "%24skiptoken=bar&startTime=1/1/1970%2012%3A00%3A00%20AM&api-version=1.0.0&queryConstant=true",
				Query: map[string][]string{"$skiptoken": {"bar"}, "api-version": {"1.0.0"}, "queryConstant": {"true"},
					"startTime": {"1/1/1970 12:00:00 AM"}}},
		},
		{
			name: "api-version appended to a next link without a query",
			build: func() *request {
				r := newURLRequest("GET", srv.URL+"/append/2")
				r.setLinkQuery("api-version", "1.0.0")
				return r
			},
			want: echoed{Method: "GET", Path: "/append/2", RawQuery: "api-version=1.0.0", Query: map[string][]string{"api-version": {"1.0.0"}}},
		},
		{
			name: "unescaped path parameter: a link with a query of its own",
			base: "/api",
			build: func() *request {
				r := newRequest("GET", "/fragment/{tenant}/{nextLink}")
				r.setPath("tenant", "test_user")
				r.setPathUnescaped("nextLink", "next/page?page=2&a=b%2Fc")
				r.addQuery("api_version", "1.6")
				return r
			},
			want: echoed{Method: "GET", Path: "/api/fragment/test_user/next/page", RawQuery: "page=2&a=b%2Fc&api_version=1.6",
				Query: map[string][]string{"page": {"2"}, "a": {"b/c"}, "api_version": {"1.6"}}},
		},
		{
			name:  "query of the base URL",
			base:  "/api?key=k1",
			build: func() *request { return newRequest("GET", "/items?Action=List") },
			want: echoed{Method: "GET", Path: "/api/items", RawQuery: "key=k1&Action=List",
				Query: map[string][]string{"key": {"k1"}, "Action": {"List"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(srv.URL + tt.base)
			if err != nil {
				t.Fatal(err)
			}
			var got echoed
			if _, err := c.do(t.Context(), "Echo", tt.build(), &got); err != nil {
				t.Fatal(err)
			}
			if tt.want.Query == nil {
				tt.want.Query = map[string][]string{}
			}
			gotJSON, _ := json.Marshal(got)
			wantJSON, _ := json.Marshal(tt.want)
			if string(gotJSON) != string(wantJSON) {
				t.Errorf("server saw\n %s\nwant\n %s", gotJSON, wantJSON)
			}
		})
	}
}

func TestResolveLink(t *testing.T) {
	tests := []struct{ base, link, want string }{
		{"http://h/paging/multiple/fragment/t?page=1", "next?page=2", "http://h/paging/multiple/fragment/next?page=2"},
		{"http://h/paging/customurl/partialnextlink", "/paging/customurl/partialnextlink/page/2", "http://h/paging/customurl/partialnextlink/page/2"},
		{"http://h/a/b/", "../c", "http://h/a/c"},
		{"http://h/a", "https://other/x?y=1", "https://other/x?y=1"},
		{"http://h/a", "", ""},
		{"", "next", "next"},
		{"http://h/a", "%zz", "%zz"},
	}
	for _, tt := range tests {
		if got := resolveLink(tt.base, tt.link); got != tt.want {
			t.Errorf("resolveLink(%q, %q) = %q, want %q", tt.base, tt.link, got, tt.want)
		}
	}
}

func TestRequestErrors(t *testing.T) {
	var sent atomic.Int32
	c, err := NewClient("https://api.example.com", WithHTTPClient(doerFunc(func(*http.Request) (*http.Response, error) {
		sent.Add(1)
		return nil, errors.New("unreachable")
	})))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		build func() *request
	}{
		{"unset path parameter", func() *request { return newRequest("GET", "/items/{id}") }},
		{"empty path parameter", func() *request {
			r := newRequest("GET", "/items/{id}")
			r.setPath("id", "")
			return r
		}},
		{"nil path parameter", func() *request {
			r := newRequest("GET", "/items/{id}")
			r.setPath("id", (*string)(nil))
			return r
		}},
		{"next link of another scheme", func() *request { return newURLRequest("GET", "ftp://example.com/x") }},
		{"bad escape in path", func() *request { return newRequest("GET", "/items/%zz") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.do(t.Context(), "GetItem", tt.build(), nil)
			if err == nil || !strings.Contains(err.Error(), "GetItem") || isTransient(err) {
				t.Errorf("err = %v, want a permanent error naming the operation", err)
			}
		})
	}
	if sent.Load() != 0 {
		t.Errorf("%d requests sent, want none", sent.Load())
	}
}

func TestRequestEditors(t *testing.T) {
	srv := newEchoServer(t)
	var order []string
	edit := func(name string, err error) ClientOption {
		return WithRequestEditor(func(_ context.Context, r *http.Request) error {
			order = append(order, name)
			r.Header.Set("X-Test", r.Header.Get("X-Test")+name)
			return err
		})
	}
	c, err := NewClient(srv.URL, edit("a", nil), edit("b", nil))
	if err != nil {
		t.Fatal(err)
	}
	var got echoed
	r := newRequest("GET", "/")
	for range 2 { // a retried request is edited afresh
		order = nil
		if _, err := c.do(t.Context(), "Echo", r, &got); err != nil {
			t.Fatal(err)
		}
		if got.Header != "ab" || !slices.Equal(order, []string{"a", "b"}) {
			t.Errorf("X-Test = %q, editors ran %v; want ab and [a b]", got.Header, order)
		}
	}

	var calls atomic.Int32
	denied := errors.New("no credentials")
	c, err = NewClient(srv.URL, edit("a", denied), edit("b", nil), WithHTTPClient(doerFunc(func(r *http.Request) (*http.Response, error) {
		calls.Add(1)
		return http.DefaultClient.Do(r)
	})))
	if err != nil {
		t.Fatal(err)
	}
	order = nil
	if _, err := c.do(t.Context(), "Echo", newRequest("GET", "/"), nil); !errors.Is(err, denied) || isTransient(err) {
		t.Errorf("err = %v, want the editor's error, not transient", err)
	}
	if calls.Load() != 0 || !slices.Equal(order, []string{"a"}) {
		t.Errorf("%d requests sent and editors %v ran after an editor failed", calls.Load(), order)
	}
}

type listResult struct {
	Items []int `json:"items" xml:"Items>Item"`
	Next  string
}

func TestDoDecodes(t *testing.T) {
	const jsonBody = `{"items":[1,2],"Next":"n"}`
	const xmlBody = "\n <ListOrdersResponse xmlns=\"https://mws.amazonservices.com/\"><Items><Item>1</Item><Item>2</Item></Items><Next>n</Next></ListOrdersResponse>"
	tests := []struct {
		contentType string
		body        string
	}{
		{"application/json", jsonBody},
		{"application/json; charset=utf-8", jsonBody},
		{"application/x-amz-json-1.0", jsonBody},
		{"application/x-amz-json-1.1", jsonBody},
		{"application/hal+json", jsonBody},
		{"application/xml", xmlBody},
		{"text/xml; charset=UTF-8", xmlBody},
		{"application/atom+xml", xmlBody},
		{"", jsonBody},
		{"", xmlBody},
		{"text/plain", jsonBody},
		{"application/octet-stream", xmlBody},
	}
	for _, tt := range tests {
		t.Run(tt.contentType+" "+tt.body[:3], func(t *testing.T) {
			c := cannedClient(t, 200, tt.contentType, tt.body)
			var out listResult
			resp, err := c.do(t.Context(), "List", newRequest("GET", "/"), &out)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(out.Items, []int{1, 2}) || out.Next != "n" {
				t.Errorf("decoded %+v", out)
			}
			if resp.StatusCode != 200 || string(resp.Body) != tt.body {
				t.Errorf("response = %d %q", resp.StatusCode, resp.Body)
			}
		})
	}
}

func TestDoWithoutDecoding(t *testing.T) {
	tests := []struct {
		name string
		body string
		out  any
	}{
		{"empty body", "", &listResult{}},
		{"blank body", " \n", &listResult{}},
		{"nil out", "not JSON", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cannedClient(t, 204, "application/json", tt.body)
			if _, err := c.do(t.Context(), "List", newRequest("GET", "/"), tt.out); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestDoDecodeError(t *testing.T) {
	c := cannedClient(t, 200, "application/json", "<html>gateway</html>")
	resp, err := c.do(t.Context(), "List", newRequest("GET", "/"), &listResult{})
	var de *DecodeError
	if !errors.As(err, &de) || de.Op != "List" || de.ContentType != "application/json" || de.Err == nil {
		t.Fatalf("err = %#v, want a DecodeError", err)
	}
	if isTransient(err) || resp == nil {
		t.Errorf("transient %v, response %v; want permanent with the response", isTransient(err), resp)
	}
}

func TestDoAPIError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Amzn-RequestId", "req-1")
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(400)
		io.WriteString(w, `{"__type":"com.amazonaws.logs#InvalidParameterException","message":"bad nextToken"}`)
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.do(t.Context(), "DescribeLogGroups", newRequest("POST", "/"), &listResult{})
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want an APIError", err)
	}
	want := "pagegen: DescribeLogGroups: HTTP 400 InvalidParameterException: \"bad nextToken\" (request id req-1)"
	if ae.Error() != want || ae.Header.Get("X-Amzn-RequestId") != "req-1" || len(ae.Body) == 0 {
		t.Errorf("APIError = %q, header %v, body %q", ae.Error(), ae.Header, ae.Body)
	}
	if resp == nil || resp.StatusCode != 400 {
		t.Errorf("response = %v, want the 400", resp)
	}
}

// cannedClient returns a Client whose every request gets the same response.
func cannedClient(t *testing.T, status int, contentType, body string) *Client {
	t.Helper()
	c, err := NewClient("https://api.example.com", WithHTTPClient(doerFunc(func(r *http.Request) (*http.Response, error) {
		h := http.Header{}
		if contentType != "" {
			h.Set("Content-Type", contentType)
		}
		return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
	})))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// faultyServer serves {"items":[1,2,3]} but spoils its first response with
// fault, which gets the hijacked connection and a channel that is closed
// once the client has the response's header.
func faultyServer(t *testing.T, fault func(conn net.Conn, gotHeader <-chan struct{})) (*Client, *atomic.Int32) {
	t.Helper()
	var requests atomic.Int32
	gotHeader := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) > 1 {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"items":[1,2,3]}`)
			return
		}
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		fault(conn, gotHeader)
	}))
	t.Cleanup(srv.Close)
	var once atomic.Bool
	c, err := NewClient(srv.URL, WithHTTPClient(doerFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := srv.Client().Do(r)
		if once.CompareAndSwap(false, true) {
			close(gotHeader)
		}
		return resp, err
	})))
	if err != nil {
		t.Fatal(err)
	}
	return c, &requests
}

const partialResponse = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"items\":[1,"

// resetMidBody sends the header and part of the body, then resets the
// connection.
func resetMidBody(conn net.Conn, gotHeader <-chan struct{}) {
	io.WriteString(conn, partialResponse)
	<-gotHeader
	conn.(*net.TCPConn).SetLinger(0)
	conn.Close()
}

// closeEarly sends less body than its Content-Length, then closes the
// connection cleanly.
func closeEarly(conn net.Conn, gotHeader <-chan struct{}) {
	io.WriteString(conn, partialResponse)
	<-gotHeader
	conn.Close()
}

// truncatedJSON sends a complete response whose JSON is cut short, as a
// proxy that recomputed Content-Length would.
func truncatedJSON(conn net.Conn, _ <-chan struct{}) {
	io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"items\":[1,")
	conn.Close()
}

func TestBrokenResponsesAreTransient(t *testing.T) {
	tests := []struct {
		name  string
		fault func(net.Conn, <-chan struct{})
	}{
		{"connection reset mid-body", resetMidBody},
		{"body shorter than Content-Length", closeEarly},
		{"truncated JSON", truncatedJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := faultyServer(t, tt.fault)
			resp, err := c.do(t.Context(), "ListThings", newRequest("GET", "/"), &listResult{})
			if err == nil || !strings.Contains(err.Error(), "ListThings") || !isTransient(err) {
				t.Fatalf("err = %v, want a transient error naming the operation", err)
			}
			t.Log(err)
			if resp == nil || resp.StatusCode != 200 {
				t.Errorf("response = %v, want the 200 that came back", resp)
			}
		})
		t.Run(tt.name+" is retried", func(t *testing.T) {
			c, requests := faultyServer(t, tt.fault)
			spec := walkSpec[int]{first: func(ctx context.Context) (page[int], error) {
				var out listResult
				_, err := c.do(ctx, "ListThings", newRequest("GET", "/"), &out)
				return page[int]{items: out.Items}, err
			}}
			items, err := collect(t.Context(), newPager(spec, fastOpts()))
			if err != nil || !slices.Equal(items, []int{1, 2, 3}) || requests.Load() != 2 {
				t.Errorf("walk = %v, %v after %d requests; want [1 2 3] after 2", items, err, requests.Load())
			}
		})
	}
}

func TestThrottlingIsRetried(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch requests.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		case 2:
			w.WriteHeader(400)
			io.WriteString(w, `<ErrorResponse><Error><Type>Sender</Type><Code>RequestThrottled</Code><Message>slow down</Message></Error></ErrorResponse>`)
		default:
			io.WriteString(w, `{"items":[1]}`)
		}
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	spec := walkSpec[int]{first: func(ctx context.Context) (page[int], error) {
		var out listResult
		_, err := c.do(ctx, "ListOrders", newRequest("POST", "/"), &out)
		return page[int]{items: out.Items}, err
	}}
	opts := fastOpts()
	opts.Retry.MaxDelay = 20 * time.Millisecond
	start := time.Now()
	items, err := collect(t.Context(), newPager(spec, opts))
	if err != nil || !slices.Equal(items, []int{1}) || requests.Load() != 3 {
		t.Errorf("walk = %v, %v after %d requests; want [1] after 3", items, err, requests.Load())
	}
	if elapsed := time.Since(start); elapsed < opts.Retry.MaxDelay {
		t.Errorf("took %v, want Retry-After honoured up to MaxDelay (%v)", elapsed, opts.Retry.MaxDelay)
	}
}

func TestCertificateErrorIsNotRetried(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake fails by design
	srv.StartTLS()
	defer srv.Close()
	var attempts atomic.Int32
	c, err := NewClient(srv.URL, WithHTTPClient(doerFunc(func(r *http.Request) (*http.Response, error) {
		attempts.Add(1)
		return (&http.Client{}).Do(r) // does not trust the test certificate
	})))
	if err != nil {
		t.Fatal(err)
	}
	spec := walkSpec[int]{first: func(ctx context.Context) (page[int], error) {
		_, err := c.do(ctx, "List", newRequest("GET", "/"), nil)
		return page[int]{}, err
	}}
	if _, err := collect(t.Context(), newPager(spec, fastOpts())); err == nil || attempts.Load() != 1 {
		t.Errorf("err = %v after %d attempts, want an error after 1", err, attempts.Load())
	}
}

func TestClientTimeoutIsRetried(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) == 1 {
			<-r.Context().Done() // outlast the client's timeout
			return
		}
		io.WriteString(w, `{"items":[1]}`)
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(&http.Client{Timeout: 50 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	spec := walkSpec[int]{first: func(ctx context.Context) (page[int], error) {
		var out listResult
		_, err := c.do(ctx, "List", newRequest("GET", "/"), &out)
		return page[int]{items: out.Items}, err
	}}
	items, err := collect(t.Context(), newPager(spec, fastOpts()))
	if err != nil || !slices.Equal(items, []int{1}) || requests.Load() != 2 {
		t.Errorf("walk = %v, %v after %d requests; want [1] after 2", items, err, requests.Load())
	}
}

func TestUserAgent(t *testing.T) {
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("User-Agent")
	}))
	t.Cleanup(srv.Close)
	tests := []struct {
		name string
		opts []ClientOption
		req  func() *request
		want string
	}{
		{"the package's own", nil, func() *request { return newRequest("GET", "/") }, userAgent},
		{"overridden", []ClientOption{WithUserAgent("orders-sync/2.1")}, func() *request { return newRequest("GET", "/") }, "orders-sync/2.1"},
		{"left to Go", []ClientOption{WithUserAgent("")}, func() *request { return newRequest("GET", "/") }, "Go-http-client/1.1"},
		{"an operation's parameter", nil, func() *request {
			r := newRequest("GET", "/")
			r.setHeader("User-Agent", "from-params")
			return r
		}, "from-params"},
		{"an editor's", []ClientOption{WithRequestEditor(func(_ context.Context, r *http.Request) error {
			r.Header.Set("User-Agent", "edited")
			return nil
		})}, func() *request { return newRequest("GET", "/") }, "edited"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(srv.URL, tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.do(t.Context(), "Get", tt.req(), nil); err != nil {
				t.Fatal(err)
			}
			if ua := <-got; ua != tt.want {
				t.Errorf("User-Agent = %q, want %q", ua, tt.want)
			}
		})
	}
}

// A client parameter is its option's value once set, else the default.
func TestClientParam(t *testing.T) {
	c, err := NewClient("https://example.com")
	if err != nil {
		t.Fatal(err)
	}
	if v := c.param("WithAPIVersion", "2023-01-01"); v != "2023-01-01" {
		t.Errorf("unset: %v, want the default", v)
	}
	if v := c.param("WithSubscriptionID", nil); v != nil {
		t.Errorf("unset, no default: %v, want nil", v)
	}
	c.setParam("WithAPIVersion", "2024-02-02")
	if v := c.param("WithAPIVersion", "2023-01-01"); v != "2024-02-02" {
		t.Errorf("set: %v, want 2024-02-02", v)
	}
}
