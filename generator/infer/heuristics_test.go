package infer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pagegen/pagegen/generator"
	"github.com/pagegen/pagegen/generator/infer"
	"github.com/pagegen/pagegen/generator/load"
	"github.com/pagegen/pagegen/generator/model"
)

// build loads spec (with overlays, file name → content) and decides
// pagination at the default threshold.
func build(t *testing.T, spec string, overlays ...string) *model.API {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "spec.yaml")
	if strings.HasPrefix(strings.TrimSpace(spec), "{") {
		path = filepath.Join(dir, "spec.json")
	}
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	var ovs []string
	for i, o := range overlays {
		p := filepath.Join(dir, fmt.Sprintf("overlay%d.yaml", i))
		if err := os.WriteFile(p, []byte(o), 0o644); err != nil {
			t.Fatal(err)
		}
		ovs = append(ovs, p)
	}
	s, err := load.Load(context.Background(), path, ovs)
	if err != nil {
		t.Fatal(err)
	}
	api, err := infer.Build(s, infer.Options{MinConfidence: infer.DefaultMinConfidence})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// summary renders an operation's pagination in one line:
// "style req → resp items=… [limit=…] [more=…] [done=…] [total=…] [next=…] [from=…]",
// "continues X", or "" when it is not paginated.
func summary(op *model.Operation) string {
	p := op.Pagination
	switch {
	case op.ContinuationOf != "":
		return "continues " + op.ContinuationOf
	case p == nil && op.Skipped != nil:
		return "skipped"
	case p == nil:
		return ""
	}
	req := p.Position.String()
	var resp []string
	for _, r := range p.ResponseToken {
		s := r.String()
		if !r.Declared {
			s += "(raw)"
		}
		resp = append(resp, s)
	}
	s := fmt.Sprintf("%s %s → %s items=%s", p.Style, req, strings.Join(resp, "|"), p.Items)
	for _, f := range []struct{ name, v string }{
		{"limit", p.Limit.String()}, {"more", pathString(p.More)}, {"done", pathString(p.Done)},
		{"total", pathString(p.Total)}, {"next", p.Next}, {"from", p.CursorFrom}, {"means", meansLater(p)},
	} {
		if f.v != "" {
			s += " " + f.name + "=" + f.v
		}
	}
	if len(p.TokenSet) > 0 {
		var parts []string
		for _, t := range p.TokenSet {
			parts = append(parts, t.Request.String()+"←"+t.Response[0].String())
		}
		s += " set=" + strings.Join(parts, ",")
	}
	return s
}

func pathString(p *model.Path) string {
	if p == nil {
		return ""
	}
	return p.String()
}

func meansLater(p *model.Pagination) string {
	if p.MoreMeans == model.MoreLater {
		return "later"
	}
	return ""
}

// specOf wraps paths (and components) in a minimal OpenAPI 3 document.
func specOf(body string) string {
	return "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n" + body
}

type inferCase struct {
	name string
	spec string
	want map[string]string // operationId → summary
}

func runCases(t *testing.T, cases []inferCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api := build(t, tc.spec)
			for id, want := range tc.want {
				op := api.Operation(id)
				if op == nil {
					t.Fatalf("no operation %s", id)
				}
				if got := summary(op); got != want {
					t.Errorf("%s:\n got %s\nwant %s\nreasons: %q", id, got, want, reasons(op))
				}
			}
		})
	}
}

func reasons(op *model.Operation) []string {
	if op.Pagination != nil {
		return op.Pagination.Reasons
	}
	if op.Skipped != nil {
		return op.Skipped.Reasons
	}
	return nil
}

