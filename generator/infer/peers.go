package infer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pagegen/pagegen/generator/model"
)

// Peer extensions are the pagination annotations other generators read,
// which specs already carry: AutoRest's x-ms-pageable, Speakeasy's
// x-speakeasy-pagination and Fern's x-fern-pagination. They are translated
// into x-pagination's terms; like x-pagination they beat inference, which
// fills only what they leave out.

// peerExtensions are the extensions peerExtension reads, in the order it
// prefers them.
var peerExtensions = []string{"x-ms-pageable", "x-speakeasy-pagination", "x-fern-pagination"}

// extensionName is the peer extension o carries, if any.
func extensionName(o *operation) string {
	for _, name := range peerExtensions {
		if o.op.Extensions[name] != nil {
			return name
		}
	}
	return ""
}

// peerExtension reads o's peer extension. off reports one that says the
// operation returns a single page (x-ms-pageable with nextLinkName: null).
// A malformed extension is an error for the caller to report and ignore.
func (b *builder) peerExtension(o *operation) (d *decision, off bool, err error) {
	v := o.op.Extensions[extensionName(o)]
	switch extensionName(o) {
	case "x-ms-pageable":
		return b.msPageable(o, v)
	case "x-speakeasy-pagination":
		d, err := speakeasy(v)
		return d, false, err
	case "x-fern-pagination":
		if on, ok := v.(bool); ok {
			if !on {
				return nil, true, nil
			}
			// true: the document-level settings apply.
			v = b.spec.Doc.Extensions["x-fern-pagination"]
		}
		d, err := fern(v)
		return d, false, err
	}
	return nil, false, nil
}

// msPageable reads x-ms-pageable: {nextLinkName, itemName (default value),
// operationName}. The next page is a GET of the URL in nextLinkName — one
// property, dots and all ("odata.nextLink") — or, with operationName, a
// call of that operation, which takes the link as a parameter (or as its
// URL when it has none for it).
func (b *builder) msPageable(o *operation, v any) (*decision, bool, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false, fmt.Errorf("x-ms-pageable must be an object")
	}
	link, present := m["nextLinkName"]
	if present && link == nil {
		return nil, true, nil // one page only
	}
	linkName, _ := link.(string)
	if linkName == "" {
		return nil, false, fmt.Errorf("x-ms-pageable.nextLinkName must be a string or null")
	}
	d := declaredBy("x-ms-pageable")
	items := "value"
	if s, ok := m["itemName"].(string); ok && s != "" {
		items = s
	}
	resp := responseSchema(o.op)
	if arr := schemaAt(resp, responsePath(resp, items)); resp == nil || arr != nil && isType(arr, "array") {
		d.items = &items
	} else {
		// Specs name items the schema does not have (or leave the default
		// "value" where it is not): inference finds the array instead.
		d.reason("itemName %s is not an array of the response; the items are inferred", items)
	}
	d.respToken = []responseRef{{path: linkName}}
	d.reqToken = &model.Location{In: model.InURL}
	if in := tokenInput(o.ins, linkName); in != nil {
		// Storage's NextMarker is a token the operation takes back as
		// marker, not a URL to fetch.
		d.reqToken = in.location()
		d.reason("nextLinkName %s is not a link but a token, which %s takes back as %s", linkName, o.m.ID, d.reqToken)
	}
	if name, _ := m["operationName"].(string); name != "" && name != o.m.ID {
		nxt := b.byID[name]
		if nxt == nil {
			return nil, false, fmt.Errorf("x-ms-pageable.operationName %s is not an operation of the spec", name)
		}
		d.next = name
		if in := linkInput(o.ins, nxt.ins, linkName); in != nil {
			d.reqToken = in.location()
		}
		d.reason("the next page comes from %s, which takes the link as %s", name, d.reqToken)
	}
	markStated(d)
	return d, false, nil
}

// tokenInput is the input of an operation that takes back the value its
// response names linkName, when that name reads as a token (NextMarker,
// continuationToken) rather than a URL: nil for nextLink, odata.nextLink
// and the like.
func tokenInput(ins []input, linkName string) *input {
	if isNextURLName(normName(linkName)) || classifyToken(linkName) == notToken {
		return nil
	}
	var best *input
	score := 0.0
	for i, in := range ins {
		if in.in == "path" {
			continue
		}
		if s := pairScore(in.name(), linkName); s > score {
			best, score = &ins[i], s
		}
	}
	return best
}

// linkInput is the input of a continuation operation that takes the next
// link: one named like it, else a path or query parameter the originating
// operation does not have.
func linkInput(first, next []input, linkName string) *input {
	var other *input
	for i, in := range next {
		if normName(in.name()) == normName(linkName) || normName(in.name()) == "nextlink" {
			return &next[i]
		}
		if (in.in == "path" || in.in == "query") && !slices.ContainsFunc(first, in.same) && other == nil {
			other = &next[i]
		}
	}
	return other
}

