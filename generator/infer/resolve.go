package infer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/pagegen/pagegen/generator/model"
)

// resolve checks a decision against the schemas of the originating
// operation o and its continuation nxt (o itself when it continues its own
// walk), and turns it into the model's Pagination. override is the
// continuation's own annotation, if any.
func (b *builder) resolve(o, nxt *operation, override *decision) (*model.Pagination, error) {
	d := o.dec
	fail := func(key string, format string, args ...any) error {
		ptr := append([]string{}, o.ptr...)
		if ext := d.extension(); ext != "" {
			ptr = append(ptr, ext)
			if key != "" && d.fields[key] && d.stated() {
				ptr = append(ptr, key)
			}
		}
		return b.errorAt(ptr, o.m.ID, fmt.Errorf(format, args...))
	}
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
	resp := responseSchema(o.op)
	if resp == nil {
		return nil, fail("", "the operation has no JSON or XML success response to page through")
	}

	// Items.
	if d.items == nil {
		return nil, fail("items", "cannot tell which array holds the items; add items to x-pagination")
	}
	items := responsePath(resp, *d.items)
	if s := schemaAt(resp, items); !isType(s, "array") {
		what := "the response body"
		if len(items) > 0 {
			what = "items " + *d.items
		}
		if s == nil {
			return nil, fail("items", "%s is not in the response schema", what)
		}
		return nil, fail("items", "%s is not an array", what)
	}
	p.Items = model.Path{Props: items, Declared: true}
	itemType, err := typeAt(o.m.Result.Type, items)
	if err != nil || itemType.Kind != model.KindSlice {
		return nil, fail("items", "items %s: %v", *d.items, err)
	}
	p.ItemType = itemType.Elem
	itemSchema := deref(schemaAt(resp, items).Value.Items)
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
			return nil, fail(f.key, "%s %s is not a string or integer property of the items", f.key, f.name)
		}
	}

	// Style and the request side.
	switch {
	case d.offset != "":
		p.Style = model.StyleOffset
		loc, err := b.requestLocation(o, d.offset, true)
		if err != nil {
			return nil, fail("offset", "offset: %v", err)
		}
		p.Offset = loc
	case d.page != "":
		p.Style = model.StylePage
		loc, err := b.requestLocation(o, d.page, true)
		if err != nil {
			return nil, fail("page", "page: %v", err)
		}
		p.Page, p.PageStart = loc, d.pageStart
	default:
		p.Style = model.StyleToken
		if strings.EqualFold(d.reqToken, "url") {
			p.Style = model.StyleNextLink
			p.RequestToken = &model.Location{In: model.InURL}
		} else if d.reqToken != "" || d.cursorFrom != "" {
			name := d.reqToken
			if name == "" {
				return nil, fail("token", "cursor-from needs token.request: the parameter that takes the cursor")
			}
			loc, err := b.requestLocation(nxt, name, true)
			if err != nil {
				return nil, fail("token", "token.request: %v", err)
			}
			p.RequestToken = loc
			if isCursorName(loc.Name) || (len(loc.Path) > 0 && isCursorName(loc.Path[len(loc.Path)-1])) || d.cursorFrom != "" {
				p.Style = model.StyleCursor
			}
		} else {
			return nil, fail("token", "no token, offset or page: say how the next request is made")
		}
	}

	// The response side.
	if (p.Style == model.StyleToken || p.Style == model.StyleCursor || p.Style == model.StyleNextLink) && (len(d.respToken) > 0 || d.cursorFrom == "") {
		// With cursor-from, the last item is the token unless the response
		// names one too.
		if len(d.respToken) == 0 {
			return nil, fail("token", "token.response is missing: say where the response carries the next token")
		}
		paths, err := tokenPaths(resp, d.respToken, d.rawToken)
		if err != nil {
			return nil, fail("token", "token.response: %v", err)
		}
		p.ResponseToken = paths
		for _, tp := range paths {
			if tp.Header == "Link" {
				p.Style = model.StyleLinkHeader
			}
		}
	}
	if p.Limit, err = b.optionalLocation(o, d.limit); err != nil {
		return nil, fail("limit", "limit: %v", err)
	}
	if p.Limit != nil {
		p.LimitMin, p.LimitMax = b.bounds(o, p.Limit)
	}
	for _, f := range []struct {
		key   string
		value string
		dst   **model.Path
		types []string
	}{
		{"more", d.more, &p.More, []string{"boolean"}},
		{"done", d.done, &p.Done, []string{"boolean"}},
		{"total", d.total, &p.Total, []string{"integer", "number"}},
	} {
		if f.value == "" {
			continue
		}
		path, err := flagPath(resp, f.value, f.types)
		if err != nil {
			return nil, fail(f.key, "%s: %v", f.key, err)
		}
		*f.dst = path
	}

	if nxt != o {
		np, err := b.continuationPaths(o, nxt, p, override)
		if err != nil {
			return nil, err
		}
		p.NextPaths = np
	}
	return p, nil
}

