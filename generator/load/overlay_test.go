package load

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	yaml "github.com/oasdiff/yaml3"
	"github.com/pagegen/pagegen/generator/model"
)

const overlayDoc = `
openapi: 3.0.3
info: {title: t, version: "1"}
tags: [{name: a}]
paths:
  /orders:
    get:
      operationId: listOrders
      tags: [a]
      responses: {"200": {description: ok}}
    post:
      operationId: createOrder
      responses: {"200": {description: ok}}
  /orders/{id}:
    get:
      operationId: getOrder
      x-count: 2
      x-flag: true
      x-null: null
      responses: {"200": {description: ok}}
`

func decode(t *testing.T, text string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(text), &v); err != nil {
		t.Fatal(err)
	}
	return normalize(v)
}

// selected lists the JSON pointers of what target selects in doc.
func selected(t *testing.T, doc any, target string) []string {
	t.Helper()
	p, err := parseJSONPath(target)
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	var out []string
	for _, n := range p.find(&doc) {
		out = append(out, pointerOf(doc, n))
	}
	return out
}

// pointerOf finds where n sits in doc, as "/a/b/0".
func pointerOf(doc any, n node) string {
	var found string
	var walk func(v any, at string) bool
	walk = func(v any, at string) bool {
		switch v := v.(type) {
		case map[string]any:
			if p, ok := n.parent.(map[string]any); ok && reflect.ValueOf(p).Pointer() == reflect.ValueOf(v).Pointer() {
				found = at + "/" + n.key
				return true
			}
			for _, k := range slices.Sorted(maps.Keys(v)) {
				if walk(v[k], at+"/"+k) {
					return true
				}
			}
		case []any:
			if p, ok := n.parent.([]any); ok && len(p) > 0 && len(v) > 0 && &p[0] == &v[0] {
				found = at + "/" + strconv.Itoa(n.index)
				return true
			}
			for i, e := range v {
				if walk(e, at+"/"+strconv.Itoa(i)) {
					return true
				}
			}
		}
		return false
	}
	if n.parent == nil {
		return ""
	}
	walk(doc, "")
	return found
}

func TestJSONPathSelectors(t *testing.T) {
	doc := decode(t, overlayDoc)
	for _, tc := range []struct {
		target string
		want   []string
	}{
		{"$.info.title", []string{"/info/title"}},
		{"$['paths']['/orders'].get", []string{"/paths//orders/get"}},
		{`$.paths["/orders/{id}"].get.operationId`, []string{"/paths//orders/{id}/get/operationId"}},
		{"$.paths.*.get.operationId", []string{"/paths//orders/get/operationId", "/paths//orders/{id}/get/operationId"}},
		{"$.paths['/orders'][*].operationId", []string{"/paths//orders/get/operationId", "/paths//orders/post/operationId"}},
		{"$.tags[0].name", []string{"/tags/0/name"}},
		{"$..operationId", []string{"/paths//orders/get/operationId", "/paths//orders/post/operationId", "/paths//orders/{id}/get/operationId"}},
		// Filters test the members of objects as well as array elements.
		{"$.paths.*[?(@.operationId == 'createOrder')]", []string{"/paths//orders/post"}},
		{"$.paths.*[?@.operationId != 'createOrder']", []string{"/paths//orders/get", "/paths//orders/{id}/get"}},
		{"$..[?(@.x-count == 2)]", []string{"/paths//orders/{id}/get"}},
		{"$..[?(@.x-count == '2')]", nil}, // a string never equals a number
		{"$..[?(@.x-flag == true)]", []string{"/paths//orders/{id}/get"}},
		{"$..[?(@.x-null == null)]", []string{"/paths//orders/{id}/get"}},
		{"$.paths.*[?(@.tags == 'a')]", nil},
		{"$.nothing.here", nil},
		{"$", []string{""}},
	} {
		if got := selected(t, doc, tc.target); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s selects %q, want %q", tc.target, got, tc.want)
		}
	}
}

func TestJSONPathErrors(t *testing.T) {
	for target, want := range map[string]string{
		"paths.x":             "starts with $",
		"$.":                  "empty name",
		"$[1:2]":              "unsupported selector",
		"$[?(@.a > 1)]":       "only == and !=",
		"$[?(a == 1)]":        "@.path",
		"$['paths'":           "unclosed",
		"$.paths.*[?(@.a==1)": "unclosed",
	} {
		if _, err := parseJSONPath(target); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one saying %q", target, err, want)
		}
	}
}

