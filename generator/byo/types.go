package byo

import (
	"fmt"
	"go/types"
	"reflect"
	"strings"
)

// Kind is the shape of a Type.
type Kind int

// The shapes of a Type.
const (
	Basic   Kind = iota // a predeclared type: Name
	Named               // Pkg.Name, a defined type or an alias
	Pointer             // *Elem
	Slice               // []Elem
	// Optional is ogen's OptT, OptNilT and NilT: a struct holding Elem in
	// Value, with Set (and Null) flags; Pkg.Name is its type.
	Optional
	// Struct is a struct type with no name (oapi-codegen's inline objects);
	// Name is how Go prints it.
	Struct
)

// Type is a Go type as emission prints it.
type Type struct {
	Kind Kind
	Pkg  string // import path of a Named type; "" for the universe
	Name string
	Elem *Type
	// Under is the basic type underneath a Named scalar ("string", "int32"),
	// "" when it is not one.
	Under string
	// Elem is, for a Named slice (ogen's type Policies []Policy), the
	// element type; Kind stays Named, as the field is declared.
	// Stringer is set when the type has a String() string method.
	Stringer bool
	// HasSet and HasNull say which flags an Optional has.
	HasSet, HasNull bool

	st *types.Struct // a Struct's fields, for binding
}

// Deref returns the pointed-to type of a pointer or the value type of an
// Optional, else t.
func (t *Type) Deref() *Type {
	if t.Kind == Pointer || t.Kind == Optional {
		return t.Elem
	}
	return t
}

// Items returns the element type of a slice or a named slice type, nil
// when t is neither.
func (t *Type) Items() *Type {
	if t.Kind == Slice || t.Kind == Named {
		return t.Elem
	}
	return nil
}

// Scalar returns the basic type t is or stands for: "string", "int32", …;
// "" when it is neither.
func (t *Type) Scalar() string {
	switch t.Kind {
	case Basic:
		return t.Name
	case Named:
		return t.Under
	}
	return ""
}

func isBool(s string) bool { return s == "bool" }

func isInteger(s string) bool {
	return strings.HasPrefix(s, "int") || strings.HasPrefix(s, "uint")
}

func isNumber(s string) bool { return isInteger(s) || strings.HasPrefix(s, "float") }

// isText reports whether a value of type t reads as a string: a string, an
// integer or a Stringer.
func isText(t *Type) bool {
	s := t.Scalar()
	return s == "string" || isInteger(s) || t.Stringer
}

// namedStruct returns the named struct t is (or points to, when ptr).
func (b *binder) namedStruct(t types.Type, ptr bool) (*types.Named, error) {
	if ptr {
		p, ok := t.(*types.Pointer)
		if !ok {
			return nil, fmt.Errorf("%s is not a pointer", t)
		}
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil, fmt.Errorf("%s is not a named type", t)
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil, fmt.Errorf("%s is not a struct", t)
	}
	return n, nil
}

// path follows props (JSON property names) from t through struct fields
// matched by their json tags.
func (b *binder) path(t *Type, props []string, from string) ([]Step, error) {
	var steps []Step
	cur := t
	for _, prop := range props {
		st, obj := b.structOf(cur)
		if st == nil {
			return nil, fmt.Errorf("%s is %s, not a struct with a field %q", stepsString(from, steps), TypeString(cur), prop)
		}
		found := false
		for i := range st.NumFields() {
			if tagName(reflect.StructTag(st.Tag(i)).Get("json")) == prop {
				f := st.Field(i)
				cur = b.goType(f.Type())
				steps = append(steps, Step{Field: f.Name(), Type: cur})
				found = true
				break
			}
		}
		if !found && obj == nil {
			// A struct with no name: the field that has it names it.
			return nil, fmt.Errorf("%s (%s) has no field with json tag %q", stepsString(from, steps), TypeString(cur), prop)
		}
		if !found {
			return nil, fmt.Errorf("%s has no field with json tag %q", b.where(obj), prop)
		}
	}
	return steps, nil
}

