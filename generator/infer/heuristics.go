package infer

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

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

// normName folds a name for comparison: lower case, letters and digits only
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

// lowerWords splits a name into lower-case words at punctuation and case
// changes ("x-amzn-idempotency-token" → x amzn idempotency token,
// "ClientRequestToken" → client request token, "APIToken" → api token).
func lowerWords(s string) []string {
	var out []string
	runes := []rune(s)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			out = append(out, strings.ToLower(string(runes[start:end])))
		}
		start = -1
	}
	for i, r := range runes {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush(i)
		case start < 0:
			start = i
		case unicode.IsUpper(r) && unicode.IsLower(runes[i-1]),
			unicode.IsUpper(r) && unicode.IsUpper(runes[i-1]) && i+1 < len(runes) && unicode.IsLower(runes[i+1]):
			flush(i)
			start = i
		}
	}
	flush(len(runes))
	return out
}

// notPaging are words that make a "…token" input something other than a
// position in a walk: credentials, idempotency keys, sync and session
// handles.
var notPaging = map[string]bool{
	"access": true, "api": true, "auth": true, "authorization": true, "bearer": true, "captcha": true,
	"client": true, "confirmation": true, "credential": true, "credentials": true, "csrf": true,
	"device": true, "idempotency": true, "idempotent": true, "invitation": true, "invite": true,
	"jwt": true, "mfa": true, "oauth": true, "password": true, "refresh": true, "request": true,
	"reset": true, "restricted": true, "secret": true, "security": true, "session": true,
	"signature": true, "sync": true, "verification": true, "xsrf": true, "registration": true,
	"activation": true, "push": true, "federation": true, "id": true, "identity": true,
}

// tokenKind classifies an input that may carry a position in a walk.
type tokenKind int

const (
	notToken   tokenKind = iota
	kindToken            // NextToken, pageToken, paginationToken, startingToken
	kindCursor           // cursor, next_cursor, pageCursor
	kindMarker           // Marker, NextMarker, KeyMarker
	kindContinue         // continue, continuationToken
	kindStartKey         // ExclusiveStartTableName ↔ LastEvaluatedTableName
	kindAfter            // after, starting_after
	kindPageRef          // page, when it is a string the response names next_page
)

// pagingHints are parts of a "…token" name that say it continues a walk.
var pagingHints = []string{"next", "page", "paging", "pagination", "start", "skip", "resume", "continu", "offset", "after"}

// classifyToken says what kind of position an input name carries.
func classifyToken(name string) tokenKind {
	for _, w := range lowerWords(name) {
		if notPaging[w] {
			return notToken
		}
	}
	n := normName(name)
	switch {
	case n == "continue" || strings.Contains(n, "continuation"):
		return kindContinue
	case strings.Contains(n, "cursor"):
		return kindCursor
	case strings.HasSuffix(n, "marker"):
		return kindMarker
	case strings.HasPrefix(n, "exclusivestart"):
		return kindStartKey
	case n == "after" || n == "startingafter" || n == "startafter":
		return kindAfter
	case n == "page" || n == "pagekey":
		return kindPageRef
	case strings.Contains(n, "token") && n != "token":
		for _, h := range pagingHints {
			if strings.Contains(n, h) {
				return kindToken
			}
		}
	}
	return notToken
}

// backwards are words of response properties that point elsewhere than the
// next page: previous pages, the first or current one.
var backwards = map[string]bool{"prev": true, "previous": true, "before": true, "first": true, "self": true, "current": true, "back": true, "start": true}

// tokenCore strips the words that qualify a token name, leaving what kind of
// value it is ("startingToken", "paginationToken", "nextPageToken" → "token").
func tokenCore(n string) string {
	for changed := true; changed; {
		changed = false
		for _, p := range []string{"exclusivestart", "starting", "start", "pagination", "paging", "page", "next"} {
			if rest, ok := strings.CutPrefix(n, p); ok && rest != "" {
				n, changed = rest, true
			}
		}
	}
	return n
}

