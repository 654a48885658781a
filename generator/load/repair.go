package load

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Specs written by hand make slips kin-openapi refuses or reads as no type
// at all. The ones whose meaning is plain are repaired in the decoded
// document before kin-openapi sees it, each with a warning at its place:
// "required: true" on a property's schema, types under other names,
// booleans and numbers written as strings, and Swagger 2.0's references
// in an OpenAPI 3 document.

// A repair is a mistake common in specs written by hand that is read as
// what it means, with a warning, rather than refused.
type repair struct {
	tokens []string // where
	msg    string
}

// repairLog collects the repairs of decodings running at once.
type repairLog struct {
	mu      sync.Mutex
	repairs []repair
}

func (l *repairLog) add(r repair) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.repairs = append(l.repairs, r)
}

// sorted returns the repairs in document order of their pointers.
func (l *repairLog) sorted() []repair {
	out := slices.Clone(l.repairs)
	slices.SortFunc(out, func(a, b repair) int { return slices.Compare(a.tokens, b.tokens) })
	return out
}

// repairSchema repairs the slips common in schemas written by hand that
// kin-openapi refuses or reads as no type at all, in the schema m at the
// pointer tokens at.
func repairSchema(m map[string]any, at []string, log *repairLog) {
	repairRequired(m, at, log)
	repairType(m, at, log)
	repairQuoted(m, at, log)
}

// Members of a schema that hold booleans, and that hold numbers.
var (
	schemaFlags   = []string{"nullable", "readOnly", "writeOnly", "deprecated", "uniqueItems"}
	schemaNumbers = []string{"minimum", "maximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"}
)

// repairQuoted reads a boolean or a number written as a string
// (nullable: "true", maxLength: "100") as the value it spells.
func repairQuoted(m map[string]any, at []string, log *repairLog) {
	for _, k := range schemaFlags {
		if v, ok := m[k].(string); ok {
			if b, err := strconv.ParseBool(v); err == nil {
				m[k] = b
				log.add(repair{slices.Concat(at, []string{k}), fmt.Sprintf("%s: %q is a string where a boolean belongs; read as %t", k, v, b)})
			}
		}
	}
	for _, k := range schemaNumbers {
		if v, ok := m[k].(string); ok {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				m[k] = f
				log.add(repair{slices.Concat(at, []string{k}), fmt.Sprintf("%s: %q is a string where a number belongs; read as %v", k, v, f)})
			}
		}
	}
}

// typeAliases are the names specs write for OpenAPI's types: the type and
// the format each means.
var typeAliases = map[string][2]string{
	"int": {"integer", ""}, "int32": {"integer", "int32"}, "int64": {"integer", "int64"}, "long": {"integer", "int64"},
	"float": {"number", "float"}, "double": {"number", "double"}, "decimal": {"number", ""},
	"bool": {"boolean", ""}, "str": {"string", ""},
	"date": {"string", "date"}, "datetime": {"string", "date-time"}, "date-time": {"string", "date-time"},
}

// repairType reads a type written under another name (type: int, long,
// date) as the OpenAPI type it means, with its format when m gives none;
// kin-openapi would keep it as a type no value has.
func repairType(m map[string]any, at []string, log *repairLog) {
	name, _ := m["type"].(string)
	alias, ok := typeAliases[strings.ToLower(name)]
	if !ok {
		return
	}
	m["type"] = alias[0]
	if _, has := m["format"]; !has && alias[1] != "" {
		m["format"] = alias[1]
	}
	means := alias[0]
	if alias[1] != "" {
		means += " (format " + alias[1] + ")"
	}
	log.add(repair{slices.Concat(at, []string{"type"}), fmt.Sprintf("type %q is not an OpenAPI type; read as %s", name, means)})
}

// repairRequired repairs "required: true" written in the schema m of an
// object's property (at the pointer tokens at), Swagger 2.0's way for
// parameters and a common slip in schemas, where required lists the
// properties an object must have: the property is added to the object's
// required list. A flag on m itself, no property's, is dropped.
// kin-openapi refuses both.
func repairRequired(m map[string]any, at []string, log *repairLog) {
	if flag, ok := m["required"].(bool); ok {
		delete(m, "required")
		log.add(repair{slices.Concat(at, []string{"required"}), fmt.Sprintf("\"required: %t\" on a schema that is no property's is not OpenAPI (required lists property names); ignored", flag)})
	}
	props, _ := m["properties"].(map[string]any)
	var names []string
	for name, p := range props {
		pm, _ := p.(map[string]any)
		if flag, ok := pm["required"].(bool); ok {
			delete(pm, "required")
			if flag {
				names = append(names, name)
			}
			log.add(repair{slices.Concat(at, []string{"properties", name, "required"}), fmt.Sprintf("\"required: %t\" in the schema of property %q is not OpenAPI; read as the object's required list %s it", flag, name, map[bool]string{true: "naming", false: "not naming"}[flag])})
		}
	}
	if len(names) == 0 {
		return
	}
	slices.Sort(names)
	list, _ := m["required"].([]any)
	for _, name := range names {
		if !slices.Contains(list, any(name)) {
			list = append(list, name)
		}
	}
	m["required"] = list
}

