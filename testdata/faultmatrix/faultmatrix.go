// Package faultmatrix is the fault matrix of pagegen's end-to-end tests: the
// cells that every generated client is run through against its emulator in
// testdata (transient and persistent failures, corrupted and expired tokens,
// token cycles, endless walks, empty pages, cancellation, MaxItems and
// StartToken). Every cell either yields every item exactly once or returns
// the documented error, and leaves no goroutine behind.
//
// The tests beside a generated package (generated_examples/*/faults_test.go)
// adapt one paginated operation to the cells with an [Adapter]: how to
// start the emulator and a client ([Env], one cell's emulator and client),
// how to walk, how to inject the API's faults and what its errors look
// like. They call [Run] (or [RunCore]) from their TestFaultMatrix and add
// the cells only their API has, with the Adapter's helpers (Walk,
// EveryItemOnce, Paginator). Each generated package has a PaginatorOptions
// type of its own, with the same fields: the cells set them through
// [Fields].
//
// The package also holds what the end-to-end tests share beyond the matrix,
// the moto tests' included: [ExactlyOnce], [Serve] (which checks for leaked
// goroutines), [NewClient], [Collect], [NewPager] and the token editors
// ([Editor]).
package faultmatrix

import (
	"context"
	"iter"
	"testing"
	"time"

	"github.com/pagegen/pagegen/testdata/faults"
)

// The data of every cell's emulator: Total items, walked in pages of
// PageSize.
const (
	Total    = 23 // pages of 5, 5, 5, 5, 3
	PageSize = 5
	Pages    = 5
)

// walkDeadline bounds the walks that must complete.
const walkDeadline = 30 * time.Second

// Fields points at the fields of a generated package's PaginatorOptions
// that the cells set, so that the cells can build options for any package.
type Fields struct {
	Limit       *int32
	MaxItems    *int
	MaxPages    *int
	MaxRestarts *int
	StartToken  *string
	Prefetch    *bool
	MaxAttempts *int           // Retry.MaxAttempts
	BaseDelay   *time.Duration // Retry.BaseDelay
	MaxDelay    *time.Duration // Retry.MaxDelay
}

// Env is one cell's emulator, holding [Total] items, and a client of it, as
// the cells see them; the Adapter's functions walk the client.
//
// testdata/awsserver, alexaserver and ucommerceserver have the emulator's
// methods (Faults to SetEndless): an Env embeds the server and adds Want.
type Env interface {
	// Want returns the keys of the items, in the order the API lists them.
	Want() []string
	// Faults returns the injector in front of the emulator.
	Faults() *faults.Injector
	// Calls returns the calls the emulator answered, oldest first.
	Calls() []faults.Call
	// ExpireTokens makes every token handed out so far expire.
	ExpireTokens()
	// SetTokenCycle makes the emulator hand out tokens in a loop of period
	// n (see faults.Pager.SetCycle).
	SetTokenCycle(n int)
	// SetEndless makes the emulator page on past the last item.
	SetEndless(m faults.Endless)
}

// PagedEnv is an Env whose emulator plans its pages with faults.Pager, as
// awsserver, alexaserver and ucommerceserver do: it also serves empty pages
// that carry tokens, and made-up items in the EndlessItems mode.
type PagedEnv interface {
	Env
	// SetEmptyPages makes the emulator serve n empty pages, each with a
	// token, before every page (see faults.Pager.SetEmptyPages).
	SetEmptyPages(n int)
}

// NamedFault is a fault and the name of its cells.
type NamedFault struct {
	Name  string
	Fault faults.Fault
}

// Persistent is the cell of a failure that never clears: Fault answers
// every continuation request, the walk gives up after Retry.MaxAttempts,
// and Check fails t unless err is the API's error for it.
type Persistent struct {
	Name  string
	Fault faults.Fault
	Check func(t *testing.T, err error)
}

