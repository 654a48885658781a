package mws_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/mws"
	"github.com/pagegen/pagegen/testdata/mwsserver"
)

const seller = "A2SELLER"

// fast keeps retries quick: the emulator sends no Retry-After by default.
func fast(o *mws.PaginatorOptions) {
	o.Retry.BaseDelay = time.Millisecond
	o.Retry.MaxDelay = 10 * time.Millisecond
}

func limit(n int32) func(*mws.PaginatorOptions) {
	return func(o *mws.PaginatorOptions) { o.Limit = n }
}

func newClient(t *testing.T, srv *mwsserver.Server, opts ...mws.ClientOption) *mws.Client {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	c, err := mws.NewClient(ts.URL, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// collect ranges over seq and returns the keys in order, failing on error.
func collect[T any](t *testing.T, seq func(func(T, error) bool), key func(T) string) []string {
	t.Helper()
	var got []string
	for item, err := range seq {
		if err != nil {
			t.Fatalf("walk failed after %d items: %v", len(got), err)
		}
		got = append(got, key(item))
	}
	return got
}

// exactlyOnce fails unless got is want, in order, with no repeats.
func exactlyOnce(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d items, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("item %d: got %s, want %s", i, got[i], want[i])
		}
	}
}

// noLeak fails if goroutines started during the test are still running.
func noLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(2 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			buf := make([]byte, 1<<16)
			t.Errorf("%d goroutines left running:\n%s", n-before, buf[:runtime.Stack(buf, true)])
		}
	})
}

func TestOrdersEveryItemOnce(t *testing.T) {
	srv := mwsserver.New()
	want := srv.AddOrders(230)
	c := newClient(t, srv)
	got := collect(t, c.ListOrdersAll(context.Background(), &mws.ListOrdersParams{SellerID: seller}, limit(40), fast),
		func(o mws.Order) string { return o.AmazonOrderID })
	exactlyOnce(t, got, want)
	// 230 orders in pages of 40: ListOrders once, then ByNextToken for the other 5 pages.
	if n := srv.Calls("ListOrders"); n != 1 {
		t.Errorf("ListOrders called %d times, want 1", n)
	}
	if n := srv.Calls("ListOrdersByNextToken"); n != 5 {
		t.Errorf("ListOrdersByNextToken called %d times, want 5", n)
	}
}

func TestReportsEndOnHasNext(t *testing.T) {
	srv := mwsserver.New()
	want := srv.AddReports(25)
	c := newClient(t, srv)
	var pages int
	var got []string
	for page, err := range c.GetReportListPages(context.Background(), &mws.GetReportListParams{SellerID: seller}, limit(10), fast) {
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, r := range page.Items {
			got = append(got, r.ReportID)
		}
	}
	exactlyOnce(t, got, want)
	if pages != 3 {
		t.Errorf("%d pages, want 3", pages)
	}
	if n := srv.Calls("GetReportListByNextToken"); n != 2 {
		t.Errorf("GetReportListByNextToken called %d times, want 2", n)
	}
}

func TestCustomersEveryItemOnce(t *testing.T) {
	srv := mwsserver.New(mwsserver.WithCustomersPageSize(7))
	want := srv.AddCustomers(30)
	c := newClient(t, srv)
	got := collect(t, c.ListCustomersAll(context.Background(), &mws.ListCustomersParams{SellerID: seller}, fast),
		func(cu mws.Customer) string { return cu.CustomerID })
	exactlyOnce(t, got, want)
}

// tamperFirstToken corrupts the NextToken of the first continuation call,
// as a caller that mangled a saved token would.
func tamperFirstToken() mws.ClientOption {
	done := false
	return mws.WithRequestEditor(func(_ context.Context, r *http.Request) error {
		if done || r.Body == nil {
			return nil
		}
		body, err := readAll(r)
		if err != nil {
			return err
		}
		form, err := url.ParseQuery(body)
		if err != nil {
			return err
		}
		if tok := form.Get("NextToken"); tok != "" {
			form.Set("NextToken", "x"+tok[1:])
			body = form.Encode()
			done = true
		}
		setBody(r, body)
		return nil
	})
}

