package templates

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"testing"
	"time"
)

func withRetryAfter(e *APIError, v string) *APIError {
	e.Header.Set("Retry-After", v)
	return e
}

func TestRetryDelay(t *testing.T) {
	o := RetryOptions{MaxAttempts: 5, BaseDelay: 100 * time.Millisecond, MaxDelay: 20 * time.Second}
	tests := []struct {
		name     string
		o        RetryOptions
		n        int
		err      error
		min, max time.Duration
	}{
		{"first retry", o, 0, errFake, 0, 100 * time.Millisecond},
		{"third retry", o, 2, errFake, 0, 400 * time.Millisecond},
		{"ceiling capped", o, 40, errFake, 0, 20 * time.Second},
		{"Retry-After seconds", o, 0, withRetryAfter(apiErr(429, "", ""), "3"), 3 * time.Second, 3 * time.Second},
		{"Retry-After above MaxDelay", o, 0, withRetryAfter(apiErr(503, "", ""), "120"), 20 * time.Second, 20 * time.Second},
		{"Retry-After huge", o, 0, withRetryAfter(apiErr(503, "", ""), "99999999999999999"), 20 * time.Second, 20 * time.Second},
		{"Retry-After date", o, 0, withRetryAfter(apiErr(503, "", ""), time.Now().Add(10*time.Second).UTC().Format(http.TimeFormat)), 8 * time.Second, 10 * time.Second},
		{"Retry-After date passed", o, 0, withRetryAfter(apiErr(503, "", ""), time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)), 0, 100 * time.Millisecond},
		{"Retry-After garbage", o, 0, withRetryAfter(apiErr(503, "", ""), "soon"), 0, 100 * time.Millisecond},
		{"wrapped APIError", o, 0, fmt.Errorf("call: %w", withRetryAfter(apiErr(429, "", ""), "2")), 2 * time.Second, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 50 {
				if d := retryDelay(tt.o, tt.n, tt.err); d < tt.min || d > tt.max {
					t.Fatalf("retryDelay = %v, want within [%v, %v]", d, tt.min, tt.max)
				}
			}
		})
	}
}

func TestRetryDelayJitters(t *testing.T) {
	o := RetryOptions{BaseDelay: time.Second, MaxDelay: time.Minute}
	seen := map[time.Duration]bool{}
	for range 20 {
		seen[retryDelay(o, 0, errFake)] = true
	}
	if len(seen) < 10 {
		t.Errorf("%d distinct delays in 20, want full jitter", len(seen))
	}
}

