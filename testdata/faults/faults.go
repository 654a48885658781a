// Package faults injects HTTP and transport failures into the emulated API
// servers that pagegen's end-to-end tests run generated clients against.
//
// An [Injector] wraps a handler and holds a script of [Fault]s, each aimed at
// the next request, the Nth request, or the next request that matches a
// [Matcher]. The faults cover what a paginating client must survive: error
// statuses with Retry-After ([Status]), a connection reset in the middle of a
// body ([ResetMidBody]), a body shorter than its Content-Length ([Truncate]),
// a connection closed before any response ([CloseConn]) and slow responses
// ([Delay]).
//
// The package also holds what the emulators share so that their tokens look
// and fail alike: [Sealer] (opaque, HMAC-protected, expirable tokens that
// always contain '+', '/' and '=' so that clients must escape them), [Pager]
// (the token-shape fault modes: cycles, endless paging, empty pages) and
// [Log] (what a server was asked and what tokens it handed out).
//
// Only the standard library is used, so test binaries stay dependency-free.
package faults

import (
	"net"
	"net/http"
	"strconv"
	"time"
)

// A Fault answers one request instead of, or around, the real handler.
type Fault interface {
	// Apply serves r on w. next is the real handler; a fault that wants the
	// real response calls it (usually through a buffer, see ResetMidBody).
	Apply(w http.ResponseWriter, r *http.Request, next http.Handler)
}

// FaultFunc adapts a function to the Fault interface, for one-off faults
// written in a test.
type FaultFunc func(w http.ResponseWriter, r *http.Request, next http.Handler)

// Apply calls f.
func (f FaultFunc) Apply(w http.ResponseWriter, r *http.Request, next http.Handler) {
	f(w, r, next)
}

// Status answers with an error status instead of calling the handler.
// retryAfter, when not empty, is sent verbatim as the Retry-After header
// (delay-seconds such as "1", or an HTTP-date from [RetryAfterDate]); body and
// contentType are sent when not empty. Headers the emulator set before the
// injector ran (request IDs) are kept, as a real front end would send them.
func Status(code int, retryAfter, body, contentType string) Fault {
	return FaultFunc(func(w http.ResponseWriter, r *http.Request, _ http.Handler) {
		h := w.Header()
		if retryAfter != "" {
			h.Set("Retry-After", retryAfter)
		}
		if contentType != "" {
			h.Set("Content-Type", contentType)
		}
		if body != "" {
			h.Set("Content-Length", strconv.Itoa(len(body)))
		}
		w.WriteHeader(code)
		if body != "" {
			_, _ = w.Write([]byte(body))
		}
	})
}

// RetryAfterDate formats t as the HTTP-date form of Retry-After.
func RetryAfterDate(t time.Time) string {
	return t.UTC().Format(http.TimeFormat)
}

// ResetMidBody runs the real handler, sends its status, headers (with the
// full Content-Length) and the first half of its body, then resets the TCP
// connection. The client has already got a successful status when its body
// read fails with "connection reset by peer" or an unexpected EOF, which is
// the case a retry loop that only looks at status codes gets wrong.
//
// The server has done the work (and issued any token) by then; a retry of
// the same request must therefore be harmless, as it is for real APIs.
func ResetMidBody() Fault {
	return FaultFunc(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		rec := record(w, r, next)
		copyHeader(w.Header(), rec.header)
		w.Header().Set("Content-Length", strconv.Itoa(len(rec.body)))
		w.WriteHeader(rec.status())
		_, _ = w.Write(rec.body[:len(rec.body)/2])
		abort(w, true, true)
	})
}

// Truncate runs the real handler and sends its complete body, but declares a
// Content-Length larger than what is sent, then closes the connection. The
// bytes that arrive are valid JSON, so only a client that checks the body
// read's error notices; one that ignores it accepts a response the server
// never finished sending.
func Truncate() Fault {
	return FaultFunc(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		rec := record(w, r, next)
		copyHeader(w.Header(), rec.header)
		w.Header().Set("Content-Length", strconv.Itoa(len(rec.body)+16))
		w.WriteHeader(rec.status())
		_, _ = w.Write(rec.body)
		abort(w, true, false)
	})
}

// CloseConn closes the connection without answering and without calling the
// handler, as a crashed front end would.
//
// Go's http.Transport retries an idempotent request (GET) by itself when a
// reused keep-alive connection closes before any response byte, so against a
// GET this fault may be invisible to the caller; it is reliable for POST.
func CloseConn() Fault {
	return FaultFunc(func(w http.ResponseWriter, r *http.Request, _ http.Handler) {
		abort(w, false, true)
	})
}

// Delay waits d (or until the client gives up) and then serves the request
// normally. It is for tests of timeouts, cancellation and prefetching.
func Delay(d time.Duration) Fault {
	return FaultFunc(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			next.ServeHTTP(w, r)
		case <-r.Context().Done():
			// The client is gone; nothing we write would arrive.
		}
	})
}

// abort drops the connection, after sending what was written when flush is
// set (flushing an unwritten response would send a 200 header, so CloseConn
// must not). With reset, the socket is closed with SO_LINGER 0 so the peer
// sees an RST ("connection reset by peer"), not an orderly FIN.
func abort(w http.ResponseWriter, flush, reset bool) {
	rc := http.NewResponseController(w)
	if flush {
		_ = rc.Flush()
	}
	conn, _, err := rc.Hijack()
	if err != nil {
		// HTTP/2 and recorders cannot be hijacked; this panic makes net/http
		// abort the response (it closes an HTTP/1 connection, resets an
		// HTTP/2 stream) without logging a stack trace.
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok && reset {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// recorder buffers a handler's response so a fault can send part of it.
type recorder struct {
	header http.Header
	code   int
	body   []byte
}

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) Write(p []byte) (int, error) {
	if rec.code == 0 {
		rec.code = http.StatusOK
	}
	rec.body = append(rec.body, p...)
	return len(p), nil
}

func (rec *recorder) WriteHeader(code int) {
	if rec.code == 0 {
		rec.code = code
	}
}

func (rec *recorder) status() int {
	if rec.code == 0 {
		return http.StatusOK
	}
	return rec.code
}

// record runs next into a buffer. The buffer starts with the headers already
// set on w so that the handler sees (and may override) them.
func record(w http.ResponseWriter, r *http.Request, next http.Handler) *recorder {
	rec := &recorder{header: w.Header().Clone()}
	next.ServeHTTP(rec, r)
	return rec
}

func copyHeader(dst, src http.Header) {
	for k, v := range src {
		dst[k] = append([]string(nil), v...)
	}
}
