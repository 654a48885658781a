package pages_test

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/byo/alexa/ogen/api"
	"github.com/pagegen/pagegen/generated_examples/byo/alexa/ogen/pages"
	"github.com/pagegen/pagegen/testdata/alexaserver"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
	"github.com/pagegen/pagegen/testdata/faults"
)

// The fault matrix of the Alexa Smart Properties APIs over an ogen client, run against testdata/alexaserver for both ways Alexa pages:
// ListUnits (GET, nextToken and maxResults in the params) and
// QueryEndpoints (POST, in the JSON body's paginationContext).

type opts = func(*pages.PaginatorOptions)

// operation adapts one paginated operation to the cells.
type operation struct {
	name      string
	token     faultmatrix.TokenPlace // where a request carries the token
	add       func(srv *alexaserver.Server, n int) []string
	all       func(e *env, ctx context.Context, o ...opts) iter.Seq2[string, error]
	pages     func(e *env, ctx context.Context, o ...opts) iter.Seq[error]
	paginator func(e *env, o ...opts) faultmatrix.Pager
	first     func(e *env, ctx context.Context, max int32) (next string, err error)
}

func unitID(u api.Unit) string { return u.ID }

func endpointID(e api.Endpoint) string { return e.ID }

// nextToken returns the token of a response's paginationContext.
func nextToken(pc api.OptPaginationContext) string {
	return pc.Value.NextToken.Value
}

// lwa is the ogen client's security source: an LWA access token.
type lwa string

