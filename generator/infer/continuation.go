package infer

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Continuation operations: an operation that returns a token it does not
// take (MWS ListOrders returns NextToken) is continued by another operation
// that takes it (ListOrdersByNextToken). The other operation is found by
// name — this one's name with a suffix about tokens or next pages, or this
// one's path plus /continue or /next — or by shape: its input is
// essentially the token, and its response holds items of the same type.

// continuationSuffixes are words a continuation operation's name adds.
var continuationSuffixes = []string{"next", "token", "continu", "cursor", "more"}

// continuation proposes o and the operation that continues its walk.
func (b *builder) continuation(o *operation, resp *openapi3.SchemaRef, fields []field) *decision {
	var tokens []field
	for _, f := range fields {
		if !isString(f.schema) {
			continue
		}
		switch classifyToken(f.name()) {
		case kindToken, kindCursor, kindMarker, kindContinue:
			tokens = append(tokens, f)
		}
	}
	if len(tokens) == 0 {
		return nil
	}
	// The confidence starts from what the items added or took away.
	d := newInferred()
	if !withItems(o, d, resp, fields, tokens[0].parent()) || d.items == nil {
		return nil
	}
	found := func(tok field, y *operation, in input, why string) *decision {
		d.reqToken, d.respToken, d.next = in.location(), []responseRef{tok.ref()}, y.m.ID
		// The pairing comes first in the reasons, before the items.
		d.reasons = append([]string{fmt.Sprintf("%s returns %s but does not take it; %s", o.m.ID, tok, why)}, d.reasons...)
		return d
	}
	for _, tok := range tokens {
		for _, y := range b.ops {
			if y != o && y.m.Method == o.m.Method && namedAfter(o, y) {
				if in, ok := b.takesToken(y, tok.name()); ok {
					d.confidence += namedContinuation
					return found(tok, y, in, fmt.Sprintf("%s, named after it, takes it as %s", y.m.ID, in.location()))
				}
			}
		}
	}
	// By shape, among the operations no other one is named after: those
	// continue their namesakes.
	elem := itemSchema(resp, *d.items)
	for _, tok := range tokens {
		var cands []*operation
		var ins []input
		for _, y := range b.ops {
			if y == o || b.namesake(y, o) {
				continue
			}
			if in, ok := b.takesToken(y, tok.name()); ok && b.sameShape(o, y, in, elem) {
				cands, ins = append(cands, y), append(ins, in)
			}
		}
		if len(cands) == 0 {
			continue
		}
		d.confidence += shapedContinuation
		if len(cands) > 1 {
			d.confidence -= ambiguityPenalty
			d.ambiguous = fmt.Sprintf("%s and %s could both continue it; chose %s", cands[0].m.ID, cands[1].m.ID, cands[0].m.ID)
			d.reason("%s", d.ambiguous)
		}
		return found(tok, cands[0], ins[0], fmt.Sprintf("%s takes little but it (%s) and returns the same items", cands[0].m.ID, ins[0].location()))
	}
	return nil
}

// namesake reports whether y is named after an operation other than o.
func (b *builder) namesake(y, o *operation) bool {
	b.namedForOnce.Do(func() {
		b.namedFor = map[*operation][]*operation{}
		for _, x := range b.ops {
			for _, z := range b.ops {
				if x != z && namedAfter(x, z) {
					b.namedFor[z] = append(b.namedFor[z], x)
				}
			}
		}
	})
	for _, x := range b.namedFor[y] {
		if x != o {
			return true
		}
	}
	return false
}

// takesToken returns y's input that takes a token named like resp.
func (b *builder) takesToken(y *operation, resp string) (input, bool) {
	for _, in := range y.ins {
		if in.in != "path" && isString(in.schema) && pairScore(in.name(), resp) > 0 {
			return in, true
		}
	}
	return input{}, false
}

// namedAfter reports whether y's name is o's plus words about continuing,
// or y's path is o's plus /continue or /next.
func namedAfter(o, y *operation) bool {
	if rest, ok := strings.CutPrefix(y.m.ID, o.m.ID); ok && rest != "" {
		n := normName(rest)
		for _, s := range continuationSuffixes {
			if strings.Contains(n, s) {
				return true
			}
		}
	}
	if rest, ok := strings.CutPrefix(y.m.Path, strings.TrimSuffix(o.m.Path, "/")+"/"); ok {
		return rest == "continue" || rest == "next"
	}
	return false
}

// sameShape reports whether y takes little but the token — every other
// input of y is one o takes too (credentials, the seller) — and returns
// arrays of the items o returns.
func (b *builder) sameShape(o, y *operation, token input, elem *openapi3.SchemaRef) bool {
	if elem == nil {
		return false
	}
	for _, in := range b.ownInputs(y, o) {
		if !in.same(token) {
			return false
		}
	}
	resp := responseSchema(y.op)
	if resp == nil {
		return false
	}
	for _, f := range schemaFields(resp, fieldDepth) {
		if isType(f.schema, "array") && sameSchema(deref(f.schema.Value.Items), elem) {
			return true
		}
	}
	return false
}

// ownInputs lists the inputs of y that o does not take, by folded name:
// what a continuation y takes beyond what its origin o does.
func (b *builder) ownInputs(y, o *operation) []input {
	mine := map[string]bool{}
	for _, in := range o.ins {
		mine[normName(in.name())] = true
	}
	var own []input
	for _, in := range y.ins {
		if !mine[normName(in.name())] {
			own = append(own, in)
		}
	}
	return own
}
