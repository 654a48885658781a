package mws_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/mws"
	"github.com/pagegen/pagegen/testdata/faults"
	"github.com/pagegen/pagegen/testdata/mwsserver"
)

// The MWS cells of the fault matrix that mws_test.go does not cover. MWS
// pages through two operations (ListOrders, then ListOrdersByNextToken)
// with XML answers. Transport faults come from testdata/faults' injector
// wrapped around testdata/mwsserver; the token-shape faults MWS never shows
// (cycles, endless paging, empty pages) from shaper, below, which rewrites
// the emulator's NextTokens.

// walkDeadline bounds the walks that must complete.
const walkDeadline = 30 * time.Second

const (
	mwsTotal = 23 // orders: pages of 5, 5, 5, 5, 3
	mwsPage  = 5
	mwsPages = 5
)

func prefetch(o *mws.PaginatorOptions) { o.Prefetch = true }

// Token-shape modes of shaper.
const (
	shapeNone    = iota
	shapeCycle   // the third NextToken handed out is the first one again
	shapeEndless // past the last page, empty pages with a new token each, forever
	shapeEmpty   // an empty page, with its own token, before every page after the first
)

// shaper wraps the emulator and reshapes the NextTokens it hands out.
type shaper struct {
	next http.Handler
	mode int

	mu     sync.Mutex
	issued []string
}

var nextTokenRE = regexp.MustCompile(`<NextToken>([^<]*)</NextToken>`)

func (s *shaper) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, _ := url.ParseQuery(string(body))
	action, tok := form.Get("Action"), form.Get("NextToken")
	if n, ok := strings.CutPrefix(tok, "endless-"); ok && s.mode == shapeEndless {
		i, _ := strconv.Atoi(n)
		writeEmptyPage(w, action, fmt.Sprintf("endless-%d", i+1))
		return
	}
	if real, ok := strings.CutPrefix(tok, "empty-"); ok && s.mode == shapeEmpty {
		writeEmptyPage(w, action, real)
		return
	}
	rec := httptest.NewRecorder()
	s.next.ServeHTTP(rec, r)
	out := rec.Body.String()
	if rec.Code == http.StatusOK {
		out = s.reshape(action, out)
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(rec.Code)
	_, _ = io.WriteString(w, out)
}

func (s *shaper) reshape(action, out string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := nextTokenRE.FindStringSubmatch(out)
	switch {
	case s.mode == shapeCycle && m != nil:
		s.issued = append(s.issued, m[1])
		if len(s.issued) >= 3 {
			return strings.Replace(out, m[0], "<NextToken>"+s.issued[0]+"</NextToken>", 1)
		}
	case s.mode == shapeEndless && m == nil:
		end := "</" + action + "Result>"
		return strings.Replace(out, end, "<NextToken>endless-1</NextToken>"+end, 1)
	case s.mode == shapeEmpty && m != nil:
		return strings.Replace(out, m[0], "<NextToken>empty-"+m[1]+"</NextToken>", 1)
	}
	return out
}

// writeEmptyPage answers a ListOrdersByNextToken call with no orders and
// the token next.
func writeEmptyPage(w http.ResponseWriter, action, next string) {
	body := `<?xml version="1.0"?><` + action + `Response xmlns="` + mwsserver.OrdersNamespace + `"><` + action + `Result><Orders></Orders>` +
		`<NextToken>` + next + `</NextToken></` + action + `Result><ResponseMetadata><RequestId>shaper</RequestId></ResponseMetadata></` + action + `Response>`
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = io.WriteString(w, body)
}

// mwsError is an MWS error body, for faults the injector answers itself.
func mwsError(code, msg string) faults.Fault {
	return mwsErrorRetryAfter(http.StatusServiceUnavailable, code, msg, "")
}

func mwsErrorRetryAfter(status int, code, msg, retryAfter string) faults.Fault {
	body := `<?xml version="1.0"?><ErrorResponse xmlns="` + mwsserver.OrdersNamespace + `"><Error><Type>Receiver</Type><Code>` + code +
		`</Code><Message>` + msg + `</Message></Error><RequestID>injected-` + code + `</RequestID></ErrorResponse>`
	return faults.Status(status, retryAfter, body, "text/xml")
}

