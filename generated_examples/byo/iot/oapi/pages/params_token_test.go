package pages_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pagegen/pagegen/generated_examples/byo/iot/oapi/api"
	"github.com/pagegen/pagegen/generated_examples/byo/iot/oapi/pages"
	"github.com/pagegen/pagegen/testdata/awsserver"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
)

// A token the caller puts in params is where the walk starts — and only
// there: the originating call is never sent with it, so a walk that has to
// restart does not send an old token again. The caller's params are not
// changed.
func TestTokenInParamsIsTheStartToken(t *testing.T) {
	srv := awsserver.New()
	want := srv.AddThings(25)
	c := faultmatrix.NewClient(t, api.NewClientWithResponses, faultmatrix.Serve(t, srv))
	ctx := context.Background()
	max := int32(10)
	first, err := c.ListThingsWithResponse(ctx, &api.ListThingsParams{MaxResults: &max})
	if err != nil || first.JSON200 == nil {
		t.Fatalf("first page: %v", err)
	}
	token := faultmatrix.Deref(first.JSON200.NextToken)
	if token == "" {
		t.Fatal("no token after the first page")
	}

	limit := func(o *pages.PaginatorOptions) { o.Limit = 10 }
	params := &api.ListThingsParams{NextToken: &token}
	got := faultmatrix.Collect(t, pages.ListThingsAll(ctx, c, params, limit), thingName)
	faultmatrix.ExactlyOnce(t, got, want[10:])
	if *params.NextToken != token || params.MaxResults != nil {
		t.Errorf("params changed: %+v", params)
	}

	// The walk's next token expires while it is under way. Started from a
	// raw token, the walk has no count of what came before it to restart
	// from: it reports the API's error, and never sends the params' token
	// again as though it were the first page.
	p := pages.NewListThingsPaginator(c, params, limit)
	if _, err := p.NextPage(ctx); err != nil {
		t.Fatal(err)
	}
	srv.ExpireTokens()
	calls := len(srv.Calls())
	_, err = p.NextPage(ctx)
	var apiErr *pages.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want the API's token error", err)
	}
	if sent := srv.Calls()[calls:]; len(sent) != 1 || sent[0].Token == token {
		t.Errorf("sent %+v; want the one rejected request for the next page, and no restart", sent)
	}
}
