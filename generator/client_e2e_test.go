package generator_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generator"
	"github.com/pagegen/pagegen/testdata/e2e"
)

// sharedClient is one spec of ../shared (a converted botocore model of the
// AWS e2e set, or a real published spec) with one client generator: the
// configuration it is generated with, and what comes of it.
type sharedClient struct {
	spec      string // under ../shared
	generator string // oapi-codegen or ogen
	config    string // the generator's configuration file
	// genErr, when set, is what the generator itself stops with: there is
	// no client to page over.
	genErr string
	// bindErr, when set, is pagegen's refusal of the client; else pagegen
	// writes paginators over it, which go vet must pass.
	bindErr string
	// walk, when set, is a test file put beside the paginators and run:
	// a walk over the client against a server of the API's shape.
	walk string
}

const (
	oapiDefault = "package: api\noutput: client.gen.go\ngenerate:\n  models: true\n  client: true\n"
	// The AWS models name schemas XResponse, the names oapi-codegen gives
	// its own response types.
	oapiSuffix = oapiDefault + "output-options:\n  response-type-suffix: Result\n"
	// ogen stops at the first content type it does not know unless told to
	// leave such operations out.
	ogenIgnore = "generator:\n  ignore_not_implemented: [\"unsupported content types\"]\n"
)

// aws is where the AWS e2e models are, under ../shared.
const aws = "data/aws-botocore/e2e/"

var sharedClients = []sharedClient{
	// GitHub pages by Link headers. oapi-codegen needs its name
	// collisions resolved; ogen stops on them.
	{spec: "realspecs/github/api.github.com.json", generator: "oapi-codegen", config: oapiDefault + "output-options:\n  resolve-type-name-collisions: true\n", walk: githubWalk},
	{spec: "realspecs/github/api.github.com.json", generator: "ogen", config: "generator:\n  ignore_not_implemented: [\"all\"]\n", genErr: `name conflict: "Status"`},
	// AWS JSON 1.0 and 1.1: oapi-codegen takes the bodies as an io.Reader
	// and leaves the responses raw; pagegen encodes and decodes them.
	{spec: aws + "stepfunctions.json", generator: "oapi-codegen", config: oapiDefault},
	{spec: aws + "logs.json", generator: "oapi-codegen", config: oapiSuffix},
	// ogen reads the JSON protocol's content type as JSON when aliased.
	{spec: aws + "stepfunctions.json", generator: "ogen", config: "generator:\n  content_type_aliases:\n    application/x-amz-json-1.0: application/json\n"},
	// Its anonymous types clash in the CloudWatch Logs and IoT models.
	{spec: aws + "logs.json", generator: "ogen", config: "generator:\n  content_type_aliases:\n    application/x-amz-json-1.1: application/json\n",
		genErr: `anonymous type name conflict: "OptString"`},
	{spec: aws + "iot.json", generator: "ogen", config: ogenIgnore, genErr: `anonymous type name conflict: "OptString"`},
	// REST-JSON. The IoT model's schema UpdateCACertificateParams is also
	// the name of the params type of operation UpdateCACertificate, which
	// is left out.
	{spec: aws + "iot.json", generator: "oapi-codegen", config: oapiSuffix + "  exclude-operation-ids: [UpdateCACertificate]\n"},
	// REST-XML: neither client pages it.
	{spec: aws + "route53.json", generator: "oapi-codegen", config: oapiSuffix,
		bindErr: `the response is XML \(application/xml\), which oapi-codegen decodes with encoding/xml`},
	{spec: aws + "s3.json", generator: "oapi-codegen", config: oapiDefault,
		bindErr: `the response is XML \(application/xml\), which oapi-codegen decodes with encoding/xml`},
	{spec: aws + "route53.json", generator: "ogen", config: ogenIgnore,
		bindErr: `the response is XML \(application/xml\), for which ogen generates no method`},
	{spec: aws + "s3.json", generator: "ogen", config: ogenIgnore,
		bindErr: `the response is XML \(application/xml\), for which ogen generates no method`},
}

