package faults

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const realBody = `{"items":["a","b","c","d","e","f","g","h"],"next":"tok"}`

// newServer serves realBody through an injector and counts the requests
// that reach the real handler.
func newServer(t *testing.T) (*httptest.Server, *Injector, *int) {
	t.Helper()
	in := New()
	reached := new(int)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*reached++
		// The handler must still see the body after matchers read it.
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Echo-Body", string(b))
		_, _ = io.WriteString(w, realBody)
	})
	outer := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "rid-1")
		in.Wrap(h).ServeHTTP(w, r)
	})
	srv := httptest.NewServer(outer)
	t.Cleanup(srv.Close)
	return srv, in, reached
}

func get(t *testing.T, srv *httptest.Server, path string) (*http.Response, []byte, error) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func TestPassThrough(t *testing.T) {
	srv, in, reached := newServer(t)
	resp, b, err := get(t, srv, "/")
	if err != nil || resp.StatusCode != 200 || string(b) != realBody {
		t.Fatalf("got %v %q %v", resp, b, err)
	}
	if in.Requests() != 1 || in.Injected() != 0 || *reached != 1 {
		t.Fatalf("counters: requests %d injected %d reached %d", in.Requests(), in.Injected(), *reached)
	}
}

func TestStatusRetryAfterSecondsAndDate(t *testing.T) {
	srv, in, reached := newServer(t)
	date := RetryAfterDate(time.Date(2030, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600)))
	in.Next(
		Status(429, "2", `{"message":"slow down"}`, "application/json"),
		Status(503, date, "", ""),
		Status(500, "", "boom", "text/plain"),
	)
	resp, b, err := get(t, srv, "/")
	if err != nil || resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" ||
		string(b) != `{"message":"slow down"}` || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("429: %v %q %v", resp, b, err)
	}
	if resp.Header.Get("X-Request-Id") != "rid-1" {
		t.Errorf("request id header lost on a fault response")
	}
	resp, _, _ = get(t, srv, "/")
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "Wed, 02 Jan 2030 02:04:05 GMT" {
		t.Fatalf("503: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if _, err := http.ParseTime(resp.Header.Get("Retry-After")); err != nil {
		t.Errorf("Retry-After date does not parse: %v", err)
	}
	resp, b, _ = get(t, srv, "/")
	if resp.StatusCode != 500 || string(b) != "boom" || resp.Header.Get("Retry-After") != "" {
		t.Fatalf("500: %d %q", resp.StatusCode, b)
	}
	resp, b, _ = get(t, srv, "/")
	if resp.StatusCode != 200 || string(b) != realBody {
		t.Fatalf("after the script: %d %q", resp.StatusCode, b)
	}
	if *reached != 1 || in.Injected() != 3 || in.Requests() != 4 || in.Pending() != 0 {
		t.Fatalf("reached %d injected %d requests %d pending %d", *reached, in.Injected(), in.Requests(), in.Pending())
	}
}

func TestResetMidBody(t *testing.T) {
	srv, in, reached := newServer(t)
	in.Next(ResetMidBody())
	resp, b, err := get(t, srv, "/")
	if err == nil {
		t.Fatalf("body read succeeded: %q", b)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("status %d, want the real 200 before the reset", resp.StatusCode)
	}
	if len(b) != len(realBody)/2 || !strings.HasPrefix(realBody, string(b)) {
		t.Fatalf("got %d bytes %q, want the first half", len(b), b)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) && !strings.Contains(err.Error(), "reset") {
		t.Fatalf("error %v is neither a reset nor an unexpected EOF", err)
	}
	if *reached != 1 {
		t.Fatalf("the real handler ran %d times", *reached)
	}
	// The server keeps working on new connections.
	if _, b, err := get(t, srv, "/"); err != nil || string(b) != realBody {
		t.Fatalf("after reset: %q %v", b, err)
	}
}

func TestTruncate(t *testing.T) {
	srv, in, _ := newServer(t)
	in.Next(Truncate())
	resp, b, err := get(t, srv, "/")
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v, want unexpected EOF", err)
	}
	if resp.ContentLength <= int64(len(realBody)) {
		t.Fatalf("Content-Length %d not larger than the body", resp.ContentLength)
	}
	if string(b) != realBody {
		t.Fatalf("got %q, want the whole real body", b)
	}
}

func TestCloseConnPOST(t *testing.T) {
	srv, in, reached := newServer(t)
	in.Next(CloseConn())
	resp, err := srv.Client().Post(srv.URL+"/", "application/json", strings.NewReader(`{}`))
	if err == nil {
		t.Fatalf("POST succeeded: %d, requests %d injected %d", resp.StatusCode, in.Requests(), in.Injected())
	}
	if *reached != 0 {
		t.Fatal("handler ran")
	}
}

