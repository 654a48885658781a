package pages_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/pagegen/pagegen/generated_examples/byo/ucommerce/ogen/api"
	"github.com/pagegen/pagegen/generated_examples/byo/ucommerce/ogen/pages"
	"github.com/pagegen/pagegen/testdata/ucommerceserver"
)

// ListCountriesAll ranges over every country of a store, page after page,
// calling the ogen client's ListCountries: here against an emulator of
// Ucommerce's headless API, in pages of two. The client is built with
// pages.HTTPClient, which keeps the HTTP responses the paginators read
// errors, retries and undeclared token spellings from, and with the
// store's access token as its api.SecuritySource (bearer).
func ExampleListCountriesAll() {
	emulator := ucommerceserver.New()
	store := emulator.DefaultStore()
	store.AddCountries(5)
	srv := httptest.NewServer(emulator)
	defer srv.Close()

	client, err := api.NewClient(srv.URL, bearer(store.AccessToken()), api.WithClient(pages.HTTPClient(nil)))
	if err != nil {
		log.Fatal(err)
	}
	pageSize := func(o *pages.PaginatorOptions) { o.Limit = 2 }
	for country, err := range pages.ListCountriesAll(context.Background(), client, api.ListCountriesParams{}, pageSize) {
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
