package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/pagegen/pagegen/testdata/e2e"
)

// A document with every kind of component, extensions at each level that
// collects them, a path-level x- key, null members and a $ref into another
// file.
const decodeDoc = `{
  "openapi": "3.0.3",
  "info": {"title": "t", "version": "1", "x-info": 1},
  "x-top": {"a": [1, 2.5, "s", null, true]},
  "x-pagination": {"token": {"request": "cursor"}},
  "servers": [{"url": "https://api.example.com/v1"}],
  "tags": [{"name": "pets"}],
  "security": [{"key": []}],
  "paths": {
    "x-paths-ext": "yes",
    "/pets": {
      "parameters": [{"$ref": "#/components/parameters/Limit"}],
      "get": {"operationId": "listPets", "x-op": true,
        "parameters": [{"name": "cursor", "in": "query", "schema": {"type": "string"}}],
        "requestBody": {"$ref": "#/components/requestBodies/Filter"},
        "responses": {
          "200": {"$ref": "#/components/responses/Pets"},
          "default": {"description": "error", "headers": {"X-Rate": {"$ref": "#/components/headers/Rate"}},
            "links": {"next": {"$ref": "#/components/links/Next"}}}
        },
        "callbacks": {"cb": {"$ref": "#/components/callbacks/Hook"}}}
    },
    "/owners": {"get": {"operationId": "listOwners",
      "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "other.json#/components/schemas/Owner"}}}}}}}
  },
  "components": {
    "x-comp": [1],
    "schemas": {
      "Pet": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer", "minimum": 1}, "tag": {"type": "string", "nullable": true}}, "x-schema": "s"},
      "Pets": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}, "next_cursor": {"type": "string"}}},
      "Any": {"oneOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "string"}], "discriminator": {"propertyName": "kind", "mapping": {"pet": "#/components/schemas/Pet"}}},
      "Every": {"type": "object", "x-deep": {"properties": {"a": {"type": "string"}}},
        "example": {"schema": {"type": "string"}, "properties": {"b": {}}},
        "not": {"type": "null", "not": {"type": "string"}},
        "items": {"type": "array", "items": {"type": "integer", "format": "int64", "maximum": 9007199254740993}},
        "contains": {"type": "string", "enum": ["a", "b"]},
        "propertyNames": {"pattern": "^[a-z]+$"},
        "if": {"required": ["a"]}, "then": {"properties": {"b": {"type": "string"}}}, "else": {"properties": {"c": {"type": "string"}}},
        "contentSchema": {"type": "object", "properties": {"d": {"type": "boolean"}}},
        "additionalProperties": {"type": "object", "additionalProperties": {"type": "string", "x-inner": [1]}},
        "unevaluatedItems": {"type": "string"}, "unevaluatedProperties": false,
        "anyOf": [{"type": "object", "properties": {"e": {"type": "array", "items": {"type": "string"}}}}, true],
        "allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object", "properties": {"f": {"type": "string", "default": "x"}}}],
        "prefixItems": [{"type": "string"}, {"type": "object", "properties": {"g": {}}}],
        "properties": {"h": {"type": "object", "properties": {"i": {"type": "object", "properties": {"j": {"type": "string", "nullable": true}}}}}, "$ref": {"type": "string"}},
        "patternProperties": {"^k": {"type": "object", "properties": {"l": {"type": "string"}}}},
        "dependentSchemas": {"m": {"type": "object", "properties": {"n": {"type": "string"}}}},
        "$defs": {"o": {"type": "object", "properties": {"p": {"type": "string"}}}}}
    },
    "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
      "Filter": {"name": "filter", "in": "query", "content": {"application/json": {"schema": {"type": "object", "properties": {"q": {"type": "string"}}}}}}},
    "headers": {"Rate": {"schema": {"type": "integer"}}},
    "requestBodies": {"Filter": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}},
    "responses": {"Pets": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pets"}, "example": {"data": []}}}}},
    "securitySchemes": {"key": {"type": "apiKey", "name": "k", "in": "header"}},
    "examples": {"One": {"value": {"id": 1}}},
    "links": {"Next": {"operationId": "listPets", "parameters": {"cursor": "$response.body#/next_cursor"}}},
    "callbacks": {"Hook": {"{$request.body#/url}": {"post": {
      "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}},
        "encoding": {"file": {"headers": {"X-Part": {"schema": {"type": "object", "properties": {"r": {"type": "string"}}}}}}}}}},
      "responses": {"200": {"description": "ok", "headers": {"X-Next": {"schema": {"type": "array", "items": {"type": "string"}}}}}}}}}}
  }
}`

