package mws_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/mws"
)

// memoryOrders serves ListOrders pages from memory, with an optional fixed
// latency per call: the benchmarks measure the paginator, not HTTP.
type memoryOrders struct {
	pages   [][]mws.Order
	latency time.Duration
}

func newMemoryOrders(pages, perPage int, latency time.Duration) *memoryOrders {
	m := &memoryOrders{latency: latency}
	for p := range pages {
		page := make([]mws.Order, perPage)
		for i := range page {
			page[i].AmazonOrderID = fmt.Sprintf("%03d-%07d", p, i)
		}
		m.pages = append(m.pages, page)
	}
	return m
}

// result returns page i and the token of page i+1.
func (m *memoryOrders) result(ctx context.Context, i int) (mws.ListOrdersResult, error) {
	if m.latency > 0 {
		select {
		case <-time.After(m.latency):
		case <-ctx.Done():
			return mws.ListOrdersResult{}, ctx.Err()
		}
	}
	r := mws.ListOrdersResult{Orders: m.pages[i]}
	if i+1 < len(m.pages) {
		r.NextToken = mws.Ptr(strconv.Itoa(i + 1))
	}
	return r, nil
}

func (m *memoryOrders) ListOrders(ctx context.Context, _ *mws.ListOrdersParams) (*mws.ListOrdersResponse, error) {
	r, err := m.result(ctx, 0)
	if err != nil {
		return nil, err
	}
	return &mws.ListOrdersResponse{Body: &mws.ListOrdersResponseBody{ListOrdersResult: r}}, nil
}

func (m *memoryOrders) ListOrdersByNextToken(ctx context.Context, p *mws.ListOrdersByNextTokenParams) (*mws.ListOrdersByNextTokenResponse, error) {
	i, err := strconv.Atoi(p.NextToken)
	if err != nil {
		return nil, err
	}
	r, err := m.result(ctx, i)
	if err != nil {
		return nil, err
	}
	return &mws.ListOrdersByNextTokenResponse{Body: &mws.ListOrdersByNextTokenResponseBody{
		ListOrdersByNextTokenResult: mws.ListOrdersByNextTokenResult{Orders: r.Orders, NextToken: r.NextToken},
	}}, nil
}

const (
	benchPages   = 100
	benchPerPage = 100
)

// BenchmarkWalkPaginatorAll walks every order with the generated
// paginator (retry, restart and cycle bookkeeping included) over an
// in-memory ListOrdersAPIClient.
func BenchmarkWalkPaginatorAll(b *testing.B) {
	api := newMemoryOrders(benchPages, benchPerPage, 0)
	ctx := context.Background()
	measureWalks(b, func() int {
		p := mws.NewListOrdersPaginator(api, &mws.ListOrdersParams{SellerID: seller})
		n := 0
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				b.Fatal(err)
			}
			n += len(page.Items)
		}
		return n
	})
}

// xmlDoer answers ListOrders and ListOrdersByNextToken calls from
// pre-encoded XML pages: the HTTP client's own work (building the request,
// decoding XML) is in the measurement, the network is not.
type xmlDoer struct {
	first []byte
	byTok map[string][]byte
}

func newXMLDoer(b *testing.B, api *memoryOrders) *xmlDoer {
	d := &xmlDoer{byTok: map[string][]byte{}}
	for i := range api.pages {
		r, _ := api.result(context.Background(), i)
		var body []byte
		var err error
		if i == 0 {
			body, err = xml.Marshal(mws.ListOrdersResponseBody{ListOrdersResult: r})
			d.first = body
		} else {
			body, err = xml.Marshal(mws.ListOrdersByNextTokenResponseBody{
				ListOrdersByNextTokenResult: mws.ListOrdersByNextTokenResult{Orders: r.Orders, NextToken: r.NextToken},
			})
			d.byTok[strconv.Itoa(i)] = body
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	return d
}

func (d *xmlDoer) Do(r *http.Request) (*http.Response, error) {
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	body := d.first
	if tok := r.PostForm.Get("NextToken"); tok != "" {
		body = d.byTok[tok]
	}
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"text/xml"}},
		Body:       io.NopCloser(bytes.NewReader(body)),
	}, nil
}

// BenchmarkClientAll ranges over every order with the generated
// ListOrdersAll, through the generated client and an in-memory transport.
func BenchmarkClientAll(b *testing.B) {
	c, err := mws.NewClient("https://mws.example", mws.WithHTTPClient(newXMLDoer(b, newMemoryOrders(benchPages, benchPerPage, 0))))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	measureWalks(b, func() int {
		n := 0
		for _, err := range c.ListOrdersAll(ctx, &mws.ListOrdersParams{SellerID: seller}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		return n
	})
}

// BenchmarkClientHandWritten is the same walk written by hand against the
// same client and transport.
func BenchmarkClientHandWritten(b *testing.B) {
	c, err := mws.NewClient("https://mws.example", mws.WithHTTPClient(newXMLDoer(b, newMemoryOrders(benchPages, benchPerPage, 0))))
	if err != nil {
		b.Fatal(err)
	}
	benchHandWritten(b, c)
}

// BenchmarkWalkHandWritten is the loop a person writes without pagegen:
// call, read the token, call the continuation — no retry, no restart, no
// cycle detection. It is the floor the generated walk is measured against.
func BenchmarkWalkHandWritten(b *testing.B) {
	benchHandWritten(b, newMemoryOrders(benchPages, benchPerPage, 0))
}

func benchHandWritten(b *testing.B, api mws.ListOrdersAPIClient) {
	ctx := context.Background()
	measureWalks(b, func() int {
		out, err := api.ListOrders(ctx, &mws.ListOrdersParams{SellerID: seller})
		if err != nil {
			b.Fatal(err)
		}
		n := len(out.Body.ListOrdersResult.Orders)
		token := out.Body.ListOrdersResult.NextToken
		for token != nil {
			next, err := api.ListOrdersByNextToken(ctx, &mws.ListOrdersByNextTokenParams{SellerID: seller, NextToken: *token})
			if err != nil {
				b.Fatal(err)
			}
			n += len(next.Body.ListOrdersByNextTokenResult.Orders)
			token = next.Body.ListOrdersByNextTokenResult.NextToken
		}
		return n
	})
}

// measureWalks runs walk, which must return the number of items it saw, in
// the benchmark loop and reports ns/item and allocs/item beside the
// per-walk figures.
func measureWalks(b *testing.B, walk func() int) {
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	walks := 0
	for b.Loop() {
		if n := walk(); n != benchPages*benchPerPage {
			b.Fatalf("walked %d items, want %d", n, benchPages*benchPerPage)
		}
		walks++
	}
	runtime.ReadMemStats(&after)
	items := float64(walks * benchPages * benchPerPage)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/items, "ns/item")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/items, "allocs/item")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/items, "B/item")
}

