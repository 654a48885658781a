package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestInstall follows the README: it builds pagegen as go install does,
// runs the README's go:generate lines in a fresh module with that binary on
// PATH, and vets the module, generated packages and their examples
// included. The binary's version names the checkout's revision.
func TestInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds pagegen and vets a generated module")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin")
	// -buildvcs=auto, go install's default, whatever GOFLAGS says.
	goCmd(t, ".", nil, "build", "-buildvcs=auto", "-o", filepath.Join(bin, "pagegen"), ".")

	lines := readmeGenerateLines(t)
	app := filepath.Join(tmp, "app")
	spec, err := os.ReadFile(mwsSpec)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(app, "go.mod"), "module example.com/app\n\ngo 1.25\n")
	write(t, filepath.Join(app, "api", "openapi.yaml"), string(spec))
	write(t, filepath.Join(app, "orders", "gen.go"), "package orders\n\n"+lines["-spec"]+"\n")
	write(t, filepath.Join(app, "clients", "gen.go"), "// Package clients holds the API clients.\npackage clients\n\n"+lines["-config"]+"\n")
	write(t, filepath.Join(app, "clients", "pagegen.yaml"), "packages:\n  - specs: [../api/openapi.yaml]\n    out: mws\n  - specs: [../api/openapi.yaml]\n    out: mws2\n    package: mwsagain\n")

	env := []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "GOFLAGS=", "GOWORK=off"}
	goCmd(t, app, env, "generate", "./...")
	for _, doc := range []string{"orders/doc.go", "clients/mws/doc.go", "clients/mws2/doc.go", "orders/example_test.go"} {
		if _, err := os.Stat(filepath.Join(app, doc)); err != nil {
			t.Errorf("go generate did not write %s: %v", doc, err)
		}
	}
	goCmd(t, app, env, "vet", "./...")

	out, err := exec.Command(filepath.Join(bin, "pagegen"), "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	// The revision is stamped when the build ran in a VCS checkout with
	// -buildvcs on (the default); go version -m says whether it was.
	info, err := exec.Command("go", "version", "-m", filepath.Join(bin, "pagegen")).Output()
	if err != nil {
		t.Fatal(err)
	}
	if _, rev, ok := strings.Cut(string(info), "vcs.revision="); ok {
		rev, _, _ = strings.Cut(rev, "\n")
		if !strings.Contains(string(out), rev) {
			t.Errorf("pagegen version = %q, want the revision %s", out, rev)
		}
	} else if !strings.HasPrefix(string(out), "pagegen (devel) go") {
		t.Errorf("pagegen version = %q, want (devel) and the Go version", out)
	}
}

// readmeGenerateLines returns the README's go:generate lines that run an
// installed pagegen, by the flag that tells them apart.
func readmeGenerateLines(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines := map[string]string{}
	for sc := bufio.NewScanner(f); sc.Scan(); {
		line := sc.Text()
		if !strings.HasPrefix(line, "//go:generate pagegen ") {
			continue
		}
		for _, flag := range []string{"-config", "-spec"} {
			if strings.Contains(line, " "+flag+" ") {
				lines[flag] = line
			}
		}
	}
	if len(lines) != 2 {
		t.Fatalf("README has go:generate lines %v, want one with -spec and one with -config", lines)
	}
	return lines
}

func goCmd(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
}