const decodeOther = `{"openapi": "3.0.3", "info": {"title": "o", "version": "1"}, "paths": {},
  "components": {"schemas": {"Owner": {"type": "object", "properties": {"pets": {"type": "array", "items": {"$ref": "spec.json#/components/schemas/Pet"}}}}}}}`

// TestDecodeJSONMatchesLoader checks that decodeJSON, after the loader
// resolves references, gives the same document as kin-openapi's own
// loading, on a small document using every part and on the large real
// specs it was written for.
func TestDecodeJSONMatchesLoader(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "spec.json")
	for name, text := range map[string]string{spec: decodeDoc, filepath.Join(dir, "other.json"): decodeOther} {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("every part", func(t *testing.T) { compareWithLoader(t, spec) })

	shared := sharedSpecs(t)
	for _, rel := range []string{
		"realspecs/stripe/spec3.json",
		"realspecs/github/api.github.com.json",
		"data/aws-botocore/e2e/s3.json",
		"data/aws-botocore/e2e/iot.json",
	} {
		t.Run(rel, func(t *testing.T) { compareWithLoader(t, filepath.Join(shared, rel)) })
	}
}

func compareWithLoader(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	location := &url.URL{Path: filepath.ToSlash(path)}
	ctx := context.Background()
	want, err := newLoader(ctx, readLocalFile).LoadFromDataWithPath(data, location)
	if err != nil {
		t.Fatalf("kin-openapi: %v", err)
	}
	got, _, err := decodeJSON(data)
	if err != nil {
		t.Fatalf("decodeJSON: %v", err)
	}
	if err := newLoader(ctx, readLocalFile).ResolveRefsIn(got, location); err != nil {
		t.Fatalf("resolving references: %v", err)
	}
	wantJSON, gotJSON := mustJSON(t, want), mustJSON(t, got)
	if bytes.Contains(gotJSON, []byte(`\u0000schema/`)) {
		t.Errorf("a schema placeholder was left in the document")
	}
	if !bytes.Equal(wantJSON, gotJSON) {
		t.Errorf("decoded documents differ:\n%s", firstDifference(wantJSON, gotJSON))
	}
	if len(wantJSON) < 100 {
		t.Fatalf("document encodes to %q: nothing compared", wantJSON)
	}
}

func mustJSON(t *testing.T, doc *openapi3.T) []byte {
	t.Helper()
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func firstDifference(want, got []byte) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	clip := func(b []byte) string {
		return string(b[max(0, i-80):min(len(b), i+80)])
	}
	return fmt.Sprintf("at byte %d\nwant …%s…\ngot  …%s…", i, clip(want), clip(got))
}

// TestDecodeSwagger2MatchesUnmarshal checks that decodeSwagger2 gives the
// same document as openapi2.T's own decoding, on real Swagger 2.0 specs
// prepared as Load prepares them.
func TestDecodeSwagger2MatchesUnmarshal(t *testing.T) {
	shared := sharedSpecs(t)
	for _, rel := range []string{
		"realspecs/kubernetes/swagger.json.unprocessed",
		"realspecs/slack/slack_web_openapi_v2.json",
		"realspecs/azure-rest/specification/servicefabric/data-plane/Microsoft.ServiceFabric/stable/8.0/servicefabric.json",
	} {
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(shared, rel))
			if err != nil {
				t.Fatal(err)
			}
			tree, err := decodeTree(data)
			if err != nil {
				t.Fatal(err)
			}
			prepareSwagger2(tree, &Source{File: rel, data: data}, &repairLog{})
			encoded, err := json.Marshal(tree)
			if err != nil {
				t.Fatal(err)
			}
			var want openapi2.T
			if err := json.Unmarshal(encoded, &want); err != nil {
				t.Fatalf("openapi2.T: %v", err)
			}
			got, err := decodeSwagger2(tree.(map[string]any))
			if err != nil {
				t.Fatalf("decodeSwagger2: %v", err)
			}
			if !reflect.DeepEqual(&want, got) {
				wantJSON, _ := json.Marshal(&want)
				gotJSON, _ := json.Marshal(got)
				t.Errorf("decoded documents differ:\n%s", firstDifference(wantJSON, gotJSON))
			}
			if len(want.Paths) == 0 || len(want.Definitions) == 0 {
				t.Fatalf("%d paths, %d definitions: nothing compared", len(want.Paths), len(want.Definitions))
			}
		})
	}
}

