package awsrest_test

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/awsrest"
	"github.com/pagegen/pagegen/testdata/awsserver"
	"github.com/pagegen/pagegen/testdata/faults"
)

// The fault matrix of the AWS REST-JSON protocol (IoT), run against
// testdata/awsserver for both ways IoT pages: ListThings (nextToken and
// maxResults in the query) and ListPolicies (marker and pageSize, the
// response's nextMarker). Every cell either yields every item exactly once
// or returns the documented error, and leaves no goroutine behind.

// walkDeadline bounds the walks that must complete.
const walkDeadline = 30 * time.Second

const (
	total    = 23 // items: pages of 5, 5, 5, 5, 3
	pageSize = 5
	pages    = 5
)

type opts = func(*awsrest.PaginatorOptions)

// fast keeps retries quick. MaxDelay also caps Retry-After, so the
// one-second and one-hour Retry-After values below cost 20ms each (and
// walkDeadline catches a runtime that does not cap them).
func fast(o *awsrest.PaginatorOptions) {
	o.Retry.BaseDelay = time.Millisecond
	o.Retry.MaxDelay = 20 * time.Millisecond
}

func limit(n int32) opts { return func(o *awsrest.PaginatorOptions) { o.Limit = n } }

func prefetch(o *awsrest.PaginatorOptions) { o.Prefetch = true }

// noLeak fails if goroutines started during the test are still running
// once its cleanups (the httptest server's Close among them) have run.
func noLeak(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			buf := make([]byte, 1<<16)
			t.Errorf("%d goroutines left running:\n%s", n-before, buf[:runtime.Stack(buf, true)])
		}
	})
}

// pager is what the cells need of a paginator, items reduced to names.
type pager struct {
	HasMorePages func() bool
	NextPage     func(context.Context) ([]string, error)
	ResumeToken  func() string
	Close        func()
}

