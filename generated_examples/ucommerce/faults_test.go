package ucommerce_test

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/ucommerce"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
	"github.com/pagegen/pagegen/testdata/faults"
	"github.com/pagegen/pagegen/testdata/ucommerceserver"
)

// The fault matrix of the Ucommerce headless API, run against
// testdata/ucommerceserver: the cells of testdata/faultmatrix, through the
// adapter below, and the cells only Ucommerce has.

type opts = func(*ucommerce.PaginatorOptions)

// env is one cell's emulator, whose default store has faultmatrix.Total
// countries, and a client of it.
type env struct {
	*ucommerceserver.Server
	c    *ucommerce.Client
	want []string
}

// setup starts an emulator and a client whose continuation requests go
// through edits.
func setup(t *testing.T, edits ...faultmatrix.TokenEdit) *env {
	t.Helper()
	srv := ucommerceserver.New()
	want := srv.DefaultStore().AddCountries(faultmatrix.Total)
	c := faultmatrix.NewClient(t, ucommerce.NewClient, faultmatrix.Serve(t, srv), editTokens(edits...))
	return &env{Server: srv, c: c, want: want}
}

// editTokens sends continuation requests through edits.
func editTokens(edits ...faultmatrix.TokenEdit) ucommerce.ClientOption {
	return ucommerce.WithRequestEditor(faultmatrix.Editor(faultmatrix.InQuery("nextPagingToken"), edits...))
}

// asStore sends requests as store st (its bearer token selects it).
func asStore(st *ucommerceserver.Store) ucommerce.ClientOption {
	return ucommerce.WithRequestEditor(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+st.AccessToken())
		return nil
	})
}

func countryID(c ucommerce.Country) string { return c.ID }

func countryIDs(pg *ucommerce.ListCountriesPage) []string {
	return faultmatrix.KeysOf(pg.Items, countryID)
}

func (e *env) Want() []string { return e.want }

// matrix adapts ListCountries and testdata/ucommerceserver to the cells.
func matrix() *faultmatrix.Adapter[ucommerce.PaginatorOptions, *env] {
	return &faultmatrix.Adapter[ucommerce.PaginatorOptions, *env]{
		Setup: setup,
		All: func(e *env, ctx context.Context, o ...opts) iter.Seq2[string, error] {
			return faultmatrix.Keys(e.c.ListCountriesAll(ctx, nil, o...), countryID)
		},
		Pages: func(e *env, ctx context.Context, o ...opts) iter.Seq[error] {
			return faultmatrix.PageErrors(e.c.ListCountriesPages(ctx, nil, o...))
		},
		NewPager: func(e *env, o ...opts) faultmatrix.Pager {
			return faultmatrix.NewPager(ucommerce.NewListCountriesPaginator(e.c, nil, o...), countryIDs)
		},
		FirstToken: func(e *env, ctx context.Context, limit int32) (string, error) {
			out, err := e.c.ListCountries(ctx, &ucommerce.ListCountriesParams{MaxItems: &limit})
			if err != nil || out.Body.NextPagingToken == nil {
				return "", err
			}
			return *out.Body.NextPagingToken, nil
		},
		Fields: func(o *ucommerce.PaginatorOptions) faultmatrix.Fields {
			return faultmatrix.Fields{Limit: &o.Limit, MaxItems: &o.MaxItems, MaxPages: &o.MaxPages, MaxRestarts: &o.MaxRestarts, StartToken: &o.StartToken,
				Prefetch: &o.Prefetch, MaxAttempts: &o.Retry.MaxAttempts, BaseDelay: &o.Retry.BaseDelay, MaxDelay: &o.Retry.MaxDelay}
		},
		Op:           "ListCountries",
		Continuation: ucommerceserver.WithToken(),
		Transient: []faultmatrix.NamedFault{
			{Name: "429_retry_after_seconds", Fault: ucommerceserver.TooManyRequests("1")},
			{Name: "503_retry_after_http_date", Fault: ucommerceserver.ServiceUnavailable(faults.RetryAfterDate(time.Now().Add(time.Hour)))},
			{Name: "500", Fault: ucommerceserver.InternalError()},
		},
		Persistent: faultmatrix.Persistent{
			Name:  "500_persistent/gives_up_after_MaxAttempts",
			Fault: ucommerceserver.InternalError(),
			Check: func(t *testing.T, err error) {
				var apiErr *ucommerce.APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Code != "InternalServerError" {
					t.Fatalf("err = %v, want the 500 APIError", err)
				}
			},
		},
		Throttle: ucommerceserver.TooManyRequests,
		// Expired, tampered and foreign tokens all look alike to Ucommerce.
		CorruptedCode: ucommerceserver.MsgTokenMismatch,
		ExpiredCode:   ucommerceserver.MsgTokenMismatch,
		ErrTokenCycle: ucommerce.ErrTokenCycle, ErrInvalidParams: ucommerce.ErrInvalidParams, ErrTooManyRestarts: ucommerce.ErrTooManyRestarts,
	}
}

