package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// One config file generates several packages, with paths relative to it,
// whichever directory pagegen runs in; check reads the same file.
func TestConfigSeveralPackages(t *testing.T) {
	dir := t.TempDir()
	specs, _ := filepath.Abs("../../specs")
	config := write(t, filepath.Join(dir, "api", "pagegen.yaml"), `packages:
  - specs: [`+filepath.Join(specs, "mws.yaml")+`]
    out: ../clients/mws
  - specs: [`+filepath.Join(specs, "alexa.yaml")+`]
    out: ../clients/alexa-api
    package: alexa
    client: standalone
    min-confidence: 0.7
`)
	code, _, errOut := pagegen(t, "generate", "-config", config)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for dir, pkg := range map[string]string{filepath.Join(dir, "clients", "mws"): "mws", filepath.Join(dir, "clients", "alexa-api"): "alexa"} {
		doc, err := os.ReadFile(filepath.Join(dir, "doc.go"))
		if err != nil || !strings.Contains(string(doc), "package "+pkg+"\n") {
			t.Errorf("%s: %v\n%s", dir, err, doc)
		}
		if !strings.Contains(errOut, "pagegen: "+dir+": ") {
			t.Errorf("no summary for %s in %q", dir, errOut)
		}
	}
	if code, diff, errOut := pagegen(t, "check", "-config", config); code != 0 {
		t.Errorf("check -config: exit %d\n%s%s", code, diff, errOut)
	}
	if code, _, _ := pagegen(t, "generate", "-config", config, "-out", dir); code != 2 {
		t.Errorf("-config with -out: exit %d, want 2", code)
	}
}

// A user's file in the way in the last package stops the run before the
// first package is written.
func TestConfigRefusesBeforeWriting(t *testing.T) {
	dir := t.TempDir()
	specs, _ := filepath.Abs("../../specs")
	config := write(t, filepath.Join(dir, "pagegen.yaml"), "packages:\n  - specs: ["+filepath.Join(specs, "mws.yaml")+"]\n    out: first\n  - specs: ["+filepath.Join(specs, "alexa.yaml")+"]\n    out: second\n")
	mine := write(t, filepath.Join(dir, "second", "doc.go"), "// Package second is mine.\npackage second\n")
	code, _, errOut := pagegen(t, "generate", "-config", config)
	if code != 1 || !strings.Contains(errOut, "refusing to overwrite "+mine) {
		t.Fatalf("exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "first")); !os.IsNotExist(err) {
		t.Error("the first package was written before the refusal")
	}
}

func TestConfigErrors(t *testing.T) {
	dir := t.TempDir()
	for name, tc := range map[string]struct{ config, want string }{
		"unknown key": {"packages:\n  - specs: [a.yaml]\n    out: x\n    outdir: y\n", ":4:5: unknown key \"outdir\""},
		"no out":      {"packages:\n  - specs: [a.yaml]\n", ":2:5: no out directory"},
		"client":      {"packages:\n  - specs: [a.yaml]\n    out: x\n    client: ogen\n", ":2:5: client \"ogen\""},
		"syntax":      {"packages:\n  - specs: [a.yaml]\n    out: x\n  package: p\n", ":4:3: did not find expected '-' indicator"},
		"top level":   {"specs: [a.yaml]\n", ":1:1: unknown key \"specs\""},
		"same out":    {"packages:\n  - {specs: [a.yaml], out: x}\n  - {specs: [b.yaml], out: x}\n", ":3:5: out x is the out of another package too"},
	} {
		t.Run(name, func(t *testing.T) {
			config := write(t, filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".yaml"), tc.config)
			code, _, errOut := pagegen(t, "generate", "-config", config)
			if code != 1 || !strings.Contains(errOut, config+tc.want) {
				t.Errorf("exit %d, %q, want %q", code, errOut, config+tc.want)
			}
		})
	}
}

// The README's config file is one pagegen reads.
func TestREADMEConfig(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "```yaml\n# pagegen.yaml")
	if !ok {
		t.Fatal("README has no pagegen.yaml example")
	}
	block, _, _ = strings.Cut(block, "```")
	config := write(t, filepath.Join(t.TempDir(), "pagegen.yaml"), "# pagegen.yaml"+block)
	jobs, err := readConfig(config)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 2 || jobs[0].cfg.Package != "orders" || jobs[1].cfg.Specs[0] != "https://example.com/billing/openapi.json" {
		t.Errorf("jobs = %+v", jobs)
	}
}
