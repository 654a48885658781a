package faultmatrix

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagegen/pagegen/testdata/faults"
)

// Run runs every cell of the matrix, as t's subtests: those of RunCore and
// three that MWS's test has in its own way. MWS's shaper cannot serve what
// endless/MaxPages and empty_pages_with_tokens need of an emulator built
// on faults.Pager (made-up items, an empty first page), and
// corrupted_token/request_editor is mws_test.go's
// TestCorruptedTokenRestartsWithoutRepeats.
func Run[O any, E PagedEnv](t *testing.T, a *Adapter[O, E]) {
	RunCore(t, a)
	a.corruptedTokenEditor(t)
	endlessMaxPages(t, a)
	emptyPages(t, a)
}

// RunCore runs the cells that every API's test has, MWS's included, as t's
// subtests.
func RunCore[O any, E Env](t *testing.T, a *Adapter[O, E]) {
	a.transient(t)
	a.persistent(t)
	a.corruptedTokenPrefetch(t)
	a.expiredToken(t)
	a.tokenCycle(t)
	a.endlessCtx(t)
	a.cancelWhileConsuming(t)
	a.cancelWhileWaiting(t)
	a.cancelDuringRetryAfter(t)
	a.maxItemsResume(t)
	a.rawStartToken(t)
}

// transient: the same request is sent again, and the walk yields every item
// once, wherever the failure hits.
func (a *Adapter[O, E]) transient(t *testing.T) {
	first, next := a.PageNames[0], a.PageNames[1]
	if first == "" {
		first, next = "first_page", "next_page"
	}
	cases := slices.Concat(a.Transient, []NamedFault{
		{"reset_mid_body", faults.ResetMidBody()},
		{"truncated_body", faults.Truncate()},
		{"connection_closed", faults.CloseConn()},
	})
	for _, tc := range cases {
		for _, where := range []struct {
			name     string
			m        faults.Matcher
			prefetch bool
		}{{first, faults.Not(a.Continuation), false}, {next, a.Continuation, false}, {next + "/prefetch", a.Continuation, true}} {
			t.Run(tc.Name+"/"+where.name, func(t *testing.T) {
				e := a.Setup(t)
				e.Faults().When(where.m, tc.Fault, tc.Fault)
				if where.prefetch {
					a.EveryItemOnce(t, e, a.Prefetch)
				} else {
					a.EveryItemOnce(t, e)
				}
				if n := e.Faults().Injected(); n != 2 {
					t.Errorf("%d faults injected, want 2", n)
				}
				if n := e.Faults().Requests(); n != Pages+2 {
					t.Errorf("%d requests, want %d (each page once, plus 2 retries)", n, Pages+2)
				}
			})
		}
	}
}

func (a *Adapter[O, E]) persistent(t *testing.T) {
	t.Run(a.Persistent.Name, func(t *testing.T) {
		e := a.Setup(t)
		e.Faults().Every(a.Continuation, a.Persistent.Fault)
		got, err := a.Walk(context.Background(), e, a.set(func(f Fields) { *f.MaxAttempts = 3 }))
		a.Persistent.Check(t, err)
		ExactlyOnce(t, got, e.Want()[:PageSize])
		if n := e.Faults().Injected(); n != 3 {
			t.Errorf("%d attempts at page 2, want 3", n)
		}
	})
}

func (a *Adapter[O, E]) corruptedTokenEditor(t *testing.T) {
	t.Run("corrupted_token/request_editor", func(t *testing.T) {
		e := a.Setup(t, Tamper(2))
		a.EveryItemOnce(t, e)
		if n := Answers(e.Calls(), a.CorruptedCode); n != 1 {
			t.Errorf("%d %q answers, want 1", n, a.CorruptedCode)
		}
		if n := a.FirstCalls(e); n != 2 {
			t.Errorf("%d first-page calls, want 2 (one restart)", n)
		}
	})
}

func (a *Adapter[O, E]) corruptedTokenPrefetch(t *testing.T) {
	t.Run("corrupted_token/prefetch", func(t *testing.T) {
		e := a.Setup(t, Tamper(3))
		a.EveryItemOnce(t, e, a.Prefetch)
		if n := a.FirstCalls(e); n != 2 {
			t.Errorf("%d first-page calls, want 2 (one restart)", n)
		}
	})
}