// Matchers of the two operations, by the form body's Action.
var (
	byNextToken = faults.BodyContains("Action=ListOrdersByNextToken")
	listOrders  = faults.Not(byNextToken)
)

// harness is mwsserver behind a fault injector and a shaper, with a client.
type harness struct {
	srv   *mwsserver.Server
	inj   *faults.Injector
	shape *shaper
	c     *mws.Client
	want  []string
}

func newHarness(t *testing.T, srvOpts []mwsserver.Option, opts ...mws.ClientOption) *harness {
	t.Helper()
	noLeak(t)
	h := &harness{srv: mwsserver.New(srvOpts...), inj: faults.New()}
	h.want = h.srv.AddOrders(mwsTotal)
	h.shape = &shaper{next: h.srv}
	ts := httptest.NewServer(h.inj.Wrap(h.shape))
	t.Cleanup(ts.Close)
	c, err := mws.NewClient(ts.URL, opts...)
	if err != nil {
		t.Fatal(err)
	}
	h.c = c
	return h
}

func (h *harness) all(ctx context.Context, o ...func(*mws.PaginatorOptions)) ([]string, error) {
	o = append([]func(*mws.PaginatorOptions){fast, limit(mwsPage)}, o...)
	var got []string
	for order, err := range h.c.ListOrdersAll(ctx, &mws.ListOrdersParams{SellerID: seller}, o...) {
		if err != nil {
			return got, err
		}
		got = append(got, order.AmazonOrderID)
	}
	return got, nil
}

func (h *harness) everyItemOnce(t *testing.T, o ...func(*mws.PaginatorOptions)) {
	t.Helper()
	// The deadline is a safety net, far above what any cell needs: a
	// runtime that waited out the hour-long Retry-After of the 503 cells
	// (MaxDelay not capping it) fails here rather than hanging.
	ctx, cancel := context.WithTimeout(context.Background(), walkDeadline)
	defer cancel()
	got, err := h.all(ctx, o...)
	if err != nil {
		t.Fatalf("walk failed after %d items: %v", len(got), err)
	}
	exactlyOnce(t, got, h.want)
}

func (h *harness) paginator(o ...func(*mws.PaginatorOptions)) *mws.ListOrdersPaginator {
	o = append([]func(*mws.PaginatorOptions){fast, limit(mwsPage)}, o...)
	return mws.NewListOrdersPaginator(h.c, &mws.ListOrdersParams{SellerID: seller}, o...)
}

func orderIDs(pg *mws.ListOrdersPage) []string {
	var out []string
	for _, o := range pg.Items {
		out = append(out, o.AmazonOrderID)
	}
	return out
}

// tamperNth corrupts the NextToken of the nth ListOrdersByNextToken
// request (from 1) with faults.Tamper.
func tamperNth(nth int) mws.ClientOption {
	var mu sync.Mutex
	seen := 0
	return mws.WithRequestEditor(func(_ context.Context, r *http.Request) error {
		if r.Body == nil {
			return nil
		}
		body, err := readAll(r)
		if err != nil {
			return err
		}
		form, err := url.ParseQuery(body)
		if err != nil {
			return err
		}
		if tok := form.Get("NextToken"); tok != "" {
			mu.Lock()
			seen++
			hit := seen == nth
			mu.Unlock()
			if hit {
				form.Set("NextToken", faults.Tamper(tok))
				body = form.Encode()
			}
		}
		setBody(r, body)
		return nil
	})
}

// hang is a fault that reports the request it holds and answers only once
// the client has gone: a server that hangs.
func hang(ch chan<- struct{}) faults.Fault {
	var once sync.Once
	return faults.FaultFunc(func(w http.ResponseWriter, r *http.Request, _ http.Handler) {
		once.Do(func() { close(ch) })
		<-r.Context().Done()
	})
}

