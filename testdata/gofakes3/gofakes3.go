// Package gofakes3 runs gofakes3, an S3 emulator written in Go, for
// pagegen's end-to-end test of the generated S3 client
// (generated_examples/s3). [ForTest] installs it with go install into a
// temporary GOBIN and starts it on a free port of 127.0.0.1, once per test
// binary, polling until it answers; [Main] stops it and removes the binary.
// Tests skip when it cannot be installed (no network and no module cache,
// say).
//
// gofakes3 keeps its objects in memory. It has no reset: each test uses
// a bucket of its own.
package gofakes3

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/pagegen/pagegen/testdata/e2e"
)

// Module is the gofakes3 command that ForTest installs.
const Module = "github.com/johannesboyne/gofakes3/cmd/gofakes3@v1.2.0"

// Server is a running gofakes3.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:PORT; buckets are the
	// first segment of the path.
	URL string

	cmd      *exec.Cmd
	out      *bytes.Buffer // gofakes3's output, read once it has exited
	exited   chan struct{}
	stopOnce sync.Once
}

// errInstall is the error of a go install that failed.
var errInstall = errors.New("cannot install " + Module)

// shared is the server of this test binary, started by the first ForTest.
var shared struct {
	once sync.Once
	dir  string // the temporary GOBIN
	srv  *Server
	err  error
}

// ForTest returns the gofakes3 this test binary shares, installed and
// started on the first call. It skips t when gofakes3 cannot be installed
// and fails it when gofakes3 does not start. The package's TestMain must
// call [Main].
func ForTest(t testing.TB) *Server {
	t.Helper()
	shared.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		shared.dir, shared.err = os.MkdirTemp("", "pagegen-gofakes3-")
		if shared.err != nil {
			return
		}
		var bin string
		if bin, shared.err = install(ctx, shared.dir); shared.err == nil {
			shared.srv, shared.err = start(ctx, bin)
		}
	})
	if err := shared.err; err != nil {
		if errors.Is(err, errInstall) {
			e2e.Unavailable(t, "S3 end-to-end test needs gofakes3: %v", err)
		}
		t.Fatalf("S3 end-to-end test needs gofakes3: %v", err)
	}
	return shared.srv
}

// Main runs the package's tests, stops the server ForTest started, if it
// did, removes its binary, and exits with the tests' status. Call it from
// TestMain:
//
//	func TestMain(m *testing.M) { gofakes3.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	// Once the tests are done no ForTest can start a server any more.
	shared.once.Do(func() {})
	if shared.srv != nil {
		shared.srv.Stop()
	}
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// install builds gofakes3 into dir with go install and returns its path.
func install(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "install", Module)
	// The module's own go.mod flags (GOFLAGS=-mod=readonly in CI) do not
	// apply to a command installed at a version.
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%w: go install: %v\n%s", errInstall, err, out)
	}
	// LookPath adds the executable suffix where there is one (.exe).
	return exec.LookPath(filepath.Join(dir, "gofakes3"))
}

// start runs the gofakes3 at bin on a free port of 127.0.0.1 and waits until
// it answers.
func start(ctx context.Context, bin string) (*Server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("finding a free port: %w", err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(l.Addr().(*net.TCPAddr).Port))
	l.Close()
	cmd := exec.Command(bin, "-backend", "memory", "-host", addr, "-quiet")
	out := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting gofakes3: %w", err)
	}
	s := &Server{URL: "http://" + addr, cmd: cmd, out: out, exited: make(chan struct{})}
	go func() {
		// Wait's error only says how the process ended; Stop kills it.
		_ = cmd.Wait()
		close(s.exited)
	}()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		err := s.ping(ctx)
		if err == nil {
			return s, nil
		}
		select {
		case <-s.exited:
			return nil, fmt.Errorf("gofakes3 exited before it answered (%s):\n%s", cmd.ProcessState, out)
		case <-ctx.Done():
			s.Stop()
			return nil, fmt.Errorf("gofakes3 at %s did not answer: %w (last error: %v)", s.URL, ctx.Err(), err)
		case <-tick.C:
		}
	}
}

// ping lists the buckets.
func (s *Server) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /: %s", resp.Status)
	}
	return nil
}

// Stop kills the server and waits for it to exit. It may be called more
// than once.
func (s *Server) Stop() {
	s.stopOnce.Do(func() {
		// Kill fails only when the process has already exited.
		_ = s.cmd.Process.Kill()
		<-s.exited
	})
}
