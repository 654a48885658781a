package infer_test

import "testing"

// An operation that takes nothing of its own but the next link, and
// returns what another returns, continues it; it does not page by itself.
func TestInferNextOperations(t *testing.T) {
	runCases(t, []inferCase{{
		name: "Azure …Next operations, told apart by the path they extend",
		spec: specOf(`
paths:
  /fragment/{tenant}:
    get:
      operationId: getFragments
      parameters:
        - {name: tenant, in: path, required: true, schema: {type: string}}
        - {name: api_version, in: query, required: true, schema: {type: string}}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Result'}}}}}
  /grouped/{tenant}:
    get:
      operationId: getGrouped
      parameters:
        - {name: tenant, in: path, required: true, schema: {type: string}}
        - {name: api_version, in: query, required: true, schema: {type: string}}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Result'}}}}}
  /fragment/{tenant}/{nextLink}:
    get:
      operationId: nextFragment
      parameters:
        - {name: tenant, in: path, required: true, schema: {type: string}}
        - {name: api_version, in: query, required: true, schema: {type: string}}
        - {name: nextLink, in: path, required: true, schema: {type: string}}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Result'}}}}}
  /things:
    get:
      operationId: listThings
      parameters: [{name: api_version, in: query, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Result'}}}}}
components:
  schemas:
    Result:
      type: object
      properties:
        values: {type: array, items: {type: object, properties: {name: {type: string}}}}
        odata.nextLink: {type: string}
`),
		want: map[string]string{
			"getFragments": "token path:nextLink → odata.nextLink items=values next=nextFragment",
			"nextFragment": "continues getFragments",
			// The other operations with the same response follow the link
			// themselves: nextFragment extends another path.
			"getGrouped": "next-link url → odata.nextLink items=values",
			// Taking no link of its own, a list that returns the same body
			// continues nothing.
			"listThings": "next-link url → odata.nextLink items=values",
		},
	}})
}