func TestCorruptedTokenRestartsWithoutRepeats(t *testing.T) {
	srv := mwsserver.New()
	want := srv.AddOrders(90)
	c := newClient(t, srv, tamperFirstToken())
	got := collect(t, c.ListOrdersAll(context.Background(), &mws.ListOrdersParams{SellerID: seller}, limit(30), fast),
		func(o mws.Order) string { return o.AmazonOrderID })
	exactlyOnce(t, got, want)
	if n := srv.Calls("ListOrders"); n != 2 {
		t.Errorf("ListOrders called %d times, want 2 (the walk restarts after NextTokenCorrupted)", n)
	}
	var corrupted int
	for _, call := range srv.Log() {
		if call.ErrorCode == "NextTokenCorrupted" {
			corrupted++
		}
	}
	if corrupted != 1 {
		t.Errorf("%d NextTokenCorrupted answers, want 1", corrupted)
	}
}

func TestExpiredTokensRestartUpToMaxRestarts(t *testing.T) {
	srv := mwsserver.New()
	srv.AddOrders(60)
	c := newClient(t, srv)
	p := mws.NewListOrdersPaginator(c, &mws.ListOrdersParams{SellerID: seller}, limit(20), fast, func(o *mws.PaginatorOptions) { o.MaxRestarts = 1 })
	ctx := context.Background()
	if _, err := p.NextPage(ctx); err != nil {
		t.Fatal(err)
	}
	// Every token dies before it is used: one restart is allowed, then the walk gives up.
	srv.InvalidateTokens()
	if _, err := p.NextPage(ctx); err != nil {
		t.Fatalf("first restart should succeed: %v", err)
	}
	srv.InvalidateTokens()
	_, err := p.NextPage(ctx)
	if !errors.Is(err, mws.ErrTooManyRestarts) {
		t.Fatalf("err = %v, want ErrTooManyRestarts", err)
	}
	var apiErr *mws.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "NextTokenCorrupted" {
		t.Fatalf("err = %v, want it to wrap the NextTokenCorrupted APIError", err)
	}
}

func TestThrottlingIsRetried(t *testing.T) {
	srv := mwsserver.New(mwsserver.WithRetryAfter("0"))
	want := srv.AddOrders(50)
	srv.Throttle(2)
	c := newClient(t, srv)
	got := collect(t, c.ListOrdersAll(context.Background(), &mws.ListOrdersParams{SellerID: seller}, limit(25), fast),
		func(o mws.Order) string { return o.AmazonOrderID })
	exactlyOnce(t, got, want)
	if n := srv.Calls("ListOrders"); n != 3 {
		t.Errorf("ListOrders called %d times, want 3 (two throttled, one served)", n)
	}
}

func TestThrottlingGivesUpWithAPIError(t *testing.T) {
	srv := mwsserver.New()
	srv.AddOrders(5)
	srv.Throttle(10)
	c := newClient(t, srv)
	p := mws.NewListOrdersPaginator(c, &mws.ListOrdersParams{SellerID: seller}, fast, func(o *mws.PaginatorOptions) { o.Retry.MaxAttempts = 4 })
	_, err := p.NextPage(context.Background())
	var apiErr *mws.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want an *APIError", err)
	}
	if apiErr.StatusCode != http.StatusServiceUnavailable || apiErr.Code != "RequestThrottled" || apiErr.RequestID == "" {
		t.Errorf("APIError = %+v, want 503 RequestThrottled with a request id", apiErr)
	}
	if n := srv.Calls("ListOrders"); n != 4 {
		t.Errorf("%d attempts, want 4", n)
	}
}

func TestMoreResultsAvailableStopsNowAndResumesLater(t *testing.T) {
	srv := mwsserver.New(mwsserver.WithCustomersPageSize(5))
	first := srv.AddCustomers(12)
	c := newClient(t, srv)
	ctx := context.Background()
	p := mws.NewListCustomersPaginator(c, &mws.ListCustomersParams{SellerID: seller}, fast)
	var got []string
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, cu := range page.Items {
			got = append(got, cu.CustomerID)
		}
	}
	exactlyOnce(t, got, first)
	resume := p.ResumeToken()
	if resume == "" {
		t.Fatal("ResumeToken is empty after MoreResultsAvailable=false; want the token to resume from")
	}

	later := srv.AddCustomers(8)
	got = collect(t, c.ListCustomersAll(ctx, &mws.ListCustomersParams{SellerID: seller}, fast, func(o *mws.PaginatorOptions) { o.StartToken = resume }),
		func(cu mws.Customer) string { return cu.CustomerID })
	exactlyOnce(t, got, later)
}