// operation adapts one paginated operation to the cells.
type operation struct {
	name       string
	tokenParam string                                      // the query parameter that carries the token
	add        func(srv *awsserver.Server, n int) []string // in list order
	all        func(c *awsrest.Client, ctx context.Context, o ...opts) iter.Seq2[string, error]
	pages      func(c *awsrest.Client, ctx context.Context, o ...opts) iter.Seq2[int, error]
	paginator  func(c *awsrest.Client, o ...opts) pager
	first      func(c *awsrest.Client, ctx context.Context, max int32) (next string, err error)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func thingNames(ts []awsrest.ThingAttribute) []string {
	var out []string
	for _, t := range ts {
		out = append(out, deref(t.ThingName))
	}
	return out
}

func policyNames(ps []awsrest.Policy) []string {
	var out []string
	for _, p := range ps {
		out = append(out, deref(p.PolicyName))
	}
	return out
}

var operations = []operation{
	{
		name:       "ListThings",
		tokenParam: "nextToken",
		add:        func(srv *awsserver.Server, n int) []string { return srv.AddThings(n) },
		all: func(c *awsrest.Client, ctx context.Context, o ...opts) iter.Seq2[string, error] {
			return func(yield func(string, error) bool) {
				for t, err := range c.ListThingsAll(ctx, nil, o...) {
					if !yield(deref(t.ThingName), err) {
						return
					}
				}
			}
		},
		pages: func(c *awsrest.Client, ctx context.Context, o ...opts) iter.Seq2[int, error] {
			return func(yield func(int, error) bool) {
				for pg, err := range c.ListThingsPages(ctx, nil, o...) {
					n := 0
					if pg != nil {
						n = len(pg.Items)
					}
					if !yield(n, err) {
						return
					}
				}
			}
		},
		paginator: func(c *awsrest.Client, o ...opts) pager {
			p := awsrest.NewListThingsPaginator(c, nil, o...)
			return pager{
				HasMorePages: p.HasMorePages,
				NextPage: func(ctx context.Context) ([]string, error) {
					pg, err := p.NextPage(ctx)
					if err != nil {
						return nil, err
					}
					return thingNames(pg.Items), nil
				},
				ResumeToken: p.ResumeToken,
				Close:       p.Close,
			}
		},
		first: func(c *awsrest.Client, ctx context.Context, max int32) (string, error) {
			out, err := c.ListThings(ctx, &awsrest.ListThingsParams{MaxResults: &max})
			if err != nil {
				return "", err
			}
			return deref(out.Body.NextToken), nil
		},
	},
	{
		name:       "ListPolicies",
		tokenParam: "marker",
		add: func(srv *awsserver.Server, n int) []string {
			// Newest first, as ListPolicies lists them by default.
			names := srv.AddPolicies(n)
			slices.Reverse(names)
			return names
		},
		all: func(c *awsrest.Client, ctx context.Context, o ...opts) iter.Seq2[string, error] {
			return func(yield func(string, error) bool) {
				for p, err := range c.ListPoliciesAll(ctx, nil, o...) {
					if !yield(deref(p.PolicyName), err) {
						return
					}
				}
			}
		},
		pages: func(c *awsrest.Client, ctx context.Context, o ...opts) iter.Seq2[int, error] {
			return func(yield func(int, error) bool) {
				for pg, err := range c.ListPoliciesPages(ctx, nil, o...) {
					n := 0
					if pg != nil {
						n = len(pg.Items)
					}
					if !yield(n, err) {
						return
					}
				}
			}
		},
		paginator: func(c *awsrest.Client, o ...opts) pager {
			p := awsrest.NewListPoliciesPaginator(c, nil, o...)
			return pager{
				HasMorePages: p.HasMorePages,
				NextPage: func(ctx context.Context) ([]string, error) {
					pg, err := p.NextPage(ctx)
					if err != nil {
						return nil, err
					}
					return policyNames(pg.Items), nil
				},
				ResumeToken: p.ResumeToken,
				Close:       p.Close,
			}
		},
		first: func(c *awsrest.Client, ctx context.Context, max int32) (string, error) {
			out, err := c.ListPolicies(ctx, &awsrest.ListPoliciesParams{PageSize: &max})
			if err != nil {
				return "", err
			}
			return deref(out.Body.NextMarker), nil
		},
	},
}

// env is one cell's emulator, client, operation and data.
type env struct {
	op   operation
	srv  *awsserver.Server
	c    *awsrest.Client
	want []string
}

// setup starts an emulator with total items for op and a client for it,
// and checks for leaked goroutines when the test ends.
func setup(t *testing.T, op operation, copts ...awsrest.ClientOption) *env {
	t.Helper()
	noLeak(t)
	srv := awsserver.New()
	want := op.add(srv, total)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	c, err := awsrest.NewClient(ts.URL, copts...)
	if err != nil {
		t.Fatal(err)
	}
	return &env{op: op, srv: srv, c: c, want: want}
}

// all walks the operation in pages of 5 and returns the names yielded and
// the error that ended the walk.
func (e *env) all(ctx context.Context, o ...opts) ([]string, error) {
	o = append([]opts{fast, limit(pageSize)}, o...)
	var got []string
	for id, err := range e.op.all(e.c, ctx, o...) {
		if err != nil {
			return got, err
		}
		got = append(got, id)
	}
	return got, nil
}

// exactlyOnce fails unless got is want, in order, with no repeats.
func exactlyOnce(t *testing.T, got, want []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, g := range got {
		if seen[g] {
			t.Fatalf("%s yielded twice", g)
		}
		seen[g] = true
	}
	if len(got) != len(want) {
		t.Fatalf("got %d items, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("item %d: got %s, want %s", i, got[i], want[i])
		}
	}
}

func (e *env) everyItemOnce(t *testing.T, o ...opts) {
	t.Helper()
	// The deadline is a safety net, far above what any cell needs: a
	// runtime that waited out the hour-long Retry-After of the 503 cells
	// (MaxDelay not capping it) fails here rather than hanging.
	ctx, cancel := context.WithTimeout(context.Background(), walkDeadline)
	defer cancel()
	got, err := e.all(ctx, o...)
	if err != nil {
		t.Fatalf("walk failed after %d items: %v", len(got), err)
	}
	exactlyOnce(t, got, e.want)
}

func (e *env) firstCalls() int {
	n := 0
	for _, c := range e.srv.Calls() {
		if c.Op == e.op.name && c.Token == "" {
			n++
		}
	}
	return n
}

func (e *env) answers(code string) int {
	n := 0
	for _, c := range e.srv.Calls() {
		if c.Code == code {
			n++
		}
	}
	return n
}

// editToken returns a request editor that replaces the token query
// parameter param with edit(token) on the nth continuation request (from
// 1), and only there.
func editToken(param string, nth int, edit func(string) string) awsrest.ClientOption {
	var seen atomic.Int32
	return awsrest.WithRequestEditor(func(_ context.Context, r *http.Request) error {
		q := r.URL.Query()
		if tok := q.Get(param); tok != "" && int(seen.Add(1)) == nth {
			q.Set(param, edit(tok))
			r.URL.RawQuery = q.Encode()
		}
		return nil
	})
}

// arrived is a fault that reports the request it holds and answers only
// once the client has gone: a server that hangs.
func arrived(ch chan<- struct{}) faults.Fault {
	var once sync.Once
	return faults.FaultFunc(func(w http.ResponseWriter, r *http.Request, _ http.Handler) {
		once.Do(func() { close(ch) })
		<-r.Context().Done()
	})
}

func TestFaultMatrix(t *testing.T) {
	for _, op := range operations {
		t.Run(op.name, func(t *testing.T) { faultMatrix(t, op) })
	}
}

func faultMatrix(t *testing.T, op operation) {
	transient := []struct {
		name  string
		fault faults.Fault
	}{
		{"429_retry_after_seconds", awsserver.Throttle("1")},
		{"503_retry_after_http_date", awsserver.Unavailable(faults.RetryAfterDate(time.Now().Add(time.Hour)))},
		{"500_InternalFailureException", awsserver.InternalError()},
		{"reset_mid_body", faults.ResetMidBody()},
		{"truncated_body", faults.Truncate()},
		{"connection_closed", faults.CloseConn()},
	}
	for _, tc := range transient {
		for _, where := range []struct {
			name     string
			m        faults.Matcher
			prefetch bool
		}{{"first_page", faults.Not(awsserver.WithToken()), false}, {"next_page", awsserver.WithToken(), false}, {"next_page/prefetch", awsserver.WithToken(), true}} {
			t.Run(tc.name+"/"+where.name, func(t *testing.T) {
				e := setup(t, op)
				e.srv.Faults().When(where.m, tc.fault, tc.fault)
				if where.prefetch {
					e.everyItemOnce(t, prefetch)
				} else {
					e.everyItemOnce(t)
				}
				if n := e.srv.Faults().Injected(); n != 2 {
					t.Errorf("%d faults injected, want 2", n)
				}
				if n := e.srv.Faults().Requests(); n != pages+2 {
					t.Errorf("%d requests, want %d (each page once, plus 2 retries)", n, pages+2)
				}
			})
		}
	}

	t.Run("429_persistent/APIError_code_from_x-amzn-ErrorType", func(t *testing.T) {
		e := setup(t, op)
		e.srv.Faults().Every(awsserver.WithToken(), awsserver.Throttle("0"))
		got, err := e.all(context.Background(), func(o *awsrest.PaginatorOptions) { o.Retry.MaxAttempts = 3 })
		var apiErr *awsrest.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.Code != "ThrottlingException" {
			t.Fatalf("err = %v, want the 429 ThrottlingException APIError", err)
		}
		if apiErr.RequestID == "" || apiErr.RequestID != apiErr.Header.Get("X-Amzn-RequestId") {
			t.Errorf("RequestID = %q, want the x-amzn-RequestId header %q", apiErr.RequestID, apiErr.Header.Get("X-Amzn-RequestId"))
		}
		exactlyOnce(t, got, e.want[:pageSize])
		if n := e.srv.Faults().Injected(); n != 3 {
			t.Errorf("%d attempts at page 2, want 3", n)
		}
	})

	t.Run("corrupted_token/request_editor", func(t *testing.T) {
		e := setup(t, op, editToken(op.tokenParam, 2, faults.Tamper))
		e.everyItemOnce(t)
		if n := e.answers("InvalidRequestException"); n != 1 {
			t.Errorf("%d InvalidRequestException answers, want 1", n)
		}
		if n := e.firstCalls(); n != 2 {
			t.Errorf("%d first-page calls, want 2 (one restart)", n)
		}
	})

	t.Run("corrupted_token/prefetch", func(t *testing.T) {
		e := setup(t, op, editToken(op.tokenParam, 3, faults.Tamper))
		e.everyItemOnce(t, prefetch)
		if n := e.firstCalls(); n != 2 {
			t.Errorf("%d first-page calls, want 2 (one restart)", n)
		}
	})

	t.Run("expired_token", func(t *testing.T) {
		e := setup(t, op)
		ctx := context.Background()
		p := op.paginator(e.c, fast, limit(pageSize))
		var got []string
		expired := false
		for p.HasMorePages() {
			ids, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("after %d items: %v", len(got), err)
			}
			got = append(got, ids...)
			if len(got) == 2*pageSize && !expired {
				e.srv.ExpireTokens()
				expired = true
			}
		}
		exactlyOnce(t, got, e.want)
		if n := e.firstCalls(); n != 2 {
			t.Errorf("%d first-page calls, want 2", n)
		}
	})

	t.Run("deleted_item_under_token", func(t *testing.T) {
		// Tokens point at the next item; deleting it makes the token
		// invalid, and the restarted walk repeats nothing.
		e := setup(t, op)
		ctx := context.Background()
		p := op.paginator(e.c, fast, limit(pageSize))
		got, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !e.srv.Delete(e.want[pageSize]) {
			t.Fatal("delete failed")
		}
		for p.HasMorePages() {
			ids, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("after %d items: %v", len(got), err)
			}
			got = append(got, ids...)
		}
		exactlyOnce(t, got, slices.Delete(slices.Clone(e.want), pageSize, pageSize+1))
		if n := e.firstCalls(); n != 2 {
			t.Errorf("%d first-page calls, want 2", n)
		}
	})

	for _, pf := range []bool{false, true} {
		name := map[bool]string{false: "token_cycle", true: "token_cycle/prefetch"}[pf]
		t.Run(name, func(t *testing.T) {
			e := setup(t, op)
			e.srv.SetTokenCycle(2)
			var o []opts
			if pf {
				o = append(o, prefetch)
			}
			got, err := e.all(context.Background(), o...)
			if !errors.Is(err, awsrest.ErrTokenCycle) {
				t.Fatalf("err = %v, want ErrTokenCycle", err)
			}
			if n := e.srv.Faults().Requests(); n != 3 {
				t.Errorf("%d requests, want 3", n)
			}
			exactlyOnce(t, got, e.want[:3*pageSize])
		})
	}

	t.Run("endless/MaxPages", func(t *testing.T) {
		e := setup(t, op)
		e.srv.SetEndless(faults.EndlessItems)
		got, err := e.all(context.Background(), func(o *awsrest.PaginatorOptions) { o.MaxPages = 8 }, prefetch)
		if err != nil {
			t.Fatalf("MaxPages should end the walk quietly: %v", err)
		}
		if len(got) != 8*pageSize {
			t.Errorf("%d items, want %d", len(got), 8*pageSize)
		}
		if n := e.srv.Faults().Requests(); n != 8 {
			t.Errorf("%d requests, want 8", n)
		}
	})

	t.Run("endless/ctx", func(t *testing.T) {
		e := setup(t, op)
		e.srv.SetEndless(faults.EndlessEmpty)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var n int
		var last error
		for _, err := range op.pages(e.c, ctx, fast, limit(pageSize)) {
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
		if r := e.srv.Faults().Requests(); r != 40 {
			t.Errorf("%d requests, want 40", r)
		}
	})

	t.Run("empty_pages_with_tokens", func(t *testing.T) {
		e := setup(t, op)
		e.srv.SetEmptyPages(2)
		e.everyItemOnce(t, prefetch)
		if n := e.srv.Faults().Requests(); n != 3*pages {
			t.Errorf("%d requests, want %d", n, 3*pages)
		}
	})

	for _, pf := range []bool{false, true} {
		name := map[bool]string{false: "cancel/while_consuming", true: "cancel/while_consuming/prefetch"}[pf]
		t.Run(name, func(t *testing.T) {
			e := setup(t, op)
			hung := make(chan struct{})
			e.srv.Faults().At(3, arrived(hung))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			o := []opts{fast, limit(pageSize)}
			if pf {
				o = append(o, prefetch)
			}
			var n int
			var last error
			for _, err := range op.all(e.c, ctx, o...) {
				if err != nil {
					last = err
					break
				}
				if n++; n == pageSize+2 {
					if pf {
						<-hung
					}
					cancel()
				}
			}
			if !errors.Is(last, context.Canceled) || n != pageSize+2 {
				t.Fatalf("walk ended with %v after %d items, want context.Canceled after %d", last, n, pageSize+2)
			}
			want := 2
			if pf {
				want = 3
			}
			if r := e.srv.Faults().Requests(); r != want {
				t.Errorf("%d requests, want %d", r, want)
			}
		})
	}

	for _, pf := range []bool{false, true} {
		name := map[bool]string{false: "cancel/while_waiting", true: "cancel/while_waiting/prefetch"}[pf]
		t.Run(name, func(t *testing.T) {
			e := setup(t, op)
			hung := make(chan struct{})
			e.srv.Faults().At(2, arrived(hung))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			o := []opts{fast, limit(pageSize)}
			if pf {
				o = append(o, prefetch)
			}
			p := op.paginator(e.c, o...)
			defer p.Close()
			if _, err := p.NextPage(ctx); err != nil {
				t.Fatal(err)
			}
			go func() { <-hung; cancel() }()
			if _, err := p.NextPage(ctx); !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if r := e.srv.Faults().Requests(); r != 2 {
				t.Errorf("%d requests, want 2", r)
			}
		})
	}

	t.Run("cancel/during_Retry-After_wait", func(t *testing.T) {
		// The API asks for an hour's pause and Retry.MaxDelay allows a
		// minute: cancelling during the pause ends the walk at once.
		e := setup(t, op)
		throttled := make(chan struct{})
		var once sync.Once
		e.srv.Faults().Every(awsserver.WithToken(), faults.FaultFunc(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			once.Do(func() { close(throttled) })
			awsserver.Throttle("3600").Apply(w, r, next)
		}))
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() { <-throttled; cancel() }()
		start := time.Now()
		got, err := e.all(ctx, func(o *awsrest.PaginatorOptions) { o.Retry.MaxDelay = time.Minute })
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("cancelling took %v", d)
		}
		exactlyOnce(t, got, e.want[:pageSize])
		if n := e.srv.Faults().Requests(); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})

	t.Run("MaxItems_mid_page/ResumeToken", func(t *testing.T) {
		for _, cut := range []int{1, 7, 10, 22} {
			e := setup(t, op)
			ctx := context.Background()
			p := op.paginator(e.c, fast, limit(pageSize), func(o *awsrest.PaginatorOptions) { o.MaxItems = cut })
			var got []string
			for p.HasMorePages() {
				ids, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, ids...)
			}
			if len(got) != cut {
				t.Fatalf("MaxItems %d: %d items", cut, len(got))
			}
			rest, err := e.all(ctx, func(o *awsrest.PaginatorOptions) { o.StartToken = p.ResumeToken() })
			if err != nil {
				t.Fatal(err)
			}
			exactlyOnce(t, append(got, rest...), e.want)
		}
	})

	t.Run("StartToken/raw_API_token", func(t *testing.T) {
		e := setup(t, op)
		tok, err := op.first(e.c, context.Background(), pageSize)
		if err != nil || tok == "" {
			t.Fatalf("first page: %q, %v", tok, err)
		}
		got, err := e.all(context.Background(), func(o *awsrest.PaginatorOptions) { o.StartToken = tok })
		if err != nil {
			t.Fatal(err)
		}
		exactlyOnce(t, got, e.want[pageSize:])
	})

	t.Run("Limit_out_of_bounds", func(t *testing.T) {
		e := setup(t, op)
		_, err := e.all(context.Background(), limit(251))
		if !errors.Is(err, awsrest.ErrInvalidParams) {
			t.Fatalf("err = %v, want ErrInvalidParams", err)
		}
		if n := e.srv.Faults().Requests(); n != 0 {
			t.Errorf("%d requests, want none", n)
		}
	})
}

// TestFilterErrorIsNotARestart: InvalidRequestException is IoT's answer to a
// bad token and to bad filters alike. On a first page (no token) it is the
// caller's error, reported at once.
func TestFilterErrorIsNotARestart(t *testing.T) {
	noLeak(t)
	srv := awsserver.New()
	srv.AddThings(3)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	c, _ := awsrest.NewClient(ts.URL)
	var err error
	for _, err = range c.ListThingsAll(context.Background(), &awsrest.ListThingsParams{UsePrefixAttributeValue: awsrest.Ptr(true)}, fast) {
		break
	}
	var apiErr *awsrest.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "InvalidRequestException" || !strings.Contains(apiErr.Message, "usePrefixAttributeValue") {
		t.Fatalf("err = %v, want InvalidRequestException about usePrefixAttributeValue", err)
	}
	if n := srv.Count(""); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}
