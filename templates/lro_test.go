package templates

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// lroServer is a long-running operation: the first request answers with
// first's status and headers, the status monitor at /status answers
// InProgress polls times and then final, and /result and /items hold
// results. It records every request as "METHOD PATH".
type lroServer struct {
	*httptest.Server
	mu    sync.Mutex
	calls []string
	polls int
}

func newLROServer(t *testing.T, first func(w http.ResponseWriter), polls int, final string) *lroServer {
	s := &lroServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.calls = append(s.calls, r.Method+" "+r.URL.Path)
		n := s.polls
		if r.URL.Path == "/status" || r.URL.Path == "/location" {
			s.polls++
		}
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/op":
			first(w)
		case "/status":
			w.Header().Set("Retry-After", "0")
			if n < polls {
				w.Write([]byte(`{"status":"InProgress"}`))
				return
			}
			w.Write([]byte(final))
		case "/location":
			if n < polls {
				w.Header().Set("Retry-After", "0")
				w.WriteHeader(http.StatusAccepted)
				return
			}
			w.Write([]byte(`{"value":[1,2]}`))
		case "/result":
			w.Write([]byte(`{"value":[3,4]}`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *lroServer) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.calls, ", ")
}

func accepted(headers ...string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusAccepted)
		w.Write([]byte(`{"status":"Accepted"}`))
	}
}

func TestDoLongRunning(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		first    func(w http.ResponseWriter)
		final    string
		finalVia string
		want     []int
		calls    string
	}{
		{
			name: "Azure-AsyncOperation, then the result at Location", method: "POST",
			first: accepted("Azure-AsyncOperation", "/status", "Location", "/result"),
			final: `{"status":"Succeeded"}`, want: []int{3, 4},
			calls: "POST /op, GET /status, GET /status, GET /status, GET /result",
		},
		{
			name: "Operation-Location with resourceLocation", method: "POST", finalVia: "operation-location",
			first: accepted("Operation-Location", "status"),
			final: `{"status":"succeeded","resourceLocation":"/result"}`, want: []int{3, 4},
			calls: "POST /op, GET /status, GET /status, GET /status, GET /result",
		},
		{
			name: "azure-async-operation: the monitor holds the result", method: "POST", finalVia: "azure-async-operation",
			first: accepted("Azure-AsyncOperation", "/status", "Location", "/result"),
			final: `{"status":"Succeeded","value":[5]}`, want: []int{5},
			calls: "POST /op, GET /status, GET /status, GET /status",
		},
		{
			name: "PUT: the result at its own URL", method: "PUT",
			first: accepted("Azure-AsyncOperation", "/status"),
			final: `{"status":"Succeeded"}`, want: nil,
			calls: "PUT /op, GET /status, GET /status, GET /status, GET /op",
		},
		{
			name: "Location answers 202 until the result is there", method: "POST",
			first: accepted("Location", "/location"),
			want:  []int{1, 2},
			calls: "POST /op, GET /location, GET /location, GET /location",
		},
		{
			name: "no polling: the first response is the result", method: "POST",
			first: func(w http.ResponseWriter) { w.Write([]byte(`{"value":[9]}`)) },
			want:  []int{9},
			calls: "POST /op",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newLROServer(t, tt.first, 2, tt.final)
			c, err := NewClient(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			var out struct{ Value []int }
			if _, err := c.doLongRunning(t.Context(), "Op", newRequest(tt.method, "/op"), tt.finalVia, &out); err != nil {
				t.Fatalf("%v (requests: %s)", err, srv.log())
			}
			if got := srv.log(); got != tt.calls {
				t.Errorf("requests %s\nwant     %s", got, tt.calls)
			}
			if !slices.Equal(out.Value, tt.want) {
				t.Errorf("result %v, want %v", out.Value, tt.want)
			}
		})
	}
}

func TestDoLongRunningFails(t *testing.T) {
	t.Run("failed operation", func(t *testing.T) {
		srv := newLROServer(t, accepted("Azure-AsyncOperation", "/status"), 0,
			`{"status":"Failed","error":{"code":"QuotaExceeded","message":"no room"}}`)
		c, _ := NewClient(srv.URL)
		_, err := c.doLongRunning(t.Context(), "Op", newRequest("POST", "/op"), "", nil)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Code == "" {
			t.Fatalf("got %v, want an *APIError with a code", err)
		}
		if isTransient(err) {
			t.Errorf("a failed operation is retried: %v", err)
		}
	})
	t.Run("canceled operation without an error body", func(t *testing.T) {
		srv := newLROServer(t, accepted("Azure-AsyncOperation", "/status"), 0, `{"status":"Canceled"}`)
		c, _ := NewClient(srv.URL)
		_, err := c.doLongRunning(t.Context(), "Op", newRequest("POST", "/op"), "", nil)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Code != "Canceled" {
			t.Fatalf("got %v, want an *APIError with Code Canceled", err)
		}
	})
	t.Run("202 with nothing to poll", func(t *testing.T) {
		srv := newLROServer(t, accepted(), 0, "")
		c, _ := NewClient(srv.URL)
		_, err := c.doLongRunning(t.Context(), "Op", newRequest("POST", "/op"), "", nil)
		if err == nil || !strings.Contains(err.Error(), "no Azure-AsyncOperation") {
			t.Fatalf("got %v, want an error saying there is nothing to poll", err)
		}
	})
	t.Run("202 to an operation not marked long-running", func(t *testing.T) {
		srv := newLROServer(t, accepted("Location", "/location"), 0, "")
		c, _ := NewClient(srv.URL)
		var out struct{ Value []int }
		_, err := c.do(t.Context(), "Op", newRequest("POST", "/op"), &out)
		if err == nil || !strings.Contains(err.Error(), "long-running") {
			t.Fatalf("got %v and %v, want an error rather than an empty result", err, out.Value)
		}
	})
	t.Run("202 with no body to an operation not marked long-running", func(t *testing.T) {
		srv := newLROServer(t, func(w http.ResponseWriter) { w.WriteHeader(http.StatusAccepted) }, 0, "")
		c, _ := NewClient(srv.URL)
		var out struct{ Value []int }
		_, err := c.do(t.Context(), "Op", newRequest("GET", "/op"), &out)
		if err == nil || !strings.Contains(err.Error(), "202 Accepted with no body") {
			t.Fatalf("got %v and %v, want an error rather than an empty page", err, out.Value)
		}
	})
	t.Run("cancel while waiting between polls", func(t *testing.T) {
		srv := newLROServer(t, func(w http.ResponseWriter) {
			w.Header().Set("Azure-AsyncOperation", "/status")
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusAccepted)
		}, 0, `{"status":"Succeeded"}`)
		c, _ := NewClient(srv.URL)
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.doLongRunning(ctx, "Op", newRequest("POST", "/op"), "", nil)
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
			t.Fatalf("got %v after %v, want the context's error at once", err, time.Since(start))
		}
	})
}
