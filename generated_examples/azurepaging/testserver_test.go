package azurepaging_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/azurecustomurl"
	"github.com/pagegen/pagegen/generated_examples/azurepaging"
	"github.com/pagegen/pagegen/generator"
	"github.com/pagegen/pagegen/testdata/autorest"
)

// These tests walk every paging scenario of the AutoRest test server (its
// legacy/routes/paging.js and dist/test-routes/paging.js) with the clients
// pagegen generates from the server's own swagger files, then read the
// server's coverage report and want every paging counter above 0.

func TestMain(m *testing.M) { autorest.Main(m) }

// clients are the two generated clients of one server.
type clients struct {
	paging *azurepaging.Client
	custom *azurecustomurl.Client
}

// scenario is one paging scenario of the server: what to call and what to
// get back. counter is the coverage counter it moves, "" for the one
// scenario the server does not count.
type scenario struct {
	name    string
	counter string
	run     func(ctx context.Context, c clients) error
}

// ids are the ids of products, in order.
func ids[T any](items iter.Seq2[T, error], id func(T) int64) ([]int64, error) {
	var out []int64
	for it, err := range items {
		if err != nil {
			return out, err
		}
		out = append(out, id(it))
	}
	return out, nil
}

func pagingID(p azurepaging.Product) int64 {
	if p.Properties == nil || p.Properties.ID == nil {
		return -1
	}
	return *p.Properties.ID
}

func customID(p azurecustomurl.Product) int64 {
	if p.Properties == nil || p.Properties.ID == nil {
		return -1
	}
	return *p.Properties.ID
}

// want compares the ids a walk returned with the ids expected, and
// reports the walk's error first.
func want(got []int64, err error, expected ...int64) error {
	if err != nil {
		return fmt.Errorf("after %v: %w", got, err)
	}
	if !slices.Equal(got, expected) {
		return fmt.Errorf("got ids %v, want %v", got, expected)
	}
	return nil
}

// wantAPIError wants a walk that returned the ids expected and then failed
// with an *APIError of status.
func wantAPIError(got []int64, err error, status int, expected ...int64) error {
	if !slices.Equal(got, expected) {
		return fmt.Errorf("got ids %v before the error, want %v (error: %v)", got, expected, err)
	}
	var apiErr *azurepaging.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
		return fmt.Errorf("got error %v, want an *APIError with status %d", err, status)
	}
	return nil
}