func TestFaultMatrix(t *testing.T) {
	a := matrix()
	faultmatrix.Run(t, a)
	a.LimitOutOfBounds(t, "Limit_out_of_bounds", -1, "Limit")
	ctx := context.Background()

	t.Run("mismatched_token/other_store", func(t *testing.T) {
		srv := ucommerceserver.New()
		want := srv.DefaultStore().AddCountries(faultmatrix.Total)
		other := srv.AddStore("other")
		other.AddCountries(faultmatrix.Total)
		url := faultmatrix.Serve(t, srv)
		oc := faultmatrix.NewClient(t, ucommerce.NewClient, url, asStore(other))
		out, err := oc.ListCountries(ctx, &ucommerce.ListCountriesParams{MaxItems: ucommerce.Ptr[int32](faultmatrix.PageSize)})
		if err != nil || out.Body.NextPagingToken == nil {
			t.Fatalf("other store's token: %v", err)
		}
		foreign := *out.Body.NextPagingToken
		c := faultmatrix.NewClient(t, ucommerce.NewClient, url,
			editTokens(faultmatrix.TokenEdit{Nth: 2, Edit: func(string) string { return foreign }}))
		got := faultmatrix.Collect(t, c.ListCountriesAll(ctx, nil, a.Fast, a.Limit(faultmatrix.PageSize)), countryID)
		faultmatrix.ExactlyOnce(t, got, want)
		// The other store's first page, and ours twice.
		if mismatches, firsts := faultmatrix.Answers(srv.Calls(), ucommerceserver.MsgTokenMismatch), faultmatrix.FirstCalls(srv.Calls(), ""); mismatches != 1 || firsts != 3 {
			t.Errorf("%d mismatches and %d first pages, want 1 and 3", mismatches, firsts)
		}
	})

	t.Run("mismatched_token/other_query", func(t *testing.T) {
		srv := ucommerceserver.New()
		st := srv.DefaultStore()
		groups := st.AddPriceGroups(2)
		want := st.AddCatalogs(12)
		url := faultmatrix.Serve(t, srv)
		out, err := faultmatrix.NewClient(t, ucommerce.NewClient, url).ListCatalogs(ctx, &ucommerce.ListCatalogsParams{CultureCode: "en-US", PriceGroupID: groups[0], MaxItems: ucommerce.Ptr[int32](5)})
		if err != nil || out.Body.NextPagingToken == nil {
			t.Fatalf("token of the other query: %v", err)
		}
		foreign := *out.Body.NextPagingToken
		c := faultmatrix.NewClient(t, ucommerce.NewClient, url,
			editTokens(faultmatrix.TokenEdit{Nth: 1, Edit: func(string) string { return foreign }}))
		params := &ucommerce.ListCatalogsParams{CultureCode: "en-US", PriceGroupID: groups[1]}
		got := faultmatrix.Collect(t, c.ListCatalogsAll(ctx, params, a.Fast, a.Limit(5)),
			func(c ucommerce.Catalog) string { return c.ID })
		faultmatrix.ExactlyOnce(t, got, want)
	})

	t.Run("mismatch/too_many_restarts", func(t *testing.T) {
		e := setup(t, faultmatrix.Tamper(1), faultmatrix.Tamper(2), faultmatrix.Tamper(3))
		_, err := a.Walk(ctx, e, func(o *ucommerce.PaginatorOptions) { o.MaxRestarts = 2 })
		if !errors.Is(err, ucommerce.ErrTooManyRestarts) {
			t.Fatalf("err = %v, want ErrTooManyRestarts", err)
		}
		var apiErr *ucommerce.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Code != "BadRequest" || apiErr.Message != ucommerceserver.MsgTokenMismatch {
			t.Errorf("err = %v, want it to wrap the 400 mismatch APIError", err)
		}
	})

	t.Run("token_names/alternating", func(t *testing.T) {
		// The token comes back as nextPagingToken, then pagingToken, then
		// nextPagingToken…: the declared name and the undeclared alias
		// (read from the raw body) are both followed.
		srv := ucommerceserver.New()
		st := srv.DefaultStore()
		countries := st.AddCountries(faultmatrix.Total)
		groups := st.AddPriceGroups(faultmatrix.Total)
		srv.SetTokenField(ucommerceserver.TokenFieldAlternate)
		c := faultmatrix.NewClient(t, ucommerce.NewClient, faultmatrix.Serve(t, srv))
		got := faultmatrix.Collect(t, c.ListCountriesAll(ctx, nil, a.Fast, a.Limit(faultmatrix.PageSize)), countryID)
		faultmatrix.ExactlyOnce(t, got, countries)
		got = faultmatrix.Collect(t, c.ListPriceGroupsAll(ctx, &ucommerce.ListPriceGroupsParams{CultureCode: "en-US"}, a.Fast, a.Limit(faultmatrix.PageSize)),
			func(p ucommerce.PriceGroup) string { return p.ID })
		faultmatrix.ExactlyOnce(t, got, groups)
		if n := srv.Count(""); n != 2*faultmatrix.Pages {
			t.Errorf("%d calls, want %d", n, 2*faultmatrix.Pages)
		}
	})

	t.Run("token_names/undeclared_only", func(t *testing.T) {
		// Countries declare nextPagingToken; the server sends only
		// pagingToken.
		e := setup(t)
		e.SetTokenField(ucommerceserver.TokenFieldPaging)
		a.EveryItemOnce(t, e)
	})

	t.Run("PrevPage", func(t *testing.T) {
		e := setup(t)
		p := ucommerce.NewListCountriesPaginator(e.c, nil, a.Fast, a.Limit(faultmatrix.PageSize))
		if _, err := p.PrevPage(ctx); !errors.Is(err, ucommerce.ErrNoPrevPage) {
			t.Fatalf("PrevPage before any page: %v, want ErrNoPrevPage", err)
		}
		for range 3 {
			if _, err := p.NextPage(ctx); err != nil {
				t.Fatal(err)
			}
		}
		calls := e.Count("")
		prev, err := p.PrevPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		faultmatrix.ExactlyOnce(t, countryIDs(prev), e.want[faultmatrix.PageSize:2*faultmatrix.PageSize])
		if e.Count("") != calls+1 {
			t.Errorf("PrevPage made %d calls, want 1", e.Count("")-calls)
		}
		// The token PrevPage sent is the one page 2 was fetched with.
		log := e.Calls()
		if tok := log[len(log)-1].Token; tok == "" || tok != log[1].Token {
			t.Errorf("PrevPage sent token %q, want page 2's %q", tok, log[1].Token)
		}
		rest := faultmatrix.NewPager(p, countryIDs).Rest(t)
		faultmatrix.ExactlyOnce(t, rest, e.want[2*faultmatrix.PageSize:])
	})

	t.Run("PrevPage/after_restart", func(t *testing.T) {
		// A walk that restarted (its token was rejected) and then steps
		// back still gets the following page again from NextPage.
		e := setup(t, faultmatrix.Tamper(1))
		p := ucommerce.NewListCountriesPaginator(e.c, nil, a.Fast, a.Limit(faultmatrix.PageSize))
		var got []string
		for len(got) < 3*faultmatrix.PageSize {
			pg, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, countryIDs(pg)...)
		}
		faultmatrix.ExactlyOnce(t, got, e.want[:3*faultmatrix.PageSize])
		prev, err := p.PrevPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(prev.Items) != faultmatrix.PageSize || prev.Items[0].ID != e.want[faultmatrix.PageSize] {
			t.Fatalf("PrevPage returned %d items, want page 2", len(prev.Items))
		}
		next, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		faultmatrix.ExactlyOnce(t, countryIDs(next), e.want[2*faultmatrix.PageSize:3*faultmatrix.PageSize])
	})

	t.Run("APIError/errors_body", func(t *testing.T) {
		e := setup(t)
		var err error
		for _, err = range e.c.ListCatalogsAll(ctx, &ucommerce.ListCatalogsParams{CultureCode: "en-US", PriceGroupID: "00000000-0000-0000-0000-000000000000"}, a.Fast) {
			break
		}
		var apiErr *ucommerce.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Code != "BadRequest" || apiErr.Message != "Invalid Price Group." {
			t.Fatalf("err = %v, want 400 BadRequest: Invalid Price Group.", err)
		}
		if n := e.Faults().Requests(); n != 1 {
			t.Errorf("%d requests, want 1: a client error is not retried", n)
		}
	})

	t.Run("default_page_size", func(t *testing.T) {
		// No Limit: maxItems is left to the server (250), one page.
		e := setup(t)
		got, err := a.Walk(ctx, e, a.Limit(0))
		if err != nil {
			t.Fatal(err)
		}
		faultmatrix.ExactlyOnce(t, got, e.want)
		if calls := e.Calls(); len(calls) != 1 || calls[0].Limit != 0 {
			t.Errorf("calls = %+v, want one without maxItems", calls)
		}
	})
}