func TestDecodeJSONRejectsWhatItCannotTake(t *testing.T) {
	for _, text := range []string{
		`{"openapi": "3.0.3", "paths": {"/x": 5}}`,
		`{"openapi": "3.0.3", "components": {"schemas": []}}`,
		`{"openapi": "3.0.3", "paths": {`,
		`{"openapi": "3.0.3" "paths": {}}`,
		`{"openapi": "3.0.3", "paths": {}} {}`,
		`{"openapi" "3.0.3", "paths": {}}`,
		`{"openapi": "3.0.3", "paths": {},}`,
		`{"openapi": "3.0.3", "x-a": [1,,2], "paths": {}}`,
		`{"openapi": "3.0.3", "paths": {"/x": {"get": tru}}}`,
		`{"openapi": "3.0.3", "paths": {"/x": {"get": {"responses": {}}} "/y": {}}}`,
		`{"openapi": "3.0.3", "components": {"schemas": {"A": {"type": "object",}}}, "paths": {}}`,
		`["openapi"]`,
	} {
		if _, _, err := decodeJSON([]byte(text)); err == nil {
			t.Errorf("decodeJSON(%s) = nil error", text)
		}
	}
}

// sharedSpecs returns ../shared beside the repository, or skips (fails
// with PAGEGEN_REQUIRE_E2E=1) when it is absent.
func sharedSpecs(t *testing.T) string {
	t.Helper()
	return e2e.Shared(t, "")
}

// FuzzObjectMembers checks objectMembers against json.Unmarshal into a map
// of json.RawMessage: the same members wherever that succeeds, and, where
// it fails and objectMembers does not, a member value that is not JSON
// (which the value's own decoding then reports).
func FuzzObjectMembers(f *testing.F) {
	for _, seed := range []string{
		`{}`, ` { "a" : 1 , "b":[1,{"c":"}"}], "a": "x\"y" } `, `{"\u0061": null, "d": true}`,
		`{"a": 1 "b": 2}`, `{"a": 1,}`, `{"a": tru}`, `{"a": {"b": [1, 2}}`, `{} x`, `[1]`, `{"a"`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, gotErr := objectMembers(data)
		var want map[string]json.RawMessage
		wantErr := json.Unmarshal(data, &want)
		if wantErr == nil && want == nil {
			return // null: not an object, which objectMembers refuses
		}
		switch {
		case wantErr == nil && gotErr != nil:
			t.Fatalf("objectMembers(%q): %v; json.Unmarshal took it", data, gotErr)
		case wantErr == nil:
			if len(got) != len(want) {
				t.Fatalf("objectMembers(%q) = %d members, want %d", data, len(got), len(want))
			}
			for k, v := range want {
				if !bytes.Equal(got[k], v) {
					t.Fatalf("objectMembers(%q)[%q] = %q, want %q", data, k, got[k], v)
				}
			}
		case gotErr == nil:
			for _, v := range got {
				if !json.Valid(v) {
					return
				}
			}
			t.Fatalf("objectMembers(%q) took what json.Unmarshal refuses (%v), and every member is valid", data, wantErr)
		}
	})
}

