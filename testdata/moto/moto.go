// Package moto runs the local AWS emulator moto_server for pagegen's
// end-to-end tests of generated AWS clients (generated_examples/sfn, iot and
// route53, and s3 against gofakes3), and holds what those tests need around
// it:
//
//   - [Start] starts moto_server on a free port of 127.0.0.1 and waits,
//     polling, until it answers; [Server.Stop] kills it and waits for it;
//     [Server.Reset] empties it.
//   - [ForTest] shares one server per test binary, started on first use
//     and reset for each test, and [Main] stops it when the tests are done.
//     Tests skip when moto_server is not on PATH, and fail instead when
//     PAGEGEN_REQUIRE_E2E=1.
//   - [Sign] is the request editor moto routes requests by; [Server.Call]
//     sends a signed request with net/http, to create and delete resources.
//   - [Counter] is an HTTP doer that records every request a generated
//     client sends, [CheckRequests] checks the tokens and statuses of those
//     requests, and [TokenItem] reads the item a moto pagination token
//     points to.
//   - [EveryItemOnce] and [Expiry] are the scenarios the tests share: a
//     walk in pages of 10, and a walk whose token the deletion of an item
//     makes invalid.
package moto

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Account and Region are moto's default account and the region [Sign]
// names, which the ARNs of the resources a test creates carry.
const (
	Account = "123456789012"
	Region  = "us-east-1"
)

// ErrNotInstalled is the error of [Start] when moto_server is not on PATH.
var ErrNotInstalled = errors.New("moto_server is not on PATH")

// errExited is the error of a moto_server that exited before it answered,
// as it does when another process took its port first.
var errExited = errors.New("moto_server exited before it answered")

// Server is a running moto_server.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:PORT.
	URL string

	cmd      *exec.Cmd
	out      *logBuffer
	exited   chan struct{} // closed once the process has been waited for
	stopOnce sync.Once
}

// Start starts moto_server on a free port of 127.0.0.1 and returns once it
// answers. ctx bounds the wait. The caller must call Stop.
func Start(ctx context.Context) (*Server, error) {
	path, err := exec.LookPath("moto_server")
	if errors.Is(err, exec.ErrNotFound) {
		return nil, ErrNotInstalled
	}
	if err != nil {
		return nil, err
	}
	// The port is free when freePort returns, but another process may take
	// it before moto_server binds it: then moto_server exits, and we try
	// another.
	for attempt := 1; ; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		s, err := start(ctx, path, port)
		if err == nil || !errors.Is(err, errExited) || attempt == 3 {
			return s, err
		}
	}
}

// start runs moto_server at path on port and waits until it answers.
func start(ctx context.Context, path string, port int) (*Server, error) {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	cmd := exec.Command(path, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	out := &logBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = sysProcAttr()
	// Wait returns this long after the process exits even if something it
	// started still holds its output open.
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting moto_server: %w", err)
	}
	s := &Server{URL: "http://" + addr, cmd: cmd, out: out, exited: make(chan struct{})}
	go func() {
		// Wait's error only says how the process ended; Stop kills it.
		_ = cmd.Wait()
		close(s.exited)
	}()
	if err := s.awaitReady(ctx); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// awaitReady polls the server until it answers a reset, it exits, or ctx
// ends.
func (s *Server) awaitReady(ctx context.Context) error {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		attempt, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := s.Reset(attempt)
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("%w (%s):\n%s", errExited, s.cmd.ProcessState, s.out)
		case <-ctx.Done():
			return fmt.Errorf("moto_server at %s did not answer: %w (last error: %v)\n%s", s.URL, ctx.Err(), err, s.out)
		case <-tick.C:
		}
	}
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

// Reset deletes every resource in the server, in every service.
func (s *Server) Reset(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/moto-api/reset", nil)
	if err != nil {
		return err
	}
	_, err = send(req)
	return err
}

// Call sends a request for service (its signing name: "states", "iot",
// "route53"), signed with [Sign], and returns the response body. header,
// which may be nil, is added to the request. A status other than 2xx is an
// error that carries the body.
func (s *Server) Call(ctx context.Context, service, method, path string, header http.Header, body string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, s.URL+path, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if err := Sign(service)(ctx, req); err != nil {
		return nil, err
	}
	return send(req)
}

// send sends req and returns the response body, or an error for a status
// other than 2xx.
func send(req *http.Request) ([]byte, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return body, fmt.Errorf("%s %s: %s: %s", req.Method, req.URL.Path, resp.Status, body)
	}
	return body, nil
}

// freePort returns a TCP port of 127.0.0.1 that nothing listens on.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// logBuffer keeps the first bytes moto_server writes, enough for its
// start-up errors, for error messages.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// logLimit is how much of moto_server's output a logBuffer keeps.
const logLimit = 16 << 10

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := logLimit - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
