package byo

import (
	"fmt"
	"go/types"
	"strings"

	"github.com/pagegen/pagegen/generator/model"
)

// ogenUnknownJSON is the content type of op's body or success response
// that is JSON but that ogen does not know as JSON (AWS's
// application/x-amz-json-1.0); "" when there is none.
func ogenUnknownJSON(op *model.Operation) string {
	known := func(ct string) bool {
		return ct == "application/json" || strings.HasSuffix(ct, "+json")
	}
	if op.Body != nil && op.Body.Format == model.FormatJSON && !known(op.Body.ContentType) {
		return op.Body.ContentType
	}
	if op.Result != nil && op.Result.Format == model.FormatJSON && !known(op.Result.ContentType) {
		return op.Result.ContentType
	}
	return ""
}

// ogenMethod finds ogen's X for op: X(ctx, [request], [params]) (XRes,
// error). XRes is an interface; the 2xx body is the type implementing it
// whose json tags lead to the items.
//
// items is where the items are in the 2xx body: op's own, or, for a
// continuation, what its response holds them under.
func (b *binder) ogenMethod(op *model.Operation, items model.Path, methods *types.MethodSet, bo *Op) (*method, error) {
	fn := findMethod(methods, normalize(op.ID))
	if fn == nil {
		if ct := ogenUnknownJSON(op); ct != "" {
			return nil, fmt.Errorf("Client of %s has no method for operation %s (looked for %s): ogen knows %s as no JSON type, and skips the operation when told to ignore what it cannot implement; alias it to JSON in ogen's configuration (generator: {content_type_aliases: {%s: application/json}}) and generate the client again", b.pkg.PkgPath, op.ID, op.GoName, ct, ct)
		}
		return nil, fmt.Errorf("Client of %s has no method for operation %s (looked for %s)", b.pkg.PkgPath, op.ID, op.GoName)
	}
	bo.Method = fn.Name()
	m := &method{fn: fn}
	sig := fn.Type().(*types.Signature)
	n := sig.Params().Len()
	if n < 1 || sig.Variadic() || sig.Results().Len() != 2 {
		return nil, fmt.Errorf("%s: want (ctx, [request], [params]) (Res, error), have %s", b.where(fn), sig)
	}
	for i := 1; i < n; i++ {
		v := sig.Params().At(i)
		switch {
		case v.Name() == "params" && m.params == nil:
			p, err := b.namedStruct(v.Type(), false)
			if err != nil {
				return nil, fmt.Errorf("%s: params: %w", b.where(fn), err)
			}
			m.params = p
			bo.Params = p.Obj().Name()
		case v.Name() == "request" && m.body == nil && op.Body != nil:
			nb, err := b.namedStruct(v.Type(), true)
			if err != nil {
				return nil, fmt.Errorf("%s: request: want a pointer to the JSON request body type, have %s", b.where(fn), v.Type())
			}
			m.body = nb
			bo.Body = nb.Obj().Name()
		default:
			return nil, fmt.Errorf("%s: argument %s %s is neither the params nor the body of operation %s", b.where(fn), v.Name(), TypeString(b.goType(v.Type())), op.ID)
		}
	}
	res := sig.Results().At(0).Type()
	if p, ok := res.(*types.Pointer); ok {
		// One 2xx response, the others errors: ogen returns the 2xx type
		// itself and the others as the error.
		named, _ := types.Unalias(p.Elem()).(*types.Named)
		if named == nil {
			return nil, fmt.Errorf("%s: result %s is not ogen's response type", b.where(fn), res)
		}
		bo.Response, bo.Success, bo.Concrete = named.Obj().Name(), named.Obj().Name(), true
		if !b.holdsItems(items, named.Obj(), m, bo) {
			return nil, fmt.Errorf("%s: result %s has no items %q", b.where(fn), b.where(named.Obj()), items.String())
		}
		return m, nil
	}
	iface, ok := res.Underlying().(*types.Interface)
	named, _ := types.Unalias(res).(*types.Named)
	if !ok || named == nil {
		return nil, fmt.Errorf("%s: result %s is not ogen's response interface", b.where(fn), res)
	}
	bo.Response = named.Obj().Name()
	scope := b.pkg.Types.Scope()
	var found []string
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || !types.Implements(types.NewPointer(tn.Type()), iface) {
			continue
		}
		if b.holdsItems(items, tn, m, bo) {
			found = append(found, name)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("no type of %s implementing %s has the items %q", b.pkg.PkgPath, b.where(named.Obj()), items.String())
	case 1:
		bo.Success = found[0]
		return m, nil
	}
	return nil, fmt.Errorf("several types implementing %s have the items %q: %v", b.where(named.Obj()), items.String(), found)
}

// holdsItems reports whether ogen's type tn has the items, itself or in
// its Response field when it holds the body with the response's headers
// (XHeaders{XAmznRequestId OptString; Response X}); if so it records the
// body's type in m and the field in bo.Unwrap.
func (b *binder) holdsItems(items model.Path, tn *types.TypeName, m *method, bo *Op) bool {
	t := b.goType(tn.Type())
	if b.itemsAt(t, items) {
		m.rbody, bo.Unwrap = t, ""
		return true
	}
	st, ok := tn.Type().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if f := st.Field(i); f.Name() == "Response" && st.Tag(i) == "" {
			if inner := b.goType(f.Type()); b.itemsAt(inner, items) {
				m.rbody, bo.Unwrap = inner, "Response"
				return true
			}
		}
	}
	return false
}

// itemsAt reports whether the items are a slice in a body of type t.
func (b *binder) itemsAt(t *Type, items model.Path) bool {
	steps, err := b.path(t, items.Props, "")
	if err != nil {
		return false
	}
	if len(steps) > 0 {
		t = steps[len(steps)-1].Type
	}
	return t.Deref().Items() != nil
}
