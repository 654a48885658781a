package infer

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pagegen/pagegen/generator/model"
)

// decision is how one operation pages, as an annotation states it or
// inference proposes it, before its locations are checked against the
// schemas. Request locations and response places are parsed once, when the
// annotation or extension is read (parseLocation, parseResponseRef); the
// items are kept as written.
type decision struct {
	source string

	// reqToken, offset, page and limit are request locations; nil when
	// unset, In "" for a bare name looked for wherever it travels.
	reqToken  *model.Location
	respToken []responseRef // aliases, first non-empty wins
	// tokenSet, when several tokens continue the walk together, lists
	// them; reqToken and respToken are then its first part.
	tokenSet   []tokenPart
	offset     *model.Location
	page       *model.Location
	pageStart  int64
	items      *string // nil: unknown; "": the body itself
	limit      *model.Location
	total      responseRef
	more       responseRef
	done       responseRef
	moreMeans  string
	next       string
	restartOn  []string
	key        string
	cursorFrom string // item property whose last value is the next cursor
	// rawToken allows response token paths the schema does not declare
	// at all (a convention of the spec's other operations): they are read
	// from the raw body.
	rawToken bool
	// ambiguous says what inference had to choose between, for a
	// diagnostic.
	ambiguous  string
	confidence float64
	reasons    []string
	// fields says which fields the annotation itself stated, so explain can
	// tell them from inferred ones and errors can point at them.
	fields map[string]bool
}

// stated reports whether the decision was written for pagegen (x-pagination,
// in the spec or from an overlay), whose contradictions are errors; other
// generators' extensions and inference only warn.
func (d *decision) stated() bool { return d.source == "x-pagination" || d.source == "overlay" }

// extension names the spec extension the decision comes from, "" when
// inferred.
func (d *decision) extension() string {
	switch d.source {
	case "inferred":
		return ""
	case "overlay":
		return "x-pagination"
	}
	return d.source
}

// newDecision is an empty decision made by source.
func newDecision(source string) *decision {
	return &decision{source: source, fields: map[string]bool{}}
}

// declaredBy is the decision of an extension that states how an operation
// pages, which its author knows.
func declaredBy(source string) *decision {
	d := newDecision(source)
	d.confidence = declaredConfidence
	d.reason("declared by %s", source)
	return d
}

func (d *decision) reason(format string, args ...any) {
	d.reasons = append(d.reasons, fmt.Sprintf(format, args...))
}

// tokenPart is one token of a token set.
type tokenPart struct {
	req  *model.Location
	resp []responseRef
}

// setTokens makes parts the decision's tokens: one token, or a token set
// whose first part also stands as reqToken and respToken.
func (d *decision) setTokens(parts []tokenPart) {
	d.reqToken, d.respToken, d.tokenSet = parts[0].req, parts[0].resp, nil
	if len(parts) > 1 {
		d.tokenSet = parts
	}
}

// fieldError is a problem with one key of an annotation.
type fieldError struct {
	key string // annotation key, "" for the annotation itself
	msg string
}

func (e *fieldError) Error() string { return e.msg }

// parseAnnotation reads an x-pagination value. It returns nil, nil for
// `false` (paging turned off explicitly: see off) and for an absent value.
func parseAnnotation(v any) (d *decision, off bool, err error) {
	switch v := v.(type) {
	case nil:
		return nil, false, nil
	case bool:
		if !v {
			return nil, true, nil
		}
		return newDecision("x-pagination"), false, nil
	case map[string]any:
		d = newDecision("x-pagination")
		keys := slices.Sorted(maps.Keys(v))
		for _, k := range keys {
			f := fieldOf(k)
			if f == nil {
				return nil, false, &fieldError{key: k, msg: fmt.Sprintf("unknown x-pagination key %q", k)}
			}
			if err := f.parse(d, v[k]); err != nil {
				return nil, false, &fieldError{key: k, msg: err.Error()}
			}
			d.fields[k] = true
		}
		return d, false, nil
	}
	return nil, false, &fieldError{msg: fmt.Sprintf("x-pagination must be an object or false, not %T", v)}
}

