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
	// echoSame: the property has the input's name. Created and updated
	// objects echo their inputs too, so echoedInput asks more of it.
	echoSame
)

// echoScores rate each relation on pairScore's scale: a next… name or a
// header named after the input say as much as a pageToken ↔ nextPageToken
// pair whose core word is known (2.5); the same name alone says little (1),
// so that any name-based pair beats it.
var echoScores = map[echoRelation]float64{echoNext: 2.5, echoHeader: 2.5, echoSame: 1}

// echoes says how the response property f echoes the request input in,
// noEcho when it does not.
func echoes(in input, f field) echoRelation {
	if in.in == "path" || in.required || !sameScalar(in.schema, f.schema) || echoTrap(in.name()) {
		return noEcho
	}
	rn := normName(in.name())
	if rn == "" {
		return noEcho
	}
	if f.header {
		// Only a header that adds to the name: one that repeats it is a
		// request id or a version handed back.
		if h := f.name(); strings.LastIndex(h, "-") >= 0 && normName(h[strings.LastIndex(h, "-")+1:]) == rn {
			return echoHeader
		}
		return noEcho
	}
	fn := normName(f.name())
	switch {
	case fn == "next"+rn || fn == rn+"next":
		return echoNext
	case strings.HasPrefix(fn, "next") && strings.HasSuffix(fn, rn) && namedSchema(in.schema) && sameSchema(deref(in.schema), f.schema):
		return echoNext
	case fn == rn && !isEnum(in.schema):
		return echoSame
	}
	return noEcho
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

// tokenSet reports whether pairs a and b continue the walk together.
func tokenSet(a, b pair) bool {
	return !a.in.same(b.in) && a.out.String() != b.out.String() && a.out.parent() == b.out.parent() &&
		namesNext(a) && namesNext(b)
}

// namesNext reports whether a pair's property names the next value: a next…
// property, or a header named after the input.
func namesNext(p pair) bool {
	return p.rel == echoHeader || strings.HasPrefix(normName(p.out.name()), "next")
}

// tokenSetOf lists, for the chosen pair p, the other inputs that continue
// the walk with it, as "input ← property"; nil when p continues it alone.
func tokenSetOf(p pair, pairs []pair) []string {
	var out []string
	seen := map[string]bool{}
	for _, q := range pairs {
		if k := q.in.location().String(); tokenSet(p, q) && !seen[k] {
			seen[k] = true
			out = append(out, k+" ← "+q.out.String())
		}
	}
	return out
}
