package emit

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// refs are the names a piece of Go code refers to: plain identifiers
// (functions, types, variables, constants) and the names after a dot
// (methods and fields).
type refs struct {
	plain, sel map[string]bool
}

func newRefs() refs { return refs{plain: map[string]bool{}, sel: map[string]bool{}} }

// add records what node refers to. Struct field names declare rather than
// refer, so only their types are read; interface method names are what a
// type must have to satisfy the interface, so they count as methods used.
func (r refs) add(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			r.sel[n.Sel.Name] = true
			r.add(n.X)
			return false
		case *ast.StructType:
			for _, f := range n.Fields.List {
				r.add(f.Type)
			}
			return false
		case *ast.InterfaceType:
			for _, f := range n.Methods.List {
				for _, name := range f.Names {
					r.sel[name.Name] = true
				}
				r.add(f.Type)
			}
			return false
		case *ast.Ident:
			r.plain[n.Name] = true
		}
		return true
	})
}

// runtimeDecl is one top-level declaration of the runtime: a function, a
// method, or a type, var or const declaration (a parenthesized group is one,
// so that iota stays right).
type runtimeDecl struct {
	file  string
	decl  ast.Decl
	names []string // the names it declares; a method's is its own name
	recv  string   // a method's receiver type
	kept  bool
	// private marks a declaration whose exported names are not kept for
	// their own sake.
	private bool
}

// pruneRuntime drops from the runtime sources every declaration that
// neither the generated code (whose references are used) nor an exported
// name reaches, and the imports and files left with nothing to serve: an
// API without XML gets no XML helpers, one without next links no link
// parsing. What stays is byte for byte as written in templates, apart from
// what gofmt does to the gaps.
func pruneRuntime(sources map[string][]byte, used refs) (map[string][]byte, error) {
	return pruneRuntimeOf(sources, used, nil)
}

// pruneRuntimeOf is pruneRuntime where the exported names of the files in
// private are kept only when something reaches them: a package over the
// user's own client keeps none of pagegen's client API.
func pruneRuntimeOf(sources map[string][]byte, used refs, private map[string]bool) (map[string][]byte, error) {
	fset := token.NewFileSet()
	var decls []*runtimeDecl
	for name, src := range sources {
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("runtime %s: %w", name, err)
		}
		for _, d := range f.Decls {
			if rd := newRuntimeDecl(name, d); rd != nil {
				rd.private = private[name]
				decls = append(decls, rd)
			}
		}
	}
	reached := markReachable(decls, used)

	out := map[string][]byte{}
	for name, src := range sources {
		var cut [][2]int
		left := 0
		for _, d := range decls {
			if d.file != name {
				continue
			}
			if d.kept {
				left++
				cut = append(cut, deadFields(fset, src, d.decl, reached)...)
				continue
			}
			cut = append(cut, declRange(fset, d.decl))
		}
		if left == 0 {
			continue // the whole file serves nothing here
		}
		if len(cut) == 0 {
			out[name] = src
			continue
		}
		pruned, err := dropUnusedImports(name, cutRanges(src, cut))
		if err != nil {
			return nil, err
		}
		out[name] = pruned
	}
	return out, nil
}

func newRuntimeDecl(file string, d ast.Decl) *runtimeDecl {
	rd := &runtimeDecl{file: file, decl: d}
	switch d := d.(type) {
	case *ast.FuncDecl:
		rd.names = []string{d.Name.Name}
		if d.Recv != nil && len(d.Recv.List) == 1 {
			rd.recv = baseTypeName(d.Recv.List[0].Type)
		}
	case *ast.GenDecl:
		if d.Tok == token.IMPORT {
			return nil
		}
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				rd.names = append(rd.names, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					rd.names = append(rd.names, n.Name)
				}
			}
		}
	}
	return rd
}

// baseTypeName is T for receivers T, *T, T[P] and *T[P, Q].
func baseTypeName(expr ast.Expr) string {
	for {
		switch e := expr.(type) {
		case *ast.StarExpr:
			expr = e.X
		case *ast.IndexExpr:
			expr = e.X
		case *ast.IndexListExpr:
			expr = e.X
		case *ast.Ident:
			return e.Name
		default:
			return ""
		}
	}
}

