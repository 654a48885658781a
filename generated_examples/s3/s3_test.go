package s3_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generated_examples/s3"
	"github.com/pagegen/pagegen/testdata/gofakes3"
	"github.com/pagegen/pagegen/testdata/moto"
)

// These tests run the generated S3 client against gofakes3, an S3 emulator
// written in Go: REST-XML, GET /{Bucket}?list-type=2 with
// continuation-token and max-keys in the query, and IsTruncated and
// NextContinuationToken in the response. gofakes3's tokens are base64 of
// the last key returned, with '=' padding.

func TestMain(m *testing.M) { gofakes3.Main(m) }

func limit(n int32) func(*s3.PaginatorOptions) {
	return func(o *s3.PaginatorOptions) { o.Limit = n }
}

// newClient returns a client of srv, the counter of the requests it sends,
// and a bucket of the test's own.
func newClient(t *testing.T, srv *gofakes3.Server, opts ...s3.ClientOption) (*s3.Client, *moto.Counter, string) {
	t.Helper()
	counter := &moto.Counter{}
	c, err := s3.NewClient(srv.URL, append(opts, s3.WithHTTPClient(counter))...)
	if err != nil {
		t.Fatal(err)
	}
	bucket := strings.ToLower(strings.ReplaceAll(t.Name(), "/", "-"))
	put(t, srv.URL+"/"+bucket)
	return c, counter, bucket
}

// put sends a PUT with plain net/http.
func put(t *testing.T, u string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, u, strings.NewReader("pagegen"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT %s: %s", u, resp.Status)
	}
}

// putObjects puts n objects into bucket and returns their keys in the order
// S3 lists them (by key).
func putObjects(t *testing.T, srv *gofakes3.Server, bucket string, n int) []string {
	t.Helper()
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("object-%02d", i)
		put(t, srv.URL+"/"+bucket+"/"+keys[i])
	}
	return keys
}

func keys(items []s3.Object) []string {
	out := make([]string, len(items))
	for i, o := range items {
		if o.Key != nil {
			out[i] = *o.Key
		}
	}
	return out
}

// sentToken returns the continuation-token the request carried in its
// query, and checks that it asked for list-type=2 and max-keys=10 and that
// the token was percent-encoded.
func sentToken(t *testing.T, ex moto.Exchange) string {
	t.Helper()
	q := ex.URL.Query()
	if q.Get("list-type") != "2" || q.Get("max-keys") != "10" {
		t.Errorf("request query %q, want list-type=2 and max-keys=10", ex.URL.RawQuery)
	}
	tok := q.Get("continuation-token")
	if tok != "" && !strings.Contains(ex.URL.RawQuery, "continuation-token="+url.QueryEscape(tok)) {
		t.Errorf("token %q is not percent-encoded in the query %q", tok, ex.URL.RawQuery)
	}
	return tok
}

// checkRequests fails t unless the requests counter saw carried the tokens
// in want ("" for none, "*" for any) and got the statuses in status.
func checkRequests(t *testing.T, counter *moto.Counter, want []string, status []int) {
	t.Helper()
	exs := counter.Exchanges()
	if len(exs) != len(want) {
		t.Fatalf("%d requests, want %d", len(exs), len(want))
	}
	for i, ex := range exs {
		tok := sentToken(t, ex)
		tokenOK := tok == want[i] || want[i] == "*" && tok != ""
		if ex.Status != status[i] || !tokenOK {
			t.Errorf("request %d: status %d with continuation-token %q; want status %d with token %q", i, ex.Status, tok, status[i], want[i])
		}
	}
}

