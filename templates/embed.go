// Package templates is the runtime that pagegen copies into every generated
// package: the HTTP client, error types, retry and backoff, token
// bookkeeping and the iterator plumbing behind the generated paginators.
//
// The runtime is ordinary Go, compiled and tested here. Its files are named
// pagegen_*.go so that they never collide with generated files, and each
// starts with the "Code generated" header it carries into the generated
// package. Generated code calls its unexported API, so only the standard
// library may be imported and no file may have init side effects or
// package-level mutable state.
package templates

import (
	"bytes"
	"embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"slices"
	"strings"
	"sync"
)

//go:embed pagegen_*.go
var runtimeFiles embed.FS

// optional are the runtime files only some packages get, by name: Sources
// leaves them out unless asked for them.
var optional = map[string]bool{
	// Paginators over a user's client.
	OverClient:      true,
	OverClientLinks: true,
	OgenExchange:    true,
}

// The optional runtime files.
const (
	// OverClient turns a user's client's responses and errors into the
	// runtime's, in packages of paginators over that client.
	OverClient = "pagegen_overclient.go"
	// OverClientLinks follows next links through a user's client.
	OverClientLinks = "pagegen_links.go"
	// OgenExchange is the runtime file of packages of paginators over an
	// ogen client.
	OgenExchange = "pagegen_exchange.go"
)

// OwnClient are the runtime files of pagegen's own client, its options and
// its requests: packages of paginators over a user's client, which does
// their work, keep of them only the unexported names they use.
var OwnClient = map[string]bool{"pagegen_client.go": true, "pagegen_origin.go": true, "pagegen_request.go": true, "pagegen_form.go": true}

// Sources returns the runtime source files, keyed by file name, with their
// package clause set to pkg, and the optional files named in with. The
// generator writes them next to the code it generates for package pkg.
func Sources(pkg string, with ...string) (map[string][]byte, error) {
	if !token.IsIdentifier(pkg) || pkg == "_" {
		return nil, fmt.Errorf("templates: %q is not a valid package name", pkg)
	}
	names, err := fs.Glob(runtimeFiles, "pagegen_*.go")
	if err != nil {
		return nil, err
	}
	const clause = "\npackage templates\n"
	out := make(map[string][]byte, len(names))
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") || optional[name] && !slices.Contains(with, name) {
			continue
		}
		src, err := runtimeFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if !bytes.Contains(src, []byte(clause)) {
			return nil, fmt.Errorf("templates: %s has no package clause to rewrite", name)
		}
		out[name] = bytes.Replace(src, []byte(clause), []byte("\npackage "+pkg+"\n"), 1)
	}
	return out, nil
}

// Declared returns the package-level identifiers the runtime declares,
// exported or not: generated declarations must not reuse them.
func Declared() []string { return runtimeNames().declared }

// ClientMembers returns the names of the fields and methods of the
// runtime's Client: generated methods on Client must not reuse them.
func ClientMembers() []string { return runtimeNames().client }

type names struct{ declared, client []string }

// runtimeNames reads the runtime's declarations once, from its source.
var runtimeNames = sync.OnceValue(func() names {
	var out names
	fset := token.NewFileSet()
	files, _ := fs.Glob(runtimeFiles, "pagegen_*.go")
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := runtimeFiles.ReadFile(name)
		if err != nil {
			panic(err) // embedded: cannot happen
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			panic(fmt.Sprintf("templates: %s: %v", name, err)) // compiled and tested here
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					out.declared = append(out.declared, d.Name.Name)
				} else if receiverIs(d.Recv, "Client") {
					out.client = append(out.client, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						out.declared = append(out.declared, s.Name.Name)
						if st, ok := s.Type.(*ast.StructType); ok && s.Name.Name == "Client" {
							for _, fld := range st.Fields.List {
								for _, n := range fld.Names {
									out.client = append(out.client, n.Name)
								}
							}
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							out.declared = append(out.declared, n.Name)
						}
					}
				}
			}
		}
	}
	return out
})

// receiverIs reports whether a method's receiver is name or *name.
func receiverIs(recv *ast.FieldList, name string) bool {
	if len(recv.List) != 1 {
		return false
	}
	t := recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.Name == name
}
