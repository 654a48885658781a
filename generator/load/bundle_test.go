package load

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generator/model"
)

// A Swagger 2.0 spec spread over files as Azure's are: definitions,
// parameters and responses in other files, refs inside those files (local
// to them and onwards), one file reached by two relative paths, one
// definition by a pointer spelt two ways (%52 is R), a name the
// root already has, a self-recursive schema, and x-ms-examples pointing at
// files that are not there.
var multiFile = map[string]string{
	"api/spec.yaml": `swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /things:
    get:
      operationId: Things_List
      parameters:
        - $ref: '../common/types.json#/parameters/ApiVersion'
        - $ref: '#/parameters/Local'
      responses:
        "200":
          description: ok
          schema: {$ref: './defs/things.yaml#/definitions/ThingList'}
        default:
          $ref: '../common/types.json#/responses/Error'
      x-ms-examples:
        List: {$ref: ./examples/missing.json}
parameters:
  Local: {name: local, in: query, type: string}
definitions:
  Thing:
    type: object
    properties: {root: {type: string}}
`,
	"api/defs/things.yaml": `swagger: "2.0"
info: {title: t, version: "1"}
paths: {}
definitions:
  ThingList:
    type: object
    properties:
      value: {type: array, items: {$ref: '../../common/types.json#/definitions/Thing'}}
      nextLink: {type: string}
      error: {$ref: '../../common/./types.json#/definitions/ErrorResponse'}
      page: {$ref: '#/definitions/PageInfo'}
      again: {$ref: '../../common/types.json#/definitions/Error%52esponse'}
  PageInfo:
    type: object
    properties: {count: {type: integer}}
`,
	"common/types.json": `{
  "swagger": "2.0",
  "info": {"title": "common", "version": "1"},
  "paths": {},
  "parameters": {
    "ApiVersion": {"name": "api-version", "in": "query", "required": true, "type": "string",
      "x-ms-parameter-location": "client"}
  },
  "responses": {
    "Error": {"description": "error", "schema": {"$ref": "#/definitions/ErrorResponse"}}
  },
  "definitions": {
    "Thing": {"type": "object", "properties": {"common": {"type": "string"}}},
    "ErrorResponse": {"type": "object", "properties": {
      "code": {"type": "string"},
      "details": {"type": "array", "items": {"$ref": "#/definitions/ErrorResponse"}}
    }}
  }
}`,
}

