package pages_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generated_examples/byo/sfn/ogen/api"
	"github.com/pagegen/pagegen/generated_examples/byo/sfn/ogen/pages"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
	"github.com/pagegen/pagegen/testdata/moto"
)

// These tests run the paginators over the ogen client against the local
// AWS emulator moto_server, as generated_examples/sfn runs pagegen's own
// client: AWS's JSON 1.0 protocol, every call a POST / told apart by
// X-Amz-Target, with nextToken and maxResults in the JSON body. They walk
// ListActivities where generated_examples/sfn walks ListStateMachines:
// moto leaves out the state machines' type, which the spec requires and
// ogen's client insists on (TestMotoListStateMachinesLacksType).

func TestMain(m *testing.M) { moto.Main(m) }

// service is Step Functions' signing name, which moto routes by.
const service = "states"

func limit(n int32) func(*pages.PaginatorOptions) {
	return func(o *pages.PaginatorOptions) { o.Limit = n }
}

// newMotoClient returns a client of srv and the counter of the requests it
// sends. Requests go out signed, as moto routes them by the signature.
func newMotoClient(t *testing.T, srv *moto.Server) (*api.Client, *moto.Counter) {
	t.Helper()
	counter := &moto.Counter{}
	c, err := api.NewClient(srv.URL, unsigned{}, api.WithClient(pages.HTTPClient(editing{doer: counter, edit: moto.Sign(service)})))
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

// createActivities creates n activities and returns their ARNs in the
// order moto lists them (by creation date).
func createActivities(t *testing.T, srv *moto.Server, n int) []string {
	t.Helper()
	arns := make([]string, n)
	for i := range arns {
		name := fmt.Sprintf("activity-%02d", i)
		call(t, srv, "CreateActivity", map[string]string{"name": name})
		arns[i] = "arn:aws:states:" + moto.Region + ":" + moto.Account + ":activity:" + name
	}
	return arns
}

var acParams = api.ListActivitiesParams{XAmzTarget: api.ListActivitiesXAmzTargetAWSStepFunctionsListActivities}

func acARN(a api.ActivityListItem) string { return string(a.ActivityArn) }

func activityARNs(pg *pages.ListActivitiesPage) []string { return faultmatrix.KeysOf(pg.Items, acARN) }

// sentToken returns the nextToken the request carried in its JSON body,
// and checks that it carried maxResults 10.
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

func TestMotoListActivitiesEveryItemOnce(t *testing.T) {
	srv := moto.ForTest(t)
	want := createActivities(t, srv, 25)
	c, counter := newMotoClient(t, srv)

	moto.EveryItemOnce(t, pages.ListActivitiesPages(context.Background(), c, nil, acParams, limit(10)), activityARNs, want, "[10 10 5]")
	// One request a page: the first without a token, the others with the
	// token of the page before.
	moto.CheckRequests(t, counter, sentToken, []string{"", "*", "*"}, []int{200, 200, 200})
	for i, ex := range counter.Exchanges() {
		if target := ex.Header.Get("X-Amz-Target"); target != "AWSStepFunctions.ListActivities" {
			t.Errorf("request %d: X-Amz-Target %q", i, target)
		}
		if ct := ex.Header.Get("Content-Type"); ct != "application/x-amz-json-1.0" {
			t.Errorf("request %d: Content-Type %q", i, ct)
		}
	}
}

func TestMotoListActivitiesLimitOutOfRange(t *testing.T) {
	srv := moto.ForTest(t)
	c, counter := newMotoClient(t, srv)
	_, err := pages.NewListActivitiesPaginator(c, nil, acParams, limit(1001)).NextPage(context.Background())
	if !errors.Is(err, pages.ErrInvalidParams) {
		t.Fatalf("err = %v, want ErrInvalidParams", err)
	}
	if n := counter.Count(); n != 0 {
		t.Errorf("%d requests sent for a Limit above maxResults' maximum of 1000", n)
	}
}

// TestMotoListActivitiesExpiredToken saves a walk's ResumeToken after
// the first page and deletes the activity that the API's token in it
// points to; moto then rejects that token with HTTP 400 InvalidToken. A
// walk resumed from the saved token restarts from the originating call,
// without a token, drops the 10 activities the first walk returned,
// and returns the 14 left; so does the first walk when it goes on.
func TestMotoListActivitiesExpiredToken(t *testing.T) {
	srv := moto.ForTest(t)
	want := createActivities(t, srv, 25)
	c, counter := newMotoClient(t, srv)
	moto.Expiry[*pages.ListActivitiesPage]{
		Want: want,
		Paginator: func(start string, maxRestarts int) faultmatrix.Paginator[*pages.ListActivitiesPage] {
			return pages.NewListActivitiesPaginator(c, nil, acParams, limit(10), func(o *pages.PaginatorOptions) { o.StartToken, o.MaxRestarts = start, maxRestarts })
		},
		Counter: counter,
		Keys:    activityARNs,
		FirstToken: func(t *testing.T) string {
			plain, _ := newMotoClient(t, srv)
			pg, err := pages.NewListActivitiesPaginator(plain, nil, acParams, limit(10)).NextPage(context.Background())
			if err != nil || pg.Response.Response.NextToken.Value == "" {
				t.Fatalf("no nextToken after the first page: %v", err)
			}
			return string(pg.Response.Response.NextToken.Value)
		},
		TokenItem: func(arn string) string { return arn },
		Delete: func(t *testing.T, arn string) {
			call(t, srv, "DeleteActivity", map[string]string{"activityArn": arn})
		},
		IsInvalidToken: func(err error) bool {
			var apiErr *pages.APIError
			return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusBadRequest && apiErr.Code == "InvalidToken"
		},
		Token: sentToken,
	}.Run(t)
}

// TestMotoListActivitiesResumeMidPage stops a walk in the middle of a
// page with MaxItems and resumes it from its ResumeToken.
func TestMotoListActivitiesResumeMidPage(t *testing.T) {
	srv := moto.ForTest(t)
	want := createActivities(t, srv, 25)
	c, counter := newMotoClient(t, srv)
	ctx := context.Background()

	p := pages.NewListActivitiesPaginator(c, nil, acParams, limit(10), func(o *pages.PaginatorOptions) { o.MaxItems = 15 })
	got := faultmatrix.NewPager(p, activityARNs).Rest(t)
	faultmatrix.ExactlyOnce(t, got, want[:15])
	saved := p.ResumeToken()
	if saved == "" {
		t.Fatal("no resume token after MaxItems cut the walk short")
	}

	got = faultmatrix.Collect(t, pages.ListActivitiesAll(ctx, c, nil, acParams, limit(10), func(o *pages.PaginatorOptions) { o.StartToken = saved }), acARN)
	faultmatrix.ExactlyOnce(t, got, want[15:])
	// Two pages for the first walk; the second page again, then the last.
	if n := counter.Count(); n != 4 {
		t.Errorf("%d requests, want 4", n)
	}
}

// TestMotoListStateMachinesLacksType: moto lists state machines without
// their type, which the spec (after botocore's model) requires; ogen's
// client refuses such a page, and the walk reports it after one request
// rather than retrying it or yielding items without their type.
func TestMotoListStateMachinesLacksType(t *testing.T) {
	srv := moto.ForTest(t)
	call(t, srv, "CreateStateMachine", map[string]string{
		"name":       "machine",
		"definition": `{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}`,
		"roleArn":    "arn:aws:iam::" + moto.Account + ":role/pagegen",
	})
	c, counter := newMotoClient(t, srv)
	var err error
	n := 0
	for _, err = range pages.ListStateMachinesAll(context.Background(), c, nil, smParams) {
		if err != nil {
			break
		}
		n++
	}
	if err == nil || !strings.Contains(err.Error(), "type (field required)") {
		t.Fatalf("walk of %d items ended with %v, want ogen's error about the missing type", n, err)
	}
	if got := counter.Count(); got != 1 {
		t.Errorf("%d requests, want 1", got)
	}
}