func TestInferTokens(t *testing.T) {
	runCases(t, []inferCase{{
		name: "aws json body",
		spec: specOf(`
paths:
  /#X-Amz-Target=Svc.ListThings:
    post:
      operationId: ListThings
      parameters: [{name: X-Amz-Target, in: header, required: true, schema: {type: string, enum: [Svc.ListThings]}}]
      requestBody:
        content:
          application/x-amz-json-1.1:
            schema:
              type: object
              properties:
                NextToken: {type: string}
                MaxResults: {type: integer, minimum: 1, maximum: 100}
                ClientToken: {type: string}
      responses:
        "200":
          description: ok
          content:
            application/x-amz-json-1.1:
              schema:
                type: object
                properties:
                  Things: {type: array, items: {type: object, properties: {Name: {type: string}}}}
                  NextToken: {type: string}
`),
		want: map[string]string{"ListThings": "token body:NextToken → NextToken items=Things limit=body:MaxResults"},
	}, {
		name: "nested response token and pageToken",
		spec: specOf(`
paths:
  /items:
    get:
      operationId: searchItems
      parameters:
        - {name: pageToken, in: query, schema: {type: string}}
        - {name: pageSize, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: string}}
                  pagination:
                    type: object
                    properties:
                      nextToken: {type: string}
                      previousToken: {type: string}
  /feeds:
    get:
      operationId: getFeeds
      parameters: [{name: nextPageToken, in: query, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  payload:
                    type: object
                    properties:
                      feeds: {type: array, items: {type: object, properties: {id: {type: string}}}}
                      nextPageToken: {type: string}
`),
		want: map[string]string{
			"searchItems": "token query:pageToken → pagination.nextToken items=items limit=query:pageSize",
			"getFeeds":    "token query:nextPageToken → payload.nextPageToken items=payload.feeds",
		},
	}, {
		name: "marker with truncation flag, in an XML query-protocol envelope",
		spec: specOf(`
paths:
  /#Action=ListUsers:
    post:
      operationId: ListUsers
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [Action]
              properties:
                Action: {type: string, enum: [ListUsers]}
                Marker: {type: string}
                MaxItems: {type: integer}
      responses:
        "200":
          description: ok
          content:
            text/xml:
              schema:
                type: object
                properties:
                  ListUsersResult:
                    type: object
                    properties:
                      Users: {type: array, items: {type: object, properties: {UserName: {type: string}}}}
                      IsTruncated: {type: boolean}
                      Marker: {type: string}
`),
		want: map[string]string{"ListUsers": "token form:Marker → ListUsersResult.Marker items=ListUsersResult.Users limit=form:MaxItems more=ListUsersResult.IsTruncated"},
	}, {
		name: "header tokens",
		spec: specOf(`
paths:
  /docs:
    get:
      operationId: readDocs
      parameters: [{name: x-ms-continuation, in: header, schema: {type: string}}]
      responses:
        "200":
          description: ok
          headers:
            x-ms-continuation: {schema: {type: string}}
          content:
            application/json:
              schema: {type: object, properties: {Documents: {type: array, items: {type: object}}}}
`),
		want: map[string]string{"readDocs": "token header:x-ms-continuation → header:x-ms-continuation items=Documents"},
	}, {
		name: "kubernetes continue, and the watch and deletecollection twins",
		spec: specOf(`
paths:
  /api/v1/pods:
    parameters:
      - {name: continue, in: query, schema: {type: string}}
      - {name: limit, in: query, schema: {type: integer}}
      - {name: watch, in: query, schema: {type: boolean}}
    get:
      operationId: listPods
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/PodList'}}}}}
    delete:
      operationId: deleteCollectionPods
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Status'}}}}}
  /api/v1/watch/pods:
    parameters:
      - {name: continue, in: query, schema: {type: string}}
      - {name: limit, in: query, schema: {type: integer}}
    get:
      operationId: watchPods
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/WatchEvent'}}}}}
components:
  schemas:
    ListMeta: {type: object, properties: {continue: {type: string}, resourceVersion: {type: string}}}
    PodList:
      type: object
      properties:
        items: {type: array, items: {type: object, properties: {name: {type: string}}}}
        metadata: {$ref: '#/components/schemas/ListMeta'}
    Status: {type: object, properties: {metadata: {$ref: '#/components/schemas/ListMeta'}, status: {type: string}}}
    WatchEvent: {type: object, properties: {type: {type: string}, object: {type: object}}}
`),
		want: map[string]string{
			"listPods":             "token query:continue → metadata.continue items=items limit=query:limit",
			"deleteCollectionPods": "",
			"watchPods":            "",
		},
	}})
}