// Adapter adapts one paginated operation of a generated package, and the
// emulator it runs against, to the cells. O is the package's
// PaginatorOptions and E the test's Env.
type Adapter[O any, E Env] struct {
	// Setup starts the emulator with Total items and a client of it whose
	// continuation requests go through edits (see [Editor]). It checks for
	// leaked goroutines when t ends ([Serve] does).
	Setup func(t *testing.T, edits ...TokenEdit) E
	// Fields points into a PaginatorOptions.
	Fields func(*O) Fields

	// All ranges over the operation's XAll iterator with o, yielding the
	// items' keys.
	All func(e E, ctx context.Context, o ...func(*O)) iter.Seq2[string, error]
	// Pages ranges over the operation's XPages iterator with o, yielding
	// the error of each page.
	Pages func(e E, ctx context.Context, o ...func(*O)) iter.Seq[error]
	// NewPager returns the operation's paginator with o.
	NewPager func(e E, o ...func(*O)) Pager
	// FirstToken makes one plain call of the operation for a page of limit
	// items, and returns the API's token for the next.
	FirstToken func(e E, ctx context.Context, limit int32) (string, error)

	// Op is the operation's name in the emulator's calls: the originating
	// operation, whose calls without a token are first pages.
	Op string
	// PageNames name the first request of a walk and the ones that follow
	// in the transient cells' names; the zero value names them first_page
	// and next_page.
	PageNames [2]string
	// Continuation matches the requests that carry a token.
	Continuation faults.Matcher
	// Transient are the API's error answers that the walk must retry; the
	// transport faults every API shares are added to them.
	Transient []NamedFault
	// Persistent is the API's failure that never clears.
	Persistent Persistent
	// Throttle is the API's throttling answer, with retryAfter as
	// Retry-After.
	Throttle func(retryAfter string) faults.Fault
	// CorruptedCode and ExpiredCode are the codes (faults.Call.Code) of the
	// emulator's answers to a corrupted and to an expired token.
	CorruptedCode, ExpiredCode string
	// The package's sentinel errors.
	ErrTokenCycle, ErrInvalidParams, ErrTooManyRestarts error
}

// set returns an option that sets fields of a PaginatorOptions with fn.
func (a *Adapter[O, E]) set(fn func(Fields)) func(*O) {
	return func(o *O) { fn(a.Fields(o)) }
}

// Fast keeps retries quick. MaxDelay also caps Retry-After, so the cells'
// one-second and one-hour Retry-After values cost 20ms each (and
// walkDeadline catches a runtime that does not cap them).
func (a *Adapter[O, E]) Fast(o *O) {
	f := a.Fields(o)
	*f.BaseDelay = time.Millisecond
	*f.MaxDelay = 20 * time.Millisecond
}

// Limit returns an option that sets the page size to n.
func (a *Adapter[O, E]) Limit(n int32) func(*O) {
	return a.set(func(f Fields) { *f.Limit = n })
}

// Prefetch turns prefetching on.
func (a *Adapter[O, E]) Prefetch(o *O) { *a.Fields(o).Prefetch = true }

// defaults returns o after the options of every cell's walk: quick retries
// and pages of PageSize.
func (a *Adapter[O, E]) defaults(o []func(*O)) []func(*O) {
	return append([]func(*O){a.Fast, a.Limit(PageSize)}, o...)
}

// Walk ranges over a.All in pages of PageSize with quick retries, then o,
// and returns the keys yielded and the error that ended the walk.
func (a *Adapter[O, E]) Walk(ctx context.Context, e E, o ...func(*O)) ([]string, error) {
	var got []string
	for key, err := range a.All(e, ctx, a.defaults(o)...) {
		if err != nil {
			return got, err
		}
		got = append(got, key)
	}
	return got, nil
}

// EveryItemOnce walks as Walk does and fails t unless the walk yields every
// item of e exactly once.
func (a *Adapter[O, E]) EveryItemOnce(t *testing.T, e E, o ...func(*O)) {
	t.Helper()
	// The deadline is a safety net, far above what any cell needs: a
	// runtime that waited out the hour-long Retry-After of the 503 cells
	// (MaxDelay not capping it) fails here rather than hanging.
	ctx, cancel := context.WithTimeout(context.Background(), walkDeadline)
	defer cancel()
	got, err := a.Walk(ctx, e, o...)
	if err != nil {
		t.Fatalf("walk failed after %d items: %v", len(got), err)
	}
	ExactlyOnce(t, got, e.Want())
}

// Paginator returns the operation's paginator in pages of PageSize with
// quick retries, then o.
func (a *Adapter[O, E]) Paginator(e E, o ...func(*O)) Pager {
	return a.NewPager(e, a.defaults(o)...)
}

// FirstCalls counts the calls of the originating operation without a token
// that e answered: one a walk, and one more each restart.
func (a *Adapter[O, E]) FirstCalls(e E) int { return FirstCalls(e.Calls(), a.Op) }

// FirstCalls counts the calls of operation op without a token in calls; op
// "" counts those of every operation.
func FirstCalls(calls []faults.Call, op string) int {
	n := 0
	for _, c := range calls {
		if (op == "" || c.Op == op) && c.Token == "" {
			n++
		}
	}
	return n
}

// Answers counts the calls in calls answered with the error code.
func Answers(calls []faults.Call, code string) int {
	n := 0
	for _, c := range calls {
		if c.Code == code {
			n++
		}
	}
	return n
}
