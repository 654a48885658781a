package load

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	yaml "github.com/oasdiff/yaml3"
	"github.com/pagegen/pagegen/generator/model"
)

// An overlay is an OpenAPI Overlay 1.0 document: actions whose JSONPath
// targets are updated (merged) or removed, in order.
type overlay struct {
	Overlay string `yaml:"overlay"`
	Actions []struct {
		Target string `yaml:"target"`
		Update any    `yaml:"update"`
		Remove bool   `yaml:"remove"`
	} `yaml:"actions"`
}

// applyOverlayFile applies the overlay at path to doc.
func applyOverlayFile(path string, doc *any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	data = stripBOM(data)
	src := &Source{File: path, data: data}
	var ov overlay
	if err := yaml.Unmarshal(data, &ov); err != nil {
		return src.syntaxError(err)
	}
	if !strings.HasPrefix(ov.Overlay, "1.") {
		return &model.Error{Pos: src.Pos("overlay"), Err: fmt.Errorf("not an Overlay 1.x document (overlay: %q)", ov.Overlay)}
	}
	for i, a := range ov.Actions {
		sel, err := parseJSONPath(a.Target)
		if err != nil {
			return &model.Error{Pos: src.Pos("actions", strconv.Itoa(i), "target"), Err: err}
		}
		matches := sel.find(doc)
		if len(matches) == 0 {
			return &model.Error{Pos: src.Pos("actions", strconv.Itoa(i), "target"), Err: fmt.Errorf("target %s matches nothing in the spec", a.Target)}
		}
		for _, m := range matches {
			switch {
			case a.Remove:
				m.remove()
			case a.Update != nil:
				m.set(merge(m.get(), normalize(a.Update)))
			}
		}
		if a.Remove {
			*doc = compact(*doc)
		}
	}
	return nil
}

// compact drops the array elements remove marked.
func compact(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = compact(e)
		}
	case []any:
		out := v[:0]
		for _, e := range v {
			if _, gone := e.(removed); !gone {
				out = append(out, compact(e))
			}
		}
		return out
	}
	return v
}

// merge merges src into dst as Overlay 1.0 says: objects recursively; an
// update of an array is appended to it (an array's elements one by one);
// anything else is replaced. What src adds is copied, so that the targets
// of one action never share a value a later action could change.
func merge(dst, src any) any {
	if d, ok := dst.([]any); ok {
		if s, ok := src.([]any); ok {
			return append(d, clone(s).([]any)...)
		}
		return append(d, clone(src))
	}
	s, ok := src.(map[string]any)
	d, isMap := dst.(map[string]any)
	if !ok || !isMap {
		return clone(src)
	}
	for _, k := range slices.Sorted(maps.Keys(s)) {
		d[k] = merge(d[k], s[k])
	}
	return d
}

// clone copies a decoded value deeply.
func clone(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = clone(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = clone(e)
		}
		return out
	}
	return v
}

// node is a place in a decoded document that can be read, replaced or removed.
type node struct {
	parent any // map[string]any or []any; nil for the root
	key    string
	index  int
	root   *any
}

func (n node) get() any {
	switch p := n.parent.(type) {
	case map[string]any:
		return p[n.key]
	case []any:
		return p[n.index]
	}
	return *n.root
}

func (n node) set(v any) {
	switch p := n.parent.(type) {
	case map[string]any:
		p[n.key] = v
	case []any:
		p[n.index] = v
	default:
		*n.root = v
	}
}

// remove deletes a map entry; an array element is replaced by a marker,
// which keeps the indices of the action's other matches valid until
// compact drops the markers.
func (n node) remove() {
	switch p := n.parent.(type) {
	case map[string]any:
		delete(p, n.key)
	case []any:
		p[n.index] = removed{}
	}
}

type removed struct{}

// jsonPath is the subset of RFC 9535 that overlays use in practice:
// $, .name, ['name'], [n], [*], .*, ..name and filters [?(@.a.b == 'v')]
// with == and !=.
type jsonPath []segment

type segment struct {
	descend bool   // ".." before the selector
	name    string // member name; "*" for all
	index   *int
	filter  *filter
}

type filter struct {
	path  []string
	op    string
	value string
	isStr bool
}

