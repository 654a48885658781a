package infer

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/pagegen/pagegen/generator/model"
	"github.com/pagegen/pagegen/generator/naming"
)

// typer lowers schemas into model types. Component schemas become one named
// type each, however often they are referenced (recursion included); inline
// objects and enums are named after where they appear.
type typer struct {
	names *naming.Set
	// swagger2 is set for a Swagger 2.0 spec, whose XML AutoRest reads:
	// array items with no xml.name are named by their definition.
	swagger2 bool
	byRef    map[string]*model.Type
	byPtr    map[*openapi3.Schema]*model.Type
	types    []*model.Type
	xmlUse   map[*model.Type]bool
	// aliasing holds the component aliases being lowered, to stop at one
	// that refers to itself.
	aliasing map[string]bool
	// renames are the names that had to change because another
	// declaration has them, with where they were met.
	renames []typeRename
	// at is the operation being lowered: inline schemas are placed there.
	at *operation
}

// typeRename is a type or field whose Go name had to change.
type typeRename struct {
	at       *operation
	ref      string // the component, when the schema is one
	prop     string // the property, for a field
	from, to string
}

func newTyper(names *naming.Set) *typer {
	return &typer{
		names:    names,
		byRef:    map[string]*model.Type{},
		byPtr:    map[*openapi3.Schema]*model.Type{},
		xmlUse:   map[*model.Type]bool{},
		aliasing: map[string]bool{},
	}
}

// componentName returns the last token of a "#/components/schemas/Name"
// reference (or of a reference into another file).
func componentName(ref string) string {
	if i := strings.LastIndex(ref, "/"); i >= 0 {
		return ref[i+1:]
	}
	return ref
}

// ref lowers a schema reference used at context (a Go name prefix for
// inline types).
func (t *typer) ref(sr *openapi3.SchemaRef, context string) *model.TypeRef {
	if sr == nil || sr.Value == nil {
		return &model.TypeRef{Kind: model.KindAny}
	}
	s := sr.Value
	// allOf: [$ref] plus description or xml only (how converted specs attach
	// member docs): the referenced type itself.
	if sr.Ref == "" && len(s.AllOf) == 1 && len(s.Properties) == 0 && s.Type.IsEmpty() {
		return t.ref(s.AllOf[0], context)
	}
	if sr.Ref != "" {
		if nt := t.byRef[sr.Ref]; nt != nil {
			return named(nt)
		}
		if needsNamedType(s) {
			return named(t.declare(sr.Ref, componentName(sr.Ref), s))
		}
		// A component that is an alias of a scalar or array: use it inline,
		// there is nothing a defined type would add. An alias that reaches
		// itself (A: {type: array, items: {$ref: A}}) has no Go spelling.
		if t.aliasing[sr.Ref] {
			return &model.TypeRef{Kind: model.KindRaw, Why: "the schema " + componentName(sr.Ref) + " contains itself without an object in between"}
		}
		t.aliasing[sr.Ref] = true
		defer delete(t.aliasing, sr.Ref)
		return t.inline(s, naming.Exported(componentName(sr.Ref)))
	}
	if nt := t.byPtr[s]; nt != nil {
		return named(nt)
	}
	if needsNamedType(s) {
		return named(t.declare("", context, s))
	}
	return t.inline(s, context)
}

func named(nt *model.Type) *model.TypeRef { return &model.TypeRef{Kind: model.KindNamed, Named: nt} }

// needsNamedType reports whether a schema is declared as its own Go type:
// objects with properties and string enums.
func needsNamedType(s *openapi3.Schema) bool {
	if len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		return false
	}
	if len(s.Properties) > 0 || len(s.AllOf) > 0 {
		return true
	}
	return len(s.Enum) > 0 && schemaType(s) == "string"
}

// inline lowers a schema that is not declared as a named type.
func (t *typer) inline(s *openapi3.Schema, context string) *model.TypeRef {
	if len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		alts := s.OneOf
		if len(alts) == 0 {
			alts = s.AnyOf
		}
		// anyOf/oneOf [X, null] is how 3.1 writes a nullable X.
		var nonNull []*openapi3.SchemaRef
		for _, a := range alts {
			if a.Value != nil && a.Value.Type != nil && a.Value.Type.Is("null") {
				continue
			}
			nonNull = append(nonNull, a)
		}
		if len(nonNull) == 1 {
			return t.ref(nonNull[0], context)
		}
		return &model.TypeRef{Kind: model.KindRaw, Why: "the schema is one of several shapes (oneOf/anyOf); decode it yourself"}
	}
	switch schemaType(s) {
	case "string":
		if s.Format == "byte" {
			return &model.TypeRef{Kind: model.KindBytes}
		}
		return &model.TypeRef{Kind: model.KindString}
	case "boolean":
		return &model.TypeRef{Kind: model.KindBool}
	case "integer":
		if s.Format == "int32" || (s.Max != nil && *s.Max <= 1<<31-1 && s.Min != nil && *s.Min >= -1<<31) {
			return &model.TypeRef{Kind: model.KindInt32}
		}
		return &model.TypeRef{Kind: model.KindInt64}
	case "number":
		if s.Format == "float" {
			return &model.TypeRef{Kind: model.KindFloat32}
		}
		return &model.TypeRef{Kind: model.KindFloat64}
	case "array":
		return &model.TypeRef{Kind: model.KindSlice, Elem: t.ref(s.Items, context+"Item")}
	case "object":
		if ap := s.AdditionalProperties.Schema; ap != nil {
			return &model.TypeRef{Kind: model.KindMap, Elem: t.ref(ap, context+"Value")}
		}
		return &model.TypeRef{Kind: model.KindMap, Elem: &model.TypeRef{Kind: model.KindAny}}
	case "":
		if s.Type != nil && s.Type.IsMultiple() {
			return &model.TypeRef{Kind: model.KindRaw, Why: fmt.Sprintf("the schema allows several types (%s)", strings.Join(s.Type.Slice(), ", "))}
		}
		return &model.TypeRef{Kind: model.KindAny}
	}
	return &model.TypeRef{Kind: model.KindAny}
}

