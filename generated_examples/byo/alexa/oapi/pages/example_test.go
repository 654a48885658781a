package pages_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/pagegen/pagegen/generated_examples/byo/alexa/oapi/api"
	"github.com/pagegen/pagegen/generated_examples/byo/alexa/oapi/pages"
	"github.com/pagegen/pagegen/testdata/alexaserver"
)

// QueryEndpointsAll pages through a POST operation: the walk sends the
// token and page size in the body's paginationContext, and leaves the
// caller's body as it was. Here against an emulator of the Alexa Smart
// Properties APIs, in pages of two.
func ExampleQueryEndpointsAll() {
	emulator := alexaserver.New()
	emulator.AddEndpoints("", 3)
	srv := httptest.NewServer(emulator)
	defer srv.Close()

	client, err := api.NewClientWithResponses(srv.URL)
	if err != nil {
		log.Fatal(err)
	}
	pageSize := func(o *pages.PaginatorOptions) { o.Limit = 2 }
	body := api.QueryEndpointsJSONRequestBody{}
	n := 0
	for _, err := range pages.QueryEndpointsAll(context.Background(), client, body, pageSize) {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println(n, "endpoints; body still without a paginationContext:", body.PaginationContext == nil)
	// Output:
	// 3 endpoints; body still without a paginationContext: true
}

// ListUnitsAll ranges over every unit, page after page, calling the
// client's ListUnitsWithResponse.
func ExampleListUnitsAll() {
	emulator := alexaserver.New()
	emulator.AddUnits("", 3)
	srv := httptest.NewServer(emulator)
	defer srv.Close()

	client, err := api.NewClientWithResponses(srv.URL)
	if err != nil {
		log.Fatal(err)
	}
	pageSize := func(o *pages.PaginatorOptions) { o.Limit = 2 }
	for unit, err := range pages.ListUnitsAll(context.Background(), client, nil, pageSize) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(*unit.Name.Value.Text)
	}
	// Output:
	// Room 0001
	// Room 0002
	// Room 0003
}
