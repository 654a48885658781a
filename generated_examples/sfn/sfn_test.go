package sfn_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/pagegen/pagegen/generated_examples/sfn"
	"github.com/pagegen/pagegen/testdata/moto"
)

// These tests run the generated Step Functions client against the local AWS
// emulator moto_server: AWS's JSON 1.0 protocol, every call a POST / told
// apart by X-Amz-Target, with nextToken and maxResults in the JSON body.

func TestMain(m *testing.M) { moto.Main(m) }

// service is Step Functions' signing name, which moto routes by.
const service = "states"

func limit(n int32) func(*sfn.PaginatorOptions) {
	return func(o *sfn.PaginatorOptions) { o.Limit = n }
}

// newClient returns a client of srv and the counter of the requests it sends.
func newClient(t *testing.T, srv *moto.Server) (*sfn.Client, *moto.Counter) {
	t.Helper()
	counter := &moto.Counter{}
	c, err := sfn.NewClient(srv.URL, sfn.WithRequestEditor(moto.Sign(service)), sfn.WithHTTPClient(counter))
	if err != nil {
		t.Fatal(err)
	}
	return c, counter
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

func arns(items []sfn.StateMachineListItem) []string {
	out := make([]string, len(items))
	for i, sm := range items {
		out[i] = sm.StateMachineARN
	}
	return out
}

// sentToken returns the nextToken the request carried in its JSON body.
func sentToken(t *testing.T, ex moto.Exchange) string {
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

func TestListStateMachinesEveryItemOnce(t *testing.T) {
	srv := moto.ForTest(t)
	want := createStateMachines(t, srv, 25)
	c, counter := newClient(t, srv)

	var got []string
	var sizes []int
	for pg, err := range c.ListStateMachinesPages(context.Background(), nil, limit(10)) {
		if err != nil {
			t.Fatalf("walk failed after %d items: %v", len(got), err)
		}
		sizes = append(sizes, len(pg.Items))
		got = append(got, arns(pg.Items)...)
	}
	moto.ExactlyOnce(t, got, want)
	if fmt.Sprint(sizes) != "[10 10 5]" {
		t.Errorf("page sizes %v, want [10 10 5]", sizes)
	}
	// One request a page: the first without a token, the others with the
	// token of the page before.
	checkRequests(t, counter, []string{"", "*", "*"}, []int{200, 200, 200})
	for i, ex := range counter.Exchanges() {
		if target := ex.Header.Get("X-Amz-Target"); target != "AWSStepFunctions.ListStateMachines" {
			t.Errorf("request %d: X-Amz-Target %q", i, target)
		}
	}
}

func TestListStateMachinesLimitOutOfRange(t *testing.T) {
	srv := moto.ForTest(t)
	c, counter := newClient(t, srv)
	_, err := sfn.NewListStateMachinesPaginator(c, nil, limit(1001)).NextPage(context.Background())
	if !errors.Is(err, sfn.ErrInvalidParams) {
		t.Fatalf("err = %v, want ErrInvalidParams", err)
	}
	if n := counter.Count(); n != 0 {
		t.Errorf("%d requests sent for a Limit above maxResults' maximum of 1000", n)
	}
}

// walk returns the ARNs of the state machines p returns until its last page.
func walk(t *testing.T, p *sfn.ListStateMachinesPaginator) []string {
	t.Helper()
	var got []string
	for p.HasMorePages() {
		pg, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("walk failed after %d items: %v", len(got), err)
		}
		got = append(got, arns(pg.Items)...)
	}
	return got
}

// firstToken returns the API's token after the first page of 10, with a
// client of its own: moto's tokens are the same for the same query and
// position, so this is the token the paginators get.
func firstToken(t *testing.T, srv *moto.Server) string {
	t.Helper()
	c, err := sfn.NewClient(srv.URL, sfn.WithRequestEditor(moto.Sign(service)))
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.ListStateMachines(context.Background(), &sfn.ListStateMachinesParams{Body: &sfn.ListStateMachinesInput{MaxResults: sfn.Ptr(int32(10))}})
	if err != nil {
		t.Fatal(err)
	}
	if out.Body.NextToken == nil || *out.Body.NextToken == "" {
		t.Fatal("no nextToken after the first page")
	}
	return *out.Body.NextToken
}

// checkRequests fails t unless the requests counter saw carried the
// nextTokens in want ("" for none, "*" for any) and got the statuses in
// status.
func checkRequests(t *testing.T, counter *moto.Counter, want []string, status []int) {
	t.Helper()
	exs := counter.Exchanges()
	if len(exs) != len(want) {
		t.Fatalf("%d requests, want %d", len(exs), len(want))
	}
	for i, ex := range exs {
		tok := sentToken(t, ex)
		tokenOK := tok == want[i] || want[i] == "*" && tok != ""
		if ex.Status != status[i] || !tokenOK {
			t.Errorf("request %d: status %d with nextToken %q; want status %d with token %q", i, ex.Status, tok, status[i], want[i])
		}
	}
}

// TestListStateMachinesExpiredToken saves a walk's ResumeToken after the
// first page and deletes the state machine that the API's token in it
// points to; moto then rejects that token with HTTP 400 InvalidToken
// ("Invalid Token: Resource not found!"). A walk resumed from the saved
// token restarts from the originating call, without a token, drops the 10
// state machines the first walk returned, and returns the 14 left; so does
// the first walk when it goes on.
func TestListStateMachinesExpiredToken(t *testing.T) {
	srv := moto.ForTest(t)
	want := createStateMachines(t, srv, 25)
	c, counter := newClient(t, srv)

	p := sfn.NewListStateMachinesPaginator(c, nil, limit(10))
	first, err := p.NextPage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	moto.ExactlyOnce(t, arns(first.Items), want[:10])
	saved := p.ResumeToken()
	token := firstToken(t, srv)
	gone, err := moto.TokenItem(token)
	if err != nil {
		t.Fatal(err)
	}
	if gone != want[10] {
		t.Fatalf("the token points to %s, want the 11th state machine %s", gone, want[10])
	}
	call(t, srv, "DeleteStateMachine", map[string]string{"stateMachineArn": gone})

	// Without restarts, the walk reports moto's answer.
	noRestart := sfn.NewListStateMachinesPaginator(c, nil, limit(10), func(o *sfn.PaginatorOptions) {
		o.StartToken, o.MaxRestarts = saved, -1
	})
	_, err = noRestart.NextPage(context.Background())
	var apiErr *sfn.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || apiErr.Code != "InvalidToken" {
		t.Fatalf("err = %v, want moto's HTTP 400 InvalidToken", err)
	}

	resumed := sfn.NewListStateMachinesPaginator(c, nil, limit(10), func(o *sfn.PaginatorOptions) { o.StartToken = saved })
	moto.ExactlyOnce(t, walk(t, resumed), want[11:])
	// The first walk goes on the same way, dropping what it returned by ARN.
	moto.ExactlyOnce(t, walk(t, p), want[11:])

	// The first walk's page; the token rejected (and not retried) without
	// restarts; then, for the resumed walk and again for the first one:
	// the token rejected, the originating call, whose 10 state machines the
	// first walk returned, and the pages of the 14 left.
	checkRequests(t, counter,
		[]string{"", token, token, "", "*", "*", token, "", "*", "*"},
		[]int{200, 400, 400, 200, 200, 200, 400, 200, 200, 200})
}

// TestListStateMachinesResumeMidPage stops a walk in the middle of a page
// with MaxItems and resumes it from its ResumeToken.
func TestListStateMachinesResumeMidPage(t *testing.T) {
	srv := moto.ForTest(t)
	want := createStateMachines(t, srv, 25)
	c, counter := newClient(t, srv)
	ctx := context.Background()

	p := sfn.NewListStateMachinesPaginator(c, nil, limit(10), func(o *sfn.PaginatorOptions) { o.MaxItems = 15 })
	var got []string
	for p.HasMorePages() {
		pg, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, arns(pg.Items)...)
	}
	moto.ExactlyOnce(t, got, want[:15])
	saved := p.ResumeToken()
	if saved == "" {
		t.Fatal("no resume token after MaxItems cut the walk short")
	}

	got = got[:0]
	for sm, err := range c.ListStateMachinesAll(ctx, nil, limit(10), func(o *sfn.PaginatorOptions) { o.StartToken = saved }) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, sm.StateMachineARN)
	}
	moto.ExactlyOnce(t, got, want[15:])
	// Two pages for the first walk; the second page again, then the last.
	if n := counter.Count(); n != 4 {
		t.Errorf("%d requests, want 4", n)
	}
}
