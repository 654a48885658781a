package pages_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/pagegen/pagegen/generated_examples/byo/sfn/oapi/api"
	"github.com/pagegen/pagegen/generated_examples/byo/sfn/oapi/pages"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
	"github.com/pagegen/pagegen/testdata/moto"
)

// These tests run the paginators over the oapi-codegen client against the
// local AWS emulator moto_server, as generated_examples/sfn runs pagegen's
// own client: AWS's JSON 1.0 protocol, every call a POST / told apart by
// X-Amz-Target, with nextToken and maxResults in the JSON body.

func TestMain(m *testing.M) { moto.Main(m) }

// service is Step Functions' signing name, which moto routes by.
const service = "states"

func limit(n int32) func(*pages.PaginatorOptions) {
	return func(o *pages.PaginatorOptions) { o.Limit = n }
}

// newMotoClient returns a client of srv and the counter of the requests it
// sends. Requests go out signed, as moto routes them by the signature.
func newMotoClient(t *testing.T, srv *moto.Server) (*api.ClientWithResponses, *moto.Counter) {
	t.Helper()
	counter := &moto.Counter{}
	return faultmatrix.NewClient(t, api.NewClientWithResponses, srv.URL, api.WithRequestEditorFn(moto.Sign(service)), api.WithHTTPClient(counter)), counter
}

// call sends one Step Functions operation with plain net/http.
func call(t *testing.T, srv *moto.Server, op string, in any) {
	t.Helper()
	body, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	header := http.Header{
		"X-Amz-Target": {"AWSStepFunctions." + op},
		"Content-Type": {"application/x-amz-json-1.0"},
	}
	if _, err := srv.Call(context.Background(), service, http.MethodPost, "/", header, string(body)); err != nil {
		t.Fatal(err)
	}
}

// createStateMachines creates n state machines and returns their ARNs in
// the order moto lists them (by creation date).
func createStateMachines(t *testing.T, srv *moto.Server, n int) []string {
	t.Helper()
	arns := make([]string, n)
	for i := range arns {
		name := fmt.Sprintf("machine-%02d", i)
		call(t, srv, "CreateStateMachine", map[string]string{
			"name":       name,
			"definition": `{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}`,
			"roleArn":    "arn:aws:iam::" + moto.Account + ":role/pagegen",
		})
		arns[i] = "arn:aws:states:" + moto.Region + ":" + moto.Account + ":stateMachine:" + name
	}
	return arns
}

// sentToken returns the nextToken the request carried in its JSON body.
func sentToken(t testing.TB, ex moto.Exchange) string {
	t.Helper()
	var in struct {
		NextToken  string `json:"nextToken"`
		MaxResults int32  `json:"maxResults"`
	}
	if err := json.Unmarshal(ex.Body, &in); err != nil {
		t.Fatalf("request body %s: %v", ex.Body, err)
	}
	if in.MaxResults != 10 {
		t.Errorf("request sent maxResults %d, want 10", in.MaxResults)
	}
	return in.NextToken
}

func TestMotoListStateMachinesEveryItemOnce(t *testing.T) {
	srv := moto.ForTest(t)
	want := createStateMachines(t, srv, 25)
	c, counter := newMotoClient(t, srv)

	moto.EveryItemOnce(t, pages.ListStateMachinesPages(context.Background(), c, smParams, api.ListStateMachinesInput{}, limit(10)), pageARNs, want, "[10 10 5]")
	// One request a page: the first without a token, the others with the
	// token of the page before.
	moto.CheckRequests(t, counter, sentToken, []string{"", "*", "*"}, []int{200, 200, 200})
	for i, ex := range counter.Exchanges() {
		if target := ex.Header.Get("X-Amz-Target"); target != "AWSStepFunctions.ListStateMachines" {
			t.Errorf("request %d: X-Amz-Target %q", i, target)
		}
		if ct := ex.Header.Get("Content-Type"); ct != "application/x-amz-json-1.0" {
			t.Errorf("request %d: Content-Type %q", i, ct)
		}
	}
}

