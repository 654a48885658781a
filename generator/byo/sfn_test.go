package byo

import (
	"regexp"
	"testing"
)

// sfnSpec is AWS Step Functions, the reference API of AWS's JSON 1.0
// protocol: every operation POST /, keyed apart in the spec by a fragment
// (/#X-Amz-Target=…), with application/x-amz-json-1.0 bodies.
const sfnSpec = "../../specs/aws-sfn.yaml"

// oapiSFNClient takes the bodies as an io.Reader and leaves the 2xx bodies
// raw: oapi-codegen knows application/x-amz-json-1.0 as no JSON type.
var oapiSFNClient = client{OapiCodegen, "github.com/pagegen/pagegen/generated_examples/byo/sfn/oapi/api", "sfn/oapi/api/client.gen.go", sfnSpec}

// ogenSFNClient is generated with ogen.yml's content_type_aliases, which
// has ogen read and write application/x-amz-json-1.0 as JSON.
var ogenSFNClient = client{Ogen, "github.com/pagegen/pagegen/generated_examples/byo/sfn/ogen/api", "sfn/ogen/api/oas_schemas_gen.go", sfnSpec}

// TestBindSFN: over ogen, the token and page size are the request body's
// fields, the items and token the output's, found by their json tags; the
// fragment of the path key, which ogen writes into the path, is what the
// paginator's requests drop.
func TestBindSFN(t *testing.T) {
	b, err := bindEdited(t, ogenSFNClient, specModel(t, sfnSpec), "", "")
	if err != nil {
		t.Fatal(err)
	}
	op := b.Ops["ListStateMachines"]
	checks := []struct {
		name      string
		got, want any
	}{
		{"body", op.Body, "ListStateMachinesInput"},
		{"token", op.InputName(op.Token), "ListStateMachinesInput.NextToken"},
		{"limit", op.InputName(op.Limit), "ListStateMachinesInput.MaxResults"},
		{"2xx type", op.Success, "ListStateMachinesOutputHeaders"},
		{"body in the 2xx type", op.Unwrap, "Response"},
		{"items", stepsString("", op.Items), ".StateMachines"},
		{"key", op.Key.Field, "StateMachineArn"},
		{"fragment", op.Fragment, "#X-Amz-Target=AWSStepFunctions.ListStateMachines"},
		{"executions fragment", b.Ops["ListExecutions"].Fragment, "#X-Amz-Target=AWSStepFunctions.ListExecutions"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
}

// TestBindSFNReader: over oapi-codegen, the method takes the body as an
// io.Reader; the body and the 2xx output are the client's types of their
// schemas, found by name and checked field by field through json tags.
func TestBindSFNReader(t *testing.T) {
	b, err := bindEdited(t, oapiSFNClient, specModel(t, sfnSpec), "", "")
	if err != nil {
		t.Fatal(err)
	}
	op := b.Ops["ListExecutions"]
	checks := []struct {
		name      string
		got, want any
	}{
		{"method", op.Method, "ListExecutionsWithBodyWithResponse"},
		{"params", op.Params, "ListExecutionsParams"},
		{"body", op.Body, "ListExecutionsInput"},
		{"content type", op.BodyContentType, "application/x-amz-json-1.0"},
		{"decoded", op.Decoded, "ListExecutionsOutput"},
		{"no JSON2xx", op.Success, ""},
		{"token", op.InputName(op.Token), "ListExecutionsInput.NextToken"},
		{"limit", op.InputName(op.Limit), "ListExecutionsInput.MaxResults"},
		{"items", stepsString("", op.Items), ".Executions"},
		{"response token", stepsString("", op.Tokens[0].Steps), ".NextToken"},
		{"key", op.Key.Field, "ExecutionArn"},
		{"no fragment: oapi-codegen drops it", op.Fragment, ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
}

// TestBindSFNMismatch: a body or output field the spec's json names do not
// find is an error naming the operation, its place in the spec and the Go
// declaration.
func TestBindSFNMismatch(t *testing.T) {
	cases := []struct {
		name   string
		client client
		old    string
		new    string
		want   string
	}{
		{"oapi body type", oapiSFNClient,
			"type ListStateMachinesInput struct {",
			"type ListStateMachinesIn struct {",
			`aws-sfn\.yaml:\d+:\d+: ListStateMachines: api\.ListStateMachinesWithBodyWithResponse \(.*client\.gen\.go:\d+:\d+\) takes the body as an io\.Reader: client package .* declares no struct type for the request body's schema ListStateMachinesInput: oapi-codegen declares types for component schemas only`},
		{"oapi body field", oapiSFNClient,
			"NextToken *PageToken `json:\"nextToken,omitempty\"`\n}\n\n// ListStateMachinesOutput",
			"NextToken *PageToken `json:\"token,omitempty\"`\n}\n\n// ListStateMachinesOutput",
			`aws-sfn\.yaml:\d+:\d+: ListStateMachines: .*request body's schema ListStateMachinesInput: api\.ListStateMachinesInput \(.*client\.gen\.go:\d+:\d+\) has no field with json tag "nextToken"`},
		{"oapi output items", oapiSFNClient,
			"StateMachines StateMachineList `json:\"stateMachines\"`",
			"StateMachines StateMachineList `json:\"machines\"`",
			`aws-sfn\.yaml:\d+:\d+: ListStateMachines: .*ListStateMachinesResponse \(.*client\.gen\.go:\d+:\d+\) leaves the application/x-amz-json-1\.0 body raw: the 2xx response body's schema ListStateMachinesOutput: api\.ListStateMachinesOutput \(.*\) has no field with json tag "stateMachines"`},
		{"request token", ogenSFNClient,
			"type ListStateMachinesInput struct {\n\tMaxResults OptPageSize  `json:\"maxResults\"`\n\tNextToken  OptPageToken `json:\"nextToken\"`",
			"type ListStateMachinesInput struct {\n\tMaxResults OptPageSize  `json:\"maxResults\"`\n\tNextToken  OptPageToken `json:\"token\"`",
			`aws-sfn\.yaml:\d+:\d+: ListStateMachines: .*ListStateMachinesInput.*oas_schemas_gen\.go:\d+:\d+.* "nextToken"`},
		{"items", ogenSFNClient,
			"StateMachines StateMachineList `json:\"stateMachines\"`",
			"StateMachines StateMachineList `json:\"machines\"`",
			`aws-sfn\.yaml:\d+:\d+: ListStateMachines: .*ListStateMachinesRes \(.*oas_interfaces_gen\.go:\d+:\d+\) has the items "stateMachines"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := bindEdited(t, c.client, specModel(t, sfnSpec), c.old, c.new)
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
