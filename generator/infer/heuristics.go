package infer

import (
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Inference reads the names, locations, types and shapes of an operation's
// inputs and of its success response. It never matches an operation by its
// name: the operation's name only breaks ties between arrays that could hold
// the items.
//
// An operation pages when its request can carry a position in a walk and
// its response says where the next position is:
//
//   - a token input paired with a token property of the response
//     (NextToken ↔ NextToken, pageToken ↔ nextPageToken, cursor ↔
//     response_metadata.next_cursor, continue ↔ metadata.continue, Marker ↔
//     NextMarker, paginationToken ↔ pagination.nextToken);
//   - a next link in the response (nextLink, @odata.nextLink, links.next) or
//     a Link header;
//   - an "after" input whose value is the last item's id (starting_after);
//   - a page number or an offset input beside a page size input.
//
// Each finding adds to a confidence and to the reasons explain prints.

// An input is a value the request can carry.
type input struct {
	in     string   // query, header, path, form or body
	path   []string // the parameter name, or property names into a JSON body
	schema *openapi3.SchemaRef
}

func (i input) name() string { return i.path[len(i.path)-1] }

// loc writes the input as an annotation location ("query:cursor",
// "body:paginationContext.nextToken").
func (i input) loc() string { return i.in + ":" + strings.Join(i.path, ".") }

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
		out = append(out, input{in: p.In, path: []string{p.Name}, schema: p.Schema})
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
				out = append(out, input{in: "form", path: []string{p.name}, schema: p.schema})
			}
		}
	case formatJSON, formatXML:
		for _, f := range schemaFields(mt.Schema, 2) {
			out = append(out, input{in: "body", path: f.path, schema: f.schema})
		}
	}
	return out
}

// A field is a property of the response body, reached through objects.
type field struct {
	path   []string
	schema *openapi3.SchemaRef
}

func (f field) name() string   { return f.path[len(f.path)-1] }
func (f field) parent() string { return strings.Join(f.path[:len(f.path)-1], ".") }
func (f field) String() string { return strings.Join(f.path, ".") }

