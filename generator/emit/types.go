package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/pagegen/pagegen/generator/model"
)

// typesFile declares every named type of the model.
func (e *emitter) typesFile(pkg string) *jen.File {
	f := newFile(pkg)
	for _, t := range e.api.Types {
		genType(f, t)
	}
	return f
}

// genType declares one named type.
func genType(f *jen.File, t *model.Type) {
	fallback := fmt.Sprintf("%s is the %s schema of the API.", t.Name, t.SchemaName)
	f.Comment(docComment(t.Name, t.Doc, fallback))
	if !t.IsStruct() {
		f.Type().Id(t.Name).Add(goType(t.Underlying))
		genEnum(f, t)
		return
	}
	f.Type().Id(t.Name).StructFunc(func(g *jen.Group) {
		for _, fd := range t.Fields {
			doc := fd.Doc
			if fd.Type.Kind == model.KindRaw && fd.Type.Why != "" {
				doc = strings.TrimSpace(doc + "\n\nLeft undecoded: " + fd.Type.Why + ".")
			}
			if doc != "" {
				g.Comment(wrap(doc))
			}
			g.Id(fd.GoName).Add(fieldType(fd)).Tag(tags(t, fd))
		}
	})
}

// genEnum declares the constants of a string enum.
func genEnum(f *jen.File, t *model.Type) {
	if len(t.Enum) == 0 {
		return
	}
	f.Comment(fmt.Sprintf("Values of %s.", t.Name))
	f.Const().DefsFunc(func(g *jen.Group) {
		for _, v := range t.Enum {
			g.Id(v.GoName).Id(t.Name).Op("=").Lit(v.Value)
		}
	})
}

// fieldType is a field's Go type: optional scalars and structs are
// pointers, so absent and zero stay apart.
func fieldType(fd *model.Field) jen.Code {
	if fd.Optional && pointable(fd.Type) {
		return jen.Op("*").Add(goType(fd.Type))
	}
	return goType(fd.Type)
}

// pointable reports whether an optional value of t is held by pointer:
// slices, maps and raw values have a nil of their own.
func pointable(t *model.TypeRef) bool {
	switch t.Kind {
	case model.KindSlice, model.KindMap, model.KindRaw, model.KindAny, model.KindBytes:
		return false
	}
	return true
}

// goType is the Go type for a reference.
func goType(t *model.TypeRef) *jen.Statement {
	switch t.Kind {
	case model.KindString:
		return jen.String()
	case model.KindBool:
		return jen.Bool()
	case model.KindInt32:
		return jen.Int32()
	case model.KindInt64:
		return jen.Int64()
	case model.KindFloat32:
		return jen.Float32()
	case model.KindFloat64:
		return jen.Float64()
	case model.KindBytes:
		return jen.Index().Byte()
	case model.KindRaw:
		return jen.Qual("encoding/json", "RawMessage")
	case model.KindSlice:
		return jen.Index().Add(goType(t.Elem))
	case model.KindMap:
		return jen.Map(jen.String()).Add(goType(t.Elem))
	case model.KindNamed:
		return jen.Id(t.Named.Name)
	}
	return jen.Any()
}

// tags returns the json (and, for XML types, xml) struct tags.
func tags(t *model.Type, fd *model.Field) map[string]string {
	opt := ""
	if fd.Optional {
		opt = ",omitempty"
	}
	m := map[string]string{"json": fd.Wire + opt}
	if t.XML {
		switch tag := xmlTag(fd); tag {
		case "-", ",chardata": // encoding/xml refuses omitempty on these
			m["xml"] = tag
		default:
			m["xml"] = tag + opt
		}
	}
	return m
}

// xmlTag is the encoding/xml tag of a field, from the OpenAPI xml object.
func xmlTag(fd *model.Field) string {
	x := fd.XML
	name := x.Name
	if name == "" {
		name = fd.Wire
	}
	switch fd.Type.Kind {
	case model.KindMap, model.KindAny, model.KindRaw:
		// encoding/xml has no mapping for these.
		return "-"
	case model.KindSlice:
		item := x.ItemName
		if item == "" {
			item = name
		}
		if x.Wrapped {
			return name + ">" + item
		}
		return item
	}
	if x.Attribute {
		return name + ",attr"
	}
	if x.Text {
		return ",chardata"
	}
	if strings.ContainsAny(name, " >,") {
		return "-"
	}
	return name
}