func TestInferTraps(t *testing.T) {
	runCases(t, []inferCase{{
		name: "auth and idempotency tokens are not page tokens",
		spec: specOf(`
paths:
  /conversations.list:
    get:
      operationId: conversationsList
      parameters:
        - {name: token, in: query, schema: {type: string}}
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  channels: {type: array, items: {type: object}}
                  token: {type: string}
                  response_metadata: {type: object, properties: {next_cursor: {type: string}}}
  /users.list:
    get:
      operationId: usersList
      parameters: [{name: token, in: query, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {members: {type: array, items: {type: object}}, token: {type: string}}}
  /orders:
    post:
      operationId: createOrders
      parameters:
        - {name: x-amzn-idempotency-token, in: header, schema: {type: string}}
        - {name: requestToken, in: query, schema: {type: string}}
      requestBody:
        content: {application/json: {schema: {type: object, properties: {clientToken: {type: string}}}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {orders: {type: array, items: {type: object}}, clientToken: {type: string}, requestToken: {type: string}}}
`),
		want: map[string]string{
			"conversationsList": "cursor query:cursor → response_metadata.next_cursor items=channels",
			"usersList":         "",
			"createOrders":      "",
		},
	}, {
		name: "HEAD twin and list envelope without a cursor",
		spec: specOf(`
paths:
  /keys:
    get:
      operationId: GetKeys
      parameters: [{name: After, in: query, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {items: {type: array, items: {type: object}}, '@nextLink': {type: string}}}
    head:
      operationId: CheckKeys
      parameters: [{name: After, in: query, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /capabilities:
    get:
      operationId: GetCapabilities
      parameters: [{name: expand, in: query, schema: {type: array, items: {type: string}}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  object: {type: string, enum: [list]}
                  data: {type: array, items: {type: object, properties: {id: {type: string}}}}
                  has_more: {type: boolean}
`),
		want: map[string]string{
			"GetKeys":         "next-link url → @nextLink items=items",
			"CheckKeys":       "",
			"GetCapabilities": "",
		},
	}, {
		name: "a token without items to page through",
		spec: specOf(`
paths:
  /thing:
    get:
      operationId: getThing
      parameters: [{name: nextToken, in: query, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, additionalProperties: false, properties: {name: {type: string}, nextToken: {type: string}}}
`),
		want: map[string]string{"getThing": ""},
	}})
}

func TestInferLinksCursorsPositions(t *testing.T) {
	runCases(t, []inferCase{{
		name: "next links",
		spec: specOf(`
paths:
  /a:
    get:
      operationId: odata
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {value: {type: array, items: {type: object}}, '@odata.nextLink': {type: string}}}
  /b:
    get:
      operationId: twilio
      parameters: [{name: PageSize, in: query, schema: {type: integer}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  calls: {type: array, items: {type: object}}
                  meta: {type: object, properties: {next_page_url: {type: string}, page_size: {type: integer}}}
  /c:
    get:
      operationId: jsonapi
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: object}}
                  links: {type: object, properties: {next: {type: string}, prev: {type: string}}}
  /d:
    get:
      operationId: graph
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: object}}
                  paging: {type: object, properties: {next: {type: object, properties: {link: {type: string}}}}}
`),
		want: map[string]string{
			"odata":   "next-link url → @odata.nextLink items=value",
			"twilio":  "next-link url → meta.next_page_url items=calls limit=query:PageSize",
			"jsonapi": "next-link url → links.next items=data",
			"graph":   "next-link url → paging.next.link items=data",
		},
	}, {
		name: "Link header and page numbers",
		spec: specOf(`
paths:
  /repos:
    get:
      operationId: listRepos
      parameters:
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
        - {name: page, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          headers: {Link: {schema: {type: string}}}
          content: {application/json: {schema: {type: array, items: {type: object}}}}
  /files:
    get:
      operationId: listFiles
      parameters:
        - {name: count, in: query, schema: {type: string}}
        - {name: page, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {files: {type: array, items: {type: object}}, paging: {type: object, properties: {page: {type: integer}, pages: {type: integer}}}}}
  /offers:
    post:
      operationId: listOffers
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                pagination: {type: object, properties: {offset: {type: integer}, limit: {type: integer}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {offers: {type: array, items: {type: object}}, pagination: {type: object, properties: {totalResults: {type: integer}}}}}
`),
		want: map[string]string{
			"listRepos":  "link-header url → header:Link items= limit=query:per_page",
			"listFiles":  "page query:page →  items=files limit=query:count",
			"listOffers": "offset body:pagination.offset →  items=offers limit=body:pagination.limit total=pagination.totalResults",
		},
	}, {
		name: "cursor from the last item, and a page reference",
		spec: specOf(`
paths:
  /v1/charges:
    get:
      operationId: GetCharges
      parameters:
        - {name: starting_after, in: query, schema: {type: string}}
        - {name: ending_before, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: object, properties: {id: {type: string}}}}
                  has_more: {type: boolean}
                  url: {type: string}
  /v1/charges/search:
    get:
      operationId: SearchCharges
      parameters:
        - {name: page, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: object, properties: {id: {type: string}}}}
                  has_more: {type: boolean}
                  next_page: {type: string, nullable: true}
`),
		want: map[string]string{
			"GetCharges":    "cursor query:starting_after →  items=data limit=query:limit more=has_more from=id",
			"SearchCharges": "token query:page → next_page items=data limit=query:limit more=has_more",
		},
	}})
}

