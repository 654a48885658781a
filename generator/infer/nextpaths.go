package infer

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/pagegen/pagegen/generator/model"
)

// Where a continuation operation's response keeps the token, the items and
// the flags of the operation it continues.

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
		ov  responseRef
		dst **model.Path
	}{{p.More, overrideMore(override), &np.More}, {p.Done, responseRef{}, &np.Done}} {
		switch {
		case !f.ov.empty():
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

func overrideMore(d *decision) responseRef {
	if d == nil {
		return responseRef{}
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
