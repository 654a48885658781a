package pages_test

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"testing"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"
	"github.com/pagegen/pagegen/generated_examples/byo/ucommerce/oapi/api"
	"github.com/pagegen/pagegen/generated_examples/byo/ucommerce/oapi/pages"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
	"github.com/pagegen/pagegen/testdata/faults"
	"github.com/pagegen/pagegen/testdata/ucommerceserver"
)

// The fault matrix of the Ucommerce headless API over an oapi-codegen
// client, run against testdata/ucommerceserver: the same cells as the
// standalone package's, and the cells only Ucommerce has.

type opts = func(*pages.PaginatorOptions)

// env is one cell's emulator, whose default store has faultmatrix.Total
// countries, and an oapi-codegen client of it.
type env struct {
	*ucommerceserver.Server
	c    *api.ClientWithResponses
	want []string
}

// newClient is the oapi-codegen client of url, its requests going through
// editors.
func newClient(t *testing.T, url string, editors ...api.RequestEditorFn) *api.ClientWithResponses {
	t.Helper()
	var o []api.ClientOption
	for _, e := range editors {
		o = append(o, api.WithRequestEditorFn(e))
	}
	return faultmatrix.NewClient(t, api.NewClientWithResponses, url, o...)
}

func setup(t *testing.T, edits ...faultmatrix.TokenEdit) *env {
	t.Helper()
	srv := ucommerceserver.New()
	want := srv.DefaultStore().AddCountries(faultmatrix.Total)
	c := newClient(t, faultmatrix.Serve(t, srv), editTokens(edits...))
	return &env{Server: srv, c: c, want: want}
}

// editTokens sends continuation requests through edits.
func editTokens(edits ...faultmatrix.TokenEdit) api.RequestEditorFn {
	return faultmatrix.Editor(faultmatrix.InQuery("nextPagingToken"), edits...)
}

// asStore sends requests as store st (its bearer token selects it).
func asStore(st *ucommerceserver.Store) api.RequestEditorFn {
	return func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+st.AccessToken())
		return nil
	}
}

func countryID(c api.Country) string { return c.Id.String() }

func countryIDs(pg *pages.ListCountriesPage) []string {
	return faultmatrix.KeysOf(pg.Items, countryID)
}

func (e *env) Want() []string { return e.want }

// firstToken is the token of the first page of pageSize countries.
func firstToken(ctx context.Context, c *api.ClientWithResponses, pageSize int32) (string, error) {
	out, err := c.ListCountriesWithResponse(ctx, &api.ListCountriesParams{MaxItems: &pageSize})
	if err != nil || out.JSON200 == nil || out.JSON200.NextPagingToken == nil {
		return "", err
	}
	return *out.JSON200.NextPagingToken, nil
}

