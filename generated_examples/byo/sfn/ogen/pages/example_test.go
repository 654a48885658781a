package pages_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/pagegen/pagegen/generated_examples/byo/sfn/ogen/api"
	"github.com/pagegen/pagegen/generated_examples/byo/sfn/ogen/pages"
	"github.com/pagegen/pagegen/testdata/awsserver"
)

// credentials is the ogen client's security source.
type credentials struct{}

func (credentials) Hmac(context.Context, api.OperationName) (api.Hmac, error) {
	return api.Hmac{APIKey: "AWS4-HMAC-SHA256 ..."}, nil
}

// ListStateMachinesAll ranges over every state machine, page after page,
// calling the ogen client's ListStateMachines: here against an emulator of
// Step Functions, in pages of two. The token travels in the JSON body
// (application/x-amz-json-1.0), which pagegen writes through the client's
// own request type. The client is built with pages.HTTPClient, which keeps
// the HTTP responses the paginators read errors and retries from. The
// X-Amz-Target header the spec fixes for the operation is the paginator's
// to set: the params may leave it out.
func ExampleListStateMachinesAll() {
	emulator := awsserver.New()
	emulator.AddStateMachines(5)
	srv := httptest.NewServer(emulator)
	defer srv.Close()

	client, err := api.NewClient(srv.URL, credentials{}, api.WithClient(pages.HTTPClient(nil)))
	if err != nil {
		log.Fatal(err)
	}
	params := api.ListStateMachinesParams{}
	pageSize := func(o *pages.PaginatorOptions) { o.Limit = 2 }
	for sm, err := range pages.ListStateMachinesAll(context.Background(), client, nil, params, pageSize) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(sm.Name)
	}
	// Output:
	// sm-00001
	// sm-00002
	// sm-00003
	// sm-00004
	// sm-00005
}