// markReachable keeps what used and the exported names reach: a function,
// type, var or const when it is named; a method when its type is kept and
// it is exported or some kept code calls a method of that name. It returns
// the names the kept code and used refer to.
func markReachable(decls []*runtimeDecl, used refs) refs {
	reached := newRefs()
	var queue []*runtimeDecl
	keep := func(d *runtimeDecl) {
		if !d.kept {
			d.kept = true
			queue = append(queue, d)
		}
	}
	typeKept := map[string]bool{}
	visit := func(r refs) {
		for name := range r.plain {
			reached.plain[name] = true
		}
		for name := range r.sel {
			reached.sel[name] = true
		}
		for _, d := range decls {
			if d.kept {
				continue
			}
			if d.recv == "" {
				for _, n := range d.names {
					if ast.IsExported(n) && !d.private || reached.plain[n] {
						keep(d)
						if gd, ok := d.decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
							for _, tn := range d.names {
								typeKept[tn] = true
							}
						}
						break
					}
				}
				continue
			}
			if typeKept[d.recv] && (ast.IsExported(d.names[0]) && !d.private || reached.sel[d.names[0]]) {
				keep(d)
			}
		}
	}
	visit(used)
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		r := newRefs()
		if fd, ok := d.decl.(*ast.FuncDecl); ok {
			// The receiver names the method's own type: not a use of it.
			if fd.Type.TypeParams != nil {
				r.add(fd.Type.TypeParams)
			}
			r.add(fd.Type.Params)
			if fd.Type.Results != nil {
				r.add(fd.Type.Results)
			}
			if fd.Body != nil {
				r.add(fd.Body)
			}
		} else {
			r.add(d.decl)
		}
		visit(r)
	}
	return reached
}

// deadFields are the line ranges of the unexported struct fields of a kept
// type declaration that no kept code names, by selector or as a key
// (Client's clientParams where no operation takes a client parameter).
func deadFields(fset *token.FileSet, src []byte, d ast.Decl, reached refs) [][2]int {
	gd, ok := d.(*ast.GenDecl)
	if !ok || gd.Tok != token.TYPE {
		return nil
	}
	var cut [][2]int
	for _, spec := range gd.Specs {
		st, ok := spec.(*ast.TypeSpec).Type.(*ast.StructType)
		if !ok {
			continue
		}
		for _, f := range st.Fields.List {
			dead := len(f.Names) > 0
			for _, n := range f.Names {
				dead = dead && !ast.IsExported(n.Name) && !reached.sel[n.Name] && !reached.plain[n.Name]
			}
			if !dead {
				continue
			}
			start, end := f.Pos(), f.End()
			if f.Doc != nil {
				start = f.Doc.Pos()
			}
			if f.Comment != nil {
				end = f.Comment.End()
			}
			cut = append(cut, wholeLines(src, fset.Position(start).Offset, fset.Position(end).Offset))
		}
	}
	return cut
}

// declRange is the byte range of a declaration with its doc comment and
// the line break after it.
func declRange(fset *token.FileSet, d ast.Decl) [2]int {
	start := d.Pos()
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Doc != nil {
			start = d.Doc.Pos()
		}
	case *ast.GenDecl:
		if d.Doc != nil {
			start = d.Doc.Pos()
		}
	}
	return [2]int{fset.Position(start).Offset, fset.Position(d.End()).Offset}
}

// cutRanges returns src without the ranges, which do not overlap.
func cutRanges(src []byte, cut [][2]int) []byte {
	slices.SortFunc(cut, func(a, b [2]int) int { return a[0] - b[0] })
	var out bytes.Buffer
	at := 0
	for _, c := range cut {
		out.Write(src[at:c[0]])
		at = c[1]
	}
	out.Write(src[at:])
	return out.Bytes()
}

// dropUnusedImports removes the imports src no longer uses and formats it.
func dropUnusedImports(name string, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("pruned runtime %s: %w", name, err)
	}
	r := newRefs()
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); !ok || gd.Tok != token.IMPORT {
			r.add(d)
		}
	}
	var cut [][2]int
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		var unused [][2]int
		for _, s := range gd.Specs {
			is := s.(*ast.ImportSpec)
			if !r.plain[importName(is)] {
				unused = append(unused, wholeLines(src, fset.Position(is.Pos()).Offset, fset.Position(is.End()).Offset))
			}
		}
		if len(unused) == len(gd.Specs) {
			cut = append(cut, [2]int{fset.Position(gd.Pos()).Offset, fset.Position(gd.End()).Offset})
		} else {
			cut = append(cut, unused...)
		}
	}
	out, err := format.Source(cutRanges(src, cut))
	if err != nil {
		return nil, fmt.Errorf("pruned runtime %s: %w", name, err)
	}
	return out, nil
}

// wholeLines widens [start, end) to the lines it is on, line break
// included, so that cutting it leaves no blank line (which in an import
// block would start a new group).
func wholeLines(src []byte, start, end int) [2]int {
	start = bytes.LastIndexByte(src[:start], '\n') + 1
	if i := bytes.IndexByte(src[end:], '\n'); i >= 0 {
		end += i + 1
	} else {
		end = len(src)
	}
	return [2]int{start, end}
}

var majorVersion = regexp.MustCompile(`^v[0-9]+$`)

// importName is the name an import is used by: its own, else the last
// element of its path that is not a major version.
func importName(is *ast.ImportSpec) string {
	if is.Name != nil {
		return is.Name.Name
	}
	path, _ := strconv.Unquote(is.Path.Value)
	elems := strings.Split(path, "/")
	last := elems[len(elems)-1]
	if len(elems) > 1 && majorVersion.MatchString(last) {
		last = elems[len(elems)-2]
	}
	return last
}
