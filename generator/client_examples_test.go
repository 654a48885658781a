package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pagegen/pagegen/generator"
	"github.com/pagegen/pagegen/generator/load"
	"github.com/pagegen/pagegen/testdata/e2e"
)

// The examples over an existing client live in generated_examples/byo, a Go
// module of its own: the clients need their generators' runtimes, which
// pagegen's module must not depend on. Each holds the client as its
// generator writes it (api/) and pagegen's paginators over it (pages/),
// with the end-to-end tests beside them.

// byoModule is the nested module's directory, from this package.
const byoModule = "../generated_examples/byo"

// The client generators the committed clients are generated with.
const (
	oapiCodegenVersion = "v2.8.2"
	ogenVersion        = "v1.25.0"
)

// clientExample is one client and the paginators over it.
type clientExample struct {
	spec      string // relative to the repository root
	generator string // oapi-codegen or ogen
	dir       string // under generated_examples/byo: dir/api and dir/pages
	// clientSpec, when set, is the spec the client generator reads in place
	// of spec (relative to the repository root): spec converted to OpenAPI
	// 3, for a Swagger 2.0 spec, which neither generator reads.
	clientSpec string
}

// azureClientSpec is specs/azure.yaml converted to OpenAPI 3 by pagegen's
// loader (TestClientExampleSpecs).
const azureClientSpec = "generated_examples/byo/azure/openapi.json"

var clientExamples = []clientExample{
	{spec: "specs/ucommerce.yaml", generator: "oapi-codegen", dir: "ucommerce/oapi"},
	{spec: "specs/alexa.yaml", generator: "oapi-codegen", dir: "alexa/oapi"},
	{spec: "specs/ucommerce.yaml", generator: "ogen", dir: "ucommerce/ogen"},
	{spec: "specs/alexa.yaml", generator: "ogen", dir: "alexa/ogen"},
	{spec: "specs/aws-iot.yaml", generator: "oapi-codegen", dir: "iot/oapi"},
	{spec: "specs/aws-iot.yaml", generator: "ogen", dir: "iot/ogen"},
	// Every paging style pagegen binds over a user's client.
	{spec: "testdata/pagingserver/openapi.yaml", generator: "oapi-codegen", dir: "paging/oapi"},
	{spec: "testdata/pagingserver/openapi.yaml", generator: "ogen", dir: "paging/ogen"},
	{spec: "specs/azure.yaml", generator: "oapi-codegen", dir: "azure/oapi", clientSpec: azureClientSpec},
	{spec: "specs/azure.yaml", generator: "ogen", dir: "azure/ogen", clientSpec: azureClientSpec},
	// AWS's JSON 1.0 protocol: oapi-codegen takes the
	// application/x-amz-json-1.0 bodies as an io.Reader and leaves the
	// responses raw; ogen reads the content type as JSON when its ogen.yml
	// aliases it.
	{spec: "specs/aws-sfn.yaml", generator: "oapi-codegen", dir: "sfn/oapi"},
	{spec: "specs/aws-sfn.yaml", generator: "ogen", dir: "sfn/ogen"},
}

func (ex clientExample) config() generator.Config {
	return generator.Config{
		Specs:        []string{filepath.Join("..", ex.spec)},
		Package:      "pages",
		Client:       ex.generator,
		ClientImport: "github.com/pagegen/pagegen/generated_examples/byo/" + ex.dir + "/api",
		ClientDir:    byoModule,
	}
}

// clientInput is the spec the client generator reads.
func (ex clientExample) clientInput() string {
	if ex.clientSpec != "" {
		return ex.clientSpec
	}
	return ex.spec
}

