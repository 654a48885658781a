package pages_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generated_examples/byo/sfn/oapi/api"
	"github.com/pagegen/pagegen/generated_examples/byo/sfn/oapi/pages"
	"github.com/pagegen/pagegen/testdata/awsserver"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
	"github.com/pagegen/pagegen/testdata/faults"
)

// The fault matrix of the AWS JSON 1.0 protocol (Step Functions) over an
// oapi-codegen client, run against testdata/awsserver: the cells pagegen's
// own Step Functions client (generated_examples/awsjson) goes through, with
// nextToken and maxResults in the application/x-amz-json-1.0 body, which
// oapi-codegen's methods take as an io.Reader and its responses leave raw.

type opts = func(*pages.PaginatorOptions)

// The params of each operation: the X-Amz-Target header the operation is
// named by.
var (
	smParams = &api.ListStateMachinesParams{XAmzTarget: api.AWSStepFunctionsListStateMachines}
	exParams = &api.ListExecutionsParams{XAmzTarget: api.AWSStepFunctionsListExecutions}
)

// newClient returns a client of url whose continuation requests go through
// edits.
func newClient(t *testing.T, url string, edits ...faultmatrix.TokenEdit) *api.ClientWithResponses {
	t.Helper()
	return faultmatrix.NewClient(t, api.NewClientWithResponses, url, api.WithRequestEditorFn(faultmatrix.Editor(faultmatrix.InJSON("nextToken"), edits...)))
}

// env is one cell's emulator, with faultmatrix.Total state machines, and a
// client of it.
type env struct {
	*awsserver.Server
	c    *api.ClientWithResponses
	want []string
}

func (e *env) Want() []string { return e.want }

// setup starts an emulator and a client whose continuation requests go
// through edits.
func setup(t *testing.T, edits ...faultmatrix.TokenEdit) *env {
	t.Helper()
	srv := awsserver.New()
	want := srv.AddStateMachines(faultmatrix.Total)
	return &env{Server: srv, c: newClient(t, faultmatrix.Serve(t, srv), edits...), want: want}
}

func smARN(s api.StateMachineListItem) string { return s.StateMachineArn }

func exARN(ex api.ExecutionListItem) string { return ex.ExecutionArn }

func pageARNs(pg *pages.ListStateMachinesPage) []string { return faultmatrix.KeysOf(pg.Items, smARN) }

// firstToken returns the API's token after a first page of limit state
// machines, called with the client alone.
func firstToken(ctx context.Context, c *api.ClientWithResponses, limit int32) (string, error) {
	in, err := json.Marshal(api.ListStateMachinesInput{MaxResults: &limit})
	if err != nil {
		return "", err
	}
	res, err := c.ListStateMachinesWithBodyWithResponse(ctx, smParams, "application/x-amz-json-1.0", bytes.NewReader(in))
	if err != nil {
		return "", err
	}
	var out api.ListStateMachinesOutput
	if err := json.Unmarshal(res.Body, &out); err != nil || out.NextToken == nil {
		return "", err
	}
	return *out.NextToken, nil
}

// matrix adapts ListStateMachines and testdata/awsserver to the cells.
func matrix() *faultmatrix.Adapter[pages.PaginatorOptions, *env] {
	return &faultmatrix.Adapter[pages.PaginatorOptions, *env]{
		Setup: setup,
		All: func(e *env, ctx context.Context, o ...opts) iter.Seq2[string, error] {
			return faultmatrix.Keys(pages.ListStateMachinesAll(ctx, e.c, smParams, api.ListStateMachinesInput{}, o...), smARN)
		},
		Pages: func(e *env, ctx context.Context, o ...opts) iter.Seq[error] {
			return faultmatrix.PageErrors(pages.ListStateMachinesPages(ctx, e.c, smParams, api.ListStateMachinesInput{}, o...))
		},
		NewPager: func(e *env, o ...opts) faultmatrix.Pager {
			return faultmatrix.NewPager(pages.NewListStateMachinesPaginator(e.c, smParams, api.ListStateMachinesInput{}, o...), pageARNs)
		},
		FirstToken: func(e *env, ctx context.Context, limit int32) (string, error) {
			return firstToken(ctx, e.c, limit)
		},
		Fields: func(o *pages.PaginatorOptions) faultmatrix.Fields {
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
				var apiErr *pages.APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Code != "InternalFailure" {
					t.Fatalf("err = %v, want the 500 InternalFailure APIError", err)
				}
			},
		},
		Throttle:      awsserver.Throttle,
		CorruptedCode: "InvalidToken",
		ExpiredCode:   "InvalidToken",
		ErrTokenCycle: pages.ErrTokenCycle, ErrInvalidParams: pages.ErrInvalidParams, ErrTooManyRestarts: pages.ErrTooManyRestarts,
	}
}

