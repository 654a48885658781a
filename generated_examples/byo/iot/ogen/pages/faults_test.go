package pages_test

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/byo/iot/ogen/api"
	"github.com/pagegen/pagegen/generated_examples/byo/iot/ogen/pages"
	"github.com/pagegen/pagegen/testdata/awsserver"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
	"github.com/pagegen/pagegen/testdata/faults"
)

// The fault matrix of the AWS REST-JSON protocol (IoT) over an ogen
// client, run against testdata/awsserver for both ways IoT pages:
// ListThings (nextToken and maxResults in the query) and ListPolicies
// (marker and pageSize, the response's nextMarker). The cells are those
// pagegen's own IoT client (generated_examples/awsrest) goes through.

type opts = func(*pages.PaginatorOptions)

// operation adapts one paginated operation to the cells.
type operation struct {
	name       string
	tokenParam string                                      // the query parameter that carries the token
	limitParam string                                      // the query parameter that carries the page size
	add        func(srv *awsserver.Server, n int) []string // in list order
	all        func(e *env, ctx context.Context, o ...opts) iter.Seq2[string, error]
	pages      func(e *env, ctx context.Context, o ...opts) iter.Seq[error]
	paginator  func(e *env, o ...opts) faultmatrix.Pager
	first      func(e *env, ctx context.Context, max int32) (next string, err error)
}

func thingName(t api.ThingAttribute) string { return string(t.ThingName.Value) }

func policyName(p api.Policy) string { return p.PolicyName.Value }

// unsigned is the ogen client's security source: testdata/awsserver checks
// no signature, so the key is a placeholder.
type unsigned struct{}

