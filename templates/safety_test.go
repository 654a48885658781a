package templates

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// linkSpec walks a next-link operation of c: the first page at /items, the
// following ones at the URL each response names in its "next" field.
func linkSpec(c *Client) walkSpec[string] {
	call := func(ctx context.Context, r *request) (page[string], error) {
		var out struct {
			Items []string `json:"items"`
			Next  string   `json:"next"`
		}
		resp, err := c.do(ctx, "List", r, &out)
		if err != nil {
			return page[string]{}, err
		}
		next := out.Next
		if link := nextLinkFromHeader(resp.Header); link != "" {
			next = link
		}
		return page[string]{items: out.Items, next: next}, nil
	}
	return walkSpec[string]{
		first: func(ctx context.Context) (page[string], error) { return call(ctx, newRequest("GET", "/items")) },
		next: func(ctx context.Context, token string) (page[string], error) {
			return call(ctx, newURLRequest("GET", token))
		},
	}
}

// credentialSink is a server that must never see a request: it counts those
// that reach it.
func credentialSink(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, `{"items":["stolen"]}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// Next links, Link headers, scheme-relative links and URL start tokens that
// point elsewhere are refused before a request, credentials and all, is
// sent; the error names the link and is not retried.
func TestNextLinksStayOnOrigin(t *testing.T) {
	sink, hits := credentialSink(t)
	sinkHost := strings.TrimPrefix(sink.URL, "http://")
	tests := []struct {
		name string
		// serve answers the first page, given the API's own URL.
		serve func(w http.ResponseWriter, self string)
		start string
		allow []string
		want  error
	}{
		{"body link to another host", func(w http.ResponseWriter, _ string) {
			fmt.Fprintf(w, `{"items":["a"],"next":%q}`, sink.URL+"/items?page=2")
		}, "", nil, ErrOffOrigin},
		{"Link header to another host", func(w http.ResponseWriter, _ string) {
			w.Header().Set("Link", "<"+sink.URL+"/items?page=2>; rel=\"next\"")
			io.WriteString(w, `{"items":["a"]}`)
		}, "", nil, ErrOffOrigin},
		{"scheme-relative link", func(w http.ResponseWriter, _ string) {
			fmt.Fprintf(w, `{"items":["a"],"next":"//%s/items"}`, sinkHost)
		}, "", nil, ErrOffOrigin},
		{"same host, other port", func(w http.ResponseWriter, self string) {
			fmt.Fprintf(w, `{"items":["a"],"next":%q}`, sink.URL+"/x")
		}, "", nil, ErrOffOrigin},
		{"StartToken URL elsewhere", nil, sink.URL + "/items?page=9", nil, ErrOffOrigin},
		{"crafted ResumeToken holding a URL", nil, encodeResume(cursor{token: sink.URL + "/items", skip: 1}, []uint64{1}), nil, ErrOffOrigin},
		{"non-http scheme", func(w http.ResponseWriter, _ string) {
			io.WriteString(w, `{"items":["a"],"next":"file:///etc/passwd"}`)
		}, "", nil, ErrOffOrigin},
		{"allowed host", func(w http.ResponseWriter, _ string) {
			fmt.Fprintf(w, `{"items":["a"],"next":%q}`, sink.URL+"/items?page=2")
		}, "", []string{sinkHost}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits.Store(0)
			var calls atomic.Int32
			var self string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				tt.serve(w, self)
			}))
			defer srv.Close()
			self = srv.URL
			c, err := NewClient(srv.URL, WithAllowedHosts(tt.allow...), WithRequestEditor(func(_ context.Context, r *http.Request) error {
				r.Header.Set("Authorization", "Bearer secret")
				return nil
			}))
			if err != nil {
				t.Fatal(err)
			}
			opts := fastOpts()
			opts.StartToken = tt.start
			_, err = collect(t.Context(), newPager(linkSpec(c), opts))
			if !errors.Is(err, tt.want) {
				t.Fatalf("walk error = %v, want %v", err, tt.want)
			}
			wantHits := int32(0)
			if tt.want == nil {
				wantHits = 1
			} else if !strings.Contains(err.Error(), "127.0.0.1") && !strings.Contains(err.Error(), "file:") {
				t.Errorf("error %q does not name the link", err)
			}
			if hits.Load() != wantHits {
				t.Errorf("the other host got %d requests, want %d", hits.Load(), wantHits)
			}
			if tt.serve != nil && calls.Load() != 1 {
				t.Errorf("the API got %d requests, want 1 (a refused link is not retried)", calls.Load())
			}
		})
	}
}

// An https API never sends a request to http, whatever host it names.
func TestNoDowngrade(t *testing.T) {
	c, err := NewClient("https://api.example.com", WithAllowedHosts("api.example.com", "other.example.com"))
	if err != nil {
		t.Fatal(err)
	}
	for _, link := range []string{"http://api.example.com/items", "http://other.example.com/items", "//other.example.com:80/x"} {
		_, err := c.resolve(newURLRequest("GET", link))
		if link[0] == '/' {
			// Scheme-relative takes https from the base: allowed host.
			if err != nil {
				t.Errorf("resolve(%q) = %v, want it allowed over https", link, err)
			}
			continue
		}
		if !errors.Is(err, ErrOffOrigin) || !strings.Contains(err.Error(), link) {
			t.Errorf("resolve(%q) error = %v, want ErrOffOrigin naming it", link, err)
		}
	}
	for _, link := range []string{"https://api.example.com:443/a", "HTTPS://API.example.com/b", "https://other.example.com:8443/c"} {
		if _, err := c.resolve(newURLRequest("GET", link)); err != nil {
			t.Errorf("resolve(%q) = %v, want it allowed", link, err)
		}
	}
}

// Redirects follow the origin rule: one to another host is refused, and
// the error is not retried.
func TestRedirectsStayOnOrigin(t *testing.T) {
	sink, hits := credentialSink(t)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.URL.Path == "/items" {
			http.Redirect(w, r, "/moved", http.StatusFound)
			return
		}
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, sink.URL+"/items", http.StatusTemporaryRedirect)
			return
		}
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(&http.Client{}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = collect(t.Context(), newPager(linkSpec(c), fastOpts()))
	if !errors.Is(err, ErrOffOrigin) || !strings.Contains(err.Error(), sink.URL) {
		t.Fatalf("walk error = %v, want ErrOffOrigin naming %s", err, sink.URL)
	}
	if hits.Load() != 0 || calls.Load() != 2 {
		t.Errorf("other host got %d requests, API %d; want 0 and 2 (one redirect on the origin, no retry)", hits.Load(), calls.Load())
	}
}

// Bodies over the limit fail at once, are not retried, and cost no more
// memory than the limit: a declared length, an endless stream, a gzip bomb.
func TestBodyLimit(t *testing.T) {
	const limit = 1 << 20
	tests := []struct {
		name  string
		serve func(w http.ResponseWriter)
	}{
		{"Content-Length over the limit", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", fmt.Sprint(2<<30))
			io.WriteString(w, `{"items":[`)
		}},
		{"endless JSON array", func(w http.ResponseWriter) {
			io.WriteString(w, `{"items":[`)
			chunk := []byte(strings.Repeat(`"x",`, 1024))
			for i := 0; i < 4*limit/len(chunk); i++ {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}},
		{"gzip bomb", func(w http.ResponseWriter) {
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			io.WriteString(zw, `{"items":["`)
			zeros := make([]byte, 64<<10)
			for range 4 * limit / len(zeros) {
				if _, err := zw.Write(zeros); err != nil {
					return
				}
			}
			zw.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				w.Header().Set("Content-Type", "application/json")
				tt.serve(w)
			}))
			defer srv.Close()
			c, err := NewClient(srv.URL, WithMaxBodySize(limit))
			if err != nil {
				t.Fatal(err)
			}
			_, err = collect(t.Context(), newPager(linkSpec(c), fastOpts()))
			if !errors.Is(err, ErrBodyTooLarge) || !strings.Contains(err.Error(), "List") {
				t.Fatalf("walk error = %v, want ErrBodyTooLarge naming the operation", err)
			}
			if calls.Load() != 1 {
				t.Errorf("%d requests, want 1: a body too large is not retried", calls.Load())
			}
		})
	}
	if _, err := NewClient("https://api.example.com", WithMaxBodySize(0)); err == nil {
		t.Error("WithMaxBodySize(0) accepted")
	}
}

