package load

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	yaml "github.com/oasdiff/yaml3"
	"github.com/pagegen/pagegen/generator/model"
)

// Source maps JSON pointers to positions in a spec file. A YAML file is
// parsed into nodes only when a position is first asked for, so a spec that
// generates cleanly is never parsed twice; a JSON file is only scanned,
// object by object, as far as the pointers asked for go.
type Source struct {
	File string
	data []byte
	// moved maps a root entry that loading moved (pointerKey of its
	// section and name) to where it is written: an x-ms-paths entry that
	// joined paths, or an element of another file that bundling copied.
	moved map[string]origin
	// renames lists the copies that could not keep their names.
	renames []rename

	once sync.Once
	root *yaml.Node
	json *jsonIndex
}

// origin is where, in this file or another, a moved element is written.
type origin struct {
	src    *Source
	tokens []string
}

// rename is a name that loading had to change to keep names unique.
type rename struct {
	Pos      model.Pos // where the renamed element is written
	From, To string
	Section  string // definitions, parameters or responses
}

// move records that the root's section entry name is the element at
// tokens in from.
func (s *Source) move(section, name string, from *Source, tokens []string) {
	if s.moved == nil {
		s.moved = map[string]origin{}
	}
	s.moved[pointerKey([]string{section, name})] = origin{from, tokens}
}

// addBundled records that the root's section entry name is a copy of the
// element at tokens in from, which would have been called want.
func (s *Source) addBundled(section, name, want string, from *Source, tokens []string) {
	s.move(section, name, from, tokens)
	if name != want {
		s.renames = append(s.renames, rename{Pos: from.Pos(tokens...), From: want, To: name, Section: section})
	}
}

// index prepares the file for Pos: a JSON index or YAML nodes.
func (s *Source) index() {
	s.once.Do(func() {
		if isJSON(s.data) {
			s.json = newJSONIndex(s.data)
			return
		}
		var doc yaml.Node
		if yaml.Unmarshal(s.data, &doc) == nil && len(doc.Content) > 0 {
			s.root = doc.Content[0]
		}
	})
}

// Pos returns the position of the node at the pointer tokens, or of the
// deepest ancestor found.
func (s *Source) Pos(tokens ...string) model.Pos {
	if s == nil {
		return model.Pos{}
	}
	if len(tokens) >= 2 {
		if o, ok := s.moved[pointerKey(tokens[:2])]; ok {
			return o.src.Pos(append(slices.Clone(o.tokens), tokens[2:]...)...)
		}
	}
	s.index()
	pos := model.Pos{File: s.File}
	if s.json != nil {
		pos.Line, pos.Col = s.json.pos(tokens)
		return pos
	}
	n := s.root
	if n == nil {
		return pos
	}
	pos.Line, pos.Col = n.Line, n.Column
	for _, tok := range tokens {
		key, next := child(n, tok)
		if next == nil {
			return pos
		}
		// Point at the key: that is where a reader looks.
		pos.Line, pos.Col = key.Line, key.Column
		n = next
	}
	return pos
}

// yamlLineCol finds "line N" and "column N" in a parser's message.
var yamlLineCol = regexp.MustCompile(`line (\d+)(?:, column (\d+))?`)

// syntaxError gives a decoding error the file, line and column. A JSON
// file is decoded again by encoding/json, whose byte offset is exact; a
// YAML error's place is found again (yamlErrorPos), as the parser gives no
// column and, inside a block, the block's first line.
func (s *Source) syntaxError(err error) error {
	if isJSON(s.data) {
		if line, col, msg := jsonErrorPos(s.data); line > 0 {
			return &model.Error{Pos: model.Pos{File: s.File, Line: line, Col: col}, Err: errors.New(msg)}
		}
	}
	msg := err.Error()
	if m := yamlLineCol.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		text := strings.TrimPrefix(strings.TrimPrefix(msg, "yaml: "), m[0]+": ") // the place is in the position now
		if l, c := yamlErrorPos(s.data, msg, line); l > 0 {
			// Such a parser error names the block's line counted from 0.
			if block := line + 1; l > block && strings.Contains(msg, "did not find expected") {
				text += fmt.Sprintf(" (in the block that starts on line %d)", block)
			}
			line, col = l, c
		}
		return &model.Error{Pos: model.Pos{File: s.File, Line: line, Col: col}, Err: errors.New(text)}
	}
	// An error on the first line comes with no line at all.
	if line, col := yamlErrorPos(s.data, msg, 1); line > 0 {
		return &model.Error{Pos: model.Pos{File: s.File, Line: line, Col: col}, Err: errors.New(strings.TrimPrefix(msg, "yaml: "))}
	}
	return &model.Error{Pos: s.Pos(), Err: err}
}

