package faultmatrix

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/pagegen/pagegen/testdata/faults"
)

// ExactlyOnce fails t unless got holds the items of want, in the same
// order, each exactly once.
func ExactlyOnce(t testing.TB, got, want []string) {
	t.Helper()
	seen := make(map[string]int, len(got))
	for i, g := range got {
		if j, dup := seen[g]; dup {
			t.Fatalf("item %s returned twice, at %d and %d", g, j, i)
		}
		seen[g] = i
	}
	if len(got) != len(want) {
		t.Fatalf("got %d items, want %d:\ngot  %q\nwant %q", len(got), len(want), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("item %d: got %s, want %s", i, got[i], want[i])
		}
	}
}

// noLeak fails t if goroutines started during t are still running once
// the cleanups registered after it (a test server's Close among them) have
// run.
func noLeak(t testing.TB) {
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

// Serve serves h on a test server that is closed when t ends, and returns
// its URL. It checks with noLeak that the walks against it left no
// goroutine behind.
func Serve(t testing.TB, h http.Handler) string {
	t.Helper()
	noLeak(t)
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

// NewClient returns newClient(url, opts...), a generated package's client,
// failing t on its error.
func NewClient[C, O any](t testing.TB, newClient func(string, ...O) (C, error), url string, opts ...O) C {
	t.Helper()
	c, err := newClient(url, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// hang is a fault that reports the request it holds by closing arrived,
// and answers only once the client has gone: a server that hangs.
func hang(arrived chan<- struct{}) faults.Fault {
	var once sync.Once
	return faults.FaultFunc(func(w http.ResponseWriter, r *http.Request, _ http.Handler) {
		once.Do(func() { close(arrived) })
		<-r.Context().Done()
	})
}