// structOf returns the struct a Type (or what it points to) names.
func (b *binder) structOf(t *Type) (*types.Struct, types.Object) {
	t = t.Deref()
	if t.Kind == Struct {
		return t.st, nil
	}
	if t.Kind != Named {
		return nil, nil
	}
	obj := b.lookupObj(t)
	if obj == nil {
		return nil, nil
	}
	st, _ := types.Unalias(obj.Type()).Underlying().(*types.Struct)
	return st, obj
}

func (b *binder) lookupObj(t *Type) types.Object {
	if t.Pkg == b.pkg.PkgPath {
		return b.pkg.Types.Scope().Lookup(t.Name)
	}
	for _, imp := range b.pkg.Types.Imports() {
		if imp.Path() == t.Pkg {
			return imp.Scope().Lookup(t.Name)
		}
	}
	return nil
}

func tagName(tag string) string {
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" {
		return ""
	}
	return name
}

// goType converts a go/types type to a Type.
func (b *binder) goType(t types.Type) *Type {
	switch t := t.(type) {
	case *types.Pointer:
		return &Type{Kind: Pointer, Elem: b.goType(t.Elem())}
	case *types.Slice:
		return &Type{Kind: Slice, Elem: b.goType(t.Elem())}
	case *types.Basic:
		return &Type{Kind: Basic, Name: t.Name()}
	case *types.Struct:
		return &Type{Kind: Struct, Name: types.TypeString(t, types.RelativeTo(b.pkg.Types)), st: t}
	case *types.Alias:
		if _, ok := types.Unalias(t).(*types.Named); !ok {
			// An alias of an unnamed type: print what it stands for.
			if ut := b.goType(types.Unalias(t)); ut.Kind != Basic {
				return ut
			}
		}
		return namedType(t.Obj(), t)
	case *types.Named:
		if opt := b.optional(t); opt != nil {
			return opt
		}
		out := namedType(t.Obj(), t)
		// A named slice's element, unless the type is its own element
		// (type Tree []Tree): that one is no list of items.
		if sl, ok := t.Underlying().(*types.Slice); ok && !b.inSlice[t] {
			if b.inSlice == nil {
				b.inSlice = map[*types.Named]bool{}
			}
			b.inSlice[t] = true
			out.Elem = b.goType(sl.Elem())
			delete(b.inSlice, t)
		}
		return out
	}
	return &Type{Kind: Basic, Name: t.String()}
}

// namedType is the Type of t, the defined type or alias obj declares.
func namedType(obj *types.TypeName, t types.Type) *Type {
	out := &Type{Kind: Named, Name: obj.Name(), Stringer: hasString(t)}
	if obj.Pkg() != nil {
		out.Pkg = obj.Pkg().Path()
	}
	if u, ok := types.Unalias(t).Underlying().(*types.Basic); ok {
		out.Under = u.Name()
	}
	return out
}

// optional returns the Type of an ogen OptT, OptNilT or NilT: a struct of
// Value and the flags Set and Null; nil for any other type.
func (b *binder) optional(t *types.Named) *Type {
	if b.generator != Ogen {
		return nil
	}
	name := t.Obj().Name()
	if !strings.HasPrefix(name, "Opt") && !strings.HasPrefix(name, "Nil") {
		return nil
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	out := &Type{Kind: Optional, Name: name, Pkg: t.Obj().Pkg().Path()}
	for i := range st.NumFields() {
		f := st.Field(i)
		switch f.Name() {
		case "Value":
			out.Elem = b.goType(f.Type())
		case "Set":
			out.HasSet = true
		case "Null":
			out.HasNull = true
		default:
			return nil
		}
	}
	if out.Elem == nil || !out.HasSet && !out.HasNull {
		return nil
	}
	return out
}

func hasString(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "String")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() == 0 && sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.String])
}

// TypeString prints t as Go code qualified by package names: []api.Country.
func TypeString(t *Type) string {
	switch t.Kind {
	case Pointer:
		return "*" + TypeString(t.Elem)
	case Slice:
		return "[]" + TypeString(t.Elem)
	case Named, Optional:
		if t.Pkg != "" {
			return t.Pkg[strings.LastIndex(t.Pkg, "/")+1:] + "." + t.Name
		}
	}
	return t.Name
}

func stepsString(from string, steps []Step) string {
	s := from
	for _, st := range steps {
		s += "." + st.Field
	}
	return s
}