// jsonPathProps turns "$.data.next_cursor" or "$response.data.next_cursor"
// into "data.next_cursor".
func jsonPathProps(s string) string {
	for _, p := range []string{"$response.", "$request.", "$."} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return rest
		}
	}
	return strings.TrimPrefix(s, "$")
}

// speakeasy reads x-speakeasy-pagination:
//
//	type: offsetLimit | cursor | url
//	inputs: [{name, in: parameters | requestBody, type: offset | page | limit | cursor}]
//	outputs: {results, nextCursor, nextUrl, numPages}
//
// A nextCursor of the form $.data[-1].id names the last item's id.
func speakeasy(v any) (*decision, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("x-speakeasy-pagination must be an object")
	}
	d := declaredBy("x-speakeasy-pagination")
	inputs, _ := m["inputs"].([]any)
	for _, e := range inputs {
		in, _ := e.(map[string]any)
		name, _ := in["name"].(string)
		if name == "" {
			return nil, fmt.Errorf("x-speakeasy-pagination: every input needs a name")
		}
		loc := &model.Location{Name: name}
		if where, _ := in["in"].(string); where == "requestBody" {
			loc = &model.Location{In: model.InBody, Path: splitPath(name)}
		}
		switch in["type"] {
		case "offset":
			d.offset = loc
		case "page":
			d.page, d.pageStart = loc, 1
		case "limit":
			d.limit = loc
		case "cursor":
			d.reqToken = loc
		default:
			return nil, fmt.Errorf("x-speakeasy-pagination: input %s has type %v (want offset, page, limit or cursor)", name, in["type"])
		}
	}
	outputs, _ := m["outputs"].(map[string]any)
	if r, ok := outputs["results"].(string); ok {
		items := jsonPathProps(r)
		d.items = &items
	}
	switch m["type"] {
	case "offsetLimit":
		if d.offset == nil && d.page == nil {
			return nil, fmt.Errorf("x-speakeasy-pagination: offsetLimit needs an offset or page input")
		}
	case "cursor":
		next, _ := outputs["nextCursor"].(string)
		if d.reqToken == nil || next == "" {
			return nil, fmt.Errorf("x-speakeasy-pagination: cursor needs a cursor input and outputs.nextCursor")
		}
		next = jsonPathProps(next)
		if items, key, ok := strings.Cut(next, "[-1]."); ok {
			d.items, d.cursorFrom = &items, key
		} else {
			d.respToken = []responseRef{{path: next}}
		}
	case "url":
		next, _ := outputs["nextUrl"].(string)
		if next == "" {
			return nil, fmt.Errorf("x-speakeasy-pagination: url needs outputs.nextUrl")
		}
		d.reqToken, d.respToken = &model.Location{In: model.InURL}, []responseRef{{path: jsonPathProps(next)}}
	default:
		return nil, fmt.Errorf("x-speakeasy-pagination: type %v (want offsetLimit, cursor or url)", m["type"])
	}
	markStated(d)
	return d, nil
}

// fern reads x-fern-pagination: cursor ($request.x), next_cursor
// ($response.a.b) and results, or offset, results, step (the page size)
// and has-next-page.
func fern(v any) (*decision, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("x-fern-pagination must be an object")
	}
	d := declaredBy("x-fern-pagination")
	get := func(k string) string { s, _ := m[k].(string); return s }
	if r := get("results"); r != "" {
		items := jsonPathProps(r)
		d.items = &items
	}
	switch {
	case get("cursor") != "":
		if get("next_cursor") == "" {
			return nil, fmt.Errorf("x-fern-pagination: cursor needs next_cursor")
		}
		d.reqToken, d.respToken = requestRef(get("cursor")), []responseRef{{path: jsonPathProps(get("next_cursor"))}}
	case get("offset") != "":
		d.offset = requestRef(get("offset"))
		// Fern calls a page number an offset too.
		if p := jsonPathProps(get("offset")); pageNames[normName(p[strings.LastIndex(p, ".")+1:])] {
			d.page, d.pageStart, d.offset = d.offset, 1, nil
		}
	default:
		return nil, fmt.Errorf("x-fern-pagination needs cursor and next_cursor, or offset")
	}
	if s := get("step"); s != "" {
		d.limit = requestRef(s)
	}
	if s := get("has-next-page"); s != "" {
		d.more = responseRef{path: jsonPathProps(s)}
	}
	markStated(d)
	return d, nil
}

// requestRef turns Fern's "$request.a.b" into a location: a parameter named
// a when the path has one part, else a body path.
func requestRef(s string) *model.Location {
	p := jsonPathProps(s)
	if strings.Contains(p, ".") {
		return &model.Location{In: model.InBody, Path: splitPath(p)}
	}
	return &model.Location{Name: p}
}

// markStated records which fields a peer extension stated, so inference
// fills only the others.
func markStated(d *decision) {
	for _, f := range annotationFields {
		if f.has(d) {
			d.fields[f.key] = true
		}
	}
}