// TestClientExampleSpecs fails when a converted spec the client generators
// read is not what pagegen's loader makes of its Swagger 2.0 spec now.
func TestClientExampleSpecs(t *testing.T) {
	done := map[string]bool{}
	for _, ex := range clientExamples {
		if ex.clientSpec == "" || done[ex.clientSpec] {
			continue
		}
		done[ex.clientSpec] = true
		spec, err := load.Load(context.Background(), filepath.Join("..", ex.spec), nil)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := spec.Doc.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := json.Indent(&out, raw, "", "  "); err != nil {
			t.Fatal(err)
		}
		out.WriteString("\n")
		path := filepath.Join("..", ex.clientSpec)
		if *update {
			if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, out.Bytes()) {
			t.Errorf("%s is not %s converted to OpenAPI 3 (%v); run go test ./generator -run ClientExampleSpecs -update", path, ex.spec, err)
		}
	}
}

// byoModuleReady skips t when the nested module's dependencies cannot be
// had (no module cache and no network).
func byoModuleReady(t *testing.T) {
	t.Helper()
	if out, err := downloadByoModule(); err != nil {
		e2e.Unavailable(t, "the client runtimes of %s cannot be downloaded: %v\n%s", byoModule, err, out)
	}
}

// downloadByoModule fetches the nested module's dependencies, once for all
// the tests that need them.
var downloadByoModule = sync.OnceValues(func() ([]byte, error) {
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = byoModule
	return cmd.CombinedOutput()
})

// TestClientExamplesFresh fails when the paginators committed over a client
// are not what pagegen generates from the spec and that client now.
func TestClientExamplesFresh(t *testing.T) {
	byoModuleReady(t)
	for _, ex := range clientExamples {
		t.Run(ex.dir, func(t *testing.T) {
			files, _, err := generator.Generate(context.Background(), ex.config())
			if err != nil {
				t.Fatal(err)
			}
			checkFresh(t, filepath.Join(byoModule, ex.dir, "pages"), files)
		})
	}
}

// TestClientExamplesEndToEnd runs the tests of the nested module: every
// example's paginators over its client, against the emulators and through
// the fault matrix.
func TestClientExamplesEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet and go test in " + byoModule)
	}
	byoModuleReady(t)
	for _, args := range [][]string{{"vet", "./..."}, {"test", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = byoModule
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), byoModule, err, out)
		}
	}
}

