package infer_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generator"
)

// TestRealSpecsCompile generates a package from every real spec, with no
// annotations of pagegen's own, into one temporary module and builds and
// vets it: whatever inference decides must come out as Go that compiles.
func TestRealSpecsCompile(t *testing.T) {
	// Minutes of generating, building and vetting: CI runs it, go test
	// ./... leaves it out unless asked.
	if testing.Short() || os.Getenv("PAGEGEN_LONG") != "1" {
		t.Skip("generates, builds and vets a few hundred packages; set PAGEGEN_LONG=1 to run it (CI does)")
	}
	shared := sharedDir(t)
	corpora := append(realCorpora(t, shared), botocoreCorpus(t, shared))
	type job struct{ spec, pkg string }
	var jobs []job
	seen := map[string]bool{}
	for _, c := range corpora {
		for _, f := range c.files {
			pkg := packageName(c.name, f)
			if seen[pkg] {
				t.Fatalf("package name %s is used twice", pkg)
			}
			seen[pkg] = true
			jobs = append(jobs, job{filepath.Join(c.dir, filepath.FromSlash(f)), pkg})
		}
	}

	start := time.Now()
	mod := t.TempDir()
	writeFile(t, filepath.Join(mod, "go.mod"), "module realspecs\n\ngo 1.25\n")
	var (
		mu       sync.Mutex
		failures []string
		warnings int
		wg       sync.WaitGroup
	)
	work := make(chan job)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				files, diags, err := generator.Generate(context.Background(), generator.Config{Specs: []string{j.spec}, Package: j.pkg})
				if err == nil {
					err = generator.Write(filepath.Join(mod, j.pkg), files)
				}
				mu.Lock()
				warnings += len(diags)
				if err != nil {
					failures = append(failures, fmt.Sprintf("%s: %v", j.spec, err))
				}
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		work <- j
	}
	close(work)
	wg.Wait()
	sort.Strings(failures)
	for _, f := range failures {
		t.Error(f)
	}
	t.Logf("generated %d packages (%d diagnostics) in %v", len(jobs)-len(failures), warnings, time.Since(start).Round(time.Second))
	// The build is there to find what does not compile: optimisation is
	// off for the generated packages, which halves its time, and -trimpath
	// keeps the temporary directory out of the build cache's keys, so a
	// package generated as before is not compiled again.
	for _, args := range [][]string{{"build", "-trimpath", "-gcflags=realspecs/...=-N -l", "./..."}, {"vet", "./..."}} {
		start := time.Now()
		cmd := exec.Command("go", args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go %s in the generated module: %v\n%s", strings.Join(args, " "), err, firstLines(string(out), 60))
		}
		t.Logf("go %s: %v", strings.Join(args, " "), time.Since(start).Round(time.Second))
	}
}

// packageName makes a Go package name of a corpus and a spec file.
func packageName(corpus, file string) string {
	stem := strings.TrimSuffix(file, filepath.Ext(file))
	stem = strings.TrimSuffix(stem, filepath.Ext(stem)) // swagger.json.unprocessed
	stem = filepath.Base(stem)
	var b strings.Builder
	for _, r := range strings.ToLower(corpus + "_" + stem) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, "\n")
}
