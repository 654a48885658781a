package byo

import (
	"regexp"
	"testing"

	"github.com/pagegen/pagegen/generator/model"
)

// TestBindStyles: what the paging clients bind to, read from their
// declarations: path arguments, header tokens, counting positions, token
// sets, cursors and keys that are not strings.
func TestBindStyles(t *testing.T) {
	oapi, err := bindEdited(t, oapiPagingClient, specModel(t, pagingSpec), "", "")
	if err != nil {
		t.Fatal(err)
	}
	ogen, err := bindEdited(t, ogenPagingClient, specModel(t, pagingSpec), "", "")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"oapi ListShelfBooks path arguments", len(oapi.Ops["ListShelfBooks"].PathArgs), 1},
		{"oapi ListShelfBooks path argument", oapi.Ops["ListShelfBooks"].PathArgs[0].Name, "shelf"},
		{"oapi SearchBooks path argument", oapi.Ops["SearchBooks"].PathArgs[0].Name, "shelf"},
		{"ogen ListShelfBooks path arguments", len(ogen.Ops["ListShelfBooks"].PathArgs), 0},
		{"oapi ListShelfBooks token header", oapi.Ops["ListShelfBooks"].Tokens[0].Header, "X-Next-Page-Token"},
		{"oapi ListShelfBooks token from the HTTP response", len(oapi.Ops["ListShelfBooks"].Tokens[0].Steps), 0},
		{"ogen ListShelfBooks token field", ogen.Ops["ListShelfBooks"].Tokens[0].Steps[0].Field, "XNextPageToken"},
		{"ogen ListShelfBooks 2xx type", ogen.Ops["ListShelfBooks"].Success, "ListShelfBooksOKHeaders"},
		{"ogen ListShelfBooks returns its 2xx type", ogen.Ops["ListShelfBooks"].Concrete, true},
		{"oapi ListShelfBooks request token", oapi.Ops["ListShelfBooks"].Token.String(), "XPageToken"},
		{"oapi ListShelfBooks key", TypeString(oapi.Ops["ListShelfBooks"].Key.Type), "int64"},
		{"ogen ListEvents offset", ogen.Ops["ListEvents"].Token.String(), "Offset"},
		{"ogen ListEvents total", ogen.Ops["ListEvents"].Total[0].Field, "Total"},
		{"oapi ListArticles done", oapi.Ops["ListArticles"].Done[0].Field, "LastPage"},
		{"oapi ListCustomers cursor", oapi.Ops["ListCustomers"].CursorFrom.Field, "Id"},
		{"oapi ListCustomers more", oapi.Ops["ListCustomers"].More[0].Field, "HasMore"},
		{"ogen ListCustomers response tokens", len(ogen.Ops["ListCustomers"].Tokens), 0},
		{"oapi ListRecords token set", len(oapi.Ops["ListRecords"].TokenSet), 2},
		{"oapi ListRecords second part", oapi.Ops["ListRecords"].TokenSet[1].Input.String() + " ← " + oapi.Ops["ListRecords"].TokenSet[1].Tokens[0].Steps[0].Field, "Type ← NextType"},
		{"ogen ListRecords second part", ogen.Ops["ListRecords"].TokenSet[1].Input.String() + " ← " + ogen.Ops["ListRecords"].TokenSet[1].Tokens[0].Steps[0].Field, "Type ← NextType"},
		{"oapi SearchBooks body token", oapi.Ops["SearchBooks"].InputName(oapi.Ops["SearchBooks"].Token), "SearchBooksJSONRequestBody.Page.Token"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
}

// TestBindInlineBody: for an inline body schema oapi-codegen defines
// XJSONRequestBody as a type of its own (type XJSONRequestBody XJSONBody)
// rather than an alias; the paginator takes it by that name.
func TestBindInlineBody(t *testing.T) {
	b, err := bindEdited(t, oapiPagingClient, specModel(t, pagingSpec),
		"type SearchBooksJSONRequestBody = SearchRequest", "type SearchBooksJSONRequestBody SearchRequest")
	if err != nil {
		t.Fatal(err)
	}
	op := b.Ops["SearchBooks"]
	if op.Body != "SearchBooksJSONRequestBody" || op.InputName(op.Token) != "SearchBooksJSONRequestBody.Page.Token" {
		t.Errorf("body %s, token %s; want SearchBooksJSONRequestBody and its Page.Token", op.Body, op.InputName(op.Token))
	}
}

