package pages_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/byo/paging/ogen/api"
	"github.com/pagegen/pagegen/generated_examples/byo/paging/ogen/pages"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
	"github.com/pagegen/pagegen/testdata/pagingserver"
)

// These tests walk every paging style of testdata/pagingserver through the
// paginators over an ogen client of it, and check the requests the walks
// sent.

// newClient returns an ogen client of srv, built as the paginators need it.
func newClient(t *testing.T, srv *pagingserver.Server) *api.Client {
	t.Helper()
	return faultmatrix.NewClient(t, api.NewClient, faultmatrix.Serve(t, srv), api.WithClient(pages.HTTPClient(nil)))
}

func limit(n int32) func(*pages.PaginatorOptions) {
	return func(o *pages.PaginatorOptions) { o.Limit = n }
}

func title(b api.Book) string { return b.Title }

// pageSizes returns the sizes of the pages of a walk.
func pageSizes[T any, R any](t *testing.T, seq func(yield func(*pages.Page[T, R], error) bool)) []int {
	t.Helper()
	var sizes []int
	for pg, err := range seq {
		if err != nil {
			t.Fatalf("after %d pages: %v", len(sizes), err)
		}
		sizes = append(sizes, len(pg.Items))
	}
	return sizes
}

// The shelf is a path parameter; the token goes out in the X-Page-Token
// header and comes back in X-Next-Page-Token; the body is the array of
// books.
func TestListShelfBooks(t *testing.T) {
	srv := pagingserver.New()
	want := srv.AddBooks("fiction", 23)
	srv.AddBooks("poetry", 4)
	c := newClient(t, srv)
	ctx := context.Background()

	if got := pageSizes(t, pages.ListShelfBooksPages(ctx, c, api.ListShelfBooksParams{Shelf: "fiction"}, limit(5))); !slices.Equal(got, []int{5, 5, 5, 5, 3}) {
		t.Errorf("page sizes %v, want [5 5 5 5 3]", got)
	}
	calls := srv.Calls()
	for i, call := range calls {
		if call.Path != "/shelves/fiction/books" || call.Query["pageSize"] != "5" {
			t.Errorf("call %d: %s ?%v, want /shelves/fiction/books with pageSize 5", i, call.Path, call.Query)
		}
		if (i == 0) != (call.PageToken == "") {
			t.Errorf("call %d: X-Page-Token %q", i, call.PageToken)
		}
	}
	got := faultmatrix.Collect(t, pages.ListShelfBooksAll(ctx, c, api.ListShelfBooksParams{Shelf: "fiction"}, limit(5)), title)
	faultmatrix.ExactlyOnce(t, got, want)
}

// A walk whose token expires under it restarts from the first page and
// finds its place again by the books' integer ids, though the last book it
// returned has a new title since: every book once.
func TestListShelfBooksRestartByIntegerKey(t *testing.T) {
	srv := pagingserver.New()
	srv.AddBooks("fiction", 23)
	c := newClient(t, srv)
	ctx := context.Background()
	id := func(b api.Book) string { return strconv.FormatInt(b.ID, 10) }
	var want []string
	for i := range 23 {
		want = append(want, strconv.Itoa(1001+i))
	}
	p := pages.NewListShelfBooksPaginator(c, api.ListShelfBooksParams{Shelf: "fiction"}, limit(5))
	pg, err := p.NextPage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := faultmatrix.KeysOf(pg.Items, id)
	srv.ExpireTokens()
	srv.Retitle("fiction", 4, "a new title")
	for p.HasMorePages() {
		pg, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("after %d books: %v", len(got), err)
		}
		got = append(got, faultmatrix.KeysOf(pg.Items, id)...)
	}
	faultmatrix.ExactlyOnce(t, got, want)
	firsts := 0
	for _, call := range srv.Calls() {
		if call.PageToken == "" {
			firsts++
		}
	}
	if firsts != 2 {
		t.Errorf("%d first-page calls, want 2: one restart", firsts)
	}
}

// A token the caller puts in the params starts the walk; the params are
// not changed.
func TestListShelfBooksStartToken(t *testing.T) {
	srv := pagingserver.New()
	want := srv.AddBooks("fiction", 12)
	c := newClient(t, srv)
	ctx := context.Background()
	out, err := c.ListShelfBooks(ctx, api.ListShelfBooksParams{Shelf: "fiction", PageSize: api.NewOptPageSize(5)})
	if err != nil {
		t.Fatal(err)
	}
	token := out.XNextPageToken.Value
	params := api.ListShelfBooksParams{Shelf: "fiction", XPageToken: api.NewOptString(token)}
	got := faultmatrix.Collect(t, pages.ListShelfBooksAll(ctx, c, params, limit(5)), title)
	faultmatrix.ExactlyOnce(t, got, want[5:])
}

