package generator_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generator"
	"github.com/pagegen/pagegen/generator/emit"
)

// pagedOp is an OpenAPI 3 operation, paginated by x-pagination, whose items
// are Item (or the named schema).
func pagedOp(path, id, item string) string {
	return fmt.Sprintf(`  %s:
    get:
      operationId: %q
      parameters:
        - {name: next, in: query, schema: {type: string}}
      x-pagination: {token: {request: next, response: next}, items: items}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  next: {type: string}
                  items: {type: array, items: {$ref: "#/components/schemas/%s"}}
`, path, id, item)
}

func oas3(paths []string, schemas string) string {
	return "openapi: 3.0.3\ninfo: {title: adversarial, version: \"1\"}\npaths:\n" + strings.Join(paths, "") +
		"components:\n  schemas:\n    Item: {type: object, properties: {id: {type: string}}}\n" + schemas
}

// adversarialSpecs are specs whose names collide in Go: each must either
// generate a package that builds and vets, or be refused with an error.
var adversarialSpecs = map[string]string{
	// NewPostsPaginator is both posts' constructor and newPosts' type.
	"posts_new_posts": oas3([]string{pagedOp("/posts", "posts", "Item"), pagedOp("/new-posts", "newPosts", "Item")}, ""),
	// listPets' items iterator is listPetsAll's method.
	"list_pets_all": oas3([]string{pagedOp("/pets", "listPets", "Item"), pagedOp("/pets/all", "listPetsAll", "Item"),
		pagedOp("/pets/pages", "listPetsPages", "Item")}, ""),
	// Operations named after the runtime's declarations.
	"runtime_names": oas3([]string{pagedOp("/a", "Client", "Item"), pagedOp("/b", "NewClient", "Item"),
		pagedOp("/c", "do", "Item"), pagedOp("/d", "Ptr", "Item"), pagedOp("/e", "APIError", "Item"),
		pagedOp("/f", "PaginatorOptions", "Item"), pagedOp("/g", "pager", "Item"), pagedOp("/h", "newRequest", "Item")}, ""),
	// File names the go tool reads as tests or build constraints, and
	// names that differ only in case.
	"file_names": oas3([]string{pagedOp("/a", "listLinux", "Item"), pagedOp("/b", "runTest", "Item"),
		pagedOp("/c", "getWindows_amd64", "Item"), pagedOp("/d", "listPets", "Item"), pagedOp("/e", "ListPETS", "Item")}, ""),
	// Schemas named as the operations' own declarations.
	"schema_names": oas3([]string{pagedOp("/pets", "listPets", "ListPetsPage")}, `    ListPetsPage: {type: object, properties: {id: {type: string}}}
    ListPetsParams: {type: object, properties: {a: {type: string}}}
    ListPetsResponse: {type: object, properties: {a: {type: string}}}
    ListPetsAPIClient: {type: object, properties: {a: {type: string}}}
    NewListPetsPaginator: {type: object, properties: {a: {type: string}}}
    Client: {type: object, properties: {a: {type: string}}}
    ErrTokenCycle: {type: object, properties: {a: {type: string}}}
`),
	// Property and parameter names with no Go letter case, none at all,
	// or the same once spelled as Go.
	"property_names": `openapi: 3.0.3
info: {title: adversarial, version: "1"}
paths:
  /items:
    get:
      operationId: 列表
      parameters:
        - {name: next, in: query, schema: {type: string}}
        - {name: foo_bar, in: query, schema: {type: string}}
        - {name: fooBar, in: query, schema: {type: string}}
        - {name: 名前, in: query, schema: {type: string}}
        - {name: "🚀", in: header, schema: {type: string}}
        - {name: body, in: query, schema: {type: string}}
      x-pagination: {token: {request: next, response: next}, items: items}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  next: {type: string}
                  items: {type: array, items: {$ref: "#/components/schemas/Thing"}}
components:
  schemas:
    Thing:
      type: object
      properties:
        名前: {type: string}
        名: {type: string}
        "🚀": {type: string}
        "🛸": {type: integer}
        foo_bar: {type: string}
        fooBar: {type: string}
        FooBar: {type: boolean}
        "": {type: string}
        "1st": {type: string}
        type: {type: string}
        status: {type: string, enum: [active, ACTIVE, "", "🚀", "名前"]}
`,
	// Client parameters whose options are named as the runtime's own.
	"client_options": `{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "host": "example.com",
  "paths": {
    "/things": {"get": {"operationId": "Things_List", "x-ms-pageable": {"nextLinkName": "nextLink"},
      "parameters": [
        {"name": "User-Agent", "in": "header", "type": "string", "x-ms-parameter-location": "client"},
        {"name": "http_client", "in": "query", "type": "string", "x-ms-parameter-location": "client"},
        {"name": "api-version", "in": "query", "required": true, "type": "string", "default": "1", "x-ms-parameter-location": "client"}
      ],
      "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/ThingList"}}}}}
  },
  "definitions": {
    "ThingList": {"type": "object", "properties": {"value": {"type": "array", "items": {"$ref": "#/definitions/Thing"}}, "nextLink": {"type": "string"}}},
    "Thing": {"type": "object", "properties": {"id": {"type": "string"}}}
  }
}`,
	// Azure's pair of pagers: Things_List beside Things_ListAll.
	"things_list_all": `{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "host": "example.com",
  "paths": {
    "/things": {"get": {"operationId": "Things_List", "x-ms-pageable": {"nextLinkName": "nextLink"},
      "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/ThingList"}}}}},
    "/all/things": {"get": {"operationId": "Things_ListAll", "x-ms-pageable": {"nextLinkName": "nextLink"},
      "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/ThingList"}}}}},
    "/all/all/things": {"get": {"operationId": "Things_ListAllAll", "x-ms-pageable": {"nextLinkName": "nextLink"},
      "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/ThingList"}}}}}
  },
  "definitions": {
    "ThingList": {"type": "object", "properties": {"value": {"type": "array", "items": {"$ref": "#/definitions/Thing"}}, "nextLink": {"type": "string"}}},
    "Thing": {"type": "object", "properties": {"id": {"type": "string"}}}
  }
}`,
}

