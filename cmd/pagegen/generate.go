package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/pagegen/pagegen/generator"
	"github.com/pagegen/pagegen/generator/model"
)

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

const generateExamples = `# one spec, into the current directory (a go:generate line)
pagegen generate -spec ../api/openapi.yaml -out . -package orders

# a spec you do not own, annotated by an Overlay, fetched from its URL
pagegen generate -spec https://example.com/openapi.json -overlay pagination.yaml -out orders

# paginators over the client oapi-codegen generated in package example.com/app/api
pagegen generate -spec api.yaml -client oapi-codegen -client-import example.com/app/api -out pages

# the same over the client ogen generated in package example.com/app/ogenapi
pagegen generate -spec api.yaml -client ogen -client-import example.com/app/ogenapi -out ogenpages

# every package listed in a config file
pagegen generate -config pagegen.yaml`

const checkExamples = `# in CI: fail when the committed package is stale
pagegen check -spec api/openapi.yaml -out orders
pagegen check -config pagegen.yaml`

// generateCommand is generate, or check when name is "check": the same
// flags, and check compares where generate writes.
func generateCommand(name string) *command {
	c := &command{
		name:     name,
		synopsis: "write the Go package of paginators for the specs",
		usage: "pagegen " + name + " -spec FILE|URL [-spec FILE|URL...] [-overlay FILE...] -out DIR [-package NAME] [-min-confidence N] [-client oapi-codegen|ogen -client-import PATH] [-strict] [-q]\n" +
			"pagegen " + name + " -config pagegen.yaml [-strict] [-q]",
		examples: generateExamples,
	}
	if name == "check" {
		c.synopsis = "exit 1 and print a diff when the generated package is stale"
		c.examples = checkExamples
	}
	c.flags = func(fs *flag.FlagSet) func(context.Context, *flag.FlagSet, io.Writer, io.Writer) int {
		var g generation
		fs.Var(&g.specs, "spec", "OpenAPI `spec`, a file or an http(s) URL (repeatable: the specs share one package)")
		fs.Var(&g.overlays, "overlay", "OpenAPI Overlay `file` applied to each spec (repeatable)")
		fs.StringVar(&g.out, "out", "", "output `directory`")
		fs.StringVar(&g.pkg, "package", "", "Go package `name` (default: the output directory's name)")
		fs.Float64Var(&g.minConfidence, "min-confidence", 0, "leave out inferred paginators below this `confidence` (default 0.6)")
		fs.StringVar(&g.client, "client", "", "client the paginators call: standalone (pagegen's own, the default), or oapi-codegen or ogen (yours, from -client-import)")
		fs.StringVar(&g.clientImport, "client-import", "", "import `path` of your generated client package (with -client)")
		fs.StringVar(&g.config, "config", "", "config `file` listing the packages to generate, instead of the flags above")
		fs.BoolVar(&g.strict, "strict", false, "treat warnings as errors: exit 1 and write nothing")
		fs.BoolVar(&g.quiet, "q", false, "print nothing on success")
		return g.run
	}
	return c
}

// clientImportAlone is the usage error for -client-import without a client
// to import.
const clientImportAlone = "-client-import needs -client oapi-codegen or -client ogen"

// generation is a generate or check command line.
type generation struct {
	specs, overlays listFlag
	out, pkg        string
	client          string
	clientImport    string
	minConfidence   float64
	config          string
	strict, quiet   bool
}

func (g *generation) run(ctx context.Context, fs *flag.FlagSet, stdout, stderr io.Writer) int {
	cmd := fs.Name()
	if code, ok := noArgs(fs, stderr); !ok {
		return code
	}
	jobs, code := g.jobs(cmd, stderr)
	if jobs == nil {
		return code
	}
	for i := range jobs {
		if jobs[i].cfg.Package != "" {
			continue
		}
		name, err := defaultPackage(jobs[i].out)
		if err != nil {
			fmt.Fprintf(stderr, "pagegen: %v\n", err)
			return 1
		}
		jobs[i].cfg.Package = name
	}
	// Every package is rendered before any is written: a bad spec in the
	// last one leaves the first one's directory alone too.
	pkgs := make([]*generator.Package, len(jobs))
	failed := false
	for i, j := range jobs {
		pkg, err := generator.Render(ctx, j.cfg)
		if err != nil {
			fmt.Fprintf(stderr, "pagegen: %v\n", err)
			failed = true
			continue
		}
		if pkg.Paginators == 0 {
			pkg.Diagnostics = append(pkg.Diagnostics, noPaginator(j.cfg.Specs, pkg.Operations))
		}
		printDiagnostics(stderr, pkg.Diagnostics)
		if g.strict && hasWarnings(pkg.Diagnostics) {
			fmt.Fprintf(stderr, "pagegen: %s: warnings are errors with -strict\n", j.out)
			failed = true
		}
		pkgs[i] = pkg
	}
	if failed {
		return 1
	}
	// Every package is planned, its directory read, before the first is
	// written: a file in the way of any of them stops the whole run.
	plans := make([]*generator.Plan, len(jobs))
	if cmd == "generate" {
		for i, j := range jobs {
			p, err := generator.PlanUpdate(j.out, pkgs[i].Files)
			if err != nil {
				fmt.Fprintf(stderr, "pagegen: %v\n", err)
				return 1
			}
			plans[i] = p
		}
	}
	for i, j := range jobs {
		if code := g.finish(cmd, j, pkgs[i], plans[i], stdout, stderr); code != 0 {
			return code
		}
	}
	return 0
}

