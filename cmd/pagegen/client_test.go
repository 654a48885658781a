package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The commands over an existing client run where go generate runs them: in
// the module that has the client, here generated_examples/byo.

const (
	byoModule    = "../../generated_examples/byo"
	ucommerceAPI = "github.com/pagegen/pagegen/generated_examples/byo/ucommerce/oapi/api"
	alexaAPI     = "github.com/pagegen/pagegen/generated_examples/byo/alexa/oapi/api"

	ucommerceOgenAPI = "github.com/pagegen/pagegen/generated_examples/byo/ucommerce/ogen/api"
)

// inByoModule makes the nested module the working directory.
func inByoModule(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("loads the client package with the go command")
	}
	t.Chdir(byoModule)
}

func TestGenerateOverClient(t *testing.T) {
	inByoModule(t)
	spec := "../../specs/ucommerce.yaml"
	args := []string{"-spec", spec, "-client", "oapi-codegen", "-client-import", ucommerceAPI, "-package", "pages"}

	// The committed paginators are fresh...
	code, out, errOut := pagegen(t, append([]string{"check", "-out", "ucommerce/oapi/pages"}, args...)...)
	if code != 0 {
		t.Fatalf("check: exit %d\n%s%s", code, out, errOut)
	}
	// ...and generate writes them.
	dir := t.TempDir()
	code, _, errOut = pagegen(t, append([]string{"generate", "-out", dir}, args...)...)
	if code != 0 || !strings.Contains(errOut, "4 paginators") {
		t.Fatalf("generate: exit %d\n%s", code, errOut)
	}
	src, err := os.ReadFile(filepath.Join(dir, "op_list_countries.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"func ListCountriesAll(ctx context.Context, client ListCountriesAPIClient, params *api.ListCountriesParams, optFns ...func(*PaginatorOptions)) iter.Seq2[api.Country, error]",
		"var _ ListCountriesAPIClient = (*api.ClientWithResponses)(nil)",
	} {
		if !strings.Contains(string(src), want) {
			t.Errorf("op_list_countries.go lacks %q", want)
		}
	}
	if strings.Contains(string(src), "type Country ") {
		t.Error("op_list_countries.go declares the client's Country")
	}

	// The paginators over the ogen client are fresh too.
	code, out, errOut = pagegen(t, "check", "-spec", spec, "-client", "ogen", "-client-import", ucommerceOgenAPI, "-out", "ucommerce/ogen/pages")
	if code != 0 {
		t.Fatalf("check over ogen: exit %d\n%s%s", code, out, errOut)
	}
}

func TestGenerateOverClientMismatch(t *testing.T) {
	inByoModule(t)
	// The Alexa spec against the Ucommerce client: nothing fits.
	dir := filepath.Join(t.TempDir(), "pages")
	code, _, errOut := pagegen(t, "generate", "-spec", "../../specs/alexa.yaml", "-client", "oapi-codegen", "-client-import", ucommerceAPI, "-out", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, errOut)
	}
	if !regexp.MustCompile(`alexa\.yaml:\d+:\d+: \w+: ClientWithResponses of .*ucommerce/oapi/api has no method for operation`).MatchString(errOut) {
		t.Errorf("error does not name the spec position and the operation:\n%s", errOut)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s was written", dir)
	}

	code, _, errOut = pagegen(t, "generate", "-spec", "../../specs/alexa.yaml", "-client-import", ucommerceAPI, "-out", dir)
	if code != 2 || !strings.Contains(errOut, "-client-import needs -client oapi-codegen or -client ogen") {
		t.Errorf("-client-import alone: exit %d\n%s", code, errOut)
	}
	code, _, errOut = pagegen(t, "explain", "-spec", "../../specs/alexa.yaml", "-client-import", ucommerceAPI)
	if code != 2 || !strings.Contains(errOut, "-client-import needs -client oapi-codegen or -client ogen") {
		t.Errorf("explain -client-import alone: exit %d\n%s", code, errOut)
	}
	code, _, errOut = pagegen(t, "generate", "-spec", "../../specs/alexa.yaml", "-client", "oapi-codegen", "-client-import", "example.com/not/there", "-out", dir)
	if code != 1 || !strings.Contains(errOut, "example.com/not/there") {
		t.Errorf("missing client package: exit %d\n%s", code, errOut)
	}
}