func (unsigned) Hmac(context.Context, api.OperationName) (api.Hmac, error) {
	return api.Hmac{APIKey: "AWS4-HMAC-SHA256 unsigned"}, nil
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

// newClient returns an ogen client of url that sends its requests through
// doer (http.DefaultClient when nil), built as the paginators need it.
func newClient(t *testing.T, url string, doer pages.HTTPDoer) *api.Client {
	t.Helper()
	c, err := api.NewClient(url, unsigned{}, api.WithClient(pages.HTTPClient(doer)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var operations = []operation{
	{
		name:       "ListThings",
		tokenParam: "nextToken",
		limitParam: "maxResults",
		add:        func(srv *awsserver.Server, n int) []string { return srv.AddThings(n) },
		all: func(e *env, ctx context.Context, o ...opts) iter.Seq2[string, error] {
			return faultmatrix.Keys(pages.ListThingsAll(ctx, e.c, api.ListThingsParams{}, o...), thingName)
		},
		pages: func(e *env, ctx context.Context, o ...opts) iter.Seq[error] {
			return faultmatrix.PageErrors(pages.ListThingsPages(ctx, e.c, api.ListThingsParams{}, o...))
		},
		paginator: func(e *env, o ...opts) faultmatrix.Pager {
			return faultmatrix.NewPager(pages.NewListThingsPaginator(e.c, api.ListThingsParams{}, o...),
				func(pg *pages.ListThingsPage) []string { return faultmatrix.KeysOf(pg.Items, thingName) })
		},
		first: func(e *env, ctx context.Context, max int32) (string, error) {
			out, err := e.c.ListThings(ctx, api.ListThingsParams{MaxResults: api.NewOptRegistryMaxResults(api.RegistryMaxResults(max))})
			res, ok := out.(*api.ListThingsResponseHeaders)
			if err != nil || !ok {
				return "", err
			}
			return string(res.Response.NextToken.Value), nil
		},
	},
	{
		name:       "ListPolicies",
		tokenParam: "marker",
		limitParam: "pageSize",
		add: func(srv *awsserver.Server, n int) []string {
			// Newest first, as ListPolicies lists them by default.
			names := srv.AddPolicies(n)
			slices.Reverse(names)
			return names
		},
		all: func(e *env, ctx context.Context, o ...opts) iter.Seq2[string, error] {
			return faultmatrix.Keys(pages.ListPoliciesAll(ctx, e.c, api.ListPoliciesParams{}, o...), policyName)
		},
		pages: func(e *env, ctx context.Context, o ...opts) iter.Seq[error] {
			return faultmatrix.PageErrors(pages.ListPoliciesPages(ctx, e.c, api.ListPoliciesParams{}, o...))
		},
		paginator: func(e *env, o ...opts) faultmatrix.Pager {
			return faultmatrix.NewPager(pages.NewListPoliciesPaginator(e.c, api.ListPoliciesParams{}, o...),
				func(pg *pages.ListPoliciesPage) []string { return faultmatrix.KeysOf(pg.Items, policyName) })
		},
		first: func(e *env, ctx context.Context, max int32) (string, error) {
			out, err := e.c.ListPolicies(ctx, api.ListPoliciesParams{PageSize: api.NewOptPageSize(api.PageSize(max))})
			res, ok := out.(*api.ListPoliciesResponseHeaders)
			if err != nil || !ok {
				return "", err
			}
			return string(res.Response.NextMarker.Value), nil
		},
	},
}

// env is one cell's emulator, with faultmatrix.Total items of an
// operation, and an ogen client of it.
type env struct {
	*awsserver.Server
	c    *api.Client
	want []string
}

func (e *env) Want() []string { return e.want }

// matrix adapts op and testdata/awsserver to the cells.
func matrix(op operation) *faultmatrix.Adapter[pages.PaginatorOptions, *env] {
	return &faultmatrix.Adapter[pages.PaginatorOptions, *env]{
		Setup: func(t *testing.T, edits ...faultmatrix.TokenEdit) *env {
			t.Helper()
			srv := awsserver.New()
			want := op.add(srv, faultmatrix.Total)
			c := newClient(t, faultmatrix.Serve(t, srv), editing{doer: http.DefaultClient, edit: faultmatrix.Editor(faultmatrix.InQuery(op.tokenParam), edits...)})
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
		Continuation: awsserver.WithToken(),
		Transient: []faultmatrix.NamedFault{
			{Name: "429_retry_after_seconds", Fault: awsserver.Throttle("1")},
			{Name: "503_retry_after_http_date", Fault: awsserver.Unavailable(faults.RetryAfterDate(time.Now().Add(time.Hour)))},
			{Name: "500_InternalFailureException", Fault: awsserver.InternalError()},
		},
		Persistent: faultmatrix.Persistent{
			Name:  "429_persistent/APIError_code_from_x-amzn-ErrorType",
			Fault: awsserver.Throttle("0"),
			Check: func(t *testing.T, err error) {
				var apiErr *pages.APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.Code != "ThrottlingException" {
					t.Fatalf("err = %v, want the 429 ThrottlingException APIError", err)
				}
				if apiErr.RequestID == "" || apiErr.RequestID != apiErr.Header.Get("X-Amzn-RequestId") {
					t.Errorf("RequestID = %q, want the x-amzn-RequestId header %q", apiErr.RequestID, apiErr.Header.Get("X-Amzn-RequestId"))
				}
			},
		},
		Throttle:      awsserver.Throttle,
		CorruptedCode: "InvalidRequestException",
		ExpiredCode:   "InvalidRequestException",
		ErrTokenCycle: pages.ErrTokenCycle, ErrInvalidParams: pages.ErrInvalidParams, ErrTooManyRestarts: pages.ErrTooManyRestarts,
	}
}

func TestFaultMatrix(t *testing.T) {
	for _, op := range operations {
		t.Run(op.name, func(t *testing.T) {
			a := matrix(op)
			faultmatrix.Run(t, a)
			a.LimitOutOfBounds(t, "Limit_out_of_bounds", 251, op.limitParam)

			t.Run("deleted_item_under_token", func(t *testing.T) {
				// Tokens point at the next item; deleting it makes the token
				// invalid, and the restarted walk repeats nothing.
				e := a.Setup(t)
				p := a.Paginator(e)
				got, err := p.NextPage(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if !e.Delete(e.want[faultmatrix.PageSize]) {
					t.Fatal("delete failed")
				}
				got = append(got, p.Rest(t)...)
				faultmatrix.ExactlyOnce(t, got, slices.Delete(slices.Clone(e.want), faultmatrix.PageSize, faultmatrix.PageSize+1))
				if n := a.FirstCalls(e); n != 2 {
					t.Errorf("%d first-page calls, want 2", n)
				}
			})
		})
	}
}

// TestFilterErrorIsNotARestart: InvalidRequestException is IoT's answer to a
// bad token and to bad filters alike. On a first page (no token) it is the
// caller's error, reported at once.
func TestFilterErrorIsNotARestart(t *testing.T) {
	srv := awsserver.New()
	srv.AddThings(3)
	c := newClient(t, faultmatrix.Serve(t, srv), nil)
	var err error
	for _, err = range pages.ListThingsAll(context.Background(), c, api.ListThingsParams{UsePrefixAttributeValue: api.NewOptBool(true)}, matrix(operations[0]).Fast) {
		break
	}
	var apiErr *pages.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "InvalidRequestException" || !strings.Contains(apiErr.Message, "usePrefixAttributeValue") {
		t.Fatalf("err = %v, want InvalidRequestException about usePrefixAttributeValue", err)
	}
	if n := srv.Count(""); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}
