package ucommerce_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/ucommerce"
	"github.com/pagegen/pagegen/testdata/faults"
	"github.com/pagegen/pagegen/testdata/ucommerceserver"
)

// The fault matrix of the Ucommerce headless API, run against
// testdata/ucommerceserver: every cell either yields every item exactly
// once or returns the documented error, and leaves no goroutine behind.

// walkDeadline bounds the walks that must complete.
const walkDeadline = 30 * time.Second

const (
	total    = 23 // countries: pages of 5, 5, 5, 5, 3
	pageSize = 5
	pages    = 5
)

// fast keeps retries quick. MaxDelay also caps Retry-After, so the
// one-second and one-hour Retry-After values below cost 20ms each (and
// walkDeadline catches a runtime that does not cap them).
func fast(o *ucommerce.PaginatorOptions) {
	o.Retry.BaseDelay = time.Millisecond
	o.Retry.MaxDelay = 20 * time.Millisecond
}

func limit(n int32) func(*ucommerce.PaginatorOptions) {
	return func(o *ucommerce.PaginatorOptions) { o.Limit = n }
}

func prefetch(o *ucommerce.PaginatorOptions) { o.Prefetch = true }

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

// env is one cell's emulator, client and data.
type env struct {
	srv  *ucommerceserver.Server
	url  string
	c    *ucommerce.Client
	want []string
}

