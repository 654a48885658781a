package byo

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generator/infer"
	"github.com/pagegen/pagegen/generator/load"
	"github.com/pagegen/pagegen/generator/model"
	"github.com/pagegen/pagegen/testdata/e2e"
)

// The Azure clients oapi-codegen and ogen generated, committed in the
// nested module: next links (Subscriptions_List), a Link header
// (Alerts_List), a continuation that takes the link into its path
// (Widgets_List → Widgets_ListNext) and a pageable long-running operation
// (Reports_Generate), among others.
var (
	azureOapi = client{OapiCodegen, "github.com/pagegen/pagegen/generated_examples/byo/azure/oapi/api", "azure/oapi/api/client.gen.go", "../../specs/azure.yaml"}
	azureOgen = client{Ogen, "github.com/pagegen/pagegen/generated_examples/byo/azure/ogen/api", "azure/ogen/api/oas_client_gen.go", "../../specs/azure.yaml"}
)

// withRegion adds to Widgets_List and Widgets_ListNext the query parameter
// region, which the continuation then shares with the walk's first call.
func withRegion(api *model.API) *model.API {
	for _, op := range api.Operations {
		if op.ID == "Widgets_List" || op.ID == "Widgets_ListNext" {
			op.Params = append(op.Params, &model.Param{Name: "region", GoName: "Region", In: model.InQuery})
		}
	}
	return api
}

