package load

import (
	"maps"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// prepareSwagger2 rewrites what real Swagger 2.0 documents contain but
// openapi2conv cannot take, in the decoded tree, before conversion:
//
//   - x-ms-paths (AutoRest: operations whose path differs from another only
//     by its query string) joins paths, so those operations are seen;
//   - JSON-Schema list forms of items (`items: [A, B]`, Slack) become one
//     schema;
//   - the document's produces and consumes are copied into every operation
//     that declares none: openapi2conv reads only the operation's
//     produces, so an XML API that says application/xml once at the root
//     was taken for JSON.
func prepareSwagger2(tree any, src *Source, log *repairLog) {
	doc, ok := tree.(map[string]any)
	if !ok {
		return
	}
	mergeMSPaths(doc, src)
	inheritMediaTypes(doc)
	defs, _ := doc["definitions"].(map[string]any)
	fixItemLists(doc, defs)
	repairSwagger2(doc, log)
}

// mergeMSPaths moves the x-ms-paths entries into paths. A key's query
// string ("/x?comp=list") becomes required one-value query parameters and
// a "#" fragment of the key (as the botocore conversions write such keys),
// so the path stays a path and the key stays unique; the parameters the
// item declares for them give way (dropDeclared). src remembers where
// the entry is written, for positions.
func mergeMSPaths(doc map[string]any, src *Source) {
	extra, ok := doc["x-ms-paths"].(map[string]any)
	if !ok {
		return
	}
	paths, ok := doc["paths"].(map[string]any)
	if !ok {
		paths = map[string]any{}
		doc["paths"] = paths
	}
	for _, key := range slices.Sorted(maps.Keys(extra)) {
		item, ok := extra[key].(map[string]any)
		if !ok {
			continue
		}
		_, query, hasQuery := strings.Cut(key, "?")
		newKey := msPathKey(key)
		if hasQuery {
			var consts []any
			fixed := map[string]bool{}
			for _, pair := range strings.Split(query, "&") {
				if pair == "" {
					continue
				}
				name, value, _ := strings.Cut(pair, "=")
				name, _ = url.QueryUnescape(name)
				value, _ = url.QueryUnescape(value)
				fixed[name] = true
				consts = append(consts, map[string]any{
					"name": name, "in": "query", "required": true, "type": "string",
					"enum": []any{value}, "allowEmptyValue": value == "",
				})
			}
			if len(consts) > 0 {
				dropDeclared(doc, item, fixed)
				params, _ := item["parameters"].([]any)
				item["parameters"] = append(params, consts...)
			}
		}
		if _, taken := paths[newKey]; taken {
			continue // the spec says the same thing twice; paths wins
		}
		paths[newKey] = item
		src.move("paths", newKey, src, []string{"x-ms-paths", key})
	}
	delete(doc, "x-ms-paths")
}

// dropDeclared removes from the path item and its operations the query
// parameters named in fixed, which the key's query string fixes already
// (Azure Storage writes `/?comp=list` and declares comp again, as a
// one-value enum): the key's constant is sent once, in place of the
// declared parameter.
func dropDeclared(doc, item map[string]any, fixed map[string]bool) {
	globals, _ := doc["parameters"].(map[string]any)
	keep := func(v any) ([]any, bool) {
		params, ok := v.([]any)
		if !ok {
			return nil, false
		}
		out := params[:0:0]
		for _, p := range params {
			m, _ := p.(map[string]any)
			if ref, ok := m["$ref"].(string); ok && strings.HasPrefix(ref, "#/parameters/") {
				m, _ = globals[strings.TrimPrefix(ref, "#/parameters/")].(map[string]any)
			}
			if name, _ := m["name"].(string); m["in"] == "query" && fixed[name] {
				continue
			}
			out = append(out, p)
		}
		return out, true
	}
	if params, ok := keep(item["parameters"]); ok {
		item["parameters"] = params
	}
	for key, v := range item {
		if op, ok := v.(map[string]any); ok && !strings.HasPrefix(key, "x-") {
			if params, ok := keep(op["parameters"]); ok {
				op["parameters"] = params
			}
		}
	}
}

// inheritMediaTypes gives every operation without produces or consumes
// the document's.
func inheritMediaTypes(doc map[string]any) {
	paths, _ := doc["paths"].(map[string]any)
	for _, key := range []string{"produces", "consumes"} {
		types, ok := doc[key].([]any)
		if !ok || len(types) == 0 {
			continue
		}
		for _, item := range paths {
			ops, _ := item.(map[string]any)
			for method, op := range ops {
				o, ok := op.(map[string]any)
				if !ok || method == "parameters" || strings.HasPrefix(method, "x-") {
					continue
				}
				if _, has := o[key]; !has {
					o[key] = append([]any(nil), types...)
				}
			}
		}
	}
}

// msPathKey is the paths key an x-ms-paths key becomes: its query string
// moves into a fragment.
func msPathKey(key string) string {
	return strings.Replace(key, "?", "#", 1)
}

// fixItemLists replaces every list-valued items in the schemas of v.
// Slack writes `items: [A, B]` for "one of A or B", with or without
// `type: array`: on an array the alternatives describe each element,
// elsewhere the schema itself. Swagger 2.0 has no anyOf, so the
// alternatives are merged: the only non-null one, else the union of their
// properties (what every one of them requires stays required), else the
// type they share, else any value. Examples, defaults, enums and
// extensions are data, not schemas, and are left alone.
func fixItemLists(v any, defs map[string]any) {
	switch v := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			if k == "example" || k == "examples" || k == "default" || k == "enum" || strings.HasPrefix(k, "x-") {
				continue
			}
			fixItemLists(v[k], defs)
		}
		list, ok := v["items"].([]any)
		if !ok {
			return
		}
		alt := mergeAlternatives(list, defs)
		if isArraySchema(v) {
			v["items"] = alt
			return
		}
		delete(v, "items")
		if ref, ok := alt["$ref"]; ok {
			v["allOf"] = []any{map[string]any{"$ref": ref}}
			return
		}
		for _, k := range slices.Sorted(maps.Keys(alt)) {
			if _, ok := v[k]; !ok {
				v[k] = alt[k]
			}
		}
	case []any:
		for _, e := range v {
			fixItemLists(e, defs)
		}
	}
}

