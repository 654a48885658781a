package infer

import (
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Inference reads names, locations, types and shapes; it never matches an
// operation by name.

// normName folds a name for comparison: lower case, no separators
// ("next_page_token", "NextPageToken" → "nextpagetoken").
func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// requestTokenNames are request inputs that carry a continuation token.
var requestTokenNames = map[string]bool{
	"nexttoken": true, "token": false, "pagetoken": true, "nextpagetoken": true, "continuationtoken": true,
	"cursor": true, "nextcursor": true, "marker": true, "nextmarker": true, "pagingtoken": true,
	"nextpagingtoken": true, "paginationtoken": true, "startingtoken": true, "continue": true,
	"after": true, "startingafter": true, "skiptoken": true, "nextlink": true,
}

// responseTokenNames are response properties that carry the next token.
var responseTokenNames = map[string]bool{
	"nexttoken": true, "nextpagetoken": true, "continuationtoken": true, "nextcontinuationtoken": true,
	"nextcursor": true, "cursor": true, "nextmarker": true, "marker": false, "pagingtoken": true,
	"nextpagingtoken": true, "paginationtoken": true, "continue": true, "after": true,
}

var limitNames = map[string]bool{
	"maxresults": true, "maxitems": true, "limit": true, "pagesize": true, "perpage": true,
	"maxresultsperpage": true, "maxcount": true, "maxrecords": true, "top": false,
}

var moreNames = map[string]bool{"hasnext": true, "hasmore": true, "moreresultsavailable": true, "istruncated": true, "more": true, "hasmoreresults": true}
var doneNames = map[string]bool{"islast": true, "last": true, "done": true}

// infer proposes how o pages from its shapes, or nil when it does not look
// paginated.
func infer(b *builder, o *operation) *decision {
	resp := responseSchema(o.op)
	if resp == nil {
		return nil
	}
	d := &decision{source: "inferred", fields: map[string]bool{}}
	reqName, reqLoc := requestToken(o)
	respPaths := findProps(resp, func(name string, s *openapi3.SchemaRef) bool {
		return responseTokenNames[normName(name)] && isType(s, "string")
	}, 3)
	if reqName == "" || len(respPaths) == 0 {
		return nil
	}
	d.reqToken = reqLoc
	d.respToken = []string{strings.Join(respPaths[0], ".")}
	d.reason("request input %s and response property %s carry a continuation token", reqName, d.respToken[0])
	d.confidence = 0.7
	if normName(reqName) == normName(respPaths[0][len(respPaths[0])-1]) || strings.HasSuffix(normName(respPaths[0][len(respPaths[0])-1]), normName(reqName)) {
		d.confidence = 0.9
		d.reason("their names agree")
	}
	// Items: an array beside the token, else the only array near the top.
	parent := respPaths[0][:len(respPaths[0])-1]
	arrays := findProps(schemaAt(resp, parent), func(_ string, s *openapi3.SchemaRef) bool { return isType(s, "array") }, 1)
	if len(arrays) == 0 {
		arrays = findProps(resp, func(_ string, s *openapi3.SchemaRef) bool { return isType(s, "array") }, 2)
		for i := range arrays {
			arrays[i] = arrays[i][len(parent):]
		}
		parent = nil
	}
	if len(arrays) >= 1 {
		items := strings.Join(append(append([]string{}, parent...), arrays[0]...), ".")
		d.items = &items
		if len(arrays) > 1 {
			d.confidence -= 0.1
			d.reason("several arrays; chose %s", items)
		}
	} else if isType(resp, "array") {
		empty := ""
		d.items = &empty
	}
	for _, p := range o.m.Params {
		if limitNames[normName(p.Name)] {
			d.limit = p.Name
			break
		}
	}
	if flags := findProps(resp, func(name string, s *openapi3.SchemaRef) bool {
		return moreNames[normName(name)] && isType(s, "boolean")
	}, 3); len(flags) > 0 {
		d.more = strings.Join(flags[0], ".")
	}
	if flags := findProps(resp, func(name string, s *openapi3.SchemaRef) bool {
		return doneNames[normName(name)] && isType(s, "boolean")
	}, 3); len(flags) > 0 && d.more == "" {
		d.done = strings.Join(flags[0], ".")
	}
	// A continuation operation named after this one.
	for _, suffix := range []string{"ByNextToken", "Next", "Continue"} {
		if nxt := b.byID[o.m.ID+suffix]; nxt != nil {
			d.next = nxt.m.ID
			break
		}
	}
	return d
}

// requestToken finds the input that takes the continuation token.
func requestToken(o *operation) (name, loc string) {
	for _, pr := range o.params {
		if p := pr.Value; p != nil && requestTokenNames[normName(p.Name)] && p.In != "path" {
			return p.Name, p.In + ":" + p.Name
		}
	}
	if rb := o.op.RequestBody; rb != nil && rb.Value != nil {
		if _, mt, f := pickContent(rb.Value.Content); mt != nil {
			for _, path := range findProps(mt.Schema, func(name string, s *openapi3.SchemaRef) bool {
				return requestTokenNames[normName(name)] && isType(s, "string")
			}, 2) {
				if f == formatForm {
					return path[0], "form:" + path[0]
				}
				return strings.Join(path, "."), "body:" + strings.Join(path, ".")
			}
		}
	}
	return "", ""
}

// findProps lists property paths (shallow first, then by name) whose last
// property satisfies match, down to depth levels.
func findProps(sr *openapi3.SchemaRef, match func(string, *openapi3.SchemaRef) bool, depth int) [][]string {
	var out [][]string
	type entry struct {
		path []string
		s    *openapi3.SchemaRef
	}
	level := []entry{{nil, deref(sr)}}
	for d := 0; d < depth && len(level) > 0; d++ {
		var next []entry
		for _, e := range level {
			if e.s == nil || e.s.Value == nil {
				continue
			}
			props, _ := flatten(e.s.Value)
			sort.Slice(props, func(i, j int) bool { return props[i].name < props[j].name })
			for _, p := range props {
				path := append(append([]string{}, e.path...), p.name)
				if match(p.name, p.schema) {
					out = append(out, path)
				}
				if isType(p.schema, "object") {
					next = append(next, entry{path, deref(p.schema)})
				}
			}
		}
		level = next
	}
	return out
}

// fits reports whether root-level defaults describe o: its request takes
// the token and its response carries it.
func (b *builder) fits(o *operation, d *decision) bool {
	resp := responseSchema(o.op)
	if resp == nil {
		return false
	}
	name := d.reqToken
	if _, n, ok := strings.Cut(name, ":"); ok {
		name = n
	}
	found := false
	for _, pr := range o.params {
		if pr.Value != nil && pr.Value.Name == name {
			found = true
		}
	}
	if !found {
		return false
	}
	for _, t := range d.respToken {
		if schemaAt(resp, splitPath(strings.TrimPrefix(t, "body:"))) != nil {
			return true
		}
	}
	return false
}

// peerExtension reads the pagination extensions of other generators.
func peerExtension(o *operation) *decision { return nil }
