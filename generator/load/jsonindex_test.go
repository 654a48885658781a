package load

import (
	"testing"

	yaml "github.com/oasdiff/yaml3"
)

// TestJSONIndexAgreesWithYAML places pointers in JSON with the index and
// with YAML nodes, which is how YAML files are placed: they must agree.
func TestJSONIndexAgreesWithYAML(t *testing.T) {
	doc := []byte(`{
  "openapi": "3.0.0",
  "paths": {"/a": {"get": {"operationId": "a", "tags": ["x", "y"], "x-n": 12, "x-b": true}},
    "/b\u002fc": {
      "post": {"operationId": "b\"q", "description": "ünïcödé {[,]} \"",
        "x-pagination": {"token": {"request": "cursor"}, "items": ""}}
    }
  },
  "list": [ {"k": 1}, [2, 3], "s", null ],
  "empty": {}, "none": []
}`)
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		t.Fatal(err)
	}
	viaYAML := &Source{File: "f", data: doc, root: root.Content[0]}
	viaYAML.once.Do(func() {})
	viaJSON := &Source{File: "f", data: doc}
	for _, ptr := range [][]string{
		{}, {"openapi"}, {"paths"}, {"paths", "/a", "get"}, {"paths", "/a", "get", "tags", "1"},
		{"paths", "/a", "get", "x-b"}, {"paths", "/b/c", "post", "x-pagination", "items"},
		{"paths", "/b/c", "post", "x-pagination", "token", "request"}, {"paths", "/b/c", "post", "description"},
		{"list", "0", "k"}, {"list", "1", "1"}, {"list", "3"}, {"list", "9"}, {"empty", "x"}, {"none", "0"},
		{"paths", "/missing", "get"}, {"openapi", "deeper"},
	} {
		if y, j := viaYAML.Pos(ptr...), viaJSON.Pos(ptr...); y != j {
			t.Errorf("%q: YAML nodes say %v, the JSON index %v", ptr, y, j)
		}
	}
	if line, col, ok := viaJSON.find("operationId", `b\"q`); !ok || line != 5 || col != 16 {
		t.Errorf("find: %d:%d %v", line, col, ok)
	}
	// JSON escapes YAML does not know ("\/") are decoded too.
	slash := &Source{File: "f", data: []byte(`{"paths": {"/a\/b": {"get": {}}}}`)}
	if p := slash.Pos("paths", "/a/b", "get"); p.Line != 1 || p.Col != 22 {
		t.Errorf("escaped key: %v", p)
	}
}
