package infer

import (
	"fmt"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/pagegen/pagegen/generator/model"
)

// resolve checks a decision against the schemas of the originating
// operation o and its continuation nxt (o itself when it continues its own
// walk), and turns it into the model's Pagination. override is the
// continuation's own annotation, if any.
func (b *builder) resolve(o, nxt *operation, override *decision) (*model.Pagination, error) {
	r := &resolution{b: b, o: o, nxt: nxt, d: o.dec, p: settled(o)}
	if r.resp = responseSchema(o.op); r.resp == nil {
		return nil, r.fail("", "the operation has no JSON or XML success response to page through")
	}
	for _, stage := range []func() error{r.items, r.request, r.responseToken, r.limit, r.flags} {
		if err := stage(); err != nil {
			return nil, err
		}
	}
	if nxt != o {
		np, err := b.continuationPaths(o, nxt, r.p, override)
		if err != nil {
			return nil, err
		}
		r.p.NextPaths = np
	}
	return r.p, nil
}

// A resolution is one decision being checked against the schemas, stage
// by stage, into the Pagination p.
type resolution struct {
	b      *builder
	o, nxt *operation
	d      *decision
	resp   *openapi3.SchemaRef // o's success body
	p      *model.Pagination
}

// settled is the part of o's Pagination that its decision states outright,
// with nothing to check against the schemas.
func settled(o *operation) *model.Pagination {
	d := o.dec
	p := &model.Pagination{
		Source:     d.source,
		Confidence: d.confidence,
		Reasons:    d.reasons,
		MoreMeans:  model.MoreNow,
		RestartOn:  d.restartOn,
		Key:        d.key,
		CursorFrom: d.cursorFrom,
		Next:       d.next,
	}
	if d.next == o.m.ID {
		p.Next = ""
	}
	if d.moreMeans == "later" {
		p.MoreMeans = model.MoreLater
	}
	return p
}

// fail reports a contradiction at the annotation key that stated it, when
// the annotation did, else at the extension or the operation.
func (r *resolution) fail(key string, format string, args ...any) error {
	ptr := append([]string{}, r.o.ptr...)
	if ext := r.d.extension(); ext != "" {
		ptr = append(ptr, ext)
		if key != "" && r.d.fields[key] && r.d.stated() {
			ptr = append(ptr, key)
		}
	}
	return r.b.errorAt(ptr, r.o.m.ID, fmt.Errorf(format, args...))
}

// items checks that the items are an array of the response, and that the
// item properties key and cursor-from name are strings or integers.
func (r *resolution) items() error {
	d, p := r.d, r.p
	if d.items == nil {
		return r.fail("items", "cannot tell which array holds the items; add items to x-pagination")
	}
	items := responsePath(r.resp, *d.items)
	if s := schemaAt(r.resp, items); !isType(s, "array") {
		what := "the response body"
		if len(items) > 0 {
			what = "items " + *d.items
		}
		if s == nil {
			return r.fail("items", "%s is not in the response schema", what)
		}
		return r.fail("items", "%s is not an array", what)
	}
	p.Items = model.Path{Props: items, Declared: true}
	itemType, err := typeAt(r.o.m.Result.Type, items)
	if err != nil || itemType.Kind != model.KindSlice {
		return r.fail("items", "items %s: %v", *d.items, err)
	}
	p.ItemType = itemType.Elem
	itemSchema := deref(schemaAt(r.resp, items).Value.Items)
	if p.Key == "" {
		if name, reason := inferKey(itemSchema); name != "" {
			p.Key, p.KeySource = name, "inferred"
			p.Reasons = append(slices.Clone(p.Reasons), reason)
		}
	} else {
		p.KeySource = d.source
	}
	for _, f := range []struct{ key, name string }{{"key", d.key}, {"cursor-from", d.cursorFrom}} {
		if f.name == "" {
			continue
		}
		if itemSchema == nil || itemSchema.Value == nil || !isType(property(itemSchema.Value, f.name, 0), "string", "integer") {
			return r.fail(f.key, "%s %s is not a string or integer property of the items", f.key, f.name)
		}
	}
	return nil
}

