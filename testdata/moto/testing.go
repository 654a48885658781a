package moto

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/pagegen/pagegen/testdata/e2e"
)

// startTimeout bounds moto_server's start-up; it takes about a second.
const startTimeout = time.Minute

// shared is the server of this test binary, started by the first ForTest.
var shared struct {
	once sync.Once
	srv  *Server
	err  error
}

// ForTest returns the moto_server this test binary shares, started on the
// first call and reset, so that each test starts with no resources. Tests
// that use it must not run in parallel. It skips t when moto_server is not
// on PATH, or fails it when PAGEGEN_REQUIRE_E2E=1; it fails t when
// moto_server does not start. The package's TestMain must call [Main].
func ForTest(t testing.TB) *Server {
	t.Helper()
	shared.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
		defer cancel()
		shared.srv, shared.err = Start(ctx)
	})
	if err := shared.err; err != nil {
		if errors.Is(err, ErrNotInstalled) {
			e2e.Unavailable(t, "AWS end-to-end test needs the local AWS emulator: %v", err)
		}
		t.Fatalf("AWS end-to-end test needs the local AWS emulator: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := shared.srv.Reset(ctx); err != nil {
		t.Fatalf("resetting moto_server: %v", err)
	}
	return shared.srv
}

// Main runs the package's tests, stops the server ForTest started, if it
// did, and exits with the tests' status. Call it from TestMain:
//
//	func TestMain(m *testing.M) { moto.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	// Once the tests are done no ForTest can start a server any more.
	shared.once.Do(func() {})
	if shared.srv != nil {
		shared.srv.Stop()
	}
	os.Exit(code)
}
