package generator_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pagegen/pagegen/generator"
)

// FuzzGenerate feeds arbitrary documents to the whole pipeline: a spec is
// untrusted input, and whatever it says must end in files or an error,
// never a panic. Seeds are the golden specs; run it longer with
// go test ./generator -fuzz FuzzGenerate.
func FuzzGenerate(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(goldenDir, "*", "spec.*"))
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("openapi: 3.0.0\npaths: {}\n"))
	f.Add([]byte(`{"swagger":"2.0","paths":{"/a":{"get":{"x-pagination":{"items":1}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		spec := filepath.Join(dir, "spec.yaml")
		if err := os.WriteFile(spec, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files, _, err := generator.Generate(context.Background(), generator.Config{Specs: []string{spec}, Package: "fuzz"})
		if err == nil && len(files) == 0 {
			t.Fatal("no error and no files")
		}
	})
}
