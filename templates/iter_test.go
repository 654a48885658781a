package templates

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestAllItemsStopsWhenTheConsumerBreaks(t *testing.T) {
	api := newFakeAPI(threePages())
	p := newPager(api.spec(), PaginatorOptions{})
	for item, err := range allItems(t.Context(), p) {
		if err != nil || item == 2 {
			break
		}
	}
	if calls := api.callLog(); !slices.Equal(calls, []string{""}) {
		t.Errorf("calls = %q, want only the first page", calls)
	}
}

func TestAllItemsStopsWhenCtxEnds(t *testing.T) {
	api := newFakeAPI(threePages())
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var items []int
	var errs []error
	for item, err := range allItems(ctx, newPager(api.spec(), PaginatorOptions{})) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, item)
		if item == 2 {
			cancel()
		}
	}
	if !slices.Equal(items, []int{1, 2}) || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("items %v, errors %v; want [1 2] then context.Canceled once", items, errs)
	}
}

func TestAllItemsYieldsAnErrorOnce(t *testing.T) {
	api := newFakeAPI(threePages())
	api.failWith("A", errFake)
	var items, errs int
	for _, err := range allItems(t.Context(), newPager(api.spec(), PaginatorOptions{})) {
		if err != nil {
			errs++
			continue
		}
		items++
	}
	if items != 3 || errs != 1 {
		t.Errorf("%d items and %d errors, want 3 and 1", items, errs)
	}
}

func TestAllPages(t *testing.T) {
	api := newFakeAPI(threePages())
	var sizes []int
	for n, err := range allPages(t.Context(), newPager(api.spec(), PaginatorOptions{}), func(pg page[int]) int { return len(pg.items) }) {
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, n)
	}
	if !slices.Equal(sizes, []int{3, 3, 2}) {
		t.Errorf("page sizes = %v, want [3 3 2]", sizes)
	}

	api.failWith("B", errFake)
	var errs []error
	for _, err := range allPages(t.Context(), newPager(api.spec(), PaginatorOptions{}), func(pg page[int]) []int { return pg.items }) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) != 1 || !errors.Is(errs[0], errFake) {
		t.Errorf("errors = %v, want errFake once", errs)
	}
}

// blockingAPI is a fakeAPI whose continuation calls wait for release or
// for their context to end, and that counts calls in flight.
type blockingAPI struct {
	*fakeAPI
	started  chan string
	release  chan struct{}
	inFlight atomic.Int32
}

func newBlockingAPI() *blockingAPI {
	return &blockingAPI{fakeAPI: newFakeAPI(threePages()), started: make(chan string, 10), release: make(chan struct{})}
}

func (b *blockingAPI) spec() walkSpec[int] {
	s := b.fakeAPI.spec()
	s.next = func(ctx context.Context, token string) (page[int], error) {
		b.inFlight.Add(1)
		defer b.inFlight.Add(-1)
		b.started <- token
		select {
		case <-b.release:
			return b.fetch(ctx, token)
		case <-ctx.Done():
			return page[int]{}, ctx.Err()
		}
	}
	return s
}

func TestPrefetch(t *testing.T) {
	api := newBlockingAPI()
	p := newPager(api.spec(), PaginatorOptions{Prefetch: true})
	defer p.close()
	ctx := t.Context()

	first, err := p.nextPage(ctx)
	if err != nil || !slices.Equal(first.items, []int{1, 2, 3}) {
		t.Fatalf("first page = %v, %v", first.items, err)
	}
	// Page A is on its way before the caller asks for it.
	select {
	case token := <-api.started:
		if token != "A" {
			t.Fatalf("prefetched %q, want A", token)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no prefetch after the first page")
	}
	close(api.release)
	for _, want := range [][]int{{4, 5, 6}, {7, 8}} {
		got, err := p.nextPage(ctx)
		if err != nil || !slices.Equal(got.items, want) {
			t.Fatalf("page = %v, %v; want %v", got.items, err, want)
		}
	}
	if calls := api.callLog(); !slices.Equal(calls, []string{"", "A", "B"}) {
		t.Errorf("calls = %q, want each page fetched once", calls)
	}
	if p.pending != nil {
		t.Error("a prefetch is pending after the last page")
	}
}

func TestPrefetchOutlivesItsCallContext(t *testing.T) {
	// Callers may give each NextPage call its own context; a prefetch that
	// died with the previous one is fetched again.
	api := newFakeAPI(threePages())
	p := newPager(api.spec(), PaginatorOptions{Prefetch: true})
	defer p.close()
	var items []int
	for p.hasMorePages() {
		ctx, cancel := context.WithCancel(t.Context())
		pg, err := p.nextPage(ctx)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, pg.items...)
	}
	if !slices.Equal(items, []int{1, 2, 3, 4, 5, 6, 7, 8}) {
		t.Errorf("items = %v", items)
	}
}