// span returns the ids from..to.
func span(from, to int64) []int64 {
	var out []int64
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

var scenarios = []scenario{
	{"NoItemName", "PagingNoItemName", func(ctx context.Context, c clients) error {
		got, err := ids(c.paging.PagingGetNoItemNamePagesAll(ctx, nil), pagingID)
		return want(got, err, 1)
	}},
	{"NextLinkNameNull", "PagingNextLinkNameNull", func(ctx context.Context, c clients) error {
		// nextLinkName: null declares one page: a plain call, whose
		// response's next link (to a page that does not exist) is not followed.
		out, err := c.paging.PagingGetNullNextLinkNamePages(ctx, nil)
		if err != nil {
			return err
		}
		var got []int64
		for _, p := range out.Body.Values {
			got = append(got, pagingID(p))
		}
		return want(got, nil, 1)
	}},
	{"Single", "PagingSingle", func(ctx context.Context, c clients) error {
		got, err := ids(c.paging.PagingGetSinglePagesAll(ctx, nil), pagingID)
		return want(got, err, 1)
	}},
	{"SingleWithBodyParams", "PagingSingleWithBodyParams", func(ctx context.Context, c clients) error {
		params := &azurepaging.PagingGetSinglePagesWithBodyParamsParams{Body: &azurepaging.BodyParam{Name: azurepaging.Ptr("body")}}
		got, err := ids(c.paging.PagingGetSinglePagesWithBodyParamsAll(ctx, params), pagingID)
		return want(got, err, 1)
	}},
	{"FirstResponseEmpty", "PagingFirstResponseEmpty", func(ctx context.Context, c clients) error {
		// The first page is empty and carries a relative next link.
		var sizes []int
		for pg, err := range c.paging.PagingFirstResponseEmptyPages(ctx, nil) {
			if err != nil {
				return err
			}
			sizes = append(sizes, len(pg.Items))
		}
		if !slices.Equal(sizes, []int{0, 1}) {
			return fmt.Errorf("got pages of %v items, want [0 1]", sizes)
		}
		return nil
	}},
	{"Multiple", "PagingMultiple", func(ctx context.Context, c clients) error {
		got, err := ids(c.paging.PagingGetMultiplePagesAll(ctx, nil), pagingID)
		return want(got, err, span(1, 10)...)
	}},
	{"MultipleWithQueryParameters", "PagingMultipleWithQueryParameters", func(ctx context.Context, c clients) error {
		// The continuation operation gets its own constant query parameter.
		params := &azurepaging.PagingGetWithQueryParamsParams{RequiredQueryParameter: 100}
		got, err := ids(c.paging.PagingGetWithQueryParamsAll(ctx, params), pagingID)
		return want(got, err, 1, 2)
	}},
	{"DuplicateParameters", "PagingDuplicateParameters", func(ctx context.Context, c clients) error {
		// The next link carries its own $filter, which replaces the caller's.
		params := &azurepaging.PagingDuplicateParamsParams{Filter: azurepaging.Ptr("foo")}
		got, err := ids(c.paging.PagingDuplicateParamsAll(ctx, params), pagingID)
		return want(got, err, 1)
	}},
	{"DontSendMaxPageSize", "PagingDontSendMaxPageSize", func(ctx context.Context, c clients) error {
		got, err := ids(c.paging.PagingPageWithMaxPageSizeAll(ctx, nil), pagingID)
		return want(got, err)
	}},
	{"OdataMultiple", "PagingOdataMultiple", func(ctx context.Context, c clients) error {
		got, err := ids(c.paging.PagingGetOdataMultiplePagesAll(ctx, nil), pagingID)
		return want(got, err, span(1, 10)...)
	}},
	{"MultiplePath", "PagingMultiplePath", func(ctx context.Context, c clients) error {
		params := &azurepaging.PagingGetMultiplePagesWithOffsetParams{Offset: 100}
		got, err := ids(c.paging.PagingGetMultiplePagesWithOffsetAll(ctx, params), pagingID)
		return want(got, err, append([]int64{1}, span(102, 110)...)...)
	}},
	{"MultipleRetryFirst", "PagingMultipleRetryFirst", func(ctx context.Context, c clients) error {
		// The first call fails with a 500 and is retried.
		got, err := ids(c.paging.PagingGetMultiplePagesRetryFirstAll(ctx, nil), pagingID)
		return want(got, err, span(1, 10)...)
	}},
	{"MultipleRetrySecond", "PagingMultipleRetrySecond", func(ctx context.Context, c clients) error {
		// The second page fails with a 500 and is retried; it holds id 1 again.
		got, err := ids(c.paging.PagingGetMultiplePagesRetrySecondAll(ctx, nil), pagingID)
		return want(got, err, append([]int64{1, 1}, span(3, 10)...)...)
	}},
	{"SingleFailure", "PagingSingleFailure", func(ctx context.Context, c clients) error {
		got, err := ids(c.paging.PagingGetSinglePagesFailureAll(ctx, nil), pagingID)
		return wantAPIError(got, err, http.StatusBadRequest)
	}},
	{"MultipleFailure", "PagingMultipleFailure", func(ctx context.Context, c clients) error {
		got, err := ids(c.paging.PagingGetMultiplePagesFailureAll(ctx, nil), pagingID)
		return wantAPIError(got, err, http.StatusBadRequest, 1)
	}},
	{"MultipleFailureUri", "PagingMultipleFailureUri", func(ctx context.Context, c clients) error {
		// The next link is "*&*#&$": the walk ends with an error after the
		// first page, whatever the error.
		got, err := ids(c.paging.PagingGetMultiplePagesFailureURIAll(ctx, nil), pagingID)
		if err == nil || !slices.Equal(got, []int64{1}) {
			return fmt.Errorf("got ids %v and error %v, want [1] and an error", got, err)
		}
		return nil
	}},
	{"Fragment", "PagingFragment", func(ctx context.Context, c clients) error {
		// The next link "next?page=2" goes unescaped into the path of the
		// continuation operation, which adds its own api_version.
		params := &azurepaging.PagingGetMultiplePagesFragmentNextLinkParams{APIVersion: "1.6", Tenant: "test_user"}
		got, err := ids(c.paging.PagingGetMultiplePagesFragmentNextLinkAll(ctx, params), pagingID)
		return want(got, err, span(1, 10)...)
	}},
	{"FragmentWithGrouping", "", func(ctx context.Context, c clients) error {
		params := &azurepaging.PagingGetMultiplePagesFragmentWithGroupingNextLinkParams{APIVersion: "1.6", Tenant: "test_user"}
		got, err := ids(c.paging.PagingGetMultiplePagesFragmentWithGroupingNextLinkAll(ctx, params), pagingID)
		return want(got, err, span(1, 10)...)
	}},
	{"MultipleLRO", "PagingMultipleLRO", func(ctx context.Context, c clients) error {
		// A 202 whose Azure-AsyncOperation is polled until it succeeds;
		// the pages then start at its Location.
		got, err := ids(c.paging.PagingGetMultiplePagesLROAll(ctx, nil), pagingID)
		return want(got, err, span(1, 10)...)
	}},
	{"ApiVersionAppend", "PagingWithApiVersionAppend", func(ctx context.Context, c clients) error {
		params := &azurepaging.PagingAppendAPIVersionParams{APIVersion: "1.0.0"}
		got, err := ids(c.paging.PagingAppendAPIVersionAll(ctx, params), pagingID)
		return want(got, err, 1)
	}},
	{"ApiVersionReplace", "PagingWithApiVersionReplace", func(ctx context.Context, c clients) error {
		params := &azurepaging.PagingReplaceAPIVersionParams{APIVersion: "1.0.0"}
		got, err := ids(c.paging.PagingReplaceAPIVersionAll(ctx, params), pagingID)
		return want(got, err, 1)
	}},
	{"EmptyNextLink", "PagingEmptyNextLink", func(ctx context.Context, c clients) error {
		got, err := ids(c.paging.PagingGetEmptyNextLinkNamePagesAll(ctx, nil), pagingID)
		return want(got, err, 1)
	}},
	{"ReturnModelWithXMSClientName", "PagingReturnModelWithXMSClientName", func(ctx context.Context, c clients) error {
		got, err := ids(c.paging.PagingGetPagingModelWithItemNameWithXMSClientNameAll(ctx, nil), pagingID)
		return want(got, err, 1)
	}},
	{"CustomUrlPartialNextLink", "PagingCustomUrlPartialNextLink", func(ctx context.Context, c clients) error {
		got, err := ids(c.custom.PagingGetPagesPartialURLAll(ctx, nil), customID)
		return want(got, err, 1, 2)
	}},
	{"CustomUrlPartialOperationNextLink", "PagingCustomUrlPartialOperationNextLink", func(ctx context.Context, c clients) error {
		// The next link "partialnextlinkop/page/2" goes unescaped into the
		// continuation operation's path.
		got, err := ids(c.custom.PagingGetPagesPartialURLOperationAll(ctx, nil), customID)
		return want(got, err, 1, 2)
	}},
}

func TestAutoRestPaging(t *testing.T) {
	srv := autorest.ForTest(t)
	checkClientsFresh(t, srv)

	// The retry scenarios hand a scenario cookie to the retried request,
	// as the Azure SDKs' test clients keep cookies.
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	httpClient := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	var c clients
	if c.paging, err = azurepaging.NewClient(srv.URL, azurepaging.WithHTTPClient(httpClient)); err != nil {
		t.Fatal(err)
	}
	if c.custom, err = azurecustomurl.NewClient(srv.URL, azurecustomurl.WithHTTPClient(httpClient)); err != nil {
		t.Fatal(err)
	}

	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			before := pagingCounters(ctx, t, srv)
			if err := sc.run(ctx, c); err != nil {
				t.Error(err)
			}
			if sc.counter != "" && pagingCounters(ctx, t, srv)[sc.counter] <= before[sc.counter] {
				t.Errorf("the server's counter %s did not move: the scenario missed its route", sc.counter)
			}
		})
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	counters := pagingCounters(ctx, t, srv)
	names := slices.Sorted(maps.Keys(counters))
	for _, name := range names {
		if counters[name] == 0 {
			t.Errorf("coverage %s = 0: no scenario exercised it", name)
		}
	}
	t.Logf("%d paging coverage counters, all above 0: %v", len(names), counters)
}

