package generator_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/pagegen/pagegen/generator"
)

// Render generates a package in memory; nothing is written.
func ExampleRender() {
	pkg, err := generator.Render(context.Background(), generator.Config{
		Specs:   []string{"../specs/mws.yaml"},
		Package: "mws",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d operations, %d paginators\n", pkg.Operations, pkg.Paginators)
	for _, f := range pkg.Files {
		if strings.HasPrefix(f.Name, "op_") {
			fmt.Println(f.Name)
		}
	}
	// Output:
	// 6 operations, 3 paginators
	// op_get_report_list.go
	// op_get_report_list_by_next_token.go
	// op_list_customers.go
	// op_list_customers_by_next_token.go
	// op_list_orders.go
	// op_list_orders_by_next_token.go
}

// Update writes a rendered package into a directory and says what it
// changed; Check compares instead, for CI.
func ExampleUpdate() {
	pkg, err := generator.Render(context.Background(), generator.Config{
		Specs:   []string{"../specs/mws.yaml"},
		Package: "mws",
	})
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "mws")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "mws")

	first, err := generator.Update(out, pkg.Files)
	if err != nil {
		log.Fatal(err)
	}
	again, err := generator.Update(out, pkg.Files)
	if err != nil {
		log.Fatal(err)
	}
	diff, err := generator.Check(out, pkg.Files)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("first run wrote every file:", len(first.Written) == len(pkg.Files))
	fmt.Println("second run left every file unchanged:", len(again.Unchanged) == len(pkg.Files))
	fmt.Printf("check: %q\n", diff)
	// Output:
	// first run wrote every file: true
	// second run left every file unchanged: true
	// check: ""
}

// Build and Explain say, for every operation, whether and how it pages.
func ExampleExplain() {
	apis, err := generator.Build(context.Background(), generator.Config{Specs: []string{"../specs/mws.yaml"}})
	if err != nil {
		log.Fatal(err)
	}
	for _, op := range generator.Explain(apis[0]).Operations {
		switch {
		case op.Paginated:
			fmt.Printf("%s pages by %s, continued by %s\n", op.OperationID, op.RequestToken.Name, *op.NextOperation)
		case op.ContinuationOf != nil:
			fmt.Printf("%s continues %s\n", op.OperationID, *op.ContinuationOf)
		}
	}
	// Output:
	// GetReportList pages by NextToken, continued by GetReportListByNextToken
	// GetReportListByNextToken continues GetReportList
	// ListCustomers pages by NextToken, continued by ListCustomersByNextToken
	// ListCustomersByNextToken continues ListCustomers
	// ListOrders pages by NextToken, continued by ListOrdersByNextToken
	// ListOrdersByNextToken continues ListOrders
}