func TestBundleSwagger2(t *testing.T) {
	dir := writeFiles(t, multiFile)
	spec, err := Load(context.Background(), filepath.Join(dir, "api", "spec.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	schemas := spec.Doc.Components.Schemas
	if p := schemas["Thing"].Value.Properties; p["root"] == nil {
		t.Errorf("the root's own Thing was replaced: %v", keysOf(p))
	}
	if p := schemas["Thing2"].Value.Properties; p == nil || p["common"] == nil {
		t.Errorf("common Thing should be copied as Thing2; schemas: %v", keysOf(schemas))
	}
	for name := range schemas {
		if strings.HasPrefix(name, "ErrorResponse") && name != "ErrorResponse" {
			t.Errorf("ErrorResponse, reached by two paths, is copied twice (%s)", name)
		}
	}
	list := schemas["ThingList"].Value
	if ref := list.Properties["value"].Value.Items.Ref; ref != "#/components/schemas/Thing2" {
		t.Errorf("ThingList.value items refer to %s", ref)
	}
	if ref := list.Properties["page"].Ref; ref != "#/components/schemas/PageInfo" {
		t.Errorf("a ref local to defs/things.yaml became %s", ref)
	}
	details := schemas["ErrorResponse"].Value.Properties["details"].Value.Items
	if details.Ref != "#/components/schemas/ErrorResponse" || details.Value != schemas["ErrorResponse"].Value {
		t.Errorf("the recursive ErrorResponse.details does not refer back to itself: %s", details.Ref)
	}

	op := spec.Doc.Paths.Value("/things").Get
	var params []string
	for _, p := range op.Parameters {
		params = append(params, p.Value.Name+"@"+p.Value.In)
	}
	if strings.Join(params, ",") != "api-version@query,local@query" {
		t.Errorf("parameters %v, want api-version and local in the query", params)
	}
	if op.Parameters[0].Value.Extensions["x-ms-parameter-location"] != "client" {
		t.Errorf("the copied parameter lost its extensions")
	}
	def := op.Responses.Default()
	if def == nil || def.Value == nil || def.Value.Content["application/json"] == nil ||
		def.Value.Content["application/json"].Schema.Ref != "#/components/schemas/ErrorResponse" {
		t.Errorf("the default response from common/types.json is not ErrorResponse")
	}

	// A copy is placed where its file writes it; a rename says where.
	common := filepath.Join(dir, "api", "..", "common", "types.json")
	if pos := spec.Pos("definitions", "Thing2", "properties", "common"); pos.File != common || pos.Line != 13 || pos.Col != 48 {
		t.Errorf("Thing2.common is placed at %v, want %s:13:48", pos, common)
	}
	if pos := spec.Pos("definitions", "ThingList"); !strings.HasSuffix(pos.File, filepath.Join("defs", "things.yaml")) || pos.Line != 5 {
		t.Errorf("ThingList is placed at %v, want defs/things.yaml:5", pos)
	}
	renames := spec.src.renames
	if len(renames) != 1 || renames[0].From != "Thing" || renames[0].To != "Thing2" || renames[0].Pos.String() != common+":13:5" {
		t.Errorf("renames %+v, want Thing → Thing2 at common/types.json:13:5", renames)
	}
}

func TestBundleSwagger2Errors(t *testing.T) {
	for _, tc := range []struct {
		name, file, edit, replacement, want string
	}{
		{"missing definition", "api/defs/things.yaml", "#/definitions/PageInfo'", "#/definitions/Nope'",
			"things.yaml:11:14: $ref #/definitions/Nope: points at nothing in "},
		{"missing file", "api/spec.yaml", "./defs/things.yaml", "./defs/gone.yaml",
			"spec.yaml:13:20: $ref ./defs/gone.yaml#/definitions/ThingList: cannot read "},
		{"remote file", "common/types.json", "#/definitions/ErrorResponse\"}}", "https://example.com/x.json#/definitions/ErrorResponse\"}}",
			"types.json:10:50: $ref https://example.com/x.json#/definitions/ErrorResponse: only local files are followed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range multiFile {
				files[k] = v
			}
			if !strings.Contains(files[tc.file], tc.edit) {
				t.Fatalf("%s has no %q", tc.file, tc.edit)
			}
			files[tc.file] = strings.Replace(files[tc.file], tc.edit, tc.replacement, 1)
			dir := writeFiles(t, files)
			_, err := Load(context.Background(), filepath.Join(dir, "api", "spec.yaml"), nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			var located *model.Error
			if !errors.As(err, &located) || located.Pos.Line == 0 {
				t.Errorf("error %v is not placed", err)
			}
		})
	}
}

// A symlinked directory is the same file by another path: copied once.
func TestBundleSwagger2Symlink(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"common/types.json": multiFile["common/types.json"],
		"spec.json": `{"swagger": "2.0", "info": {"title": "t", "version": "1"},
  "paths": {"/x": {"get": {"operationId": "x", "responses": {
    "200": {"description": "ok", "schema": {"$ref": "./common/types.json#/definitions/ErrorResponse"}},
    "404": {"description": "no", "schema": {"$ref": "./linked/types.json#/definitions/ErrorResponse"}}}}}}}`,
	})
	if err := os.Symlink(filepath.Join(dir, "common"), filepath.Join(dir, "linked")); err != nil {
		t.Skipf("cannot make a symlink here: %v", err)
	}
	spec, err := Load(context.Background(), filepath.Join(dir, "spec.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := keysOf(spec.Doc.Components.Schemas); strings.Join(got, ",") != "ErrorResponse" {
		t.Errorf("schemas %v, want ErrorResponse once", got)
	}
}

func keysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
