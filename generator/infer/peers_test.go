package infer_test

import (
	"strings"
	"testing"
)

// A Swagger 2.0 AutoRest spec: x-ms-pageable must survive openapi2conv, and
// operations under x-ms-paths must be seen.
const autorest = `{
  "swagger": "2.0",
  "info": {"title": "t", "version": "1"},
  "produces": ["application/json"],
  "paths": {
    "/vms": {"get": {"operationId": "VMs_List",
      "parameters": [{"name": "$maxpagesize", "in": "query", "type": "integer"}],
      "x-ms-pageable": {"nextLinkName": "odata.nextLink", "itemName": "values", "operationName": "VMs_ListNext"},
      "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Page"}}}}},
    "/locations": {"get": {"operationId": "Locations_List",
      "x-ms-pageable": {"nextLinkName": null},
      "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Page"}}}}},
    "/disks": {"get": {"operationId": "Disks_List",
      "x-ms-pageable": {"nextLinkName": "nextLink"},
      "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Page"}}}}},
    "/images": {"get": {"operationId": "Images_List",
      "x-ms-pageable": {"nextLinkName": "odata.nextLink"},
      "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Page"}}}}},
    "/blobs": {"get": {"operationId": "Blobs_List",
      "parameters": [{"name": "marker", "in": "query", "type": "string"}, {"name": "prefix", "in": "query", "type": "string"}],
      "x-ms-pageable": {"nextLinkName": "NextMarker", "itemName": "Blobs"},
      "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Blobs"}}}}}
  },
  "x-ms-paths": {
    "/vms/{nextLink}?next": {"get": {"operationId": "VMs_ListNext",
      "x-ms-pageable": {"nextLinkName": "odata.nextLink", "itemName": "values", "operationName": "VMs_ListNext"},
      "parameters": [{"name": "nextLink", "in": "path", "required": true, "type": "string", "x-ms-skip-url-encoding": true}],
      "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Page"}}}}}
  },
  "definitions": {
    "Page": {"type": "object", "properties": {
      "values": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}},
      "odata.nextLink": {"type": "string"}
    }},
    "Blobs": {"type": "object", "properties": {
      "Blobs": {"type": "array", "items": {"type": "object", "properties": {"Name": {"type": "string"}}}},
      "NextMarker": {"type": "string"}
    }}
  }
}`

func TestPeerExtensions(t *testing.T) {
	api := build(t, autorest)
	for id, want := range map[string]string{
		"VMs_List":       "token path:nextLink → odata.nextLink items=values limit=query:$maxpagesize next=VMs_ListNext",
		"VMs_ListNext":   "continues VMs_List",
		"Locations_List": "", // nextLinkName null: one page, and inference may not say otherwise
		// Disks_List's next link is not in its schema: reported and left
		// out, not fatal.
		"Disks_List": "skipped",
		// Images_List's items (by default "value") are not in its schema:
		// inference finds them.
		"Images_List": "next-link url → odata.nextLink items=values",
		// NextMarker is a token, not a link: sent back as marker.
		"Blobs_List": "token query:marker → NextMarker items=Blobs",
	} {
		if got := summary(api.Operation(id)); got != want {
			t.Errorf("%s:\n got %s\nwant %s", id, got, want)
		}
	}
	if p := api.Operation("VMs_List").Pagination; p.Source != "x-ms-pageable" || p.Confidence != 1 {
		t.Errorf("VMs_List: source %s, confidence %.2f", p.Source, p.Confidence)
	}
	var msgs []string
	for _, d := range api.Diagnostics {
		msgs = append(msgs, d.Pos.String()+" "+d.Message)
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], "none of nextLink is in the response schema (x-ms-pageable); skipped") {
		t.Errorf("diagnostics: %q", msgs)
	}
}

