package generator_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/pagegen/pagegen/generator"
)

// examples are the reference APIs generated into generated_examples/,
// committed, compiled with the module and tested end to end there.
var examples = []struct {
	spec, dir string
}{
	{"mws.yaml", "mws"},
}

func exampleConfig(spec, dir string) generator.Config {
	return generator.Config{Specs: []string{filepath.Join("../specs", spec)}, Package: dir}
}

// TestGeneratedExamplesFresh fails when generated_examples/ is stale: the
// committed code must be what pagegen generates from specs/ now.
func TestGeneratedExamplesFresh(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.dir, func(t *testing.T) {
			files, _, err := generator.Generate(context.Background(), exampleConfig(ex.spec, ex.dir))
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join("../generated_examples", ex.dir)
			if *update {
				if err := generator.Write(out, files); err != nil {
					t.Fatal(err)
				}
				return
			}
			diff, err := generator.Check(out, files)
			if err != nil {
				t.Fatal(err)
			}
			if diff != "" {
				t.Errorf("%s is stale; run go test ./generator -update\n%s", out, diff)
			}
		})
	}
}

// TestDeterministic generates every example several times and wants the
// same bytes each time: map order or timestamps must never leak into output.
func TestDeterministic(t *testing.T) {
	for _, ex := range examples {
		first, _, err := generator.Generate(context.Background(), exampleConfig(ex.spec, ex.dir))
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			again, _, err := generator.Generate(context.Background(), exampleConfig(ex.spec, ex.dir))
			if err != nil {
				t.Fatal(err)
			}
			if len(again) != len(first) {
				t.Fatalf("%s: %d files, then %d", ex.spec, len(first), len(again))
			}
			for i := range first {
				if first[i].Name != again[i].Name || !bytes.Equal(first[i].Content, again[i].Content) {
					t.Fatalf("%s: %s differs between runs", ex.spec, first[i].Name)
				}
			}
		}
	}
}

// TestGeneratedExamplesVet runs go vet over the committed examples and the
// tests beside them.
func TestGeneratedExamplesVet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	goCmd(t, "..", "vet", "./generated_examples/...")
}
