package load

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// kin-openapi decodes a schema by decoding its text twice (once into the
// Schema, once into a map for its extensions), and each schema below it the
// same way from its own part of the text: a schema N levels deep is read
// about 2N times, and the deep inline request bodies of a spec like
// Stripe's dominate loading. splitDecode reads each part once: it decodes
// the text into generic values, cuts every inline schema out of its parent
// (leaving a placeholder reference), decodes each schema alone into
// kin-openapi's Schema by its fields' tags — children first, so none is
// read twice — and puts the decoded schemas back where the placeholders
// are. On the way it knows where each schema is, so an error is placed at
// it, and it repairs a common slip (repairRequired).
//
// Anything cut out and not put back leaves a placeholder reference, which
// cannot be resolved (it holds a NUL), so the document falls back to
// kin-openapi's loader rather than being wrong.

// placeholder begins the reference standing for a cut-out schema.
const placeholder = "\x00schema/"

// splitDecode decodes raw, the part of the document at the pointer tokens
// at, into target, which split arranges: split is given the splitter and
// the decoded value, and returns the value with its schemas cut out. What
// it repairs goes to log; an error is placed at the part, or the schema,
// it is about.
func splitDecode(raw []byte, target json.Unmarshaler, split func(*splitter, any) any, at []string, log *repairLog) error {
	// Numbers are decoded as float64, as kin-openapi decodes every number
	// it keeps, so writing them back and decoding them again is exact.
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		return &pointerError{at, "", err}
	}
	s := &splitter{at: slices.Clone(at), log: log}
	tree = split(s, tree)
	decoded := make([]*openapi3.Schema, len(s.schemas))
	for i, m := range s.schemas {
		data, err := json.Marshal(m)
		if err != nil {
			return s.origins[i].with(err)
		}
		schema, err := decodeSchema(data, m)
		if err != nil {
			return schemaError(s.origins[i], err)
		}
		if err := linkSchema(schema, decoded[:i]); err != nil {
			return err
		}
		decoded[i] = schema
	}
	data, err := json.Marshal(tree)
	if err != nil {
		return &pointerError{at, "", err}
	}
	if err := target.UnmarshalJSON(data); err != nil {
		return &pointerError{at, "", err}
	}
	return linkAll(reflect.ValueOf(target), decoded)
}

// pointerError is an error about the value at the pointer tokens, in the
// operation op when it is in one.
type pointerError struct {
	tokens []string
	op     string
	err    error
}

// with returns the error err at e's place.
func (e pointerError) with(err error) *pointerError {
	e.err = err
	return &e
}

// schemaError places an error decoding the schema at: at the member whose
// value does not fit, said in the spec's terms rather than Go's.
func schemaError(at pointerError, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		field := strings.Split(te.Field, ".")
		at.tokens = slices.Concat(at.tokens, field)
		return at.with(fmt.Errorf("schema member %s: %s where %s belongs", strings.Join(field, "."), te.Value, kindOf(te.Type)))
	}
	return at.with(err)
}

// kindOf names what a Go type of kin-openapi's Schema holds in JSON terms.
func kindOf(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return kindOf(t.Elem())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "a boolean"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return t.String()
}

func (e *pointerError) Error() string {
	return "/" + strings.Join(e.tokens, "/") + ": " + e.err.Error()
}

func (e *pointerError) Unwrap() error { return e.err }

// plainSchema is Schema without its UnmarshalJSON method: decoding into it
// fills the fields by their tags in one pass.
type plainSchema openapi3.Schema

// schemaFields are the members a Schema has fields for, by their json tags.
var schemaFields = func() map[string]bool {
	fields := map[string]bool{}
	t := reflect.TypeFor[openapi3.Schema]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			fields[name] = true
		}
	}
	return fields
}()

// decodeSchema decodes the text of a schema object, m decoded, as
// Schema.UnmarshalJSON does — fields by their tags, every other member an
// extension — without decoding the text a second time for the
// extensions.
func decodeSchema(data []byte, m map[string]any) (*openapi3.Schema, error) {
	schema := &openapi3.Schema{}
	if err := json.Unmarshal(data, (*plainSchema)(schema)); err != nil {
		return nil, err
	}
	for k, v := range m {
		if !schemaFields[k] {
			if schema.Extensions == nil {
				schema.Extensions = map[string]any{}
			}
			schema.Extensions[k] = v
		}
	}
	return schema, nil
}

