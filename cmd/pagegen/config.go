package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	yaml "github.com/oasdiff/yaml3"

	"github.com/pagegen/pagegen/generator"
	"github.com/pagegen/pagegen/generator/load"
)

// A config file (-config pagegen.yaml) lists the packages to generate, so
// that a go:generate line stays short and one file drives several
// packages:
//
//	packages:
//	  - specs: [api/orders.yaml]           # files or http(s) URLs
//	    overlays: [api/pagination.yaml]    # optional
//	    out: orders                        # output directory
//	    package: orders                    # optional: the directory's name
//	    client: standalone                 # optional: standalone, or oapi-codegen or ogen with client-import
//	    min-confidence: 0.6                # optional
//
// Relative paths are relative to the config file's directory, wherever
// pagegen runs from. JSON works too, YAML being a superset of it.

// job is one package to generate: what generates it and where it goes.
type job struct {
	cfg generator.Config
	out string
}

// packageKeys are the keys a package entry may have.
var packageKeys = []string{"specs", "overlays", "out", "package", "client", "client-import", "min-confidence"}

// readConfig reads the config file at path into jobs.
func readConfig(path string) ([]job, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, load.SyntaxError(path, data, err)
	}
	at := func(n *yaml.Node, format string, args ...any) error {
		return fmt.Errorf("%s:%d:%d: %s", path, n.Line, n.Column, fmt.Sprintf(format, args...))
	}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("%s: empty config: want a packages list", path)
	}
	doc := root.Content[0]
	var pkgs *yaml.Node
	if doc.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(doc.Content); i += 2 {
			if k := doc.Content[i]; k.Value != "packages" {
				return nil, at(k, "unknown key %q (the config has one key, packages)", k.Value)
			}
			pkgs = doc.Content[i+1]
		}
	}
	if pkgs == nil || pkgs.Kind != yaml.SequenceNode || len(pkgs.Content) == 0 {
		return nil, at(doc, "want a packages list with one entry per package to generate")
	}
	base := filepath.Dir(path)
	var jobs []job
	outs := map[string]bool{}
	for _, n := range pkgs.Content {
		if n.Kind != yaml.MappingNode {
			return nil, at(n, "a package entry is a mapping of %v", packageKeys)
		}
		for i := 0; i < len(n.Content); i += 2 {
			if k := n.Content[i]; !slices.Contains(packageKeys, k.Value) {
				return nil, at(k, "unknown key %q; a package entry has %v", k.Value, packageKeys)
			}
		}
		var entry struct {
			Specs         []string `yaml:"specs"`
			Overlays      []string `yaml:"overlays"`
			Out           string   `yaml:"out"`
			Package       string   `yaml:"package"`
			Client        string   `yaml:"client"`
			ClientImport  string   `yaml:"client-import"`
			MinConfidence float64  `yaml:"min-confidence"`
		}
		if err := n.Decode(&entry); err != nil {
			return nil, at(n, "%v", err)
		}
		switch {
		case len(entry.Specs) == 0:
			return nil, at(n, "no specs")
		case entry.Out == "":
			return nil, at(n, "no out directory")
		case entry.Client != "" && entry.Client != "standalone" && entry.Client != "oapi-codegen" && entry.Client != "ogen":
			return nil, at(n, "client %q: pagegen generates standalone clients or paginators over an oapi-codegen or ogen client", entry.Client)
		case entry.ClientImport != "" && entry.Client != "oapi-codegen" && entry.Client != "ogen":
			return nil, at(n, "client-import needs client: oapi-codegen or ogen")
		}
		j := job{out: relativeTo(base, entry.Out), cfg: generator.Config{
			Package:       entry.Package,
			MinConfidence: entry.MinConfidence,
			Client:        entry.Client,
			ClientImport:  entry.ClientImport,
			// The client package is found from the config file's module.
			ClientDir: base,
		}}
		for _, s := range entry.Specs {
			j.cfg.Specs = append(j.cfg.Specs, relativeTo(base, s))
		}
		for _, o := range entry.Overlays {
			j.cfg.Overlays = append(j.cfg.Overlays, relativeTo(base, o))
		}
		if outs[j.out] {
			return nil, at(n, "out %s is the out of another package too", entry.Out)
		}
		outs[j.out] = true
		jobs = append(jobs, j)
	}
	return jobs, nil
}

// relativeTo resolves a config file's path against its directory; URLs
// and absolute paths stay as they are.
func relativeTo(base, p string) string {
	if load.IsURL(p) || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(base, p)
}