// parseLocation reads a request location as x-pagination writes it: "url"
// (the next link is fetched as it is), "in:name" for a parameter (query,
// header, path, form), "body:a.b" for a body property, or a bare name,
// looked for among the parameters and then in the body. "" is nil.
func parseLocation(s string) *model.Location {
	if s == "" {
		return nil
	}
	if strings.EqualFold(s, "url") {
		return &model.Location{In: model.InURL}
	}
	in, name, ok := strings.Cut(s, ":")
	switch in = strings.ToLower(in); {
	case !ok:
		return &model.Location{Name: s}
	case in == string(model.InBody):
		return &model.Location{In: model.InBody, Path: splitPath(name)}
	}
	return &model.Location{In: model.In(in), Name: name}
}

// A responseRef is a place in the response as a decision names it: a
// header, or a dotted path into the body, which the schema splits into
// property names (a name may have dots of its own: odata.nextLink).
type responseRef struct {
	header string
	path   string
}

// linkHeaderRef is the RFC 8288 Link header, whose rel="next" is the next
// page.
var linkHeaderRef = responseRef{header: "Link"}

// parseResponseRef reads a response place as x-pagination writes it:
// "header:Name", "body:a.b" or "a.b".
func parseResponseRef(s string) responseRef {
	if h, ok := strings.CutPrefix(s, "header:"); ok {
		return responseRef{header: h}
	}
	return responseRef{path: strings.TrimPrefix(s, "body:")}
}

// empty reports whether the place is unset.
func (r responseRef) empty() bool { return r == responseRef{} }

// String writes the place as x-pagination does.
func (r responseRef) String() string {
	if r.header != "" {
		return "header:" + r.header
	}
	return r.path
}

// joinRefs writes response places as a list of aliases.
func joinRefs(refs []responseRef, sep string) string {
	s := make([]string, len(refs))
	for i, r := range refs {
		s[i] = r.String()
	}
	return strings.Join(s, sep)
}

func str(v any, what string) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return strings.TrimSpace(v), nil
	}
	return "", fmt.Errorf("%s must be a string, not %T", what, v)
}

func strList(v any, what string) ([]string, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case string:
		return []string{strings.TrimSpace(v)}, nil
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("%s must list strings, not %T", what, e)
			}
			out = append(out, strings.TrimSpace(s))
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s must be a string or a list of strings, not %T", what, v)
}

func toInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case uint64:
		return int64(n), true
	case float64:
		if n == float64(int64(n)) {
			return int64(n), true
		}
	}
	return 0, false
}

// rootDefaults is the decision the root-level x-pagination makes for o,
// which has none of its own: root-level defaults make every operation they
// fit paginated, one whose request takes the token and whose response
// carries it. It is nil when they do not fit.
func (b *builder) rootDefaults(o *operation, root *decision) *decision {
	d := newDecision(root.source)
	d.inherit(root)
	if !b.fits(o, d) {
		return nil
	}
	return d
}

// fits reports whether root-level defaults describe o: its request takes
// the token and its response carries it.
func (b *builder) fits(o *operation, d *decision) bool {
	resp := responseSchema(o.op)
	if resp == nil {
		return false
	}
	name := bareName(d.reqToken)
	found := false
	for _, pr := range o.params {
		if pr.Value != nil && pr.Value.Name == name {
			found = true
		}
	}
	if !found {
		return false
	}
	for _, t := range d.respToken {
		if t.header == "" && schemaAt(resp, responsePath(resp, t.path)) != nil {
			return true
		}
	}
	return false
}

// sameInput reports whether two request locations name the same input;
// a bare name ("NextToken") matches it wherever it travels.
func sameInput(a, b *model.Location) bool {
	where := func(l *model.Location) model.In {
		if l == nil || l.In == model.InURL {
			return ""
		}
		return l.In
	}
	ain, bin := where(a), where(b)
	return bareName(a) == bareName(b) && (ain == "" || bin == "" || ain == bin)
}

// bareName is the name of a request location without where it travels:
// a parameter's name, a body property's dotted path, "url" for the next
// link.
func bareName(l *model.Location) string {
	switch {
	case l == nil:
		return ""
	case l.In == model.InURL:
		return "url"
	}
	return l.Wire()
}
