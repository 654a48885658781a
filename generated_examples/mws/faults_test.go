package mws_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/mws"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
	"github.com/pagegen/pagegen/testdata/faults"
	"github.com/pagegen/pagegen/testdata/mwsserver"
)

// The MWS cells of the fault matrix that mws_test.go does not cover. MWS
// pages through two operations (ListOrders, then ListOrdersByNextToken)
// with XML answers. The cells are testdata/faultmatrix's, through the
// adapter below, and the ones only MWS has. Transport faults come from
// testdata/faults' injector wrapped around testdata/mwsserver; the
// token-shape faults MWS never shows (cycles, endless paging, empty pages)
// from shaper, below, which rewrites the emulator's NextTokens.

type opts = func(*mws.PaginatorOptions)

// Token-shape modes of shaper.
const (
	shapeNone    = iota
	shapeCycle   // after period NextTokens, the first one is handed out again, forever
	shapeEndless // past the last page, empty pages with a new token each, forever
	shapeEmpty   // an empty page, with its own token, before every page after the first
)

// shaper wraps the emulator and reshapes the NextTokens it hands out.
type shaper struct {
	next http.Handler

	mu     sync.Mutex
	mode   int
	period int // of shapeCycle
	issued []string
}

var nextTokenRE = regexp.MustCompile(`<NextToken>([^<]*)</NextToken>`)

func (s *shaper) set(mode, period int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mode, s.period = mode, period
}

func (s *shaper) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, _ := url.ParseQuery(string(body))
	action, tok := form.Get("Action"), form.Get("NextToken")
	s.mu.Lock()
	mode := s.mode
	s.mu.Unlock()
	if n, ok := strings.CutPrefix(tok, "endless-"); ok && mode == shapeEndless {
		i, _ := strconv.Atoi(n)
		writeEmptyPage(w, action, fmt.Sprintf("endless-%d", i+1))
		return
	}
	if real, ok := strings.CutPrefix(tok, "empty-"); ok && mode == shapeEmpty {
		writeEmptyPage(w, action, real)
		return
	}
	rec := httptest.NewRecorder()
	s.next.ServeHTTP(rec, r)
	out := rec.Body.String()
	if rec.Code == http.StatusOK {
		out = s.reshape(action, out)
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(rec.Code)
	_, _ = io.WriteString(w, out)
}

func (s *shaper) reshape(action, out string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := nextTokenRE.FindStringSubmatch(out)
	switch {
	case s.mode == shapeCycle && m != nil:
		s.issued = append(s.issued, m[1])
		if len(s.issued) > s.period {
			return strings.Replace(out, m[0], "<NextToken>"+s.issued[0]+"</NextToken>", 1)
		}
	case s.mode == shapeEndless && m == nil:
		end := "</" + action + "Result>"
		return strings.Replace(out, end, "<NextToken>endless-1</NextToken>"+end, 1)
	case s.mode == shapeEmpty && m != nil:
		return strings.Replace(out, m[0], "<NextToken>empty-"+m[1]+"</NextToken>", 1)
	}
	return out
}

// writeEmptyPage answers a ListOrdersByNextToken call with no orders and
// the token next.
func writeEmptyPage(w http.ResponseWriter, action, next string) {
	body := `<?xml version="1.0"?><` + action + `Response xmlns="` + mwsserver.OrdersNamespace + `"><` + action + `Result><Orders></Orders>` +
		`<NextToken>` + next + `</NextToken></` + action + `Result><ResponseMetadata><RequestId>shaper</RequestId></ResponseMetadata></` + action + `Response>`
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = io.WriteString(w, body)
}

// mwsError is an MWS error body, for faults the injector answers itself.
func mwsError(status int, code, msg, retryAfter string) faults.Fault {
	body := `<?xml version="1.0"?><ErrorResponse xmlns="` + mwsserver.OrdersNamespace + `"><Error><Type>Receiver</Type><Code>` + code +
		`</Code><Message>` + msg + `</Message></Error><RequestID>injected-` + code + `</RequestID></ErrorResponse>`
	return faults.Status(status, retryAfter, body, "text/xml")
}

// byNextToken matches the requests of ListOrdersByNextToken, by the form
// body's Action.
var byNextToken = faults.BodyContains("Action=ListOrdersByNextToken")

// harness is mwsserver, with faultmatrix.Total orders, behind a fault
// injector and a shaper, with a client: the cells' Env.
type harness struct {
	srv   *mwsserver.Server
	inj   *faults.Injector
	shape *shaper
	c     *mws.Client
	want  []string
}

