package pages_test

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/byo/azure/oapi/api"
	"github.com/pagegen/pagegen/generated_examples/byo/azure/oapi/pages"
	"github.com/pagegen/pagegen/testdata/azureserver"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
	"github.com/pagegen/pagegen/testdata/faults"
)

// The fault matrix of the Azure example over an oapi-codegen client, run
// against azureserver.Matrix for the three ways the example's walks go on:
// an absolute next link in the body (Subscriptions_List), a Link header
// (Alerts_List), and a continuation operation that takes the link into its
// path (Widgets_List → Widgets_ListNext).

type opts = func(*pages.PaginatorOptions)

// operation adapts one paginated operation to the cells.
type operation struct {
	name      string
	want      func(m *azureserver.Matrix) []string
	all       func(e *env, ctx context.Context, o ...opts) iter.Seq2[string, error]
	pages     func(e *env, ctx context.Context, o ...opts) iter.Seq[error]
	paginator func(e *env, o ...opts) faultmatrix.Pager
	first     func(e *env, ctx context.Context) (next string, err error)
}

func subscriptionID(s api.Subscription) string { return faultmatrix.Deref(s.SubscriptionId) }

func alertID(a api.Alert) string { return strconv.FormatInt(faultmatrix.Deref(a.Id), 10) }

func widgetID(w api.Widget) string { return faultmatrix.Deref(w.Id) }

var matrixWidgets = &api.WidgetsListParams{ApiVersion: api.WidgetsListParamsApiVersionN20240101}

// linkTarget is the URL of a Link header's entry.
func linkTarget(h string) string {
	target, _, _ := strings.Cut(h, ";")
	return strings.Trim(strings.TrimSpace(target), "<>")
}

var operations = []operation{
	{
		name: "Subscriptions_List",
		want: (*azureserver.Matrix).Subscriptions,
		all: func(e *env, ctx context.Context, o ...opts) iter.Seq2[string, error] {
			return faultmatrix.Keys(pages.SubscriptionsListAll(ctx, e.c, &api.SubscriptionsListParams{ApiVersion: azureserver.APIVersion}, o...), subscriptionID)
		},
		pages: func(e *env, ctx context.Context, o ...opts) iter.Seq[error] {
			return faultmatrix.PageErrors(pages.SubscriptionsListPages(ctx, e.c, &api.SubscriptionsListParams{ApiVersion: azureserver.APIVersion}, o...))
		},
		paginator: func(e *env, o ...opts) faultmatrix.Pager {
			return faultmatrix.NewPager(pages.NewSubscriptionsListPaginator(e.c, &api.SubscriptionsListParams{ApiVersion: azureserver.APIVersion}, o...),
				func(pg *pages.SubscriptionsListPage) []string { return faultmatrix.KeysOf(pg.Items, subscriptionID) })
		},
		first: func(e *env, ctx context.Context) (string, error) {
			out, err := e.c.SubscriptionsListWithResponse(ctx, &api.SubscriptionsListParams{ApiVersion: azureserver.APIVersion})
			if err != nil || out.JSON200 == nil {
				return "", err
			}
			return faultmatrix.Deref(out.JSON200.NextLink), nil
		},
	},
	{
		name: "Alerts_List",
		want: (*azureserver.Matrix).Alerts,
		all: func(e *env, ctx context.Context, o ...opts) iter.Seq2[string, error] {
			return faultmatrix.Keys(pages.AlertsListAll(ctx, e.c, &api.AlertsListParams{ApiVersion: azureserver.APIVersion}, o...), alertID)
		},
		pages: func(e *env, ctx context.Context, o ...opts) iter.Seq[error] {
			return faultmatrix.PageErrors(pages.AlertsListPages(ctx, e.c, &api.AlertsListParams{ApiVersion: azureserver.APIVersion}, o...))
		},
		paginator: func(e *env, o ...opts) faultmatrix.Pager {
			return faultmatrix.NewPager(pages.NewAlertsListPaginator(e.c, &api.AlertsListParams{ApiVersion: azureserver.APIVersion}, o...),
				func(pg *pages.AlertsListPage) []string { return faultmatrix.KeysOf(pg.Items, alertID) })
		},
		first: func(e *env, ctx context.Context) (string, error) {
			out, err := e.c.AlertsListWithResponse(ctx, &api.AlertsListParams{ApiVersion: azureserver.APIVersion})
			if err != nil {
				return "", err
			}
			return linkTarget(out.HTTPResponse.Header.Get("Link")), nil
		},
	},
	{
		name: "Widgets_List",
		want: (*azureserver.Matrix).Widgets,
		all: func(e *env, ctx context.Context, o ...opts) iter.Seq2[string, error] {
			return faultmatrix.Keys(pages.WidgetsListAll(ctx, e.c, matrixWidgets, o...), widgetID)
		},
		pages: func(e *env, ctx context.Context, o ...opts) iter.Seq[error] {
			return faultmatrix.PageErrors(pages.WidgetsListPages(ctx, e.c, matrixWidgets, o...))
		},
		paginator: func(e *env, o ...opts) faultmatrix.Pager {
			return faultmatrix.NewPager(pages.NewWidgetsListPaginator(e.c, matrixWidgets, o...),
				func(pg *pages.WidgetsListPage) []string { return faultmatrix.KeysOf(pg.Items, widgetID) })
		},
		first: func(e *env, ctx context.Context) (string, error) {
			out, err := e.c.WidgetsListWithResponse(ctx, matrixWidgets)
			if err != nil || out.JSON200 == nil {
				return "", err
			}
			return faultmatrix.Deref(out.JSON200.NextLink), nil
		},
	},
}

