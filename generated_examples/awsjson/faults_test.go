package awsjson_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/awsjson"
	"github.com/pagegen/pagegen/testdata/awsserver"
	"github.com/pagegen/pagegen/testdata/faults"
)

// The fault matrix of the AWS JSON protocol (Step Functions), run against
// testdata/awsserver: every cell either yields every item exactly once or
// returns the documented error, and leaves no goroutine behind.

// walkDeadline bounds the walks that must complete.
const walkDeadline = 30 * time.Second

const (
	total    = 23 // state machines: pages of 5, 5, 5, 5, 3
	pageSize = 5
	pages    = 5
)

// fast keeps retries quick. MaxDelay also caps Retry-After, so the
// one-second and one-hour Retry-After values below cost 20ms each (and
// walkDeadline catches a runtime that does not cap them).
func fast(o *awsjson.PaginatorOptions) {
	o.Retry.BaseDelay = time.Millisecond
	o.Retry.MaxDelay = 20 * time.Millisecond
}

func limit(n int32) func(*awsjson.PaginatorOptions) {
	return func(o *awsjson.PaginatorOptions) { o.Limit = n }
}

func prefetch(o *awsjson.PaginatorOptions) { o.Prefetch = true }

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
	srv  *awsserver.Server
	c    *awsjson.Client
	want []string
}

