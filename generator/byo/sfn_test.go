package byo

import (
	"regexp"
	"testing"
)

// sfnSpec is AWS Step Functions, the reference API of AWS's JSON 1.0
// protocol: every operation POST /, keyed apart in the spec by a fragment
// (/#X-Amz-Target=…), with application/x-amz-json-1.0 bodies.
const sfnSpec = "../../specs/aws-sfn.yaml"

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

// TestBindSFNMismatch: a body or output field the spec's json names do not
// find is an error naming the operation, its place in the spec and the Go
// declaration.
func TestBindSFNMismatch(t *testing.T) {
	cases := []struct {
		name, old, new, want string
	}{
		{"request token",
			"type ListStateMachinesInput struct {\n\tMaxResults OptPageSize  `json:\"maxResults\"`\n\tNextToken  OptPageToken `json:\"nextToken\"`",
			"type ListStateMachinesInput struct {\n\tMaxResults OptPageSize  `json:\"maxResults\"`\n\tNextToken  OptPageToken `json:\"token\"`",
			`aws-sfn\.yaml:\d+:\d+: ListStateMachines: .*ListStateMachinesInput.*oas_schemas_gen\.go:\d+:\d+.* "nextToken"`},
		{"items",
			"StateMachines StateMachineList `json:\"stateMachines\"`",
			"StateMachines StateMachineList `json:\"machines\"`",
			`aws-sfn\.yaml:\d+:\d+: ListStateMachines: .*ListStateMachinesRes \(.*oas_interfaces_gen\.go:\d+:\d+\) has the items "stateMachines"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := bindEdited(t, ogenSFNClient, specModel(t, sfnSpec), c.old, c.new)
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