// newHarness starts mwsserver with srvOpts and a client whose continuation
// requests go through edits.
func newHarness(t *testing.T, srvOpts []mwsserver.Option, edits ...faultmatrix.TokenEdit) *harness {
	t.Helper()
	h := &harness{srv: mwsserver.New(srvOpts...), inj: faults.New()}
	h.want = h.srv.AddOrders(faultmatrix.Total)
	h.shape = &shaper{next: h.srv}
	h.c = faultmatrix.NewClient(t, mws.NewClient, faultmatrix.Serve(t, h.inj.Wrap(h.shape)),
		mws.WithRequestEditor(faultmatrix.Editor(faultmatrix.InForm("NextToken"), edits...)))
	return h
}

func (h *harness) Want() []string { return h.want }

func (h *harness) Faults() *faults.Injector { return h.inj }

// Calls returns the emulator's log as the cells read it: the Action as the
// operation, the NextToken sent and the error code answered.
func (h *harness) Calls() []faults.Call {
	var calls []faults.Call
	for _, c := range h.srv.Log() {
		calls = append(calls, faults.Call{Op: c.Action, Token: c.Params.Get("NextToken"), Status: c.Status, NextToken: c.NextToken, Code: c.ErrorCode})
	}
	return calls
}

func (h *harness) ExpireTokens() { h.srv.InvalidateTokens() }

func (h *harness) SetTokenCycle(n int) { h.shape.set(shapeCycle, n) }

// SetEndless pages on past the last page with empty pages: the shaper
// cannot make orders up, as faults.EndlessItems would.
func (h *harness) SetEndless(m faults.Endless) {
	if m != faults.EndlessEmpty {
		panic(fmt.Sprintf("shaper: endless mode %d is not supported", m))
	}
	h.shape.set(shapeEndless, 0)
}

func orderID(o mws.Order) string { return o.AmazonOrderID }

func orderIDs(pg *mws.ListOrdersPage) []string { return faultmatrix.KeysOf(pg.Items, orderID) }

// matrix adapts ListOrders, its continuation and testdata/mwsserver to the
// cells.
func matrix() *faultmatrix.Adapter[mws.PaginatorOptions, *harness] {
	return &faultmatrix.Adapter[mws.PaginatorOptions, *harness]{
		Setup: func(t *testing.T, edits ...faultmatrix.TokenEdit) *harness { return newHarness(t, nil, edits...) },
		All: func(h *harness, ctx context.Context, o ...opts) iter.Seq2[string, error] {
			return faultmatrix.Keys(h.c.ListOrdersAll(ctx, &mws.ListOrdersParams{SellerID: seller}, o...), orderID)
		},
		Pages: func(h *harness, ctx context.Context, o ...opts) iter.Seq[error] {
			return faultmatrix.PageErrors(h.c.ListOrdersPages(ctx, &mws.ListOrdersParams{SellerID: seller}, o...))
		},
		NewPager: func(h *harness, o ...opts) faultmatrix.Pager {
			return faultmatrix.NewPager(mws.NewListOrdersPaginator(h.c, &mws.ListOrdersParams{SellerID: seller}, o...), orderIDs)
		},
		FirstToken: func(h *harness, ctx context.Context, limit int32) (string, error) {
			out, err := h.c.ListOrders(ctx, &mws.ListOrdersParams{SellerID: seller, MaxResultsPerPage: &limit})
			if err != nil || out.Body.ListOrdersResult.NextToken == nil {
				return "", err
			}
			return *out.Body.ListOrdersResult.NextToken, nil
		},
		Fields: func(o *mws.PaginatorOptions) faultmatrix.Fields {
			return faultmatrix.Fields{Limit: &o.Limit, MaxItems: &o.MaxItems, MaxPages: &o.MaxPages, MaxRestarts: &o.MaxRestarts, StartToken: &o.StartToken,
				Prefetch: &o.Prefetch, MaxAttempts: &o.Retry.MaxAttempts, BaseDelay: &o.Retry.BaseDelay, MaxDelay: &o.Retry.MaxDelay}
		},
		Op:           "ListOrders",
		PageNames:    [2]string{"ListOrders", "ListOrdersByNextToken"},
		Continuation: byNextToken,
		Transient: []faultmatrix.NamedFault{
			{Name: "429_retry_after_seconds", Fault: mwsError(http.StatusTooManyRequests, "TooManyRequests", "Too many requests", "1")},
			{Name: "503_retry_after_http_date", Fault: mwsError(http.StatusServiceUnavailable, "RequestThrottled", "Request is throttled", faults.RetryAfterDate(time.Now().Add(time.Hour)))},
			{Name: "500_InternalError", Fault: mwsError(http.StatusInternalServerError, "InternalError", "We encountered an internal error", "")},
		},
		Persistent: faultmatrix.Persistent{
			Name:  "500_persistent/gives_up_after_MaxAttempts",
			Fault: mwsError(http.StatusInternalServerError, "InternalError", "down", ""),
			Check: func(t *testing.T, err error) {
				var apiErr *mws.APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Code != "InternalError" || apiErr.RequestID != "injected-InternalError" {
					t.Fatalf("err = %v, want the 500 InternalError APIError with the body's RequestID", err)
				}
			},
		},
		Throttle: func(retryAfter string) faults.Fault {
			return mwsError(http.StatusTooManyRequests, "TooManyRequests", "Too many requests", retryAfter)
		},
		CorruptedCode: "NextTokenCorrupted",
		ExpiredCode:   "NextTokenCorrupted",
		ErrTokenCycle: mws.ErrTokenCycle, ErrInvalidParams: mws.ErrInvalidParams, ErrTooManyRestarts: mws.ErrTooManyRestarts,
	}
}

