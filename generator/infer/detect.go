package infer

import (
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/pagegen/pagegen/generator/model"
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
//     NextMarker, paginationToken ↔ pagination.nextToken), or an input the
//     response echoes back, in a property or a header named after it
//     (echo.go: next_stream_position, x-ms-continuation-NextTableName);
//     several of them at once are a token set;
//   - a next link in the response (nextLink, @odata.nextLink, links.next) or
//     a Link header;
//   - an "after" input whose value is the last item's id (starting_after);
//   - a page number or an offset input beside a page size input.
//
// Each finding adds to a confidence and to the reasons explain prints.

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
	ins := o.ins
	var fields []field
	if resp != nil {
		fields = schemaFields(resp, fieldDepth)
	}
	d := firstOf(
		// A property named for the next page's URL is the whole next
		// request, token and all: it beats a token beside it ($skipToken
		// beside nextLink). A link that is only one of the next page's
		// properties (paging.next.link beside paging.next.after) yields
		// to the token.
		func() *decision { return nextLink(o, resp, fields, true) },
		func() *decision { return tokenPair(o, resp, ins, fields) },
		func() *decision { return nextLink(o, resp, fields, false) },
		func() *decision { return linkHeader(o, resp, ins, fields) },
		func() *decision { return cursorFromItem(o, resp, ins, fields) },
		func() *decision { return positional(o, resp, ins, fields) },
		func() *decision { return b.continuation(o, resp, fields) },
		func() *decision { return echoedInput(o, resp, ins, fields) },
	)
	if d == nil || d.page != nil || d.offset != nil {
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

// firstOf returns the first non-nil proposal.
func firstOf(fns ...func() *decision) *decision {
	for _, f := range fns {
		if d := f(); d != nil {
			return d
		}
	}
	return nil
}

func newInferred() *decision { return newDecision("inferred") }

// pair is a request input and the response property that feeds it.
type pair struct {
	in    input
	out   field
	score float64
	rel   echoRelation // how out echoes in, when names of paging do not pair them
}

// tokenPairs lists the input/property pairs of an operation, best first:
// higher score, then the shallower property, then query before body, form
// and header. Names of the paging vocabulary pair first (pairScore); an
// input the response echoes back pairs whatever its name (echoes).
func tokenPairs(ins []input, fields []field) []pair {
	var out []pair
	for _, in := range ins {
		if in.in == "path" {
			continue
		}
		for _, f := range fields {
			if isString(in.schema) && isType(f.schema, "string", "integer") {
				if s := pairScore(in.name(), f.name()); s > 0 {
					out = append(out, pair{in: in, out: f, score: s})
					continue
				}
			}
			if rel := echoes(in, f); rel != noEcho && rel != echoSame {
				out = append(out, pair{in: in, out: f, score: echoScores[rel], rel: rel})
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
	allFields := append(headerFields(o.op), fields...)
	pairs := tokenPairs(ins, allFields)
	if len(pairs) == 0 {
		return nil
	}
	p := pairs[0]
	d := newInferred()
	d.reqToken, d.respToken = p.in.location(), []responseRef{p.out.ref()}
	d.confidence = tokenPairBase + tokenPairPerScore*p.score
	if p.rel == noEcho {
		d.reason("request %s takes the %s the response returns in %s", p.in.location(), tokenWord(p.in.name()), p.out)
	} else {
		takesNext(d, p.in.location(), p.out.ref())
	}
	set := tokenSetOf(p, ins, allFields)
	if set != nil {
		d.setTokens(set)
		for _, part := range set[1:] {
			takesNext(d, part.req, part.resp[0])
		}
		d.reason("the %d continue the walk together, as one token", len(set))
	} else if len(pairs) > 1 && pairs[1].score == p.score && len(pairs[1].out.path) == len(p.out.path) && !pairs[1].in.same(p.in) {
		d.confidence -= ambiguityPenalty
		d.ambiguous = fmt.Sprintf("both %s and %s could take the token; chose %s", p.in.location(), pairs[1].in.location(), p.in.location())
		d.reason("%s", d.ambiguous)
	}
	if !withItems(o, d, resp, fields, p.out.parent()) {
		return nil
	}
	return d
}

// takesNext gives the reason for a request input fed by the next value the
// response returns in out, a header carrying it back or a property.
func takesNext(d *decision, req *model.Location, out responseRef) {
	if out.header != "" {
		d.reason("request %s takes back the response header %s", req, out.header)
		return
	}
	d.reason("request %s takes the next value the response returns in %s", req, out)
}

// nextLink: the response names the URL of the next page; named, only in a
// property whose own name says so (nextLink, next_page_url).
func nextLink(o *operation, resp *openapi3.SchemaRef, fields []field, named bool) *decision {
	for _, f := range fields {
		if !isString(f.schema) || !isNextLink(f) || named && !isNextURLName(normName(f.name())) {
			continue
		}
		d := newInferred()
		d.reqToken, d.respToken = &model.Location{In: model.InURL}, []responseRef{f.ref()}
		d.confidence = nextLinkConfidence
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

// linkHeader: the response declares an RFC 8288 Link header, and the
// request takes a page, a cursor or a page size.
func linkHeader(o *operation, resp *openapi3.SchemaRef, ins []input, fields []field) *decision {
	if !hasLinkHeader(o.op) {
		return nil
	}
	d := newInferred()
	d.reqToken, d.respToken = &model.Location{In: model.InURL}, []responseRef{linkHeaderRef}
	d.confidence = linkHeaderConfidence
	d.reason("the response declares a Link header, whose rel=\"next\" is the next page")
	if pageInput(ins) != nil || pickLimit(ins, d) != nil {
		d.confidence += linkHeaderWithPaging
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
		d.reqToken, d.confidence = in.location(), afterIDConfidence
		d.reason("request %s takes the id of the last item", in.location())
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
		d.page, d.pageStart = in.location(), 1
		d.confidence = pageNumberConfidence
		d.reason("request %s takes a page number", in.location())
	} else {
		for _, in := range ins {
			if in.in != "path" && offsetNames[normName(in.name())] && isInteger(in.schema) {
				d.offset = in.location()
				d.confidence = offsetConfidence
				d.reason("request %s takes an offset", in.location())
				break
			}
		}
		if d.offset == nil || pickLimit(ins, d) == nil {
			return nil
		}
	}
	if pickLimit(ins, d) != nil {
		d.confidence += withPageSize
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
