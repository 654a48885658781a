package generator_test

import (
	"context"
	"testing"

	"github.com/pagegen/pagegen/generator"
	"github.com/pagegen/pagegen/testdata/e2e"
)

// The generation benchmarks time pagegen on the largest real specs, with no
// annotations: loading, inference and emission. generator/testdata/
// bench-oapi-codegen.sh runs them beside oapi-codegen on the same specs.

func BenchmarkGenerateStripe(b *testing.B) {
	benchmarkGenerate(b, "realspecs/stripe/spec3.json", "stripe")
}

func BenchmarkGenerateGitHub(b *testing.B) {
	benchmarkGenerate(b, "realspecs/github/api.github.com.json", "github")
}

func benchmarkGenerate(b *testing.B, rel, pkg string) {
	spec := benchSpec(b, rel)
	cfg := generator.Config{Specs: []string{spec}, Package: pkg}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := generator.Generate(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// benchSpec returns the path of a file under ../shared beside the
// repository, or skips (fails with PAGEGEN_REQUIRE_E2E=1) when it is absent.
func benchSpec(b *testing.B, rel string) string {
	return e2e.Shared(b, rel)
}

// BenchmarkGenerateMWS times the bundled MWS example, annotated: what a
// go generate run in an SDK repository costs.
func BenchmarkGenerateMWS(b *testing.B) {
	cfg := generator.Config{Specs: []string{"../specs/mws.yaml"}, Package: "mws"}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := generator.Generate(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
}