func azureModel(t *testing.T) *model.API {
	t.Helper()
	doc, err := load.Load(context.Background(), "../../specs/azure.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	api, err := infer.Build(doc, infer.Options{MinConfidence: infer.DefaultMinConfidence})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// bindAzure binds the Azure model to the client with each edit's old text
// replaced by its new text everywhere in the client's file; each edit must
// change it.
func bindAzure(t *testing.T, c client, edits ...[2]string) (*Binding, error) {
	t.Helper()
	return bindAzureModel(t, azureModel(t), c, edits...)
}

// bindAzureModel is bindAzure with api for the Azure model.
func bindAzureModel(t *testing.T, api *model.API, c client, edits ...[2]string) (*Binding, error) {
	t.Helper()
	path, err := filepath.Abs(filepath.Join(module, c.file))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := string(src)
	for _, e := range edits {
		if !strings.Contains(edited, e[0]) {
			t.Fatalf("%q is not in %s", e[0], c.file)
		}
		edited = strings.ReplaceAll(edited, e[0], e[1])
	}
	pkg, err := loadOverlay(module, c.path, map[string][]byte{path: []byte(edited)})
	if err != nil {
		if strings.Contains(err.Error(), "oapi-codegen/runtime") || strings.Contains(err.Error(), "ogen-go") {
			e2e.Unavailable(t, "the client's runtime is not in the module cache: %v", err)
		}
		t.Fatal(err)
	}
	return Bind(api, pkg, c.generator)
}

func TestBindLinks(t *testing.T) {
	for _, c := range []client{azureOapi, azureOgen} {
		t.Run(c.generator, func(t *testing.T) {
			b, err := bindAzure(t, c)
			if err != nil {
				t.Fatalf("the committed client does not bind: %v", err)
			}
			subs := b.Ops["Subscriptions_List"]
			if subs == nil || subs.Link == nil || subs.Link.Header || !slices.Equal(subs.Link.Replaced, []string{"$filter"}) || subs.Token != nil {
				t.Errorf("Subscriptions_List: %+v, want a body link whose query replaces $filter", subs)
			}
			if c.generator == OapiCodegen && (subs.NewRequest != "NewSubscriptionsListRequest" || subs.Parse != "ParseSubscriptionsListResponse") {
				t.Errorf("Subscriptions_List: request %q, parse %q", subs.NewRequest, subs.Parse)
			}
			if alerts := b.Ops["Alerts_List"]; alerts == nil || alerts.Link == nil || !alerts.Link.Header || len(alerts.Tokens) != 0 {
				t.Errorf("Alerts_List: %+v, want the Link header", alerts)
			}
			w := b.Ops["Widgets_List"]
			if w == nil || w.Next == nil {
				t.Fatalf("Widgets_List: %+v, want a continuation", w)
			}
			next := w.Next
			if next.ID != "Widgets_ListNext" || !next.Splice || len(next.Consts) != 1 || next.Consts[0].Value != "2024-01-01" || TypeString(next.Op.Item) != TypeString(w.Item) {
				t.Errorf("Widgets_List's continuation: %+v", next)
			}
			if c.generator == OapiCodegen && (next.TokenArg != "nextLink" || next.Op.Token != nil) || c.generator == Ogen && (next.Op.Token == nil || next.Op.Token.String() != "NextLink") {
				t.Errorf("Widgets_ListNext takes the link in %q / %v", next.TokenArg, next.Op.Token)
			}
		})
	}
}

// TestBindLinksMismatch: a client that does not fit the next-link and
// continuation operations is an error naming the operation, its place in
// the spec and the Go declaration.
func TestBindLinksMismatch(t *testing.T) {
	specPlace := `azure\.yaml:\d+:\d+: `
	cases := []struct {
		name   string
		client client
		edits  [][2]string
		want   string
	}{
		{"continuation method", azureOapi,
			[][2]string{{"WidgetsListNextWithResponse(", "WidgetsListFollowWithResponse("}},
			specPlace + `Widgets_List(ByGroup)?: continuation Widgets_ListNext: ClientWithResponses of .* has no method for operation Widgets_ListNext`},
		{"request builder", azureOapi,
			[][2]string{{"NewSubscriptionsListRequest(", "NewSubscriptionsListRequestFor("}},
			specPlace + `Subscriptions_List: api\.SubscriptionsListWithResponse \(.*client\.gen\.go:\d+:\d+\): client package .* declares no NewSubscriptionsListRequest \(the function that builds the request of SubscriptionsListWithResponse\)`},
		{"response parser", azureOapi,
			[][2]string{{"ParseSubscriptionsListResponse(", "DecodeSubscriptionsListResponse("}},
			specPlace + `Subscriptions_List: api\.SubscriptionsListWithResponse \(.*client\.gen\.go:\d+:\d+\): client package .* declares no ParseSubscriptionsListResponse`},
		{"continuation constant", azureOapi,
			[][2]string{{"ApiVersion WidgetsListNextParamsApiVersion `form:\"api-version\" json:\"api-version\"`", "ApiVersion WidgetsListNextParamsApiVersion `form:\"apiVersion\" json:\"apiVersion\"`"}},
			specPlace + `Widgets_List(ByGroup)?: continuation Widgets_ListNext: api\.WidgetsListNextParams \(.*client\.gen\.go:\d+:\d+\) has no field for the query parameter "api-version"`},
		{"link argument", azureOapi,
			[][2]string{{"nextLink string, params *WidgetsListNextParams", "nextLink int, params *WidgetsListNextParams"}},
			specPlace + `Widgets_List(ByGroup)?: continuation Widgets_ListNext: .*argument nextLink for the path parameter "nextLink" is int, not a string`},
		{"ogen/continuation method", azureOgen,
			[][2]string{{"WidgetsListNext(ctx", "WidgetsListFollow(ctx"}},
			specPlace + `Widgets_List(ByGroup)?: continuation Widgets_ListNext: Client of .* has no method for operation Widgets_ListNext`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := bindAzure(t, c.client, c.edits...)
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

// TestBindLongRunning: a pageable long-running operation binds with what
// polling needs: its method, final-state-via and, over oapi-codegen, the
// functions that request its monitor as the client would.
func TestBindLongRunning(t *testing.T) {
	for _, c := range []client{azureOapi, azureOgen} {
		t.Run(c.generator, func(t *testing.T) {
			b, err := bindAzure(t, c)
			if err != nil {
				t.Fatal(err)
			}
			r := b.Ops["Reports_Generate"]
			if r == nil || r.LongRunning == nil || *r.LongRunning != (LongRunning{Method: "POST", FinalVia: "operation-location"}) || r.Link == nil {
				t.Fatalf("Reports_Generate: %+v", r)
			}
			if c.generator == OapiCodegen && (r.NewRequest != "NewReportsGenerateRequest" || r.Parse != "ParseReportsGenerateResponse") {
				t.Errorf("Reports_Generate: request %q, parse %q", r.NewRequest, r.Parse)
			}
		})
	}
}