// The conventions of other public APIs, written as their specs write them.
func TestInferOtherAPIs(t *testing.T) {
	get := func(path, id, params, schema string) string {
		return fmt.Sprintf(`
  %s:
    get:
      operationId: %s
      parameters: %s
      responses: {"200": {description: ok, content: {application/json: {schema: %s}}}}`, path, id, params, schema)
	}
	runCases(t, []inferCase{{
		name: "public APIs",
		spec: specOf("paths:" +
			get("/notion", "notion", `[{name: start_cursor, in: query, schema: {type: string}}, {name: page_size, in: query, schema: {type: integer}}]`,
				`{type: object, properties: {results: {type: array, items: {type: object}}, next_cursor: {type: string, nullable: true}, has_more: {type: boolean}}}`) +
			get("/hubspot", "hubspot", `[{name: after, in: query, schema: {type: string}}, {name: limit, in: query, schema: {type: integer}}]`,
				`{type: object, properties: {results: {type: array, items: {type: object}}, paging: {type: object, properties: {next: {type: object, properties: {after: {type: string}, link: {type: string}}}}}}}`) +
			get("/jira", "jira", `[{name: startAt, in: query, schema: {type: integer}}, {name: maxResults, in: query, schema: {type: integer}}]`,
				`{type: object, properties: {values: {type: array, items: {type: object}}, startAt: {type: integer}, total: {type: integer}, isLast: {type: boolean}}}`) +
			get("/box", "box", `[{name: marker, in: query, schema: {type: string}}, {name: usemarker, in: query, schema: {type: boolean}}, {name: limit, in: query, schema: {type: integer}}]`,
				`{type: object, properties: {entries: {type: array, items: {type: object}}, next_marker: {type: string}}}`) +
			get("/twitter", "twitter", `[{name: pagination_token, in: query, schema: {type: string}}, {name: max_results, in: query, schema: {type: integer}}]`,
				`{type: object, properties: {data: {type: array, items: {type: object}}, meta: {type: object, properties: {next_token: {type: string}, previous_token: {type: string}}}}}`) +
			get("/asana", "asana", `[{name: limit, in: query, schema: {type: integer}}]`,
				`{type: object, properties: {data: {type: array, items: {type: object}}, next_page: {type: object, properties: {offset: {type: string}, uri: {type: string}}}}}`) +
			get("/salesforce", "salesforce", `[]`,
				`{type: object, properties: {records: {type: array, items: {type: object}}, nextRecordsUrl: {type: string}, done: {type: boolean}}}`) +
			get("/spotify", "spotify", `[{name: offset, in: query, schema: {type: integer}}, {name: limit, in: query, schema: {type: integer}}]`,
				`{type: object, properties: {items: {type: array, items: {type: object}}, next: {type: string, description: A link to the next page}, total: {type: integer}}}`) +
			get("/scheduler", "nextRun", `[]`,
				`{type: object, properties: {jobs: {type: array, items: {type: object}}, nextRunUrl: {type: string}}}`)),
		want: map[string]string{
			"notion":     "cursor query:start_cursor → next_cursor items=results limit=query:page_size more=has_more",
			"hubspot":    "cursor query:after → paging.next.after items=results limit=query:limit",
			"jira":       "offset query:startAt →  items=values limit=query:maxResults done=isLast total=total",
			"box":        "token query:marker → next_marker items=entries limit=query:limit",
			"twitter":    "token query:pagination_token → meta.next_token items=data limit=query:max_results",
			"asana":      "next-link url → next_page.uri items=data limit=query:limit",
			"salesforce": "next-link url → nextRecordsUrl items=records done=done",
			"spotify":    "next-link url → next items=items limit=query:limit",
			"nextRun":    "",
		},
	}})
}

