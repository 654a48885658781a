package infer

import (
	"fmt"

	"github.com/pagegen/pagegen/generator/model"
)

// The keys of x-pagination, in one table: how each is read, taken from
// another decision (the root-level defaults, or inference filling what an
// annotation leaves out), and described. Adding a key is adding a row.

// An annotationField is one key of x-pagination.
type annotationField struct {
	key string
	// parse reads the key's value into d.
	parse func(d *decision, v any) error
	// take copies the field from another decision into d.
	take func(d, from *decision)
	// has reports whether d sets the field.
	has func(d *decision) bool
	// fill says when inference supplies the field an annotation leaves
	// out.
	fill fillRule
	// explain describes the field's value, for the reasons.
	explain func(d *decision) string
}

// fillRule says when inference fills a field.
type fillRule int

const (
	// fillNever: inference proposes no value (restart-on, key).
	fillNever fillRule = iota
	// fillPosition: how the next request is made (token, offset, page,
	// cursor-from) is taken only when the annotation says nothing of it.
	fillPosition
	// fillUnset: taken when the annotation leaves the field unset.
	fillUnset
	// fillWithMore: taken when unset and the more flag is inference's too
	// (more-means).
	fillWithMore
)

// annotationFields are the keys x-pagination accepts, in the order fill
// takes them.
var annotationFields = []annotationField{
	{
		key:   "token",
		parse: parseToken,
		take: func(d, from *decision) {
			d.reqToken, d.respToken, d.tokenSet, d.rawToken = from.reqToken, from.respToken, from.tokenSet, from.rawToken
		},
		has:  func(d *decision) bool { return d.reqToken != nil || len(d.respToken) > 0 },
		fill: fillPosition,
		explain: func(d *decision) string {
			return fmt.Sprintf("request %s, response %s", d.reqToken.String(), joinRefs(d.respToken, " | "))
		},
	},
	{
		key:     "offset",
		parse:   func(d *decision, v any) (err error) { d.offset, _, err = parsePosition("offset", v); return err },
		take:    func(d, from *decision) { d.offset = from.offset },
		has:     func(d *decision) bool { return d.offset != nil },
		fill:    fillPosition,
		explain: func(d *decision) string { return d.offset.String() },
	},
	{
		key:     "page",
		parse:   func(d *decision, v any) (err error) { d.page, d.pageStart, err = parsePosition("page", v); return err },
		take:    func(d, from *decision) { d.page, d.pageStart = from.page, from.pageStart },
		has:     func(d *decision) bool { return d.page != nil },
		fill:    fillPosition,
		explain: func(d *decision) string { return d.page.String() },
	},
	textField("cursor-from", fillPosition, func(d *decision) *string { return &d.cursorFrom }),
	{
		key: "items",
		parse: func(d *decision, v any) error {
			s, err := str(v, "items")
			d.items = &s
			return err
		},
		take: func(d, from *decision) { d.items = from.items },
		has:  func(d *decision) bool { return d.items != nil },
		fill: fillUnset,
		explain: func(d *decision) string {
			if d.items == nil {
				return ""
			}
			return *d.items
		},
	},
	{
		key: "limit",
		parse: func(d *decision, v any) error {
			s, err := str(v, "limit")
			d.limit = parseLocation(s)
			return err
		},
		take:    func(d, from *decision) { d.limit = from.limit },
		has:     func(d *decision) bool { return d.limit != nil },
		fill:    fillUnset,
		explain: func(d *decision) string { return d.limit.String() },
	},
	responseField("total", func(d *decision) *responseRef { return &d.total }),
	responseField("more", func(d *decision) *responseRef { return &d.more }),
	responseField("done", func(d *decision) *responseRef { return &d.done }),
	textField("next", fillUnset, func(d *decision) *string { return &d.next }),
	{
		key: "more-means",
		parse: func(d *decision, v any) error {
			s, err := str(v, "more-means")
			if err == nil && s != "now" && s != "later" {
				err = fmt.Errorf("more-means must be now or later, not %q", s)
			}
			d.moreMeans = s
			return err
		},
		take:    func(d, from *decision) { d.moreMeans = from.moreMeans },
		has:     func(d *decision) bool { return d.moreMeans != "" },
		fill:    fillWithMore,
		explain: func(d *decision) string { return d.moreMeans },
	},
	{
		key: "restart-on",
		parse: func(d *decision, v any) (err error) {
			d.restartOn, err = strList(v, "restart-on")
			return err
		},
		take:    func(d, from *decision) { d.restartOn = from.restartOn },
		has:     func(d *decision) bool { return len(d.restartOn) > 0 },
		explain: func(d *decision) string { return "" },
	},
	textField("key", fillNever, func(d *decision) *string { return &d.key }),
}

// textField is a key whose value is one string, kept as written.
func textField(key string, fill fillRule, at func(*decision) *string) annotationField {
	return annotationField{
		key: key,
		parse: func(d *decision, v any) error {
			s, err := str(v, key)
			if err == nil {
				*at(d) = s
			}
			return err
		},
		take:    func(d, from *decision) { *at(d) = *at(from) },
		has:     func(d *decision) bool { return *at(d) != "" },
		fill:    fill,
		explain: func(d *decision) string { return *at(d) },
	}
}