func TestFollowResumesWhenNewResultsArrive(t *testing.T) {
	noLeak(t)
	srv := mwsserver.New(mwsserver.WithCustomersPageSize(4))
	want := srv.AddCustomers(6)
	c := newClient(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var got []string
	for cu, err := range c.ListCustomersFollow(ctx, &mws.ListCustomersParams{SellerID: seller}, 5*time.Millisecond, fast) {
		if err != nil {
			t.Fatalf("after %d customers: %v", len(got), err)
		}
		got = append(got, cu.CustomerID)
		if len(got) == 6 {
			// Caught up: more customers arrive while Follow waits.
			want = append(want, srv.AddCustomers(5)...)
		}
		if len(got) == len(want) && len(got) > 6 {
			break
		}
	}
	exactlyOnce(t, got, want)
}

func TestCancelStopsAtOnce(t *testing.T) {
	noLeak(t)
	srv := mwsserver.New()
	srv.AddOrders(100)
	c := newClient(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n int
	var last error
	for _, err := range c.ListOrdersAll(ctx, &mws.ListOrdersParams{SellerID: seller}, limit(10), fast, func(o *mws.PaginatorOptions) { o.Prefetch = true }) {
		if err != nil {
			last = err
			break
		}
		n++
		if n == 15 {
			cancel()
		}
	}
	if !errors.Is(last, context.Canceled) {
		t.Fatalf("walk ended with %v after %d items, want context.Canceled", last, n)
	}
	if n > 20 {
		t.Errorf("%d items after cancelling at 15: the walk did not stop at once", n)
	}
	calls := srv.Calls("ListOrders") + srv.Calls("ListOrdersByNextToken")
	if calls > 3 {
		t.Errorf("%d calls; cancelling during page 2 should stop by page 3", calls)
	}
}

func TestLimitOutsideBoundsIsRefusedBeforeAnyRequest(t *testing.T) {
	srv := mwsserver.New()
	c := newClient(t, srv)
	_, err := mws.NewListOrdersPaginator(c, &mws.ListOrdersParams{SellerID: seller}, limit(101)).NextPage(context.Background())
	if !errors.Is(err, mws.ErrInvalidParams) || !strings.Contains(err.Error(), "MaxResultsPerPage") {
		t.Fatalf("err = %v, want ErrInvalidParams naming MaxResultsPerPage", err)
	}
	if len(srv.Log()) != 0 {
		t.Errorf("%d requests sent; want none", len(srv.Log()))
	}
}

func readAll(r *http.Request) (string, error) {
	b, err := io.ReadAll(r.Body)
	r.Body.Close()
	return string(b), err
}

func setBody(r *http.Request, body string) {
	r.Body = io.NopCloser(strings.NewReader(body))
	r.ContentLength = int64(len(body))
}

func TestListFiltersUseMWSNumbering(t *testing.T) {
	srv := mwsserver.New()
	all := srv.AddOrders(40)
	c := newClient(t, srv)
	got := collect(t, c.ListOrdersAll(context.Background(), &mws.ListOrdersParams{
		SellerID:      seller,
		MarketplaceID: []string{mwsserver.MarketplaceCA},
	}, limit(3), fast), func(o mws.Order) string { return o.AmazonOrderID })
	// Every fourth order is in the CA marketplace.
	var want []string
	for i := 3; i < len(all); i += 4 {
		want = append(want, all[i])
	}
	exactlyOnce(t, got, want)
	if p := srv.Log()[0].Params; p.Get("MarketplaceId.Id.1") != mwsserver.MarketplaceCA {
		t.Errorf("first request sent %v, want MarketplaceId.Id.1", p)
	}
}
