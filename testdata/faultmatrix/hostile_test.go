package faultmatrix_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/awsjson"
	"github.com/pagegen/pagegen/generated_examples/azure"
)

// Hostile servers: the generated AWS JSON client (Step Functions'
// ListStateMachines) against servers that try to take its credentials
// elsewhere, exhaust its memory, keep it walking forever, or change the
// data under a restarted walk. Each test checks the documented error, or
// every item exactly once.

// hostile is a ListStateMachines server over a list of names that the test
// may change between requests. Tokens are the index of the page's first
// item; rejectOnce makes the next continuation fail with InvalidToken.
type hostile struct {
	mu         sync.Mutex
	names      []string
	pageSize   int
	rejectOnce bool
	calls      atomic.Int32
	// answer, when set, replaces the whole response.
	answer func(w http.ResponseWriter, r *http.Request)
}

func (h *hostile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.calls.Add(1)
	if h.answer != nil {
		h.answer(w, r)
		return
	}
	var in struct {
		NextToken string `json:"nextToken"`
	}
	json.NewDecoder(r.Body).Decode(&in)
	h.mu.Lock()
	defer h.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	if in.NextToken != "" && h.rejectOnce {
		h.rejectOnce = false
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"__type":"InvalidToken","message":"token expired"}`)
		return
	}
	from, _ := strconv.Atoi(in.NextToken)
	to := min(from+h.pageSize, len(h.names))
	out := struct {
		StateMachines []awsjson.StateMachineListItem `json:"stateMachines"`
		NextToken     string                         `json:"nextToken,omitempty"`
	}{StateMachines: []awsjson.StateMachineListItem{}}
	for _, n := range h.names[from:to] {
		out.StateMachines = append(out.StateMachines, awsjson.StateMachineListItem{Name: n, StateMachineARN: "arn:sm:" + n, Type: "STANDARD"})
	}
	if to < len(h.names) {
		out.NextToken = strconv.Itoa(to)
	}
	json.NewEncoder(w).Encode(out)
}

func names(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("sm%03d", i)
	}
	return out
}

func fast(o *awsjson.PaginatorOptions) {
	o.Retry = awsjson.RetryOptions{BaseDelay: time.Microsecond, MaxDelay: time.Millisecond}
}

// walk ranges over ListStateMachinesAll and returns the names and the error.
func walk(ctx context.Context, c *awsjson.Client, opts ...func(*awsjson.PaginatorOptions)) ([]string, error) {
	var got []string
	for sm, err := range c.ListStateMachinesAll(ctx, nil, append([]func(*awsjson.PaginatorOptions){fast}, opts...)...) {
		if err != nil {
			return got, err
		}
		got = append(got, sm.Name)
	}
	return got, nil
}

func serve(t *testing.T, h http.Handler, opts ...awsjson.ClientOption) *awsjson.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := awsjson.NewClient(srv.URL, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Redirects to another host, or from https down to http, are refused: the
// credentials the request editors add never leave the API's origin.
func TestHostileRedirects(t *testing.T) {
	var stolen atomic.Int32
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stolen.Add(1)
	}))
	defer sink.Close()
	tls := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+r.Host+"/", http.StatusTemporaryRedirect)
	}))
	defer tls.Close()
	h := &hostile{answer: func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, sink.URL+"/", http.StatusTemporaryRedirect)
	}}
	sign := awsjson.WithRequestEditor(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "AWS4-HMAC-SHA256 secret")
		return nil
	})
	_, err := walk(t.Context(), serve(t, h, sign))
	if !errors.Is(err, awsjson.ErrOffOrigin) || !strings.Contains(err.Error(), sink.URL) {
		t.Errorf("cross-host redirect: %v, want ErrOffOrigin naming %s", err, sink.URL)
	}
	c, err := awsjson.NewClient(tls.URL, sign, awsjson.WithHTTPClient(tls.Client()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := walk(t.Context(), c); !errors.Is(err, awsjson.ErrOffOrigin) || !strings.Contains(err.Error(), "downgrades") {
		t.Errorf("https to http redirect: %v, want ErrOffOrigin saying it downgrades", err)
	}
	if stolen.Load() != 0 || h.calls.Load() != 1 {
		t.Errorf("the other host got %d requests, the API %d; want 0 and 1 (no retry)", stolen.Load(), h.calls.Load())
	}
}

// A 2 GiB page, streamed without a length, and a gzip bomb are cut off at
// the 64 MiB default: ErrBodyTooLarge after one request, no retry.
func TestHostileBodies(t *testing.T) {
	chunk := make([]byte, 1<<20)
	tests := map[string]func(w http.ResponseWriter, r *http.Request){
		"2 GiB body": func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `{"stateMachines":[{"name":"`)
			for range 2 << 10 {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		},
		"gzip bomb": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
			io.WriteString(zw, `{"stateMachines":[{"name":"`)
			for range 2 << 10 {
				if _, err := zw.Write(chunk); err != nil {
					return
				}
			}
		},
	}
	for name, answer := range tests {
		t.Run(name, func(t *testing.T) {
			h := &hostile{answer: answer}
			_, err := walk(t.Context(), serve(t, h))
			if !errors.Is(err, awsjson.ErrBodyTooLarge) {
				t.Errorf("walk: %v, want ErrBodyTooLarge", err)
			}
			if h.calls.Load() != 1 {
				t.Errorf("%d requests, want 1", h.calls.Load())
			}
		})
	}
}

// A 200 with an HTML page or a JSON null is an error naming the
// Content-Type, not an empty page that ends the walk.
func TestHostileWrongBodies(t *testing.T) {
	for _, tt := range []struct{ contentType, body string }{
		{"text/html; charset=utf-8", "<!DOCTYPE html><html><body>Please sign in</body></html>"},
		{"application/x-amz-json-1.0", "null"},
	} {
		h := &hostile{answer: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", tt.contentType)
			io.WriteString(w, tt.body)
		}}
		var de *awsjson.DecodeError
		if _, err := walk(t.Context(), serve(t, h)); !errors.As(err, &de) || !strings.Contains(err.Error(), tt.contentType) {
			t.Errorf("body %q: %v, want a DecodeError naming %q", tt.body, err, tt.contentType)
		}
	}
}