// responseField is a key whose value is a place in the response.
func responseField(key string, at func(*decision) *responseRef) annotationField {
	return annotationField{
		key: key,
		parse: func(d *decision, v any) error {
			s, err := str(v, key)
			if err == nil {
				*at(d) = parseResponseRef(s)
			}
			return err
		},
		take:    func(d, from *decision) { *at(d) = *at(from) },
		has:     func(d *decision) bool { return !at(d).empty() },
		fill:    fillUnset,
		explain: func(d *decision) string { return at(d).String() },
	}
}

// fieldOf returns the row of key, or nil for a key x-pagination
// does not accept.
func fieldOf(key string) *annotationField {
	for i := range annotationFields {
		if annotationFields[i].key == key {
			return &annotationFields[i]
		}
	}
	return nil
}

// parseToken reads token: {request, response}, or a list of them: a token
// set, several tokens that continue the walk together.
func parseToken(d *decision, v any) error {
	list, isSet := v.([]any)
	if !isSet {
		list = []any{v}
	}
	if len(list) == 0 {
		return fmt.Errorf("token: an empty token set")
	}
	parts := make([]tokenPart, len(list))
	for i, t := range list {
		part, err := parseTokenPart(t)
		if err != nil {
			return err
		}
		if isSet && (part.req == nil || part.req.In == model.InURL || len(part.resp) == 0) {
			return fmt.Errorf("token: each token of a set needs a request parameter and a response place")
		}
		parts[i] = part
	}
	d.setTokens(parts)
	return nil
}

// parseTokenPart reads one token: {request, response}.
func parseTokenPart(v any) (tokenPart, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return tokenPart{}, fmt.Errorf("token must be an object with request and response, or a list of them")
	}
	for k := range m {
		if k != "request" && k != "response" {
			return tokenPart{}, fmt.Errorf("token: unknown key %q (want request, response)", k)
		}
	}
	req, err := str(m["request"], "token.request")
	if err != nil {
		return tokenPart{}, err
	}
	resp, err := strList(m["response"], "token.response")
	part := tokenPart{req: parseLocation(req)}
	for _, r := range resp {
		part.resp = append(part.resp, parseResponseRef(r))
	}
	return part, err
}

// parsePosition reads offset: {request} or page: {request, start}; a
// page starts at 1 unless it says otherwise.
func parsePosition(key string, v any) (loc *model.Location, start int64, err error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, 0, fmt.Errorf("%s must be an object with request", key)
	}
	req, err := str(m["request"], key+".request")
	if err != nil {
		return nil, 0, err
	}
	if req == "" {
		return nil, 0, fmt.Errorf("%s.request is required", key)
	}
	if key == "offset" {
		return parseLocation(req), 0, nil
	}
	start = 1
	if s, ok := m["start"]; ok {
		n, ok := toInt(s)
		if !ok {
			return nil, 0, fmt.Errorf("page.start must be an integer")
		}
		start = n
	}
	return parseLocation(req), start, nil
}

// inherit fills what d leaves unset from the root-level defaults.
func (d *decision) inherit(root *decision) {
	if root == nil {
		return
	}
	for _, f := range annotationFields {
		if root.fields[f.key] && !d.fields[f.key] {
			d.fields[f.key] = true
			f.take(d, root)
		}
	}
}

// fill completes d with what inferred found for the fields d leaves unset.
func (d *decision) fill(inferred *decision) {
	if d.confidence == 0 {
		d.confidence = declaredConfidence
		d.reason("declared by %s", d.source)
	}
	if inferred == nil {
		return
	}
	fromInference := func(key, value string) { d.reason("%s inferred: %s", key, value) }
	take := func(f *annotationField) {
		f.take(d, inferred)
		fromInference(f.key, f.explain(inferred))
	}
	positioned := false
	for _, f := range annotationFields {
		positioned = positioned || (f.fill == fillPosition && f.has(d))
	}
	if !positioned {
		// How the next request is made comes whole from inference: the
		// first of token, offset and page it found, and cursor-from.
		for _, key := range []string{"token", "offset", "page"} {
			if f := fieldOf(key); f.has(inferred) {
				take(f)
				break
			}
		}
		if f := fieldOf("cursor-from"); f.has(inferred) {
			take(f)
		}
	}
	if d.reqToken == nil && len(d.respToken) > 0 && inferred.reqToken != nil && d.next == "" {
		d.reqToken = inferred.reqToken
		fromInference("token.request", inferred.reqToken.String())
	}
	if len(d.respToken) == 0 && d.cursorFrom == "" && sameInput(d.reqToken, inferred.reqToken) && len(inferred.respToken) > 0 {
		d.respToken, d.rawToken = inferred.respToken, inferred.rawToken
		fromInference("token.response", joinRefs(inferred.respToken, " | "))
	}
	for i := range annotationFields {
		if f := &annotationFields[i]; f.fills(d, inferred) {
			take(f)
		}
	}
}

// fills reports whether inference supplies the field to d on its own:
// d leaves it unset and did not state it, inference has it, and, for
// more-means, the more flag is the one inference found.
func (f *annotationField) fills(d, inferred *decision) bool {
	switch {
	case f.fill != fillUnset && f.fill != fillWithMore, f.has(d), d.fields[f.key], !f.has(inferred):
		return false
	}
	return f.fill != fillWithMore || d.more == inferred.more
}
