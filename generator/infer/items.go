package infer

import (
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Which array of a response holds the page.

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
			d.confidence -= openResponsePenalty
			d.reason("the response schema declares no array of items, but allows undeclared properties")
			return true
		}
		return false
	}
	items := best.String()
	d.items = &items
	if ambiguous != "" {
		d.confidence -= ambiguityPenalty
		d.ambiguous = strings.TrimPrefix(d.ambiguous+"; ", "; ") + ambiguous
		d.reason("%s", ambiguous)
	} else {
		d.reason("items are %s", items)
	}
	return true
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
