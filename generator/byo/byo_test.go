package byo

import (
	"context"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/pagegen/pagegen/generator/infer"
	"github.com/pagegen/pagegen/generator/load"
	"github.com/pagegen/pagegen/generator/model"
	"github.com/pagegen/pagegen/testdata/e2e"
)

// The Ucommerce client oapi-codegen generated, committed in the nested
// module generated_examples/byo; the cases below edit it in memory (a
// go/packages overlay) into a client that no longer fits the spec.
const (
	module = "../../generated_examples/byo"
	spec   = "../../specs/ucommerce.yaml"
)

// client is a committed client package, the file of it that a case edits
// and the spec it was generated from.
type client struct {
	generator, path, file, spec string
}

// pagingSpec pages in every way pagegen binds over a user's client; the
// paging clients below are generated from it.
const pagingSpec = "../../testdata/pagingserver/openapi.yaml"

var (
	oapiClient       = client{OapiCodegen, "github.com/pagegen/pagegen/generated_examples/byo/ucommerce/oapi/api", "ucommerce/oapi/api/client.gen.go", spec}
	ogenClient       = client{Ogen, "github.com/pagegen/pagegen/generated_examples/byo/ucommerce/ogen/api", "ucommerce/ogen/api/oas_schemas_gen.go", spec}
	oapiPagingClient = client{OapiCodegen, "github.com/pagegen/pagegen/generated_examples/byo/paging/oapi/api", "paging/oapi/api/client.gen.go", pagingSpec}
	ogenPagingClient = client{Ogen, "github.com/pagegen/pagegen/generated_examples/byo/paging/ogen/api", "paging/ogen/api/oas_schemas_gen.go", pagingSpec}
)

func ucommerceModel(t *testing.T) *model.API { return specModel(t, spec) }

func specModel(t *testing.T, spec string) *model.API {
	t.Helper()
	doc, err := load.Load(context.Background(), spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	api, err := infer.Build(doc, infer.Options{MinConfidence: infer.DefaultMinConfidence})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// loadEdited loads the client with the edit applied to its source (the
// edit must change it) and binds its spec's model to it.
func loadEdited(t *testing.T, c client, old, new string) error {
	t.Helper()
	_, err := bindEdited(t, c, specModel(t, c.spec), old, new)
	return err
}

// bindEdited binds api to the client with the edit applied to its source.
func bindEdited(t *testing.T, c client, api *model.API, old, new string) (*Binding, error) {
	t.Helper()
	path, err := filepath.Abs(filepath.Join(module, c.file))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), old, new, 1)
	if old != "" && edited == string(src) {
		t.Fatalf("%q is not in %s", old, c.file)
	}
	pkg, err := loadOverlay(module, c.path, map[string][]byte{path: []byte(edited)})
	if err != nil {
		if strings.Contains(err.Error(), "oapi-codegen/runtime") {
			e2e.Unavailable(t, "the client's runtime is not in the module cache: %v", err)
		}
		t.Fatal(err)
	}
	return Bind(api, pkg, c.generator)
}

func TestBind(t *testing.T) {
	for _, c := range []client{oapiClient, ogenClient, oapiPagingClient, ogenPagingClient} {
		if err := loadEdited(t, c, "", ""); err != nil {
			t.Fatalf("the committed %s client does not bind: %v", c.generator, err)
		}
	}
}

