package load

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A Swagger 2.0 document whose swagger key comes last, as in Slack's
// (sorted) JSON, with x-ms-paths, list-form items and a BOM.
const swagger2Doc = "\xef\xbb\xbf" + `{
  "info": {"title": "t", "version": "1"},
  "paths": {
    "/items": {"get": {"operationId": "list", "x-ms-pageable": {"nextLinkName": "nextLink", "operationName": "listNext"},
      "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Page"}}}}}
  },
  "x-ms-paths": {
    "/items?next": {"get": {"operationId": "listNext",
      "parameters": [{"name": "nextLink", "in": "query", "type": "string", "required": true}],
      "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Page"}}}}},
    "/items?comp=list&restype=x": {"get": {"operationId": "listComp",
      "responses": {"200": {"description": "ok"}}}}
  },
  "definitions": {
    "Page": {"type": "object", "properties": {
      "value": {"type": "array", "items": [{"$ref": "#/definitions/A"}, {"type": "null"}]},
      "either": {"items": [{"$ref": "#/definitions/A"}, {"$ref": "#/definitions/B"}]},
      "ids": {"type": "array", "items": [{"type": "string"}, {"type": "string", "format": "uuid"}]},
      "nextLink": {"type": ["string", "null"]}
    }},
    "A": {"type": "object", "required": ["id", "a"], "properties": {"id": {"type": "string"}, "a": {"type": "integer"}}},
    "B": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "b": {"type": "boolean"}}}
  },
  "swagger": "2.0"
}`