func TestExplainOverClient(t *testing.T) {
	inByoModule(t)
	code, out, errOut := pagegen(t, "explain", "-format", "json", "-spec", "../../specs/alexa.yaml", "-client", "oapi-codegen", "-client-import", alexaAPI)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	var doc struct {
		Operations []struct {
			OperationID string         `json:"operationId"`
			Client      map[string]any `json:"client"`
		} `json:"operations"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]any{}
	for _, op := range doc.Operations {
		got[op.OperationID] = op.Client
	}
	want := map[string]any{
		"method": "QueryEndpointsWithResponse", "params": nil, "body": "api.QueryEndpointsJSONRequestBody",
		"response": "api.QueryEndpointsResult", "items": "JSON200.Results", "item": "api.Endpoint",
		"token": "QueryEndpointsJSONRequestBody.PaginationContext.NextToken",
		"limit": "QueryEndpointsJSONRequestBody.PaginationContext.MaxResults",
	}
	for k, v := range want {
		if got["QueryEndpoints"][k] != v {
			t.Errorf("QueryEndpoints client.%s = %v, want %v", k, got["QueryEndpoints"][k], v)
		}
	}
	if got["GetUnit"] != nil {
		t.Errorf("GetUnit, which does not page, has a client binding: %v", got["GetUnit"])
	}
}

// TestExplainOverClientPaths: explain names the path parameters
// oapi-codegen's method takes as arguments, and the field of ogen's 2xx
// type that holds the body beside the response's headers.
func TestExplainOverClientPaths(t *testing.T) {
	inByoModule(t)
	const paging = "github.com/pagegen/pagegen/generated_examples/byo/paging/"
	for _, c := range []struct {
		client, key string
		want        any
	}{
		{"oapi-codegen", "path_arguments", []any{"shelf api.Shelf"}},
		{"ogen", "path_arguments", nil},
		{"ogen", "items", "ListShelfBooksOKHeaders.Response"},
		{"ogen", "token", "ListShelfBooksParams.XPageToken"},
	} {
		dir := map[string]string{"oapi-codegen": "oapi", "ogen": "ogen"}[c.client]
		code, out, errOut := pagegen(t, "explain", "-format", "json", "-spec", "../../testdata/pagingserver/openapi.yaml", "-client", c.client, "-client-import", paging+dir+"/api")
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, errOut)
		}
		var doc struct {
			Operations []struct {
				OperationID string         `json:"operationId"`
				Client      map[string]any `json:"client"`
			} `json:"operations"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		for _, op := range doc.Operations {
			if op.OperationID == "ListShelfBooks" {
				if got := fmt.Sprint(op.Client[c.key]); got != fmt.Sprint(c.want) {
					t.Errorf("%s: ListShelfBooks client.%s = %s, want %v", c.client, c.key, got, c.want)
				}
			}
		}
	}
}

// TestExplainOverClientLinks: explain names where a walk over a client
// carries a next link, and the method of the operation that continues it.
func TestExplainOverClientLinks(t *testing.T) {
	inByoModule(t)
	code, out, errOut := pagegen(t, "explain", "-format", "json", "-spec", "../../specs/azure.yaml",
		"-client", "oapi-codegen", "-client-import", "github.com/pagegen/pagegen/generated_examples/byo/azure/oapi/api")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	var doc struct {
		Operations []struct {
			OperationID string         `json:"operationId"`
			Client      map[string]any `json:"client"`
		} `json:"operations"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]any{}
	for _, op := range doc.Operations {
		got[op.OperationID] = op.Client
	}
	for op, want := range map[string]map[string]any{
		"Subscriptions_List": {"token": "url", "next": nil},
		"Alerts_List":        {"token": "url", "items": "JSON200"},
		"Widgets_List":       {"token": "WidgetsListNextWithResponse's argument nextLink", "next": "WidgetsListNextWithResponse"},
	} {
		for k, v := range want {
			if got[op][k] != v {
				t.Errorf("%s client.%s = %v, want %v", op, k, got[op][k], v)
			}
		}
	}
}