// jobs turns the command line, or the config file it names, into the
// packages to generate; nil and an exit code when it cannot.
func (g *generation) jobs(cmd string, stderr io.Writer) ([]job, int) {
	if g.config != "" {
		if len(g.specs) > 0 || len(g.overlays) > 0 || g.out != "" || g.pkg != "" || g.minConfidence != 0 || g.client != "" || g.clientImport != "" {
			return nil, usageError(stderr, cmd, "-config replaces -spec, -overlay, -out, -package, -min-confidence, -client and -client-import; give one or the other")
		}
		jobs, err := readConfig(g.config)
		if err != nil {
			fmt.Fprintf(stderr, "pagegen: %v\n", err)
			return nil, 1
		}
		return jobs, 0
	}
	if len(g.specs) == 0 || g.out == "" {
		return nil, usageError(stderr, cmd, "-spec and -out are required (or -config)")
	}
	cfg := generator.Config{
		Specs: g.specs, Overlays: g.overlays, Package: g.pkg, MinConfidence: g.minConfidence,
		Client: g.client, ClientImport: g.clientImport,
	}
	if cfg.ClientImport != "" && !cfg.OverClient() {
		return nil, usageError(stderr, cmd, clientImportAlone)
	}
	return []job{{out: g.out, cfg: cfg}}, 0
}

// finish writes the package as planned, or compares it with what is there
// for check, and says what it did on stderr, with the diagnostics: stdout
// carries only check's diff.
func (g *generation) finish(cmd string, j job, pkg *generator.Package, plan *generator.Plan, stdout, stderr io.Writer) int {
	if cmd == "check" {
		diff, err := generator.Check(j.out, pkg.Files)
		if err != nil {
			fmt.Fprintf(stderr, "pagegen: %v\n", err)
			return 1
		}
		if diff != "" {
			fmt.Fprint(stdout, diff)
			fmt.Fprintf(stderr, "pagegen: %s is stale; run pagegen generate\n", j.out)
			return 1
		}
		if !g.quiet {
			fmt.Fprintf(stderr, "pagegen: %s is up to date (%s)\n", j.out, counts(pkg))
		}
		return 0
	}
	ch, err := plan.Apply()
	if err != nil {
		fmt.Fprintf(stderr, "pagegen: %v\n", err)
		return 1
	}
	if !g.quiet {
		fmt.Fprintf(stderr, "pagegen: %s: %s; %d files written, %d unchanged, %d removed\n",
			j.out, counts(pkg), len(ch.Written), len(ch.Unchanged), len(ch.Removed))
	}
	return 0
}

func counts(pkg *generator.Package) string {
	return fmt.Sprintf("%s, %s", plural(pkg.Operations, "operation"), plural(pkg.Paginators, "paginator"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// noPaginator is the warning for specs in which no operation pages: the
// package would hold the client runtime only, which is rarely what was
// meant (a spec that pages in a way pagegen does not recognise, say).
func noPaginator(specs []string, examined int) model.Diagnostic {
	return model.Diagnostic{
		Severity: model.SeverityWarning,
		Pos:      model.Pos{File: strings.Join(specs, ", ")},
		Message: fmt.Sprintf("no paginated operation among the %s examined; the package holds the client runtime only (pagegen explain says why each operation does not page)",
			plural(examined, "operation")),
	}
}

func hasWarnings(diags []model.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == model.SeverityWarning {
			return true
		}
	}
	return false
}

func printDiagnostics(w io.Writer, diags []model.Diagnostic) {
	for _, d := range diags {
		fmt.Fprintf(w, "pagegen: %s: %v\n", d.Severity, error(d))
	}
}

// defaultPackage names the package after its directory, as Go does.
func defaultPackage(out string) (string, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", err
	}
	return strings.ReplaceAll(filepath.Base(abs), "-", "_"), nil
}
