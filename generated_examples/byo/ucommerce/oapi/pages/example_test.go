package pages_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/pagegen/pagegen/generated_examples/byo/ucommerce/oapi/api"
	"github.com/pagegen/pagegen/generated_examples/byo/ucommerce/oapi/pages"
	"github.com/pagegen/pagegen/testdata/ucommerceserver"
)

// ListCountriesAll ranges over every country of a store, page after page,
// calling the oapi-codegen client's ListCountriesWithResponse: here against
// an emulator of Ucommerce's headless API, in pages of two.
func ExampleListCountriesAll() {
	emulator := ucommerceserver.New()
	emulator.DefaultStore().AddCountries(5)
	srv := httptest.NewServer(emulator)
	defer srv.Close()

	client, err := api.NewClientWithResponses(srv.URL)
	if err != nil {
		log.Fatal(err)
	}
	pageSize := func(o *pages.PaginatorOptions) { o.Limit = 2 }
	for country, err := range pages.ListCountriesAll(context.Background(), client, nil, pageSize) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(country.Name)
	}
	// Output:
	// Country 0001
	// Country 0002
	// Country 0003
	// Country 0004
	// Country 0005
}
