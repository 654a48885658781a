package awsrest_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/pagegen/pagegen/generated_examples/awsrest"
	"github.com/pagegen/pagegen/testdata/awsserver"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
)

// A token the caller puts in params is where the walk starts — and only
// there: the originating call is never sent with it, so a walk that has to
// restart does not send an old token again.
func TestTokenInParamsIsTheStartToken(t *testing.T) {
	srv := awsserver.New()
	want := srv.AddThings(25)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c, err := awsrest.NewClient(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first, err := c.ListThings(ctx, &awsrest.ListThingsParams{MaxResults: awsrest.Ptr(int32(10))})
	if err != nil {
		t.Fatal(err)
	}
	token := faultmatrix.Deref(first.Body.NextToken)
	if token == "" {
		t.Fatal("no token after the first page")
	}

	var got []string
	for thing, err := range c.ListThingsAll(ctx, &awsrest.ListThingsParams{NextToken: &token}, func(o *awsrest.PaginatorOptions) { o.Limit = 10 }) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, thingName(thing))
	}
	faultmatrix.ExactlyOnce(t, got, want[10:])

	// The walk's next token expires while it is under way. Started from a
	// raw token, the walk has no count of what came before it to restart
	// from: it reports the API's error, and never sends the params' token
	// again as though it were the first page.
	p := awsrest.NewListThingsPaginator(c, &awsrest.ListThingsParams{NextToken: &token}, func(o *awsrest.PaginatorOptions) { o.Limit = 10 })
	if _, err := p.NextPage(ctx); err != nil {
		t.Fatal(err)
	}
	srv.ExpireTokens()
	calls := len(srv.Calls())
	_, err = p.NextPage(ctx)
	var apiErr *awsrest.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want the API's token error", err)
	}
	if sent := srv.Calls()[calls:]; len(sent) != 1 || sent[0].Token == token {
		t.Errorf("sent %+v; want the one rejected request for the next page, and no restart", sent)
	}
}
