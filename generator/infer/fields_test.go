package infer

import (
	"reflect"
	"testing"
)

// Every key of the table survives the trip from a root-level x-pagination
// to an operation that inherits it: a row whose take forgets what its
// parse wrote fails here.
func TestRootDefaultsCarryEveryKey(t *testing.T) {
	root, off, err := parseAnnotation(map[string]any{
		"token":       map[string]any{"request": "query:cursor", "response": []any{"meta.next", "header:X-Next"}},
		"offset":      map[string]any{"request": "body:paging.offset"},
		"page":        map[string]any{"request": "page", "start": 0.0},
		"items":       "data",
		"limit":       "header:Page-Size",
		"total":       "meta.total",
		"more":        "meta.has_more",
		"done":        "meta.last",
		"more-means":  "later",
		"next":        "ListMore",
		"restart-on":  []any{"410"},
		"key":         "id",
		"cursor-from": "id",
	})
	if err != nil || off {
		t.Fatalf("parseAnnotation: %v, off %v", err, off)
	}
	if len(root.fields) != len(annotationFields) {
		t.Fatalf("the annotation stated %d fields, the table has %d", len(root.fields), len(annotationFields))
	}
	d := &decision{source: root.source, fields: map[string]bool{}}
	d.inherit(root)
	if !reflect.DeepEqual(d, root) {
		t.Errorf("inherited decision differs from the root's:\n got %+v\nwant %+v", d, root)
	}
}

func TestAnnotationRejectsUnknownKey(t *testing.T) {
	_, _, err := parseAnnotation(map[string]any{"items": "data", "cursor": "x"})
	fe, ok := err.(*fieldError)
	if !ok || fe.key != "cursor" || fe.msg != `unknown x-pagination key "cursor"` {
		t.Fatalf("got %#v", err)
	}
}
