package s3_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generated_examples/s3"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
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

// buckets counts the buckets newClient made: gofakes3 keeps them for the
// whole test binary, and a test run again (-count) needs a new one.
var buckets int

// newClient returns a client of srv, the counter of the requests it sends,
// and a bucket of the test's own.
func newClient(t *testing.T, srv *gofakes3.Server, opts ...s3.ClientOption) (*s3.Client, *moto.Counter, string) {
	t.Helper()
	counter := &moto.Counter{}
	c := faultmatrix.NewClient(t, s3.NewClient, srv.URL, append(opts, s3.WithHTTPClient(counter))...)
	buckets++
	bucket := fmt.Sprintf("%s-%d", strings.ToLower(strings.ReplaceAll(t.Name(), "/", "-")), buckets)
	send(t, http.MethodPut, srv.URL+"/"+bucket, "pagegen", http.StatusOK)
	return c, counter, bucket
}

// send sends a request with plain net/http and fails t unless it gets the
// status want.
func send(t *testing.T, method, u, body string, want int) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("%s %s: %s", method, u, resp.Status)
	}
}

// putObjects puts n objects into bucket and returns their keys in the order
// S3 lists them (by key).
func putObjects(t *testing.T, srv *gofakes3.Server, bucket string, n int) []string {
	t.Helper()
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("object-%02d", i)
		send(t, http.MethodPut, srv.URL+"/"+bucket+"/"+keys[i], "pagegen", http.StatusOK)
	}
	return keys
}

func objectKey(o s3.Object) string { return faultmatrix.Deref(o.Key) }

func pageKeys(pg *s3.ListObjectsV2Page) []string { return faultmatrix.KeysOf(pg.Items, objectKey) }

// sentToken returns the continuation-token a request carried in its query,
// and checks that it asked for list-type=2 and max-keys=10 and that the
// token was percent-encoded.
var sentToken = moto.QueryToken("continuation-token", url.Values{"list-type": {"2"}, "max-keys": {"10"}})

func TestListObjectsV2EveryItemOnce(t *testing.T) {
	srv := gofakes3.ForTest(t)
	c, counter, bucket := newClient(t, srv)
	want := putObjects(t, srv, bucket, 25)

	moto.EveryItemOnce(t, c.ListObjectsV2Pages(context.Background(), &s3.ListObjectsV2Params{Bucket: bucket}, limit(10)), pageKeys, want, "[10 10 5]")
	moto.CheckRequests(t, counter, sentToken, []string{"", "*", "*"}, []int{200, 200, 200})
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
	faultmatrix.ExactlyOnce(t, pageKeys(first), want[:10])
	send(t, http.MethodDelete, srv.URL+"/"+bucket+"/"+want[10], "", http.StatusNoContent)

	got := faultmatrix.Collect(t, c.ListObjectsV2All(context.Background(), params, limit(10), func(o *s3.PaginatorOptions) { o.StartToken = p.ResumeToken() }), objectKey)
	faultmatrix.ExactlyOnce(t, got, want[11:])
	moto.CheckRequests(t, counter, sentToken, []string{"", "*", "*"}, []int{200, 200, 200})
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
	got := faultmatrix.Collect(t, c.ListObjectsV2All(context.Background(), params, limit(10)), objectKey)
	faultmatrix.ExactlyOnce(t, got, want)
	// Without restarts: the first page and the rejected token. With them:
	// the first page, the rejected token, the originating call again, and
	// the pages of the 15 left.
	moto.CheckRequests(t, counter, sentToken,
		[]string{"", "not base64!", "", "not base64!", "", "*", "*"},
		[]int{200, 400, 200, 400, 200, 200, 200})
}

// TestListObjectsV2PageResponse lists a bucket with a delimiter: the page
// holds the objects at the top level, and its Response the rest of what S3
// returned beside them, the common prefixes and the headers.
func TestListObjectsV2PageResponse(t *testing.T) {
	srv := gofakes3.ForTest(t)
	c, _, bucket := newClient(t, srv)
	for _, key := range []string{"dir-a/1", "dir-a/2", "dir-b/1", "top-1", "top-2"} {
		send(t, http.MethodPut, srv.URL+"/"+bucket+"/"+key, "pagegen", http.StatusOK)
	}
	p := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Params{Bucket: bucket, Delimiter: s3.Ptr("/")})
	pg, err := p.NextPage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := pageKeys(pg); !slices.Equal(got, []string{"top-1", "top-2"}) {
		t.Errorf("items %v, want [top-1 top-2]", got)
	}
	if pg.Response == nil || pg.Response.Body == nil {
		t.Fatal("page has no response")
	}
	var prefixes []string
	for _, cp := range pg.Response.Body.CommonPrefixes {
		prefixes = append(prefixes, faultmatrix.Deref(cp.Prefix))
	}
	if !slices.Equal(prefixes, []string{"dir-a/", "dir-b/"}) {
		t.Errorf("common prefixes %v, want [dir-a/ dir-b/]", prefixes)
	}
	if ct := pg.Response.Header.Get("Content-Type"); !strings.Contains(ct, "xml") {
		t.Errorf("response Content-Type %q, want XML", ct)
	}
	if p.HasMorePages() {
		t.Error("more pages after the only one")
	}
}
