package generator_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pagegen/pagegen/generator"
)

// FuzzGenerate feeds arbitrary documents to loading and inference: a spec
// is untrusted input, and whatever it says must end in a model or an
// error, never a panic or a hang. (Emission sees only models inference
// accepted; the golden and real-spec tests cover it.) Each input costs a
// full load, so keep minimization short:
//
//	go test ./generator -run '^$' -fuzz FuzzGenerate -fuzzminimizetime 1s
//
// Seeds are the golden specs.
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
		done := make(chan struct{})
		go func() {
			defer close(done)
			apis, err := generator.Build(context.Background(), generator.Config{Specs: []string{spec}})
			if err == nil && len(apis) != 1 {
				t.Error("no error and no model")
			}
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("no answer in 10s for:\n%q", data)
		}
	})
}