// yamlScalars is an OpenAPI 3 document in YAML with the scalars YAML
// reads in more than one way: dates, yes and no, octal and large
// integers, null, numeric keys, anchors and merge keys, block strings.
const yamlScalars = `openapi: 3.0.3
info: {title: t, version: "1.10"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - &cursor {name: cursor, in: query, schema: {type: string, example: 2020-01-01}}
        - name: since
          in: query
          schema: {type: string, format: date-time, default: 2020-01-01T10:00:00Z}
      responses:
        200:
          description: |
            A page.
              Indented.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Page'}
        4XX: {description: no}
components:
  schemas:
    Base: &base
      type: object
      x-flags: [yes, no, on, off, ~, 0755, 0x1F, 12345678901234567890, 1e3]
    Page:
      <<: *base
      properties:
        items: {type: array, items: {type: object, properties: {id: {type: integer, maximum: 9007199254740993}}}}
        next: {type: string, nullable: true, enum: [a, null, 'yes']}
`

// TestYAMLDecodesAsKinOpenAPI checks that a YAML spec read into a tree
// and decoded as JSON (the way Load reads YAML) is the document
// kin-openapi's own YAML loading gives: the bundled specs, the goldens'
// and a document of YAML's ambiguous scalars.
func TestYAMLDecodesAsKinOpenAPI(t *testing.T) {
	files, _ := filepath.Glob("../../specs/*.yaml")
	goldens, _ := filepath.Glob("../../testdata/golden/*/spec.yaml")
	dir := t.TempDir()
	scalars := filepath.Join(dir, "scalars.yaml")
	if err := os.WriteFile(scalars, []byte(yamlScalars), 0o644); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range append(append(files, goldens...), scalars) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if isSwagger2(data) || strings.Contains(path, "err-") {
			continue
		}
		n++
		t.Run(path, func(t *testing.T) {
			location := &url.URL{Path: filepath.ToSlash(path)}
			ctx := context.Background()
			want, err := newLoader(ctx, readLocalFile).LoadFromDataWithPath(data, location)
			if err != nil {
				t.Fatalf("kin-openapi: %v", err)
			}
			tree, err := decodeTree(data)
			if err != nil {
				t.Fatal(err)
			}
			text, err := json.Marshal(tree)
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := decodeJSON(text)
			if err != nil {
				t.Fatalf("decodeJSON: %v", err)
			}
			if err := newLoader(ctx, readLocalFile).ResolveRefsIn(got, location); err != nil {
				t.Fatalf("resolving references: %v", err)
			}
			if w, g := mustJSON(t, want), mustJSON(t, got); !bytes.Equal(w, g) {
				t.Errorf("decoded documents differ:\n%s", firstDifference(w, g))
			}
		})
	}
	if n < 10 {
		t.Fatalf("%d YAML specs compared", n)
	}
}

// TestVersionNumbers: specs written by hand often give their versions as
// numbers (openapi: 3.0, info: {version: 1.0}), which kin-openapi refuses;
// Load reads them as the strings OpenAPI types them as.
func TestVersionNumbers(t *testing.T) {
	dir := t.TempDir()
	for name, tc := range map[string]struct{ text, openapi, version string }{
		"spec.yaml":  {"openapi: 3.0\ninfo: {title: t, version: 1.0}\npaths: {}\n", "3.0", "1.0"},
		"int.yaml":   {"openapi: 3.0.3\ninfo: {title: t, version: 2}\npaths: {}\n", "3.0.3", "2"},
		"spec.json":  {`{"openapi": "3.0.3", "info": {"title": "t", "version": 1.10}, "paths": {}}`, "3.0.3", "1.10"},
		"float.json": {`{"openapi": 3.0, "info": {"title": "t", "version": 1e0}, "paths": {}}`, "3.0", "1e0"},
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		spec, err := Load(context.Background(), path, nil)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if spec.Doc.OpenAPI != tc.openapi || spec.Doc.Info.Version != tc.version {
			t.Errorf("%s: openapi %q, version %q; want %q, %q", name, spec.Doc.OpenAPI, spec.Doc.Info.Version, tc.openapi, tc.version)
		}
	}
}