// The token and the page size travel in the JSON body's page object, the
// shelf in the path; the caller's body is not changed.
func TestSearchBooks(t *testing.T) {
	srv := pagingserver.New()
	all := srv.AddBooks("fiction", 30)
	c := newClient(t, srv)
	query := "book 1"
	body := &api.SearchRequest{Query: api.NewOptString(query)}
	got := faultmatrix.Collect(t, pages.SearchBooksAll(context.Background(), c, body, api.SearchBooksParams{Shelf: "fiction"}, limit(4)), title)
	faultmatrix.ExactlyOnce(t, got, all[10:20])
	calls := srv.Calls()
	if len(calls) != 3 {
		t.Fatalf("%d calls, want 3 pages of at most 4", len(calls))
	}
	for i, call := range calls {
		pg, _ := call.Body["page"].(map[string]any)
		if call.Path != "/shelves/fiction/search" || call.Body["query"] != query || pg["size"] != float64(4) || (i == 0) != (pg["token"] == nil) {
			t.Errorf("call %d: %s %v", i, call.Path, call.Body)
		}
	}
	if body.Page.Set || body.Query.Value != query {
		t.Errorf("body changed: %+v", body)
	}
}

// The offset counts the items; the total ends the walk without asking for
// an empty page. A caller's offset is where the walk starts.
func TestListEventsOffset(t *testing.T) {
	srv := pagingserver.New()
	want := srv.AddEvents(23)
	c := newClient(t, srv)
	ctx := context.Background()
	name := func(e api.Event) string { return e.Name }
	faultmatrix.ExactlyOnce(t, faultmatrix.Collect(t, pages.ListEventsAll(ctx, c, api.ListEventsParams{}, limit(10)), name), want)
	var offsets []string
	for _, call := range srv.Calls() {
		offsets = append(offsets, call.Query["offset"])
	}
	if !slices.Equal(offsets, []string{"", "10", "20"}) {
		t.Errorf("offsets sent %q, want the caller's (none), 10, 20 and no request after the total", offsets)
	}
	faultmatrix.ExactlyOnce(t, faultmatrix.Collect(t, pages.ListEventsAll(ctx, c, api.ListEventsParams{Offset: api.NewOptInt32(5)}, limit(10)), name), want[5:])

	// A resumed walk goes on at the offset it stopped at.
	p := pages.NewListEventsPaginator(c, api.ListEventsParams{}, limit(10))
	if _, err := p.NextPage(ctx); err != nil {
		t.Fatal(err)
	}
	resume := p.ResumeToken()
	got := faultmatrix.Collect(t, pages.ListEventsAll(ctx, c, api.ListEventsParams{}, limit(10), func(o *pages.PaginatorOptions) { o.StartToken = resume }), name)
	faultmatrix.ExactlyOnce(t, got, want[10:])
}

// The offset and the page size travel in the JSON body; the total of the
// events found ends the walk. A caller's offset in the body is where the
// walk starts, and the body is not changed.
func TestSearchEventsOffsetInBody(t *testing.T) {
	srv := pagingserver.New()
	all := srv.AddEvents(23)
	c := newClient(t, srv)
	ctx := context.Background()
	name := func(e api.Event) string { return e.Name }
	body := &api.EventSearch{Text: "event 1"}
	faultmatrix.ExactlyOnce(t, faultmatrix.Collect(t, pages.SearchEventsAll(ctx, c, body, limit(4)), name), all[10:20])
	var sent []string
	for _, call := range srv.Calls() {
		sent = append(sent, fmt.Sprint(call.Body["offset"], "/", call.Body["limit"]))
	}
	if want := []string{"<nil>/4", "4/4", "8/4"}; !slices.Equal(sent, want) {
		t.Errorf("offset/limit sent %q, want %q", sent, want)
	}
	body.Offset = api.NewOptInt32(6)
	faultmatrix.ExactlyOnce(t, faultmatrix.Collect(t, pages.SearchEventsAll(ctx, c, body, limit(4)), name), all[16:20])
	if body.Offset.Value != 6 || body.Limit.Set || body.Text != "event 1" {
		t.Errorf("body changed: %+v", body)
	}
}

// Page numbers count from 1; the last_page flag ends the walk.
func TestListArticlesPages(t *testing.T) {
	srv := pagingserver.New()
	want := srv.AddArticles(12)
	c := newClient(t, srv)
	slug := func(a api.Article) string { return a.Slug }
	faultmatrix.ExactlyOnce(t, faultmatrix.Collect(t, pages.ListArticlesAll(context.Background(), c, api.ListArticlesParams{}, limit(5)), slug), want)
	var sent []string
	for _, call := range srv.Calls() {
		sent = append(sent, call.Query["page"]+"/"+call.Query["per_page"])
	}
	if !slices.Equal(sent, []string{"/5", "2/5", "3/5"}) {
		t.Errorf("pages sent %q, want the first (none), 2 and 3, of 5, and none after the last", sent)
	}
}