// A 200 whose body is not the declared document is an error naming the
// Content-Type, never an empty page.
func TestWrongBodies(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		ok                      bool
	}{
		{"HTML page", "text/html; charset=utf-8", "<!DOCTYPE html><html><body>Sign in</body></html>", false},
		{"HTML without a type", "", "<html><body>proxy error</body></html>", false},
		{"null", "application/json", "null", false},
		{"plain text", "text/plain", "OK", false},
		{"XML for a JSON operation", "application/xml", "<r><items>a</items></r>", false},
		{"JSON under text/html", "text/html", `{"items":["a"]}`, true},
		{"JSON", "application/json", `{"items":["a"]}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			c, err := NewClient(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			items, err := collect(t.Context(), newPager(linkSpec(c), fastOpts()))
			if tt.ok {
				if err != nil || len(items) != 1 {
					t.Errorf("walk = %v, %v; want [a]", items, err)
				}
				return
			}
			var de *DecodeError
			if !errors.As(err, &de) || !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.contentType)) && tt.contentType != "" {
				t.Errorf("walk = %v, %v; want a DecodeError naming %q", items, err, tt.contentType)
			}
		})
	}
}

// A server that throttles every request gets about 100 retries over the
// whole walk, not MaxAttempts on every page.
func TestRetryBudget(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if n%2 == 1 {
			// Every page but the first needs one retry at least.
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		fmt.Fprintf(w, `{"items":["%d"],"next":"/items?p=%d"}`, n, n)
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	alwaysFail := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer alwaysFail.Close()
	// Success refunds what retries cost: a walk that recovers each time
	// never runs out.
	opts := fastOpts()
	opts.MaxPages = 300
	items, err := collect(t.Context(), newPager(linkSpec(c), opts))
	if err != nil || len(items) != 300 {
		t.Fatalf("walk with one retry a page = %d items, %v; want 300", len(items), err)
	}
	// A storm: every attempt fails. 100 retries in all, then the error.
	c, err = NewClient(alwaysFail.URL)
	if err != nil {
		t.Fatal(err)
	}
	p := newPager(linkSpec(c), fastOpts())
	for range 200 {
		calls.Store(0)
		_, err := p.fetch(t.Context(), "")
		if err == nil {
			t.Fatal("fetch succeeded against a failing server")
		}
		if calls.Load() == 1 {
			if !strings.Contains(err.Error(), "retry budget") {
				t.Errorf("error = %v, want it to say the budget is spent", err)
			}
			return
		}
	}
	t.Fatal("retries never ran out")
}