// declare creates the named type for s and lowers its fields. The type is
// registered before its fields are lowered, so recursive schemas terminate.
func (t *typer) declare(ref, name string, s *openapi3.Schema) *model.Type {
	nt := &model.Type{
		Name:       t.names.Unique(naming.Exported(name), "Body", "Model"),
		SchemaName: name,
		Doc:        firstNonEmpty(s.Description, s.Title),
	}
	// A schema named as a declaration of the operations' own
	// (ListOrdersResponse, the body of ListOrders' response) reads as
	// that body with "Body"; only other changes are worth a warning.
	if want := naming.Exported(name); nt.Name != want && nt.Name != want+"Body" {
		t.renames = append(t.renames, typeRename{at: t.at, ref: ref, from: want, to: nt.Name})
	}
	if ref != "" {
		t.byRef[ref] = nt
	} else {
		t.byPtr[s] = nt
	}
	t.types = append(t.types, nt)
	if s.XML != nil && s.XML.Name != "" {
		nt.XMLName = s.XML.Name
	}
	if len(s.Properties) == 0 && len(s.AllOf) == 0 {
		// A string enum.
		nt.Underlying = &model.TypeRef{Kind: model.KindString}
		for _, v := range s.Enum {
			if str, ok := v.(string); ok {
				// Constants share the package scope with every type.
				nt.Enum = append(nt.Enum, model.EnumValue{Value: str, GoName: t.names.Unique(nt.Name + naming.Exported(str))})
			}
		}
		return nt
	}
	props, required := flatten(s)
	fieldNames := &naming.Set{}
	for _, p := range props {
		ps := p.schema
		want := naming.Exported(p.name)
		if ps.Value != nil {
			want = naming.Exported(clientName(p.name, ps.Value.Extensions))
		}
		f := &model.Field{
			Wire:     p.name,
			GoName:   fieldNames.Unique(want),
			Optional: !required[p.name] || (ps.Value != nil && nullable(ps.Value)),
		}
		if f.GoName != want {
			t.renames = append(t.renames, typeRename{at: t.at, ref: ref, prop: p.name, from: nt.Name + "." + want, to: nt.Name + "." + f.GoName})
		}
		f.Type = t.ref(ps, nt.Name+f.GoName)
		if ps.Value != nil {
			f.Doc = fieldDoc(ps)
			f.XML = xmlField(p.name, ps, t.swagger2)
		}
		nt.Fields = append(nt.Fields, f)
	}
	return nt
}

// fieldDoc is the description of a property: its own, else its type's.
func fieldDoc(sr *openapi3.SchemaRef) string {
	s := sr.Value
	doc := firstNonEmpty(s.Description, s.Title)
	if sr.Ref == "" && len(s.AllOf) == 1 && doc == "" && s.AllOf[0].Value != nil {
		doc = s.AllOf[0].Value.Description
	}
	if len(s.Enum) > 0 && sr.Ref == "" && !needsNamedType(s) {
		var vals []string
		for _, v := range s.Enum {
			vals = append(vals, fmt.Sprint(v))
		}
		doc = strings.TrimSpace(doc + "\n\nOne of: " + strings.Join(vals, ", ") + ".")
	}
	return doc
}

// xmlField reads the xml object of a property (and of an allOf wrapper,
// and of its items for arrays).
func xmlField(name string, sr *openapi3.SchemaRef, swagger2 bool) model.XMLField {
	x := model.XMLField{Name: name}
	s := sr.Value
	xo := s.XML
	if xo == nil && len(s.AllOf) == 1 && s.AllOf[0].Value != nil {
		xo = s.AllOf[0].Value.XML
	}
	if xo != nil {
		if xo.Name != "" {
			x.Name = xo.Name
		}
		x.Attribute = xo.Attribute
		x.Wrapped = xo.Wrapped
		x.Text = xo.Extensions["x-ms-text"] == true
	}
	arr := s
	if len(s.AllOf) == 1 && s.AllOf[0].Value != nil && schemaType(s) == "" {
		arr = s.AllOf[0].Value
	}
	if schemaType(arr) == "array" && arr.Items != nil && arr.Items.Value != nil {
		if arr.XML != nil {
			x.Wrapped = x.Wrapped || arr.XML.Wrapped
		}
		// Items are named by their schema's xml.name, else, in Swagger
		// 2.0, by the definition they refer to (AutoRest: Container for
		// #/definitions/Container), else as the property.
		switch ix := arr.Items.Value.XML; {
		case ix != nil && ix.Name != "":
			x.ItemName = ix.Name
		case swagger2 && arr.Items.Ref != "":
			x.ItemName = componentName(arr.Items.Ref)
		default:
			x.ItemName = x.Name
		}
	}
	return x
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// markXML records that nt (and every type it reaches) travels as XML.
func (t *typer) markXML(r *model.TypeRef) {
	if r == nil {
		return
	}
	switch r.Kind {
	case model.KindSlice, model.KindMap:
		t.markXML(r.Elem)
	case model.KindNamed:
		if t.xmlUse[r.Named] {
			return
		}
		t.xmlUse[r.Named] = true
		r.Named.XML = true
		for _, f := range r.Named.Fields {
			t.markXML(f.Type)
		}
	}
}