func TestInferContinuations(t *testing.T) {
	page := func(wrapper string) string {
		return fmt.Sprintf(`{type: object, properties: {%s: {type: object, properties: {NextToken: {type: string}, Orders: {type: array, items: {$ref: '#/components/schemas/Order'}}, MoreResultsAvailable: {type: boolean}}}}}`, wrapper)
	}
	runCases(t, []inferCase{{
		name: "by name, by shape and by path",
		spec: specOf(fmt.Sprintf(`
paths:
  /#ListOrders:
    post:
      operationId: ListOrders
      parameters: [{name: SellerId, in: query, schema: {type: string}}, {name: CreatedAfter, in: query, schema: {type: string}}]
      responses: {"200": {description: ok, content: {text/xml: {schema: %s}}}}
  /#ListOrdersByNextToken:
    post:
      operationId: ListOrdersByNextToken
      parameters: [{name: SellerId, in: query, schema: {type: string}}, {name: NextToken, in: query, schema: {type: string}}]
      responses: {"200": {description: ok, content: {text/xml: {schema: %s}}}}
  /#Fetch:
    post:
      operationId: FetchReports
      parameters: [{name: SellerId, in: query, schema: {type: string}}]
      responses: {"200": {description: ok, content: {text/xml: {schema: %s}}}}
  /#More:
    post:
      operationId: ResumeWalk
      parameters: [{name: SellerId, in: query, schema: {type: string}}, {name: NextToken, in: query, schema: {type: string}}]
      responses: {"200": {description: ok, content: {text/xml: {schema: %s}}}}
  /search:
    post:
      operationId: search
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Hits'}}}}
  /search/continue:
    post:
      operationId: searchMore
      requestBody: {content: {application/json: {schema: {type: object, properties: {cursor: {type: string}}}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Hits'}}}}
components:
  schemas:
    Order: {type: object, properties: {AmazonOrderId: {type: string}}}
    Hits: {type: object, properties: {hits: {type: array, items: {type: object}}, next_cursor: {type: string}}}
`, page("ListOrdersResult"), page("ListOrdersByNextTokenResult"), page("FetchReportsResult"), page("ResumeWalkResult"))),
		want: map[string]string{
			"ListOrders":            "token query:NextToken → ListOrdersResult.NextToken items=ListOrdersResult.Orders more=ListOrdersResult.MoreResultsAvailable next=ListOrdersByNextToken means=later",
			"ListOrdersByNextToken": "continues ListOrders",
			"FetchReports":          "token query:NextToken → FetchReportsResult.NextToken items=FetchReportsResult.Orders more=FetchReportsResult.MoreResultsAvailable next=ResumeWalk means=later",
			"ResumeWalk":            "continues FetchReports",
			"search":                "cursor body:cursor → next_cursor items=hits next=searchMore",
			"searchMore":            "continues search",
		},
	}})
}

func TestInferConventions(t *testing.T) {
	list := func(id, items string, declared bool) string {
		meta := ""
		if declared {
			meta = ", response_metadata: {type: object, properties: {next_cursor: {type: string}}}"
		}
		return fmt.Sprintf(`
  /%s:
    get:
      operationId: %s
      parameters: [{name: cursor, in: query, schema: {type: string}}, {name: limit, in: query, schema: {type: integer}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, additionalProperties: true, properties: {ok: {type: boolean}%s%s}}
`, id, id, items, meta)
	}
	gh := func(id string, link bool) string {
		headers := ""
		if link {
			headers = "\n          headers: {Link: {schema: {type: string}}}"
		}
		return fmt.Sprintf(`
  /%s:
    get:
      operationId: %s
      parameters: [{name: per_page, in: query, schema: {type: integer}}, {name: page, in: query, schema: {type: integer}}]
      responses:
        "200":
          description: ok%s
          content: {application/json: {schema: {type: array, items: {type: object}}}}
`, id, id, headers)
	}
	runCases(t, []inferCase{{
		name: "a token the response does not declare, and a Link header",
		spec: specOf("paths:" +
			list("a", ", channels: {type: array, items: {type: object}}", true) +
			list("b", ", members: {type: array, items: {type: object}}", true) +
			list("c", ", users: {type: array, items: {type: object}}", false) +
			list("d", "", false) +
			gh("e", true) + gh("f", true) + gh("g", false)),
		want: map[string]string{
			"a": "cursor query:cursor → response_metadata.next_cursor items=channels limit=query:limit",
			"c": "cursor query:cursor → response_metadata.next_cursor(raw) items=users limit=query:limit",
			"d": "skipped", // paginated, but with no items to type
			"g": "link-header url → header:Link items= limit=query:per_page",
		},
	}})
}

