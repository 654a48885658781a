package pages_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/pagegen/pagegen/generated_examples/byo/iot/ogen/api"
	"github.com/pagegen/pagegen/generated_examples/byo/iot/ogen/pages"
	"github.com/pagegen/pagegen/testdata/awsserver"
)

// credentials is the ogen client's security source.
type credentials struct{}

func (credentials) Hmac(context.Context, api.OperationName) (api.Hmac, error) {
	return api.Hmac{APIKey: "AWS4-HMAC-SHA256 ..."}, nil
}

// ListThingsAll ranges over every thing, page after page, calling the ogen
// client's ListThings: here against an emulator of AWS IoT, in pages of
// two. The client is built with pages.HTTPClient, which keeps the HTTP
// responses the paginators read errors and retries from.
func ExampleListThingsAll() {
	emulator := awsserver.New()
	emulator.AddThings(5)
	srv := httptest.NewServer(emulator)
	defer srv.Close()

	client, err := api.NewClient(srv.URL, credentials{}, api.WithClient(pages.HTTPClient(nil)))
	if err != nil {
		log.Fatal(err)
	}
	pageSize := func(o *pages.PaginatorOptions) { o.Limit = 2 }
	for thing, err := range pages.ListThingsAll(context.Background(), client, api.ListThingsParams{}, pageSize) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(thing.ThingName.Value)
	}
	// Output:
	// thing-00001
	// thing-00002
	// thing-00003
	// thing-00004
	// thing-00005
}

// A paginator hands out one page at a time; its ResumeToken picks the walk
// up later, in another paginator, where it stopped.
func ExampleNewListPoliciesPaginator() {
	emulator := awsserver.New()
	emulator.AddPolicies(5)
	srv := httptest.NewServer(emulator)
	defer srv.Close()

	client, err := api.NewClient(srv.URL, credentials{}, api.WithClient(pages.HTTPClient(nil)))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	pageSize := func(o *pages.PaginatorOptions) { o.Limit = 2 }
	p := pages.NewListPoliciesPaginator(client, api.ListPoliciesParams{}, pageSize)
	page, err := p.NextPage(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("first page:", len(page.Items), "policies, request id set:", page.Response.XAmznRequestId.Set)

	resume := func(o *pages.PaginatorOptions) { o.StartToken = p.ResumeToken() }
	rest := pages.NewListPoliciesPaginator(client, api.ListPoliciesParams{}, pageSize, resume)
	for rest.HasMorePages() {
		page, err := rest.NextPage(ctx)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("then:", len(page.Items), "policies")
	}
	// Output:
	// first page: 2 policies, request id set: true
	// then: 2 policies
	// then: 1 policies
}
