package pages_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/pagegen/pagegen/generated_examples/byo/sfn/oapi/api"
	"github.com/pagegen/pagegen/generated_examples/byo/sfn/oapi/pages"
	"github.com/pagegen/pagegen/testdata/awsserver"
)

// ListStateMachinesAll ranges over every state machine, page after page,
// calling the client's ListStateMachinesWithBodyWithResponse: here against
// an emulator of Step Functions, in pages of two. The token travels in the
// body, the client's ListStateMachinesInput, which the paginator encodes as
// JSON and sends as application/x-amz-json-1.0; it decodes each page into
// the client's ListStateMachinesOutput. The X-Amz-Target header the spec
// fixes for the operation is the paginator's to set: no params are needed.
func ExampleListStateMachinesAll() {
	emulator := awsserver.New()
	emulator.AddStateMachines(5)
	srv := httptest.NewServer(emulator)
	defer srv.Close()

	client, err := api.NewClientWithResponses(srv.URL)
	if err != nil {
		log.Fatal(err)
	}
	pageSize := func(o *pages.PaginatorOptions) { o.Limit = 2 }
	for sm, err := range pages.ListStateMachinesAll(context.Background(), client, nil, api.ListStateMachinesInput{}, pageSize) {
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