func isCursorName(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "cursor") || n == "after" || n == "starting_after" || n == "before"
}

// requestLocation finds where op's request carries the named value: a
// parameter of that name (explicitly "query:x", "header:x", "path:x",
// "form:x"), else a body path ("body:a.b" or a bare dotted path).
func (b *builder) requestLocation(o *operation, spec string, required bool) (*model.Location, error) {
	in, name, explicit := strings.Cut(spec, ":")
	if !explicit {
		in, name = "", spec
	}
	in = strings.ToLower(in)
	if in != "body" {
		for _, p := range o.m.Params {
			if p.Name == name && (in == "" || string(p.In) == in) {
				return &model.Location{In: p.In, Name: p.Name}, nil
			}
		}
		for _, c := range o.m.Consts {
			if c.Name == name && (in == "" || string(c.In) == in) {
				return nil, fmt.Errorf("%s of %s is a constant, not an input", name, o.m.ID)
			}
		}
		if in != "" {
			return nil, fmt.Errorf("%s has no %s parameter %s", o.m.ID, in, name)
		}
	}
	if o.m.Body != nil {
		props := splitPath(name)
		if t, err := typeAt(o.m.Body.Type, props); err == nil && t.IsScalar() {
			return &model.Location{In: model.InBody, Path: props}, nil
		}
	}
	return nil, fmt.Errorf("%s is neither a parameter nor a JSON body property of %s", name, o.m.ID)
}

func (b *builder) optionalLocation(o *operation, spec string) (*model.Location, error) {
	if spec == "" {
		return nil, nil
	}
	return b.requestLocation(o, spec, true)
}

// bounds returns the schema minimum and maximum of a limit input.
func (b *builder) bounds(o *operation, loc *model.Location) (lo, hi *int64) {
	if loc.In != model.InBody {
		for _, p := range o.m.Params {
			if p.Name == loc.Name && p.In == loc.In {
				return p.Min, p.Max
			}
		}
		return nil, nil
	}
	if rb := o.op.RequestBody; rb != nil && rb.Value != nil {
		if _, mt, _ := pickContent(rb.Value.Content); mt != nil {
			if s := schemaAt(mt.Schema, loc.Path); s != nil && s.Value != nil {
				return intBound(s.Value.Min), intBound(s.Value.Max)
			}
		}
	}
	return nil, nil
}

// tokenPaths resolves the response token aliases: at least one must be in
// the schema, unless raw allows none to be; the others are read from the
// raw body.
func tokenPaths(resp *openapi3.SchemaRef, aliases []string, raw bool) ([]model.Path, error) {
	var out []model.Path
	declared := false
	for _, a := range aliases {
		if h, ok := strings.CutPrefix(a, "header:"); ok {
			out = append(out, model.Path{Header: h, Declared: true})
			declared = true
			continue
		}
		a = strings.TrimPrefix(a, "body:")
		props := responsePath(resp, a)
		s := schemaAt(resp, props)
		if s != nil && !isType(s, "string", "integer", "number") {
			return nil, fmt.Errorf("%s is not a string", a)
		}
		out = append(out, model.Path{Props: props, Declared: s != nil})
		declared = declared || s != nil
	}
	if !declared && !raw {
		return nil, fmt.Errorf("none of %s is in the response schema", strings.Join(aliases, ", "))
	}
	return out, nil
}

// flagPath resolves a response path that must have one of the types.
func flagPath(resp *openapi3.SchemaRef, spec string, types []string) (*model.Path, error) {
	spec = strings.TrimPrefix(spec, "body:")
	if h, ok := strings.CutPrefix(spec, "header:"); ok {
		return &model.Path{Header: h, Declared: true}, nil
	}
	props := responsePath(resp, spec)
	s := schemaAt(resp, props)
	if s == nil {
		return nil, fmt.Errorf("%s is not in the response schema", spec)
	}
	if !isType(s, types...) {
		return nil, fmt.Errorf("%s is not %s", spec, strings.Join(types, " or "))
	}
	return &model.Path{Props: props, Declared: true}, nil
}