func TestMWSFaultMatrix(t *testing.T) {
	transient := []struct {
		name  string
		fault faults.Fault
	}{
		{"429_retry_after_seconds", mwsErrorRetryAfter(http.StatusTooManyRequests, "TooManyRequests", "Too many requests", "1")},
		{"503_retry_after_http_date", mwsErrorRetryAfter(http.StatusServiceUnavailable, "RequestThrottled", "Request is throttled", faults.RetryAfterDate(time.Now().Add(time.Hour)))},
		{"500_InternalError", mwsErrorRetryAfter(http.StatusInternalServerError, "InternalError", "We encountered an internal error", "")},
		{"reset_mid_body", faults.ResetMidBody()},
		{"truncated_body", faults.Truncate()},
		{"connection_closed", faults.CloseConn()},
	}
	for _, tc := range transient {
		for _, where := range []struct {
			name     string
			m        faults.Matcher
			prefetch bool
		}{{"ListOrders", listOrders, false}, {"ListOrdersByNextToken", byNextToken, false}, {"ListOrdersByNextToken/prefetch", byNextToken, true}} {
			t.Run(tc.name+"/"+where.name, func(t *testing.T) {
				h := newHarness(t, nil)
				h.inj.When(where.m, tc.fault, tc.fault)
				if where.prefetch {
					h.everyItemOnce(t, prefetch)
				} else {
					h.everyItemOnce(t)
				}
				if n := h.inj.Injected(); n != 2 {
					t.Errorf("%d faults injected, want 2", n)
				}
				if n := h.inj.Requests(); n != mwsPages+2 {
					t.Errorf("%d requests, want %d (each page once, plus 2 retries)", n, mwsPages+2)
				}
			})
		}
	}

	t.Run("503_RequestThrottled_retry_after_http_date/emulator", func(t *testing.T) {
		// mwsserver's own throttling, with an HTTP-date Retry-After an hour
		// away: Retry.MaxDelay bounds the wait.
		h := newHarness(t, []mwsserver.Option{mwsserver.WithRetryAfter(faults.RetryAfterDate(time.Now().Add(time.Hour)))})
		h.srv.Throttle(3)
		h.everyItemOnce(t)
		if n := h.srv.Calls("ListOrders"); n != 4 {
			t.Errorf("ListOrders called %d times, want 4 (three throttled)", n)
		}
	})

	t.Run("500_InternalError/emulator_FailNext", func(t *testing.T) {
		h := newHarness(t, nil)
		h.srv.FailNext(2, http.StatusInternalServerError, "InternalError")
		h.everyItemOnce(t)
		if n := h.srv.Calls("ListOrders"); n != 3 {
			t.Errorf("ListOrders called %d times, want 3", n)
		}
	})

	t.Run("500_persistent/gives_up_after_MaxAttempts", func(t *testing.T) {
		h := newHarness(t, nil)
		h.inj.Every(byNextToken, mwsErrorRetryAfter(http.StatusInternalServerError, "InternalError", "down", ""))
		got, err := h.all(context.Background(), func(o *mws.PaginatorOptions) { o.Retry.MaxAttempts = 3 })
		var apiErr *mws.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Code != "InternalError" || apiErr.RequestID != "injected-InternalError" {
			t.Fatalf("err = %v, want the 500 InternalError APIError with the body's RequestID", err)
		}
		exactlyOnce(t, got, h.want[:mwsPage])
		if n := h.inj.Injected(); n != 3 {
			t.Errorf("%d attempts at page 2, want 3", n)
		}
	})

	t.Run("400_InvalidParameterValue/not_retried", func(t *testing.T) {
		h := newHarness(t, nil)
		h.srv.FailNext(1, http.StatusBadRequest, "InvalidParameterValue")
		_, err := h.all(context.Background())
		var apiErr *mws.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != "InvalidParameterValue" || apiErr.RequestID == "" {
			t.Fatalf("err = %v, want the InvalidParameterValue APIError with a request id", err)
		}
		if n := h.inj.Requests(); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})

	t.Run("corrupted_token/prefetch", func(t *testing.T) {
		h := newHarness(t, nil, tamperNth(2))
		h.everyItemOnce(t, prefetch)
		if n := h.srv.Calls("ListOrders"); n != 2 {
			t.Errorf("ListOrders called %d times, want 2 (one restart)", n)
		}
	})

	t.Run("expired_token", func(t *testing.T) {
		h := newHarness(t, nil)
		ctx := context.Background()
		p := h.paginator()
		var got []string
		expired := false
		for p.HasMorePages() {
			pg, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("after %d items: %v", len(got), err)
			}
			got = append(got, orderIDs(pg)...)
			if len(got) == 2*mwsPage && !expired {
				h.srv.InvalidateTokens() // mid-walk: the token in hand dies
				expired = true
			}
		}
		exactlyOnce(t, got, h.want)
		if n := h.srv.Calls("ListOrders"); n != 2 {
			t.Errorf("ListOrders called %d times, want 2", n)
		}
	})

	for _, pf := range []bool{false, true} {
		name := map[bool]string{false: "token_cycle", true: "token_cycle/prefetch"}[pf]
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, nil)
			h.shape.mode = shapeCycle
			var o []func(*mws.PaginatorOptions)
			if pf {
				o = append(o, prefetch)
			}
			got, err := h.all(context.Background(), o...)
			if !errors.Is(err, mws.ErrTokenCycle) {
				t.Fatalf("err = %v, want ErrTokenCycle", err)
			}
			if n := h.inj.Requests(); n != 3 {
				t.Errorf("%d requests, want 3", n)
			}
			exactlyOnce(t, got, h.want[:3*mwsPage])
		})
	}

	t.Run("endless/MaxPages", func(t *testing.T) {
		h := newHarness(t, nil)
		h.shape.mode = shapeEndless
		got, err := h.all(context.Background(), func(o *mws.PaginatorOptions) { o.MaxPages = 12 }, prefetch)
		if err != nil {
			t.Fatalf("MaxPages should end the walk quietly: %v", err)
		}
		exactlyOnce(t, got, h.want)
		if n := h.inj.Requests(); n != 12 {
			t.Errorf("%d requests, want 12", n)
		}
	})

	t.Run("endless/ctx", func(t *testing.T) {
		h := newHarness(t, nil)
		h.shape.mode = shapeEndless
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var n int
		var last error
		for _, err := range h.c.ListOrdersPages(ctx, &mws.ListOrdersParams{SellerID: seller}, fast, limit(mwsPage)) {
			if err != nil {
				last = err
				break
			}
			if n++; n == 40 {
				cancel()
			}
		}
		if !errors.Is(last, context.Canceled) {
			t.Fatalf("walk ended with %v after %d pages, want context.Canceled", last, n)
		}
		if r := h.inj.Requests(); r != 40 {
			t.Errorf("%d requests, want 40", r)
		}
	})

	t.Run("empty_pages_with_tokens", func(t *testing.T) {
		h := newHarness(t, nil)
		h.shape.mode = shapeEmpty
		h.everyItemOnce(t, prefetch)
		if n := h.inj.Requests(); n != 2*mwsPages-1 {
			t.Errorf("%d requests, want %d", n, 2*mwsPages-1)
		}
	})

	for _, pf := range []bool{false, true} {
		name := map[bool]string{false: "cancel/while_consuming", true: "cancel/while_consuming/prefetch"}[pf]
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, nil)
			hung := make(chan struct{})
			h.inj.At(3, hang(hung))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			o := []func(*mws.PaginatorOptions){fast, limit(mwsPage)}
			if pf {
				o = append(o, prefetch)
			}
			var n int
			var last error
			for _, err := range h.c.ListOrdersAll(ctx, &mws.ListOrdersParams{SellerID: seller}, o...) {
				if err != nil {
					last = err
					break
				}
				if n++; n == mwsPage+2 {
					if pf {
						<-hung
					}
					cancel()
				}
			}
			if !errors.Is(last, context.Canceled) || n != mwsPage+2 {
				t.Fatalf("walk ended with %v after %d items, want context.Canceled after %d", last, n, mwsPage+2)
			}
			want := 2
			if pf {
				want = 3
			}
			if r := h.inj.Requests(); r != want {
				t.Errorf("%d requests, want %d", r, want)
			}
		})
	}

	for _, pf := range []bool{false, true} {
		name := map[bool]string{false: "cancel/while_waiting", true: "cancel/while_waiting/prefetch"}[pf]
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, nil)
			hung := make(chan struct{})
			h.inj.At(2, hang(hung))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var o []func(*mws.PaginatorOptions)
			if pf {
				o = append(o, prefetch)
			}
			p := h.paginator(o...)
			defer p.Close()
			if _, err := p.NextPage(ctx); err != nil {
				t.Fatal(err)
			}
			go func() { <-hung; cancel() }()
			if _, err := p.NextPage(ctx); !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if r := h.inj.Requests(); r != 2 {
				t.Errorf("%d requests, want 2", r)
			}
		})
	}

	t.Run("cancel/during_Retry-After_wait", func(t *testing.T) {
		// The API asks for an hour's pause and Retry.MaxDelay allows a
		// minute: cancelling during the pause ends the walk at once.
		h := newHarness(t, nil)
		throttled := make(chan struct{})
		var once sync.Once
		h.inj.Every(byNextToken, faults.FaultFunc(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			once.Do(func() { close(throttled) })
			mwsErrorRetryAfter(http.StatusTooManyRequests, "TooManyRequests", "Too many requests", "3600").Apply(w, r, next)
		}))
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() { <-throttled; cancel() }()
		start := time.Now()
		got, err := h.all(ctx, func(o *mws.PaginatorOptions) { o.Retry.MaxDelay = time.Minute })
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("cancelling took %v", d)
		}
		exactlyOnce(t, got, h.want[:mwsPage])
		if n := h.inj.Requests(); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})

	t.Run("MaxItems_mid_page/ResumeToken", func(t *testing.T) {
		for _, cut := range []int{1, 7, 10, 22} {
			h := newHarness(t, nil)
			ctx := context.Background()
			p := h.paginator(func(o *mws.PaginatorOptions) { o.MaxItems = cut })
			var got []string
			for p.HasMorePages() {
				pg, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, orderIDs(pg)...)
			}
			if len(got) != cut {
				t.Fatalf("MaxItems %d: %d items", cut, len(got))
			}
			rest, err := h.all(ctx, func(o *mws.PaginatorOptions) { o.StartToken = p.ResumeToken() })
			if err != nil {
				t.Fatal(err)
			}
			exactlyOnce(t, append(got, rest...), h.want)
		}
	})

	t.Run("StartToken/raw_API_token", func(t *testing.T) {
		h := newHarness(t, nil)
		out, err := h.c.ListOrders(context.Background(), &mws.ListOrdersParams{SellerID: seller, MaxResultsPerPage: mws.Ptr[int32](mwsPage)})
		if err != nil || out.Body.ListOrdersResult.NextToken == nil {
			t.Fatalf("first page: %v", err)
		}
		got, err := h.all(context.Background(), func(o *mws.PaginatorOptions) { o.StartToken = *out.Body.ListOrdersResult.NextToken })
		if err != nil {
			t.Fatal(err)
		}
		exactlyOnce(t, got, h.want[mwsPage:])
		if n := h.srv.Calls("ListOrders"); n != 1 {
			t.Errorf("ListOrders called %d times, want 1 (the walk starts with ListOrdersByNextToken)", n)
		}
	})

	t.Run("PrevPage/ByNextToken", func(t *testing.T) {
		h := newHarness(t, nil)
		ctx := context.Background()
		p := h.paginator()
		for range 3 {
			if _, err := p.NextPage(ctx); err != nil {
				t.Fatal(err)
			}
		}
		prev, err := p.PrevPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		exactlyOnce(t, orderIDs(prev), h.want[mwsPage:2*mwsPage])
		next, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		exactlyOnce(t, orderIDs(next), h.want[2*mwsPage:3*mwsPage])
	})
}
