package byo

import (
	"fmt"
	"go/types"

	"github.com/pagegen/pagegen/generator/model"
)

// findMethod returns the method of methods whose name, folded, is want.
func findMethod(methods *types.MethodSet, want string) *types.Func {
	for i := range methods.Len() {
		f := methods.At(i).Obj().(*types.Func)
		if normalize(f.Name()) == want {
			return f
		}
	}
	return nil
}

// method is the client's method for an operation: what it takes and the
// 2xx body it returns.
type method struct {
	fn           *types.Func
	params, body *types.Named // nil when it takes none
	rbody        *Type        // the decoded 2xx body
}

// oapiMethod finds oapi-codegen's XWithResponse for op: its params and
// body types, its response and the response's field for the 2xx body.
func (b *binder) oapiMethod(op *model.Operation, _ model.Path, methods *types.MethodSet, bo *Op) (*method, error) {
	fn := findMethod(methods, normalize(op.ID)+"withresponse")
	if fn == nil {
		if f := findMethod(methods, normalize(op.ID)+"withbodywithresponse"); f != nil && op.Body != nil {
			if op.Body.Format != model.FormatJSON {
				return nil, fmt.Errorf("%s takes the body as an io.Reader only: oapi-codegen writes a typed body method for JSON content types, and %s is not one", b.where(f), op.Body.ContentType)
			}
			return b.oapiReaderMethod(op, f, bo)
		}
		return nil, fmt.Errorf("ClientWithResponses of %s has no method for operation %s (looked for %sWithResponse)", b.pkg.PkgPath, op.ID, op.GoName)
	}
	bo.Method = fn.Name()
	m := &method{fn: fn}
	sig := fn.Type().(*types.Signature)
	n := sig.Params().Len()
	if n < 2 || !sig.Variadic() || sig.Results().Len() != 2 {
		return nil, fmt.Errorf("%s: want (ctx, [params], [body], reqEditors...) (*Response, error), have %s", b.where(fn), sig)
	}
	pathParams := paramsIn(op, model.InPath)
	for i := 1; i < n-1; i++ {
		v := sig.Params().At(i)
		bound, err := b.pathOrParams(fn, v, pathParams, m, bo)
		if err != nil {
			return nil, err
		}
		if bound {
			continue
		}
		switch {
		case v.Name() == "body" && m.body == nil && op.Body != nil:
			// XJSONRequestBody: an alias of a component schema's type, or,
			// for an inline schema, a type defined as XJSONBody.
			nb, err := b.namedStruct(v.Type(), false)
			if err != nil {
				return nil, fmt.Errorf("%s: body: want a named JSON request body type, have %s", b.where(fn), v.Type())
			}
			m.body = nb
			bo.Body = nb.Obj().Name()
			if a, ok := v.Type().(*types.Alias); ok {
				bo.Body = a.Obj().Name()
			}
		default:
			return nil, fmt.Errorf("%s: argument %s %s is none of the path parameters, params and body of operation %s", b.where(fn), v.Name(), TypeString(b.goType(v.Type())), op.ID)
		}
	}
	if len(bo.PathArgs) < len(pathParams) {
		return nil, fmt.Errorf("%s takes no argument for the path parameter %q", b.where(fn), pathParams[len(bo.PathArgs)].Name)
	}
	resp, err := b.namedStruct(sig.Results().At(0).Type(), true)
	if err != nil {
		return nil, fmt.Errorf("%s: result: %w", b.where(fn), err)
	}
	bo.Response = resp.Obj().Name()
	if bo.Success, m.rbody, err = b.successField(resp); err != nil {
		return nil, err
	}
	return m, nil
}

// pathOrParams binds v, an argument of oapi-codegen's method fn before its
// body: the next path parameter (oapi-codegen passes them first, in the
// order of the path, named after them) or the params. It reports whether v
// is either.
func (b *binder) pathOrParams(fn *types.Func, v *types.Var, pathParams []*model.Param, m *method, bo *Op) (bool, error) {
	switch {
	case m.params == nil && m.body == nil && len(bo.PathArgs) < len(pathParams):
		want := pathParams[len(bo.PathArgs)]
		if normalize(v.Name()) != normalize(want.Name) {
			return false, fmt.Errorf("%s: argument %s %s is not the path parameter %q", b.where(fn), v.Name(), TypeString(b.goType(v.Type())), want.Name)
		}
		bo.PathArgs = append(bo.PathArgs, Arg{Name: v.Name(), Type: b.goType(v.Type())})
		return true, nil
	case v.Name() == "params" && m.params == nil:
		p, err := b.namedStruct(v.Type(), true)
		if err != nil {
			return false, fmt.Errorf("%s: params: %w", b.where(fn), err)
		}
		m.params = p
		bo.Params = p.Obj().Name()
		return true, nil
	}
	return false, nil
}