func TestSpeakeasyAndFern(t *testing.T) {
	api := build(t, specOf(`
paths:
  /a:
    get:
      operationId: cursorList
      parameters: [{name: since, in: query, schema: {type: string}}, {name: n, in: query, schema: {type: integer}}]
      x-speakeasy-pagination:
        type: cursor
        inputs: [{name: since, in: parameters, type: cursor}, {name: n, in: parameters, type: limit}]
        outputs: {nextCursor: "$.data.resultArray[-1].id"}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}}
  /b:
    get:
      operationId: offsetList
      parameters: [{name: skip, in: query, schema: {type: integer}}, {name: take, in: query, schema: {type: integer}}]
      x-speakeasy-pagination:
        type: offsetLimit
        inputs: [{name: skip, in: parameters, type: offset}, {name: take, in: parameters, type: limit}]
        outputs: {results: $.data.resultArray}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}}
  /c:
    post:
      operationId: urlList
      x-speakeasy-pagination: {type: url, outputs: {nextUrl: $.links.next}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}}
  /d:
    post:
      operationId: fernCursor
      requestBody: {content: {application/json: {schema: {type: object, properties: {page: {type: object, properties: {after: {type: string}}}}}}}}
      x-fern-pagination: {cursor: $request.page.after, next_cursor: $response.links.next, results: $response.data.resultArray}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}}
  /e:
    get:
      operationId: fernPage
      parameters: [{name: page, in: query, schema: {type: integer}}]
      x-fern-pagination: {offset: $request.page, results: $response.data.resultArray, has-next-page: $response.more}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}}
  /f:
    get:
      operationId: broken
      x-speakeasy-pagination: {type: sideways}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}}
components:
  schemas:
    Page:
      type: object
      properties:
        data: {type: object, properties: {resultArray: {type: array, items: {type: object, properties: {id: {type: string}}}}}}
        links: {type: object, properties: {next: {type: string}}}
        more: {type: boolean}
`))
	for id, want := range map[string]string{
		"cursorList": "cursor query:since →  items=data.resultArray limit=query:n more=more from=id",
		"offsetList": "offset query:skip →  items=data.resultArray limit=query:take more=more",
		"urlList":    "next-link url → links.next items=data.resultArray more=more",
		"fernCursor": "cursor body:page.after → links.next items=data.resultArray more=more",
		"fernPage":   "page query:page →  items=data.resultArray more=more",
		// A malformed extension is reported and ignored; inference decides.
		"broken": "next-link url → links.next items=data.resultArray more=more",
	} {
		op := api.Operation(id)
		if got := summary(op); got != want {
			t.Errorf("%s:\n got %s\nwant %s\nreasons %q", id, got, want, reasons(op))
		}
	}
	if len(api.Diagnostics) != 1 || !strings.Contains(api.Diagnostics[0].Message, "x-speakeasy-pagination: type sideways") {
		t.Errorf("diagnostics: %+v", api.Diagnostics)
	}
}

// An annotation beats inference; inference fills only what it leaves out,
// and explain's reasons say which was which. An overlay's annotation is
// reported as such.
func TestAnnotationBeatsInference(t *testing.T) {
	spec := specOf(`
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: nextToken, in: query, schema: {type: string}}
        - {name: maxResults, in: query, schema: {type: integer}}
        - {name: altToken, in: query, schema: {type: string}}
      x-pagination: {items: others}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {things: {type: array, items: {type: object}}, others: {type: array, items: {type: object}}, nextToken: {type: string}, hasMore: {type: boolean}}}
  /more:
    get:
      operationId: listMore
      parameters: [{name: nextToken, in: query, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {items: {type: array, items: {type: object}}, nextToken: {type: string}}}
`)
	overlay := `
overlay: 1.0.0
info: {title: paging, version: "1"}
actions:
  - target: $.paths['/more'].get
    update: {x-pagination: {token: {request: nextToken, response: nextToken}, items: items}}
`
	api := build(t, spec, overlay)
	op := api.Operation("listThings")
	if got, want := summary(op), "token query:nextToken → nextToken items=others limit=query:maxResults more=hasMore"; got != want {
		t.Errorf("listThings:\n got %s\nwant %s", got, want)
	}
	want := []string{"declared by x-pagination", "token inferred: request query:nextToken, response nextToken", "limit inferred: query:maxResults", "more inferred: hasMore"}
	if got := op.Pagination.Reasons; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("reasons:\n got %q\nwant %q", got, want)
	}
	if p := api.Operation("listMore").Pagination; p == nil || p.Source != "overlay" {
		t.Errorf("listMore: %+v, want source overlay", p)
	}
}