// TestClientExamplesClients regenerates each committed client with its
// generator at the pinned version and wants the committed bytes: the
// examples run against what the generator really writes.
func TestClientExamplesClients(t *testing.T) {
	if testing.Short() {
		t.Skip("installs oapi-codegen and ogen")
	}
	bins := map[string]string{}
	for _, ex := range clientExamples {
		t.Run(ex.dir, func(t *testing.T) {
			if bins[ex.generator] == "" {
				switch ex.generator {
				case "oapi-codegen":
					bins[ex.generator] = installTool(t, "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen", oapiCodegenVersion)
				case "ogen":
					bins[ex.generator] = installTool(t, "github.com/ogen-go/ogen/cmd/ogen", ogenVersion)
				}
			}
			apiDir := filepath.Join(byoModule, ex.dir, "api")
			got := generateClient(t, bins[ex.generator], ex, apiDir)
			if *update {
				for name, src := range got {
					if err := os.WriteFile(filepath.Join(apiDir, name), src, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			for name, src := range got {
				want, err := os.ReadFile(filepath.Join(apiDir, name))
				if err != nil || !bytes.Equal(src, want) {
					t.Errorf("%s is not what %s generates from %s (%v); run go test ./generator -update", filepath.Join(apiDir, name), ex.generator, ex.spec, err)
				}
			}
			entries, err := os.ReadDir(apiDir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if _, ok := got[e.Name()]; !ok && strings.HasSuffix(e.Name(), ".go") {
					t.Errorf("%s is not generated by %s", filepath.Join(apiDir, e.Name()), ex.generator)
				}
			}
		})
	}
}

// generateClient runs the client generator for ex in a scratch directory
// and returns the Go files it wrote, by name. oapi-codegen runs with the
// configuration committed beside the client (oapi-codegen.yaml).
func generateClient(t *testing.T, bin string, ex clientExample, apiDir string) map[string][]byte {
	t.Helper()
	spec, err := filepath.Abs(filepath.Join("..", ex.clientInput()))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	var cmd *exec.Cmd
	switch ex.generator {
	case "oapi-codegen":
		cfg, err := os.ReadFile(filepath.Join(apiDir, "oapi-codegen.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tmp, "oapi-codegen.yaml"), cfg, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd = exec.Command(bin, "-config", "oapi-codegen.yaml", spec)
	case "ogen":
		args := []string{"--target", "out", "--package", "api", "--clean", spec}
		// An ogen.yml beside the client is its configuration (the SFN
		// client's content_type_aliases).
		if cfg, err := os.ReadFile(filepath.Join(apiDir, "ogen.yml")); err == nil {
			if err := os.WriteFile(filepath.Join(tmp, "ogen.yml"), cfg, 0o644); err != nil {
				t.Fatal(err)
			}
			args = append([]string{"--config", "ogen.yml"}, args...)
		}
		cmd = exec.Command(bin, args...)
	}
	cmd.Dir = tmp
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", ex.generator, ex.spec, err, msg)
	}
	out := tmp
	if ex.generator == "ogen" {
		out = filepath.Join(tmp, "out")
	}
	files, err := filepath.Glob(filepath.Join(out, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("%s wrote no Go files (%v)", ex.generator, err)
	}
	got := map[string][]byte{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got[filepath.Base(f)] = src
	}
	return got
}

// installTool installs a command at a pinned version into a cache
// directory shared by test runs, and returns its path. It skips t when the
// module cannot be fetched.
func installTool(t *testing.T, pkg, version string) string {
	t.Helper()
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "pagegen-test-tools", filepath.Base(pkg)+"@"+version)
	bin := filepath.Join(dir, filepath.Base(pkg))
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	cmd := exec.Command("go", "install", pkg+"@"+version)
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		e2e.Unavailable(t, "go install %s@%s: %v\n%s", pkg, version, err, out)
	}
	return bin
}

// TestClientThatDoesNotCompile: oapi-codegen's default configuration gives
// the Alexa and IoT specs packages that do not compile (the specs'
// ListUnitsResponse and ListThingsResponse schemas collide with
// oapi-codegen's own types of those names). pagegen says so, and how to fix
// it, instead of writing paginators over them.
func TestClientThatDoesNotCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("installs oapi-codegen")
	}
	bin := installTool(t, "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen", oapiCodegenVersion)
	byoModuleReady(t)
	for _, spec := range []string{"specs/alexa.yaml", "specs/aws-iot.yaml"} {
		t.Run(filepath.Base(spec), func(t *testing.T) {
			// Inside the module, where go/packages finds the client's
			// runtime; the leading underscore keeps ./... out of it.
			dir, err := os.MkdirTemp(byoModule, "_broken")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(dir) })
			abs, err := filepath.Abs(filepath.Join("..", spec))
			if err != nil {
				t.Fatal(err)
			}
			cfg := "package: api\noutput: client.gen.go\ngenerate:\n  models: true\n  client: true\n"
			if err := os.WriteFile(filepath.Join(dir, "oapi-codegen.yaml"), []byte(cfg), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bin, "-config", "oapi-codegen.yaml", abs)
			cmd.Dir = dir
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("oapi-codegen: %v\n%s", err, msg)
			}
			_, _, err = generator.Generate(context.Background(), generator.Config{
				Specs:        []string{filepath.Join("..", spec)},
				Package:      "pages",
				Client:       "oapi-codegen",
				ClientImport: "github.com/pagegen/pagegen/generated_examples/byo/" + filepath.Base(dir),
				ClientDir:    byoModule,
			})
			if err == nil {
				t.Fatal("generated paginators over a client that does not compile")
			}
			for _, want := range []string{"does not compile", "redeclared", "response-type-suffix", "more errors"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q:\n%v", want, err)
				}
			}
			if n := strings.Count(err.Error(), "\n"); n > 8 {
				t.Errorf("error has %d lines, want a few:\n%v", n, err)
			}
		})
	}
}

