package pages_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/pagegen/pagegen/generated_examples/byo/iot/oapi/api"
	"github.com/pagegen/pagegen/generated_examples/byo/iot/oapi/pages"
	"github.com/pagegen/pagegen/testdata/awsserver"
)

// ListThingsAll ranges over every thing, page after page, calling the
// oapi-codegen client's ListThingsWithResponse: here against an emulator
// of AWS IoT, in pages of two.
func ExampleListThingsAll() {
	emulator := awsserver.New()
	emulator.AddThings(5)
	srv := httptest.NewServer(emulator)
	defer srv.Close()

	client, err := api.NewClientWithResponses(srv.URL)
	if err != nil {
		log.Fatal(err)
	}
	pageSize := func(o *pages.PaginatorOptions) { o.Limit = 2 }
	for thing, err := range pages.ListThingsAll(context.Background(), client, &api.ListThingsParams{}, pageSize) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(*thing.ThingName)
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

	client, err := api.NewClientWithResponses(srv.URL)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	pageSize := func(o *pages.PaginatorOptions) { o.Limit = 2 }
	p := pages.NewListPoliciesPaginator(client, nil, pageSize)
	page, err := p.NextPage(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("first page:", len(page.Items), "policies, status", page.Response.StatusCode())

	resume := func(o *pages.PaginatorOptions) { o.StartToken = p.ResumeToken() }
	rest := pages.NewListPoliciesPaginator(client, nil, pageSize, resume)
	for rest.HasMorePages() {
		page, err := rest.NextPage(ctx)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("then:", len(page.Items), "policies")
	}
	// Output:
	// first page: 2 policies, status 200
	// then: 2 policies
	// then: 1 policies
}