// TestAdversarialSpecsBuild generates every adversarial spec and builds
// and vets the packages together: a spec pagegen accepts must come out as
// Go that compiles. Where a name had to change, a warning says so at the
// operation's file:line:col.
func TestAdversarialSpecsBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated code with the go command")
	}
	dir := t.TempDir()
	mod := filepath.Join(dir, "mod")
	writeFile(t, filepath.Join(dir, "go.mod"), []byte("module adversarial\n\ngo 1.25\n"))
	placed := regexp.MustCompile(`\.(yaml|json):\d+:\d+: `)
	for name, text := range adversarialSpecs {
		ext := ".yaml"
		if strings.HasPrefix(text, "{") {
			ext = ".json"
		}
		spec := filepath.Join(dir, name+ext)
		writeFile(t, spec, []byte(text))
		files, diags, err := generator.Generate(context.Background(), generator.Config{Specs: []string{spec}, Package: strings.ReplaceAll(name, "_", "")})
		if err != nil {
			t.Errorf("%s: refused: %v", name, err)
			continue
		}
		renames, typeRenames := 0, 0
		for _, d := range diags {
			if d.OwnTypes {
				typeRenames++
			}
			if strings.Contains(d.Error(), " is taken") || strings.Contains(d.Error(), "is spelled") {
				renames++
				if !placed.MatchString(d.Error()) {
					t.Errorf("%s: a rename is not placed at file:line:col: %v", name, d)
				}
			}
			t.Logf("%s: %v", name, d)
		}
		// File names change without a warning, and so does a schema named
		// as a generated type: it gets "Body", as the README says.
		if renames == 0 && name != "file_names" && name != "schema_names" {
			t.Errorf("%s: no warning names a renamed identifier", name)
		}
		// The renames of properties are about pagegen's own types: a
		// package over a user's client, which declares none, leaves them
		// out.
		if name == "property_names" && typeRenames == 0 {
			t.Errorf("%s: no rename of a property is marked as about pagegen's own types", name)
		}
		if err := generator.Write(filepath.Join(mod, name), files); err != nil {
			t.Fatal(err)
		}
	}
	goCmd(t, dir, "vet", "./...")
	// The build skips none of the files by their names.
	constrained := regexp.MustCompile(`_(test|linux|windows|amd64)\.go$`)
	for name := range adversarialSpecs {
		entries, _ := os.ReadDir(filepath.Join(mod, name))
		for _, e := range entries {
			if n := e.Name(); n != "example_test.go" && constrained.MatchString(n) {
				t.Errorf("%s: generated file %s is one the go tool reads by its name", name, n)
			}
		}
	}
}

// A definition of another file whose name the spec has already is renamed
// when it is copied in, with a warning at the definition, and the package
// builds with both.
func TestSwagger2CopiedDefinitionRenamed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated code with the go command")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), []byte("module renamed\n\ngo 1.25\n"))
	if err := os.MkdirAll(filepath.Join(dir, "common"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "common", "types.json"), []byte(`{"swagger": "2.0", "info": {"title": "c", "version": "1"}, "paths": {},
  "definitions": {
    "Thing": {"type": "object", "properties": {"common": {"type": "string"}}}
  }
}`))
	spec := filepath.Join(dir, "spec.json")
	writeFile(t, spec, []byte(`{"swagger": "2.0", "info": {"title": "t", "version": "1"},
  "paths": {"/things": {"get": {"operationId": "Things_List", "x-ms-pageable": {"nextLinkName": "nextLink"},
    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/ThingList"}}}}}},
  "definitions": {
    "ThingList": {"type": "object", "properties": {"nextLink": {"type": "string"},
      "value": {"type": "array", "items": {"$ref": "#/definitions/Thing"}},
      "other": {"$ref": "./common/types.json#/definitions/Thing"}}},
    "Thing": {"type": "object", "properties": {"id": {"type": "string"}}}
  }
}`))
	files, diags, err := generator.Generate(context.Background(), generator.Config{Specs: []string{spec}, Package: "renamed"})
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "common", "types.json") + ":3:5: definitions Thing of another file is called Thing2 here"
	found := false
	for _, d := range diags {
		found = found || strings.HasPrefix(d.Error(), want)
	}
	if !found {
		t.Errorf("no warning %q in %v", want, diags)
	}
	if err := generator.Write(filepath.Join(dir, "renamed"), files); err != nil {
		t.Fatal(err)
	}
	goCmd(t, dir, "vet", "./...")
	types := string(files[indexOf(files, "types.go")].Content)
	if !strings.Contains(types, "type Thing2 struct") || !regexp.MustCompile(`Other\s+\*Thing2`).MatchString(types) {
		t.Errorf("types.go does not declare the copy as Thing2:\n%s", types)
	}
}

func indexOf(files []emit.File, name string) int {
	for i, f := range files {
		if f.Name == name {
			return i
		}
	}
	return -1
}