// splitter collects the schemas cut out of a document part, each after the
// schemas cut out of it, and where each is.
type splitter struct {
	schemas []map[string]any
	origins []pointerError // where each schema is: its pointer and operation
	at      []string       // the pointer of the value being split
	op      string         // the operation being split, if any
	log     *repairLog
}

// push adds tokens to the pointer of the value being split and returns
// the pointer's length before, for pop.
func (s *splitter) push(tokens ...string) int {
	n := len(s.at)
	s.at = append(s.at, tokens...)
	return n
}

// pop takes the pointer back to length n.
func (s *splitter) pop(n int) { s.at = s.at[:n] }

// The members of a schema that hold schemas, as kin-openapi's Schema
// decodes them; linkSchema puts back the same ones.
var (
	schemaMembers    = []string{"not", "items", "contains", "propertyNames", "if", "then", "else", "contentSchema", "additionalProperties", "unevaluatedItems", "unevaluatedProperties"}
	schemaListMember = []string{"oneOf", "anyOf", "allOf", "prefixItems"}
	schemaMapMembers = []string{"properties", "patternProperties", "dependentSchemas", "$defs"}
)

// schema cuts the inline schema v (and the schemas inside it) out and
// returns its placeholder. References, booleans and empty schemas stay.
func (s *splitter) schema(v any) any {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return v
	}
	if _, ref := m["$ref"]; ref {
		repairRef(m, s.at, s.log)
		return v
	}
	repairSchema(m, s.at, s.log)
	for _, k := range schemaMembers {
		if c, ok := m[k]; ok {
			n := s.push(k)
			m[k] = s.schema(c)
			s.pop(n)
		}
	}
	for _, k := range schemaListMember {
		if list, ok := m[k].([]any); ok {
			for i := range list {
				n := s.push(k, strconv.Itoa(i))
				list[i] = s.schema(list[i])
				s.pop(n)
			}
		}
	}
	for _, k := range schemaMapMembers {
		if named, ok := m[k].(map[string]any); ok {
			for name, c := range named {
				n := s.push(k, name)
				named[name] = s.schema(c)
				s.pop(n)
			}
		}
	}
	s.schemas = append(s.schemas, m)
	s.origins = append(s.origins, pointerError{tokens: slices.Clone(s.at), op: s.op})
	return map[string]any{"$ref": placeholder + strconv.Itoa(len(s.schemas)-1)}
}

// operationMethods are the members of a path item holding operations.
var operationMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace", "connect", "query"}

// pathItem cuts the schemas out of a path item.
func (s *splitter) pathItem(v any) any {
	m := object(v)
	s.each(m, "parameters", s.parameter)
	for _, method := range operationMethods {
		n := s.push(method)
		s.operation(m[method])
		s.pop(n)
	}
	return v
}

func (s *splitter) operation(v any) {
	m := object(v)
	if m == nil {
		return
	}
	id, _ := m["operationId"].(string)
	defer func(op string) { s.op = op }(s.op)
	s.op = id
	s.each(m, "parameters", s.parameter)
	n := s.push("requestBody")
	s.requestBody(m["requestBody"])
	s.pop(n)
	s.members(m, "responses", s.response)
	s.members(m, "callbacks", s.callback)
}

// parameter cuts the schemas out of a parameter or a header.
func (s *splitter) parameter(v any) any {
	if m := s.inline(v); m != nil {
		s.schemaAt(m, "schema")
		s.members(m, "content", s.mediaType)
	}
	return v
}

func (s *splitter) requestBody(v any) any {
	if m := s.inline(v); m != nil {
		s.members(m, "content", s.mediaType)
	}
	return v
}

func (s *splitter) response(v any) any {
	if m := s.inline(v); m != nil {
		s.members(m, "headers", s.parameter)
		s.members(m, "content", s.mediaType)
	}
	return v
}

func (s *splitter) mediaType(v any) any {
	if m := object(v); m != nil {
		s.schemaAt(m, "schema")
		s.members(m, "encoding", func(e any) any {
			s.members(object(e), "headers", s.parameter)
			return e
		})
	}
	return v
}

// callback cuts the schemas out of a callback: path items by expression.
func (s *splitter) callback(v any) any {
	for k, c := range object(v) {
		if !strings.HasPrefix(k, "x-") {
			n := s.push(k)
			s.pathItem(c)
			s.pop(n)
		}
	}
	return v
}