// loadError places a loader error: at the reference it could not resolve
// when it names one, else at the line the parser reports.
func (s *Source) loadError(err error) error {
	// The loader's own messages are vague about where ("map key components
	// not found" at 1:1); the file itself says exactly, so on failure parse
	// it into nodes, whatever its syntax, and look.
	var doc yaml.Node
	if perr := yaml.Unmarshal(s.data, &doc); perr != nil {
		return s.syntaxError(perr)
	}
	if len(doc.Content) > 0 {
		if e := s.brokenRef(doc.Content[0]); e != nil {
			return e
		}
	}
	msg := err.Error()
	if m := refInError.FindStringSubmatch(msg); m != nil {
		if toks, ok := PointerTokens(m[1]); ok {
			if line, col, ok := s.find("$ref", m[1]); ok {
				return &model.Error{Pos: model.Pos{File: s.File, Line: line, Col: col}, Err: errors.New(msg)}
			}
			return &model.Error{Pos: s.Pos(toks...), Err: err}
		}
	}
	return s.syntaxError(err)
}

// repairedRefFound reports whether a reference written Swagger 2.0's way
// in an OpenAPI 3 document, which repairRef reads as a components one,
// finds something there.
func repairedRefFound(root *yaml.Node, tokens []string) bool {
	if lookupNode(root, []string{"swagger"}) != nil {
		return false
	}
	to, ok := componentsPlace(tokens)
	return ok && lookupNode(root, to) != nil
}

var refInError = regexp.MustCompile(`"(#/[^"]*)"`)

// brokenRef finds the first local $ref below root that points at nothing.
func (s *Source) brokenRef(root *yaml.Node) error {
	var found error
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if found != nil || n == nil {
			return
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value != "$ref" || v.Kind != yaml.ScalarNode {
					continue
				}
				if toks, ok := PointerTokens(v.Value); ok && lookupNode(root, toks) == nil && !repairedRefFound(root, toks) {
					found = &model.Error{Pos: model.Pos{File: s.File, Line: k.Line, Col: k.Column}, Err: fmt.Errorf("$ref %s points at nothing in this file", v.Value)}
					return
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	return found
}

// lookupNode follows pointer tokens from n; nil when one is missing.
func lookupNode(n *yaml.Node, tokens []string) *yaml.Node {
	for _, tok := range tokens {
		if _, n = child(n, tok); n == nil {
			return nil
		}
	}
	return n
}

// child returns the member tok of a mapping (with its key) or the element
// tok of a sequence (as its own key); nils when there is none. Aliases are
// followed.
func child(n *yaml.Node, tok string) (key, value *yaml.Node) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == tok {
				return n.Content[i], n.Content[i+1]
			}
		}
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i], n.Content[i]
		}
	case yaml.AliasNode:
		return child(n.Alias, tok)
	}
	return nil, nil
}

// find returns the position of the first mapping entry key: value.
func (s *Source) find(key, value string) (line, col int, ok bool) {
	if s.Pos(); s.json != nil {
		// JSON is not parsed into nodes; the entry is found as text.
		re := regexp.MustCompile(`"` + regexp.QuoteMeta(key) + `"\s*:\s*"` + regexp.QuoteMeta(value) + `"`)
		loc := re.FindIndex(s.data)
		if loc == nil {
			return 0, 0, false
		}
		s.json.mu.Lock()
		defer s.json.mu.Unlock()
		line, col = s.json.lineCol(loc[0])
		return line, col, true
	}
	var walk func(n *yaml.Node) bool
	walk = func(n *yaml.Node) bool {
		if n == nil {
			return false
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == key && n.Content[i+1].Value == value {
					line, col = n.Content[i].Line, n.Content[i].Column
					return true
				}
			}
		}
		for _, c := range n.Content {
			if walk(c) {
				return true
			}
		}
		return false
	}
	return line, col, walk(s.root)
}

// PointerTokens splits a local "#/a/b~1c" reference into unescaped JSON
// pointer tokens.
func PointerTokens(ref string) ([]string, bool) {
	frag, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, false
	}
	parts := strings.Split(frag, "/")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
	}
	return parts, true
}