// The cursor is the id of the last customer of the page; has_more false
// ends the walk.
func TestListCustomersCursor(t *testing.T) {
	srv := pagingserver.New()
	want := srv.AddCustomers(12)
	c := newClient(t, srv)
	id := func(c api.Customer) string { return c.ID }
	faultmatrix.ExactlyOnce(t, faultmatrix.Collect(t, pages.ListCustomersAll(context.Background(), c, api.ListCustomersParams{}, limit(5)), id), want)
	var sent []string
	for _, call := range srv.Calls() {
		sent = append(sent, call.Query["starting_after"])
	}
	if !slices.Equal(sent, []string{"", want[4], want[9]}) {
		t.Errorf("starting_after sent %q, want none, %s, %s", sent, want[4], want[9])
	}
}

// The zone is a path parameter; the walk goes on with two tokens at once,
// name and type, and leaves out one the API left empty, even when the
// caller's params had it.
func TestListRecordsTokenSet(t *testing.T) {
	srv := pagingserver.New()
	ids := srv.AddRecords("example.org", []string{"a", "b", "c", "d"}, []string{"", "A", "MX"})
	c := newClient(t, srv)
	id := func(r api.Record) string { return strconv.Itoa(r.ID) }
	var want []string
	for _, n := range ids {
		want = append(want, strconv.Itoa(n))
	}
	params := api.ListRecordsParams{Zone: "example.org", Name: api.NewOptString("a"), Type: api.NewOptString("MX")}
	got := faultmatrix.Collect(t, pages.ListRecordsAll(context.Background(), c, params, limit(3)), id)
	faultmatrix.ExactlyOnce(t, got, want[2:])
	var sent []string
	for _, call := range srv.Calls() {
		n, hasName := call.Query["name"]
		ty, hasType := call.Query["type"]
		sent = append(sent, fmt.Sprintf("%v:%s %v:%s", hasName, n, hasType, ty))
	}
	// Pages: a/MX b/ b/A | b/MX c/ c/A | c/MX d/ d/A | d/MX.
	wantSent := []string{"true:a true:MX", "true:b true:MX", "true:c true:MX", "true:d true:MX"}
	if !slices.Equal(sent, wantSent) {
		t.Errorf("sent %q, want %q", sent, wantSent)
	}
}

// A part of a token set that the API leaves empty is not sent, even when
// the caller's params had it.
func TestListRecordsEmptyPartNotSent(t *testing.T) {
	srv := pagingserver.New()
	ids := srv.AddRecords("example.org", []string{"a", "b", "c", "d"}, []string{"", "A", "MX"})
	c := newClient(t, srv)
	id := func(r api.Record) string { return strconv.Itoa(r.ID) }
	var want []string
	for _, n := range ids {
		want = append(want, strconv.Itoa(n))
	}
	params := api.ListRecordsParams{Zone: "example.org", Name: api.NewOptString("a"), Type: api.NewOptString("MX")}
	got := faultmatrix.Collect(t, pages.ListRecordsAll(context.Background(), c, params, limit(2)), id)
	faultmatrix.ExactlyOnce(t, got, want[2:])
	// Pages: a/MX b/ | b/A b/MX | c/ c/A | c/MX d/ | d/A d/MX; the third
	// starts at a record whose type is empty.
	wantSent := []string{"a MX", "b A", "c -", "c MX", "d A"}
	var sent []string
	for _, call := range srv.Calls() {
		ty, ok := call.Query["type"]
		if !ok {
			ty = "-"
		}
		sent = append(sent, call.Query["name"]+" "+ty)
	}
	if !slices.Equal(sent, wantSent) {
		t.Errorf("sent %q, want %q", sent, wantSent)
	}
}

// A page size above the schema's maximum is an error before any request.
func TestLimitOutOfRange(t *testing.T) {
	srv := pagingserver.New()
	c := newClient(t, srv)
	_, err := pages.NewListEventsPaginator(c, api.ListEventsParams{}, limit(pagingserver.MaxPageSize+1)).NextPage(context.Background())
	if !errors.Is(err, pages.ErrInvalidParams) {
		t.Fatalf("err = %v, want ErrInvalidParams", err)
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("%d requests", n)
	}
}

// A feed whose has_more false means "nothing more yet": Follow lists what
// there is, waits, and goes on from the last customer when more arrive,
// each customer once; the walk ends when ctx does.
func TestListCustomerFeedFollow(t *testing.T) {
	srv := pagingserver.New()
	want := srv.AddCustomers(3)
	c := newClient(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var got []string
	for cus, err := range pages.ListCustomerFeedFollow(ctx, c, api.ListCustomerFeedParams{}, 5*time.Millisecond, limit(2)) {
		if err != nil {
			t.Fatalf("after %v: %v", got, err)
		}
		got = append(got, cus.ID)
		if len(got) == 3 {
			want = srv.AddCustomers(2) // arrive while the walk waits
		}
		if len(got) == 5 {
			break
		}
	}
	faultmatrix.ExactlyOnce(t, got, want)
	var sent []string
	for _, call := range srv.Calls() {
		sent = append(sent, call.Query["starting_after"])
	}
	// The first pass ends on has_more false after want[2]; the walk then
	// goes on after want[2], where the new customers are.
	if !slices.Equal(sent, []string{"", want[1], want[2]}) {
		t.Errorf("starting_after sent %q, want none, %s, %s", sent, want[1], want[2])
	}
}