// repairSwagger2 repairs the schemas of a Swagger 2.0 document as
// decodeJSON does an OpenAPI 3 one's (repairSchema), and the types of its
// other parameters.
func repairSwagger2(doc map[string]any, log *repairLog) {
	var schema func(v any, at []string)
	schema = func(v any, at []string) {
		m := object(v)
		if m == nil {
			return
		}
		repairSchema(m, at, log)
		for _, k := range []string{"items", "additionalProperties"} {
			schema(m[k], slices.Concat(at, []string{k}))
		}
		if list, ok := m["allOf"].([]any); ok {
			for i, c := range list {
				schema(c, slices.Concat(at, []string{"allOf", strconv.Itoa(i)}))
			}
		}
		for name, c := range object(m["properties"]) {
			schema(c, slices.Concat(at, []string{"properties", name}))
		}
	}
	for name, d := range object(doc["definitions"]) {
		schema(d, []string{"definitions", name})
	}
	// A parameter not in the body has its type itself, and items.
	param := func(p map[string]any, at []string) {
		if p == nil {
			return
		}
		repairType(p, at, log)
		if items := object(p["items"]); items != nil {
			repairType(items, slices.Concat(at, []string{"items"}), log)
		}
		schema(p["schema"], slices.Concat(at, []string{"schema"}))
	}
	for name, v := range object(doc["parameters"]) {
		param(object(v), []string{"parameters", name})
	}
	for name, v := range object(doc["responses"]) {
		schema(object(v)["schema"], []string{"responses", name, "schema"})
	}
	params := func(list any, at []string) {
		l, _ := list.([]any)
		for i, p := range l {
			param(object(p), slices.Concat(at, []string{"parameters", strconv.Itoa(i)}))
		}
	}
	for path, item := range object(doc["paths"]) {
		params(object(item)["parameters"], []string{"paths", path})
		for method, op := range object(item) {
			o := object(op)
			params(o["parameters"], []string{"paths", path, method})
			for code, r := range object(o["responses"]) {
				schema(object(r)["schema"], []string{"paths", path, method, "responses", code, "schema"})
			}
		}
	}
}

// swaggerPlaces are the sections of components where OpenAPI 3 keeps what
// Swagger 2.0 keeps in the document's definitions, parameters and
// responses.
var swaggerPlaces = map[string]string{"definitions": "schemas", "parameters": "parameters", "responses": "responses"}

// componentsPlace returns the pointer tokens an OpenAPI 3 document means by
// a local reference written Swagger 2.0's way (definitions/Pet:
// components/schemas/Pet); false for any other.
func componentsPlace(tokens []string) ([]string, bool) {
	if len(tokens) < 2 {
		return nil, false
	}
	section, ok := swaggerPlaces[tokens[0]]
	if !ok {
		return nil, false
	}
	return slices.Concat([]string{"components", section}, tokens[1:]), true
}

// repairRef reads a local $ref of the OpenAPI 3 object m (at the pointer
// tokens at) written Swagger 2.0's way, #/definitions/Pet, as the
// components one it means, #/components/schemas/Pet. One that is not
// there either is still reported as pointing at nothing (brokenRef looks
// in both places).
func repairRef(m map[string]any, at []string, log *repairLog) {
	ref, _ := m["$ref"].(string)
	name, rest, ok := strings.Cut(strings.TrimPrefix(ref, "#/"), "/")
	section, known := swaggerPlaces[name]
	if !ok || !known || !strings.HasPrefix(ref, "#/") {
		return
	}
	to := "#/components/" + section + "/" + rest
	m["$ref"] = to
	log.add(repair{slices.Concat(at, []string{"$ref"}), fmt.Sprintf("$ref %s is where Swagger 2.0 keeps it; read as %s", ref, to)})
}