// TestBindStylesMismatch: a client that does not fit how the spec pages is
// an error naming the operation, its place in the spec and, where there
// is one, the Go declaration.
func TestBindStylesMismatch(t *testing.T) {
	specPlace := `openapi\.yaml:\d+:\d+: `
	oapiPlace := `client\.gen\.go:\d+:\d+`
	cases := []struct {
		name     string
		client   client
		old, new string
		edit     func(*model.API) // edits the spec's model instead
		want     string
	}{
		{name: "path argument", client: oapiPagingClient,
			old:  "ListShelfBooksWithResponse(ctx context.Context, shelf Shelf, params *ListShelfBooksParams, reqEditors ...RequestEditorFn) (*ListShelfBooksResponse, error) {\n\trsp, err := c.ListShelfBooks(ctx, shelf,",
			new:  "ListShelfBooksWithResponse(ctx context.Context, shelfName Shelf, params *ListShelfBooksParams, reqEditors ...RequestEditorFn) (*ListShelfBooksResponse, error) {\n\trsp, err := c.ListShelfBooks(ctx, shelfName,",
			want: specPlace + `ListShelfBooks: api\.ListShelfBooksWithResponse \(.*` + oapiPlace + `\): argument shelfName api\.Shelf is not the path parameter "shelf"`},
		{name: "integer key missing", client: oapiPagingClient,
			old:  "Id    int64  `json:\"id\"`",
			new:  "Id    int64  `json:\"bookId\"`",
			want: specPlace + `ListShelfBooks: key "id": api\.Book \(.*` + oapiPlace + `\) has no field with json tag "id"`},
		{name: "key of no scalar type", client: oapiPagingClient,
			old:  "Id    int64  `json:\"id\"`",
			new:  "Id    []int64  `json:\"id\"`",
			want: specPlace + `ListShelfBooks: key "id": api\.Book\.Id \(.*` + oapiPlace + `\) is \[\]int64, not a string, an integer or a Stringer`},
		{name: "offset not an integer", client: oapiPagingClient,
			old:  "Offset *int32 `form:\"offset,omitempty\"",
			new:  "Offset *string `form:\"offset,omitempty\"",
			want: specPlace + `ListEvents: offset field ListEventsParams\.Offset is \*string, not an integer`},
		{name: "total not a number", client: oapiPagingClient,
			old:  "Total  int64   `json:\"total\"`",
			new:  "Total  string   `json:\"total\"`",
			want: specPlace + `ListEvents: total "total": api\.EventList\.Total \(.*` + oapiPlace + `\) is string, not a number`},
		{name: "token set part", client: oapiPagingClient,
			old:  "Type *string `form:\"type,omitempty\" json:\"type,omitempty\"`",
			new:  "Type *string `form:\"kind,omitempty\" json:\"kind,omitempty\"`",
			want: specPlace + `ListRecords: api\.ListRecordsParams \(.*` + oapiPlace + `\) has no field for the query parameter "type"`},
		{name: "token in a path argument", client: oapiPagingClient,
			edit: func(api *model.API) {
				api.Operation("ListShelfBooks").Pagination.Position = &model.Location{In: model.InPath, Name: "shelf"}
			},
			want: specPlace + `ListShelfBooks: api\.ListShelfBooksWithResponse \(.*` + oapiPlace + `\) takes the path parameter "shelf" as an argument`},
		{name: "ogen header field", client: ogenPagingClient,
			edit: func(api *model.API) {
				api.Operation("ListShelfBooks").Pagination.ResponseToken[0].Header = "X-Continuation"
			},
			want: specPlace + `ListShelfBooks: response header X-Continuation: api\.ListShelfBooksOKHeaders \(.*oas_schemas_gen\.go:\d+:\d+\) has no field for it`},
		{name: "ogen cursor field", client: ogenPagingClient,
			old:  "ID   string    `json:\"id\"`",
			new:  "ID   string    `json:\"customerId\"`",
			want: specPlace + `ListCustomers: cursor-from "id": api\.Customer \(.*oas_schemas_gen\.go:\d+:\d+\) has no field with json tag "id"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			api := specModel(t, c.client.spec)
			if c.edit != nil {
				c.edit(api)
			}
			_, err := bindEdited(t, c.client, api, c.old, c.new)
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
