package pages_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/pagegen/pagegen/generated_examples/byo/paging/oapi/api"
	"github.com/pagegen/pagegen/generated_examples/byo/paging/oapi/pages"
	"github.com/pagegen/pagegen/testdata/pagingserver"
)

// ListShelfBooksAll takes the shelf, a path parameter, as the client's
// ListShelfBooksWithResponse does; the walk sends each page's token in the
// X-Page-Token header.
func ExampleListShelfBooksAll() {
	library := pagingserver.New()
	library.AddBooks("poetry", 3)
	srv := httptest.NewServer(library)
	defer srv.Close()

	client, err := api.NewClientWithResponses(srv.URL)
	if err != nil {
		log.Fatal(err)
	}
	pageSize := func(o *pages.PaginatorOptions) { o.Limit = 2 }
	for book, err := range pages.ListShelfBooksAll(context.Background(), client, "poetry", nil, pageSize) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(book.Id, book.Title)
	}
	// Output:
	// 1001 poetry book 00
	// 1002 poetry book 01
	// 1003 poetry book 02
}

// ListEventsPages pages by offset; the walk ends when the offset reaches
// the total the response gives, without asking for an empty page.
func ExampleListEventsPages() {
	library := pagingserver.New()
	library.AddEvents(7)
	srv := httptest.NewServer(library)
	defer srv.Close()

	client, err := api.NewClientWithResponses(srv.URL)
	if err != nil {
		log.Fatal(err)
	}
	pageSize := func(o *pages.PaginatorOptions) { o.Limit = 3 }
	for page, err := range pages.ListEventsPages(context.Background(), client, nil, pageSize) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d of %d events, from %q\n", len(page.Items), page.Response.JSON200.Total, page.Items[0].Name)
	}
	fmt.Println(len(library.Calls()), "requests")
	// Output:
	// 3 of 7 events, from "event 00"
	// 3 of 7 events, from "event 03"
	// 1 of 7 events, from "event 06"
	// 3 requests
}
