// Package generator is pagegen as a library: load specs, infer pagination,
// and emit, check or explain the Go package.
//
//	spec files ──load──▶ *openapi3.T ──infer──▶ model ──emit──▶ Go files ──▶ disk
package generator

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pagegen/pagegen/generator/byo"
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

	// Client is the client the paginators call: "" or "standalone" for
	// pagegen's own, or "oapi-codegen" or "ogen" for a client the user
	// generated with that generator, imported from ClientImport.
	Client string
	// ClientImport is the import path of the user's client package.
	ClientImport string
	// ClientDir is the directory the client package is loaded from (a
	// directory of the module that has it); "" means the current one.
	ClientDir string
}

// OverClient reports whether the paginators call a client the user
// generated (Client names its generator) rather than pagegen's own.
func (c Config) OverClient() bool { return c.Client != "" && c.Client != "standalone" }

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
		api.Diagnostics = append(api.Diagnostics, spec.Warnings()...)
		apis = append(apis, api)
	}
	return apis, nil
}

// Package is a generated package in memory, and what it was made from.
type Package struct {
	Files       []emit.File
	Diagnostics []model.Diagnostic
	Operations  int // operations examined in the specs
	Paginators  int // paginated operations generated
}

// Render renders the package for the specs in memory: nothing is written.
func Render(ctx context.Context, cfg Config) (*Package, error) {
	if !isIdent(cfg.Package) {
		return nil, fmt.Errorf("package name %q is not a Go identifier", cfg.Package)
	}
	apis, err := Build(ctx, cfg)
	if err != nil {
		return nil, err
	}
	api, err := merge(apis)
	if err != nil {
		return nil, err
	}
	if cfg.OverClient() {
		return renderOverClient(api, cfg)
	}
	files, err := emit.Files(api, cfg.Package)
	if err != nil {
		return nil, err
	}
	pkg := &Package{Files: files, Diagnostics: api.Diagnostics, Operations: len(api.Operations)}
	for _, op := range api.Operations {
		if op.Emit && op.Pagination != nil {
			pkg.Paginators++
		}
	}
	return pkg, nil
}

// renderOverClient renders the paginators over the user's client package.
func renderOverClient(api *model.API, cfg Config) (*Package, error) {
	b, err := Bind(api, cfg)
	if err != nil {
		return nil, err
	}
	files, err := emit.ClientFiles(api, b, cfg.Package)
	if err != nil {
		return nil, err
	}
	return &Package{Files: files, Diagnostics: b.Diagnostics, Operations: len(api.Operations), Paginators: len(b.Ops)}, nil
}

// Bind loads the user's client package that cfg names and matches the
// paginated operations of api to its declarations.
func Bind(api *model.API, cfg Config) (*byo.Binding, error) {
	if cfg.Client != byo.OapiCodegen && cfg.Client != byo.Ogen {
		return nil, fmt.Errorf("client %q: pagegen generates over %s or %s clients (or standalone)", cfg.Client, byo.OapiCodegen, byo.Ogen)
	}
	if cfg.ClientImport == "" {
		return nil, fmt.Errorf("client %s needs the client package's import path (-client-import)", cfg.Client)
	}
	clientPkg, err := byo.Load(cfg.ClientDir, cfg.ClientImport)
	if err != nil {
		return nil, err
	}
	if cfg.Package != "" && clientPkg.Name == cfg.Package {
		return nil, fmt.Errorf("package %s: the paginators need a package of their own, beside the client package %s", cfg.Package, cfg.ClientImport)
	}
	return byo.Bind(api, clientPkg, cfg.Client)
}