// longOrders serves n orders in pages of longPage from one page it fills
// again for every call, with distinct order IDs cut from one string: the
// API itself allocates nothing an item, so what a walk allocates and keeps
// is the paginator's.
type longOrders struct {
	n    int
	page []mws.Order
	ids  string
}

const longPage = 1000

func newLongOrders(n int) *longOrders {
	ids := make([]byte, n+19)
	x := uint64(88172645463325252)
	for i := range ids {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		ids[i] = 'A' + byte(x%26)
	}
	return &longOrders{n: n, page: make([]mws.Order, longPage), ids: string(ids)}
}

func (l *longOrders) result(from int) mws.ListOrdersResult {
	to := min(from+longPage, l.n)
	orders := l.page[:to-from]
	for i := range orders {
		orders[i].AmazonOrderID = l.ids[from+i : from+i+19] // 19 letters: 26^19 IDs
	}
	r := mws.ListOrdersResult{Orders: orders}
	if to < l.n {
		r.NextToken = mws.Ptr(strconv.Itoa(to))
	}
	return r
}

func (l *longOrders) ListOrders(context.Context, *mws.ListOrdersParams) (*mws.ListOrdersResponse, error) {
	return &mws.ListOrdersResponse{Body: &mws.ListOrdersResponseBody{ListOrdersResult: l.result(0)}}, nil
}

func (l *longOrders) ListOrdersByNextToken(_ context.Context, p *mws.ListOrdersByNextTokenParams) (*mws.ListOrdersByNextTokenResponse, error) {
	from, err := strconv.Atoi(p.NextToken)
	if err != nil {
		return nil, err
	}
	r := l.result(from)
	return &mws.ListOrdersByNextTokenResponse{Body: &mws.ListOrdersByNextTokenResponseBody{
		ListOrdersByNextTokenResult: mws.ListOrdersByNextTokenResult{Orders: r.Orders, NextToken: r.NextToken},
	}}, nil
}

// BenchmarkWalkMemory walks 1 and 10 million orders with ListOrdersAll
// and reports what the walk allocates an item and the heap it holds at its
// end (live-B, after a GC, the paginator still alive): the paginator
// remembers a bounded number of pages and items, so both stay flat.
func BenchmarkWalkMemory(b *testing.B) {
	for _, n := range []int{1_000_000, 10_000_000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			api := newLongOrders(n)
			ctx := context.Background()
			var live uint64
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for b.Loop() {
				p := mws.NewListOrdersPaginator(api, &mws.ListOrdersParams{SellerID: seller})
				got := 0
				for p.HasMorePages() {
					page, err := p.NextPage(ctx)
					if err != nil {
						b.Fatal(err)
					}
					got += len(page.Items)
				}
				if got != n {
					b.Fatalf("walked %d items, want %d", got, n)
				}
				b.StopTimer()
				var held runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&held)
				live = max(live, held.HeapAlloc-min(held.HeapAlloc, before.HeapAlloc))
				runtime.KeepAlive(p)
				b.StartTimer()
			}
			runtime.ReadMemStats(&after)
			items := float64(b.N) * float64(n)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/items, "ns/item")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/items, "B/item")
			b.ReportMetric(float64(live), "live-B")
		})
	}
}

// BenchmarkPrefetch walks 20 pages from an API that answers in 2ms while
// the consumer spends 2ms on each page: sequentially that is about 80ms,
// with Prefetch the fetch of page n+1 overlaps the work on page n.
func BenchmarkPrefetch(b *testing.B) {
	for _, prefetch := range []bool{false, true} {
		b.Run(fmt.Sprintf("prefetch=%v", prefetch), func(b *testing.B) {
			api := newMemoryOrders(20, 10, 2*time.Millisecond)
			ctx := context.Background()
			for b.Loop() {
				p := mws.NewListOrdersPaginator(api, &mws.ListOrdersParams{SellerID: seller}, func(o *mws.PaginatorOptions) { o.Prefetch = prefetch })
				for p.HasMorePages() {
					if _, err := p.NextPage(ctx); err != nil {
						b.Fatal(err)
					}
					time.Sleep(2 * time.Millisecond) // the consumer's work on the page
				}
				p.Close()
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/walk")
		})
	}
}