// matrix adapts ListCountries over the oapi-codegen client to the cells.
func matrix() *faultmatrix.Adapter[pages.PaginatorOptions, *env] {
	return &faultmatrix.Adapter[pages.PaginatorOptions, *env]{
		Setup: setup,
		All: func(e *env, ctx context.Context, o ...opts) iter.Seq2[string, error] {
			return faultmatrix.Keys(pages.ListCountriesAll(ctx, e.c, nil, o...), countryID)
		},
		Pages: func(e *env, ctx context.Context, o ...opts) iter.Seq[error] {
			return faultmatrix.PageErrors(pages.ListCountriesPages(ctx, e.c, nil, o...))
		},
		NewPager: func(e *env, o ...opts) faultmatrix.Pager {
			return faultmatrix.NewPager(pages.NewListCountriesPaginator(e.c, nil, o...), countryIDs)
		},
		FirstToken: func(e *env, ctx context.Context, limit int32) (string, error) {
			return firstToken(ctx, e.c, limit)
		},
		Fields: func(o *pages.PaginatorOptions) faultmatrix.Fields {
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
				var apiErr *pages.APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Code != "InternalServerError" {
					t.Fatalf("err = %v, want the 500 APIError", err)
				}
			},
		},
		Throttle: ucommerceserver.TooManyRequests,
		// Expired, tampered and foreign tokens all look alike to Ucommerce.
		CorruptedCode: ucommerceserver.MsgTokenMismatch,
		ExpiredCode:   ucommerceserver.MsgTokenMismatch,
		ErrTokenCycle: pages.ErrTokenCycle, ErrInvalidParams: pages.ErrInvalidParams, ErrTooManyRestarts: pages.ErrTooManyRestarts,
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
		foreign, err := firstToken(ctx, newClient(t, url, asStore(other)), faultmatrix.PageSize)
		if err != nil || foreign == "" {
			t.Fatalf("other store's token: %q, %v", foreign, err)
		}
		c := newClient(t, url, editTokens(faultmatrix.TokenEdit{Nth: 2, Edit: func(string) string { return foreign }}))
		got := faultmatrix.Collect(t, pages.ListCountriesAll(ctx, c, nil, a.Fast, a.Limit(faultmatrix.PageSize)), countryID)
		faultmatrix.ExactlyOnce(t, got, want)
		if mismatches, firsts := faultmatrix.Answers(srv.Calls(), ucommerceserver.MsgTokenMismatch), faultmatrix.FirstCalls(srv.Calls(), ""); mismatches != 1 || firsts != 3 {
			t.Errorf("%d mismatches and %d first pages, want 1 and 3", mismatches, firsts)
		}
	})

	t.Run("mismatch/too_many_restarts", func(t *testing.T) {
		e := setup(t, faultmatrix.Tamper(1), faultmatrix.Tamper(2), faultmatrix.Tamper(3))
		_, err := a.Walk(ctx, e, func(o *pages.PaginatorOptions) { o.MaxRestarts = 2 })
		if !errors.Is(err, pages.ErrTooManyRestarts) {
			t.Fatalf("err = %v, want ErrTooManyRestarts", err)
		}
		var apiErr *pages.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Code != "BadRequest" || apiErr.Message != ucommerceserver.MsgTokenMismatch {
			t.Errorf("err = %v, want it to wrap the 400 mismatch APIError", err)
		}
	})

	t.Run("token_names/alternating", func(t *testing.T) {
		// The token comes back as nextPagingToken, then pagingToken, …:
		// the declared name and the undeclared alias (read from the raw
		// body the client kept) are both followed.
		srv := ucommerceserver.New()
		st := srv.DefaultStore()
		countries := st.AddCountries(faultmatrix.Total)
		groups := st.AddPriceGroups(faultmatrix.Total)
		srv.SetTokenField(ucommerceserver.TokenFieldAlternate)
		c := newClient(t, faultmatrix.Serve(t, srv))
		got := faultmatrix.Collect(t, pages.ListCountriesAll(ctx, c, nil, a.Fast, a.Limit(faultmatrix.PageSize)), countryID)
		faultmatrix.ExactlyOnce(t, got, countries)
		got = faultmatrix.Collect(t, pages.ListPriceGroupsAll(ctx, c, &api.ListPriceGroupsParams{CultureCode: "en-US"}, a.Fast, a.Limit(faultmatrix.PageSize)),
			func(p api.PriceGroup) string { return p.Id.String() })
		faultmatrix.ExactlyOnce(t, got, groups)
		if n := srv.Count(""); n != 2*faultmatrix.Pages {
			t.Errorf("%d calls, want %d", n, 2*faultmatrix.Pages)
		}
	})

	t.Run("token_names/undeclared_only", func(t *testing.T) {
		e := setup(t)
		e.SetTokenField(ucommerceserver.TokenFieldPaging)
		a.EveryItemOnce(t, e)
	})

	t.Run("PrevPage", func(t *testing.T) {
		e := setup(t)
		p := pages.NewListCountriesPaginator(e.c, nil, a.Fast, a.Limit(faultmatrix.PageSize))
		if _, err := p.PrevPage(ctx); !errors.Is(err, pages.ErrNoPrevPage) {
			t.Fatalf("PrevPage before any page: %v, want ErrNoPrevPage", err)
		}
		for range 3 {
			if _, err := p.NextPage(ctx); err != nil {
				t.Fatal(err)
			}
		}
		prev, err := p.PrevPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		faultmatrix.ExactlyOnce(t, countryIDs(prev), e.want[faultmatrix.PageSize:2*faultmatrix.PageSize])
		rest := faultmatrix.NewPager(p, countryIDs).Rest(t)
		faultmatrix.ExactlyOnce(t, rest, e.want[2*faultmatrix.PageSize:])
	})

	t.Run("APIError/errors_body", func(t *testing.T) {
		e := setup(t)
		var err error
		for _, err = range pages.ListCatalogsAll(ctx, e.c, &api.ListCatalogsParams{CultureCode: "en-US", PriceGroupId: openapi_types.UUID{}}, a.Fast) {
			break
		}
		var apiErr *pages.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Code != "BadRequest" || apiErr.Message != "Invalid Price Group." {
			t.Fatalf("err = %v, want 400 BadRequest: Invalid Price Group.", err)
		}
		if n := e.Faults().Requests(); n != 1 {
			t.Errorf("%d requests, want 1: a client error is not retried", n)
		}
	})

	t.Run("params_kept", func(t *testing.T) {
		// The caller's own params (here a start token) reach every request
		// and are not changed by the walk.
		e := setup(t)
		tok, err := firstToken(ctx, e.c, faultmatrix.PageSize)
		if err != nil {
			t.Fatal(err)
		}
		params := &api.ListCountriesParams{NextPagingToken: &tok}
		got := faultmatrix.Collect(t, pages.ListCountriesAll(ctx, e.c, params, a.Fast, a.Limit(faultmatrix.PageSize)), countryID)
		faultmatrix.ExactlyOnce(t, got, e.want[faultmatrix.PageSize:])
		if *params.NextPagingToken != tok {
			t.Errorf("params changed: %q", *params.NextPagingToken)
		}
	})
}
