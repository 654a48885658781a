package infer

import (
	"strings"

	"github.com/pagegen/pagegen/generator/model"
)

// What a proposal adds once an operation is found to page: the page size,
// the flags that end the walk and the total.

// complete adds to a proposal what does not decide whether an operation
// pages but how well: the page size input, the flags that end the walk, the
// total, and what the method says.
func complete(o *operation, d *decision, ins []input, fields []field) {
	if o.m.Method == "PUT" || o.m.Method == "PATCH" {
		d.confidence -= changesNotLists
		d.reason("%s usually changes something rather than lists it", o.m.Method)
	}
	if d.limit = pickLimit(ins, d); d.limit != nil {
		d.confidence += pageSizeBonus
		d.reason("page size input %s", d.limit)
	}
	near := ""
	if len(d.respToken) > 0 {
		near = parentPath(d.respToken[0].path)
	}
	if d.more.empty() && d.done.empty() {
		if d.more = pickFlag(fields, isMoreName, near); !d.more.empty() {
			d.reason("%s is true while more pages follow", d.more)
		} else if d.done = pickFlag(fields, isDoneName, near); !d.done.empty() {
			d.reason("%s is true on the last page", d.done)
		}
	}
	if strings.HasSuffix(normName(d.more.String()), "available") {
		// "More results available" is about now: false means nothing more
		// yet, and a later walk resumes from the last token (MWS).
		d.moreMeans = "later"
		d.reason("%s says whether more is available yet: a walk that ends on false can resume later", d.more)
	}
	if d.offset != nil {
		if d.total = pickTotal(fields, near); !d.total.empty() {
			d.reason("%s counts the items of the whole walk", d.total)
		}
	}
}

// pickLimit returns the location of the page size input, or nil.
func pickLimit(ins []input, d *decision) *model.Location {
	var best *model.Location
	bestScore := 0
	for _, in := range ins {
		if in.in == "path" || !(isInteger(in.schema) || (isString(in.schema) && d.page != nil)) {
			continue
		}
		if s := limitScore(in.name(), d); s > bestScore {
			best, bestScore = in.location(), s
		}
	}
	return best
}

// pickFlag returns the boolean property whose name passes is, nearest the
// token first.
func pickFlag(fields []field, is func(string) bool, near string) responseRef {
	return pickNearest(fields, near, func(f field) bool {
		return isType(f.schema, "boolean") && is(normName(f.name()))
	})
}

// pickTotal returns the integer total of the whole walk.
func pickTotal(fields []field, near string) responseRef {
	return pickNearest(fields, near, func(f field) bool {
		return isInteger(f.schema) && strings.HasPrefix(normName(f.name()), "total")
	})
}

// pickNearest returns the first field that matches, preferring one beside
// near (the object that holds the token).
func pickNearest(fields []field, near string, match func(field) bool) responseRef {
	var first responseRef
	for _, f := range fields {
		if !match(f) {
			continue
		}
		if f.parent() == near {
			return f.ref()
		}
		if first.empty() {
			first = f.ref()
		}
	}
	return first
}