// A server that hands out a new token forever is walked until ctx ends or
// MaxPages, never mistaken for a cycle; one whose tokens go round a long
// cycle is stopped with ErrTokenCycle within about twice the cycle.
func TestHostileEndlessTokens(t *testing.T) {
	const cycle = 300
	var period atomic.Int32 // 0: endless
	h := &hostile{answer: func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			NextToken string `json:"nextToken"`
		}
		json.NewDecoder(r.Body).Decode(&in)
		n, _ := strconv.Atoi(in.NextToken)
		next := n + 1
		if p := int(period.Load()); p > 0 {
			next = 1 + next%p
		}
		fmt.Fprintf(w, `{"stateMachines":[{"name":"sm%d","stateMachineArn":"arn:%d"}],"nextToken":"%d"}`, n, n, next)
	}}
	c := serve(t, h)
	got, err := walk(t.Context(), c, func(o *awsjson.PaginatorOptions) { o.MaxPages = 3 * cycle })
	if err != nil || len(got) != 3*cycle {
		t.Fatalf("endless distinct tokens: %d items, %v; want %d and no error", len(got), err, 3*cycle)
	}
	period.Store(cycle)
	h.calls.Store(0)
	_, err = walk(t.Context(), c)
	if !errors.Is(err, awsjson.ErrTokenCycle) || h.calls.Load() > 3*cycle {
		t.Errorf("cycle of %d tokens: %v after %d requests; want ErrTokenCycle within %d", cycle, err, h.calls.Load(), 3*cycle)
	}
}

