package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/pagegen/pagegen/generator/model"
)

// leafFunc emits the use of the value found at the end of a path: v is an
// expression of type t, a pointer when ptr is set.
type leafFunc func(g *jen.Group, v *jen.Statement, t *model.TypeRef, ptr bool)

// readPath emits nil-safe code that reads the property path from base (an
// expression of struct type t, or a pointer to one) and hands the value to
// leaf. Optional structs on the way are entered only when present.
func readPath(g *jen.Group, base *jen.Statement, t *model.TypeRef, props []string, depth int, leaf leafFunc) {
	if len(props) == 0 {
		leaf(g, base, t, false)
		return
	}
	fd := t.Named.Field(props[0])
	v := base.Clone().Dot(fd.GoName)
	ptr := fd.Optional && pointable(fd.Type)
	if len(props) == 1 {
		leaf(g, v, fd.Type, ptr)
		return
	}
	if ptr {
		name := fmt.Sprintf("v%d", depth)
		g.If(jen.Id(name).Op(":=").Add(v), jen.Id(name).Op("!=").Nil()).BlockFunc(func(g *jen.Group) {
			readPath(g, jen.Id(name), fd.Type, props[1:], depth+1, leaf)
		})
		return
	}
	readPath(g, v, fd.Type, props[1:], depth+1, leaf)
}

// writePath emits code that sets the property path below holder (an
// addressable struct value of type t) to value, copying every optional
// struct on the way so the caller's params are never modified.
func writePath(g *jen.Group, holder *jen.Statement, t *model.Type, props []string, depth int, value func(t *model.TypeRef, ptr bool) jen.Code) {
	fd := t.Field(props[0])
	dst := holder.Clone().Dot(fd.GoName)
	ptr := fd.Optional && pointable(fd.Type)
	if len(props) == 1 {
		g.Add(dst).Op("=").Add(value(fd.Type, ptr))
		return
	}
	if !ptr {
		writePath(g, dst, fd.Type.Named, props[1:], depth+1, value)
		return
	}
	name := fmt.Sprintf("c%d", depth)
	g.Id(name).Op(":=").Id("derefOr").Call(dst)
	writePath(g, jen.Id(name), fd.Type.Named, props[1:], depth+1, value)
	g.Add(dst.Clone()).Op("=").Op("&").Id(name)
}

// asString converts v (of type t; a pointer when ptr) to a string.
func asString(v *jen.Statement, t *model.TypeRef, ptr bool) jen.Code {
	if ptr {
		v = jen.Id("derefOr").Call(v)
	}
	kind := t.Kind
	if kind == model.KindNamed && t.Named.Underlying != nil {
		kind = t.Named.Underlying.Kind
		if kind == model.KindString {
			return jen.String().Call(v)
		}
	}
	switch kind {
	case model.KindString:
		return v
	case model.KindInt32, model.KindInt64:
		return jen.Qual("strconv", "FormatInt").Call(jen.Int64().Call(v), jen.Lit(10))
	}
	return jen.Id("formatValue").Call(v)
}

// fromString converts the string expression v to a value of type t.
func fromString(v jen.Code, t *model.TypeRef, ptr bool) jen.Code {
	var out jen.Code = v
	if t.Kind == model.KindNamed {
		out = jen.Id(t.Named.Name).Call(v)
	}
	if ptr {
		return jen.Id("Ptr").Call(out)
	}
	return out
}