func TestMerge(t *testing.T) {
	for _, tc := range []struct{ dst, src, want string }{
		{`{a: 1, b: {c: 1}}`, `{b: {d: 2}, e: 3}`, `{a: 1, b: {c: 1, d: 2}, e: 3}`},
		{`[1, 2]`, `[3]`, `[1, 2, 3]`},
		{`[1]`, `{a: 1}`, `[1, {a: 1}]`}, // an entry appended to the target array
		{`{a: [1]}`, `{a: [2]}`, `{a: [1, 2]}`},
		{`{a: 1}`, `2`, `2`},
		{`{a: {b: 1}}`, `{a: 5}`, `{a: 5}`},
	} {
		got := merge(decode(t, tc.dst), decode(t, tc.src))
		if want := decode(t, tc.want); !reflect.DeepEqual(got, want) {
			t.Errorf("merge(%s, %s) = %v, want %v", tc.dst, tc.src, got, want)
		}
	}
}

// TestOverlayTargetsShareNothing: an update applied to several targets
// must not leave them sharing one value a later action changes.
func TestOverlayTargetsShareNothing(t *testing.T) {
	doc := decode(t, overlayDoc)
	apply := func(target string, update any) {
		p, err := parseJSONPath(target)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range p.find(&doc) {
			n.set(merge(n.get(), update))
		}
	}
	apply("$.paths.*.get", decode(t, `{x-pagination: {items: data}}`))
	apply("$.paths['/orders'].get.x-pagination", decode(t, `{limit: max}`))
	other := doc.(map[string]any)["paths"].(map[string]any)["/orders/{id}"].(map[string]any)["get"].(map[string]any)["x-pagination"]
	if !reflect.DeepEqual(other, map[string]any{"items": "data"}) {
		t.Errorf("the other target changed too: %v", other)
	}
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadWithOverlays(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"spec.yaml": overlayDoc,
		"add.yaml": `
overlay: 1.0.0
info: {title: add paging, version: "1"}
actions:
  - target: $.paths['/orders'].get
    update:
      x-pagination: {token: {request: cursor, response: next}, items: data}
  - target: $.paths.*[?(@.operationId == 'createOrder')]
    remove: true
`,
		"second.yaml": `
overlay: 1.0.0
info: {title: limit, version: "1"}
actions:
  - target: $.paths['/orders'].get.x-pagination
    update: {limit: max}
`,
	})
	spec, err := Load(context.Background(), filepath.Join(dir, "spec.yaml"), []string{filepath.Join(dir, "add.yaml"), filepath.Join(dir, "second.yaml")})
	if err != nil {
		t.Fatal(err)
	}
	item := spec.Doc.Paths.Value("/orders")
	if item.Post != nil {
		t.Error("createOrder was not removed")
	}
	want := map[string]any{"token": map[string]any{"request": "cursor", "response": "next"}, "items": "data", "limit": "max"}
	if got := item.Get.Extensions["x-pagination"]; !reflect.DeepEqual(got, want) {
		t.Errorf("x-pagination = %v, want %v", got, want)
	}
	if !spec.FromOverlay("paths", "/orders", "get", "x-pagination") {
		t.Error("FromOverlay: the overlay's x-pagination is reported as the spec's own")
	}
	if !reflect.DeepEqual(spec.Overlaid, []string{filepath.Join(dir, "add.yaml"), filepath.Join(dir, "second.yaml")}) {
		t.Errorf("Overlaid = %v", spec.Overlaid)
	}
}

func TestOverlayErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"spec.yaml": overlayDoc,
		"miss.yaml": "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.paths['/nope'].get\n    update: {x: 1}\n",
		"bad.yaml":  "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.paths[1:2]\n    remove: true\n",
		"v2.yaml":   "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: []\n",
		"yaml.yaml": "overlay: 1.0.0\nactions: [\n",
	})
	for file, want := range map[string]string{
		"miss.yaml": "miss.yaml:4:5: target $.paths['/nope'].get matches nothing in the spec",
		"bad.yaml":  "bad.yaml:4:5: target \"$.paths[1:2]\": unsupported selector [1:2]",
		"v2.yaml":   "v2.yaml:1:1: not an Overlay 1.x document",
		"yaml.yaml": "yaml.yaml:2:10: did not find expected node content",
	} {
		_, err := Load(context.Background(), filepath.Join(dir, "spec.yaml"), []string{filepath.Join(dir, file)})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one containing %q", file, err, want)
		}
		var located *model.Error
		if !errors.As(err, &located) || located.Pos.Line == 0 || located.Err == nil {
			t.Errorf("%s: error %#v is not a positioned *model.Error with its cause", file, err)
		}
	}
}