// schemaAt cuts the schema that is member key of m out.
func (s *splitter) schemaAt(m map[string]any, key string) {
	if c, ok := m[key]; ok {
		n := s.push(key)
		m[key] = s.schema(c)
		s.pop(n)
	}
}

// componentSplits cut the schemas out of one component, by section of
// components; the other sections hold no schemas.
var componentSplits = map[string]func(*splitter, any) any{
	"schemas":       (*splitter).schema,
	"parameters":    (*splitter).parameter,
	"headers":       (*splitter).parameter,
	"requestBodies": (*splitter).requestBody,
	"responses":     (*splitter).response,
	"callbacks":     (*splitter).callback,
}

// members applies f to the members of the object that is member key of
// m, extensions (x- keys) aside.
func (s *splitter) members(m map[string]any, key string, f func(any) any) {
	for k, c := range object(m[key]) {
		if !strings.HasPrefix(k, "x-") {
			n := s.push(key, k)
			f(c)
			s.pop(n)
		}
	}
}

// each applies f to the elements of the array that is member key of m.
func (s *splitter) each(m map[string]any, key string, f func(any) any) {
	if list, ok := m[key].([]any); ok {
		for i, c := range list {
			n := s.push(key, strconv.Itoa(i))
			f(c)
			s.pop(n)
		}
	}
}

// object returns v as an object, nil when it is not one.
func object(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// inline returns v as an object that is not a reference, else nil (and
// repairs the reference).
func (s *splitter) inline(v any) map[string]any {
	m := object(v)
	if _, ref := m["$ref"]; ref {
		repairRef(m, s.at, s.log)
		return nil
	}
	return m
}

// linkSchema puts the decoded schemas back into the members of schema that
// hold placeholders: the members schemaMembers, schemaListMember and
// schemaMapMembers name.
func linkSchema(schema *openapi3.Schema, decoded []*openapi3.Schema) error {
	refs := []*openapi3.SchemaRef{
		schema.Not, schema.Items, schema.Contains, schema.PropertyNames, schema.If, schema.Then, schema.Else, schema.ContentSchema,
		schema.AdditionalProperties.Schema, schema.UnevaluatedItems.Schema, schema.UnevaluatedProperties.Schema,
	}
	for _, list := range []openapi3.SchemaRefs{schema.OneOf, schema.AnyOf, schema.AllOf, schema.PrefixItems} {
		refs = append(refs, list...)
	}
	for _, named := range []openapi3.Schemas{schema.Properties, schema.PatternProperties, schema.DependentSchemas, schema.Defs} {
		for _, r := range named {
			refs = append(refs, r)
		}
	}
	for _, r := range refs {
		if err := link(r, decoded); err != nil {
			return err
		}
	}
	return nil
}

// link replaces the placeholder r with the schema it stands for.
func link(r *openapi3.SchemaRef, decoded []*openapi3.Schema) error {
	if r == nil || !strings.HasPrefix(r.Ref, placeholder) {
		return nil
	}
	i, err := strconv.Atoi(r.Ref[len(placeholder):])
	if err != nil || i < 0 || i >= len(decoded) || decoded[i] == nil {
		return fmt.Errorf("schema placeholder %q out of place", r.Ref)
	}
	*r = openapi3.SchemaRef{Value: decoded[i]}
	return nil
}

var schemaRefType = reflect.TypeFor[*openapi3.SchemaRef]()

// linkAll puts the decoded schemas back wherever v holds placeholders: the
// parts around schemas (path items, parameters, media types…) are few, so
// they are walked generically rather than named one by one. Unexported
// fields (the maps inside Paths and Responses) are read through their
// pointers.
func linkAll(v reflect.Value, decoded []*openapi3.Schema) error {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		if v.Type() == schemaRefType {
			return link((*openapi3.SchemaRef)(v.UnsafePointer()), decoded)
		}
		return linkAll(v.Elem(), decoded)
	case reflect.Struct:
		for i := range v.NumField() {
			if err := linkAll(v.Field(i), decoded); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := linkAll(v.Index(i), decoded); err != nil {
				return err
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if err := linkAll(it.Value(), decoded); err != nil {
				return err
			}
		}
	}
	return nil
}