// requiredFlagsDoc says "required: true" where OpenAPI says required lists
// property names: on properties (id, name; tag's is false) and on a
// parameter's schema.
const requiredFlagsDoc = `openapi: 3.0.1
info: {title: t, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: page_token, in: query, schema: {type: string, required: true}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties:
                  items:
                    type: array
                    items:
                      type: object
                      properties:
                        id: {type: string, required: true}
                        name: {type: string, required: true}
                        tag: {type: string, required: false}
                  next_page_token: {type: string}
`

// TestRequiredFlags: a common slip kin-openapi refuses is read as what it
// means, with a warning at each place.
func TestRequiredFlags(t *testing.T) {
	for _, name := range []string{"spec.yaml", "spec.json"} {
		t.Run(name, func(t *testing.T) {
			text := requiredFlagsDoc
			if name == "spec.json" {
				tree, err := decodeTree([]byte(text))
				if err != nil {
					t.Fatal(err)
				}
				data, err := json.MarshalIndent(tree, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				text = string(data)
			}
			dir := writeFiles(t, map[string]string{name: text})
			spec, err := Load(context.Background(), filepath.Join(dir, name), nil)
			if err != nil {
				t.Fatal(err)
			}
			page := spec.Doc.Paths.Value("/items").Get.Responses.Status(200).Value.Content["application/json"].Schema.Value
			item := page.Properties["items"].Value.Items.Value
			if !slices.Equal(item.Required, []string{"id", "name"}) || !slices.Equal(page.Required, []string{"items"}) {
				t.Errorf("required %v and %v, want [id name] and [items]", item.Required, page.Required)
			}
			var got []string
			for _, w := range spec.Warnings() {
				if w.Pos.Line == 0 || !strings.Contains(w.Message, "required:") {
					t.Errorf("warning %v: want one placed, about required", w)
				}
				got = append(got, fmt.Sprintf("%d", w.Pos.Line))
			}
			if len(got) != 4 {
				t.Errorf("warnings at lines %v, want 4 (the parameter's and 3 properties')", got)
			}
		})
	}
}

// TestSchemaErrorPlaced: a schema member kin-openapi cannot read is an
// error at that member, naming the operation, in the spec's terms.
func TestSchemaErrorPlaced(t *testing.T) {
	text := strings.Replace(requiredFlagsDoc, "tag: {type: string, required: false}", "tag: {type: string, maxLength: -1}", 1)
	dir := writeFiles(t, map[string]string{"spec.yaml": text})
	_, err := Load(context.Background(), filepath.Join(dir, "spec.yaml"), nil)
	want := "spec.yaml:25:45: listItems: schema member maxLength: number -1 where a non-negative integer belongs"
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("error %v, want one ending %q", err, want)
	}
}

// TestTypeAliases: types written under other names (int, long, date) are
// read as the OpenAPI types they mean, with a warning at each, in OpenAPI 3
// schemas and in Swagger 2.0 schemas and parameters.
func TestTypeAliases(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"oas3.yaml": `openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /items:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: int}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: long}, when: {type: date, format: date-time}}}
`,
		"swagger.yaml": `swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /items:
    get:
      parameters:
        - {name: limit, in: query, type: int}
      responses:
        200:
          description: ok
          schema: {type: object, properties: {id: {type: long}}}
`,
	})
	for _, tc := range []struct {
		file     string
		warnings int
		check    func(*openapi3.T) bool
	}{
		{"oas3.yaml", 3, func(doc *openapi3.T) bool {
			op := doc.Paths.Value("/items").Get
			props := op.Responses.Status(200).Value.Content["application/json"].Schema.Value.Properties
			return op.Parameters[0].Value.Schema.Value.Type.Is("integer") &&
				props["id"].Value.Type.Is("integer") && props["id"].Value.Format == "int64" &&
				props["when"].Value.Type.Is("string") && props["when"].Value.Format == "date-time"
		}},
		{"swagger.yaml", 2, func(doc *openapi3.T) bool {
			op := doc.Paths.Value("/items").Get
			props := op.Responses.Status(200).Value.Content["application/json"].Schema.Value.Properties
			return op.Parameters[0].Value.Schema.Value.Type.Is("integer") && props["id"].Value.Format == "int64"
		}},
	} {
		spec, err := Load(context.Background(), filepath.Join(dir, tc.file), nil)
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		if !tc.check(spec.Doc) {
			t.Errorf("%s: types not read as their OpenAPI names", tc.file)
		}
		if w := spec.Warnings(); len(w) != tc.warnings || w[0].Pos.Line == 0 || !strings.Contains(w[0].Message, "is not an OpenAPI type") {
			t.Errorf("%s: warnings %v, want %d placed ones", tc.file, w, tc.warnings)
		}
	}
}