// schemaFields lists the properties of sr down to depth levels through
// objects (not into arrays), shallow ones first and each level by name.
func schemaFields(sr *openapi3.SchemaRef, depth int) []field {
	var out []field
	level := []field{{schema: deref(sr)}}
	for d := 0; d < depth && len(level) > 0; d++ {
		var next []field
		for _, e := range level {
			if e.schema == nil || e.schema.Value == nil {
				continue
			}
			props, _ := flatten(e.schema.Value)
			for _, p := range props {
				f := field{path: append(append([]string{}, e.path...), p.name), schema: deref(p.schema)}
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

func isString(sr *openapi3.SchemaRef) bool { return isType(sr, "string") }
func isInteger(sr *openapi3.SchemaRef) bool {
	return isType(sr, "integer") || (isType(sr, "number") && deref(sr).Value.Format != "float" && deref(sr).Value.Format != "double")
}

// infer proposes how o pages from its shapes, or nil when it does not look
// paginated. GET and POST (which RPC-style APIs use to list) are
// candidates, PUT and PATCH less sure ones; a DELETE that shares a list's
// parameters (deletecollection) or a HEAD twin is not.
func infer(b *builder, o *operation) *decision {
	switch o.m.Method {
	case "GET", "POST", "PUT", "PATCH":
	default:
		return nil
	}
	resp := responseSchema(o.op)
	ins := b.inputsOf(o)
	var fields []field
	if resp != nil {
		fields = schemaFields(resp, fieldDepth)
	}
	d := firstOf(
		func() *decision { return tokenPair(o, resp, ins, fields) },
		func() *decision { return nextLink(o, resp, fields) },
		func() *decision { return linkHeader(o, resp, ins, fields) },
		func() *decision { return cursorFromItem(o, resp, ins, fields) },
		func() *decision { return positional(o, resp, ins, fields) },
		func() *decision { return b.continuation(o, resp, fields) },
	)
	if d == nil || d.page != "" || d.offset != "" {
		// A token input with nothing declared to feed it may follow the
		// spec's conventions, which beat a page number (Slack's cursor
		// over its legacy page).
		o.halfToken = requestOnlyToken(ins)
	}
	if d == nil {
		return nil
	}
	complete(o, d, ins, fields)
	return d
}

// complete adds to a proposal what does not decide whether an operation
// pages but how well: the page size input, the flags that end the walk, the
// total, and what the method says.
func complete(o *operation, d *decision, ins []input, fields []field) {
	if o.m.Method == "PUT" || o.m.Method == "PATCH" {
		d.confidence -= 0.3
		d.reason("%s usually changes something rather than lists it", o.m.Method)
	}
	if d.limit = pickLimit(ins, d); d.limit != "" {
		d.confidence += 0.03
		d.reason("page size input %s", d.limit)
	}
	near := ""
	if len(d.respToken) > 0 {
		near = parentPath(d.respToken[0])
	}
	if d.more == "" && d.done == "" {
		if d.more = pickFlag(fields, isMoreName, near); d.more != "" {
			d.reason("%s is true while more pages follow", d.more)
		} else if d.done = pickFlag(fields, isDoneName, near); d.done != "" {
			d.reason("%s is true on the last page", d.done)
		}
	}
	if strings.HasSuffix(normName(d.more), "available") {
		// "More results available" is about now: false means nothing more
		// yet, and a later walk resumes from the last token (MWS).
		d.moreMeans = "later"
		d.reason("%s says whether more is available yet: a walk that ends on false can resume later", d.more)
	}
	if d.offset != "" {
		if d.total = pickTotal(fields, near); d.total != "" {
			d.reason("%s counts the items of the whole walk", d.total)
		}
	}
}

// firstOf returns the first non-nil proposal.
func firstOf(fns ...func() *decision) *decision {
	for _, f := range fns {
		if d := f(); d != nil {
			return d
		}
	}
	return nil
}

func newInferred() *decision { return &decision{source: "inferred", fields: map[string]bool{}} }

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

// pair is a request input and the response property that feeds it.
type pair struct {
	in    input
	out   field
	score float64
}

// tokenPairs lists the input/property pairs of an operation, best first:
// higher score, then the shallower property, then query before body, form
// and header.
func tokenPairs(ins []input, fields []field) []pair {
	var out []pair
	for _, in := range ins {
		if in.in == "path" || !isString(in.schema) {
			continue
		}
		for _, f := range fields {
			if !isType(f.schema, "string", "integer") {
				continue
			}
			if s := pairScore(in.name(), strings.TrimPrefix(f.name(), "header:")); s > 0 {
				out = append(out, pair{in, f, s})
			}
		}
	}
	rank := map[string]int{"query": 0, "body": 1, "form": 2, "header": 3}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if len(a.out.path) != len(b.out.path) {
			return len(a.out.path) < len(b.out.path)
		}
		return rank[a.in.in] < rank[b.in.in]
	})
	return out
}

// tokenPair: a request input takes what a response property or header
// returns.
func tokenPair(o *operation, resp *openapi3.SchemaRef, ins []input, fields []field) *decision {
	pairs := tokenPairs(ins, append(headerFields(o.op), fields...))
	if len(pairs) == 0 {
		return nil
	}
	p := pairs[0]
	d := newInferred()
	d.reqToken, d.respToken = p.in.loc(), []string{p.out.String()}
	d.confidence = 0.6 + 0.1*p.score
	d.reason("request %s takes the %s the response returns in %s", p.in.loc(), tokenWord(p.in.name()), p.out)
	if len(pairs) > 1 && pairs[1].score == p.score && len(pairs[1].out.path) == len(p.out.path) && pairs[1].in.loc() != p.in.loc() {
		d.confidence -= 0.1
		d.ambiguous = fmt.Sprintf("both %s and %s could take the token; chose %s", p.in.loc(), pairs[1].in.loc(), p.in.loc())
		d.reason("%s", d.ambiguous)
	}
	if !withItems(o, d, resp, fields, p.out.parent()) {
		return nil
	}
	return d
}

func tokenWord(name string) string {
	switch classifyToken(name) {
	case kindCursor, kindAfter:
		return "cursor"
	case kindMarker:
		return "marker"
	case kindPageRef:
		return "page reference"
	}
	return "token"
}

// nextLink: the response names the URL of the next page.
func nextLink(o *operation, resp *openapi3.SchemaRef, fields []field) *decision {
	for _, f := range fields {
		if !isString(f.schema) || !isNextLink(f) {
			continue
		}
		d := newInferred()
		d.reqToken, d.respToken = "url", []string{f.String()}
		d.confidence = 0.85
		d.reason("the response names the next page's URL in %s", f)
		nearest := f.parent()
		if strings.HasPrefix(normName(parentName(f)), "next") {
			nearest = parentPath(nearest)
		}
		if !withItems(o, d, resp, fields, nearest) {
			return nil
		}
		return d
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

// headerFields lists the success response's headers as fields named
// "header:Name", which is how a response token location writes them.
func headerFields(op *openapi3.Operation) []field {
	hs := successHeaders(op)
	names := make([]string, 0, len(hs))
	for name := range hs {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []field
	for _, name := range names {
		if h := hs[name]; h != nil && h.Value != nil && !strings.EqualFold(name, "link") {
			out = append(out, field{path: []string{"header:" + name}, schema: deref(h.Value.Schema)})
		}
	}
	return out
}

func hasLinkHeader(op *openapi3.Operation) bool {
	for name := range successHeaders(op) {
		if strings.EqualFold(name, "link") {
			return true
		}
	}
	return false
}

// linkHeader: the response declares an RFC 8288 Link header, and the
// request takes a page, a cursor or a page size.
func linkHeader(o *operation, resp *openapi3.SchemaRef, ins []input, fields []field) *decision {
	if !hasLinkHeader(o.op) {
		return nil
	}
	d := newInferred()
	d.reqToken, d.respToken = "url", []string{"header:Link"}
	d.confidence = 0.7
	d.reason("the response declares a Link header, whose rel=\"next\" is the next page")
	if pageInput(ins) != nil || pickLimit(ins, d) != "" {
		d.confidence += 0.15
		d.reason("the request takes a page or a page size")
	}
	if !withItems(o, d, resp, fields, "") {
		return nil
	}
	return d
}

// cursorFromItem: an "after" input takes the id of the last item
// (starting_after), and nothing in the response names a next cursor.
func cursorFromItem(o *operation, resp *openapi3.SchemaRef, ins []input, fields []field) *decision {
	for _, in := range ins {
		if in.in == "path" || !isString(in.schema) || classifyToken(in.name()) != kindAfter {
			continue
		}
		d := newInferred()
		d.reqToken, d.confidence = in.loc(), 0.8
		d.reason("request %s takes the id of the last item", in.loc())
		if !withItems(o, d, resp, fields, "") || d.items == nil || !hasID(itemSchema(resp, *d.items)) {
			return nil
		}
		d.cursorFrom = "id"
		return d
	}
	return nil
}

// hasID reports whether items have a string or integer id — every one of
// them, when they come in several shapes (Stripe's bank accounts and cards).
func hasID(elem *openapi3.SchemaRef) bool {
	if elem == nil || elem.Value == nil {
		return false
	}
	alts := elem.Value.AnyOf
	if len(alts) == 0 {
		alts = elem.Value.OneOf
	}
	if len(alts) == 0 {
		return isType(property(elem.Value, "id", 0), "string", "integer")
	}
	for _, a := range alts {
		if !hasID(deref(a)) {
			return false
		}
	}
	return true
}

// itemSchema is the schema of one item of the array at items.
func itemSchema(resp *openapi3.SchemaRef, items string) *openapi3.SchemaRef {
	arr := schemaAt(resp, responsePath(resp, items))
	if arr == nil || arr.Value == nil {
		return nil
	}
	return deref(arr.Value.Items)
}

// pageInput is the input that takes a page number, if any.
func pageInput(ins []input) *input {
	for i, in := range ins {
		if in.in != "path" && pageNames[normName(in.name())] && (isInteger(in.schema) || isString(in.schema)) {
			return &ins[i]
		}
	}
	return nil
}

// positional: a page number, or an offset beside a page size.
func positional(o *operation, resp *openapi3.SchemaRef, ins []input, fields []field) *decision {
	d := newInferred()
	if in := pageInput(ins); in != nil {
		d.page, d.pageStart = in.loc(), 1
		d.confidence = 0.65
		d.reason("request %s takes a page number", in.loc())
	} else {
		for _, in := range ins {
			if in.in != "path" && offsetNames[normName(in.name())] && isInteger(in.schema) {
				d.offset = in.loc()
				d.confidence = 0.6
				d.reason("request %s takes an offset", in.loc())
				break
			}
		}
		if d.offset == "" || pickLimit(ins, d) == "" {
			return nil
		}
	}
	if pickLimit(ins, d) != "" {
		d.confidence += 0.1
	}
	if !withItems(o, d, resp, fields, "") {
		return nil
	}
	return d
}

// requestOnlyToken is a token input of an operation whose response declares
// nothing to feed it: a candidate for the spec's conventions (peers).
func requestOnlyToken(ins []input) *input {
	for i, in := range ins {
		if in.in == "path" || !isString(in.schema) {
			continue
		}
		switch classifyToken(in.name()) {
		case kindToken, kindCursor, kindMarker, kindContinue:
			return &ins[i]
		}
	}
	return nil
}

// withItems sets d.items to the array that holds the page, preferring one
// beside near (the token's parent); it reports false when the response has
// no array at all, in which case the operation does not page through
// anything emitters can type. An open response (additionalProperties) with
// no declared array leaves d.items unknown.
func withItems(o *operation, d *decision, resp *openapi3.SchemaRef, fields []field, near string) bool {
	if resp != nil && isType(resp, "array") {
		empty := ""
		d.items = &empty
		d.reason("the response body is the array of items")
		return true
	}
	best, ambiguous := pickItems(o, fields, near)
	if best == nil {
		if isOpen(resp) {
			d.confidence -= 0.1
			d.reason("the response schema declares no array of items, but allows undeclared properties")
			return true
		}
		return false
	}
	items := best.String()
	d.items = &items
	if ambiguous != "" {
		d.confidence -= 0.1
		d.ambiguous = strings.TrimPrefix(d.ambiguous+"; ", "; ") + ambiguous
		d.reason("%s", ambiguous)
	} else {
		d.reason("items are %s", items)
	}
	return true
}

// isMap reports whether a schema is an object of arbitrary keys.
func isMap(sr *openapi3.SchemaRef) bool {
	s := deref(sr)
	return s != nil && s.Value != nil && len(s.Value.Properties) == 0 && s.Value.AdditionalProperties.Schema != nil
}

// elemSchema is the schema of an array's items or a map's values.
func elemSchema(sr *openapi3.SchemaRef) *openapi3.SchemaRef {
	s := deref(sr)
	if s.Value.Items != nil {
		return deref(s.Value.Items)
	}
	return deref(s.Value.AdditionalProperties.Schema)
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

// pickItems chooses the array that holds the page among the response's
// arrays: one beside the token first, then shallow ones, arrays of objects,
// names that share words with the operation's name, and the names APIs
// give items. It says when two arrays score alike.
func pickItems(o *operation, fields []field, near string) (*field, string) {
	opWords := map[string]bool{}
	for _, w := range lowerWords(o.m.ID) {
		if !verbs[w] {
			opWords[stem(w)] = true
		}
	}
	type cand struct {
		f     field
		score float64
	}
	var cands []cand
	for _, f := range fields {
		var s float64
		switch {
		case isType(f.schema, "array"):
		case isMap(f.schema):
			// A page of a map (AWS's …Map results) is still a page, though
			// not one a paginator can type as a list: resolve says so.
			s = -1
		default:
			continue
		}
		s -= 0.5 * float64(len(f.path))
		parent := f.parent()
		switch {
		case near != "" && parent == near:
			s += 2
		case near != "" && strings.HasPrefix(near, parent):
			s += 1
		}
		if el := elemSchema(f.schema); el != nil && el.Value != nil && (isType(el, "object") || el.Ref != "" || len(el.Value.AllOf) > 0) {
			s++
		}
		ws := lowerWords(f.name())
		shared := 0
		for _, w := range ws {
			if opWords[stem(w)] {
				shared++
			}
		}
		if len(ws) > 0 {
			s += 2 * float64(shared) / float64(len(ws))
		}
		switch n := normName(f.name()); {
		case genericItems[n]:
			s++
		case strings.HasSuffix(n, "items") || strings.HasSuffix(n, "results"):
			s += 0.5
		}
		n := normName(f.name())
		for _, bad := range notItems {
			if strings.Contains(n, bad) {
				s -= 4
			}
		}
		cands = append(cands, cand{f, s})
	}
	if len(cands) == 0 {
		return nil, ""
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	best := cands[0]
	if len(cands) > 1 && best.score-cands[1].score < 0.5 {
		return &best.f, fmt.Sprintf("%s and %s could both hold the items; chose %s", best.f, cands[1].f, best.f)
	}
	return &best.f, ""
}

// pickLimit returns the location of the page size input, or "".
func pickLimit(ins []input, d *decision) string {
	best, bestScore := "", 0
	for _, in := range ins {
		if in.in == "path" || !(isInteger(in.schema) || (isString(in.schema) && d.page != "")) {
			continue
		}
		if s := limitScore(in.name(), d); s > bestScore {
			best, bestScore = in.loc(), s
		}
	}
	return best
}

// pickFlag returns the path of a boolean property whose name passes is,
// nearest the token first.
func pickFlag(fields []field, is func(string) bool, near string) string {
	return pickNearest(fields, near, func(f field) bool {
		return isType(f.schema, "boolean") && is(normName(f.name()))
	})
}

// pickTotal returns the path of an integer total of the whole walk.
func pickTotal(fields []field, near string) string {
	return pickNearest(fields, near, func(f field) bool {
		return isInteger(f.schema) && strings.HasPrefix(normName(f.name()), "total")
	})
}

// pickNearest returns the path of the first field that matches, preferring
// one beside near (the object that holds the token).
func pickNearest(fields []field, near string, match func(field) bool) string {
	first := ""
	for _, f := range fields {
		if !match(f) {
			continue
		}
		if f.parent() == near {
			return f.String()
		}
		if first == "" {
			first = f.String()
		}
	}
	return first
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
		t = strings.TrimPrefix(t, "body:")
		if schemaAt(resp, responsePath(resp, t)) != nil {
			return true
		}
	}
	return false
}
