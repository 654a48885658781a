package infer

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/pagegen/pagegen/generator/model"
)

// A spec follows its own conventions, and documents them unevenly: Slack
// declares response_metadata.next_cursor on 6 of its 28 cursor operations,
// GitHub the Link header on most page-numbered ones but not all. What the
// other operations with the same input do completes an operation that
// inference could only half decide.

// minPeers is how many operations must agree before a convention is
// applied to another.
const minPeers = 2

// learnConventions completes the proposals of operations from what their
// peers — operations with the same paging input — were found to do.
func (b *builder) learnConventions() {
	tokenPaths := map[peer]map[responseRef]int{} // token input → response token path → operations
	withPage := map[string]int{}                 // page input → operations
	linkPage := map[string]int{}                 // page input → operations that follow a Link header
	for _, o := range b.ops {
		d := o.inferred
		page := pageInput(o.ins)
		if page != nil {
			withPage[page.location().String()]++
		}
		if d == nil {
			continue
		}
		if d.reqToken != nil && d.reqToken.In != model.InURL && d.next == "" && len(d.respToken) == 1 {
			key := peerKey(d.reqToken)
			if tokenPaths[key] == nil {
				tokenPaths[key] = map[responseRef]int{}
			}
			tokenPaths[key][d.respToken[0]]++
		}
		if page != nil && len(d.respToken) == 1 && d.respToken[0] == linkHeaderRef {
			linkPage[page.location().String()]++
		}
	}
	for _, o := range b.ops {
		if o.halfToken != nil {
			if d := b.borrowToken(o, tokenPaths[peerKey(o.halfToken.location())]); d != nil {
				o.inferred = d
				continue
			}
		}
		if d := o.inferred; d != nil && d.page != nil {
			loc := d.page.String()
			if n := linkPage[loc]; n >= minPeers && 2*n >= withPage[loc] {
				d.reqToken, d.respToken, d.page, d.pageStart = &model.Location{In: model.InURL}, []responseRef{linkHeaderRef}, nil, 0
				d.confidence += linkHeaderConvention
				d.reason("%d of the %d operations that take %s declare a Link header; this one is read the same way", n, withPage[loc], loc)
			}
		}
	}
}

// peerKey names a token input across operations: where it travels and its
// folded name.
func peerKey(loc *model.Location) peer {
	return peer{loc.In, normName(loc.Wire())}
}

// A peer is a token input as operations share it.
type peer struct {
	in   model.In
	name string // folded
}

// borrowToken proposes that o, which takes a token its response does not
// declare, finds it where most of its peers do. A response with no room for
// it — closed to undeclared properties, without the object it sits in or a
// flag that says more pages follow — makes that less sure.
func (b *builder) borrowToken(o *operation, paths map[responseRef]int) *decision {
	var best responseRef
	n, total := 0, 0
	keys := slices.SortedFunc(maps.Keys(paths), func(a, b responseRef) int { return cmp.Compare(a.String(), b.String()) })
	for _, p := range keys {
		total += paths[p]
		if paths[p] > n {
			best, n = p, paths[p]
		}
	}
	if n < minPeers {
		return nil
	}
	resp := responseSchema(o.op)
	if resp == nil {
		return nil
	}
	fields := schemaFields(resp, fieldDepth)
	more := pickFlag(fields, isMoreName, parentPath(best.path))
	d := newInferred()
	d.reqToken, d.respToken, d.rawToken = o.halfToken.location(), []responseRef{best}, true
	d.confidence = borrowedTokenConfidence
	d.reason("%d of the %d other operations that take %s find the next %s in %s; this response does not declare it, so it is read from the raw body",
		n, total, o.halfToken.location(), tokenWord(o.halfToken.name()), best)
	if parent := parentPath(best.path); !isOpen(resp) && more.empty() && (parent == "" || !isType(schemaAt(resp, responsePath(resp, parent)), "object")) {
		// Specs close schemas their API does not keep to (Slack's
		// stars.list), so a response with no room for the token only
		// lowers confidence: enough to choose how an operation that pages
		// anyway (by page number) pages, not to say that it pages.
		d.confidence -= noRoomPenalty
		if o.inferred == nil {
			d.confidence -= noRoomAlonePenalty
		}
		d.reason("the response schema has no room for it: no undeclared properties, no %s object, no flag saying more pages follow", parent)
	}
	if !withItems(o, d, resp, fields, parentPath(best.path)) {
		return nil
	}
	complete(o, d, o.ins, fields)
	return d
}

// ambiguityMessage is the warning for an inferred decision that had to
// choose.
func ambiguityMessage(d *decision) string {
	return fmt.Sprintf("inferred with confidence %.2f, but %s; add x-pagination to confirm", d.confidence, d.ambiguous)
}
