package mws_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/mws"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
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

// newClient returns a client of srv, served for t, and checks that t
// leaves no goroutine behind.
func newClient(t *testing.T, srv *mwsserver.Server, opts ...mws.ClientOption) *mws.Client {
	t.Helper()
	return faultmatrix.NewClient(t, mws.NewClient, faultmatrix.Serve(t, srv), opts...)
}

func TestOrdersEveryItemOnce(t *testing.T) {
	srv := mwsserver.New()
	want := srv.AddOrders(230)
	c := newClient(t, srv)
	got := faultmatrix.Collect(t, c.ListOrdersAll(context.Background(), &mws.ListOrdersParams{SellerID: seller}, limit(40), fast),
		func(o mws.Order) string { return o.AmazonOrderID })
	faultmatrix.ExactlyOnce(t, got, want)
	// 230 orders in pages of 40: ListOrders once, then ByNextToken for the other 5 pages.
	if n := srv.Calls("ListOrders"); n != 1 {
		t.Errorf("ListOrders called %d times, want 1", n)
	}
	if n := srv.Calls("ListOrdersByNextToken"); n != 5 {
		t.Errorf("ListOrdersByNextToken called %d times, want 5", n)
	}
}

// TestPagesCarryTheirResponse checks that a page hands over the response
// it was read from: ListOrders' for the first page, ListOrdersByNextToken's
// for the others, each with the request id MWS put beside the orders.
func TestPagesCarryTheirResponse(t *testing.T) {
	srv := mwsserver.New()
	srv.AddOrders(25)
	c := newClient(t, srv)
	p := mws.NewListOrdersPaginator(c, &mws.ListOrdersParams{SellerID: seller}, limit(10), fast)
	for i := 0; p.HasMorePages(); i++ {
		pg, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var requestID string
		switch {
		case i == 0 && pg.Response != nil && pg.NextResponse == nil:
			requestID = pg.Response.Body.ResponseMetadata.RequestID
			if pg.Response.Body.ListOrdersResult.NextToken == nil {
				t.Error("first page's response has no NextToken")
			}
		case i > 0 && pg.Response == nil && pg.NextResponse != nil:
			requestID = pg.NextResponse.Body.ResponseMetadata.RequestID
		default:
			t.Fatalf("page %d: Response %v, NextResponse %v", i, pg.Response, pg.NextResponse)
		}
		if requestID == "" {
			t.Errorf("page %d: no request id in its response", i)
		}
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
	faultmatrix.ExactlyOnce(t, got, want)
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
	got := faultmatrix.Collect(t, c.ListCustomersAll(context.Background(), &mws.ListCustomersParams{SellerID: seller}, fast),
		func(cu mws.Customer) string { return cu.CustomerID })
	faultmatrix.ExactlyOnce(t, got, want)
}

// tamperFirstToken corrupts the NextToken of the first continuation call,
// as a caller that mangled a saved token would.
func tamperFirstToken() mws.ClientOption {
	return mws.WithRequestEditor(faultmatrix.Editor(faultmatrix.InForm("NextToken"),
		faultmatrix.TokenEdit{Nth: 1, Edit: func(tok string) string { return "x" + tok[1:] }}))
}

func TestCorruptedTokenRestartsWithoutRepeats(t *testing.T) {
	srv := mwsserver.New()
	want := srv.AddOrders(90)
	c := newClient(t, srv, tamperFirstToken())
	got := faultmatrix.Collect(t, c.ListOrdersAll(context.Background(), &mws.ListOrdersParams{SellerID: seller}, limit(30), fast),
		func(o mws.Order) string { return o.AmazonOrderID })
	faultmatrix.ExactlyOnce(t, got, want)
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
	got := faultmatrix.Collect(t, c.ListOrdersAll(context.Background(), &mws.ListOrdersParams{SellerID: seller}, limit(25), fast),
		func(o mws.Order) string { return o.AmazonOrderID })
	faultmatrix.ExactlyOnce(t, got, want)
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
	faultmatrix.ExactlyOnce(t, got, first)
	resume := p.ResumeToken()
	if resume == "" {
		t.Fatal("ResumeToken is empty after MoreResultsAvailable=false; want the token to resume from")
	}

	later := srv.AddCustomers(8)
	got = faultmatrix.Collect(t, c.ListCustomersAll(ctx, &mws.ListCustomersParams{SellerID: seller}, fast, func(o *mws.PaginatorOptions) { o.StartToken = resume }),
		func(cu mws.Customer) string { return cu.CustomerID })
	faultmatrix.ExactlyOnce(t, got, later)
}

func TestFollowResumesWhenNewResultsArrive(t *testing.T) {
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
	faultmatrix.ExactlyOnce(t, got, want)
}

func TestCancelStopsAtOnce(t *testing.T) {
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

func TestListFiltersUseMWSNumbering(t *testing.T) {
	srv := mwsserver.New()
	all := srv.AddOrders(40)
	c := newClient(t, srv)
	got := faultmatrix.Collect(t, c.ListOrdersAll(context.Background(), &mws.ListOrdersParams{
		SellerID:      seller,
		MarketplaceID: []string{mwsserver.MarketplaceCA},
	}, limit(3), fast), func(o mws.Order) string { return o.AmazonOrderID })
	// Every fourth order is in the CA marketplace.
	var want []string
	for i := 3; i < len(all); i += 4 {
		want = append(want, all[i])
	}
	faultmatrix.ExactlyOnce(t, got, want)
	if p := srv.Log()[0].Params; p.Get("MarketplaceId.Id.1") != mwsserver.MarketplaceCA {
		t.Errorf("first request sent %v, want MarketplaceId.Id.1", p)
	}
}