// pagingCounters reads the server's Paging… coverage counters, of the
// azure and optional categories.
func pagingCounters(ctx context.Context, t *testing.T, srv *autorest.Server) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, category := range []string{"azure", "optional"} {
		counters, err := srv.Report(ctx, category)
		if err != nil {
			t.Fatal(err)
		}
		for name, n := range counters {
			if strings.HasPrefix(name, "Paging") {
				out[name] = n
			}
		}
	}
	return out
}

// checkClientsFresh wants the committed clients to be what pagegen
// generates from the swagger files the running server ships, so that the
// test walks the server's own API.
func checkClientsFresh(t *testing.T, srv *autorest.Server) {
	t.Helper()
	for spec, dir := range map[string]string{"paging.json": "azurepaging", "custom-baseUrl-paging.json": "azurecustomurl"} {
		cfg := generator.Config{Specs: []string{filepath.Join(srv.Root, "swagger", spec)}, Package: dir}
		files, _, err := generator.Generate(context.Background(), cfg)
		if err != nil {
			t.Fatalf("generating from the server's %s: %v", spec, err)
		}
		diff, err := generator.Check(filepath.Join("..", dir), files)
		if err != nil {
			t.Fatal(err)
		}
		if diff != "" {
			t.Errorf("generated_examples/%s differs from what the server's swagger/%s generates:\n%s", dir, spec, diff)
		}
	}
}
