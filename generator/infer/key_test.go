package infer_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The key a restarted walk finds its place by is inferred from the item
// schema where one property makes it evident, reported with its reason,
// and left out where the schema does not settle it.
func TestInferKey(t *testing.T) {
	tests := []struct {
		name   string
		props  string // the item schema's properties
		schema string // the item schema's name
		want   string // "" for no key
	}{
		{"id", `{id: {type: integer}, name: {type: string}}`, "Thing", "id"},
		{"…Id over Arn and name", `{ThingId: {type: string}, ThingArn: {type: string}, Name: {type: string}}`, "Thing", "ThingId"},
		{"Arn over name", `{stateMachineArn: {type: string}, name: {type: string}}`, "StateMachineListItem", "stateMachineArn"},
		{"S3 Key", `{Key: {type: string}, ETag: {type: string}, Size: {type: integer}}`, "Object", "Key"},
		{"name alone", `{name: {type: string}, size: {type: integer}}`, "Blob", "name"},
		{"several …Id, one named after the schema", `{AmazonOrderId: {type: string}, SellerOrderId: {type: string}, BuyerId: {type: string}}`, "SellerOrder", "SellerOrderId"},
		{"several …Id, none settles it", `{BuyerId: {type: string}, SellerId: {type: string}}`, "Order", ""},
		{"an id that is an object", `{id: {type: object}, title: {type: string}}`, "Note", ""},
		{"words that end in id", `{paid: {type: boolean}, valid: {type: string}, title: {type: string}}`, "Invoice", ""},
		{"nothing evident", `{title: {type: string}, size: {type: integer}}`, "Note", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := build(t, specOf(fmt.Sprintf(`
paths:
  /things:
    get:
      operationId: listThings
      parameters: [{name: nextToken, in: query, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/%s'}}
                  nextToken: {type: string}
components:
  schemas:
    %s: {type: object, properties: %s}
`, tt.schema, tt.schema, tt.props)))
			p := api.Operations[0].Pagination
			if p == nil {
				t.Fatal("not paginated")
			}
			if p.Key != tt.want {
				t.Fatalf("key = %q, want %q", p.Key, tt.want)
			}
			inferred := slices.ContainsFunc(p.Reasons, func(r string) bool { return strings.HasPrefix(r, "key "+tt.want+": inferred") })
			if tt.want != "" && (p.KeySource != "inferred" || !inferred) {
				t.Errorf("key source %q, reasons %q; want inferred, with a reason", p.KeySource, p.Reasons)
			}
		})
	}
}

// A key the annotation names wins over inference and keeps its source.
func TestAnnotatedKeyWins(t *testing.T) {
	api := build(t, specOf(`
paths:
  /things:
    get:
      operationId: listThings
      x-pagination: {token: {request: nextToken, response: nextToken}, items: items, key: name}
      parameters: [{name: nextToken, in: query, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: object, properties: {id: {type: string}, name: {type: string}}}}
                  nextToken: {type: string}
`))
	if p := api.Operations[0].Pagination; p.Key != "name" || p.KeySource != "x-pagination" {
		t.Errorf("key = %q from %q, want name from x-pagination", p.Key, p.KeySource)
	}
}