func TestPrefetchWaitRespectsCtx(t *testing.T) {
	api := newBlockingAPI()
	p := newPager(api.spec(), PaginatorOptions{Prefetch: true})
	defer p.close()
	if _, err := p.nextPage(t.Context()); err != nil {
		t.Fatal(err)
	}
	<-api.started
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	if _, err := p.nextPage(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
	if n := api.inFlight.Load(); n != 0 {
		t.Fatalf("%d fetches still running", n)
	}
	close(api.release)
	got, err := p.nextPage(t.Context())
	if err != nil || !slices.Equal(got.items, []int{4, 5, 6}) {
		t.Errorf("page after the timeout = %v, %v; want [4 5 6]", got.items, err)
	}
}

func TestPrefetchLeavesNoGoroutine(t *testing.T) {
	tests := []struct {
		name string
		run  func(ctx context.Context, cancel context.CancelFunc, p *pager[int]) []error
	}{
		{"allItems break", func(ctx context.Context, _ context.CancelFunc, p *pager[int]) []error {
			for range allItems(ctx, p) {
				break
			}
			return nil
		}},
		{"allItems cancel", func(ctx context.Context, cancel context.CancelFunc, p *pager[int]) []error {
			var errs []error
			for _, err := range allItems(ctx, p) {
				if err != nil {
					errs = append(errs, err)
				}
				cancel()
			}
			return errs
		}},
		{"allPages break", func(ctx context.Context, _ context.CancelFunc, p *pager[int]) []error {
			for range allPages(ctx, p, func(pg page[int]) []int { return pg.items }) {
				break
			}
			return nil
		}},
		{"allPages cancel", func(ctx context.Context, cancel context.CancelFunc, p *pager[int]) []error {
			var errs []error
			for _, err := range allPages(ctx, p, func(pg page[int]) []int { return pg.items }) {
				if err != nil {
					errs = append(errs, err)
				}
				cancel()
			}
			return errs
		}},
		{"follow cancel", func(ctx context.Context, cancel context.CancelFunc, p *pager[int]) []error {
			var errs []error
			for _, err := range follow(ctx, p, time.Millisecond) {
				if err != nil {
					errs = append(errs, err)
				}
				cancel()
			}
			return errs
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			api := newBlockingAPI()
			spec := api.spec()
			spec.moreLater = true
			p := newPager(spec, PaginatorOptions{Prefetch: true})
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			errs := tt.run(ctx, cancel, p)
			if n := api.inFlight.Load(); n != 0 {
				t.Errorf("%d fetches still running after the loop", n)
			}
			if p.pending != nil {
				t.Error("a prefetch is still pending after the loop")
			}
			for _, err := range errs {
				if !errors.Is(err, context.Canceled) {
					t.Errorf("yielded %v, want only context.Canceled", err)
				}
			}
			if len(errs) > 1 {
				t.Errorf("yielded %d errors, want at most one", len(errs))
			}
			checkNoGoroutineLeak(t, before)
		})
	}
}

// feed is a moreLater API over a list that grows. The token is the offset
// of a page of up to two items; at the end of the list the API says
// "nothing more yet", with the offset to come back to or, when noToken,
// with no token at all.
type feed struct {
	mu      sync.Mutex
	items   []int
	noToken bool
}

func (f *feed) add(item int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items = append(f.items, item)
}

func (f *feed) fetch(_ context.Context, token string) (page[int], error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	off, _ := strconv.Atoi(token)
	end := min(off+2, len(f.items))
	more := end < len(f.items)
	next := strconv.Itoa(end)
	if !more && f.noToken {
		next = ""
	}
	return pg(next, slices.Clone(f.items[off:end]), more), nil
}

func (f *feed) spec() walkSpec[int] {
	return walkSpec[int]{
		first:     func(ctx context.Context) (page[int], error) { return f.fetch(ctx, "") },
		next:      f.fetch,
		moreLater: true,
	}
}

func TestFollow(t *testing.T) {
	for _, noToken := range []bool{false, true} {
		t.Run("noToken="+strconv.FormatBool(noToken), func(t *testing.T) {
			f := &feed{items: []int{0, 1, 2}, noToken: noToken}
			done := make(chan struct{})
			go func() {
				defer close(done)
				for i := 3; i < 12; i++ {
					time.Sleep(time.Millisecond)
					f.add(i)
				}
			}()
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			var got []int
			for item, err := range follow(ctx, newPager(f.spec(), PaginatorOptions{}), time.Millisecond) {
				if err != nil {
					t.Fatalf("after %v: %v", got, err)
				}
				if got = append(got, item); len(got) == 12 {
					break
				}
			}
			<-done
			if want := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}; !slices.Equal(got, want) {
				t.Errorf("followed %v, want %v", got, want)
			}
		})
	}
}

func TestFollowEnds(t *testing.T) {
	tests := []struct {
		name      string
		spec      walkSpec[int]
		opts      PaginatorOptions
		cancel    bool
		wantItems int
		wantErr   error
	}{
		{"ctx ends", (&feed{items: []int{0, 1, 2}}).spec(), PaginatorOptions{}, true, 3, context.Canceled},
		{"walk completes", newFakeAPI(threePages()).spec(), PaginatorOptions{}, false, 8, nil},
		{"MaxItems", (&feed{items: []int{0, 1, 2}}).spec(), PaginatorOptions{MaxItems: 2}, false, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			items := 0
			var errs []error
			for _, err := range follow(ctx, newPager(tt.spec, tt.opts), time.Millisecond) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				if items++; items == tt.wantItems && tt.cancel {
					cancel()
				}
			}
			if items != tt.wantItems {
				t.Errorf("%d items, want %d", items, tt.wantItems)
			}
			if tt.wantErr == nil && len(errs) > 0 || tt.wantErr != nil && (len(errs) != 1 || !errors.Is(errs[0], tt.wantErr)) {
				t.Errorf("errors = %v, want %v", errs, tt.wantErr)
			}
		})
	}
}

func TestFollowRejectsBadInterval(t *testing.T) {
	for _, err := range follow(t.Context(), newPager((&feed{}).spec(), PaginatorOptions{}), 0) {
		if !errors.Is(err, ErrInvalidParams) {
			t.Errorf("err = %v, want ErrInvalidParams", err)
		}
	}
}