func TestSwagger2(t *testing.T) {
	dir := writeFiles(t, map[string]string{"spec.json": swagger2Doc})
	spec, err := Load(context.Background(), filepath.Join(dir, "spec.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !spec.Swagger2 {
		t.Fatal("not recognised as Swagger 2.0")
	}
	doc := spec.Doc
	list := doc.Paths.Value("/items").Get
	if list == nil || list.Extensions["x-ms-pageable"] == nil {
		t.Fatal("x-ms-pageable did not survive the conversion")
	}

	// x-ms-paths join paths; their query strings become constants.
	next := doc.Paths.Value("/items#next")
	if next == nil || next.Get.OperationID != "listNext" {
		t.Fatalf("x-ms-paths /items?next is not at /items#next")
	}
	comp := doc.Paths.Value("/items#comp=list&restype=x")
	var consts []string
	for _, p := range comp.Parameters {
		consts = append(consts, p.Value.Name+"="+p.Value.Schema.Value.Enum[0].(string))
	}
	if strings.Join(consts, "&") != "comp=list&restype=x" {
		t.Errorf("constant query parameters of listComp: %v", consts)
	}
	if pos := spec.Pos("paths", "/items#next", "get"); pos.Line != 8 {
		t.Errorf("listNext is placed at %v, want line 8 (under x-ms-paths)", pos)
	}

	page := doc.Components.Schemas["Page"].Value
	if v := page.Properties["value"].Value.Items; v == nil || v.Ref != "#/components/schemas/A" {
		t.Errorf("items [A, null] should be A, not %+v", v)
	}
	either := page.Properties["either"].Value
	if either.Items != nil || either.Properties["a"] == nil || either.Properties["b"] == nil {
		t.Errorf("items [A, B] on a non-array should be their union, not %+v", either)
	}
	if strings.Join(either.Required, ",") != "id" {
		t.Errorf("the union requires %v, want what both require (id)", either.Required)
	}
	if ids := page.Properties["ids"].Value.Items; ids == nil || !ids.Value.Type.Is("string") {
		t.Errorf("items [string, string] should be a string")
	}
}

func TestIsSwagger2(t *testing.T) {
	for text, want := range map[string]bool{
		`{"swagger": "2.0", "info": {}}`:                                        true,
		`{"info": {}, "paths": {}, "swagger":"2.0"}`:                            true,
		`{"openapi": "3.0.0", "info": {"description": "\"swagger\": \"2.0\""}}`: false,
		"swagger: '2.0'\ninfo: {}\n":                                            true,
		"info:\n  title: t\nswagger: \"2.0\"\n":                                 true,
		"openapi: 3.0.0\ninfo:\n  description: |\n    swagger: 2.0\n":           false,
	} {
		if got := isSwagger2([]byte(text)); got != want {
			t.Errorf("isSwagger2(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestSwagger2Error(t *testing.T) {
	dir := writeFiles(t, map[string]string{"spec.json": `{"swagger": "2.0", "info": {"title": 1}, "paths": {}}`})
	_, err := Load(context.Background(), filepath.Join(dir, "spec.json"), nil)
	if err == nil || !strings.Contains(err.Error(), "spec.json:1:1: Swagger 2.0:") {
		t.Errorf("error %v, want one placed at spec.json:1:1", err)
	}
}

// The document's produces apply to operations that declare none; an
// operation's own win.
func TestSwagger2DocumentProduces(t *testing.T) {
	dir := writeFiles(t, map[string]string{"spec.yaml": `swagger: "2.0"
info: {title: t, version: "1"}
produces: [application/xml]
paths:
  /a:
    get:
      operationId: a
      responses: {"200": {description: ok, schema: {type: object, properties: {x: {type: string}}}}}
  /b:
    get:
      operationId: b
      produces: [application/json]
      responses: {"200": {description: ok, schema: {type: object, properties: {x: {type: string}}}}}
`})
	spec, err := Load(context.Background(), filepath.Join(dir, "spec.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"/a": "application/xml", "/b": "application/json"} {
		content := spec.Doc.Paths.Value(path).Get.Responses.Value("200").Value.Content
		if len(content) != 1 || content[want] == nil {
			t.Errorf("%s responds with %v, want %s", path, keysOf(content), want)
		}
	}
}

// TestSwagger2RequiredFlags: Swagger 2.0 schemas get the repair OpenAPI 3
// ones do: "required: true" on a property's schema is read as the
// object's required list naming it, with a warning there.
func TestSwagger2RequiredFlags(t *testing.T) {
	dir := writeFiles(t, map[string]string{"spec.yaml": `swagger: "2.0"
info: {title: S, version: 1.0}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: page_token, in: query, type: string}
      responses:
        200:
          description: ok
          schema: {$ref: "#/definitions/Page"}
definitions:
  Page:
    type: object
    properties:
      items: {type: array, items: {$ref: "#/definitions/Item"}}
      next_page_token: {type: string}
  Item:
    type: object
    properties:
      id: {type: string, required: true}
`})
	spec, err := Load(context.Background(), filepath.Join(dir, "spec.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := spec.Doc.Components.Schemas["Item"].Value.Required; !slices.Equal(got, []string{"id"}) {
		t.Errorf("Item's required = %v, want [id]", got)
	}
	w := spec.Warnings()
	if len(w) != 1 || w[0].Pos.Line != 22 || !strings.Contains(w[0].Message, `property "id"`) {
		t.Errorf("warnings %v, want one about id at line 22", w)
	}
}

// TestSwagger2ErrorPlaced: a definition kin-openapi cannot read is an
// error at the definition.
func TestSwagger2ErrorPlaced(t *testing.T) {
	dir := writeFiles(t, map[string]string{"spec.yaml": "swagger: \"2.0\"\ninfo: {title: t, version: \"1\"}\npaths: {}\ndefinitions:\n  Item:\n    type: object\n    properties:\n      id: {type: string, maxLength: -1}\n"})
	_, err := Load(context.Background(), filepath.Join(dir, "spec.yaml"), nil)
	if err == nil || !strings.Contains(err.Error(), "spec.yaml:5:3: Swagger 2.0:") {
		t.Errorf("error %v, want one placed at the definition, spec.yaml:5:3", err)
	}
}