func TestDelayAndCancel(t *testing.T) {
	srv, in, _ := newServer(t)
	in.Next(Delay(150 * time.Millisecond))
	start := time.Now()
	if _, _, err := get(t, srv, "/"); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Fatalf("answered after %v", d)
	}
	in.Next(Delay(time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/", nil)
	start = time.Now()
	if _, err := srv.Client().Do(req); err == nil {
		t.Fatal("request outlived its context")
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("cancellation did not stop the wait")
	}
}

func TestAtWhenEveryClear(t *testing.T) {
	srv, in, _ := newServer(t)
	in.At(3, Status(500, "", "", ""))
	in.When(Path("/b"), Status(404, "", "", ""))
	codes := func(paths ...string) []int {
		var cs []int
		for _, p := range paths {
			resp, _, err := get(t, srv, p)
			if err != nil {
				t.Fatal(err)
			}
			cs = append(cs, resp.StatusCode)
		}
		return cs
	}
	got := codes("/a", "/a", "/a", "/b", "/b")
	want := []int{200, 200, 500, 404, 200}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("codes %v, want %v", got, want)
		}
	}
	in.Every(PathPrefix("/down"), Status(503, "1", "", ""))
	got = codes("/down/1", "/ok", "/down/2", "/down/3")
	want = []int{503, 200, 503, 503}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("codes %v, want %v", got, want)
		}
	}
	if in.Pending() != 1 {
		t.Fatalf("pending %d, want the Every rule", in.Pending())
	}
	in.Clear()
	if got := codes("/down/4"); got[0] != 200 {
		t.Fatalf("after Clear: %v", got)
	}
}