// request settles the style and where the next request carries the
// position: an offset, a page number, a token (a cursor when named or fed
// like one) or the next page's URL.
func (r *resolution) request() error {
	d, p := r.d, r.p
	switch {
	case d.offset != nil:
		p.Style = model.StyleOffset
		loc, err := r.b.requestLocation(r.o, d.offset)
		if err != nil {
			return r.fail("offset", "offset: %v", err)
		}
		p.Position = loc
	case d.page != nil:
		p.Style = model.StylePage
		loc, err := r.b.requestLocation(r.o, d.page)
		if err != nil {
			return r.fail("page", "page: %v", err)
		}
		p.Position, p.Start = loc, d.pageStart
	case d.reqToken != nil && d.reqToken.In == model.InURL:
		p.Style = model.StyleNextLink
		p.Position = &model.Location{In: model.InURL}
	case d.reqToken != nil:
		p.Style = model.StyleToken
		loc, err := r.b.requestLocation(r.nxt, d.reqToken)
		if err != nil {
			return r.fail("token", "token.request: %v", err)
		}
		p.Position = loc
		if len(d.tokenSet) > 0 {
			return r.tokenSet()
		}
		if isCursorName(loc.Name) || (len(loc.Path) > 0 && isCursorName(loc.Path[len(loc.Path)-1])) || d.cursorFrom != "" {
			p.Style = model.StyleCursor
		}
	case d.cursorFrom != "":
		return r.fail("token", "cursor-from needs token.request: the parameter that takes the cursor")
	default:
		return r.fail("token", "no token, offset or page: say how the next request is made")
	}
	return nil
}

// tokenSet checks every token of a token set: each a parameter of the
// operation, which continues itself, and each in the response.
func (r *resolution) tokenSet() error {
	if r.nxt != r.o {
		return r.fail("token", "a token set continues the operation itself, not %s", r.nxt.m.ID)
	}
	for _, part := range r.d.tokenSet {
		loc, err := r.b.requestLocation(r.o, part.req)
		if err != nil {
			return r.fail("token", "token.request: %v", err)
		}
		if loc.In == model.InBody {
			return r.fail("token", "token.request: a token set is sent as parameters, not in the body (%s)", loc)
		}
		paths, err := tokenPaths(r.resp, part.resp, r.d.rawToken)
		if err != nil {
			return r.fail("token", "token.response: %v", err)
		}
		r.p.TokenSet = append(r.p.TokenSet, model.TokenPart{Request: loc, Response: paths})
	}
	return nil
}

// responseToken finds where the response carries the next token or link;
// a Link header makes the style link-header.
func (r *resolution) responseToken() error {
	d, p := r.d, r.p
	switch p.Style {
	case model.StyleToken, model.StyleCursor, model.StyleNextLink:
	default:
		return nil
	}
	if len(d.respToken) == 0 && d.cursorFrom != "" {
		// With cursor-from, the last item is the token unless the
		// response names one too.
		return nil
	}
	if len(d.respToken) == 0 {
		return r.fail("token", "token.response is missing: say where the response carries the next token")
	}
	paths, err := tokenPaths(r.resp, d.respToken, d.rawToken)
	if err != nil {
		return r.fail("token", "token.response: %v", err)
	}
	p.ResponseToken = paths
	for _, tp := range paths {
		if tp.Header == "Link" {
			p.Style = model.StyleLinkHeader
		}
	}
	return nil
}

// limit finds the page size input and its bounds.
func (r *resolution) limit() error {
	if r.d.limit == nil {
		return nil
	}
	loc, err := r.b.requestLocation(r.o, r.d.limit)
	if err != nil {
		return r.fail("limit", "limit: %v", err)
	}
	r.p.Limit = loc
	r.p.LimitMin, r.p.LimitMax = r.b.bounds(r.o, loc)
	return nil
}

// flags finds the more and done flags and the total in the response.
func (r *resolution) flags() error {
	d, p := r.d, r.p
	for _, f := range []struct {
		key   string
		value responseRef
		dst   **model.Path
		types []string
	}{
		{"more", d.more, &p.More, []string{"boolean"}},
		{"done", d.done, &p.Done, []string{"boolean"}},
		{"total", d.total, &p.Total, []string{"integer", "number"}},
	} {
		if f.value.empty() {
			continue
		}
		path, err := flagPath(r.resp, f.value, f.types)
		if err != nil {
			return r.fail(f.key, "%s: %v", f.key, err)
		}
		*f.dst = path
	}
	return nil
}