func TestListObjectsV2EveryItemOnce(t *testing.T) {
	srv := gofakes3.ForTest(t)
	c, counter, bucket := newClient(t, srv)
	want := putObjects(t, srv, bucket, 25)

	var got []string
	var sizes []int
	for pg, err := range c.ListObjectsV2Pages(context.Background(), &s3.ListObjectsV2Params{Bucket: bucket}, limit(10)) {
		if err != nil {
			t.Fatalf("walk failed after %d items: %v", len(got), err)
		}
		sizes = append(sizes, len(pg.Items))
		got = append(got, keys(pg.Items)...)
	}
	moto.ExactlyOnce(t, got, want)
	if fmt.Sprint(sizes) != "[10 10 5]" {
		t.Errorf("page sizes %v, want [10 10 5]", sizes)
	}
	checkRequests(t, counter, []string{"", "*", "*"}, []int{200, 200, 200})
}

// TestListObjectsV2DeletedItem saves a walk's ResumeToken after the first
// page and deletes the next object. gofakes3's tokens name the last key
// returned, not the next one, so the token stays valid: the walk resumed
// from it returns the 14 objects left, with no error and no restart.
func TestListObjectsV2DeletedItem(t *testing.T) {
	srv := gofakes3.ForTest(t)
	c, counter, bucket := newClient(t, srv)
	want := putObjects(t, srv, bucket, 25)
	params := &s3.ListObjectsV2Params{Bucket: bucket}

	p := s3.NewListObjectsV2Paginator(c, params, limit(10))
	first, err := p.NextPage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	moto.ExactlyOnce(t, keys(first.Items), want[:10])
	req, err := http.NewRequest(http.MethodDelete, srv.URL+"/"+bucket+"/"+want[10], nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	var got []string
	for o, err := range c.ListObjectsV2All(context.Background(), params, limit(10), func(o *s3.PaginatorOptions) { o.StartToken = p.ResumeToken() }) {
		if err != nil {
			t.Fatalf("walk failed after %d items: %v", len(got), err)
		}
		got = append(got, *o.Key)
	}
	moto.ExactlyOnce(t, got, want[11:])
	checkRequests(t, counter, []string{"", "*", "*"}, []int{200, 200, 200})
}

// TestListObjectsV2CorruptedToken corrupts the token of the first
// continuation request; gofakes3 rejects it with HTTP 400 InvalidToken (an
// XML <Error>). The walk restarts from the originating call, without a
// token, drops the 10 objects it returned, and returns the 15 left.
func TestListObjectsV2CorruptedToken(t *testing.T) {
	srv := gofakes3.ForTest(t)
	corrupted := false
	corrupt := s3.WithRequestEditor(func(_ context.Context, r *http.Request) error {
		q := r.URL.Query()
		if q.Get("continuation-token") != "" && !corrupted {
			corrupted = true
			q.Set("continuation-token", "not base64!")
			r.URL.RawQuery = q.Encode()
		}
		return nil
	})
	c, counter, bucket := newClient(t, srv, corrupt)
	want := putObjects(t, srv, bucket, 25)
	params := &s3.ListObjectsV2Params{Bucket: bucket}

	// Without restarts, the walk reports gofakes3's answer.
	noRestart := s3.NewListObjectsV2Paginator(c, params, limit(10), func(o *s3.PaginatorOptions) { o.MaxRestarts = -1 })
	var apiErr *s3.APIError
	for noRestart.HasMorePages() {
		if _, err := noRestart.NextPage(context.Background()); err != nil {
			if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || apiErr.Code != "InvalidToken" {
				t.Fatalf("err = %v, want gofakes3's HTTP 400 InvalidToken", err)
			}
			break
		}
	}
	if apiErr == nil {
		t.Fatal("the corrupted token was accepted")
	}

	corrupted = false
	var got []string
	for o, err := range c.ListObjectsV2All(context.Background(), params, limit(10)) {
		if err != nil {
			t.Fatalf("walk failed after %d items: %v", len(got), err)
		}
		got = append(got, *o.Key)
	}
	moto.ExactlyOnce(t, got, want)
	// Without restarts: the first page and the rejected token. With them:
	// the first page, the rejected token, the originating call again, and
	// the pages of the 15 left.
	checkRequests(t, counter,
		[]string{"", "not base64!", "", "not base64!", "", "*", "*"},
		[]int{200, 400, 200, 400, 200, 200, 200})
}
