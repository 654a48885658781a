package pages_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pagegen/pagegen/generated_examples/byo/iot/ogen/api"
	"github.com/pagegen/pagegen/generated_examples/byo/iot/ogen/pages"
	"github.com/pagegen/pagegen/testdata/awsserver"
	"github.com/pagegen/pagegen/testdata/faultmatrix"
)

// A token the caller puts in params is where the walk starts — and only
// there: the originating call is never sent with it, so a walk that has to
// restart does not send an old token again.
func TestTokenInParamsIsTheStartToken(t *testing.T) {
	srv := awsserver.New()
	want := srv.AddThings(25)
	c := newClient(t, faultmatrix.Serve(t, srv), nil)
	ctx := context.Background()
	out, err := c.ListThings(ctx, api.ListThingsParams{MaxResults: api.NewOptRegistryMaxResults(10)})
	first, ok := out.(*api.ListThingsResponseHeaders)
	if err != nil || !ok {
		t.Fatalf("first page: %T, %v", out, err)
	}
	token := string(first.Response.NextToken.Value)
	if token == "" {
		t.Fatal("no token after the first page")
	}

	limit := func(o *pages.PaginatorOptions) { o.Limit = 10 }
	params := api.ListThingsParams{NextToken: api.NewOptNextToken(api.NextToken(token))}
	got := faultmatrix.Collect(t, pages.ListThingsAll(ctx, c, params, limit), thingName)
	faultmatrix.ExactlyOnce(t, got, want[10:])

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
