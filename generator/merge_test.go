package generator_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generator"
)

// TestMergeRefusesNamesTwoSpecsDeclare generates two specs into one
// package: a name each decided for itself, here a method or a file, that
// the other declares too is an error naming both specs, never a package
// that does not compile or a file written twice.
func TestMergeRefusesNamesTwoSpecsDeclare(t *testing.T) {
	for name, tc := range map[string]struct{ a, b, want string }{
		"method": {
			oas3([]string{pagedOp("/pets", "listPets", "Item")}, ""),
			oas3([]string{pagedOp("/pets/all", "listPetsAll", "Item")}, ""),
			"listPetsAll: Client method ListPetsAll is also declared by",
		},
		"file": {
			oas3([]string{pagedOp("/pets", "listPets", "Item")}, ""),
			oas3([]string{pagedOp("/pets3", "ListPETS", "Item")}, ""),
			"ListPETS: file op_list_pets.go is also declared by",
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			specs := []string{filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml")}
			writeFile(t, specs[0], []byte(tc.a))
			writeFile(t, specs[1], []byte(strings.ReplaceAll(tc.b, "Item", "Other")))
			_, _, err := generator.Generate(context.Background(), generator.Config{Specs: specs, Package: "pets"})
			if err == nil {
				t.Fatal("generated without error")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), specs[1]+":") || !strings.Contains(err.Error(), specs[0]) {
				t.Errorf("error %q: want it at %s, saying %q of %s", err, specs[1], tc.want, specs[0])
			}
		})
	}
}

// TestMergeKeepsClientOptions generates two specs that both take
// api-version from the client: the package declares its option once, and
// each operation sends its own spec's default.
func TestMergeKeepsClientOptions(t *testing.T) {
	spec := func(op, version string) string {
		return `{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "host": "example.com",
  "paths": {"/` + op + `": {"get": {"operationId": "` + op + `_List", "x-ms-pageable": {"nextLinkName": "nextLink"},
    "parameters": [{"name": "api-version", "in": "query", "required": true, "type": "string", "default": "` + version + `", "x-ms-parameter-location": "client"}],
    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/` + op + `List"}}}}}},
  "definitions": {"` + op + `List": {"type": "object", "properties": {"value": {"type": "array", "items": {"type": "string"}}, "nextLink": {"type": "string"}}}}}`
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	writeFile(t, a, []byte(spec("Things", "2023-01-01")))
	writeFile(t, b, []byte(spec("Widgets", "2024-02-02")))
	files, _, err := generator.Generate(context.Background(), generator.Config{Specs: []string{a, b}, Package: "merged"})
	if err != nil {
		t.Fatal(err)
	}
	content := map[string][]byte{}
	for _, f := range files {
		content[f.Name] = f.Content
	}
	if n := bytes.Count(content["options.go"], []byte("func WithAPIVersion(")); n != 1 {
		t.Errorf("options.go declares WithAPIVersion %d times, want once:\n%s", n, content["options.go"])
	}
	for file, version := range map[string]string{"op_things_list.go": "2023-01-01", "op_widgets_list.go": "2024-02-02"} {
		if !bytes.Contains(content[file], []byte(`c.param("WithAPIVersion", "`+version+`")`)) {
			t.Errorf("%s does not send api-version %s by default:\n%s", file, version, content[file])
		}
	}
	if testing.Short() {
		return
	}
	out := filepath.Join(t.TempDir(), "merged")
	if err := generator.Write(out, files); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(out, "go.mod"), []byte("module merged\n\ngo 1.25\n"))
	goCmd(t, out, "vet", ".")
}
