package infer

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/pagegen/pagegen/generator/model"
)

// Where a decision's locations are: in the lowered request (a parameter or
// a scalar body property) and in the response schema (a property or a
// header).

// requestLocation finds where op's request carries the value at loc: a
// parameter (of that name, travelling where loc says if it says), else,
// for a bare name or a body path, a scalar property of the JSON body.
func (b *builder) requestLocation(o *operation, loc *model.Location) (*model.Location, error) {
	if loc.In != model.InBody {
		for _, p := range o.m.Params {
			if p.Name == loc.Name && (loc.In == "" || p.In == loc.In) {
				return &model.Location{In: p.In, Name: p.Name}, nil
			}
		}
		for _, c := range o.m.Consts {
			if c.Name == loc.Name && (loc.In == "" || c.In == loc.In) {
				return nil, fmt.Errorf("%s of %s is a constant, not an input", loc.Name, o.m.ID)
			}
		}
		if loc.In != "" {
			return nil, fmt.Errorf("%s has no %s parameter %s", o.m.ID, loc.In, loc.Name)
		}
	}
	props := loc.Path
	if loc.In == "" {
		props = splitPath(loc.Name)
	}
	if o.m.Body != nil {
		if t, err := typeAt(o.m.Body.Type, props); err == nil && t.IsScalar() {
			return &model.Location{In: model.InBody, Path: props}, nil
		}
	}
	return nil, fmt.Errorf("%s is neither a parameter nor a JSON body property of %s", loc.Wire(), o.m.ID)
}

// bounds returns the schema minimum and maximum of a limit input.
func (b *builder) bounds(o *operation, loc *model.Location) (lo, hi *int64) {
	if loc.In != model.InBody {
		for _, p := range o.m.Params {
			if p.Name == loc.Name && p.In == loc.In {
				return p.Min, p.Max
			}
		}
		return nil, nil
	}
	if rb := o.op.RequestBody; rb != nil && rb.Value != nil {
		if _, mt, _ := pickContent(rb.Value.Content); mt != nil {
			if s := schemaAt(mt.Schema, loc.Path); s != nil && s.Value != nil {
				return intBound(s.Value.Min), intBound(s.Value.Max)
			}
		}
	}
	return nil, nil
}

// tokenPaths resolves the response token aliases: at least one must be in
// the schema, unless raw allows none to be; the others are read from the
// raw body.
func tokenPaths(resp *openapi3.SchemaRef, aliases []responseRef, raw bool) ([]model.Path, error) {
	var out []model.Path
	declared := false
	for _, a := range aliases {
		if a.header != "" {
			out = append(out, model.Path{Header: a.header, Declared: true})
			declared = true
			continue
		}
		props := responsePath(resp, a.path)
		s := schemaAt(resp, props)
		if s != nil && !isType(s, "string", "integer", "number") {
			return nil, fmt.Errorf("%s is not a string", a.path)
		}
		out = append(out, model.Path{Props: props, Declared: s != nil})
		declared = declared || s != nil
	}
	if !declared && !raw {
		return nil, fmt.Errorf("none of %s is in the response schema", joinRefs(aliases, ", "))
	}
	return out, nil
}

// flagPath resolves a response path that must have one of the types.
func flagPath(resp *openapi3.SchemaRef, ref responseRef, types []string) (*model.Path, error) {
	if ref.header != "" {
		return &model.Path{Header: ref.header, Declared: true}, nil
	}
	spec := ref.path
	props := responsePath(resp, spec)
	s := schemaAt(resp, props)
	if s == nil {
		return nil, fmt.Errorf("%s is not in the response schema", spec)
	}
	if !isType(s, types...) {
		return nil, fmt.Errorf("%s is not %s", spec, strings.Join(types, " or "))
	}
	return &model.Path{Props: props, Declared: true}, nil
}

// typeAt follows property names through model types.
func typeAt(t *model.TypeRef, props []string) (*model.TypeRef, error) {
	for _, name := range props {
		if t == nil || t.Kind != model.KindNamed || !t.Named.IsStruct() {
			return nil, fmt.Errorf("%s: not an object", name)
		}
		f := t.Named.Field(name)
		if f == nil {
			return nil, fmt.Errorf("no property %s", name)
		}
		t = f.Type
	}
	if t == nil {
		return nil, fmt.Errorf("no type")
	}
	return t, nil
}