func TestBodyMatcherKeepsBody(t *testing.T) {
	srv, in, reached := newServer(t)
	in.When(All(Method("POST"), BodyContains(`"nextToken"`), Header("X-Amz-Target", "Svc.List")),
		Status(400, "", `{"__type":"InvalidToken"}`, "application/x-amz-json-1.0"))
	post := func(body string) *http.Response {
		req, _ := http.NewRequest("POST", srv.URL+"/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "Svc.List")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if resp := post(`{"maxResults":1}`); resp.StatusCode != 200 || resp.Header.Get("X-Echo-Body") != `{"maxResults":1}` {
		t.Fatalf("non-matching request: %d, handler saw body %q", resp.StatusCode, resp.Header.Get("X-Echo-Body"))
	}
	if resp := post(`{"nextToken":"x"}`); resp.StatusCode != 400 {
		t.Fatalf("matching request: %d", resp.StatusCode)
	}
	if *reached != 1 {
		t.Fatalf("reached %d", *reached)
	}
	if !Any(Query("a"), Not(Method("GET")))(httptest.NewRequest("PUT", "/", nil)) {
		t.Fatal("Any/Not")
	}
}

func TestSealer(t *testing.T) {
	s := NewSealer("test")
	c := Cursor{Scope: "op|x", Pos: 42, Key: "k-1"}
	tok := s.Seal(c)
	for _, ch := range []string{"+", "/", "="} {
		if !strings.Contains(tok, ch) {
			t.Errorf("token %q lacks %q", tok, ch)
		}
	}
	if !strings.HasSuffix(tok, "==") {
		t.Errorf("token %q does not end in ==", tok)
	}
	if s.Seal(c) != tok {
		t.Error("sealing is not deterministic")
	}
	var got Cursor
	if err := s.Open(tok, &got); err != nil || got != c {
		t.Fatalf("Open = %+v, %v", got, err)
	}
	for _, bad := range []string{Tamper(tok), tok[:len(tok)-4], "", "not base64!", "AAAA", tok + "AAAA"} {
		if err := s.Open(bad, &got); !errors.Is(err, ErrCorruptToken) {
			t.Errorf("Open(%q) = %v, want corrupt", bad, err)
		}
	}
	if err := NewSealer("other").Open(tok, &got); !errors.Is(err, ErrCorruptToken) {
		t.Errorf("foreign sealer: %v", err)
	}
	s.Expire()
	if err := s.Open(tok, &got); !errors.Is(err, ErrExpiredToken) {
		t.Errorf("after Expire: %v", err)
	}
	fresh := s.Seal(c)
	if fresh == tok {
		t.Error("new generation gave the same token")
	}
	if err := s.Open(fresh, &got); err != nil {
		t.Errorf("fresh token: %v", err)
	}
	if Tamper(tok) == tok || len(Tamper(tok)) != len(tok) {
		t.Error("Tamper must change the token and keep its length")
	}
}

func TestPagerNormal(t *testing.T) {
	var p Pager
	c := Cursor{Scope: "s"}
	var got [][2]int
	for i := 0; i < 10; i++ {
		pg := p.Plan(c, 7, 3)
		got = append(got, [2]int{pg.From, pg.To})
		if pg.Next == nil {
			break
		}
		c = *pg.Next
		if c.Scope != "s" {
			t.Fatal("scope lost")
		}
	}
	want := [][2]int{{0, 3}, {3, 6}, {6, 7}}
	if len(got) != len(want) {
		t.Fatalf("pages %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("pages %v, want %v", got, want)
		}
	}
	// Exactly full: no trailing empty page.
	if pg := p.Plan(Cursor{Pos: 3}, 6, 3); pg.Next != nil {
		t.Fatalf("last full page has a token: %+v", pg)
	}
	// Empty collection: one empty page, no token.
	if pg := p.Plan(Cursor{}, 0, 3); pg.From != 0 || pg.To != 0 || pg.Next != nil {
		t.Fatalf("empty collection: %+v", pg)
	}
}

func TestPagerCycle(t *testing.T) {
	var p Pager
	p.SetCycle(2)
	c := Cursor{Scope: "s"}
	var laps []int
	for i := 0; i < 5; i++ {
		pg := p.Plan(c, 100, 10)
		laps = append(laps, pg.Next.Lap)
		if pg.To-pg.From != 10 {
			t.Fatalf("cycle page %d has %d items", i, pg.To-pg.From)
		}
		c = *pg.Next
	}
	if want := []int{1, 2, 1, 2, 1}; !equalInts(laps, want) {
		t.Fatalf("laps %v, want %v", laps, want)
	}
	// Identical cursors seal to identical tokens: the A, B, A the client sees.
	s := NewSealer("x")
	a1 := s.Seal(*p.Plan(Cursor{}, 100, 10).Next)
	b := p.Plan(*p.Plan(Cursor{}, 100, 10).Next, 100, 10).Next
	a2 := s.Seal(*p.Plan(*b, 100, 10).Next)
	if a1 != a2 || a1 == s.Seal(*b) {
		t.Fatal("cycle tokens do not repeat as A, B, A")
	}
}

func TestPagerEndless(t *testing.T) {
	var p Pager
	p.SetEndless(EndlessEmpty)
	c := Cursor{}
	seen := map[int]bool{}
	for i := 0; i < 6; i++ {
		pg := p.Plan(c, 4, 3)
		if pg.Next == nil {
			t.Fatal("endless pager stopped")
		}
		if i >= 2 && pg.To != pg.From {
			t.Fatalf("page %d past the data has items", i)
		}
		if seen[pg.Next.Pos] {
			t.Fatal("endless pager repeated a position")
		}
		seen[pg.Next.Pos] = true
		c = *pg.Next
	}
	p.SetEndless(EndlessItems)
	pg := p.Plan(Cursor{Pos: 30}, 4, 3)
	if pg.From != 30 || pg.To != 33 || pg.Next == nil {
		t.Fatalf("endless items: %+v", pg)
	}
	p.Reset()
	if pg := p.Plan(Cursor{Pos: 30}, 4, 3); pg.Next != nil || pg.From != pg.To {
		t.Fatalf("after Reset: %+v", pg)
	}
}

func TestPagerEmptyPages(t *testing.T) {
	var p Pager
	p.SetEmptyPages(1)
	c := Cursor{}
	var sizes []int
	for i := 0; i < 20; i++ {
		pg := p.Plan(c, 5, 2)
		sizes = append(sizes, pg.To-pg.From)
		if pg.Next == nil {
			break
		}
		c = *pg.Next
	}
	if want := []int{0, 2, 0, 2, 0, 1}; !equalInts(sizes, want) {
		t.Fatalf("page sizes %v, want %v", sizes, want)
	}
}

func TestLog(t *testing.T) {
	var l Log
	l.Add(Call{Op: "A", NextToken: "t1"})
	l.Add(Call{Op: "B"})
	l.Add(Call{Op: "A", NextToken: "t2"})
	if l.Count("A") != 2 || l.Count("") != 3 || len(l.Calls()) != 3 {
		t.Fatal("counts")
	}
	if ts := l.Tokens(); len(ts) != 2 || ts[0] != "t1" || ts[1] != "t2" {
		t.Fatalf("tokens %v", ts)
	}
	l.Reset()
	if l.Count("") != 0 {
		t.Fatal("reset")
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