// env is one cell's emulator, with faultmatrix.Total items, and an
// oapi-codegen client of it.
type env struct {
	*azureserver.Matrix
	c    *api.ClientWithResponses
	want []string
}

func (e *env) Want() []string { return e.want }

// matrix adapts op and azureserver.Matrix to the cells.
func matrix(op operation) *faultmatrix.Adapter[pages.PaginatorOptions, *env] {
	return &faultmatrix.Adapter[pages.PaginatorOptions, *env]{
		Setup: func(t *testing.T, edits ...faultmatrix.TokenEdit) *env {
			t.Helper()
			srv := azureserver.NewMatrix(faultmatrix.Total)
			c := faultmatrix.NewClient(t, api.NewClientWithResponses, faultmatrix.Serve(t, srv), api.WithRequestEditorFn(faultmatrix.Editor(faultmatrix.InQuery("$skiptoken"), edits...)))
			return &env{Matrix: srv, c: c, want: op.want(srv)}
		},
		All:      op.all,
		Pages:    op.pages,
		NewPager: op.paginator,
		FirstToken: func(e *env, ctx context.Context, _ int32) (string, error) {
			return op.first(e, ctx)
		},
		Fields: func(o *pages.PaginatorOptions) faultmatrix.Fields {
			return faultmatrix.Fields{Limit: &o.Limit, MaxItems: &o.MaxItems, MaxPages: &o.MaxPages, MaxRestarts: &o.MaxRestarts, StartToken: &o.StartToken,
				Prefetch: &o.Prefetch, MaxAttempts: &o.Retry.MaxAttempts, BaseDelay: &o.Retry.BaseDelay, MaxDelay: &o.Retry.MaxDelay}
		},
		Op:           op.name,
		Continuation: azureserver.WithSkipToken(),
		Transient: []faultmatrix.NamedFault{
			{Name: "429_retry_after_seconds", Fault: azureserver.TooManyRequests("1")},
			{Name: "503_retry_after_http_date", Fault: azureserver.ServerBusy(faults.RetryAfterDate(time.Now().Add(time.Hour)))},
			{Name: "500", Fault: azureserver.InternalError()},
		},
		Persistent: faultmatrix.Persistent{
			Name:  "503_persistent/APIError_with_RequestID",
			Fault: azureserver.ServerBusy("0"),
			Check: func(t *testing.T, err error) {
				var apiErr *pages.APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable || apiErr.Code != "ServerBusy" {
					t.Fatalf("err = %v, want the 503 ServerBusy APIError", err)
				}
				if apiErr.RequestID == "" || apiErr.RequestID != apiErr.Header.Get("x-ms-request-id") {
					t.Errorf("RequestID = %q, want the x-ms-request-id header %q", apiErr.RequestID, apiErr.Header.Get("x-ms-request-id"))
				}
			},
		},
		Throttle:      azureserver.TooManyRequests,
		CorruptedCode: azureserver.CodeInvalidToken,
		ExpiredCode:   azureserver.CodeExpiredToken,
		ErrTokenCycle: pages.ErrTokenCycle, ErrInvalidParams: pages.ErrInvalidParams, ErrTooManyRestarts: pages.ErrTooManyRestarts,
	}
}

// isExpiredToken reports whether err wraps the emulator's answer to an
// expired token.
func isExpiredToken(err error) bool {
	var apiErr *pages.APIError
	return errors.As(err, &apiErr) && apiErr.Code == azureserver.CodeExpiredToken
}

func TestFaultMatrix(t *testing.T) {
	for _, op := range operations {
		t.Run(op.name, func(t *testing.T) {
			a := matrix(op)
			faultmatrix.Run(t, a)
			a.TooManyRestarts(t, isExpiredToken)
		})
	}
}
