// Package autorest runs the AutoRest team's paging test server (npm
// @microsoft.azure/autorest.testserver) for pagegen's end-to-end test of
// the clients generated from its swagger files
// (generated_examples/azurepaging and azurecustomurl).
//
//   - [Dir] is where the package is installed: $PAGEGEN_AUTOREST_DIR, or a
//     folder of the user cache directory, outside the module. .ci/run
//     installs it there with npm; [ForTest] installs it when it is missing
//     and npm is on PATH.
//   - [ForTest] starts the server on a free port of 127.0.0.1, once per test
//     binary, and [Main] stops it. Tests skip when node or npm is absent, and
//     fail instead when PAGEGEN_REQUIRE_E2E=1.
//   - [Server.Report] reads the server's coverage counters.
package autorest

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/pagegen/pagegen/testdata/e2e"
)

// Package is the npm package, at the Version the tests were written
// against: its routes decide what the tests expect.
const (
	Version = "3.3.51"
	Package = "@microsoft.azure/autorest.testserver@" + Version
)

// ErrNotInstalled is the error of [ForTest] when the package is not
// installed and cannot be: node or npm is not on PATH.
var ErrNotInstalled = errors.New("node and npm are needed to run the AutoRest test server")

//go:embed listen_local.cjs
var listenLocal []byte

// Dir is the folder the package is installed into with
// npm install --prefix: $PAGEGEN_AUTOREST_DIR when set, else
// pagegen/autorest.testserver-3.3.51 in the user cache directory.
func Dir() (string, error) {
	if d := os.Getenv("PAGEGEN_AUTOREST_DIR"); d != "" {
		return d, nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(cache, "pagegen", "autorest.testserver-"+Version), nil
}

// Root is the installed package's own folder, which holds swagger/ and the
// server's routes.
func Root(dir string) string {
	return filepath.Join(dir, "node_modules", "@microsoft.azure", "autorest.testserver")
}

// Server is a running AutoRest test server.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:PORT.
	URL string
	// Root is the installed package's folder (see [Root]).
	Root string

	cmd      *exec.Cmd
	out      *logTail
	exited   chan struct{}
	stopOnce sync.Once
	tmp      string
}

// shared is the server of this test binary, started by the first ForTest.
var shared struct {
	once sync.Once
	srv  *Server
	err  error
}

// ForTest returns the server this test binary shares, installed and
// started on the first call. It skips t when node or npm is absent (fails
// it when PAGEGEN_REQUIRE_E2E=1) and fails it when the server does not
// start. The package's TestMain must call [Main].
func ForTest(t testing.TB) *Server {
	t.Helper()
	shared.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		var dir string
		if dir, shared.err = Dir(); shared.err != nil {
			return
		}
		if shared.err = install(ctx, dir); shared.err != nil {
			return
		}
		shared.srv, shared.err = start(ctx, Root(dir))
	})
	if err := shared.err; err != nil {
		if errors.Is(err, ErrNotInstalled) {
			e2e.Unavailable(t, "AutoRest paging test needs %s: %v", Package, err)
		}
		t.Fatalf("AutoRest paging test needs %s: %v", Package, err)
	}
	return shared.srv
}

// Main runs the package's tests, stops the server ForTest started, if it
// did, and exits with the tests' status. Call it from TestMain:
//
//	func TestMain(m *testing.M) { autorest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	// Once the tests are done no ForTest can start a server any more.
	shared.once.Do(func() {})
	if shared.srv != nil {
		shared.srv.Stop()
	}
	os.Exit(code)
}

// install installs the package into dir with npm unless it is there.
func install(ctx context.Context, dir string) error {
	if _, err := exec.LookPath("node"); err != nil {
		return fmt.Errorf("%w: %v", ErrNotInstalled, err)
	}
	if _, err := os.Stat(filepath.Join(Root(dir), "package.json")); err == nil {
		return nil
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotInstalled, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, npm, "install", "--prefix", dir, "--no-audit", "--no-fund", Package)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("npm install %s: %v\n%s", Package, err, out)
	}
	return nil
}

// listening is the line listen_local.cjs prints once the server listens.
var listening = regexp.MustCompile(`^pagegen-listening (\d+)$`)

// start runs the server installed at root on a port of 127.0.0.1 the
// kernel picks and waits until it listens.
func start(ctx context.Context, root string) (*Server, error) {
	// The server writes coverage files beside itself and under its working
	// directory: keep them in a folder of its own.
	tmp, err := os.MkdirTemp("", "pagegen-autorest-")
	if err != nil {
		return nil, err
	}
	preload := filepath.Join(tmp, "listen_local.cjs")
	if err := os.WriteFile(preload, listenLocal, 0o644); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	cmd := exec.Command("node", "--require", preload, filepath.Join(root, "dist", "cli", "cli.js"),
		"--port", "0", "--coverageDirectory", filepath.Join(tmp, "coverage"))
	cmd.Dir = tmp
	cmd.SysProcAttr = sysProcAttr()
	cmd.WaitDelay = 5 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	out := &logTail{}
	cmd.Stderr = out
	if err := cmd.Start(); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("starting the AutoRest test server: %w", err)
	}
	s := &Server{Root: root, cmd: cmd, out: out, exited: make(chan struct{}), tmp: tmp}
	port := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			out.Write([]byte(line + "\n"))
			if m := listening.FindStringSubmatch(line); m != nil {
				port <- m[1]
			}
		}
		// Keep draining so that the server never blocks on a full pipe.
		_, _ = io.Copy(io.Discard, stdout)
	}()
	go func() {
		// Wait's error only says how the process ended; Stop kills it.
		_ = cmd.Wait()
		close(s.exited)
	}()
	select {
	case p := <-port:
		s.URL = "http://127.0.0.1:" + p
		return s, nil
	case <-s.exited:
		s.Stop()
		return nil, fmt.Errorf("the AutoRest test server exited before it listened (%s):\n%s", cmd.ProcessState, out)
	case <-ctx.Done():
		s.Stop()
		return nil, fmt.Errorf("the AutoRest test server did not listen: %w\n%s", ctx.Err(), out)
	}
}

// Stop kills the server, waits for it to exit and removes its folder. It
// may be called more than once.
func (s *Server) Stop() {
	s.stopOnce.Do(func() {
		// Kill fails only when the process has already exited.
		_ = s.cmd.Process.Kill()
		<-s.exited
		os.RemoveAll(s.tmp)
	})
}

// Report returns the coverage counters of a category of the server's
// scenarios: "azure" or "optional" (GET /report/azure, /report/optional).
func (s *Server) Report(ctx context.Context, category string) (map[string]int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/report/"+category, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /report/%s: %s", category, resp.Status)
	}
	var counters map[string]int
	if err := json.NewDecoder(resp.Body).Decode(&counters); err != nil {
		return nil, fmt.Errorf("GET /report/%s: %w", category, err)
	}
	return counters, nil
}

// logTail keeps the last bytes the server writes, for error messages: it
// logs every route it registers before it listens.
type logTail struct {
	mu  sync.Mutex
	buf []byte
}

// tailLimit is how much of the server's output a logTail keeps.
const tailLimit = 16 << 10

func (b *logTail) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - tailLimit; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

func (b *logTail) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
