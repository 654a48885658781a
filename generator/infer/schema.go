package infer

import (
	"encoding/json"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// The helpers that read kin-openapi schemas and responses: which media type
// pagegen speaks, the success response, and what a schema is (through
// allOf wrappers, dotted property names and allOf parts). Every other file
// file of the package reads schemas through these.

const (
	formatJSON = "json"
	formatXML  = "xml"
	formatForm = "form"
)

// pickContent chooses the media type pagegen speaks: JSON, then XML, then
// a form.
func pickContent(c openapi3.Content) (string, *openapi3.MediaType, string) {
	keys := slices.Sorted(maps.Keys(c))
	for _, want := range []string{formatJSON, formatXML, formatForm} {
		for _, k := range keys {
			if mediaFormat(k) == want {
				return k, c[k], want
			}
		}
	}
	return "", nil, ""
}

// mediaFormat classifies a media type.
func mediaFormat(ct string) string {
	ct = strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	switch {
	case ct == "application/json", strings.HasSuffix(ct, "+json"), strings.HasPrefix(ct, "application/x-amz-json"),
		ct == "*/*", ct == "application/*", ct == "text/json":
		return formatJSON
	case ct == "application/xml", ct == "text/xml", strings.HasSuffix(ct, "+xml"):
		return formatXML
	case ct == "application/x-www-form-urlencoded":
		return formatForm
	}
	return ""
}

// successResponses returns the 2xx responses of op, lowest status first.
func successResponses(op *openapi3.Operation) []*openapi3.Response {
	if op.Responses == nil {
		return nil
	}
	m := op.Responses.Map()
	codes := make([]string, 0, len(m))
	for k := range m {
		if strings.HasPrefix(k, "2") {
			codes = append(codes, k)
		}
	}
	sort.Strings(codes)
	var out []*openapi3.Response
	for _, code := range codes {
		if r := m[code]; r != nil && r.Value != nil {
			out = append(out, r.Value)
		}
	}
	return out
}

// successContent returns the media type of the lowest 2xx response with a
// body pagegen can decode.
func successContent(op *openapi3.Operation) (string, *openapi3.MediaType, string) {
	for _, r := range successResponses(op) {
		if ct, mt, f := pickContent(r.Content); mt != nil && f != formatForm {
			return ct, mt, f
		}
	}
	return "", nil, ""
}

// responseSchema is the success body schema of o, or nil.
func responseSchema(op *openapi3.Operation) *openapi3.SchemaRef {
	if _, mt, _ := successContent(op); mt != nil {
		return mt.Schema
	}
	return nil
}

// successHeaders returns the headers the lowest 2xx response declares.
func successHeaders(op *openapi3.Operation) openapi3.Headers {
	for _, r := range successResponses(op) {
		if len(r.Headers) > 0 {
			return r.Headers
		}
	}
	return nil
}

func hasLinkHeader(op *openapi3.Operation) bool {
	for name := range successHeaders(op) {
		if strings.EqualFold(name, "link") {
			return true
		}
	}
	return false
}

// deref sees through allOf: [$ref] wrappers that only add a description.
func deref(sr *openapi3.SchemaRef) *openapi3.SchemaRef {
	for sr != nil && sr.Value != nil && sr.Ref == "" && len(sr.Value.AllOf) == 1 && len(sr.Value.Properties) == 0 && sr.Value.Type.IsEmpty() {
		sr = sr.Value.AllOf[0]
	}
	return sr
}

// property returns the named property of s, looking into allOf parts.
func property(s *openapi3.Schema, name string, depth int) *openapi3.SchemaRef {
	if s == nil || depth > 32 {
		return nil
	}
	if p, ok := s.Properties[name]; ok {
		return p
	}
	for _, part := range s.AllOf {
		if p := property(part.Value, name, depth+1); p != nil {
			return p
		}
	}
	return nil
}

// schemaAt follows property names from sr; nil when one is missing.
func schemaAt(sr *openapi3.SchemaRef, props []string) *openapi3.SchemaRef {
	for _, name := range props {
		sr = deref(sr)
		if sr == nil || sr.Value == nil {
			return nil
		}
		sr = property(sr.Value, name, 0)
	}
	return deref(sr)
}

// responsePath splits a dotted response path into property names. A
// property whose own name has dots ("odata.nextLink") is taken whole where
// the schema has it.
func responsePath(sr *openapi3.SchemaRef, p string) []string {
	segs := splitPath(p)
	var out []string
	for i := 0; i < len(segs); {
		s := deref(sr)
		j := len(segs)
		for ; j > i+1; j-- {
			if s != nil && s.Value != nil && property(s.Value, strings.Join(segs[i:j], "."), 0) != nil {
				break
			}
		}
		name := strings.Join(segs[i:j], ".")
		out = append(out, name)
		sr = nil
		if s != nil && s.Value != nil {
			sr = property(s.Value, name, 0)
		}
		i = j
	}
	return out
}

func splitPath(p string) []string {
	if p == "" {
		return nil
	}
	return strings.Split(p, ".")
}

// schemaType returns the single non-null JSON type of s, or "".
func schemaType(s *openapi3.Schema) string {
	if s.Type == nil {
		if len(s.Properties) > 0 || s.AdditionalProperties.Schema != nil {
			return "object"
		}
		if s.Items != nil {
			return "array"
		}
		return ""
	}
	var found string
	for _, ty := range s.Type.Slice() {
		if ty == "null" {
			continue
		}
		if found != "" {
			return "" // several types: not one Go type
		}
		found = ty
	}
	return found
}

func isType(sr *openapi3.SchemaRef, types ...string) bool {
	sr = deref(sr)
	if sr == nil || sr.Value == nil {
		return false
	}
	t := schemaType(sr.Value)
	for _, want := range types {
		if t == want {
			return true
		}
	}
	return false
}

func isString(sr *openapi3.SchemaRef) bool { return isType(sr, "string") }

func isInteger(sr *openapi3.SchemaRef) bool {
	return isType(sr, "integer") || (isType(sr, "number") && deref(sr).Value.Format != "float" && deref(sr).Value.Format != "double")
}

// isMap reports whether a schema is an object of arbitrary keys.
func isMap(sr *openapi3.SchemaRef) bool {
	s := deref(sr)
	return s != nil && s.Value != nil && len(s.Value.Properties) == 0 && s.Value.AdditionalProperties.Schema != nil
}

// isOpen reports whether a response object explicitly allows properties it
// does not declare, so the items may be among them.
func isOpen(resp *openapi3.SchemaRef) bool {
	r := deref(resp)
	if r == nil || r.Value == nil || !isType(r, "object") {
		return false
	}
	ap := r.Value.AdditionalProperties
	return (ap.Has != nil && *ap.Has) || ap.Schema != nil
}

// elemSchema is the schema of an array's items or a map's values.
func elemSchema(sr *openapi3.SchemaRef) *openapi3.SchemaRef {
	s := deref(sr)
	if s.Value.Items != nil {
		return deref(s.Value.Items)
	}
	return deref(s.Value.AdditionalProperties.Schema)
}

// itemSchema is the schema of one item of the array at items.
func itemSchema(resp *openapi3.SchemaRef, items string) *openapi3.SchemaRef {
	arr := schemaAt(resp, responsePath(resp, items))
	if arr == nil || arr.Value == nil {
		return nil
	}
	return deref(arr.Value.Items)
}

// sameSchema reports whether two schemas are one: the same component, or
// the same loaded schema.
func sameSchema(a, b *openapi3.SchemaRef) bool {
	if a == nil || b == nil {
		return false
	}
	if a.Ref != "" || b.Ref != "" {
		return a.Ref == b.Ref
	}
	return a.Value == b.Value
}

// isEnum reports whether sr allows only the values it lists.
func isEnum(sr *openapi3.SchemaRef) bool {
	s := deref(sr)
	return s != nil && s.Value != nil && len(s.Value.Enum) > 0
}

// namedSchema reports whether sr is a component of its own, not an inline
// string: only then does sharing it say the values are of one kind.
func namedSchema(sr *openapi3.SchemaRef) bool {
	s := deref(sr)
	return s != nil && s.Ref != ""
}

func nullable(s *openapi3.Schema) bool {
	return s.Nullable || (s.Type != nil && s.Type.IncludesNull())
}

type prop struct {
	name   string
	schema *openapi3.SchemaRef
}

// flatten merges allOf parts into one property list, in a stable order:
// each part's properties sorted by name, later parts overriding earlier ones.
func flatten(s *openapi3.Schema) ([]prop, map[string]bool) {
	required := map[string]bool{}
	index := map[string]int{}
	var props []prop
	var add func(s *openapi3.Schema, depth int)
	add = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > 32 {
			return
		}
		for _, part := range s.AllOf {
			add(part.Value, depth+1)
		}
		names := slices.Sorted(maps.Keys(s.Properties))
		for _, n := range names {
			if i, ok := index[n]; ok {
				props[i].schema = s.Properties[n]
				continue
			}
			index[n] = len(props)
			props = append(props, prop{name: n, schema: s.Properties[n]})
		}
		for _, r := range s.Required {
			required[r] = true
		}
	}
	add(s, 0)
	return props, required
}

// constValue reports the value of a required parameter that allows exactly
// one value — a string, a boolean or a number (AutoRest's queryConstant:
// enum [true]) — formatted as it is sent.
func constValue(sr *openapi3.SchemaRef, required bool) (string, bool) {
	if !required || sr == nil || sr.Value == nil {
		return "", false
	}
	s := deref(sr).Value
	if len(s.Enum) == 1 {
		return formatConst(s.Enum[0])
	}
	if s.Const != nil {
		return formatConst(s.Const)
	}
	return "", false
}

// formatConst formats a value of the spec as a parameter carries it:
// numbers in plain decimal, never with an exponent.
func formatConst(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case bool:
		return strconv.FormatBool(v), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case int:
		return strconv.Itoa(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case uint64:
		return strconv.FormatUint(v, 10), true
	case json.Number:
		return v.String(), true
	}
	return "", false
}

func intBound(f *float64) *int64 {
	if f == nil || *f != math.Trunc(*f) || math.Abs(*f) > 1<<53 {
		return nil
	}
	n := int64(*f)
	return &n
}
