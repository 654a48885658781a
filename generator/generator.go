// Package generator is pagegen as a library: load specs, infer pagination,
// and emit, check or explain the Go package.
//
//	spec files ──load──▶ *openapi3.T ──infer──▶ model ──emit──▶ Go files ──▶ disk
package generator

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pagegen/pagegen/generator/emit"
	"github.com/pagegen/pagegen/generator/infer"
	"github.com/pagegen/pagegen/generator/load"
	"github.com/pagegen/pagegen/generator/model"
)

// Config says what to generate.
type Config struct {
	Specs    []string // spec files; their operations share one package
	Overlays []string // OpenAPI Overlay files applied to each spec
	Package  string   // Go package name of the output
	// MinConfidence is the confidence below which an inferred paginator is
	// skipped with a warning; 0 means infer.DefaultMinConfidence.
	MinConfidence float64
}

// Build loads the specs and decides pagination for every operation.
func Build(ctx context.Context, cfg Config) ([]*model.API, error) {
	if len(cfg.Specs) == 0 {
		return nil, fmt.Errorf("no spec given")
	}
	opts := infer.Options{MinConfidence: cfg.MinConfidence}
	if opts.MinConfidence == 0 {
		opts.MinConfidence = infer.DefaultMinConfidence
	}
	var apis []*model.API
	for _, path := range cfg.Specs {
		spec, err := load.Load(ctx, path, cfg.Overlays)
		if err != nil {
			return nil, err
		}
		api, err := infer.Build(spec, opts)
		if err != nil {
			return nil, err
		}
		apis = append(apis, api)
	}
	return apis, nil
}

// Generate renders the package for the specs in memory: nothing is written.
func Generate(ctx context.Context, cfg Config) ([]emit.File, []model.Diagnostic, error) {
	if !isIdent(cfg.Package) {
		return nil, nil, fmt.Errorf("package name %q is not a Go identifier", cfg.Package)
	}
	apis, err := Build(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	api, err := merge(apis)
	if err != nil {
		return nil, nil, err
	}
	files, err := emit.Files(api, cfg.Package)
	return files, api.Diagnostics, err
}

// merge joins the APIs of several specs into one package.
func merge(apis []*model.API) (*model.API, error) {
	if len(apis) == 1 {
		return apis[0], nil
	}
	out := &model.API{Spec: apis[0].Spec, Title: apis[0].Title}
	seenOp := map[string]string{}
	seenType := map[string]string{}
	for _, a := range apis {
		for _, op := range a.Operations {
			if prev, dup := seenOp[op.GoName]; dup && op.Emit {
				return nil, fmt.Errorf("%s: operation %s is also generated from %s", op.Pos, op.ID, prev)
			}
			seenOp[op.GoName] = a.Spec
			out.Operations = append(out.Operations, op)
		}
		for _, t := range a.Types {
			if prev, dup := seenType[t.Name]; dup {
				return nil, fmt.Errorf("%s: type %s is also declared by %s; generate the specs into separate packages", a.Spec, t.Name, prev)
			}
			seenType[t.Name] = a.Spec
			out.Types = append(out.Types, t)
		}
		out.Diagnostics = append(out.Diagnostics, a.Diagnostics...)
	}
	sort.Slice(out.Types, func(i, j int) bool { return out.Types[i].Name < out.Types[j].Name })
	return out, nil
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// Write replaces the generated files in dir with files. Everything is
// rendered before the first byte is written, each file is written to a
// temporary name and renamed into place, and files pagegen wrote before
// that are no longer generated are removed. Files without pagegen's header
// (tests beside the generated code, say) are left alone.
func Write(dir string, files []emit.File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	keep := map[string]bool{}
	var tmps []string
	defer func() {
		for _, t := range tmps {
			os.Remove(t)
		}
	}()
	for _, f := range files {
		keep[f.Name] = true
		tmp, err := os.CreateTemp(dir, "."+f.Name+".tmp*")
		if err != nil {
			return err
		}
		tmps = append(tmps, tmp.Name())
		if _, err := tmp.Write(f.Content); err != nil {
			tmp.Close()
			return err
		}
		if err := tmp.Close(); err != nil {
			return err
		}
	}
	for i, f := range files {
		if err := os.Rename(tmps[i], filepath.Join(dir, f.Name)); err != nil {
			return err
		}
	}
	tmps = nil
	stale, err := generatedFiles(dir)
	if err != nil {
		return err
	}
	for _, name := range stale {
		if !keep[name] {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return err
			}
		}
	}
	return nil
}

// generatedFiles lists the .go files in dir that carry pagegen's header.
func generatedFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		if bytes.HasPrefix(data, []byte(emit.Header)) {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// Check compares dir with files and returns a unified diff of every
// difference; an empty string means dir is up to date.
func Check(dir string, files []emit.File) (string, error) {
	var diff strings.Builder
	want := map[string]bool{}
	for _, f := range files {
		want[f.Name] = true
		path := filepath.Join(dir, f.Name)
		have, err := os.ReadFile(path)
		if err != nil && !os.IsNotExist(err) {
			return "", err
		}
		if !bytes.Equal(have, f.Content) {
			diff.WriteString(unifiedDiff(path, string(have), string(f.Content)))
		}
	}
	existing, err := generatedFiles(dir)
	if err != nil {
		return "", err
	}
	for _, name := range existing {
		if !want[name] {
			path := filepath.Join(dir, name)
			have, err := os.ReadFile(path)
			if err != nil {
				return "", err
			}
			diff.WriteString(unifiedDiff(path, string(have), ""))
		}
	}
	return diff.String(), nil
}
