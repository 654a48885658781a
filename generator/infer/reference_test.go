package infer_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	yaml "github.com/oasdiff/yaml3"

	"github.com/pagegen/pagegen/generator/infer"
	"github.com/pagegen/pagegen/generator/load"
	"github.com/pagegen/pagegen/generator/model"
)

// TestInferenceAgreesWithAnnotations strips the x-pagination annotations
// from the reference specs with an overlay and checks that inference finds
// what the annotations state: the style, where the token goes and comes
// from, the items and the continuation. (What only a human knows —
// restart-on, key, undeclared token spellings — is not compared.)
func TestInferenceAgreesWithAnnotations(t *testing.T) {
	specs, err := filepath.Glob("../../specs/*.yaml")
	if err != nil || len(specs) == 0 {
		t.Skipf("no reference specs in ../../specs (%v)", err)
	}
	for _, spec := range specs {
		t.Run(filepath.Base(spec), func(t *testing.T) {
			annotated := buildFile(t, spec)
			stripped := buildFile(t, spec, stripOverlay(t, spec))
			for _, op := range annotated.Operations {
				want, got := op.Pagination, stripped.Operation(op.ID)
				if want == nil || got == nil {
					continue
				}
				if len(want.TokenSet) > 0 && got.Pagination == nil {
					// Inference finds a token set where each input's next
					// value is named after it (NextPartitionKey,
					// x-ms-continuation-NextPartitionKey) or shares its
					// named schema (TestInferredTokenSet); Route 53's
					// plain-string name, type and identifier beside
					// NextRecordName… take the annotation.
					t.Logf("%s: token set %s… not inferred (known gap)", op.ID, want.Position)
					continue
				}
				if w, g := essentials(want), essentials(got.Pagination); w != g {
					t.Errorf("%s:\nannotated %s\n inferred %s", op.ID, w, g)
				}
				// The token inference finds must be one of the spellings
				// the annotation lists.
				if g := got.Pagination; g != nil && len(g.ResponseToken) > 0 && !hasPath(want.ResponseToken, g.ResponseToken[0]) {
					t.Errorf("%s: inferred response token %s, annotated %v", op.ID, g.ResponseToken[0], want.ResponseToken)
				}
			}
		})
	}
}

func buildFile(t *testing.T, spec string, overlays ...string) *model.API {
	t.Helper()
	s, err := load.Load(context.Background(), spec, overlays)
	if err != nil {
		t.Fatal(err)
	}
	api, err := infer.Build(s, infer.Options{MinConfidence: infer.DefaultMinConfidence})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// stripOverlay writes an overlay that removes every x-pagination of spec.
func stripOverlay(t *testing.T, spec string) string {
	t.Helper()
	data, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Root  any                                  `yaml:"x-pagination"`
		Paths map[string]map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	// A target that matches nothing is an error: remove only what is there.
	var actions []string
	if doc.Root != nil {
		actions = append(actions, "  - {target: \"$['x-pagination']\", remove: true}")
	}
	annotatedOps := false
	for _, item := range doc.Paths {
		for _, op := range item {
			annotatedOps = annotatedOps || op["x-pagination"] != nil
		}
	}
	if annotatedOps {
		actions = append(actions, "  - {target: \"$.paths.*.*['x-pagination']\", remove: true}")
	}
	path := filepath.Join(t.TempDir(), "strip.yaml")
	text := "overlay: 1.0.0\ninfo: {title: strip, version: '1'}\nactions:\n" + strings.Join(actions, "\n") + "\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// essentials renders what inference should find as the annotation says,
// but the response token, which may have several spellings.
func essentials(p *model.Pagination) string {
	if p == nil {
		return "not paginated"
	}
	return strings.Join([]string{string(p.Style), p.Position.String(), "items=" + p.Items.String(), "next=" + p.Next, "from=" + p.CursorFrom}, " ")
}

func hasPath(paths []model.Path, p model.Path) bool {
	for _, q := range paths {
		if q.String() == p.String() {
			return true
		}
	}
	return false
}