// TestBindMismatch: a client that does not fit the spec is an error naming
// the operation, its place in the spec and the Go declaration.
func TestBindMismatch(t *testing.T) {
	specPlace := `ucommerce\.yaml:\d+:\d+: `
	goPlace := `client\.gen\.go:\d+:\d+`
	cases := []struct {
		name   string
		client client
		old    string
		new    string
		want   string
	}{
		{"token parameter", oapiClient,
			`NextPagingToken *NextPagingToken ` + "`" + `form:"nextPagingToken,omitempty" json:"nextPagingToken,omitempty"` + "`\n}\n\n// ListPriceGroupsParams",
			`NextPagingToken *NextPagingToken ` + "`" + `form:"pageToken,omitempty" json:"pageToken,omitempty"` + "`\n}\n\n// ListPriceGroupsParams",
			specPlace + `ListCountries: api\.ListCountriesParams \(.*` + goPlace + `\) has no field for the query parameter "nextPagingToken"`},
		{"method", oapiClient,
			"func (c *ClientWithResponses) ListCountriesWithResponse(",
			"func (c *ClientWithResponses) ListAllCountriesWithResponse(",
			specPlace + `ListCountries: ClientWithResponses of .* has no method for operation ListCountries`},
		{"items", oapiClient,
			"Countries *[]Country `json:\"countries,omitempty\"`",
			"Countries *[]Country `json:\"countryList,omitempty\"`",
			specPlace + `ListCountries: items "countries": api\.CountriesResponse \(.*` + goPlace + `\) has no field with json tag "countries"`},
		{"token type", oapiClient,
			"type NextPagingToken = string",
			"type NextPagingToken = int",
			specPlace + `ListCatalogs: token field ListCatalogsParams\.NextPagingToken is \*api\.NextPagingToken, not a string`},
		{"ogen/items", ogenClient,
			"Countries       []Country    `json:\"countries\"`",
			"Countries       []Country    `json:\"countryList\"`",
			specPlace + `ListCountries: no type of .*ucommerce/ogen/api implementing api\.ListCountriesRes \(.*oas_interfaces_gen\.go:\d+:\d+\) has the items "countries"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := loadEdited(t, c.client, c.old, c.new)
			if err == nil {
				t.Fatal("bound a client that does not fit the spec")
			}
			t.Log(err)
			if !regexp.MustCompile(c.want).MatchString(err.Error()) {
				t.Errorf("error:\n%v\nwant it to match\n%s", err, c.want)
			}
		})
	}
}

// TestLoadErrorNamesTheCollision checks the hint for a client package that
// declares a name twice: oapi-codegen's response-type-suffix where an
// XResponse type collides, a spec-side rename otherwise (Stripe's enum
// value SourceTypeAchDebit beside its schema source_type_ach_debit).
func TestLoadErrorNamesTheCollision(t *testing.T) {
	redeclared := func(name string) packages.Error {
		return packages.Error{Pos: "client.gen.go:9:6", Msg: name + " redeclared in this block", Kind: packages.TypeError}
	}
	for _, tc := range []struct {
		errs      []packages.Error
		want, not string
	}{
		{[]packages.Error{redeclared("ListUnitsResponse")}, "response-type-suffix", "x-go-name"},
		{[]packages.Error{redeclared("SourceTypeAchDebit"), redeclared("SourceTypeAchCreditTransfer")}, "(SourceTypeAchDebit)", "response-type-suffix"},
		{[]packages.Error{{Pos: "client.gen.go:1:1", Msg: "undefined: runtime", Kind: packages.TypeError}}, "undefined: runtime", "declared a name twice"},
	} {
		err := loadError("example.com/app/api", tc.errs)
		if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), tc.not) {
			t.Errorf("loadError(%v) = %q, want %q and not %q", tc.errs, err, tc.want, tc.not)
		}
	}
}

// TestDeclPos checks that a declaration past the lines export data keeps
// positions for is found in its file, and that one not found is given as
// the file alone rather than a made-up line.
func TestDeclPos(t *testing.T) {
	file := filepath.Join(t.TempDir(), "client.gen.go")
	text := "package api\n" + strings.Repeat("// filler\n", 70000) +
		"type BigResponse struct{}\n\nfunc (c *Client) ListBigWithResponse() {}\n"
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	at := token.Position{Filename: file, Line: 1, Column: 1}
	for _, tc := range []struct {
		obj  types.Object
		want string
	}{
		{types.NewTypeName(token.NoPos, nil, "BigResponse", nil), file + ":70002:6"},
		{types.NewFunc(token.NoPos, nil, "ListBigWithResponse", nil), file + ":70004:18"},
		{types.NewTypeName(token.NoPos, nil, "Missing", nil), file},
	} {
		if got := declPos(at, tc.obj).String(); got != tc.want {
			t.Errorf("declPos(%s) = %s, want %s", tc.obj.Name(), got, tc.want)
		}
	}
}