// A restarted walk (the server rejects a token mid-walk) finds its place
// by the last items it returned, whatever changed before them; where the
// items it returned last were deleted, it says it lost its place.
func TestHostileRestartWithChangedData(t *testing.T) {
	tests := []struct {
		name    string
		change  func([]string) []string
		wantErr error
	}{
		{"items deleted before the place", func(s []string) []string { return slices.Delete(s, 0, 3) }, nil},
		{"items inserted before the place", func(s []string) []string { return slices.Insert(s, 1, "new1", "new2") }, nil},
		{"items appended", func(s []string) []string { return append(s, "sm900") }, nil},
		{"last item returned deleted", func(s []string) []string { return slices.Delete(s, 9, 10) }, awsjson.ErrLostPlace},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &hostile{names: names(23), pageSize: 5}
			c := serve(t, h)
			p := awsjson.NewListStateMachinesPaginator(c, nil, fast)
			var got []string
			changed := false
			for p.HasMorePages() {
				page, err := p.NextPage(t.Context())
				if err != nil {
					if !errors.Is(err, tt.wantErr) || tt.wantErr == nil {
						t.Fatalf("after %v: %v, want %v", got, err, tt.wantErr)
					}
					return
				}
				for _, sm := range page.Items {
					got = append(got, sm.Name)
				}
				if len(got) == 10 && !changed {
					changed = true
					h.mu.Lock()
					h.names = tt.change(h.names)
					h.rejectOnce = true
					h.mu.Unlock()
				}
			}
			if tt.wantErr != nil {
				t.Fatalf("walk = %v, want %v", got, tt.wantErr)
			}
			want := append(names(10), h.names[slices.Index(h.names, "sm009")+1:]...)
			if !slices.Equal(got, want) {
				t.Errorf("walk = %v\nwant %v", got, want)
			}
		})
	}
}

// stateMachines is an in-memory ListStateMachinesAPIClient of n items in
// pages of size, whose pages are built once and handed out again.
type stateMachines struct {
	n, size int
	page    []awsjson.StateMachineListItem
	arns    string
}

func (s *stateMachines) ListStateMachines(_ context.Context, p *awsjson.ListStateMachinesParams) (*awsjson.ListStateMachinesResponse, error) {
	from := 0
	if p.Body != nil && p.Body.NextToken != nil {
		from, _ = strconv.Atoi(*p.Body.NextToken)
	}
	to := min(from+s.size, s.n)
	items := s.page[:to-from]
	for i := range items {
		// Distinct keys without allocating one an item: the ARN's
		// characters are the item's number, in a string made once.
		items[i].StateMachineARN = s.arns[from+i : from+i+8]
	}
	out := &awsjson.ListStateMachinesOutput{StateMachines: items}
	if to < s.n {
		out.NextToken = awsjson.Ptr(strconv.Itoa(to))
	}
	return &awsjson.ListStateMachinesResponse{Body: out}, nil
}

// A 2-million-item walk keeps no per-item state: the paginator allocates a
// bounded amount per page, whatever the number of items and their keys.
func TestHostileLongWalk(t *testing.T) {
	const total, size = 2_000_000, 1000
	api := &stateMachines{n: total, size: size, page: make([]awsjson.StateMachineListItem, size), arns: randomText(total + 8)}
	p := awsjson.NewListStateMachinesPaginator(api, nil)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n := 0
	for p.HasMorePages() {
		page, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.Items)
	}
	runtime.ReadMemStats(&after)
	if n != total {
		t.Fatalf("walked %d items, want %d", n, total)
	}
	// The API's token and response, the paginator's page: a few hundred
	// bytes a page, under a byte an item; remembering every item's key
	// would take dozens of bytes an item.
	if perItem := float64(after.TotalAlloc-before.TotalAlloc) / total; perItem > 1 {
		t.Errorf("%.1f bytes allocated an item: the walk keeps per-item state", perItem)
	}
}

// randomText returns n bytes of which any 8 in a row are, with
// overwhelming likelihood, unique.
func randomText(n int) string {
	b := make([]byte, n)
	x := uint64(88172645463325252)
	for i := range b {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[i] = 'a' + byte(x%26)
	}
	return string(b)
}