// isInvalidToken reports whether err wraps Step Functions' answer to a bad
// token.
func isInvalidToken(err error) bool {
	var apiErr *pages.APIError
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
		in, _ := json.Marshal(api.ListExecutionsInput{StateMachineArn: &sms[0], MaxResults: pages.Ptr[int32](2)})
		res, err := newClient(t, url).ListExecutionsWithBodyWithResponse(ctx, exParams, "application/x-amz-json-1.0", bytes.NewReader(in))
		var out api.ListExecutionsOutput
		if err != nil || json.Unmarshal(res.Body, &out) != nil || out.NextToken == nil {
			t.Fatalf("token of the other state machine: %v", err)
		}
		foreign := *out.NextToken
		c := newClient(t, url, faultmatrix.TokenEdit{Nth: 1, Edit: func(string) string { return foreign }})
		body := api.ListExecutionsInput{StateMachineArn: &sms[1]}
		got := faultmatrix.Collect(t, pages.ListExecutionsAll(ctx, c, exParams, body, a.Fast, a.Limit(5)), exARN)
		faultmatrix.ExactlyOnce(t, got, want)
		if n := faultmatrix.Answers(srv.Calls(), "InvalidToken"); n != 1 {
			t.Errorf("%d InvalidToken answers, want 1", n)
		}
	})

	t.Run("token_cycle/same_token", func(t *testing.T) {
		e := setup(t)
		e.SetTokenCycle(1) // the page for T1 returns T1
		_, err := a.Walk(ctx, e)
		if !errors.Is(err, pages.ErrTokenCycle) {
			t.Fatalf("err = %v, want ErrTokenCycle", err)
		}
		if n := e.Faults().Requests(); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})

	t.Run("empty_list", func(t *testing.T) {
		srv := awsserver.New()
		c := newClient(t, faultmatrix.Serve(t, srv))
		for sm, err := range pages.ListStateMachinesAll(ctx, c, smParams, api.ListStateMachinesInput{}, a.Fast) {
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
		p := a.Paginator(e, func(o *pages.PaginatorOptions) { o.MaxItems = 7 })
		got := p.Rest(t)
		e.ExpireTokens()
		rest, err := a.Walk(ctx, e, func(o *pages.PaginatorOptions) { o.StartToken = p.ResumeToken() })
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
		_, err = a.Walk(ctx, e, func(o *pages.PaginatorOptions) { o.StartToken = tok })
		if !isInvalidToken(err) {
			t.Fatalf("err = %v, want the InvalidToken APIError", err)
		}
	})

	t.Run("APIError/code_from___type", func(t *testing.T) {
		e := setup(t)
		arn := "arn:aws:states:us-east-1:123456789012:stateMachine:nope"
		var err error
		for _, err = range pages.ListExecutionsAll(ctx, e.c, exParams, api.ListExecutionsInput{StateMachineArn: &arn}, a.Fast) {
			break
		}
		var apiErr *pages.APIError
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
		_, err := a.Walk(ctx, e, func(o *pages.PaginatorOptions) { o.Retry.MaxAttempts = 4 })
		var apiErr *pages.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != "ThrottlingException" || apiErr.StatusCode != 400 {
			t.Fatalf("err = %v, want the 400 ThrottlingException APIError", err)
		}
		if n := e.Faults().Requests(); n != 4 {
			t.Errorf("%d requests, want 4 (Retry.MaxAttempts)", n)
		}
	})

	t.Run("no_body_no_limit", func(t *testing.T) {
		// An empty body and no Limit still send the JSON body the protocol
		// requires.
		e := setup(t)
		got := faultmatrix.Collect(t, pages.ListStateMachinesAll(ctx, e.c, smParams, api.ListStateMachinesInput{}, a.Fast), smARN)
		faultmatrix.ExactlyOnce(t, got, e.want)
	})

	t.Run("path_is_slash", func(t *testing.T) {
		// Every request goes to POST /, as AWS's JSON protocol has it:
		// oapi-codegen resolves the spec's "/#X-Amz-Target=…" path key as a
		// URL, whose fragment is not sent.
		e := setup(t)
		faultmatrix.Collect(t, pages.ListStateMachinesAll(ctx, e.c, smParams, api.ListStateMachinesInput{}, a.Fast, a.Limit(10)), smARN)
		calls := e.Calls()
		if len(calls) != 3 {
			t.Fatalf("%d calls, want 3", len(calls))
		}
		for i, c := range calls {
			if c.Op != "ListStateMachines" {
				t.Errorf("call %d: %+v, want ListStateMachines", i, c)
			}
		}
	})
}

// TestUndecodableBody: oapi-codegen leaves the application/x-amz-json-1.0
// body raw, and the paginator decodes it: a 200 that is not the output's
// JSON (an HTML page, null) is a *DecodeError naming the content type.
func TestUndecodableBody(t *testing.T) {
	for _, c := range []struct{ contentType, body string }{
		{"text/html", "<html>Service Unavailable</html>"},
		{"application/x-amz-json-1.0", "null"},
	} {
		t.Run(c.body, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", c.contentType)
				w.Write([]byte(c.body))
			}))
			defer srv.Close()
			var err error
			for _, err = range pages.ListStateMachinesAll(context.Background(), newClient(t, srv.URL), smParams, api.ListStateMachinesInput{}) {
				break
			}
			var decErr *pages.DecodeError
			if !errors.As(err, &decErr) || decErr.ContentType != c.contentType || decErr.Op != "ListStateMachines" {
				t.Fatalf("err = %v, want a DecodeError of ListStateMachines naming %s", err, c.contentType)
			}
		})
	}
}