// TestClientOverSharedSpecs generates a client of each AWS e2e spec, and
// of GitHub's, with oapi-codegen and ogen and pages it: the paginators pagegen writes over
// the clients that compile pass go vet, and the clients that cannot be
// paged are refused with the reason.
func TestClientOverSharedSpecs(t *testing.T) {
	if testing.Short() {
		t.Skip("installs oapi-codegen and ogen, and builds large clients")
	}
	bins := map[string]string{}
	for _, c := range sharedClients {
		t.Run(strings.TrimSuffix(filepath.Base(c.spec), ".json")+"/"+c.generator, func(t *testing.T) {
			spec := e2e.Shared(t, c.spec)
			if bins[c.generator] == "" {
				switch c.generator {
				case "oapi-codegen":
					bins[c.generator] = installTool(t, "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen", oapiCodegenVersion)
				case "ogen":
					bins[c.generator] = installTool(t, "github.com/ogen-go/ogen/cmd/ogen", ogenVersion)
				}
			}
			byoModuleReady(t)
			// Inside the module, where go/packages finds the client's
			// runtime; the leading underscore keeps ./... out of it.
			dir, err := os.MkdirTemp(byoModule, "_e2e")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(dir) })
			cfg := filepath.Join(t.TempDir(), "config.yaml")
			if err := os.WriteFile(cfg, []byte(c.config), 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"-config", cfg, spec}
			if c.generator == "ogen" {
				args = []string{"--config", cfg, "--target", ".", "--package", "api", spec}
			}
			cmd := exec.Command(bins[c.generator], args...)
			cmd.Dir = dir
			msg, err := cmd.CombinedOutput()
			if c.genErr != "" {
				if err == nil || !strings.Contains(string(msg), c.genErr) {
					t.Fatalf("%s: %v, want it to stop with %q; if it generates now, page its client", c.generator, err, c.genErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: %v\n%s", c.generator, err, msg)
			}
			files, _, err := generator.Generate(context.Background(), generator.Config{
				Specs:        []string{spec},
				Package:      "pages",
				Client:       c.generator,
				ClientImport: "github.com/pagegen/pagegen/generated_examples/byo/" + filepath.Base(dir),
				ClientDir:    byoModule,
			})
			if c.bindErr != "" {
				if err == nil || !regexp.MustCompile(`\.json:\d+:\d+: \w+: `+c.bindErr).MatchString(err.Error()) {
					t.Fatalf("err = %v, want one matching %s", err, c.bindErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			pages := filepath.Join(dir, "pages")
			if err := os.Mkdir(pages, 0o755); err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, f := range files {
				if err := os.WriteFile(filepath.Join(pages, f.Name), f.Content, 0o644); err != nil {
					t.Fatal(err)
				}
				if strings.HasPrefix(f.Name, "op_") {
					n++
				}
			}
			if n == 0 {
				t.Fatal("no paginated operation over the client")
			}
			vet := exec.Command("go", "vet", "./"+filepath.Base(dir)+"/pages")
			vet.Dir = byoModule
			vet.Env = append(os.Environ(), "GOFLAGS=-mod=readonly")
			if out, err := vet.CombinedOutput(); err != nil {
				t.Fatalf("go vet: %v\n%s", err, out)
			}
			t.Logf("%d paginated operations", n)
			if c.walk == "" {
				return
			}
			if err := os.WriteFile(filepath.Join(pages, "walk_test.go"), []byte(strings.ReplaceAll(c.walk, "CLIENT", filepath.Base(dir))), 0o644); err != nil {
				t.Fatal(err)
			}
			test := exec.Command("go", "test", "./"+filepath.Base(dir)+"/pages")
			test.Dir = byoModule
			test.Env = append(os.Environ(), "GOFLAGS=-mod=readonly")
			if out, err := test.CombinedOutput(); err != nil {
				t.Fatalf("go test: %v\n%s", err, out)
			}
		})
	}
}

// githubWalk (CLIENT standing for the client's directory) walks an organization's repositories over oapi-codegen's
// GitHub client against a server that pages them as GitHub does: per_page
// and page, the next page's URL in a Link header, none on the last.
const githubWalk = `package pages_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"

	api "github.com/pagegen/pagegen/generated_examples/byo/CLIENT"
	"github.com/pagegen/pagegen/generated_examples/byo/CLIENT/pages"
)

func TestReposListForOrg(t *testing.T) {
	const repos = 7
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/orgs/acme/repos" {
			http.NotFound(w, r)
			return
		}
		per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		per, page = max(per, 1), max(page, 1)
		var out []map[string]any
		for id := (page-1)*per + 1; id <= min(page*per, repos); id++ {
			out = append(out, map[string]any{"id": id, "name": fmt.Sprintf("repo-%d", id)})
		}
		if page*per < repos {
			w.Header().Set("Link", fmt.Sprintf("<%s/orgs/acme/repos?per_page=%d&page=%d>; rel=\"next\", <%s/orgs/acme/repos?per_page=%d&page=%d>; rel=\"last\"",
				srv.URL, per, page+1, srv.URL, per, (repos+per-1)/per))
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		json.NewEncoder(w).Encode(out)
	}))
	defer srv.Close()
	client, err := api.NewClientWithResponses(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int
	pageSize := func(o *pages.PaginatorOptions) { o.Limit = 3 }
	for repo, err := range pages.ReposListForOrgAll(context.Background(), client, "acme", nil, pageSize) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, repo.Id)
	}
	if want := []int{1, 2, 3, 4, 5, 6, 7}; !slices.Equal(ids, want) {
		t.Errorf("walked %v, want %v", ids, want)
	}
}
`
