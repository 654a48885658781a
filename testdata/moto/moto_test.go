package moto

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) { Main(m) }

func TestTokenItem(t *testing.T) {
	enc := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	for _, tc := range []struct{ token, want string }{
		{enc(`{"parameterChecksum": 1, "uniqueAttributes": "2024-01-01 00:00:00|arn:aws:states:us-east-1:123456789012:stateMachine:a"}`), "arn:aws:states:us-east-1:123456789012:stateMachine:a"},
		{enc(`{"uniqueAttributes": "/hostedzone/Z1"}`), "/hostedzone/Z1"},
	} {
		got, err := TokenItem(tc.token)
		if err != nil || got != tc.want {
			t.Errorf("TokenItem(%s) = %q, %v; want %q", tc.token, got, err, tc.want)
		}
	}
	for _, bad := range []string{"not base64!", enc("[]"), enc(`{"parameterChecksum": 1}`)} {
		if got, err := TokenItem(bad); err == nil {
			t.Errorf("TokenItem(%q) = %q, want an error", bad, got)
		}
	}
}

func TestCounterAndSign(t *testing.T) {
	var auth, body string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		auth, body = r.Header.Get("Authorization"), string(b)
		w.WriteHeader(http.StatusTeapot)
	}))
	defer ts.Close()

	req, err := http.NewRequest(http.MethodPost, ts.URL+"/x?a=1", strings.NewReader("payload"))
	if err != nil {
		t.Fatal(err)
	}
	if err := Sign("states")(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	var c Counter
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !strings.Contains(auth, "Credential=x/20240101/us-east-1/states/aws4_request") {
		t.Errorf("Authorization %q does not name states in us-east-1", auth)
	}
	if body != "payload" {
		t.Errorf("the server got body %q, want the request's", body)
	}
	exs := c.Exchanges()
	if c.Count() != 1 || len(exs) != 1 {
		t.Fatalf("Count %d, %d exchanges; want 1", c.Count(), len(exs))
	}
	ex := exs[0]
	if ex.Method != http.MethodPost || ex.URL.RawQuery != "a=1" || string(ex.Body) != "payload" || ex.Status != http.StatusTeapot {
		t.Errorf("recorded %s %s body %q status %d", ex.Method, ex.URL, ex.Body, ex.Status)
	}
}

// TestStartStop starts a second server beside the shared one: each gets a
// port of its own, answers, and is gone after Stop.
func TestStartStop(t *testing.T) {
	shared := ForTest(t)
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	srv, err := Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if srv.URL == shared.URL || !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Errorf("second server at %s, shared one at %s", srv.URL, shared.URL)
	}
	header := http.Header{"X-Amz-Target": {"AWSStepFunctions.ListStateMachines"}, "Content-Type": {"application/x-amz-json-1.0"}}
	if body, err := srv.Call(ctx, "states", http.MethodPost, "/", header, "{}"); err != nil || !strings.Contains(string(body), "stateMachines") {
		t.Errorf("ListStateMachines: %s, %v", body, err)
	}
	srv.Stop()
	srv.Stop()
	select {
	case <-srv.exited:
	default:
		t.Fatal("Stop returned before the process exited")
	}
	stopped, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := srv.Reset(stopped); err == nil {
		t.Error("the server still answers after Stop")
	}
	if err := shared.Reset(ctx); err != nil {
		t.Errorf("the shared server stopped too: %v", err)
	}
}
