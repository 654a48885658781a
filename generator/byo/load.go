package byo

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Load loads the client package importPath as seen from dir (a directory of
// the module that requires it).
func Load(dir, importPath string) (*packages.Package, error) {
	return loadOverlay(dir, importPath, nil)
}

// loadOverlay is Load with files replaced by overlay's contents (absolute paths).
func loadOverlay(dir, importPath string, overlay map[string][]byte) (*packages.Package, error) {
	cfg := &packages.Config{
		Mode:    packages.NeedName | packages.NeedTypes | packages.NeedImports,
		Dir:     dir,
		Overlay: overlay,
	}
	pkgs, err := packages.Load(cfg, importPath)
	if err != nil {
		return nil, fmt.Errorf("loading client package %s: %w", importPath, err)
	}
	if len(pkgs) != 1 {
		return nil, fmt.Errorf("loading client package %s: found %d packages", importPath, len(pkgs))
	}
	p := pkgs[0]
	if len(p.Errors) > 0 {
		return nil, loadError(importPath, p.Errors)
	}
	return p, nil
}

// loadError reports a client package that does not compile: the first few
// errors, and what to do about the usual cause.
func loadError(importPath string, errs []packages.Error) error {
	const shown = 3
	// The type checker's errors, one a line, say it best; the go command's
	// repeat them in one block.
	var typeErrs []packages.Error
	for _, e := range errs {
		if e.Kind == packages.TypeError {
			typeErrs = append(typeErrs, e)
		}
	}
	if len(typeErrs) > 0 {
		errs = typeErrs
	}
	var msgs, redeclared []string
	responses := false
	for i, e := range errs {
		if i < shown {
			line, _, _ := strings.Cut(e.Error(), "\n")
			msgs = append(msgs, line)
		}
		if name, ok := strings.CutSuffix(e.Msg, " redeclared in this block"); ok {
			redeclared = append(redeclared, name)
			responses = responses || strings.HasSuffix(name, "Response")
		}
	}
	msg := fmt.Sprintf("client package %s does not compile, so pagegen cannot read it:\n\t%s", importPath, strings.Join(msgs, "\n\t"))
	if len(errs) > shown {
		msg += fmt.Sprintf("\n\t(and %d more errors)", len(errs)-shown)
	}
	switch {
	case responses:
		msg += "\nThe client generator declared a name twice: with oapi-codegen, a schema named like the XResponse type it declares for each operation does that; rename those with its output-options: {response-type-suffix: ...} setting."
	case len(redeclared) > 0:
		msg += fmt.Sprintf("\nThe client generator declared a name twice (%s): two things in the spec, such as an enum value and a schema, have the same Go name; give one another name in the spec (oapi-codegen reads x-go-name and x-enum-varnames).", redeclared[0])
	}
	return fmt.Errorf("%s", msg)
}