// TestQuotedValues: booleans and numbers a schema writes as strings are
// read as the values they spell, with a warning at each.
func TestQuotedValues(t *testing.T) {
	const doc = `openapi: 3.0.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Thing:
      type: object
      properties:
        next: {type: string, nullable: "true", maxLength: "100"}
        flag: {type: boolean, readOnly: "maybe"}
`
	dir := writeFiles(t, map[string]string{"spec.yaml": doc})
	spec, err := Load(context.Background(), filepath.Join(dir, "spec.yaml"), nil)
	if err == nil {
		t.Fatal("readOnly: \"maybe\" taken")
	}
	if !strings.Contains(err.Error(), "spec.yaml:10:") || !strings.Contains(err.Error(), "readOnly") {
		t.Errorf("error %v, want one at flag's readOnly", err)
	}
	// Without the flag that spells no boolean, the rest is repaired.
	dir = writeFiles(t, map[string]string{"spec.yaml": strings.Replace(doc, "        flag: {type: boolean, readOnly: \"maybe\"}\n", "", 1)})
	if spec, err = Load(context.Background(), filepath.Join(dir, "spec.yaml"), nil); err != nil {
		t.Fatal(err)
	}
	next := spec.Doc.Components.Schemas["Thing"].Value.Properties["next"].Value
	if !next.Nullable || next.MaxLength == nil || *next.MaxLength != 100 {
		t.Errorf("nullable %v, maxLength %v; want true, 100", next.Nullable, next.MaxLength)
	}
	if w := spec.Warnings(); len(w) != 2 || w[0].Pos.Line != 9 {
		t.Errorf("warnings %v, want 2 at line 9", w)
	}
}

// swaggerRefsDoc is an OpenAPI 3 document that refers to its components
// the Swagger 2.0 way.
const swaggerRefsDoc = `openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /items:
    get:
      parameters:
        - $ref: "#/parameters/Cursor"
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/definitions/Page"}
components:
  parameters:
    Cursor: {name: cursor, in: query, schema: {type: string}}
  schemas:
    Page:
      type: object
      properties:
        items: {type: array, items: {$ref: "#/definitions/Item"}}
    Item: {type: object}
`

// TestSwaggerRefs: #/definitions/X in an OpenAPI 3 document is read as
// #/components/schemas/X, with a warning; one that is not there either is
// still an error at the reference.
func TestSwaggerRefs(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"spec.yaml":   swaggerRefsDoc,
		"broken.yaml": strings.Replace(swaggerRefsDoc, "#/definitions/Item", "#/definitions/Nope", 1),
	})
	spec, err := Load(context.Background(), filepath.Join(dir, "spec.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	op := spec.Doc.Paths.Value("/items").Get
	page := op.Responses.Status(200).Value.Content["application/json"].Schema
	if page.Ref != "#/components/schemas/Page" || page.Value.Properties["items"].Value.Items.Ref != "#/components/schemas/Item" ||
		op.Parameters[0].Value == nil || op.Parameters[0].Value.Name != "cursor" {
		t.Errorf("references not read as components: %q, %q", page.Ref, page.Value.Properties["items"].Value.Items.Ref)
	}
	if w := spec.Warnings(); len(w) != 3 || w[0].Pos.Line == 0 {
		t.Errorf("warnings %v, want 3 placed ones", w)
	}
	_, err = Load(context.Background(), filepath.Join(dir, "broken.yaml"), nil)
	if err == nil || !strings.Contains(err.Error(), "broken.yaml:21:") || !strings.Contains(err.Error(), "#/definitions/Nope") {
		t.Errorf("error %v, want one at the reference to Nope", err)
	}
}
