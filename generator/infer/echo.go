package infer

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// An input the response echoes back is a continuation pair whatever its
// word: the response names the input's next value (stream_position ↔
// next_stream_position, a DNS name ↔ NextRecordName of the same schema),
// carries it in a header named after it (x-ms-continuation-NextTableName ↔
// NextTableName), or returns it under its own name beside the items
// (position ↔ position). Names of the paging vocabulary are paired by
// pairScore; this is what is left when the word is one it does not know,
// so it reads types and places instead.
//
// The traps it keeps out: an input the first request must already carry
// (a required one: a shard iterator), credentials and idempotency keys
// (notPaging), ETags and versions, flags and numbers (only strings pair),
// values from a fixed set (an enum echoed is a filter), and inputs that set
// the page size, the page or the offset, which positional reads.

// echoRelation is how a response property echoes an input.
type echoRelation int

const (
	noEcho echoRelation = iota
	// echoNext: the property is the input's name with next before or
	// after it, or a next… property of the input's own named schema.
	echoNext
	// echoHeader: a response header whose last part is the input's name.
	echoHeader
	// echoContinuation: such a header whose other parts say it continues
	// the walk (Azure's x-ms-continuation-NAME).
	echoContinuation
	// echoSame: the property has the input's name. Created and updated
	// objects echo their inputs too, so echoedInput asks more of it.
	echoSame
)

// echoScores rate each relation on pairScore's scale: a next… name or a
// header named after the input say as much as a pageToken ↔ nextPageToken
// pair whose core word is known (2.5), a continuation header named after
// it as much as pageToken ↔ nextPageToken itself (3); the same name alone
// says little (1), so that any name-based pair beats it.
var echoScores = map[echoRelation]float64{echoNext: 2.5, echoHeader: 2.5, echoContinuation: 3, echoSame: 1}

// echoes says how the response property f echoes the request input in,
// noEcho when it does not.
func echoes(in input, f field) echoRelation {
	if in.in == "path" || in.required || !sameScalar(in.schema, f.schema) || echoTrap(in.name()) {
		return noEcho
	}
	switch {
	case f.header && nextValue(in, f):
		if h := f.name(); classifyToken(h[:strings.LastIndex(h, "-")]) == kindContinue {
			return echoContinuation
		}
		return echoHeader
	case f.header:
		// A header that repeats the name is a request id or a version
		// handed back.
		return noEcho
	case nextValue(in, f):
		return echoNext
	case normName(f.name()) == normName(in.name()) && !isEnum(in.schema):
		return echoSame
	}
	return noEcho
}

// nextValue reports whether f names the next value of in, whatever the
// words: in's name with next before or after it, a next… property of in's
// own named schema, or a header whose last part is in's name.
func nextValue(in input, f field) bool {
	rn, fn := normName(in.name()), normName(f.name())
	if rn == "" {
		return false
	}
	if f.header {
		h := f.name()
		return strings.Contains(h, "-") && normName(h[strings.LastIndex(h, "-")+1:]) == rn
	}
	return fn == "next"+rn || fn == rn+"next" ||
		strings.HasPrefix(fn, "next") && strings.HasSuffix(fn, rn) && namedSchema(in.schema) && sameSchema(deref(in.schema), f.schema)
}

// echoTrap reports names that echo without being a position: credentials,
// idempotency and session keys, versions and ETags, and the page size,
// page and offset inputs.
func echoTrap(name string) bool {
	words := lowerWords(name)
	for i, w := range words {
		// An id last names what the position is (scroll_id); before
		// another word it is an identity (id_token).
		if notPaging[w] && !(w == "id" && i == len(words)-1) || w == "etag" || w == "version" {
			return true
		}
	}
	// A bare token is a credential (Slack's auth parameter, echoed back).
	n := normName(name)
	return n == "token" || limitScore(name, &decision{}) > 0 || pageNames[n] || offsetNames[n]
}

// sameScalar reports whether an input and a property are both strings: a
// walk carries its token as a string, and an integer the request takes is
// an offset or a page, which positional reads.
func sameScalar(a, b *openapi3.SchemaRef) bool {
	return isString(a) && isString(b)
}

// echoedInput: the response echoes one input back under its own name,
// beside the items (API Gateway's position). It is the last detector: any
// other sign of paging says more. The echo must be the only one — an object
// created or updated echoes many of its inputs — and not a property of the
// items, which a filter on them would be.
func echoedInput(o *operation, resp *openapi3.SchemaRef, ins []input, fields []field) *decision {
	if o.m.Method != "GET" && o.m.Method != "POST" {
		return nil
	}
	var echo *pair
	var echoed *input
	for _, in := range ins {
		for _, f := range fields {
			if in.in == "path" || normName(in.name()) != normName(f.name()) || isType(f.schema, "object", "array") {
				continue
			}
			if echoed != nil && !echoed.same(in) {
				return nil // several inputs echoed: an object made from them
			}
			echoed = &in
			if echoes(in, f) == echoSame && !isEnum(f.schema) {
				echo = &pair{in: in, out: f, score: echoScores[echoSame], rel: echoSame}
			}
		}
	}
	if echo == nil {
		return nil
	}
	d := newInferred()
	d.reqToken, d.respToken = echo.in.location(), []responseRef{echo.out.ref()}
	d.confidence = tokenPairBase + tokenPairPerScore*echo.score
	d.reason("request %s takes the value the response echoes back under its name in %s", echo.in.location(), echo.out)
	if !withItems(o, d, resp, fields, echo.out.parent()) || d.items == nil || parentPath(*d.items) != echo.out.parent() ||
		!isType(schemaAt(resp, responsePath(resp, *d.items)), "array") {
		return nil
	}
	if el := itemSchema(resp, *d.items); el != nil && el.Value != nil && property(el.Value, echo.in.name(), 0) != nil {
		return nil
	}
	if pickLimit(ins, d) == nil {
		d.confidence -= echoAlonePenalty
		d.reason("nothing else says it pages: the request takes no page size")
	}
	return d
}

// A token set is several inputs that continue a walk together, each fed by
// its own next… property beside the others (Route 53's NextRecordName,
// NextRecordType and NextRecordIdentifier; Azure Table's
// x-ms-continuation-NextPartitionKey and …NextRowKey). Sending one of them
// alone would start the next page at the wrong place.

// tokenSetOf lists the tokens that continue the walk together with the
// chosen pair p, p first: each other input fed by the next value of its own
// beside p's. The traps that keep an input from being a token alone do not
// apply: NextVersionIdMarker beside NextKeyMarker says what
// version-id-marker is. Nil when p continues the walk alone.
func tokenSetOf(p pair, ins []input, fields []field) []tokenPart {
	if !namesNext(p) {
		return nil
	}
	parts := []tokenPart{{req: p.in.location(), resp: []responseRef{p.out.ref()}}}
	for _, in := range ins {
		if in.in == "path" || in.same(p.in) || !isString(in.schema) {
			continue
		}
		for _, f := range fields {
			if f.parent() != p.out.parent() || f.String() == p.out.String() || f.header != p.out.header {
				continue
			}
			if nextValue(in, f) || pairScore(in.name(), f.name()) > 0 && namesNext(pair{in: in, out: f}) {
				parts = append(parts, tokenPart{req: in.location(), resp: []responseRef{f.ref()}})
				break
			}
		}
	}
	if len(parts) == 1 {
		return nil
	}
	return parts
}

// namesNext reports whether a pair's property names the next value: a next…
// property, or a header named after the input.
func namesNext(p pair) bool {
	return p.out.header && nextValue(p.in, p.out) || strings.HasPrefix(normName(p.out.name()), "next")
}
