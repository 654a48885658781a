package infer

import (
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/pagegen/pagegen/generator/model"
)

// What inference looks at: the inputs an operation's request can carry and
// the fields its success response holds, flattened into paths.

// An input is a value the request can carry.
type input struct {
	in     string   // query, header, path, form or body
	path   []string // the parameter name, or property names into a JSON body
	schema *openapi3.SchemaRef
	// required says the request cannot be sent without it.
	required bool
}

func (i input) name() string { return i.path[len(i.path)-1] }

// location is where the input travels.
func (i input) location() *model.Location {
	if i.in == string(model.InBody) {
		return &model.Location{In: model.InBody, Path: i.path}
	}
	return &model.Location{In: model.In(i.in), Name: i.path[0]}
}

// same reports whether two inputs are one.
func (i input) same(j input) bool { return i.in == j.in && slices.Equal(i.path, j.path) }

// inputs lists what o's request can carry: parameters other than constants
// and cookies, form fields, and JSON or XML body properties two levels
// deep.
func inputs(o *operation) []input {
	var out []input
	for _, pr := range o.params {
		p := pr.Value
		if p == nil || p.In == "cookie" {
			continue
		}
		if _, ok := constValue(p.Schema, p.Required); ok {
			continue
		}
		out = append(out, input{in: p.In, path: []string{p.Name}, schema: p.Schema, required: p.Required})
	}
	rb := o.op.RequestBody
	if rb == nil || rb.Value == nil {
		return out
	}
	_, mt, format := pickContent(rb.Value.Content)
	if mt == nil || mt.Schema == nil {
		return out
	}
	switch format {
	case formatForm:
		props, required := flatten(deref(mt.Schema).Value)
		for _, p := range props {
			if _, ok := constValue(p.schema, required[p.name]); !ok {
				out = append(out, input{in: "form", path: []string{p.name}, schema: p.schema, required: required[p.name]})
			}
		}
	case formatJSON, formatXML:
		for _, f := range schemaFields(mt.Schema, 2) {
			out = append(out, input{in: "body", path: f.path, schema: f.schema, required: f.required})
		}
	}
	return out
}

// A field is a property of the response body, reached through objects.
type field struct {
	path   []string
	schema *openapi3.SchemaRef
	header bool // a response header, whose name is the path
	// required says the schema requires it, and every object it sits in.
	required bool
}

func (f field) name() string { return f.path[len(f.path)-1] }

func (f field) parent() string { return strings.Join(f.path[:len(f.path)-1], ".") }

func (f field) String() string { return f.ref().String() }

// ref is where a decision finds the field.
func (f field) ref() responseRef {
	if f.header {
		return responseRef{header: f.name()}
	}
	return responseRef{path: strings.Join(f.path, ".")}
}

// schemaFields lists the properties of sr down to depth levels through
// objects (not into arrays), shallow ones first and each level by name.
func schemaFields(sr *openapi3.SchemaRef, depth int) []field {
	var out []field
	level := []field{{schema: deref(sr), required: true}}
	for d := 0; d < depth && len(level) > 0; d++ {
		var next []field
		for _, e := range level {
			if e.schema == nil || e.schema.Value == nil {
				continue
			}
			props, required := flatten(e.schema.Value)
			for _, p := range props {
				f := field{path: append(append([]string{}, e.path...), p.name), schema: deref(p.schema), required: e.required && required[p.name]}
				out = append(out, f)
				if isType(f.schema, "object") {
					next = append(next, f)
				}
			}
		}
		level = next
	}
	return out
}

// fieldDepth is how deep inference looks into a response: deep enough for
// payload.pagination.nextToken and the query protocol's
// XResponse.XResult.EngineDefaults.Marker.
const fieldDepth = 4

// parentName is the name of the object a field sits in, "" at the top.
func parentName(f field) string {
	if len(f.path) < 2 {
		return ""
	}
	return f.path[len(f.path)-2]
}

func parentPath(p string) string {
	if i := strings.LastIndex(p, "."); i >= 0 {
		return p[:i]
	}
	return ""
}

// headerFields lists the success response's headers as fields named
// by the header's name, marked as headers.
func headerFields(op *openapi3.Operation) []field {
	hs := successHeaders(op)
	names := slices.Sorted(maps.Keys(hs))
	var out []field
	for _, name := range names {
		if h := hs[name]; h != nil && h.Value != nil && !strings.EqualFold(name, "link") {
			out = append(out, field{path: []string{name}, header: true, schema: deref(h.Value.Schema)})
		}
	}
	return out
}