func (a *Adapter[O, E]) expiredToken(t *testing.T) {
	t.Run("expired_token", func(t *testing.T) {
		e := a.Setup(t)
		ctx := context.Background()
		p := a.Paginator(e)
		var got []string
		expired := false
		for p.HasMorePages() {
			keys, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("after %d items: %v", len(got), err)
			}
			got = append(got, keys...)
			if len(got) == 2*PageSize && !expired {
				e.ExpireTokens() // mid-walk: the token in hand dies
				expired = true
			}
		}
		ExactlyOnce(t, got, e.Want())
		if n := Answers(e.Calls(), a.ExpiredCode); n != 1 {
			t.Errorf("%d %q answers, want 1", n, a.ExpiredCode)
		}
		if n := a.FirstCalls(e); n != 2 {
			t.Errorf("%d first-page calls, want 2", n)
		}
	})
}

// TooManyRestarts runs the cell expired_token/too_many_restarts: when every
// token dies before it is used, the walk gives up after MaxRestarts with an
// error that wraps ErrTooManyRestarts and, as wrapsExpired reports, the
// API's answer to the expired token.
func (a *Adapter[O, E]) TooManyRestarts(t *testing.T, wrapsExpired func(error) bool) {
	t.Run("expired_token/too_many_restarts", func(t *testing.T) {
		e := a.Setup(t)
		p := a.Paginator(e, a.set(func(f Fields) { *f.MaxRestarts = 2 }))
		var err error
		for i := 0; i < 10 && err == nil; i++ {
			_, err = p.NextPage(context.Background())
			e.ExpireTokens()
		}
		if !errors.Is(err, a.ErrTooManyRestarts) {
			t.Fatalf("err = %v, want ErrTooManyRestarts", err)
		}
		if !wrapsExpired(err) {
			t.Errorf("err = %v, want it to wrap the API's answer to an expired token", err)
		}
	})
}

// tokenCycle: tokens T1, T2, T1, …; the page for T1 is not asked for again.
func (a *Adapter[O, E]) tokenCycle(t *testing.T) {
	for _, pf := range []bool{false, true} {
		name := map[bool]string{false: "token_cycle", true: "token_cycle/prefetch"}[pf]
		t.Run(name, func(t *testing.T) {
			e := a.Setup(t)
			e.SetTokenCycle(2)
			var o []func(*O)
			if pf {
				o = append(o, a.Prefetch)
			}
			got, err := a.Walk(context.Background(), e, o...)
			if !errors.Is(err, a.ErrTokenCycle) {
				t.Fatalf("err = %v, want ErrTokenCycle", err)
			}
			// Pages for "", T1 and T2.
			if n := e.Faults().Requests(); n != 3 {
				t.Errorf("%d requests, want 3", n)
			}
			ExactlyOnce(t, got, e.Want()[:3*PageSize])
		})
	}
}

func endlessMaxPages[O any, E PagedEnv](t *testing.T, a *Adapter[O, E]) {
	t.Run("endless/MaxPages", func(t *testing.T) {
		e := a.Setup(t)
		e.SetEndless(faults.EndlessItems)
		got, err := a.Walk(context.Background(), e, a.set(func(f Fields) { *f.MaxPages = 8 }), a.Prefetch)
		if err != nil {
			t.Fatalf("MaxPages should end the walk quietly: %v", err)
		}
		if len(got) != 8*PageSize {
			t.Errorf("%d items, want %d", len(got), 8*PageSize)
		}
		if n := e.Faults().Requests(); n != 8 {
			t.Errorf("%d requests, want 8", n)
		}
	})
}

