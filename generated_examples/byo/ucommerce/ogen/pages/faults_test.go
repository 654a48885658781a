package pages_test

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pagegen/pagegen/generated_examples/byo/ucommerce/ogen/api"
	"github.com/pagegen/pagegen/generated_examples/byo/ucommerce/ogen/pages"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
	"github.com/pagegen/pagegen/testdata/faults"
	"github.com/pagegen/pagegen/testdata/ucommerceserver"
)

// The fault matrix of the Ucommerce headless API over an ogen client, run
// against testdata/ucommerceserver: the same cells as the standalone
// package's, and the cells only Ucommerce has.

type opts = func(*pages.PaginatorOptions)

// env is one cell's emulator, whose default store has faultmatrix.Total
// countries, and an ogen client of it.
type env struct {
	*ucommerceserver.Server
	c    *api.Client
	want []string
}

// bearer is the ogen client's security source: the access token of a
// store.
type bearer string

func (b bearer) BearerAuth(context.Context, api.OperationName) (api.BearerAuth, error) {
	return api.BearerAuth{Token: string(b)}, nil
}

// editing sends each request through edit before doer.
type editing struct {
	doer pages.HTTPDoer
	edit func(context.Context, *http.Request) error
}

func (d editing) Do(r *http.Request) (*http.Response, error) {
	if err := d.edit(r.Context(), r); err != nil {
		return nil, err
	}
	return d.doer.Do(r)
}

// newClient is the ogen client of url as store st, built with
// pages.HTTPClient, its requests going through edit.
func newClient(t *testing.T, url string, st *ucommerceserver.Store, edit func(context.Context, *http.Request) error) *api.Client {
	t.Helper()
	var doer pages.HTTPDoer = http.DefaultClient
	if edit != nil {
		doer = editing{doer: doer, edit: edit}
	}
	c, err := api.NewClient(url, bearer(st.AccessToken()), api.WithClient(pages.HTTPClient(doer)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func setup(t *testing.T, edits ...faultmatrix.TokenEdit) *env {
	t.Helper()
	srv := ucommerceserver.New()
	want := srv.DefaultStore().AddCountries(faultmatrix.Total)
	c := newClient(t, faultmatrix.Serve(t, srv), srv.DefaultStore(), faultmatrix.Editor(faultmatrix.InQuery("nextPagingToken"), edits...))
	return &env{Server: srv, c: c, want: want}
}

func countryID(c api.Country) string { return c.ID.String() }

func countryIDs(pg *pages.ListCountriesPage) []string {
	return faultmatrix.KeysOf(pg.Items, countryID)
}

func (e *env) Want() []string { return e.want }

// firstToken is the token of the first page of pageSize countries.
func firstToken(ctx context.Context, c *api.Client, pageSize int32) (string, error) {
	out, err := c.ListCountries(ctx, api.ListCountriesParams{MaxItems: api.NewOptInt32(pageSize)})
	if err != nil {
		return "", err
	}
	res, ok := out.(*api.CountriesResponse)
	if !ok {
		return "", errors.New("not a page of countries")
	}
	return res.NextPagingToken.Value, nil
}

// matrix adapts ListCountries over the ogen client to the cells.
func matrix() *faultmatrix.Adapter[pages.PaginatorOptions, *env] {
	return &faultmatrix.Adapter[pages.PaginatorOptions, *env]{
		Setup: setup,
		All: func(e *env, ctx context.Context, o ...opts) iter.Seq2[string, error] {
			return faultmatrix.Keys(pages.ListCountriesAll(ctx, e.c, api.ListCountriesParams{}, o...), countryID)
		},
		Pages: func(e *env, ctx context.Context, o ...opts) iter.Seq[error] {
			return faultmatrix.PageErrors(pages.ListCountriesPages(ctx, e.c, api.ListCountriesParams{}, o...))
		},
		NewPager: func(e *env, o ...opts) faultmatrix.Pager {
			return faultmatrix.NewPager(pages.NewListCountriesPaginator(e.c, api.ListCountriesParams{}, o...), countryIDs)
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
		foreign, err := firstToken(ctx, newClient(t, url, other, nil), faultmatrix.PageSize)
		if err != nil || foreign == "" {
			t.Fatalf("other store's token: %q, %v", foreign, err)
		}
		c := newClient(t, url, srv.DefaultStore(), faultmatrix.Editor(faultmatrix.InQuery("nextPagingToken"),
			faultmatrix.TokenEdit{Nth: 2, Edit: func(string) string { return foreign }}))
		got := faultmatrix.Collect(t, pages.ListCountriesAll(ctx, c, api.ListCountriesParams{}, a.Fast, a.Limit(faultmatrix.PageSize)), countryID)
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

	t.Run("token_names/undeclared_only", func(t *testing.T) {
		// Countries declare nextPagingToken; the server sends only
		// pagingToken, which ogen's decoder skips: it is read from the
		// body HTTPClient kept.
		e := setup(t)
		e.SetTokenField(ucommerceserver.TokenFieldPaging)
		a.EveryItemOnce(t, e)
	})

	t.Run("APIError/errors_body", func(t *testing.T) {
		// ogen returns the 400 as a typed result, not an error: the
		// paginator still sees the status and the body.
		e := setup(t)
		var err error
		for _, err = range pages.ListCatalogsAll(ctx, e.c, api.ListCatalogsParams{CultureCode: "en-US", PriceGroupId: uuid.UUID{}}, a.Fast) {
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

	t.Run("client_without_HTTPClient", func(t *testing.T) {
		srv := ucommerceserver.New()
		srv.DefaultStore().AddCountries(faultmatrix.Total)
		c, err := api.NewClient(faultmatrix.Serve(t, srv), bearer(srv.DefaultStore().AccessToken()))
		if err != nil {
			t.Fatal(err)
		}
		for _, err = range pages.ListCountriesAll(ctx, c, api.ListCountriesParams{}, a.Fast) {
			break
		}
		if err == nil || !strings.Contains(err.Error(), "HTTPClient") {
			t.Fatalf("err = %v, want one saying to build the client with HTTPClient", err)
		}
	})
}
