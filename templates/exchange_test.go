package templates

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestExchangeDoer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/big" {
			w.Write([]byte(strings.Repeat("x", defaultMaxBodySize+1)))
			return
		}
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{"message":"slow down"}`))
	}))
	defer srv.Close()
	doer := HTTPClient(nil)

	// A paginator's call: the response is kept, and the client can still
	// read the body.
	ex := new(exchange)
	req, _ := http.NewRequestWithContext(withExchange(context.Background(), ex), http.MethodGet, srv.URL, nil)
	res, err := doer.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if ex.res == nil || ex.res.StatusCode != 429 || string(ex.body) != `{"message":"slow down"}` || string(body) != string(ex.body) {
		t.Fatalf("exchange %+v, client read %q", ex, body)
	}
	if apiErr := newAPIError("Op", &response{StatusCode: ex.res.StatusCode, Header: ex.res.Header, Body: ex.body}); apiErr.Message != "slow down" || retryAfter(apiErr) == 0 {
		t.Errorf("APIError from the exchange: %+v", apiErr)
	}

	// Another call passes through, its body unread.
	req, _ = http.NewRequest(http.MethodGet, srv.URL, nil)
	if res, err = doer.Do(req); err != nil {
		t.Fatal(err)
	}
	if body, _ := io.ReadAll(res.Body); string(body) != `{"message":"slow down"}` {
		t.Errorf("pass-through body %q", body)
	}

	// A body over the limit is an error, not a half-read page.
	ex = new(exchange)
	req, _ = http.NewRequestWithContext(withExchange(context.Background(), ex), http.MethodGet, srv.URL+"/big", nil)
	if _, err := doer.Do(req); !errors.Is(err, ErrBodyTooLarge) {
		t.Errorf("big body: %v, want ErrBodyTooLarge", err)
	}
	if err := errNoExchange("ListThings"); !strings.Contains(err.Error(), "ListThings") || !strings.Contains(err.Error(), "HTTPClient") {
		t.Errorf("errNoExchange: %v", err)
	}
}

// TestDropFragment: the fragment ogen escapes into the path (as it does
// with AWS JSON protocol keys such as /#X-Amz-Target=…) is not sent; a
// path that does not end with it is left alone.
func TestDropFragment(t *testing.T) {
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.EscapedPath())
	}))
	defer srv.Close()
	frag := "#X-Amz-Target=AWSStepFunctions.ListStateMachines"
	for _, path := range []string{"/base/%23X-Amz-Target=AWSStepFunctions.ListStateMachines", "/base/%23X-Amz-Target=Other", "/base/"} {
		ex := &exchange{edit: dropFragment(frag)}
		req, _ := http.NewRequestWithContext(withExchange(context.Background(), ex), http.MethodPost, srv.URL+path, nil)
		res, err := HTTPClient(nil).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	want := []string{"/base/", "/base/%23X-Amz-Target=Other", "/base/"}
	if strings.Join(paths, " ") != strings.Join(want, " ") {
		t.Errorf("paths sent %q, want %q", paths, want)
	}
}