// setup starts an emulator with total state machines and a client for it,
// and checks for leaked goroutines when the test ends.
func setup(t *testing.T, opts ...awsjson.ClientOption) *env {
	t.Helper()
	noLeak(t)
	srv := awsserver.New()
	want := srv.AddStateMachines(total)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	c, err := awsjson.NewClient(ts.URL, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return &env{srv: srv, c: c, want: want}
}

func smARN(s awsjson.StateMachineListItem) string { return s.StateMachineARN }

// all ranges over ListStateMachinesAll in pages of 5 and returns the ARNs
// yielded and the error that ended the walk.
func (e *env) all(ctx context.Context, optFns ...func(*awsjson.PaginatorOptions)) ([]string, error) {
	optFns = append([]func(*awsjson.PaginatorOptions){fast, limit(pageSize)}, optFns...)
	var got []string
	for sm, err := range e.c.ListStateMachinesAll(ctx, nil, optFns...) {
		if err != nil {
			return got, err
		}
		got = append(got, smARN(sm))
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

// everyItemOnce walks and wants every state machine exactly once.
func (e *env) everyItemOnce(t *testing.T, optFns ...func(*awsjson.PaginatorOptions)) {
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

// firstCalls counts the answered ListStateMachines calls without a token.
func (e *env) firstCalls() int {
	n := 0
	for _, c := range e.srv.Calls() {
		if c.Op == "ListStateMachines" && c.Token == "" {
			n++
		}
	}
	return n
}

func (e *env) codes(code string) int {
	n := 0
	for _, c := range e.srv.Calls() {
		if c.Code == code {
			n++
		}
	}
	return n
}

// editToken returns a request editor that replaces the nextToken of the
// request body with edit(token) on the nth continuation request (from 1),
// and only there.
func editToken(nth int, edit func(string) string) awsjson.ClientOption {
	var seen atomic.Int32
	return awsjson.WithRequestEditor(func(_ context.Context, r *http.Request) error {
		if r.Body == nil {
			return nil
		}
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return err
		}
		var in map[string]any
		if err := json.Unmarshal(b, &in); err != nil {
			return err
		}
		if tok, ok := in["nextToken"].(string); ok && tok != "" && int(seen.Add(1)) == nth {
			in["nextToken"] = edit(tok)
			if b, err = json.Marshal(in); err != nil {
				return err
			}
		}
		setBody(r, b)
		return nil
	})
}

func setBody(r *http.Request, b []byte) {
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.ContentLength = int64(len(b))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
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
	// Transient failures: the same request is sent again, and the walk
	// yields every item once.
	transient := []struct {
		name  string
		fault faults.Fault
	}{
		{"429_retry_after_seconds", awsserver.ErrorFault(http.StatusTooManyRequests, "ThrottlingException", "Rate exceeded", "1")},
		{"503_retry_after_http_date", awsserver.Unavailable(faults.RetryAfterDate(time.Now().Add(time.Hour)))},
		{"400_ThrottlingException", awsserver.Throttle("1")},
		{"500_InternalFailure", awsserver.InternalError()},
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
		e.srv.Faults().Every(awsserver.WithToken(), awsserver.InternalError())
		got, err := e.all(context.Background(), func(o *awsjson.PaginatorOptions) { o.Retry.MaxAttempts = 3 })
		var apiErr *awsjson.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Code != "InternalFailure" {
			t.Fatalf("err = %v, want the 500 InternalFailure APIError", err)
		}
		exactlyOnce(t, got, e.want[:pageSize])
		if n := e.srv.Faults().Injected(); n != 3 {
			t.Errorf("%d attempts at page 2, want 3", n)
		}
	})

	t.Run("corrupted_token/request_editor", func(t *testing.T) {
		e := setup(t, editToken(2, faults.Tamper))
		e.everyItemOnce(t)
		if n := e.codes("InvalidToken"); n != 1 {
			t.Errorf("%d InvalidToken answers, want 1", n)
		}
		if n := e.firstCalls(); n != 2 {
			t.Errorf("ListStateMachines called %d times without a token, want 2 (one restart)", n)
		}
	})

	t.Run("corrupted_token/prefetch", func(t *testing.T) {
		e := setup(t, editToken(3, faults.Tamper))
		e.everyItemOnce(t, prefetch)
		if n := e.firstCalls(); n != 2 {
			t.Errorf("ListStateMachines called %d times without a token, want 2 (one restart)", n)
		}
	})

	t.Run("expired_token", func(t *testing.T) {
		e := setup(t)
		ctx := context.Background()
		p := awsjson.NewListStateMachinesPaginator(e.c, nil, fast, limit(pageSize))
		var got []string
		expired := false
		for p.HasMorePages() {
			pg, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("after %d items: %v", len(got), err)
			}
			for _, sm := range pg.Items {
				got = append(got, smARN(sm))
			}
			if len(got) == 2*pageSize && !expired {
				e.srv.ExpireTokens() // mid-walk: the token in hand dies
				expired = true
			}
		}
		exactlyOnce(t, got, e.want)
		if n := e.firstCalls(); n != 2 {
			t.Errorf("ListStateMachines called %d times without a token, want 2", n)
		}
	})

	t.Run("expired_token/too_many_restarts", func(t *testing.T) {
		e := setup(t)
		ctx := context.Background()
		p := awsjson.NewListStateMachinesPaginator(e.c, nil, fast, limit(pageSize), func(o *awsjson.PaginatorOptions) { o.MaxRestarts = 2 })
		var err error
		for i := 0; i < 10 && err == nil; i++ {
			_, err = p.NextPage(ctx)
			e.srv.ExpireTokens() // every token dies before it is used
		}
		if !errors.Is(err, awsjson.ErrTooManyRestarts) {
			t.Fatalf("err = %v, want ErrTooManyRestarts", err)
		}
		var apiErr *awsjson.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != "InvalidToken" {
			t.Errorf("err = %v, want it to wrap the InvalidToken APIError", err)
		}
	})

	t.Run("mismatched_token/other_state_machine", func(t *testing.T) {
		noLeak(t)
		srv := awsserver.New()
		sms := srv.AddStateMachines(2)
		srv.AddExecutions(sms[0], 4)
		want := srv.AddExecutions(sms[1], 12)
		// Newest first, as Step Functions lists them.
		for i, j := 0, len(want)-1; i < j; i, j = i+1, j-1 {
			want[i], want[j] = want[j], want[i]
		}
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		plain, _ := awsjson.NewClient(ts.URL)
		out, err := plain.ListExecutions(context.Background(), &awsjson.ListExecutionsParams{Body: &awsjson.ListExecutionsInput{
			StateMachineARN: &sms[0], MaxResults: awsjson.Ptr[int32](2),
		}})
		if err != nil || out.Body.NextToken == nil {
			t.Fatalf("token of the other state machine: %v", err)
		}
		foreign := *out.Body.NextToken
		c, _ := awsjson.NewClient(ts.URL, editToken(1, func(string) string { return foreign }))
		var got []string
		for ex, err := range c.ListExecutionsAll(context.Background(), &awsjson.ListExecutionsParams{Body: &awsjson.ListExecutionsInput{StateMachineARN: &sms[1]}}, fast, limit(5)) {
			if err != nil {
				t.Fatalf("after %d items: %v", len(got), err)
			}
			got = append(got, ex.ExecutionARN)
		}
		exactlyOnce(t, got, want)
		var invalid int
		for _, c := range srv.Calls() {
			if c.Code == "InvalidToken" {
				invalid++
			}
		}
		if invalid != 1 {
			t.Errorf("%d InvalidToken answers, want 1", invalid)
		}
	})

	for _, pf := range []bool{false, true} {
		name := map[bool]string{false: "token_cycle", true: "token_cycle/prefetch"}[pf]
		t.Run(name, func(t *testing.T) {
			e := setup(t)
			e.srv.SetTokenCycle(2) // T1, T2, T1, …
			opts := []func(*awsjson.PaginatorOptions){}
			if pf {
				opts = append(opts, prefetch)
			}
			got, err := e.all(context.Background(), opts...)
			if !errors.Is(err, awsjson.ErrTokenCycle) {
				t.Fatalf("err = %v, want ErrTokenCycle", err)
			}
			// Pages for "", T1 and T2; T1 is not asked for again.
			if n := e.srv.Faults().Requests(); n != 3 {
				t.Errorf("%d requests, want 3", n)
			}
			exactlyOnce(t, got, e.want[:3*pageSize])
		})
	}

	t.Run("token_cycle/same_token", func(t *testing.T) {
		e := setup(t)
		e.srv.SetTokenCycle(1) // the page for T1 returns T1
		_, err := e.all(context.Background())
		if !errors.Is(err, awsjson.ErrTokenCycle) {
			t.Fatalf("err = %v, want ErrTokenCycle", err)
		}
		if n := e.srv.Faults().Requests(); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})

	t.Run("endless/MaxPages", func(t *testing.T) {
		e := setup(t)
		e.srv.SetEndless(faults.EndlessItems)
		got, err := e.all(context.Background(), func(o *awsjson.PaginatorOptions) { o.MaxPages = 8 }, prefetch)
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
		for _, err := range e.c.ListStateMachinesPages(ctx, nil, fast, limit(pageSize)) {
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

	t.Run("empty_list", func(t *testing.T) {
		noLeak(t)
		srv := awsserver.New()
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		c, _ := awsjson.NewClient(ts.URL)
		for sm, err := range c.ListStateMachinesAll(context.Background(), nil, fast) {
			t.Fatalf("got %v, %v from an empty list", sm, err)
		}
		if n := srv.Count(""); n != 1 {
			t.Errorf("%d calls, want 1", n)
		}
	})

	for _, pf := range []bool{false, true} {
		name := map[bool]string{false: "cancel/while_consuming", true: "cancel/while_consuming/prefetch"}[pf]
		t.Run(name, func(t *testing.T) {
			e := setup(t)
			hung := make(chan struct{})
			// The third request hangs; only a prefetch gets that far.
			e.srv.Faults().At(3, arrived(hung))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			opts := []func(*awsjson.PaginatorOptions){}
			if pf {
				opts = append(opts, prefetch)
			}
			var n int
			var last error
			for _, err := range e.c.ListStateMachinesAll(ctx, nil, append([]func(*awsjson.PaginatorOptions){fast, limit(pageSize)}, opts...)...) {
				if err != nil {
					last = err
					break
				}
				if n++; n == pageSize+2 {
					if pf {
						<-hung // the prefetch of page 3 is in flight
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
			opts := []func(*awsjson.PaginatorOptions){fast, limit(pageSize)}
			if pf {
				opts = append(opts, prefetch)
			}
			p := awsjson.NewListStateMachinesPaginator(e.c, nil, opts...)
			defer p.Close()
			if _, err := p.NextPage(ctx); err != nil {
				t.Fatal(err)
			}
			go func() { <-hung; cancel() }()
			_, err := p.NextPage(ctx)
			if !errors.Is(err, context.Canceled) {
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
		e.srv.Faults().Every(awsserver.WithToken(), faults.FaultFunc(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			once.Do(func() { close(throttled) })
			awsserver.Throttle("3600").Apply(w, r, next)
		}))
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() { <-throttled; cancel() }()
		start := time.Now()
		got, err := e.all(ctx, func(o *awsjson.PaginatorOptions) { o.Retry.MaxDelay = time.Minute })
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
			p := awsjson.NewListStateMachinesPaginator(e.c, nil, fast, limit(pageSize), func(o *awsjson.PaginatorOptions) { o.MaxItems = cut })
			var got []string
			for p.HasMorePages() {
				pg, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, sm := range pg.Items {
					got = append(got, smARN(sm))
				}
			}
			if len(got) != cut {
				t.Fatalf("MaxItems %d: %d items", cut, len(got))
			}
			resume := p.ResumeToken()
			if resume == "" {
				t.Fatalf("MaxItems %d: empty ResumeToken", cut)
			}
			rest, err := e.all(ctx, func(o *awsjson.PaginatorOptions) { o.StartToken = resume })
			if err != nil {
				t.Fatal(err)
			}
			exactlyOnce(t, append(got, rest...), e.want)
		}
	})

	t.Run("ResumeToken/restart_after_resume", func(t *testing.T) {
		// A walk resumed mid-page whose token then expires restarts from
		// the first page and still repeats nothing.
		e := setup(t)
		ctx := context.Background()
		p := awsjson.NewListStateMachinesPaginator(e.c, nil, fast, limit(pageSize), func(o *awsjson.PaginatorOptions) { o.MaxItems = 7 })
		var got []string
		for p.HasMorePages() {
			pg, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, sm := range pg.Items {
				got = append(got, smARN(sm))
			}
		}
		e.srv.ExpireTokens()
		rest, err := e.all(ctx, func(o *awsjson.PaginatorOptions) { o.StartToken = p.ResumeToken() })
		if err != nil {
			t.Fatal(err)
		}
		exactlyOnce(t, append(got, rest...), e.want)
	})

	t.Run("StartToken/raw_API_token", func(t *testing.T) {
		e := setup(t)
		out, err := e.c.ListStateMachines(context.Background(), &awsjson.ListStateMachinesParams{Body: &awsjson.ListStateMachinesInput{MaxResults: awsjson.Ptr[int32](pageSize)}})
		if err != nil || out.Body.NextToken == nil {
			t.Fatalf("first page: %v", err)
		}
		got, err := e.all(context.Background(), func(o *awsjson.PaginatorOptions) { o.StartToken = *out.Body.NextToken })
		if err != nil {
			t.Fatal(err)
		}
		exactlyOnce(t, got, e.want[pageSize:])
	})

	t.Run("StartToken/raw_expired_is_an_error", func(t *testing.T) {
		// A raw token does not say how far into the walk it is, so the walk
		// cannot restart without repeats: it reports the API's error.
		e := setup(t)
		out, err := e.c.ListStateMachines(context.Background(), &awsjson.ListStateMachinesParams{Body: &awsjson.ListStateMachinesInput{MaxResults: awsjson.Ptr[int32](pageSize)}})
		if err != nil || out.Body.NextToken == nil {
			t.Fatalf("first page: %v", err)
		}
		e.srv.ExpireTokens()
		_, err = e.all(context.Background(), func(o *awsjson.PaginatorOptions) { o.StartToken = *out.Body.NextToken })
		var apiErr *awsjson.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != "InvalidToken" {
			t.Fatalf("err = %v, want the InvalidToken APIError", err)
		}
	})

	t.Run("APIError/code_from___type", func(t *testing.T) {
		e := setup(t)
		arn := "arn:aws:states:us-east-1:123456789012:stateMachine:nope"
		var err error
		for _, err = range e.c.ListExecutionsAll(context.Background(), &awsjson.ListExecutionsParams{Body: &awsjson.ListExecutionsInput{StateMachineARN: &arn}}, fast) {
			break
		}
		var apiErr *awsjson.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("err = %v, want an *APIError", err)
		}
		if apiErr.StatusCode != 400 || apiErr.Code != "StateMachineDoesNotExist" || !strings.Contains(apiErr.Message, arn) {
			t.Errorf("APIError = %+v, want 400 StateMachineDoesNotExist naming the ARN", apiErr)
		}
		if apiErr.RequestID == "" || apiErr.RequestID != apiErr.Header.Get("X-Amzn-Requestid") {
			t.Errorf("RequestID = %q, want the x-amzn-RequestId header %q", apiErr.RequestID, apiErr.Header.Get("X-Amzn-Requestid"))
		}
		if n := e.srv.Faults().Requests(); n != 1 {
			t.Errorf("%d requests, want 1: a client error is not retried", n)
		}
	})

	t.Run("APIError/namespaced_throttling_gives_up", func(t *testing.T) {
		e := setup(t)
		e.srv.Faults().Every(nil, awsserver.Throttle(""))
		_, err := e.all(context.Background(), func(o *awsjson.PaginatorOptions) { o.Retry.MaxAttempts = 4 })
		var apiErr *awsjson.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != "ThrottlingException" || apiErr.StatusCode != 400 {
			t.Fatalf("err = %v, want the 400 ThrottlingException APIError", err)
		}
		if n := e.srv.Faults().Requests(); n != 4 {
			t.Errorf("%d requests, want 4 (Retry.MaxAttempts)", n)
		}
	})

	t.Run("Limit_out_of_bounds", func(t *testing.T) {
		e := setup(t)
		_, err := e.all(context.Background(), limit(1001))
		if !errors.Is(err, awsjson.ErrInvalidParams) || !strings.Contains(err.Error(), "maxResults") {
			t.Fatalf("err = %v, want ErrInvalidParams naming maxResults", err)
		}
		if n := e.srv.Faults().Requests(); n != 0 {
			t.Errorf("%d requests, want none", n)
		}
	})

	t.Run("no_params_no_limit", func(t *testing.T) {
		// A nil Params and no Limit still send the JSON body the protocol
		// requires.
		e := setup(t)
		var got []string
		for sm, err := range e.c.ListStateMachinesAll(context.Background(), nil, fast) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, smARN(sm))
		}
		exactlyOnce(t, got, e.want)
	})
}
