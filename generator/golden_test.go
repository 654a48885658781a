package generator_test

import (
	"bytes"
	"context"
	"flag"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generator"
)

var update = flag.Bool("update", false, "rewrite the golden files and generated_examples")

// goldenDir holds one folder per case: spec.yaml or spec.json (plus any
// overlay*.yaml), and either want/ with the expected per-spec files or
// error.txt with the expected error.
const goldenDir = "../testdata/golden"

// isRuntime reports whether a generated file is the runtime copied from
// templates, which is tested where it lives rather than in every golden.
func isRuntime(name string) bool { return strings.HasPrefix(name, "pagegen_") }

func goldenCases(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	var cases []string
	for _, e := range entries {
		if e.IsDir() {
			cases = append(cases, e.Name())
		}
	}
	return cases
}

func caseConfig(t *testing.T, dir string) generator.Config {
	t.Helper()
	specs, _ := filepath.Glob(filepath.Join(dir, "spec.*"))
	if len(specs) != 1 {
		t.Fatalf("%s: want exactly one spec.*, have %v", dir, specs)
	}
	overlays, _ := filepath.Glob(filepath.Join(dir, "overlay*.yaml"))
	return generator.Config{Specs: specs, Overlays: overlays, Package: strings.ReplaceAll(filepath.Base(dir), "-", "")}
}

func TestGolden(t *testing.T) {
	for _, name := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(goldenDir, name)
			files, _, err := generator.Generate(context.Background(), caseConfig(t, dir))
			errFile := filepath.Join(dir, "error.txt")
			if _, statErr := os.Stat(errFile); statErr == nil || (*update && err != nil) {
				if err == nil {
					t.Fatalf("generated without error; want the error in %s", errFile)
				}
				got := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "") + "\n"
				compare(t, errFile, []byte(got))
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := filepath.Join(dir, "want")
			seen := map[string]bool{}
			for _, f := range files {
				if isRuntime(f.Name) {
					continue
				}
				seen[f.Name] = true
				if formatted, err := format.Source(f.Content); err != nil || !bytes.Equal(formatted, f.Content) {
					t.Errorf("%s is not gofmt-clean (%v)", f.Name, err)
				}
				compare(t, filepath.Join(want, f.Name), f.Content)
			}
			// A golden file the generator no longer writes is stale too.
			old, _ := filepath.Glob(filepath.Join(want, "*.go"))
			for _, path := range old {
				if !seen[filepath.Base(path)] {
					if *update {
						os.Remove(path)
						continue
					}
					t.Errorf("%s is no longer generated", path)
				}
			}
		})
	}
}

// compare checks got against the golden file at path, or rewrites it with -update.
func compare(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./generator -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs (-want +got):\n%s", path, generator.UnifiedDiff(path, string(want), string(got)))
	}
}

// TestGoldenCompiles builds and vets every golden package with its runtime,
// in a scratch module: text equality alone proves little.
func TestGoldenCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated code with the go command")
	}
	mod := t.TempDir()
	writeFile(t, filepath.Join(mod, "go.mod"), []byte("module golden\n\ngo 1.25\n"))
	n := 0
	for _, name := range goldenCases(t) {
		dir := filepath.Join(goldenDir, name)
		if _, err := os.Stat(filepath.Join(dir, "error.txt")); err == nil {
			continue
		}
		files, _, err := generator.Generate(context.Background(), caseConfig(t, dir))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := generator.Write(filepath.Join(mod, name), files); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no golden package to build")
	}
	goCmd(t, mod, "vet", "./...")
}

// goCmd runs the go command in dir and fails the test with its output.
func goCmd(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