// continuationPaths finds the token, items and flags in the continuation's
// response: its own annotation first, else the same path, else the same
// path under the renamed wrapper (ListOrdersResult → ListOrdersByNextTokenResult).
func (b *builder) continuationPaths(o, nxt *operation, p *model.Pagination, override *decision) (*model.ResponsePaths, error) {
	resp := responseSchema(nxt.op)
	fail := func(format string, args ...any) error {
		return b.errorAt(append(append([]string{}, nxt.ptr...), "x-pagination"), nxt.m.ID, fmt.Errorf(format, args...))
	}
	if resp == nil {
		return nil, fail("continuation of %s has no JSON or XML success response", o.m.ID)
	}
	counterpart := func(path model.Path) (model.Path, bool) {
		if path.Header != "" {
			return path, true
		}
		for _, cand := range candidatePaths(path.Props, o.m.ID, nxt.m.ID, resp) {
			if schemaAt(resp, cand) != nil {
				return model.Path{Props: cand, Declared: true}, true
			}
		}
		return model.Path{Props: path.Props}, false
	}
	np := &model.ResponsePaths{}
	if override != nil && len(override.respToken) > 0 {
		paths, err := tokenPaths(resp, override.respToken, false)
		if err != nil {
			return nil, fail("token.response: %v", err)
		}
		np.Token = paths
	} else {
		declared := false
		for _, tp := range p.ResponseToken {
			cp, ok := counterpart(tp)
			np.Token = append(np.Token, cp)
			declared = declared || ok
		}
		if !declared && len(p.ResponseToken) > 0 {
			return nil, fail("cannot find the token of %s (%s) in this response; add token.response to its x-pagination", o.m.ID, p.ResponseToken[0])
		}
	}
	if override != nil && override.items != nil {
		props := responsePath(resp, *override.items)
		if !isType(schemaAt(resp, props), "array") {
			return nil, fail("items %s is not an array", *override.items)
		}
		np.Items = model.Path{Props: props, Declared: true}
	} else {
		cp, ok := counterpart(p.Items)
		if !ok || !isType(schemaAt(resp, cp.Props), "array") {
			return nil, fail("cannot find the items of %s (%s) in this response; add items to its x-pagination", o.m.ID, p.Items)
		}
		np.Items = cp
	}
	if t, err := typeAt(nxt.m.Result.Type, np.Items.Props); err != nil || t.Kind != model.KindSlice || !t.Elem.Same(p.ItemType) {
		return nil, fail("its items (%s) are not of the same type as those of %s", np.Items, o.m.ID)
	}
	for _, f := range []struct {
		src *model.Path
		ov  string
		dst **model.Path
	}{{p.More, overrideMore(override), &np.More}, {p.Done, "", &np.Done}} {
		switch {
		case f.ov != "":
			path, err := flagPath(resp, f.ov, []string{"boolean"})
			if err != nil {
				return nil, fail("more: %v", err)
			}
			*f.dst = path
		case f.src != nil:
			cp, ok := counterpart(*f.src)
			if !ok {
				return nil, fail("cannot find %s of %s in this response; add it to its x-pagination", f.src, o.m.ID)
			}
			*f.dst = &cp
		}
	}
	return np, nil
}

func overrideMore(d *decision) string {
	if d == nil {
		return ""
	}
	return d.more
}

// candidatePaths lists where a path of the originating response may sit
// in the continuation's: the same path, then with the operation name
// replaced in each segment, then under any other top-level wrapper.
func candidatePaths(props []string, fromID, toID string, resp *openapi3.SchemaRef) [][]string {
	out := [][]string{props}
	if len(props) == 0 {
		return out
	}
	renamed := make([]string, len(props))
	changed := false
	for i, s := range props {
		renamed[i] = strings.Replace(s, fromID, toID, 1)
		changed = changed || renamed[i] != s
	}
	if changed {
		out = append(out, renamed)
	}
	if len(props) >= 2 {
		if r := deref(resp); r != nil && r.Value != nil {
			props0, _ := flatten(r.Value)
			for _, pr := range props0 {
				if name := pr.name; name != props[0] {
					out = append(out, append([]string{name}, props[1:]...))
				}
			}
		}
	}
	return out
}

// typeAt follows property names through model types.
func typeAt(t *model.TypeRef, props []string) (*model.TypeRef, error) {
	for _, name := range props {
		if t == nil || t.Kind != model.KindNamed || !t.Named.IsStruct() {
			return nil, fmt.Errorf("%s: not an object", name)
		}
		f := t.Named.Field(name)
		if f == nil {
			return nil, fmt.Errorf("no property %s", name)
		}
		t = f.Type
	}
	if t == nil {
		return nil, fmt.Errorf("no type")
	}
	return t, nil
}
