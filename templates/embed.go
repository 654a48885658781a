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
	"go/token"
	"io/fs"
	"strings"
)

//go:embed pagegen_*.go
var runtimeFiles embed.FS

// Sources returns the runtime source files, keyed by file name, with their
// package clause set to pkg. The generator writes them next to the code it
// generates for package pkg.
func Sources(pkg string) (map[string][]byte, error) {
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
		if strings.HasSuffix(name, "_test.go") {
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