// Generate is Render, unpacked: the files and the diagnostics.
func Generate(ctx context.Context, cfg Config) ([]emit.File, []model.Diagnostic, error) {
	pkg, err := Render(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	return pkg.Files, pkg.Diagnostics, nil
}

// merge joins the APIs of several specs into one package. Each spec's
// names were decided apart from the others', so a name two specs declare
// (a type, a constant, an operation's method, paginator or file) is
// refused rather than written twice; a client parameter both send, by the
// same name and place, is one option.
func merge(apis []*model.API) (*model.API, error) {
	if len(apis) == 1 {
		return apis[0], nil
	}
	out := &model.API{Spec: apis[0].Spec, Title: apis[0].Title}
	owner := map[string]string{} // scope and name → the spec declaring it
	options := map[string]*model.ClientParam{}
	for _, a := range apis {
		for _, d := range declarations(a) {
			key := d.scope + " " + d.name
			if prev, dup := owner[key]; dup {
				return nil, &model.Error{Pos: d.pos, Operation: d.op, Err: fmt.Errorf("%s %s is also declared by %s; generate the specs into separate packages", d.kind, d.name, prev)}
			}
			owner[key] = a.Spec
		}
		for _, cp := range a.ClientParams {
			prev, ok := options[cp.Option]
			if !ok {
				key := "package " + cp.Option
				if owner[key] != "" {
					return nil, fmt.Errorf("%s: client option %s is also declared by %s; generate the specs into separate packages", a.Spec, cp.Option, owner[key])
				}
				owner[key] = a.Spec
				options[cp.Option] = cp
				out.ClientParams = append(out.ClientParams, cp)
				continue
			}
			if prev.Name != cp.Name || prev.In != cp.In || !prev.Type.Same(cp.Type) {
				return nil, fmt.Errorf("%s: client option %s sets the %s parameter %q here and another in %s; generate the specs into separate packages", a.Spec, cp.Option, cp.In, cp.Name, owner["package "+cp.Option])
			}
		}
		out.Operations = append(out.Operations, a.Operations...)
		out.Types = append(out.Types, a.Types...)
		out.Diagnostics = append(out.Diagnostics, a.Diagnostics...)
	}
	sort.Slice(out.Types, func(i, j int) bool { return out.Types[i].Name < out.Types[j].Name })
	return out, nil
}

// declaration is a name a package declares for one spec, in its scope:
// the package, Client's methods, or the directory's files.
type declaration struct {
	scope, kind, name string
	pos               model.Pos
	op                string
}

// declarations lists the names the package declares for api's types and
// emitted operations, client options aside.
func declarations(api *model.API) []declaration {
	var out []declaration
	for _, t := range api.Types {
		out = append(out, declaration{scope: "package", kind: "type", name: t.Name, pos: t.Pos})
		for _, v := range t.Enum {
			out = append(out, declaration{scope: "package", kind: "constant", name: v.GoName, pos: t.Pos})
		}
	}
	for _, op := range api.Operations {
		if !op.Emit {
			continue
		}
		n := op.Names
		add := func(scope, kind string, names ...string) {
			for _, name := range names {
				if name != "" {
					out = append(out, declaration{scope: scope, kind: kind, name: name, pos: op.Pos, op: op.ID})
				}
			}
		}
		add("method", "Client method", n.Method, n.All, n.Pages, n.Follow)
		add("package", "identifier", n.Params, n.Response, n.ReadPage, n.Page, n.Paginator, n.NewPaginator, n.APIClient, n.NewPage, n.ReadNextPage)
		add("file", "file", n.File)
	}
	return out
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

// Changes says what Update did to each file, by name.
type Changes struct {
	Written   []string // created, or rewritten because their content changed
	Unchanged []string // already as generated: left untouched, modification time included
	Removed   []string // generated before, no longer generated
}

// Write is Update without its report.
func Write(dir string, files []emit.File) error {
	_, err := Update(dir, files)
	return err
}

// Update replaces the generated files in dir with files: PlanUpdate, then
// Apply.
func Update(dir string, files []emit.File) (Changes, error) {
	p, err := PlanUpdate(dir, files)
	if err != nil {
		return Changes{}, err
	}
	return p.Apply()
}

// A Plan is what Update will do in one directory, decided by reading what
// is there before anything is written.
type Plan struct {
	dir     string
	files   []emit.File
	changed map[string]bool // by name: differs from what is in dir, or is not there
}

// PlanUpdate reads dir and decides what writing files there changes. It
// refuses when a file it would replace lacks pagegen's header: a
// hand-written types.go or doc.go is never overwritten. A run that writes
// several packages plans them all before it applies the first.
func PlanUpdate(dir string, files []emit.File) (*Plan, error) {
	changed, err := changedFiles(dir, files)
	if err != nil {
		return nil, err
	}
	return &Plan{dir: dir, files: files, changed: changed}, nil
}

// Apply carries out the plan. Everything is rendered before the first byte
// is written, each changed file is written to a temporary name and renamed
// into place, and files pagegen wrote before that are no longer generated
// are removed. Files without pagegen's header (tests beside the generated
// code, say) are left alone. New files get mode 0666 less the umask, 0644 as
// a rule, as any file a user creates.
func (p *Plan) Apply() (Changes, error) {
	var ch Changes
	if err := os.MkdirAll(p.dir, 0o777); err != nil {
		return ch, err
	}
	var tmps []string
	defer func() {
		for _, t := range tmps {
			os.Remove(t)
		}
	}()
	keep := map[string]bool{}
	for _, f := range p.files {
		keep[f.Name] = true
		if !p.changed[f.Name] {
			ch.Unchanged = append(ch.Unchanged, f.Name)
			continue
		}
		tmp, err := writeTemp(p.dir, f)
		if err != nil {
			return ch, err
		}
		tmps = append(tmps, tmp)
	}
	i := 0
	for _, f := range p.files {
		if !p.changed[f.Name] {
			continue
		}
		if err := os.Rename(tmps[i], filepath.Join(p.dir, f.Name)); err != nil {
			return ch, err
		}
		tmps[i] = "" // renamed: nothing to clean up
		i++
		ch.Written = append(ch.Written, f.Name)
	}
	stale, err := staleFiles(p.dir, keep)
	if err != nil {
		return ch, err
	}
	for _, name := range stale {
		if err := os.Remove(filepath.Join(p.dir, name)); err != nil {
			return ch, err
		}
		ch.Removed = append(ch.Removed, name)
	}
	return ch, nil
}

// changedFiles returns the names of the files whose content in dir differs
// from what was generated, and an error naming the first file in the way
// that pagegen did not write.
func changedFiles(dir string, files []emit.File) (map[string]bool, error) {
	changed := map[string]bool{}
	for _, f := range files {
		path := filepath.Join(dir, f.Name)
		info, err := os.Lstat(path)
		if os.IsNotExist(err) {
			changed[f.Name] = true
			continue
		}
		if err != nil {
			return nil, err
		}
		if !info.Mode().IsRegular() {
			return nil, fmt.Errorf("%s is in the way: pagegen writes a generated file there, and it is not a regular file", path)
		}
		have, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if !bytes.HasPrefix(have, []byte(emit.Header)) {
			return nil, fmt.Errorf("refusing to overwrite %s: pagegen did not write it (it lacks the %q header); move it, or generate into another directory", path, emit.Header)
		}
		changed[f.Name] = !bytes.Equal(have, f.Content)
	}
	return changed, nil
}

// writeTemp writes f to a new hidden file in dir and returns its path. The
// file is created with mode 0666 so that the umask alone decides its
// permissions (os.CreateTemp would make it 0600).
func writeTemp(dir string, f emit.File) (string, error) {
	for {
		path := filepath.Join(dir, fmt.Sprintf(".%s.%d.tmp", f.Name, rand.Uint32()))
		out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if os.IsExist(err) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = out.Write(f.Content)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return "", err
		}
		return path, nil
	}
}

// staleFiles lists the .go files in dir, other than the generated ones,
// that carry pagegen's header: files pagegen wrote that it no longer
// generates. Of each it reads only as much as the header.
func staleFiles(dir string, generated map[string]bool) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || generated[e.Name()] {
			continue
		}
		ok, err := hasHeader(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// hasHeader reports whether the file at path starts with pagegen's header.
func hasHeader(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, len(emit.Header))
	if _, err := io.ReadFull(f, head); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return false, nil
		}
		return false, err
	}
	return string(head) == emit.Header, nil
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
	stale, err := staleFiles(dir, want)
	if err != nil {
		return "", err
	}
	for _, name := range stale {
		path := filepath.Join(dir, name)
		have, err := os.ReadFile(path)
		if err != nil {
			return "", err
		}
		diff.WriteString(unifiedDiff(path, string(have), ""))
	}
	return diff.String(), nil
}