// Next links that point away from the API's origin — in the body, in a Link
// header, scheme-relative, down from https to http — and a StartToken
// holding such a URL are refused before a request goes out: the generated
// Azure client (Queues_List's body nextLink, Events_List's Link header)
// sends its credentials to the API and nowhere else, and says which link
// it refused.
func TestHostileLinks(t *testing.T) {
	var stolen atomic.Int32
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stolen.Add(1)
	}))
	defer sink.Close()
	sinkHost := strings.TrimPrefix(sink.URL, "http://")
	sign := azure.WithRequestEditor(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer secret")
		return nil
	})
	queues := func(ctx context.Context, c *azure.Client, start string) error {
		for _, err := range c.QueuesListAll(ctx, &azure.QueuesListParams{Account: "a"}, func(o *azure.PaginatorOptions) {
			o.StartToken = start
			o.Retry = azure.RetryOptions{BaseDelay: time.Microsecond, MaxDelay: time.Millisecond}
		}) {
			if err != nil {
				return err
			}
		}
		return nil
	}
	events := func(ctx context.Context, c *azure.Client, _ string) error {
		for _, err := range c.EventsListAll(ctx, &azure.EventsListParams{Tenant: "t", APIVersion: "2024-01-01"}) {
			if err != nil {
				return err
			}
		}
		return nil
	}
	tests := []struct {
		name  string
		tls   bool
		start string
		// answer serves the first page; host is the API's own host:port.
		answer func(w http.ResponseWriter, host string)
		walk   func(context.Context, *azure.Client, string) error
		// link is what the error must name.
		link string
	}{
		{name: "body nextLink to another host", walk: queues, link: sink.URL,
			answer: func(w http.ResponseWriter, _ string) {
				fmt.Fprintf(w, `{"queueItems":[{"name":"q1"}],"nextLink":%q}`, sink.URL+"/accounts/a/queues?page=2")
			}},
		{name: "Link header to another host", walk: events, link: sink.URL,
			answer: func(w http.ResponseWriter, _ string) {
				w.Header().Set("Link", "<"+sink.URL+"/v1/tenants/t/events?page=2>; rel=\"next\"")
				io.WriteString(w, `[{"id":1}]`)
			}},
		{name: "scheme-relative nextLink", walk: queues, link: sinkHost,
			answer: func(w http.ResponseWriter, _ string) {
				fmt.Fprintf(w, `{"queueItems":[{"name":"q1"}],"nextLink":"//%s/accounts/a/queues"}`, sinkHost)
			}},
		{name: "nextLink from https down to http", tls: true, walk: queues, link: "downgrades",
			answer: func(w http.ResponseWriter, host string) {
				fmt.Fprintf(w, `{"queueItems":[{"name":"q1"}],"nextLink":"http://%s/accounts/a/queues?page=2"}`, host)
			}},
		{name: "StartToken URL elsewhere", walk: queues, start: sink.URL + "/accounts/a/queues?page=9", link: sink.URL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stolen.Store(0)
			var calls atomic.Int32
			api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				w.Header().Set("Content-Type", "application/json")
				tt.answer(w, r.Host)
			})
			var srv *httptest.Server
			if tt.tls {
				srv = httptest.NewTLSServer(api)
			} else {
				srv = httptest.NewServer(api)
			}
			defer srv.Close()
			c, err := azure.NewClient(srv.URL, sign, azure.WithHTTPClient(srv.Client()))
			if err != nil {
				t.Fatal(err)
			}
			err = tt.walk(t.Context(), c, tt.start)
			if !errors.Is(err, azure.ErrOffOrigin) || !strings.Contains(err.Error(), tt.link) {
				t.Errorf("walk: %v, want ErrOffOrigin naming %s", err, tt.link)
			}
			wantCalls := int32(1)
			if tt.answer == nil {
				wantCalls = 0
			}
			if stolen.Load() != 0 || calls.Load() != wantCalls {
				t.Errorf("the other host got %d requests, the API %d; want 0 and %d (no retry)", stolen.Load(), calls.Load(), wantCalls)
			}
		})
	}
}