// TestClientOverXML: MWS answers with XML. oapi-codegen generates a client
// for it (with a response-type-suffix, as its schemas are named like the
// response types), but decodes the XML into models that have json tags
// only, so its lists come out as one empty item; ogen generates no method
// for it at all (with ignore_not_implemented; without, it stops). pagegen
// refuses both, naming the operation and why, and writes nothing.
func TestClientOverXML(t *testing.T) {
	if testing.Short() {
		t.Skip("installs oapi-codegen and ogen")
	}
	spec, err := filepath.Abs("../specs/mws.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		generator, config, want string
	}{
		{"oapi-codegen", "package: api\noutput: client.gen.go\ngenerate:\n  models: true\n  client: true\noutput-options:\n  response-type-suffix: Reply\n",
			"the response is XML (text/xml), which oapi-codegen decodes with encoding/xml into models whose fields have json tags only"},
		{"ogen", "generator:\n  ignore_not_implemented: [\"all\"]\n",
			"the response is XML (text/xml), for which ogen generates no method"},
	}
	for _, c := range cases {
		t.Run(c.generator, func(t *testing.T) {
			var bin string
			var args []string
			switch c.generator {
			case "oapi-codegen":
				bin = installTool(t, "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen", oapiCodegenVersion)
				args = []string{"-config", "config.yaml", spec}
			case "ogen":
				bin = installTool(t, "github.com/ogen-go/ogen/cmd/ogen", ogenVersion)
				args = []string{"--config", "config.yaml", "--target", ".", "--package", "api", spec}
			}
			byoModuleReady(t)
			// Inside the module, where go/packages finds the client's
			// runtime; the leading underscore keeps ./... out of it.
			dir, err := os.MkdirTemp(byoModule, "_xml")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(dir) })
			if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(c.config), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bin, args...)
			cmd.Dir = dir
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", c.generator, err, msg)
			}
			os.Remove(filepath.Join(dir, "config.yaml"))
			_, _, err = generator.Generate(context.Background(), generator.Config{
				Specs:        []string{"../specs/mws.yaml"},
				Package:      "pages",
				Client:       c.generator,
				ClientImport: "github.com/pagegen/pagegen/generated_examples/byo/" + filepath.Base(dir),
				ClientDir:    byoModule,
			})
			if err == nil {
				t.Fatal("generated paginators over a client that cannot page MWS's XML")
			}
			t.Log(err)
			if !strings.Contains(err.Error(), c.want) || !regexp.MustCompile(`mws\.yaml:\d+:\d+: \w+: the response is XML`).MatchString(err.Error()) {
				t.Errorf("error:\n%v\nwant the operation, its place and %q", err, c.want)
			}
		})
	}
}