// oapiReaderMethod binds oapi-codegen's XWithBodyWithResponse(ctx, [path
// arguments], [params], contentType string, body io.Reader, reqEditors...)
// for an operation whose body is JSON under a content type oapi-codegen
// does not know as JSON (AWS's application/x-amz-json-1.0). Its models
// have the body's and the 2xx response's schema types all the same: the
// walk writes the token into the body's type, encodes it as JSON and sends
// it under the spec's content type, and decodes the 2xx body, which
// oapi-codegen leaves raw, into the response's type.
func (b *binder) oapiReaderMethod(op *model.Operation, fn *types.Func, bo *Op) (*method, error) {
	bo.Method = fn.Name()
	m := &method{fn: fn}
	sig := fn.Type().(*types.Signature)
	n := sig.Params().Len()
	if n < 4 || !sig.Variadic() || sig.Results().Len() != 2 {
		return nil, fmt.Errorf("%s: want (ctx, [params], contentType, body, reqEditors...) (*Response, error), have %s", b.where(fn), sig)
	}
	pathParams := paramsIn(op, model.InPath)
	for i := 1; i < n-3; i++ {
		v := sig.Params().At(i)
		bound, err := b.pathOrParams(fn, v, pathParams, m, bo)
		if err != nil {
			return nil, err
		}
		if !bound {
			return nil, fmt.Errorf("%s: argument %s %s is none of the path parameters and params of operation %s", b.where(fn), v.Name(), TypeString(b.goType(v.Type())), op.ID)
		}
	}
	if len(bo.PathArgs) < len(pathParams) {
		return nil, fmt.Errorf("%s takes no argument for the path parameter %q", b.where(fn), pathParams[len(bo.PathArgs)].Name)
	}
	ct, rd := sig.Params().At(n-3), sig.Params().At(n-2)
	if ct.Type().String() != "string" || rd.Type().String() != "io.Reader" {
		return nil, fmt.Errorf("%s: want (…, contentType string, body io.Reader, reqEditors...), have %s", b.where(fn), sig)
	}
	body, err := b.schemaType(op.Body.Type, "the request body")
	if err != nil {
		return nil, fmt.Errorf("%s takes the body as an io.Reader: %w", b.where(fn), err)
	}
	m.body = body
	bo.Body, bo.BodyContentType = body.Obj().Name(), op.Body.ContentType
	resp, err := b.namedStruct(sig.Results().At(0).Type(), true)
	if err != nil {
		return nil, fmt.Errorf("%s: result: %w", b.where(fn), err)
	}
	bo.Response = resp.Obj().Name()
	if field, _, err := b.successField(resp); err == nil {
		// A JSON2xx beside a body taken as a reader: read it as ever.
		bo.Success = field
		_, m.rbody, _ = b.successField(resp)
		return m, nil
	}
	if !b.hasRawBody(resp) {
		return nil, fmt.Errorf("%s has neither a JSON2xx field nor the raw Body []byte", b.where(resp.Obj()))
	}
	if op.Result == nil || op.Result.Format != model.FormatJSON {
		return nil, fmt.Errorf("%s: the 2xx response has no JSON body to decode", b.where(resp.Obj()))
	}
	out, err := b.schemaType(op.Result.Type, "the 2xx response body")
	if err != nil {
		return nil, fmt.Errorf("%s leaves the %s body raw: %w", b.where(resp.Obj()), op.Result.ContentType, err)
	}
	bo.Decoded = out.Obj().Name()
	m.rbody = b.goType(types.NewPointer(out))
	return m, nil
}

// hasRawBody reports whether oapi-codegen's response type keeps the body
// as it came (Body []byte).
func (b *binder) hasRawBody(resp *types.Named) bool {
	st := resp.Underlying().(*types.Struct)
	for i := range st.NumFields() {
		if f := st.Field(i); f.Name() == "Body" && f.Type().String() == "[]byte" {
			return true
		}
	}
	return false
}

// schemaType finds the client's type of the component schema t names: the
// struct type whose name, folded as the binder folds names, is the
// schema's, and that has a field for each of the schema's properties,
// matched by json tags. oapi-codegen declares types for component schemas
// only.
func (b *binder) schemaType(t *model.TypeRef, what string) (*types.Named, error) {
	if t == nil || t.Kind != model.KindNamed || t.Named == nil || t.Named.Fields == nil {
		return nil, fmt.Errorf("%s is not an object schema, for which oapi-codegen declares a type", what)
	}
	schema := t.Named.SchemaName
	var found *types.Named
	scope := b.pkg.Types.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || normalize(name) != normalize(schema) {
			continue
		}
		if n, ok := tn.Type().(*types.Named); ok {
			if _, ok := n.Underlying().(*types.Struct); ok {
				found = n
			}
		}
	}
	if found == nil {
		if p := t.Named.Pos.String(); p != "" {
			schema += " (" + p + ")"
		}
		return nil, fmt.Errorf("client package %s declares no struct type for %s's schema %s: oapi-codegen declares types for component schemas only", b.pkg.PkgPath, what, schema)
	}
	root := b.goType(found)
	for _, f := range t.Named.Fields {
		if _, err := b.path(root, []string{f.Wire}, found.Obj().Name()); err != nil {
			return nil, fmt.Errorf("%s's schema %s: %w", what, schema, err)
		}
	}
	return found, nil
}
