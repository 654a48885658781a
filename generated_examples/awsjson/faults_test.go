package awsjson_test

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/awsjson"
	"github.com/pagegen/pagegen/testdata/awsserver"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
	"github.com/pagegen/pagegen/testdata/faults"
)

// The fault matrix of the AWS JSON protocol (Step Functions), run against
// testdata/awsserver: the cells of testdata/faultmatrix, through the
// adapter below, and the cells only Step Functions has.

type opts = func(*awsjson.PaginatorOptions)

// env is one cell's emulator, with faultmatrix.Total state machines, and a
// client of it.
type env struct {
	*awsserver.Server
	c    *awsjson.Client
	want []string
}

// setup starts an emulator and a client whose continuation requests go
// through edits.
func setup(t *testing.T, edits ...faultmatrix.TokenEdit) *env {
	t.Helper()
	srv := awsserver.New()
	want := srv.AddStateMachines(faultmatrix.Total)
	return &env{Server: srv, c: newClient(t, faultmatrix.Serve(t, srv), edits...), want: want}
}

// newClient returns a client of url whose continuation requests go through
// edits.
func newClient(t *testing.T, url string, edits ...faultmatrix.TokenEdit) *awsjson.Client {
	t.Helper()
	return faultmatrix.NewClient(t, awsjson.NewClient, url, awsjson.WithRequestEditor(faultmatrix.Editor(faultmatrix.InJSON("nextToken"), edits...)))
}

func smARN(s awsjson.StateMachineListItem) string { return s.StateMachineARN }

func pageARNs(pg *awsjson.ListStateMachinesPage) []string { return faultmatrix.KeysOf(pg.Items, smARN) }

func (e *env) Want() []string { return e.want }

// matrix adapts ListStateMachines and testdata/awsserver to the cells.
func matrix() *faultmatrix.Adapter[awsjson.PaginatorOptions, *env] {
	return &faultmatrix.Adapter[awsjson.PaginatorOptions, *env]{
		Setup: setup,
		All: func(e *env, ctx context.Context, o ...opts) iter.Seq2[string, error] {
			return faultmatrix.Keys(e.c.ListStateMachinesAll(ctx, nil, o...), smARN)
		},
		Pages: func(e *env, ctx context.Context, o ...opts) iter.Seq[error] {
			return faultmatrix.PageErrors(e.c.ListStateMachinesPages(ctx, nil, o...))
		},
		NewPager: func(e *env, o ...opts) faultmatrix.Pager {
			return faultmatrix.NewPager(awsjson.NewListStateMachinesPaginator(e.c, nil, o...), pageARNs)
		},
		FirstToken: func(e *env, ctx context.Context, limit int32) (string, error) {
			out, err := e.c.ListStateMachines(ctx, &awsjson.ListStateMachinesParams{Body: &awsjson.ListStateMachinesInput{MaxResults: &limit}})
			if err != nil || out.Body.NextToken == nil {
				return "", err
			}
			return *out.Body.NextToken, nil
		},
		Fields: func(o *awsjson.PaginatorOptions) faultmatrix.Fields {
			return faultmatrix.Fields{Limit: &o.Limit, MaxItems: &o.MaxItems, MaxPages: &o.MaxPages, MaxRestarts: &o.MaxRestarts, StartToken: &o.StartToken,
				Prefetch: &o.Prefetch, MaxAttempts: &o.Retry.MaxAttempts, BaseDelay: &o.Retry.BaseDelay, MaxDelay: &o.Retry.MaxDelay}
		},
		Op:           "ListStateMachines",
		Continuation: awsserver.WithToken(),
		Transient: []faultmatrix.NamedFault{
			{Name: "429_retry_after_seconds", Fault: awsserver.ErrorFault(http.StatusTooManyRequests, "ThrottlingException", "Rate exceeded", "1")},
			{Name: "503_retry_after_http_date", Fault: awsserver.Unavailable(faults.RetryAfterDate(time.Now().Add(time.Hour)))},
			{Name: "400_ThrottlingException", Fault: awsserver.Throttle("1")},
			{Name: "500_InternalFailure", Fault: awsserver.InternalError()},
		},
		Persistent: faultmatrix.Persistent{
			Name:  "500_persistent/gives_up_after_MaxAttempts",
			Fault: awsserver.InternalError(),
			Check: func(t *testing.T, err error) {
				var apiErr *awsjson.APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Code != "InternalFailure" {
					t.Fatalf("err = %v, want the 500 InternalFailure APIError", err)
				}
			},
		},
		Throttle:      awsserver.Throttle,
		CorruptedCode: "InvalidToken",
		ExpiredCode:   "InvalidToken",
		ErrTokenCycle: awsjson.ErrTokenCycle, ErrInvalidParams: awsjson.ErrInvalidParams, ErrTooManyRestarts: awsjson.ErrTooManyRestarts,
	}
}

// isInvalidToken reports whether err wraps Step Functions' answer to a bad
// token.
func isInvalidToken(err error) bool {
	var apiErr *awsjson.APIError
	return errors.As(err, &apiErr) && apiErr.Code == "InvalidToken"
}