// pairScore rates how surely the response property named resp carries the
// next value of the request input named req: 0 when it does not.
func pairScore(req, resp string) float64 {
	kind := classifyToken(req)
	if kind == notToken {
		return 0
	}
	for _, w := range lowerWords(resp) {
		if backwards[w] {
			return 0
		}
	}
	rn, fn := normName(req), normName(resp)
	core := tokenCore(rn)
	switch {
	case fn == "next"+rn:
		return 3
	case kind == kindStartKey && fn == "lastevaluated"+strings.TrimPrefix(rn, "exclusivestart"):
		return 3
	case fn == rn && kind != kindPageRef:
		// The same name both ways (NextToken, continue, and query-protocol
		// Marker, which names the next marker in a response).
		return 2.8
	case fn == "next"+core:
		return 2.5
	case kind == kindCursor && strings.Contains(fn, "cursor") && (strings.HasPrefix(fn, "next") || fn == "endcursor"):
		return 2
	case kind == kindAfter && (fn == "endcursor" || fn == "nextcursor"):
		return 2
	case kind == kindMarker && strings.HasPrefix(fn, "next") && strings.HasSuffix(fn, "marker"):
		return 2
	case kind == kindToken && strings.HasPrefix(fn, "next") && strings.HasSuffix(fn, "token"):
		return 2
	case kind == kindContinue && strings.HasPrefix(fn, "continu"):
		return 2
	}
	return 0
}

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
// paginated. Operations that only read (GET, and POST, which RPC-style APIs
// use to list) are candidates; a DELETE that shares a list's parameters
// (deletecollection) is not.
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
		func() *decision { return b.continuation(o, resp, ins, fields) },
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
	if o.m.Method == "PUT" || o.m.Method == "PATCH" {
		d.confidence -= 0.3
		d.reason("%s usually changes something rather than lists it", o.m.Method)
	}
	d.limit = pickLimit(ins, d)
	if d.limit != "" {
		d.confidence += 0.03
		d.reason("page size input %s", d.limit)
	}
	near := ""
	if len(d.respToken) > 0 {
		near = parentPath(d.respToken[0])
	}
	if d.more == "" && d.done == "" {
		d.more = pickFlag(fields, isMoreName, near)
		if d.more == "" {
			d.done = pickFlag(fields, isDoneName, near)
		}
	}
	if d.offset != "" {
		d.total = pickTotal(fields, near)
	}
	if d.confidence > 0.99 {
		d.confidence = 0.99
	}
	return d
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
			if s := pairScore(in.name(), f.name()); s > 0 {
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

// tokenPair: a request input takes what a response property returns.
func tokenPair(o *operation, resp *openapi3.SchemaRef, ins []input, fields []field) *decision {
	pairs := tokenPairs(ins, fields)
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

// nextLinkNames are response properties that hold the URL of the next page.
var nextLinkNames = map[string]bool{
	"nextlink": true, "odatanextlink": true, "nextpagelink": true, "nextpageurl": true, "nextpageuri": true,
	"nexturl": true, "nexturi": true, "nexthref": true, "nextpagehref": true,
}

// linkParents are objects whose "next" property is the next page's URL.
var linkParents = map[string]bool{"links": true, "link": true, "paging": true, "pagination": true, "navigation": true, "meta": true}

// nextLink: the response names the URL of the next page.
func nextLink(o *operation, resp *openapi3.SchemaRef, fields []field) *decision {
	for _, f := range fields {
		if !isString(f.schema) {
			continue
		}
		n := normName(f.name())
		parent := ""
		if len(f.path) > 1 {
			parent = normName(f.path[len(f.path)-2])
		}
		switch {
		case nextLinkNames[n]:
		case n == "next" && (linkParents[parent] || deref(f.schema).Value.Format == "uri" || deref(f.schema).Value.Format == "url"):
		case parent == "next" && (n == "href" || n == "link" || n == "url" || n == "uri"):
		default:
			continue
		}
		d := newInferred()
		d.reqToken, d.respToken = "url", []string{f.String()}
		d.confidence = 0.85
		d.reason("the response names the next page's URL in %s", f)
		nearest := f.parent()
		if parent == "next" {
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
	for _, c := range codes {
		if r := m[c]; r != nil && r.Value != nil && len(r.Value.Headers) > 0 {
			return r.Value.Headers
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
		d.reqToken = in.loc()
		if !withItems(o, d, resp, fields, "") || d.items == nil {
			return nil
		}
		if !hasID(itemSchema(resp, *d.items)) {
			return nil
		}
		d.cursorFrom = "id"
		d.confidence = 0.8
		d.reason("request %s takes the id of the last item of %s", in.loc(), orBodyItems(*d.items))
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

func orBodyItems(items string) string {
	if items == "" {
		return "the body"
	}
	return items
}

// itemSchema is the schema of one item of the array at items.
func itemSchema(resp *openapi3.SchemaRef, items string) *openapi3.SchemaRef {
	arr := schemaAt(resp, responsePath(resp, items))
	if arr == nil || arr.Value == nil {
		return nil
	}
	return deref(arr.Value.Items)
}

var pageNames = map[string]bool{"page": true, "pagenumber": true, "pageno": true, "pagenum": true, "pageindex": true}
var offsetNames = map[string]bool{"offset": true, "skip": true, "startindex": true, "start": true, "from": true, "startat": true, "startrow": true, "firstresult": true}

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

// genericItems are names APIs give the array of a page.
var genericItems = map[string]bool{
	"items": true, "data": true, "results": true, "value": true, "values": true, "records": true,
	"entries": true, "list": true, "elements": true, "content": true, "contents": true, "nodes": true,
	"edges": true, "hits": true, "rows": true, "objects": true, "resources": true, "members": true,
}

// notItems are arrays beside a page that are not its items.
var notItems = []string{"error", "warning", "failure", "failed", "unprocessed", "link", "message"}

// verbs are the words of an operation name that do not name what it lists.
var verbs = map[string]bool{
	"list": true, "get": true, "describe": true, "search": true, "query": true, "fetch": true, "find": true,
	"retrieve": true, "read": true, "scan": true, "lookup": true, "browse": true, "by": true, "for": true,
	"all": true, "the": true, "of": true, "batch": true, "v1": true, "v2": true, "v3": true,
}

// stem folds plurals so "Analyzers" meets "analyzer".
func stem(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
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

// limitNames are inputs that set the page size.
var limitNames = map[string]bool{
	"limit": true, "maxresults": true, "maxitems": true, "pagesize": true, "perpage": true, "maxrecords": true,
	"maxcount": true, "maxpagesize": true, "pagelimit": true, "maxresultsperpage": true, "top": true,
	"maxentries": true, "maxkeys": true, "maxrows": true, "resultsperpage": true, "itemsperpage": true,
	"size": true, "first": true,
}

// limitScore rates an input name as the page size: exact names first, then
// names that end as one ("ResourcesPerPage") or count things ("maxTables").
func limitScore(name string, d *decision) int {
	n := normName(name)
	switch {
	case limitNames[n]:
		return 3
	case strings.HasSuffix(n, "perpage") || strings.HasSuffix(n, "pagesize") || strings.HasSuffix(n, "limit"):
		return 2
	case strings.HasPrefix(n, "max") && strings.HasSuffix(n, "s") && !strings.HasSuffix(n, "ss"):
		return 1
	case n == "count" && (d.page != "" || d.reqToken != ""):
		return 1
	}
	return 0
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

func isMoreName(n string) bool {
	return strings.HasPrefix(n, "hasmore") || strings.HasPrefix(n, "hasnext") || n == "more" ||
		strings.HasSuffix(n, "truncated") || (strings.HasPrefix(n, "more") && strings.HasSuffix(n, "available"))
}

func isDoneName(n string) bool {
	return n == "islast" || n == "last" || n == "islastpage" || n == "lastpage" || n == "done" || n == "isdone"
}

// pickFlag returns the path of a boolean property whose name passes is,
// nearest the token first.
func pickFlag(fields []field, is func(string) bool, near string) string {
	var found []field
	for _, f := range fields {
		if isType(f.schema, "boolean") && is(normName(f.name())) {
			found = append(found, f)
		}
	}
	for _, f := range found {
		if f.parent() == near {
			return f.String()
		}
	}
	if len(found) > 0 {
		return found[0].String()
	}
	return ""
}

// pickTotal returns the path of an integer total of the whole walk.
func pickTotal(fields []field, near string) string {
	var found []field
	for _, f := range fields {
		if isInteger(f.schema) && strings.HasPrefix(normName(f.name()), "total") {
			found = append(found, f)
		}
	}
	for _, f := range found {
		if f.parent() == near {
			return f.String()
		}
	}
	if len(found) > 0 {
		return found[0].String()
	}
	return ""
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