func TestMotoListStateMachinesLimitOutOfRange(t *testing.T) {
	srv := moto.ForTest(t)
	c, counter := newMotoClient(t, srv)
	_, err := pages.NewListStateMachinesPaginator(c, smParams, api.ListStateMachinesInput{}, limit(1001)).NextPage(context.Background())
	if !errors.Is(err, pages.ErrInvalidParams) {
		t.Fatalf("err = %v, want ErrInvalidParams", err)
	}
	if n := counter.Count(); n != 0 {
		t.Errorf("%d requests sent for a Limit above maxResults' maximum of 1000", n)
	}
}

// TestMotoListStateMachinesExpiredToken saves a walk's ResumeToken after the
// first page and deletes the state machine that the API's token in it
// points to; moto then rejects that token with HTTP 400 InvalidToken
// ("Invalid Token: Resource not found!"). A walk resumed from the saved
// token restarts from the originating call, without a token, drops the 10
// state machines the first walk returned, and returns the 14 left; so does
// the first walk when it goes on.
func TestMotoListStateMachinesExpiredToken(t *testing.T) {
	srv := moto.ForTest(t)
	want := createStateMachines(t, srv, 25)
	c, counter := newMotoClient(t, srv)
	moto.Expiry[*pages.ListStateMachinesPage]{
		Want: want,
		Paginator: func(start string, maxRestarts int) faultmatrix.Paginator[*pages.ListStateMachinesPage] {
			return pages.NewListStateMachinesPaginator(c, smParams, api.ListStateMachinesInput{}, limit(10), func(o *pages.PaginatorOptions) { o.StartToken, o.MaxRestarts = start, maxRestarts })
		},
		Counter: counter,
		Keys:    pageARNs,
		FirstToken: func(t *testing.T) string {
			plain := faultmatrix.NewClient(t, api.NewClientWithResponses, srv.URL, api.WithRequestEditorFn(moto.Sign(service)))
			tok, err := firstToken(context.Background(), plain, 10)
			if err != nil || tok == "" {
				t.Fatalf("no nextToken after the first page: %v", err)
			}
			return tok
		},
		TokenItem: func(arn string) string { return arn },
		Delete: func(t *testing.T, arn string) {
			call(t, srv, "DeleteStateMachine", map[string]string{"stateMachineArn": arn})
		},
		IsInvalidToken: func(err error) bool {
			var apiErr *pages.APIError
			return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusBadRequest && apiErr.Code == "InvalidToken"
		},
		Token: sentToken,
	}.Run(t)
}

// TestMotoListStateMachinesResumeMidPage stops a walk in the middle of a page
// with MaxItems and resumes it from its ResumeToken.
func TestMotoListStateMachinesResumeMidPage(t *testing.T) {
	srv := moto.ForTest(t)
	want := createStateMachines(t, srv, 25)
	c, counter := newMotoClient(t, srv)
	ctx := context.Background()

	p := pages.NewListStateMachinesPaginator(c, smParams, api.ListStateMachinesInput{}, limit(10), func(o *pages.PaginatorOptions) { o.MaxItems = 15 })
	got := faultmatrix.NewPager(p, pageARNs).Rest(t)
	faultmatrix.ExactlyOnce(t, got, want[:15])
	saved := p.ResumeToken()
	if saved == "" {
		t.Fatal("no resume token after MaxItems cut the walk short")
	}

	got = faultmatrix.Collect(t, pages.ListStateMachinesAll(ctx, c, smParams, api.ListStateMachinesInput{}, limit(10), func(o *pages.PaginatorOptions) { o.StartToken = saved }), smARN)
	faultmatrix.ExactlyOnce(t, got, want[15:])
	// Two pages for the first walk; the second page again, then the last.
	if n := counter.Count(); n != 4 {
		t.Errorf("%d requests, want 4", n)
	}
}