// setup starts an emulator whose default store has total countries, and a
// client for it; it checks for leaked goroutines when the test ends.
func setup(t *testing.T, opts ...ucommerce.ClientOption) *env {
	t.Helper()
	noLeak(t)
	srv := ucommerceserver.New()
	want := srv.DefaultStore().AddCountries(total)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	c, err := ucommerce.NewClient(ts.URL, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return &env{srv: srv, url: ts.URL, c: c, want: want}
}

// all ranges over ListCountriesAll in pages of 5 and returns the IDs
// yielded and the error that ended the walk.
func (e *env) all(ctx context.Context, optFns ...func(*ucommerce.PaginatorOptions)) ([]string, error) {
	optFns = append([]func(*ucommerce.PaginatorOptions){fast, limit(pageSize)}, optFns...)
	var got []string
	for c, err := range e.c.ListCountriesAll(ctx, nil, optFns...) {
		if err != nil {
			return got, err
		}
		got = append(got, c.ID)
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

func (e *env) everyItemOnce(t *testing.T, optFns ...func(*ucommerce.PaginatorOptions)) {
	t.Helper()
	// The deadline is a safety net, far above what any cell needs: a
	// runtime that waited out the hour-long Retry-After of the 503 cells
	// (MaxDelay not capping it) fails here rather than hanging.
	ctx, cancel := context.WithTimeout(context.Background(), walkDeadline)
	defer cancel()
	got, err := e.all(ctx, optFns...)
	if err != nil {
		t.Fatalf("walk failed after %d items: %v", len(got), err)
	}
	exactlyOnce(t, got, e.want)
}

// firstCalls counts the answered calls of op without a token.
func (e *env) firstCalls(op string) int {
	n := 0
	for _, c := range e.srv.Calls() {
		if c.Op == op && c.Token == "" {
			n++
		}
	}
	return n
}

func (e *env) mismatches() int {
	n := 0
	for _, c := range e.srv.Calls() {
		if c.Code == ucommerceserver.MsgTokenMismatch {
			n++
		}
	}
	return n
}

// editToken returns a request editor that replaces nextPagingToken with
// edit(token) on the nth continuation request (from 1), and only there.
func editToken(nth int, edit func(string) string) ucommerce.ClientOption {
	var seen atomic.Int32
	return ucommerce.WithRequestEditor(func(_ context.Context, r *http.Request) error {
		q := r.URL.Query()
		if tok := q.Get("nextPagingToken"); tok != "" && int(seen.Add(1)) == nth {
			q.Set("nextPagingToken", edit(tok))
			r.URL.RawQuery = q.Encode()
		}
		return nil
	})
}

// asStore sends requests as store st (its bearer token selects it).
func asStore(st *ucommerceserver.Store) ucommerce.ClientOption {
	return ucommerce.WithRequestEditor(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+st.AccessToken())
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
	transient := []struct {
		name  string
		fault faults.Fault
	}{
		{"429_retry_after_seconds", ucommerceserver.TooManyRequests("1")},
		{"503_retry_after_http_date", ucommerceserver.ServiceUnavailable(faults.RetryAfterDate(time.Now().Add(time.Hour)))},
		{"500", ucommerceserver.InternalError()},
		{"reset_mid_body", faults.ResetMidBody()},
		{"truncated_body", faults.Truncate()},
		{"connection_closed", faults.CloseConn()},
	}
	for _, tc := range transient {
		for _, where := range []struct {
			name     string
			m        faults.Matcher
			prefetch bool
		}{{"first_page", faults.Not(ucommerceserver.WithToken()), false}, {"next_page", ucommerceserver.WithToken(), false}, {"next_page/prefetch", ucommerceserver.WithToken(), true}} {
			t.Run(tc.name+"/"+where.name, func(t *testing.T) {
				e := setup(t)
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

	t.Run("500_persistent/gives_up_after_MaxAttempts", func(t *testing.T) {
		e := setup(t)
		e.srv.Faults().Every(ucommerceserver.WithToken(), ucommerceserver.InternalError())
		got, err := e.all(context.Background(), func(o *ucommerce.PaginatorOptions) { o.Retry.MaxAttempts = 3 })
		var apiErr *ucommerce.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Code != "InternalServerError" {
			t.Fatalf("err = %v, want the 500 APIError", err)
		}
		exactlyOnce(t, got, e.want[:pageSize])
		if n := e.srv.Faults().Injected(); n != 3 {
			t.Errorf("%d attempts at page 2, want 3", n)
		}
	})

	t.Run("corrupted_token/request_editor", func(t *testing.T) {
		e := setup(t, editToken(2, faults.Tamper))
		e.everyItemOnce(t)
		if n := e.mismatches(); n != 1 {
			t.Errorf("%d token mismatch answers, want 1", n)
		}
		if n := e.firstCalls("ListCountries"); n != 2 {
			t.Errorf("%d first-page calls, want 2 (one restart)", n)
		}
	})

	t.Run("corrupted_token/prefetch", func(t *testing.T) {
		e := setup(t, editToken(3, faults.Tamper))
		e.everyItemOnce(t, prefetch)
		if n := e.firstCalls("ListCountries"); n != 2 {
			t.Errorf("%d first-page calls, want 2 (one restart)", n)
		}
	})

	t.Run("expired_token", func(t *testing.T) {
		e := setup(t)
		ctx := context.Background()
		p := ucommerce.NewListCountriesPaginator(e.c, nil, fast, limit(pageSize))
		var got []string
		expired := false
		for p.HasMorePages() {
			pg, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("after %d items: %v", len(got), err)
			}
			for _, c := range pg.Items {
				got = append(got, c.ID)
			}
			if len(got) == 2*pageSize && !expired {
				e.srv.ExpireTokens() // mid-walk: the token in hand dies
				expired = true
			}
		}
		exactlyOnce(t, got, e.want)
		if n := e.firstCalls("ListCountries"); n != 2 {
			t.Errorf("%d first-page calls, want 2", n)
		}
	})

	t.Run("mismatched_token/other_store", func(t *testing.T) {
		noLeak(t)
		srv := ucommerceserver.New()
		want := srv.DefaultStore().AddCountries(total)
		other := srv.AddStore("other")
		other.AddCountries(total)
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		oc, _ := ucommerce.NewClient(ts.URL, asStore(other))
		out, err := oc.ListCountries(context.Background(), &ucommerce.ListCountriesParams{MaxItems: ucommerce.Ptr[int32](pageSize)})
		if err != nil || out.Body.NextPagingToken == nil {
			t.Fatalf("other store's token: %v", err)
		}
		foreign := *out.Body.NextPagingToken
		c, _ := ucommerce.NewClient(ts.URL, editToken(2, func(string) string { return foreign }))
		var got []string
		for co, err := range c.ListCountriesAll(context.Background(), nil, fast, limit(pageSize)) {
			if err != nil {
				t.Fatalf("after %d items: %v", len(got), err)
			}
			got = append(got, co.ID)
		}
		exactlyOnce(t, got, want)
		var mismatches, firsts int
		for _, call := range srv.Calls() {
			if call.Code == ucommerceserver.MsgTokenMismatch {
				mismatches++
			}
			if call.Token == "" {
				firsts++
			}
		}
		if mismatches != 1 || firsts != 3 { // the other store's first page, and ours twice
			t.Errorf("%d mismatches and %d first pages, want 1 and 3", mismatches, firsts)
		}
	})

	t.Run("mismatched_token/other_query", func(t *testing.T) {
		noLeak(t)
		srv := ucommerceserver.New()
		st := srv.DefaultStore()
		groups := st.AddPriceGroups(2)
		want := st.AddCatalogs(12)
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		plain, _ := ucommerce.NewClient(ts.URL)
		out, err := plain.ListCatalogs(context.Background(), &ucommerce.ListCatalogsParams{CultureCode: "en-US", PriceGroupID: groups[0], MaxItems: ucommerce.Ptr[int32](5)})
		if err != nil || out.Body.NextPagingToken == nil {
			t.Fatalf("token of the other query: %v", err)
		}
		foreign := *out.Body.NextPagingToken
		c, _ := ucommerce.NewClient(ts.URL, editToken(1, func(string) string { return foreign }))
		var got []string
		for cat, err := range c.ListCatalogsAll(context.Background(), &ucommerce.ListCatalogsParams{CultureCode: "en-US", PriceGroupID: groups[1]}, fast, limit(5)) {
			if err != nil {
				t.Fatalf("after %d items: %v", len(got), err)
			}
			got = append(got, cat.ID)
		}
		exactlyOnce(t, got, want)
	})

	t.Run("mismatch/too_many_restarts", func(t *testing.T) {
		e := setup(t, editToken(1, faults.Tamper), editToken(2, faults.Tamper), editToken(3, faults.Tamper))
		_, err := e.all(context.Background(), func(o *ucommerce.PaginatorOptions) { o.MaxRestarts = 2 })
		if !errors.Is(err, ucommerce.ErrTooManyRestarts) {
			t.Fatalf("err = %v, want ErrTooManyRestarts", err)
		}
		var apiErr *ucommerce.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Code != "BadRequest" || apiErr.Message != ucommerceserver.MsgTokenMismatch {
			t.Errorf("err = %v, want it to wrap the 400 mismatch APIError", err)
		}
	})

	for _, pf := range []bool{false, true} {
		name := map[bool]string{false: "token_cycle", true: "token_cycle/prefetch"}[pf]
		t.Run(name, func(t *testing.T) {
			e := setup(t)
			e.srv.SetTokenCycle(2)
			var opts []func(*ucommerce.PaginatorOptions)
			if pf {
				opts = append(opts, prefetch)
			}
			got, err := e.all(context.Background(), opts...)
			if !errors.Is(err, ucommerce.ErrTokenCycle) {
				t.Fatalf("err = %v, want ErrTokenCycle", err)
			}
			if n := e.srv.Faults().Requests(); n != 3 {
				t.Errorf("%d requests, want 3", n)
			}
			exactlyOnce(t, got, e.want[:3*pageSize])
		})
	}

	t.Run("endless/MaxPages", func(t *testing.T) {
		e := setup(t)
		e.srv.SetEndless(faults.EndlessItems)
		got, err := e.all(context.Background(), func(o *ucommerce.PaginatorOptions) { o.MaxPages = 8 }, prefetch)
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
		e := setup(t)
		e.srv.SetEndless(faults.EndlessEmpty)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var n int
		var last error
		for _, err := range e.c.ListCountriesPages(ctx, nil, fast, limit(pageSize)) {
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
		e := setup(t)
		e.srv.SetEmptyPages(2)
		e.everyItemOnce(t, prefetch)
		if n := e.srv.Faults().Requests(); n != 3*pages {
			t.Errorf("%d requests, want %d", n, 3*pages)
		}
	})

	for _, pf := range []bool{false, true} {
		name := map[bool]string{false: "cancel/while_consuming", true: "cancel/while_consuming/prefetch"}[pf]
		t.Run(name, func(t *testing.T) {
			e := setup(t)
			hung := make(chan struct{})
			e.srv.Faults().At(3, arrived(hung))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			opts := []func(*ucommerce.PaginatorOptions){}
			if pf {
				opts = append(opts, prefetch)
			}
			var n int
			var last error
			for _, err := range e.c.ListCountriesAll(ctx, nil, append([]func(*ucommerce.PaginatorOptions){fast, limit(pageSize)}, opts...)...) {
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
			e := setup(t)
			hung := make(chan struct{})
			e.srv.Faults().At(2, arrived(hung))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			opts := []func(*ucommerce.PaginatorOptions){fast, limit(pageSize)}
			if pf {
				opts = append(opts, prefetch)
			}
			p := ucommerce.NewListCountriesPaginator(e.c, nil, opts...)
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
		e := setup(t)
		throttled := make(chan struct{})
		var once sync.Once
		e.srv.Faults().Every(ucommerceserver.WithToken(), faults.FaultFunc(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			once.Do(func() { close(throttled) })
			ucommerceserver.TooManyRequests("3600").Apply(w, r, next)
		}))
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() { <-throttled; cancel() }()
		start := time.Now()
		got, err := e.all(ctx, func(o *ucommerce.PaginatorOptions) { o.Retry.MaxDelay = time.Minute })
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
			e := setup(t)
			ctx := context.Background()
			p := ucommerce.NewListCountriesPaginator(e.c, nil, fast, limit(pageSize), func(o *ucommerce.PaginatorOptions) { o.MaxItems = cut })
			var got []string
			for p.HasMorePages() {
				pg, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range pg.Items {
					got = append(got, c.ID)
				}
			}
			if len(got) != cut {
				t.Fatalf("MaxItems %d: %d items", cut, len(got))
			}
			rest, err := e.all(ctx, func(o *ucommerce.PaginatorOptions) { o.StartToken = p.ResumeToken() })
			if err != nil {
				t.Fatal(err)
			}
			exactlyOnce(t, append(got, rest...), e.want)
		}
	})

	t.Run("StartToken/raw_API_token", func(t *testing.T) {
		e := setup(t)
		out, err := e.c.ListCountries(context.Background(), &ucommerce.ListCountriesParams{MaxItems: ucommerce.Ptr[int32](pageSize)})
		if err != nil || out.Body.NextPagingToken == nil {
			t.Fatalf("first page: %v", err)
		}
		got, err := e.all(context.Background(), func(o *ucommerce.PaginatorOptions) { o.StartToken = *out.Body.NextPagingToken })
		if err != nil {
			t.Fatal(err)
		}
		exactlyOnce(t, got, e.want[pageSize:])
	})

	t.Run("token_names/alternating", func(t *testing.T) {
		// The token comes back as nextPagingToken, then pagingToken, then
		// nextPagingToken…: the declared name and the undeclared alias
		// (read from the raw body) are both followed.
		noLeak(t)
		srv := ucommerceserver.New()
		st := srv.DefaultStore()
		countries := st.AddCountries(total)
		groups := st.AddPriceGroups(total)
		srv.SetTokenField(ucommerceserver.TokenFieldAlternate)
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		c, _ := ucommerce.NewClient(ts.URL)
		var got []string
		for co, err := range c.ListCountriesAll(context.Background(), nil, fast, limit(pageSize)) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, co.ID)
		}
		exactlyOnce(t, got, countries)
		got = nil
		for pg, err := range c.ListPriceGroupsAll(context.Background(), &ucommerce.ListPriceGroupsParams{CultureCode: "en-US"}, fast, limit(pageSize)) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, pg.ID)
		}
		exactlyOnce(t, got, groups)
		if n := srv.Count(""); n != 2*pages {
			t.Errorf("%d calls, want %d", n, 2*pages)
		}
	})

	t.Run("token_names/undeclared_only", func(t *testing.T) {
		// Countries declare nextPagingToken; the server sends only
		// pagingToken.
		e := setup(t)
		e.srv.SetTokenField(ucommerceserver.TokenFieldPaging)
		e.everyItemOnce(t)
	})

	t.Run("PrevPage", func(t *testing.T) {
		e := setup(t)
		ctx := context.Background()
		p := ucommerce.NewListCountriesPaginator(e.c, nil, fast, limit(pageSize))
		ids := func(pg *ucommerce.ListCountriesPage) []string {
			var out []string
			for _, c := range pg.Items {
				out = append(out, c.ID)
			}
			return out
		}
		if _, err := p.PrevPage(ctx); !errors.Is(err, ucommerce.ErrNoPrevPage) {
			t.Fatalf("PrevPage before any page: %v, want ErrNoPrevPage", err)
		}
		for range 3 {
			if _, err := p.NextPage(ctx); err != nil {
				t.Fatal(err)
			}
		}
		calls := e.srv.Count("")
		prev, err := p.PrevPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		exactlyOnce(t, ids(prev), e.want[pageSize:2*pageSize])
		if e.srv.Count("") != calls+1 {
			t.Errorf("PrevPage made %d calls, want 1", e.srv.Count("")-calls)
		}
		// The token PrevPage sent is the one page 2 was fetched with.
		log := e.srv.Calls()
		if tok := log[len(log)-1].Token; tok == "" || tok != log[1].Token {
			t.Errorf("PrevPage sent token %q, want page 2's %q", tok, log[1].Token)
		}
		var rest []string
		for p.HasMorePages() {
			pg, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			rest = append(rest, ids(pg)...)
		}
		exactlyOnce(t, rest, e.want[2*pageSize:])
	})

	t.Run("PrevPage/after_restart", func(t *testing.T) {
		// A walk that restarted (its token was rejected) and then steps
		// back still gets the following page again from NextPage.
		e := setup(t, editToken(1, faults.Tamper))
		ctx := context.Background()
		p := ucommerce.NewListCountriesPaginator(e.c, nil, fast, limit(pageSize))
		var got []string
		for len(got) < 3*pageSize {
			pg, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range pg.Items {
				got = append(got, c.ID)
			}
		}
		exactlyOnce(t, got, e.want[:3*pageSize])
		prev, err := p.PrevPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(prev.Items) != pageSize || prev.Items[0].ID != e.want[pageSize] {
			t.Fatalf("PrevPage returned %d items, want page 2", len(prev.Items))
		}
		next, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, c := range next.Items {
			ids = append(ids, c.ID)
		}
		exactlyOnce(t, ids, e.want[2*pageSize:3*pageSize])
	})

	t.Run("APIError/errors_body", func(t *testing.T) {
		e := setup(t)
		var err error
		for _, err = range e.c.ListCatalogsAll(context.Background(), &ucommerce.ListCatalogsParams{CultureCode: "en-US", PriceGroupID: "00000000-0000-0000-0000-000000000000"}, fast) {
			break
		}
		var apiErr *ucommerce.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Code != "BadRequest" || apiErr.Message != "Invalid Price Group." {
			t.Fatalf("err = %v, want 400 BadRequest: Invalid Price Group.", err)
		}
		if n := e.srv.Faults().Requests(); n != 1 {
			t.Errorf("%d requests, want 1: a client error is not retried", n)
		}
	})

	t.Run("Limit_out_of_bounds", func(t *testing.T) {
		e := setup(t)
		_, err := e.all(context.Background(), limit(-1))
		if !errors.Is(err, ucommerce.ErrInvalidParams) {
			t.Fatalf("err = %v, want ErrInvalidParams", err)
		}
		if n := e.srv.Faults().Requests(); n != 0 {
			t.Errorf("%d requests, want none", n)
		}
	})

	t.Run("default_page_size", func(t *testing.T) {
		// No Limit: maxItems is left to the server (250), one page.
		e := setup(t)
		got, err := e.all(context.Background(), limit(0))
		if err != nil {
			t.Fatal(err)
		}
		exactlyOnce(t, got, e.want)
		if calls := e.srv.Calls(); len(calls) != 1 || calls[0].Limit != 0 {
			t.Errorf("calls = %+v, want one without maxItems", calls)
		}
	})

}