func TestDiagnostics(t *testing.T) {
	api := build(t, specOf(`
paths:
  /things:
    put:
      operationId: putThings
      parameters: [{name: pagingToken, in: query, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {things: {type: array, items: {type: object}}, others: {type: array, items: {type: object}}, nextToken: {type: string}}}
  /dup:
    get:
      operationId: same
      responses: {"200": {description: ok}}
    post:
      operationId: same
      responses: {"200": {description: ok}}
`))
	var got []string
	for _, d := range api.Diagnostics {
		got = append(got, fmt.Sprintf("%s:%d:%d %s %s", filepath.Base(d.Pos.File), d.Pos.Line, d.Pos.Col, d.Operation, d.Message))
	}
	want := []string{
		"spec.yaml:19:5 same operationId same is also used by GET /dup; this operation is called same_POST here",
		"spec.yaml:6:5 putThings looks paginated, but confidence",
	}
	if len(got) != len(want) {
		t.Fatalf("diagnostics:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("diagnostic %d:\n got %s\nwant %s…", i, got[i], want[i])
		}
	}
	if s := api.Operation("putThings").Skipped; s == nil || s.Confidence >= infer.DefaultMinConfidence {
		t.Errorf("putThings should be skipped below the threshold, not %+v", s)
	}
}

// TestGenerateSkipsBelowThreshold: generate leaves out what it is not sure
// of, with a warning, rather than emitting a wrong paginator.
func TestGenerateSkipsBelowThreshold(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "spec.yaml")
	text := specOf(`
paths:
  /things:
    get:
      operationId: listThings
      parameters: [{name: nextToken, in: query, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {things: {type: array, items: {type: string}}, nextToken: {type: string}}}
`)
	if err := os.WriteFile(spec, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		min      float64
		emitted  bool
		warnings int
	}{{0, true, 0}, {0.95, false, 1}} {
		files, diags, err := generator.Generate(context.Background(), generator.Config{Specs: []string{spec}, Package: "things", MinConfidence: tc.min})
		if err != nil {
			t.Fatal(err)
		}
		emitted := false
		for _, f := range files {
			emitted = emitted || f.Name == "op_list_things.go"
		}
		if emitted != tc.emitted || len(diags) != tc.warnings {
			t.Errorf("min confidence %.2f: emitted %v with %d diagnostics (%v), want %v with %d", tc.min, emitted, len(diags), diags, tc.emitted, tc.warnings)
		}
		if len(diags) > 0 && !strings.Contains(diags[0].Error(), "spec.yaml:6:5: listThings: looks paginated, but confidence 0.88 is below 0.95") {
			t.Errorf("warning: %v", diags[0])
		}
	}
}

// A property named for the next page's URL beats a token beside it; a
// link that is only one property of the next page yields to the token.
func TestInferLinkBesideToken(t *testing.T) {
	runCases(t, []inferCase{{
		name: "nextLink beside $skipToken, link beside after",
		spec: specOf(`
paths:
  /farmers:
    get:
      operationId: Farmers_List
      parameters:
        - {name: $maxPageSize, in: query, schema: {type: integer}}
        - {name: $skipToken, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  value: {type: array, items: {type: object, properties: {id: {type: string}}}}
                  $skipToken: {type: string}
                  nextLink: {type: string}
  /contacts:
    get:
      operationId: getContacts
      parameters:
        - {name: after, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  results: {type: array, items: {type: object, properties: {id: {type: string}}}}
                  paging:
                    type: object
                    properties:
                      next: {type: object, properties: {after: {type: string}, link: {type: string}}}
`),
		want: map[string]string{
			"Farmers_List": "next-link url → nextLink items=value limit=query:$maxPageSize",
			"getContacts":  "cursor query:after → paging.next.after items=results limit=query:limit",
		},
	}})
}