func isArraySchema(s map[string]any) bool {
	switch t := s["type"].(type) {
	case string:
		return t == "array"
	case []any:
		for _, e := range t {
			if e == "array" {
				return true
			}
		}
	}
	return false
}

// mergeAlternatives makes one schema of the alternatives in list.
func mergeAlternatives(list []any, defs map[string]any) map[string]any {
	var alts []map[string]any
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok || m["type"] == "null" {
			continue
		}
		alts = append(alts, m)
	}
	if len(alts) == 1 {
		return alts[0]
	}
	resolved := make([]map[string]any, len(alts))
	objects, sameType := true, ""
	for i, a := range alts {
		resolved[i] = resolveDef(a, defs)
		t, _ := resolved[i]["type"].(string)
		_, hasProps := resolved[i]["properties"].(map[string]any)
		objects = objects && hasProps
		if i == 0 {
			sameType = t
		} else if t != sameType {
			sameType = ""
		}
	}
	switch {
	case len(alts) == 0:
		return map[string]any{}
	case objects:
		return unionObject(resolved)
	case sameType != "" && sameType != "object" && sameType != "array":
		return map[string]any{"type": sameType}
	}
	return map[string]any{}
}

// resolveDef follows a local definitions reference, one level.
func resolveDef(s map[string]any, defs map[string]any) map[string]any {
	ref, ok := s["$ref"].(string)
	if !ok {
		return s
	}
	if d, ok := defs[strings.TrimPrefix(ref, "#/definitions/")].(map[string]any); ok && strings.HasPrefix(ref, "#/definitions/") {
		return d
	}
	return s
}

// unionObject is an object with every property of the alternatives (the
// first spelling wins) that requires what they all require.
func unionObject(alts []map[string]any) map[string]any {
	props := map[string]any{}
	count := map[string]int{}
	for _, a := range alts {
		p, _ := a["properties"].(map[string]any)
		for k, v := range p {
			if _, ok := props[k]; !ok {
				props[k] = v
			}
		}
		req, _ := a["required"].([]any)
		seen := map[string]bool{}
		for _, r := range req {
			if s, ok := r.(string); ok && !seen[s] {
				seen[s] = true
				count[s]++
			}
		}
	}
	var required []string
	for k, n := range count {
		if n == len(alts) {
			required = append(required, k)
		}
	}
	sort.Strings(required)
	out := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		req := make([]any, len(required))
		for i, r := range required {
			req[i] = r
		}
		out["required"] = req
	}
	return out
}