func (l lwa) Lwa(context.Context, api.OperationName) (api.Lwa, error) {
	return api.Lwa{Token: string(l)}, nil
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

var operations = []operation{
	{
		name:  "ListUnits",
		token: faultmatrix.InQuery("nextToken"),
		add:   func(srv *alexaserver.Server, n int) []string { return srv.AddUnits("", n) },
		all: func(e *env, ctx context.Context, o ...opts) iter.Seq2[string, error] {
			return faultmatrix.Keys(pages.ListUnitsAll(ctx, e.c, api.ListUnitsParams{}, o...), unitID)
		},
		pages: func(e *env, ctx context.Context, o ...opts) iter.Seq[error] {
			return faultmatrix.PageErrors(pages.ListUnitsPages(ctx, e.c, api.ListUnitsParams{}, o...))
		},
		paginator: func(e *env, o ...opts) faultmatrix.Pager {
			return faultmatrix.NewPager(pages.NewListUnitsPaginator(e.c, api.ListUnitsParams{}, o...),
				func(pg *pages.ListUnitsPage) []string { return faultmatrix.KeysOf(pg.Items, unitID) })
		},
		first: func(e *env, ctx context.Context, max int32) (string, error) {
			out, err := e.c.ListUnits(ctx, api.ListUnitsParams{MaxResults: api.NewOptMaxResults(api.MaxResults(max))})
			res, ok := out.(*api.ListUnitsResponseHeaders)
			if err != nil || !ok {
				return "", err
			}
			return nextToken(res.Response.PaginationContext), nil
		},
	},
	{
		name:  "QueryEndpoints",
		token: faultmatrix.InJSON("paginationContext", "nextToken"),
		add:   func(srv *alexaserver.Server, n int) []string { return srv.AddEndpoints("", n) },
		all: func(e *env, ctx context.Context, o ...opts) iter.Seq2[string, error] {
			return faultmatrix.Keys(pages.QueryEndpointsAll(ctx, e.c, nil, o...), endpointID)
		},
		pages: func(e *env, ctx context.Context, o ...opts) iter.Seq[error] {
			return faultmatrix.PageErrors(pages.QueryEndpointsPages(ctx, e.c, nil, o...))
		},
		paginator: func(e *env, o ...opts) faultmatrix.Pager {
			return faultmatrix.NewPager(pages.NewQueryEndpointsPaginator(e.c, nil, o...),
				func(pg *pages.QueryEndpointsPage) []string { return faultmatrix.KeysOf(pg.Items, endpointID) })
		},
		first: func(e *env, ctx context.Context, max int32) (string, error) {
			out, err := e.c.QueryEndpoints(ctx, &api.QueryEndpointsRequest{
				PaginationContext: api.NewOptRequestPaginationContext(api.RequestPaginationContext{MaxResults: api.NewOptMaxResults(api.MaxResults(max))}),
			})
			res, ok := out.(*api.QueryEndpointsResponseHeaders)
			if err != nil || !ok {
				return "", err
			}
			return nextToken(res.Response.PaginationContext), nil
		},
	},
}

// env is one cell's emulator, with faultmatrix.Total items of an
// operation, and an ogen client of it.
type env struct {
	*alexaserver.Server
	c    *api.Client
	want []string
}

func (e *env) Want() []string { return e.want }

// matrix adapts op and testdata/alexaserver to the cells.
func matrix(op operation) *faultmatrix.Adapter[pages.PaginatorOptions, *env] {
	return &faultmatrix.Adapter[pages.PaginatorOptions, *env]{
		Setup: func(t *testing.T, edits ...faultmatrix.TokenEdit) *env {
			t.Helper()
			srv := alexaserver.New()
			want := op.add(srv, faultmatrix.Total)
			doer := editing{doer: http.DefaultClient, edit: faultmatrix.Editor(op.token, edits...)}
			c, err := api.NewClient(faultmatrix.Serve(t, srv), lwa("secret"), api.WithClient(pages.HTTPClient(doer)))
			if err != nil {
				t.Fatal(err)
			}
			return &env{Server: srv, c: c, want: want}
		},
		All:        op.all,
		Pages:      op.pages,
		NewPager:   op.paginator,
		FirstToken: op.first,
		Fields: func(o *pages.PaginatorOptions) faultmatrix.Fields {
			return faultmatrix.Fields{Limit: &o.Limit, MaxItems: &o.MaxItems, MaxPages: &o.MaxPages, MaxRestarts: &o.MaxRestarts, StartToken: &o.StartToken,
				Prefetch: &o.Prefetch, MaxAttempts: &o.Retry.MaxAttempts, BaseDelay: &o.Retry.BaseDelay, MaxDelay: &o.Retry.MaxDelay}
		},
		Op:           op.name,
		Continuation: alexaserver.WithToken(),
		Transient: []faultmatrix.NamedFault{
			{Name: "429_retry_after_seconds", Fault: alexaserver.TooManyRequests("1")},
			{Name: "503_retry_after_http_date", Fault: alexaserver.ServiceUnavailable(faults.RetryAfterDate(time.Now().Add(time.Hour)))},
			{Name: "500", Fault: alexaserver.InternalError()},
		},
		Persistent: faultmatrix.Persistent{
			Name:  "429_persistent/APIError_with_RequestID",
			Fault: alexaserver.TooManyRequests("0"),
			Check: func(t *testing.T, err error) {
				var apiErr *pages.APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.Message != "Rate exceeded" {
					t.Fatalf("err = %v, want the 429 APIError", err)
				}
				if !strings.HasPrefix(apiErr.RequestID, "amzn1.tortuga.") || apiErr.RequestID != apiErr.Header.Get("X-Amzn-RequestId") {
					t.Errorf("RequestID = %q, want the X-Amzn-RequestId header %q", apiErr.RequestID, apiErr.Header.Get("X-Amzn-RequestId"))
				}
			},
		},
		Throttle:      alexaserver.TooManyRequests,
		CorruptedCode: alexaserver.MsgInvalidToken,
		ExpiredCode:   alexaserver.MsgExpiredToken,
		ErrTokenCycle: pages.ErrTokenCycle, ErrInvalidParams: pages.ErrInvalidParams, ErrTooManyRestarts: pages.ErrTooManyRestarts,
	}
}

// isExpiredToken reports whether err wraps Alexa's answer to an expired
// token.
func isExpiredToken(err error) bool {
	var apiErr *pages.APIError
	return errors.As(err, &apiErr) && apiErr.Message == alexaserver.MsgExpiredToken
}

func TestFaultMatrix(t *testing.T) {
	for _, op := range operations {
		t.Run(op.name, func(t *testing.T) {
			a := matrix(op)
			faultmatrix.Run(t, a)
			a.TooManyRestarts(t, isExpiredToken)
			a.LimitOutOfBounds(t, "Limit_11/ErrInvalidParams_before_any_request", 11, "maxResults")

			t.Run("401/APIError_with_RequestID", func(t *testing.T) {
				e := a.Setup(t)
				e.RequireAccessToken("another") // the client sends "secret"
				_, err := a.Walk(context.Background(), e)
				var apiErr *pages.APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Message != "Request is not authorized." {
					t.Fatalf("err = %v, want 401 with the message", err)
				}
				if n := e.Faults().Requests(); n != 1 {
					t.Errorf("%d requests, want 1: a client error is not retried", n)
				}
			})

			t.Run("Limit_10/accepted", func(t *testing.T) {
				e := a.Setup(t)
				a.EveryItemOnce(t, e, a.Limit(10))
				for _, c := range e.Calls() {
					if c.Limit != 10 {
						t.Fatalf("call %+v: maxResults %d, want 10 on every page", c, c.Limit)
					}
				}
			})
		})
	}

	t.Run("QueryEndpoints/body_kept", func(t *testing.T) {
		// The caller's body, a start token included, is sent with every
		// page and not changed by the walk.
		a := matrix(operations[1])
		e := a.Setup(t)
		ctx := context.Background()
		tok, err := operations[1].first(e, ctx, faultmatrix.PageSize)
		if err != nil || tok == "" {
			t.Fatalf("first token: %q, %v", tok, err)
		}
		body := &api.QueryEndpointsRequest{PaginationContext: api.NewOptRequestPaginationContext(api.RequestPaginationContext{NextToken: api.NewOptString(tok)})}
		got := faultmatrix.Collect(t, pages.QueryEndpointsAll(ctx, e.c, body, a.Fast, a.Limit(faultmatrix.PageSize)), endpointID)
		faultmatrix.ExactlyOnce(t, got, e.want[faultmatrix.PageSize:])
		if pc := body.PaginationContext.Value; pc.NextToken.Value != tok || pc.MaxResults.Set {
			t.Errorf("body changed: %+v", pc)
		}
	})
}
