package emit

import (
	"fmt"
	"testing"

	"github.com/pagegen/pagegen/generator/model"
)

func TestGoType(t *testing.T) {
	order := &model.Type{Name: "Order"}
	tests := []struct {
		ref  *model.TypeRef
		want string
	}{
		{&model.TypeRef{Kind: model.KindString}, "string"},
		{&model.TypeRef{Kind: model.KindInt32}, "int32"},
		{&model.TypeRef{Kind: model.KindFloat64}, "float64"},
		{&model.TypeRef{Kind: model.KindBytes}, "[]byte"},
		{&model.TypeRef{Kind: model.KindRaw}, "json.RawMessage"},
		{&model.TypeRef{Kind: model.KindAny}, "any"},
		{&model.TypeRef{Kind: model.KindSlice, Elem: &model.TypeRef{Kind: model.KindNamed, Named: order}}, "[]Order"},
		{&model.TypeRef{Kind: model.KindMap, Elem: &model.TypeRef{Kind: model.KindSlice, Elem: &model.TypeRef{Kind: model.KindBool}}}, "map[string][]bool"},
	}
	for _, tt := range tests {
		if got := fmt.Sprintf("%#v", goType(tt.ref)); got != tt.want {
			t.Errorf("goType = %s, want %s", got, tt.want)
		}
	}
}

func TestFieldTypeAndTags(t *testing.T) {
	str := &model.TypeRef{Kind: model.KindString}
	list := &model.TypeRef{Kind: model.KindSlice, Elem: str}
	xmlType := &model.Type{Name: "R", XML: true}
	jsonType := &model.Type{Name: "J"}
	tests := []struct {
		typ      *model.Type
		field    *model.Field
		wantType string
		wantTags map[string]string
	}{
		{jsonType, &model.Field{Wire: "next-token", Type: str, Optional: true}, "*string", map[string]string{"json": "next-token,omitempty"}},
		{jsonType, &model.Field{Wire: "id", Type: str}, "string", map[string]string{"json": "id"}},
		{jsonType, &model.Field{Wire: "tags", Type: list, Optional: true}, "[]string", map[string]string{"json": "tags,omitempty"}},
		{xmlType, &model.Field{Wire: "Orders", Type: list, Optional: true, XML: model.XMLField{Name: "Orders", Wrapped: true, ItemName: "Order"}}, "[]string",
			map[string]string{"json": "Orders,omitempty", "xml": "Orders>Order,omitempty"}},
		{xmlType, &model.Field{Wire: "ReportInfo", Type: list, XML: model.XMLField{Name: "ReportInfo", ItemName: "ReportInfo"}}, "[]string",
			map[string]string{"json": "ReportInfo", "xml": "ReportInfo"}},
		{xmlType, &model.Field{Wire: "id", Type: str, XML: model.XMLField{Name: "id", Attribute: true}}, "string",
			map[string]string{"json": "id", "xml": "id,attr"}},
		{xmlType, &model.Field{Wire: "labels", Type: &model.TypeRef{Kind: model.KindMap, Elem: str}, Optional: true}, "map[string]string",
			map[string]string{"json": "labels,omitempty", "xml": "-"}},
	}
	for _, tt := range tests {
		if got := fmt.Sprintf("%#v", fieldType(tt.field)); got != tt.wantType {
			t.Errorf("%s: type %s, want %s", tt.field.Wire, got, tt.wantType)
		}
		got := tags(tt.typ, tt.field)
		if fmt.Sprint(got) != fmt.Sprint(tt.wantTags) {
			t.Errorf("%s: tags %v, want %v", tt.field.Wire, got, tt.wantTags)
		}
	}
}

func TestDocComment(t *testing.T) {
	tests := []struct{ name, text, fallback, want string }{
		{"Address", "A shipping address.", "fb", "// Address is a shipping address."},
		{"Order", "Order is one order.", "fb", "// Order is one order."},
		{"Order", "", "Order is the Order schema.", "// Order is the Order schema."},
		{"Order", "Details of\n\nan order.", "Order is the Order schema.", "// Order is the Order schema.\n//\n// Details of\n//\n// an order."},
	}
	for _, tt := range tests {
		if got := docComment(tt.name, tt.text, tt.fallback); got != tt.want {
			t.Errorf("docComment(%q, %q) =\n%s\nwant\n%s", tt.name, tt.text, got, tt.want)
		}
	}
}

// TestGroupImports checks that the standard library's imports come first,
// a blank line before the others, as goimports groups them.
func TestGroupImports(t *testing.T) {
	src := "package p\n\nimport (\n\t\"context\"\n\tapi \"example.com/app/api\"\n\t\"iter\"\n\t\"github.com/x/y\"\n\t\"net/http\"\n)\n\nvar _ = 1\n"
	want := "package p\n\nimport (\n\t\"context\"\n\t\"iter\"\n\t\"net/http\"\n\n\tapi \"example.com/app/api\"\n\t\"github.com/x/y\"\n)\n\nvar _ = 1\n"
	if got := string(groupImports([]byte(src))); got != want {
		t.Errorf("groupImports:\n%s\nwant:\n%s", got, want)
	}
	for _, same := range []string{
		"package p\n\nimport (\n\t\"context\"\n\t\"iter\"\n)\n",
		"package p\n\nimport (\n\t\"example.com/a\"\n)\n",
		"package p\n\nimport \"context\"\n",
		"package p\n",
	} {
		if got := string(groupImports([]byte(same))); got != same {
			t.Errorf("groupImports(%q) = %q, want it unchanged", same, got)
		}
	}
}