func TestIsTransient(t *testing.T) {
	truncatedJSON := jsonDecodeErr(`{"items":[1,2`)
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"429", apiErr(429, "", ""), true},
		{"500", apiErr(500, "", ""), true},
		{"502", apiErr(502, "", ""), true},
		{"503", apiErr(503, "", ""), true},
		{"504", apiErr(504, "", ""), true},
		{"507", apiErr(507, "", ""), true},
		{"501", apiErr(501, "", ""), false},
		{"400", apiErr(400, "ValidationException", ""), false},
		{"404", apiErr(404, "", ""), false},
		{"Throttling", apiErr(400, "Throttling", ""), true},
		{"ThrottlingException", apiErr(400, "ThrottlingException", ""), true},
		{"RequestThrottled", apiErr(400, "RequestThrottled", ""), true},
		{"TooManyRequests", apiErr(400, "TooManyRequests", ""), true},
		{"TooManyRequestsException", apiErr(400, "TooManyRequestsException", ""), true},
		{"SlowDown", apiErr(400, "SlowDown", ""), true},
		{"RequestLimitExceeded", apiErr(400, "RequestLimitExceeded", ""), true},
		{"ServiceUnavailable", apiErr(400, "ServiceUnavailable", ""), true},
		{"InternalError", apiErr(400, "InternalError", ""), true},
		{"InternalFailure", apiErr(400, "InternalFailure", ""), true},
		{"token error", apiErr(400, "NextTokenCorrupted", ""), false},
		{"transport", &transportError{op: "List", err: errFake}, true},
		{"connection reset", fmt.Errorf("read: %w", syscall.ECONNRESET), true},
		{"unexpected EOF", io.ErrUnexpectedEOF, true},
		{"net error", &net.OpError{Op: "dial", Err: errFake}, true},
		{"truncated JSON", truncatedJSON, true},
		{"bad JSON", jsonDecodeErr(`{"items":]`), false},
		{"truncated XML", &DecodeError{Err: xmlErr(`<a><b>`)}, true},
		{"bad XML", &DecodeError{Err: xmlErr(`<a></b>`)}, false},
		{"canceled", context.Canceled, false},
		{"deadline", context.DeadlineExceeded, false},
		{"canceled request", &transportError{op: "List", err: &url.Error{Op: "Get", URL: "http://x", Err: context.Canceled}}, false},
		{"request timed out", &transportError{op: "List", err: &url.Error{Op: "Get", URL: "http://x", Err: context.DeadlineExceeded}}, true},
		{"host not found", &transportError{op: "List", err: &net.DNSError{Err: "no such host", IsNotFound: true}}, false},
		{"bad certificate", &transportError{op: "List", err: &tls.CertificateVerificationError{Err: errFake}}, false},
		{"other", errFake, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isTransient(tt.err); got != tt.want {
				t.Errorf("isTransient(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestRetry(t *testing.T) {
	fast := RetryOptions{MaxAttempts: 4, BaseDelay: time.Microsecond, MaxDelay: time.Millisecond}
	tests := []struct {
		name      string
		errs      []error
		wantCalls int
		wantErr   error
	}{
		{"success", nil, 1, nil},
		{"retried to success", []error{apiErr(503, "", ""), io.ErrUnexpectedEOF, apiErr(429, "", "")}, 4, nil},
		{"not transient", []error{errFake}, 1, errFake},
		{"attempts exhausted", []error{apiErr(500, "InternalError", ""), apiErr(500, "InternalError", ""), apiErr(500, "InternalError", ""), apiErr(502, "", "")}, 4, &APIError{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			_, err := retry(t.Context(), fast, nil, func(context.Context) (int, error) {
				calls++
				if calls <= len(tt.errs) {
					return 0, tt.errs[calls-1]
				}
				return 1, nil
			})
			if calls != tt.wantCalls {
				t.Errorf("%d calls, want %d", calls, tt.wantCalls)
			}
			var ae *APIError
			switch {
			case tt.wantErr == nil && err != nil:
				t.Errorf("err = %v", err)
			case errors.As(tt.wantErr, &ae):
				if !errors.As(err, &ae) || ae.StatusCode != 502 {
					t.Errorf("err = %v, want the last APIError", err)
				}
			case !errors.Is(err, tt.wantErr):
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestRetryHonoursRetryAfter(t *testing.T) {
	o := RetryOptions{MaxAttempts: 2, BaseDelay: time.Microsecond, MaxDelay: 40 * time.Millisecond}
	for _, after := range []string{"1", time.Now().Add(5 * time.Second).UTC().Format(http.TimeFormat)} {
		t.Run(after, func(t *testing.T) {
			calls := 0
			start := time.Now()
			_, err := retry(t.Context(), o, nil, func(context.Context) (int, error) {
				if calls++; calls == 1 {
					return 0, withRetryAfter(apiErr(429, "", ""), after)
				}
				return 1, nil
			})
			// Retry-After asks for more than MaxDelay, so the wait is
			// MaxDelay, far above what the 1µs backoff would give.
			if elapsed := time.Since(start); err != nil || elapsed < o.MaxDelay {
				t.Errorf("err = %v after %v; want success after at least %v", err, elapsed, o.MaxDelay)
			}
		})
	}
}

func TestRetryCancelledDuringBackoff(t *testing.T) {
	o := RetryOptions{MaxAttempts: 5, BaseDelay: time.Hour, MaxDelay: time.Hour}
	ctx, cancel := context.WithCancel(t.Context())
	calls := 0
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	_, err := retry(ctx, o, nil, func(context.Context) (int, error) {
		calls++
		return 0, withRetryAfter(apiErr(503, "", ""), "3600")
	})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("err = %v after %d calls, want context.Canceled after 1", err, calls)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("returned after %v, want promptly", elapsed)
	}
}

func TestRetryStopsWhenCtxEnds(t *testing.T) {
	// The request times out with the caller's deadline: that is not a
	// timeout worth another attempt.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	calls := 0
	_, err := retry(ctx, RetryOptions{MaxAttempts: 5, BaseDelay: time.Microsecond, MaxDelay: time.Microsecond}, nil,
		func(ctx context.Context) (int, error) {
			calls++
			<-ctx.Done()
			return 0, &transportError{op: "List", err: &url.Error{Op: "Get", URL: "http://x", Err: ctx.Err()}}
		})
	if calls != 1 || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v after %d calls; want DeadlineExceeded after 1", err, calls)
	}
}