func TestFaultMatrix(t *testing.T) {
	a := matrix()
	faultmatrix.Run(t, a)
	a.TooManyRestarts(t, isInvalidToken)
	a.LimitOutOfBounds(t, "Limit_out_of_bounds", 1001, "maxResults")
	ctx := context.Background()

	t.Run("mismatched_token/other_state_machine", func(t *testing.T) {
		srv := awsserver.New()
		sms := srv.AddStateMachines(2)
		srv.AddExecutions(sms[0], 4)
		want := srv.AddExecutions(sms[1], 12)
		// Newest first, as Step Functions lists them.
		slices.Reverse(want)
		url := faultmatrix.Serve(t, srv)
		out, err := newClient(t, url).ListExecutions(ctx, &awsjson.ListExecutionsParams{Body: &awsjson.ListExecutionsInput{
			StateMachineARN: &sms[0], MaxResults: awsjson.Ptr[int32](2),
		}})
		if err != nil || out.Body.NextToken == nil {
			t.Fatalf("token of the other state machine: %v", err)
		}
		foreign := *out.Body.NextToken
		c := newClient(t, url, faultmatrix.TokenEdit{Nth: 1, Edit: func(string) string { return foreign }})
		params := &awsjson.ListExecutionsParams{Body: &awsjson.ListExecutionsInput{StateMachineARN: &sms[1]}}
		got := faultmatrix.Collect(t, c.ListExecutionsAll(ctx, params, a.Fast, a.Limit(5)),
			func(ex awsjson.ExecutionListItem) string { return ex.ExecutionARN })
		faultmatrix.ExactlyOnce(t, got, want)
		if n := faultmatrix.Answers(srv.Calls(), "InvalidToken"); n != 1 {
			t.Errorf("%d InvalidToken answers, want 1", n)
		}
	})

	t.Run("token_cycle/same_token", func(t *testing.T) {
		e := setup(t)
		e.SetTokenCycle(1) // the page for T1 returns T1
		_, err := a.Walk(ctx, e)
		if !errors.Is(err, awsjson.ErrTokenCycle) {
			t.Fatalf("err = %v, want ErrTokenCycle", err)
		}
		if n := e.Faults().Requests(); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})

	t.Run("empty_list", func(t *testing.T) {
		srv := awsserver.New()
		c := newClient(t, faultmatrix.Serve(t, srv))
		for sm, err := range c.ListStateMachinesAll(ctx, nil, a.Fast) {
			t.Fatalf("got %v, %v from an empty list", sm, err)
		}
		if n := srv.Count(""); n != 1 {
			t.Errorf("%d calls, want 1", n)
		}
	})

	t.Run("ResumeToken/restart_after_resume", func(t *testing.T) {
		// A walk resumed mid-page whose token then expires restarts from
		// the first page and still repeats nothing.
		e := setup(t)
		p := a.Paginator(e, func(o *awsjson.PaginatorOptions) { o.MaxItems = 7 })
		got := p.Rest(t)
		e.ExpireTokens()
		rest, err := a.Walk(ctx, e, func(o *awsjson.PaginatorOptions) { o.StartToken = p.ResumeToken() })
		if err != nil {
			t.Fatal(err)
		}
		faultmatrix.ExactlyOnce(t, append(got, rest...), e.want)
	})

	t.Run("StartToken/raw_expired_is_an_error", func(t *testing.T) {
		// A raw token does not say how far into the walk it is, so the walk
		// cannot restart without repeats: it reports the API's error.
		e := setup(t)
		tok, err := a.FirstToken(e, ctx, faultmatrix.PageSize)
		if err != nil || tok == "" {
			t.Fatalf("first page: %q, %v", tok, err)
		}
		e.ExpireTokens()
		_, err = a.Walk(ctx, e, func(o *awsjson.PaginatorOptions) { o.StartToken = tok })
		if !isInvalidToken(err) {
			t.Fatalf("err = %v, want the InvalidToken APIError", err)
		}
	})

	t.Run("APIError/code_from___type", func(t *testing.T) {
		e := setup(t)
		arn := "arn:aws:states:us-east-1:123456789012:stateMachine:nope"
		var err error
		for _, err = range e.c.ListExecutionsAll(ctx, &awsjson.ListExecutionsParams{Body: &awsjson.ListExecutionsInput{StateMachineARN: &arn}}, a.Fast) {
			break
		}
		var apiErr *awsjson.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("err = %v, want an *APIError", err)
		}
		if apiErr.StatusCode != 400 || apiErr.Code != "StateMachineDoesNotExist" || !strings.Contains(apiErr.Message, arn) {
			t.Errorf("APIError = %+v, want 400 StateMachineDoesNotExist naming the ARN", apiErr)
		}
		if apiErr.RequestID == "" || apiErr.RequestID != apiErr.Header.Get("X-Amzn-Requestid") {
			t.Errorf("RequestID = %q, want the x-amzn-RequestId header %q", apiErr.RequestID, apiErr.Header.Get("X-Amzn-Requestid"))
		}
		if n := e.Faults().Requests(); n != 1 {
			t.Errorf("%d requests, want 1: a client error is not retried", n)
		}
	})

	t.Run("APIError/namespaced_throttling_gives_up", func(t *testing.T) {
		e := setup(t)
		e.Faults().Every(nil, awsserver.Throttle(""))
		_, err := a.Walk(ctx, e, func(o *awsjson.PaginatorOptions) { o.Retry.MaxAttempts = 4 })
		var apiErr *awsjson.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != "ThrottlingException" || apiErr.StatusCode != 400 {
			t.Fatalf("err = %v, want the 400 ThrottlingException APIError", err)
		}
		if n := e.Faults().Requests(); n != 4 {
			t.Errorf("%d requests, want 4 (Retry.MaxAttempts)", n)
		}
	})

	t.Run("no_params_no_limit", func(t *testing.T) {
		// A nil Params and no Limit still send the JSON body the protocol
		// requires.
		e := setup(t)
		got := faultmatrix.Collect(t, e.c.ListStateMachinesAll(ctx, nil, a.Fast), smARN)
		faultmatrix.ExactlyOnce(t, got, e.want)
	})
}