// TestClientOverAWSJSONWithoutAlias: ogen knows AWS's
// application/x-amz-json-1.0 as no JSON type. Without an alias it stops;
// told to ignore what it cannot implement, it writes a client without the
// operations. pagegen says why the method is missing and what to configure
// (the committed SFN client, generated with the alias, binds).
func TestClientOverAWSJSONWithoutAlias(t *testing.T) {
	if testing.Short() {
		t.Skip("installs ogen")
	}
	bin := installTool(t, "github.com/ogen-go/ogen/cmd/ogen", ogenVersion)
	byoModuleReady(t)
	spec, err := filepath.Abs("../specs/aws-sfn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Inside the module, where go/packages finds the client's runtime; the
	// leading underscore keeps ./... out of it.
	dir, err := os.MkdirTemp(byoModule, "_awsjson")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	cfg := filepath.Join(t.TempDir(), "ogen.yml")
	if err := os.WriteFile(cfg, []byte("generator:\n  ignore_not_implemented: [\"unsupported content types\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--config", cfg, "--target", ".", "--package", "api", spec)
	cmd.Dir = dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ogen: %v\n%s", err, msg)
	}
	_, _, err = generator.Generate(context.Background(), generator.Config{
		Specs:        []string{"../specs/aws-sfn.yaml"},
		Package:      "pages",
		Client:       "ogen",
		ClientImport: "github.com/pagegen/pagegen/generated_examples/byo/" + filepath.Base(dir),
		ClientDir:    byoModule,
	})
	if err == nil {
		t.Fatal("generated paginators over a client without the operations")
	}
	t.Log(err)
	want := regexp.MustCompile(`aws-sfn\.yaml:\d+:\d+: \w+: Client of \S+ has no method for operation \w+ \(looked for \w+\): ogen knows application/x-amz-json-1\.0 as no JSON type.*content_type_aliases: \{application/x-amz-json-1\.0: application/json\}`)
	if !want.MatchString(err.Error()) {
		t.Errorf("error:\n%v\nwant it to match\n%s", err, want)
	}
}

// skipSpec has two operations paginated by inference alone: listThings
// answers JSON, listUsers SCIM's application/scim+json, which oapi-codegen
// does not decode (GitHub's scim/list-provisioned-identities).
const skipSpec = `openapi: 3.0.3
info: {title: Skip, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {$ref: "#/components/schemas/Thing"}}
                  next_cursor: {type: string}
  /users:
    get:
      operationId: listUsers
      %s
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/scim+json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {$ref: "#/components/schemas/Thing"}}
                  next_cursor: {type: string}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {type: string}
`

// TestClientSkipsWhatItCannotPage: an operation paginated by inference
// alone that the client cannot carry is left out with a warning, and the
// others are generated; declared paginated, the same operation is an
// error.
func TestClientSkipsWhatItCannotPage(t *testing.T) {
	if testing.Short() {
		t.Skip("installs oapi-codegen")
	}
	bin := installTool(t, "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen", oapiCodegenVersion)
	byoModuleReady(t)
	for _, declared := range []bool{false, true} {
		t.Run(fmt.Sprintf("declared=%t", declared), func(t *testing.T) {
			annotation := ""
			if declared {
				annotation = `x-pagination: {token: {request: cursor, response: next_cursor}, items: items}`
			}
			// Inside the module, where go/packages finds the client's
			// runtime; the leading underscore keeps ./... out of it.
			dir, err := os.MkdirTemp(byoModule, "_skip")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(dir) })
			spec := filepath.Join(dir, "openapi.yaml")
			oapiCfg := "package: api\noutput: client.gen.go\ngenerate:\n  models: true\n  client: true\n"
			for name, text := range map[string]string{spec: fmt.Sprintf(skipSpec, annotation), filepath.Join(dir, "config.yaml"): oapiCfg} {
				if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.Command(bin, "-config", "config.yaml", "openapi.yaml")
			cmd.Dir = dir
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("oapi-codegen: %v\n%s", err, msg)
			}
			cfg := generator.Config{
				Specs:        []string{spec},
				Package:      "pages",
				Client:       "oapi-codegen",
				ClientImport: "github.com/pagegen/pagegen/generated_examples/byo/" + filepath.Base(dir),
				ClientDir:    byoModule,
			}
			files, diags, err := generator.Generate(context.Background(), cfg)
			if declared {
				if err == nil || !strings.Contains(err.Error(), "listUsers") || !strings.Contains(err.Error(), "JSON2xx") {
					t.Fatalf("err = %v, want listUsers refused", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			names := map[string]bool{}
			for _, f := range files {
				names[f.Name] = true
			}
			if !names["op_list_things.go"] || names["op_list_users.go"] {
				t.Errorf("files %v: want listThings paged and listUsers left out", slices.Sorted(maps.Keys(names)))
			}
			warned := false
			for _, d := range diags {
				warned = warned || d.Operation == "listUsers" && strings.Contains(d.Message, "no paginator over the client")
			}
			if !warned {
				t.Errorf("no warning about listUsers in %v", diags)
			}
			// explain says so too.
			apis, err := generator.Build(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			b, err := generator.Bind(apis[0], cfg)
			if err != nil {
				t.Fatal(err)
			}
			ex := generator.Explain(apis[0])
			generator.ExplainBinding(&ex, b)
			explained := false
			for _, d := range ex.Diagnostics {
				explained = explained || d.Operation == "listUsers" && strings.Contains(d.Message, "no paginator over the client")
			}
			if !explained {
				t.Errorf("explain has no warning about listUsers: %+v", ex.Diagnostics)
			}
		})
	}
}
