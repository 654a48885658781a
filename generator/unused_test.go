package generator_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generator"
	"github.com/pagegen/pagegen/generator/emit"
	"github.com/pagegen/pagegen/testdata/e2e"
)

// staticcheckVersion is the staticcheck release TestNoUnusedCode installs
// when PAGEGEN_STATICCHECK does not name a binary; .ci/run installs the
// same one.
const staticcheckVersion = "v0.8.2"

// TestNoUnusedCode runs staticcheck's unused-code check (U1000) on every
// example and golden package with the generated-code header removed (with
// it, staticcheck says nothing about generated files): a package carries
// only the runtime it uses.
func TestNoUnusedCode(t *testing.T) {
	if testing.Short() {
		t.Skip("installs and runs staticcheck")
	}
	staticcheck := staticcheckBinary(t)
	mod := t.TempDir()
	writeFile(t, filepath.Join(mod, "go.mod"), []byte("module unused\n\ngo 1.25\n"))
	n := 0
	for _, ex := range examples {
		t.Run(ex.dir, func(t *testing.T) {
			writeWithoutHeader(t, filepath.Join(mod, "examples", ex.dir), ex.config(t))
			n++
		})
	}
	for _, name := range goldenCases(t) {
		dir := filepath.Join(goldenDir, name)
		if _, err := os.Stat(filepath.Join(dir, "error.txt")); err == nil {
			continue
		}
		writeWithoutHeader(t, filepath.Join(mod, "golden", name), caseConfig(t, dir))
		n++
	}
	if n == 0 {
		t.Fatal("no package to check")
	}
	cmd := exec.Command(staticcheck, "-checks", "U1000", "./...")
	cmd.Dir = mod
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("staticcheck: %v\n%s", err, out)
	}
	if findings := strings.Count(string(out), "(U1000)"); findings > 0 || err != nil {
		t.Errorf("staticcheck finds %d unused declarations in %d packages:\n%s", findings, n, out)
	}
}

// writeWithoutHeader generates the package for cfg into dir, each file
// without its first line, the generated-code header.
func writeWithoutHeader(t *testing.T, dir string, cfg generator.Config) {
	t.Helper()
	files, _, err := generator.Generate(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		body, ok := bytes.CutPrefix(f.Content, []byte(emit.Header+"\n"))
		if !ok {
			t.Fatalf("%s does not start with the header", f.Name)
		}
		writeFile(t, filepath.Join(dir, f.Name), body)
	}
}

// staticcheckBinary returns PAGEGEN_STATICCHECK, or staticcheck installed
// with go install into the user's cache directory (once; later runs reuse
// it). It skips when it cannot be installed, and fails instead with
// PAGEGEN_REQUIRE_E2E=1.
func staticcheckBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("PAGEGEN_STATICCHECK"); bin != "" {
		return bin
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		e2e.Unavailable(t, "no cache directory to install staticcheck into: %v", err)
	}
	dir := filepath.Join(cache, "pagegen", "staticcheck-"+staticcheckVersion)
	bin := filepath.Join(dir, "staticcheck")
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	cmd := exec.Command("go", "install", "honnef.co/go/tools/cmd/staticcheck@"+staticcheckVersion)
	// The module's own flags (GOFLAGS=-mod=readonly in CI) do not apply to
	// a command installed at a version.
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		e2e.Unavailable(t, "cannot install staticcheck %s: %v\n%s", staticcheckVersion, err, out)
	}
	return bin
}

// TestNoUnusedCodeOverClients is TestNoUnusedCode for the paginators over
// users' clients: a copy of generated_examples/byo with the header removed
// from pagegen's files (the clients keep their generators' headers, so
// staticcheck leaves them alone), test files left out.
func TestNoUnusedCodeOverClients(t *testing.T) {
	if testing.Short() {
		t.Skip("installs and runs staticcheck")
	}
	byoModuleReady(t)
	staticcheck := staticcheckBinary(t)
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	mod := filepath.Join(t.TempDir(), "byo")
	n := 0
	err = filepath.WalkDir(byoModule, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, err := filepath.Rel(byoModule, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		switch {
		case rel == "go.mod":
			// The copy is elsewhere: the replacement points at the repository.
			data = bytes.Replace(data, []byte("=> ../.."), []byte("=> "+repo), 1)
		case filepath.Base(filepath.Dir(rel)) == "pages" && strings.HasSuffix(rel, ".go"):
			body, ok := bytes.CutPrefix(data, []byte(emit.Header+"\n"))
			if !ok {
				return fmt.Errorf("%s does not start with the header", path)
			}
			data = body
			if filepath.Base(rel) == "doc.go" {
				n++
			}
		}
		if err := os.MkdirAll(filepath.Join(mod, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(mod, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < len(clientExamples) {
		t.Fatalf("%d packages of paginators copied, want %d", n, len(clientExamples))
	}
	cmd := exec.Command(staticcheck, "-tests=false", "-checks", "U1000", "./...")
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("staticcheck: %v\n%s", err, out)
	}
	if findings := strings.Count(string(out), "(U1000)"); findings > 0 || err != nil {
		t.Errorf("staticcheck finds %d unused declarations in %d packages over clients:\n%s", findings, n, out)
	}
}
