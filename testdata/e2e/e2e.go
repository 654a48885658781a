// Package e2e holds the one rule pagegen's tests follow for what they need
// from outside the module — ../shared beside the repository, moto_server,
// gofakes3, node and npm, the client generators: without it a test skips
// and says why, and with PAGEGEN_REQUIRE_E2E=1 (as CI sets) it fails
// instead.
package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// RequireEnv names the environment variable that turns a skip for a
// missing input into a failure.
const RequireEnv = "PAGEGEN_REQUIRE_E2E"

// Required reports whether a missing input fails the test rather than
// skipping it.
func Required() bool { return os.Getenv(RequireEnv) == "1" }

// Unavailable skips t with the message, or fails it when Required.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if Required() {
		t.Fatal(msg)
	}
	t.Skipf("%s; set %s=1 to make this a failure", msg, RequireEnv)
}

// Shared returns the path of rel (slash-separated) under ../shared beside
// the repository, where the real specs and the converted AWS models live;
// it calls Unavailable when that is absent.
func Shared(t testing.TB, rel string) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", filepath.FromSlash(rel))
	if _, err := os.Stat(path); err != nil {
		Unavailable(t, "%s is absent (the real specs and the converted AWS models live beside the repository, in ../shared)", path)
	}
	return path
}
