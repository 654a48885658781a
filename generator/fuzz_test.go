package generator_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generator"
)

// FuzzGenerate feeds arbitrary documents to loading and inference: a spec
// is untrusted input, and whatever it says must end in a model or an
// error, never a panic or a hang. (Emission sees only models inference
// accepted; the golden and real-spec tests cover it.) Each input costs a
// full load, so keep minimization short:
//
//	go test ./generator -run '^$' -fuzz FuzzGenerate -fuzzminimizetime 1s
//
// Seeds are the golden specs.
func FuzzGenerate(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(goldenDir, "*", "spec.*"))
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("openapi: 3.0.0\npaths: {}\n"))
	f.Add([]byte(`{"swagger":"2.0","paths":{"/a":{"get":{"x-pagination":{"items":1}}}}}`))
	// OpenAPI 3 in JSON takes its own decoding path (load/split.go).
	f.Add([]byte(`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"operationId":"listA",` +
		`"parameters":[{"name":"cursor","in":"query","schema":{"type":"string"}}],"responses":{"200":{"description":"ok",` +
		`"content":{"application/json":{"schema":{"type":"object","properties":{"data":{"type":"array","items":{"type":"object",` +
		`"properties":{"id":{"type":"string"},"tags":{"type":"array","items":{"$ref":"#/components/schemas/Tag"}}}}},` +
		`"next_cursor":{"type":"string","nullable":true}}}}}}}}}},"components":{"schemas":{"Tag":{"type":"object",` +
		`"additionalProperties":{"type":"object","properties":{"v":{"type":"integer"}}}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		spec := filepath.Join(dir, "spec.yaml")
		if err := os.WriteFile(spec, data, 0o644); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			apis, err := generator.Build(context.Background(), generator.Config{Specs: []string{spec}})
			if err == nil && len(apis) != 1 {
				t.Error("no error and no model")
			}
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("no answer in 10s for:\n%q", data)
		}
	})
}

// FuzzNames puts arbitrary operation and property names into a paginated
// spec, beside names they may collide with, and checks that what pagegen
// generates builds and vets, or is refused with an error. Building costs
// a go vet per input, so it runs when fuzzing; the seeds, run by go test,
// only generate (TestAdversarialSpecsBuild builds names like them):
//
//	go test ./generator -run '^$' -fuzz FuzzNames -fuzzminimizetime 1s
func FuzzNames(f *testing.F) {
	for _, seed := range [][2]string{
		{"listPets", "name"}, {"listPetsAll", "foo_bar"}, {"newListPets", "fooBar"}, {"Client", "名前"},
		{"NewClient", "🚀"}, {"runTest", ""}, {"list_linux", "1st"}, {"Do", "type"}, {"列表", "Body"},
		{"APIError", "X"}, {"x-y.z", "raw"}, {"pager", "Items"},
	} {
		f.Add(seed[0], seed[1])
	}
	vet := flag.Lookup("test.fuzz").Value.String() != ""
	f.Fuzz(func(t *testing.T, opName, propName string) {
		dir := t.TempDir()
		spec := filepath.Join(dir, "spec.json")
		if err := os.WriteFile(spec, namesSpec(opName, propName), 0o644); err != nil {
			t.Fatal(err)
		}
		files, _, err := generator.Generate(context.Background(), generator.Config{Specs: []string{spec}, Package: "names"})
		if err != nil || !vet {
			return // refusing a spec is an answer; a panic is not
		}
		if err := generator.Write(filepath.Join(dir, "names"), files); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "go.mod"), []byte("module names\n\ngo 1.25\n"))
		goCmd(t, dir, "vet", "./...")
	})
}

// namesSpec is a spec with two paginated operations, op and op+"All",
// whose items have the property prop beside look-alikes.
func namesSpec(op, prop string) []byte {
	page := func(id string) map[string]any {
		return map[string]any{"get": map[string]any{
			"operationId":  id,
			"parameters":   []any{map[string]any{"name": "next", "in": "query", "schema": map[string]any{"type": "string"}}, map[string]any{"name": prop, "in": "query", "schema": map[string]any{"type": "string"}}},
			"x-pagination": map[string]any{"token": map[string]any{"request": "next", "response": "next"}, "items": "items"},
			"responses": map[string]any{"200": map[string]any{"description": "ok", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{
				"type": "object", "properties": map[string]any{
					"next":  map[string]any{"type": "string"},
					"items": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Item"}},
				}}}}}},
		}}
	}
	doc := map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "names", "version": "1"},
		"paths":   map[string]any{"/a": page(op), "/b": page(op + "All")},
		"components": map[string]any{"schemas": map[string]any{"Item": map[string]any{"type": "object", "properties": map[string]any{
			prop: map[string]any{"type": "string"}, prop + "_": map[string]any{"type": "integer"}, "X" + prop: map[string]any{"type": "boolean"},
			"status": map[string]any{"type": "string", "enum": []any{prop, prop + "s"}},
		}}}},
	}
	data, _ := json.Marshal(doc)
	return data
}
