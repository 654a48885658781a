package infer

import (
	"fmt"
	"strings"

	"github.com/pagegen/pagegen/generator/model"
)

// An operation that takes nothing of its own but a next link or a token,
// and returns what another operation returns, is that operation's
// continuation (Azure's …Next operations: GET /{tenant}/{nextLink} beside
// GET /{tenant}), never a paginated operation of its own. Its response has
// the next link too, so inference alone would page it by itself.

// nextOperations makes each operation that continues another by shape the
// next operation of that one, whose next request then goes through it.
// Operations whose paging is declared are left as declared.
func (b *builder) nextOperations() {
	for _, y := range b.ops {
		var origins []*operation
		var link input
		for _, o := range b.ops {
			if o == y || o.inferred == nil || o.inferred.next != "" || o.m.Method != y.m.Method || declared(o) {
				continue
			}
			if in, ok := b.continues(y, o); ok {
				origins, link = append(origins, o), in
			}
		}
		if len(origins) == 0 {
			continue
		}
		// Of several, the one y is named after or whose path y extends
		// (/fragment/{tenant} → /fragment/{tenant}/{nextLink}).
		o, preferred := origins[0], 0
		for _, c := range origins {
			if namedAfter(c, y) || strings.HasPrefix(y.m.Path, strings.TrimSuffix(c.m.Path, "/")+"/") {
				o, preferred = c, preferred+1
			}
		}
		d := o.inferred
		d.next, d.reqToken = y.m.ID, link.location()
		d.reason("%s takes nothing of its own but %s and returns what this operation returns: it fetches the next page", y.m.ID, link.location())
		if len(origins) > 1 && preferred != 1 {
			d.confidence -= ambiguityPenalty
			d.ambiguous = fmt.Sprintf("%s could continue %s or %s; chose %s", y.m.ID, origins[0].m.ID, origins[1].m.ID, o.m.ID)
			d.reason("%s", d.ambiguous)
		}
	}
}

// declared reports whether o's paging is stated by an annotation or a peer
// extension, which say themselves what continues it.
func declared(o *operation) bool {
	return o.op.Extensions["x-pagination"] != nil || extensionName(o) != ""
}

// continues reports whether y continues o by shape, and the input of y that
// takes the link or the token: every other input of y is one o takes too,
// and y returns the same body as o.
func (b *builder) continues(y, o *operation) (input, bool) {
	ry, ro := responseSchema(y.op), responseSchema(o.op)
	if ry == nil || ro == nil || !sameSchema(deref(ry), deref(ro)) {
		return input{}, false
	}
	own := b.ownInputs(y, o)
	if len(own) != 1 || !isString(own[0].schema) || !takesPosition(own[0], o.inferred) {
		return input{}, false
	}
	return own[0], true
}

// takesPosition reports whether in takes what o's response hands out: the
// next link, for an operation that follows one, or the token it returns.
func takesPosition(in input, d *decision) bool {
	n := normName(in.name())
	if d.reqToken != nil && d.reqToken.In == model.InURL {
		return strings.HasSuffix(n, "link") || strings.HasSuffix(n, "url") || isNextURLName(n)
	}
	for _, t := range d.respToken {
		name := t.header
		if name == "" {
			name = t.path[strings.LastIndex(t.path, ".")+1:]
		}
		if pairScore(in.name(), name) > 0 {
			return true
		}
	}
	return false
}