func parseJSONPath(s string) (jsonPath, error) {
	if !strings.HasPrefix(s, "$") {
		return nil, fmt.Errorf("target %q: a JSONPath starts with $", s)
	}
	var p jsonPath
	rest := s[1:]
	for rest != "" {
		var seg segment
		switch {
		case strings.HasPrefix(rest, ".."):
			seg.descend = true
			rest = rest[2:]
			if strings.HasPrefix(rest, "[") {
				break
			}
			name, r := cutName(rest)
			seg.name, rest = name, r
			p = append(p, seg)
			continue
		case strings.HasPrefix(rest, "."):
			name, r := cutName(rest[1:])
			if name == "" {
				return nil, fmt.Errorf("target %q: empty name", s)
			}
			seg.name, rest = name, r
			p = append(p, seg)
			continue
		}
		if !strings.HasPrefix(rest, "[") {
			return nil, fmt.Errorf("target %q: unexpected %q", s, rest)
		}
		end := closingBracket(rest)
		if end < 0 {
			return nil, fmt.Errorf("target %q: unclosed [", s)
		}
		inner := strings.TrimSpace(rest[1:end])
		rest = rest[end+1:]
		switch {
		case inner == "*":
			seg.name = "*"
		case strings.HasPrefix(inner, "?"):
			f, err := parseFilter(strings.TrimSpace(inner[1:]))
			if err != nil {
				return nil, fmt.Errorf("target %q: %w", s, err)
			}
			seg.filter = f
		case len(inner) >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[len(inner)-1] == inner[0]:
			seg.name = inner[1 : len(inner)-1]
		default:
			i, err := strconv.Atoi(inner)
			if err != nil {
				return nil, fmt.Errorf("target %q: unsupported selector [%s]", s, inner)
			}
			seg.index = &i
		}
		p = append(p, seg)
	}
	return p, nil
}

func cutName(s string) (name, rest string) {
	i := strings.IndexAny(s, ".[")
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

// closingBracket finds the ] that closes s[0], skipping quoted text.
func closingBracket(s string) int {
	var quote byte
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == ']':
			return i
		}
	}
	return -1
}

func parseFilter(s string) (*filter, error) {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "("), ")")
	for _, op := range []string{"==", "!="} {
		l, r, ok := strings.Cut(s, op)
		if !ok {
			continue
		}
		l, r = strings.TrimSpace(l), strings.TrimSpace(r)
		if !strings.HasPrefix(l, "@.") {
			return nil, fmt.Errorf("filter %q: the left side must be @.path", s)
		}
		f := &filter{path: strings.Split(l[2:], "."), op: op, value: r}
		if len(r) >= 2 && (r[0] == '\'' || r[0] == '"') && r[len(r)-1] == r[0] {
			f.value, f.isStr = r[1:len(r)-1], true
		}
		return f, nil
	}
	return nil, fmt.Errorf("filter %q: only == and != are supported", s)
}

func (f *filter) match(v any) bool {
	for _, k := range f.path {
		m, ok := v.(map[string]any)
		if !ok {
			return f.op == "!=" // a missing value equals nothing
		}
		if v, ok = m[k]; !ok {
			return f.op == "!="
		}
	}
	got := fmt.Sprint(v)
	switch _, isStr := v.(string); {
	case v == nil:
		got = "null"
		if f.isStr {
			got = "\x00null"
		}
	case isStr != f.isStr:
		got = "\x00" + got // a string never equals a number or boolean
	}
	return (got == f.value) == (f.op == "==")
}

// find returns the nodes the path selects in *doc.
func (p jsonPath) find(doc *any) []node {
	cur := []node{{root: doc}}
	for _, seg := range p {
		var next []node
		for _, n := range cur {
			if seg.descend {
				walkNodes(n, func(d node) { next = append(next, seg.apply(d)...) })
			} else {
				next = append(next, seg.apply(n)...)
			}
		}
		cur = next
	}
	return cur
}

// apply selects the children of n that seg names.
func (seg segment) apply(n node) []node {
	var out []node
	switch v := n.get().(type) {
	case map[string]any:
		// A filter tests every member of an object as it does every
		// element of an array ($.paths.*[?(@.operationId == 'x')]).
		for _, k := range slices.Sorted(maps.Keys(v)) {
			if seg.filter != nil && seg.filter.match(v[k]) || seg.filter == nil && seg.index == nil && (seg.name == "*" || seg.name == k) {
				out = append(out, node{parent: v, key: k})
			}
		}
	case []any:
		for i, e := range v {
			switch {
			case seg.index != nil:
				if *seg.index == i {
					out = append(out, node{parent: v, index: i})
				}
			case seg.name == "*", seg.filter != nil && seg.filter.match(e):
				out = append(out, node{parent: v, index: i})
			}
		}
	}
	return out
}

// walkNodes calls fn for n and every node below it.
func walkNodes(n node, fn func(node)) {
	fn(n)
	switch v := n.get().(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			walkNodes(node{parent: v, key: k}, fn)
		}
	case []any:
		for i := range v {
			walkNodes(node{parent: v, index: i}, fn)
		}
	}
}
