package templates

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

// fakeAPI serves scripted pages by token, "" being the first page.
type fakeAPI struct {
	mu    sync.Mutex
	pages map[string]page[int]
	fail  map[string][]error // served in order before the page
	calls []string
}

func newFakeAPI(pages map[string]page[int]) *fakeAPI {
	return &fakeAPI{pages: pages, fail: map[string][]error{}}
}

// failWith makes the next requests for token fail with errs, in order.
func (f *fakeAPI) failWith(token string, errs ...error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail[token] = append(f.fail[token], errs...)
}

func (f *fakeAPI) fetch(ctx context.Context, token string) (page[int], error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, token)
	if errs := f.fail[token]; len(errs) > 0 {
		f.fail[token] = errs[1:]
		return page[int]{}, errs[0]
	}
	pg, ok := f.pages[token]
	if !ok {
		return page[int]{}, fmt.Errorf("fake: no page for token %q", token)
	}
	return pg, nil
}

func (f *fakeAPI) callLog() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fakeAPI) spec() walkSpec[int] {
	return walkSpec[int]{
		first: func(ctx context.Context) (page[int], error) { return f.fetch(ctx, "") },
		next:  f.fetch,
	}
}

// pg builds a page; more, when given, sets the page's flag.
func pg(next string, items []int, more ...bool) page[int] {
	p := page[int]{items: items, next: next}
	if len(more) > 0 {
		p.more = &more[0]
	}
	return p
}

// fastOpts are options whose retries take microseconds.
func fastOpts() PaginatorOptions {
	return PaginatorOptions{Retry: RetryOptions{BaseDelay: time.Microsecond, MaxDelay: time.Millisecond}}
}

// collect ranges over allItems and returns the items and the error, if any.
func collect[T any](ctx context.Context, p *pager[T]) ([]T, error) {
	var items []T
	for item, err := range allItems(ctx, p) {
		if err != nil {
			return items, err
		}
		items = append(items, item)
	}
	return items, nil
}

func apiErr(status int, code, message string) *APIError {
	return &APIError{Operation: "List", StatusCode: status, Code: code, Message: message, Header: http.Header{}}
}

var errFake = errors.New("fake failure")

// checkNoGoroutineLeak fails t unless the goroutine count falls back to
// before within a short settling time.
func checkNoGoroutineLeak(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("goroutines: %d before, %d after\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(time.Millisecond)
	}
}

// jsonDecodeErr is the DecodeError of decoding body as JSON.
func jsonDecodeErr(body string) *DecodeError {
	var v any
	return &DecodeError{Op: "List", ContentType: "application/json", Err: decodeBody("application/json", []byte(body), &v)}
}

// xmlErr is the error of decoding body as XML.
func xmlErr(body string) error {
	var v struct{}
	return decodeBody("application/xml", []byte(body), &v)
}

// parseCursor reads the cursor of a resume token, and whether it is counted.
func parseCursor(token string) (cursor, bool) {
	c, _, counted, _ := decodeResume(token)
	return c, counted
}