func (a *Adapter[O, E]) endlessCtx(t *testing.T) {
	t.Run("endless/ctx", func(t *testing.T) {
		e := a.Setup(t)
		e.SetEndless(faults.EndlessEmpty)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var n int
		var last error
		for err := range a.Pages(e, ctx, a.defaults(nil)...) {
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
		if r := e.Faults().Requests(); r != 40 {
			t.Errorf("%d requests, want 40", r)
		}
	})
}

func emptyPages[O any, E PagedEnv](t *testing.T, a *Adapter[O, E]) {
	t.Run("empty_pages_with_tokens", func(t *testing.T) {
		e := a.Setup(t)
		e.SetEmptyPages(2)
		a.EveryItemOnce(t, e, a.Prefetch)
		if n := e.Faults().Requests(); n != 3*Pages {
			t.Errorf("%d requests, want %d", n, 3*Pages)
		}
	})
}

func (a *Adapter[O, E]) cancelWhileConsuming(t *testing.T) {
	for _, pf := range []bool{false, true} {
		name := map[bool]string{false: "cancel/while_consuming", true: "cancel/while_consuming/prefetch"}[pf]
		t.Run(name, func(t *testing.T) {
			e := a.Setup(t)
			hung := make(chan struct{})
			// The third request hangs; only a prefetch gets that far.
			e.Faults().At(3, hang(hung))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var o []func(*O)
			if pf {
				o = append(o, a.Prefetch)
			}
			var n int
			var last error
			for _, err := range a.All(e, ctx, a.defaults(o)...) {
				if err != nil {
					last = err
					break
				}
				if n++; n == PageSize+2 {
					if pf {
						<-hung // the prefetch of page 3 is in flight
					}
					cancel()
				}
			}
			if !errors.Is(last, context.Canceled) || n != PageSize+2 {
				t.Fatalf("walk ended with %v after %d items, want context.Canceled after %d", last, n, PageSize+2)
			}
			want := 2
			if pf {
				want = 3
			}
			if r := e.Faults().Requests(); r != want {
				t.Errorf("%d requests, want %d", r, want)
			}
		})
	}
}

func (a *Adapter[O, E]) cancelWhileWaiting(t *testing.T) {
	for _, pf := range []bool{false, true} {
		name := map[bool]string{false: "cancel/while_waiting", true: "cancel/while_waiting/prefetch"}[pf]
		t.Run(name, func(t *testing.T) {
			e := a.Setup(t)
			hung := make(chan struct{})
			e.Faults().At(2, hang(hung))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var o []func(*O)
			if pf {
				o = append(o, a.Prefetch)
			}
			p := a.Paginator(e, o...)
			defer p.Close()
			if _, err := p.NextPage(ctx); err != nil {
				t.Fatal(err)
			}
			go func() { <-hung; cancel() }()
			if _, err := p.NextPage(ctx); !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if r := e.Faults().Requests(); r != 2 {
				t.Errorf("%d requests, want 2", r)
			}
		})
	}
}

func (a *Adapter[O, E]) cancelDuringRetryAfter(t *testing.T) {
	t.Run("cancel/during_Retry-After_wait", func(t *testing.T) {
		// The API asks for an hour's pause and Retry.MaxDelay allows a
		// minute: cancelling during the pause ends the walk at once.
		e := a.Setup(t)
		throttled := make(chan struct{})
		var once sync.Once
		e.Faults().Every(a.Continuation, faults.FaultFunc(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			once.Do(func() { close(throttled) })
			a.Throttle("3600").Apply(w, r, next)
		}))
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() { <-throttled; cancel() }()
		start := time.Now()
		got, err := a.Walk(ctx, e, a.set(func(f Fields) { *f.MaxDelay = time.Minute }))
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("cancelling took %v", d)
		}
		ExactlyOnce(t, got, e.Want()[:PageSize])
		if n := e.Faults().Requests(); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})
}

func (a *Adapter[O, E]) maxItemsResume(t *testing.T) {
	t.Run("MaxItems_mid_page/ResumeToken", func(t *testing.T) {
		for _, cut := range []int{1, 7, 10, 22} {
			e := a.Setup(t)
			p := a.Paginator(e, a.set(func(f Fields) { *f.MaxItems = cut }))
			got := p.Rest(t)
			if len(got) != cut {
				t.Fatalf("MaxItems %d: %d items", cut, len(got))
			}
			resume := p.ResumeToken()
			if resume == "" {
				t.Fatalf("MaxItems %d: empty ResumeToken", cut)
			}
			rest, err := a.Walk(context.Background(), e, a.set(func(f Fields) { *f.StartToken = resume }))
			if err != nil {
				t.Fatal(err)
			}
			ExactlyOnce(t, append(got, rest...), e.Want())
		}
	})
}

func (a *Adapter[O, E]) rawStartToken(t *testing.T) {
	t.Run("StartToken/raw_API_token", func(t *testing.T) {
		e := a.Setup(t)
		tok, err := a.FirstToken(e, context.Background(), PageSize)
		if err != nil || tok == "" {
			t.Fatalf("first page: %q, %v", tok, err)
		}
		got, err := a.Walk(context.Background(), e, a.set(func(f Fields) { *f.StartToken = tok }))
		if err != nil {
			t.Fatal(err)
		}
		ExactlyOnce(t, got, e.Want()[PageSize:])
		if n := a.FirstCalls(e); n != 1 {
			t.Errorf("%d first-page calls, want 1 (FirstToken's): the walk starts at the token", n)
		}
	})
}

// LimitOutOfBounds runs the cell name: a Limit outside the bounds the API
// documents fails with ErrInvalidParams, naming what mention names, before
// any request.
func (a *Adapter[O, E]) LimitOutOfBounds(t *testing.T, name string, limit int32, mention string) {
	t.Run(name, func(t *testing.T) {
		e := a.Setup(t)
		_, err := a.Walk(context.Background(), e, a.Limit(limit))
		if !errors.Is(err, a.ErrInvalidParams) || !strings.Contains(err.Error(), mention) {
			t.Fatalf("err = %v, want ErrInvalidParams naming %s", err, mention)
		}
		if n := e.Faults().Requests(); n != 0 {
			t.Errorf("%d requests, want none", n)
		}
	})
}