func TestMWSFaultMatrix(t *testing.T) {
	a := matrix()
	faultmatrix.RunCore(t, a)
	ctx := context.Background()

	t.Run("503_RequestThrottled_retry_after_http_date/emulator", func(t *testing.T) {
		// mwsserver's own throttling, with an HTTP-date Retry-After an hour
		// away: Retry.MaxDelay bounds the wait.
		h := newHarness(t, []mwsserver.Option{mwsserver.WithRetryAfter(faults.RetryAfterDate(time.Now().Add(time.Hour)))})
		h.srv.Throttle(3)
		a.EveryItemOnce(t, h)
		if n := h.srv.Calls("ListOrders"); n != 4 {
			t.Errorf("ListOrders called %d times, want 4 (three throttled)", n)
		}
	})

	t.Run("500_InternalError/emulator_FailNext", func(t *testing.T) {
		h := newHarness(t, nil)
		h.srv.FailNext(2, http.StatusInternalServerError, "InternalError")
		a.EveryItemOnce(t, h)
		if n := h.srv.Calls("ListOrders"); n != 3 {
			t.Errorf("ListOrders called %d times, want 3", n)
		}
	})

	t.Run("400_InvalidParameterValue/not_retried", func(t *testing.T) {
		h := newHarness(t, nil)
		h.srv.FailNext(1, http.StatusBadRequest, "InvalidParameterValue")
		_, err := a.Walk(ctx, h)
		var apiErr *mws.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != "InvalidParameterValue" || apiErr.RequestID == "" {
			t.Fatalf("err = %v, want the InvalidParameterValue APIError with a request id", err)
		}
		if n := h.inj.Requests(); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})

	t.Run("endless/MaxPages", func(t *testing.T) {
		// The shaper's endless pages are empty: the 5 pages of orders, then
		// 7 empty ones.
		h := newHarness(t, nil)
		h.SetEndless(faults.EndlessEmpty)
		got, err := a.Walk(ctx, h, func(o *mws.PaginatorOptions) { o.MaxPages = 12 }, a.Prefetch)
		if err != nil {
			t.Fatalf("MaxPages should end the walk quietly: %v", err)
		}
		faultmatrix.ExactlyOnce(t, got, h.want)
		if n := h.inj.Requests(); n != 12 {
			t.Errorf("%d requests, want 12", n)
		}
	})

	t.Run("empty_pages_with_tokens", func(t *testing.T) {
		h := newHarness(t, nil)
		h.shape.set(shapeEmpty, 0)
		a.EveryItemOnce(t, h, a.Prefetch)
		if n := h.inj.Requests(); n != 2*faultmatrix.Pages-1 {
			t.Errorf("%d requests, want %d", n, 2*faultmatrix.Pages-1)
		}
	})

	t.Run("PrevPage/ByNextToken", func(t *testing.T) {
		h := newHarness(t, nil)
		p := mws.NewListOrdersPaginator(h.c, &mws.ListOrdersParams{SellerID: seller}, a.Fast, a.Limit(faultmatrix.PageSize))
		for range 3 {
			if _, err := p.NextPage(ctx); err != nil {
				t.Fatal(err)
			}
		}
		prev, err := p.PrevPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		faultmatrix.ExactlyOnce(t, orderIDs(prev), h.want[faultmatrix.PageSize:2*faultmatrix.PageSize])
		next, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		faultmatrix.ExactlyOnce(t, orderIDs(next), h.want[2*faultmatrix.PageSize:3*faultmatrix.PageSize])
	})
}
