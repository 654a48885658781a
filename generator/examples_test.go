package generator_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/pagegen/pagegen/generator"
	"github.com/pagegen/pagegen/generator/emit"
	"github.com/pagegen/pagegen/testdata/e2e"
)

// example is a package generated into generated_examples/, committed,
// compiled with the module and tested end to end there.
type example struct {
	spec    string // spec file, relative to the repository root
	overlay string // OpenAPI Overlay file applied to spec, relative to the repository root; may be empty
	dir     string // directory under generated_examples/, and the package name
	// shared marks a spec read from ../shared beside the repository (the
	// converted AWS models), which is not committed here.
	shared bool
}

// examples are the reference APIs, the AWS services the tests run against
// local emulators (moto_server, and gofakes3 for S3), and the AutoRest
// paging test server's two specs.
var examples = []example{
	{spec: "specs/mws.yaml", dir: "mws"},
	{spec: "specs/aws-sfn.yaml", dir: "awsjson"},
	{spec: "specs/aws-iot.yaml", dir: "awsrest"},
	{spec: "specs/ucommerce.yaml", dir: "ucommerce"},
	{spec: "specs/alexa.yaml", dir: "alexa"},
	{spec: "specs/azure.yaml", dir: "azure"},
	{spec: "../shared/data/aws-botocore/e2e/stepfunctions.json", overlay: "specs/overlays/stepfunctions.yaml", dir: "sfn", shared: true},
	{spec: "../shared/data/aws-botocore/e2e/iot.json", overlay: "specs/overlays/iot.yaml", dir: "iot", shared: true},
	{spec: "../shared/data/aws-botocore/e2e/route53.json", overlay: "specs/overlays/route53.yaml", dir: "route53", shared: true},
	{spec: "../shared/data/aws-botocore/e2e/s3.json", overlay: "specs/overlays/s3.yaml", dir: "s3", shared: true},
	// The AutoRest paging test server's swagger files, run against that
	// server (testdata/autorest).
	{spec: "../shared/realspecs/azure-autorest-paging/paging.json", dir: "azurepaging", shared: true},
	{spec: "../shared/realspecs/azure-autorest-paging/custom-baseUrl-paging.json", dir: "azurecustomurl", shared: true},
}

// config is what generates ex, with paths relative to this package's
// directory. It skips t when ex needs ../shared and that is absent, or
// fails it when PAGEGEN_REQUIRE_E2E=1.
func (ex example) config(t *testing.T) generator.Config {
	t.Helper()
	root := ".."
	if ex.shared {
		e2e.Shared(t, "")
	}
	cfg := generator.Config{Specs: []string{filepath.Join(root, ex.spec)}, Package: ex.dir}
	if ex.overlay != "" {
		cfg.Overlays = []string{filepath.Join(root, ex.overlay)}
	}
	return cfg
}

// TestGeneratedExamplesFresh fails when generated_examples/ is stale: the
// committed code must be what pagegen generates from its spec and overlay now.
func TestGeneratedExamplesFresh(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.dir, func(t *testing.T) {
			files, _, err := generator.Generate(context.Background(), ex.config(t))
			if err != nil {
				t.Fatal(err)
			}
			checkFresh(t, filepath.Join("../generated_examples", ex.dir), files)
		})
	}
}

// checkFresh fails t when the files committed in dir are not files, or
// writes files there with -update.
func checkFresh(t *testing.T, dir string, files []emit.File) {
	t.Helper()
	if *update {
		if err := generator.Write(dir, files); err != nil {
			t.Fatal(err)
		}
		return
	}
	diff, err := generator.Check(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	if diff != "" {
		t.Errorf("%s is stale; run go test ./generator -update\n%s", dir, diff)
	}
}

// TestDeterministic generates every example several times and wants the
// same bytes each time: map order or timestamps must never leak into output.
// The examples generate in parallel, which also shows that generations do
// not share state.
func TestDeterministic(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.dir, func(t *testing.T) {
			t.Parallel()
			cfg := ex.config(t)
			first, _, err := generator.Generate(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				again, _, err := generator.Generate(context.Background(), cfg)
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
		})
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
