package templates

import (
	"context"
	"errors"
	"testing"
)

// TestRetryCtxEndsDuringFailedAttempt: ctx ends while an attempt is under
// way, and the attempt then fails with a transient error (the server's 429
// arrived after the caller cancelled). The walk stops because of ctx, so
// the error must say so (errors.Is context.Canceled), and still carry the
// API's answer.
func TestRetryCtxEndsDuringFailedAttempt(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	calls := 0
	_, err := retry(ctx, RetryOptions{MaxAttempts: 5, BaseDelay: 1, MaxDelay: 1}, nil, func(context.Context) (int, error) {
		calls++
		cancel()
		return 0, apiErr(429, "ThrottlingException", "Rate exceeded")
	})
	if calls != 1 || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v after %d calls; want context.Canceled after 1", err, calls)
	}
	var apiError *APIError
	if !errors.As(err, &apiError) || apiError.StatusCode != 429 {
		t.Errorf("err = %v; want it to wrap the 429 APIError", err)
	}
}

// TestRetryCtxEndsDuringRejectedAttempt: an answer that is not worth
// another attempt is the answer, even if ctx ended meanwhile.
func TestRetryCtxEndsDuringRejectedAttempt(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	_, err := retry(ctx, RetryOptions{MaxAttempts: 5, BaseDelay: 1, MaxDelay: 1}, nil, func(context.Context) (int, error) {
		cancel()
		return 0, apiErr(400, "ValidationException", "bad")
	})
	var apiError *APIError
	if errors.Is(err, context.Canceled) || !errors.As(err, &apiError) || apiError.Code != "ValidationException" {
		t.Errorf("err = %v; want the ValidationException APIError alone", err)
	}
}

// TestPrefetchEndedWithItsCallIsFetchedAgain: a prefetch runs under the
// context of the nextPage call that started it. When that context ends
// while the prefetch's attempt fails with a transient error, the next call,
// whose context is live, fetches the page again rather than reporting the
// stale failure.
func TestPrefetchEndedWithItsCallIsFetchedAgain(t *testing.T) {
	api := newFakeAPI(map[string]page[int]{
		"":  pg("A", []int{1}),
		"A": pg("", []int{2}),
	})
	spec := api.spec()
	first, cancelFirst := context.WithCancel(t.Context())
	started := make(chan struct{})
	release := make(chan struct{})
	fails := 1
	spec.next = func(ctx context.Context, token string) (page[int], error) {
		if fails > 0 {
			fails--
			close(started)
			<-release
			return page[int]{}, apiErr(503, "ServiceUnavailable", "")
		}
		return api.fetch(ctx, token)
	}
	opts := fastOpts()
	opts.Prefetch = true
	p := newPager(spec, opts)
	defer p.close()
	if got, err := p.nextPage(first); err != nil || got.items[0] != 1 {
		t.Fatalf("first page = %v, %v", got.items, err)
	}
	<-started      // the prefetch of A is in its first attempt
	cancelFirst()  // the first call's context ends…
	close(release) // …before that attempt fails with a 503
	got, err := p.nextPage(t.Context())
	if err != nil || len(got.items) != 1 || got.items[0] != 2 {
		t.Fatalf("second page = %v, %v; want [2]", got.items, err)
	}
}
