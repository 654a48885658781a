// Package byo binds a model to a client the user already generated (with
// oapi-codegen or ogen): it loads the client's package with go/packages and finds,
// for every paginated operation, the method to call, the parameter fields
// that carry the token and the page size, and the response fields that hold
// the items and the next token. It matches by the names and the json/form
// tags the client generator wrote, never by guessing a name, and reports a
// mismatch naming the operation, the spec position and the Go declaration.
//
// What it finds is plain data (Binding): emission reads it beside the model
// and never sees go/types.
package byo

import (
	"bytes"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/tools/go/packages"

	"github.com/pagegen/pagegen/generator/model"
)

// Client generators pagegen binds to.
const (
	OapiCodegen = "oapi-codegen"
	Ogen        = "ogen"
)

// Binding is what the user's package declares for the paginated operations
// of a model.
type Binding struct {
	Generator string // OapiCodegen or Ogen
	Import    string // the client package's import path
	PkgName   string // its package name
	// ClientType is the type whose methods the paginators call
	// (ClientWithResponses); it satisfies every XAPIClient.
	ClientType string
	// EditorType is the type of the variadic request editors the methods
	// take (oapi-codegen's RequestEditorFn); "" for ogen, whose take none.
	EditorType string
	Ops        map[string]*Op // by operation ID
	// Diagnostics are the model's that hold over the client (those about
	// pagegen's own types do not: the package declares none), then the
	// warnings about operations whose inferred pagination the client
	// cannot carry, left out rather than failing the package (an operation
	// the spec declares paginated is an error instead).
	Diagnostics []model.Diagnostic
}

// Op is one paginated operation as the client declares it.
type Op struct {
	Method string // XWithResponse
	// PathArgs are the path parameters oapi-codegen's method takes before
	// its params, in the order it takes them; ogen has them in its params.
	PathArgs []Arg
	Params   string // the named type of its params (XParams); "" when it takes none
	// Consts are the params fields the spec fixes to one value (AWS's
	// X-Amz-Target): the walk sets them, as pagegen's own clients send
	// them whatever the caller wrote.
	Consts []Const
	Body   string // the type of its JSON body (XJSONRequestBody); "" when it takes none; ogen takes a pointer to it
	// BodyContentType is set when oapi-codegen's method takes the body as
	// an io.Reader (XWithBodyWithResponse: a JSON content type it does not
	// know as JSON, such as AWS's application/x-amz-json-1.0): Body is
	// then the client's type of the body's schema, which the paginator
	// encodes with encoding/json and sends under this content type.
	BodyContentType string
	// Decoded is set when oapi-codegen's response leaves the 2xx body raw
	// (Body only): the client's type of its schema, which the paginator
	// decodes the body into with encoding/json. Success is "" then.
	Decoded  string
	Response string // the named type of its response (XResponse)
	Success  string // the response's field holding the decoded 2xx body (JSON200); ogen: the 2xx type
	// Unwrap is the field of ogen's 2xx type that holds the body when the
	// response declares headers (XHeaders{…, Response X}); "" when none.
	Unwrap string
	// Concrete is set when ogen's method returns a pointer to its 2xx type
	// (Success) rather than an interface of its responses: the others are
	// errors.
	Concrete bool
	// Fragment, over ogen, is the "#…" part of the spec's path key
	// (/#X-Amz-Target=…, AWS's JSON protocol), which ogen writes into the
	// request's path escaped, where the spec means a URL fragment: the
	// paginator's requests go without it. "" when the key has none.
	Fragment string

	Item  *Type  // the element type of the items
	Items []Step // from the success body to the items slice

	Tokens []Read // where the response carries the next token, first non-empty wins
	More   []Step // optional more flag; nil when none
	Done   []Step // optional done flag; nil when none
	Total  []Step // optional total of the offset style; nil when none

	// Token is where the next request carries its place: the token or
	// cursor, the offset or the page number; for a token set, its first
	// part.
	Token *Access
	// TokenSet, for a walk continued by several tokens at once, has each
	// part's input and response places, in the model's order.
	TokenSet []Part
	Limit    *Access // where the page size goes; nil when none

	// CursorFrom is the item field whose last value is the next cursor;
	// nil when the response carries the token.
	CursorFrom *Step
	Key        *Step // the item field identifying an item; nil when none

	// Link, set when the next token is a URL to request (next links and
	// Link headers), says how the walk reads and follows it; Token is nil
	// then.
	Link *Link
	// Next, set when another operation continues the walk, is that
	// operation's call; Token is nil then.
	Next *Continuation
	// NewRequest and Parse, over oapi-codegen, are the functions that
	// build the request of Method and decode its response: a request for a
	// next link is built with them and sent with the client's own doer, the
	// link put in place before the client's request editors run. "" when
	// the walk follows no link through Method.
	NewRequest, Parse string
	// LongRunning is set on a pageable long-running operation: its first
	// page is what the operation's status monitor leads to.
	LongRunning *LongRunning
}

// Arg is a path parameter oapi-codegen's method takes as an argument.
type Arg struct {
	Name string // the argument's name in the method: thingName
	Type *Type
}

// Read is one place a response carries a token.
type Read struct {
	// Steps lead from the success body to the token; for a header that
	// ogen's 2xx type declares, they lead from that type to its field.
	Steps []Step
	// Raw is a token alias the schema does not declare, read from the raw
	// body by its property names.
	Raw []string
	// Header is a response header oapi-codegen's method hands back in
	// HTTPResponse, read from there; "" when the token is not in one.
	Header string
}

// Part is one token of a token set.
type Part struct {
	Input  *Access
	Tokens []Read
}

// Step is one struct field on the way to a value.
type Step struct {
	Field string // Go field name
	Type  *Type  // the field's type
}

// Access is a request input: a field of the params, or a path of fields
// into the body.
type Access struct {
	InBody bool
	Steps  []Step
}

// Leaf is the type of the field the input is written to.
func (a *Access) Leaf() *Type { return a.Steps[len(a.Steps)-1].Type }

// String names the input's fields as Go code would: PaginationContext.NextToken.
func (a *Access) String() string {
	return strings.TrimPrefix(stepsString("", a.Steps), ".")
}

// InputName names a request input with the type it is a field of:
// XParams.NextToken.
func (o *Op) InputName(a *Access) string {
	if a.InBody {
		return o.Body + "." + a.String()
	}
	return o.Params + "." + a.String()
}

// Bind matches the paginated operations of api to the client in pkg, which
// generator (OapiCodegen or Ogen) wrote.
func Bind(api *model.API, pkg *packages.Package, generator string) (*Binding, error) {
	b := &binder{api: api, pkg: pkg, fset: pkg.Fset, generator: generator}
	out := &Binding{Generator: generator, Import: pkg.PkgPath, PkgName: pkg.Name, Ops: map[string]*Op{}}
	var client *types.Named
	var err error
	switch generator {
	case OapiCodegen:
		if client, err = b.lookupType("ClientWithResponses", "the client type oapi-codegen generates with client: true"); err != nil {
			return nil, err
		}
		if _, err := b.lookupType("RequestEditorFn", "oapi-codegen's request editor type"); err != nil {
			return nil, err
		}
		out.EditorType = "RequestEditorFn"
	case Ogen:
		if client, err = b.lookupType("Client", "the client type ogen generates"); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("client %q: pagegen binds to %s and %s clients", generator, OapiCodegen, Ogen)
	}
	out.ClientType = client.Obj().Name()
	for _, d := range api.Diagnostics {
		if !d.OwnTypes {
			out.Diagnostics = append(out.Diagnostics, d)
		}
	}
	methods := types.NewMethodSet(types.NewPointer(client))
	var firstErr error // of the first operation skipped
	for _, op := range api.Operations {
		if !op.Emit || op.Pagination == nil {
			continue
		}
		bo, err := b.bindOp(op, methods)
		if err != nil && op.Pagination.Source == "inferred" {
			if firstErr == nil {
				firstErr = &model.Error{Pos: op.Pos, Operation: op.ID, Err: err}
			}
			out.Diagnostics = append(out.Diagnostics, model.Diagnostic{
				Severity: model.SeverityWarning, Pos: op.Pos, Operation: op.ID,
				Message: fmt.Sprintf("no paginator over the client: %v (declare its pagination with x-pagination to make this an error)", err),
			})
			continue
		}
		if err != nil {
			return nil, &model.Error{Pos: op.Pos, Operation: op.ID, Err: err}
		}
		out.Ops[op.ID] = bo
	}
	if len(out.Ops) == 0 && firstErr != nil {
		// Nothing the client can page: a package of no paginators is no
		// answer.
		return nil, firstErr
	}
	return out, nil
}

type binder struct {
	api       *model.API
	pkg       *packages.Package
	fset      *token.FileSet
	generator string
	inSlice   map[*types.Named]bool // named slice types goType is inside of
}

// where names a Go declaration by its position.
func (b *binder) where(obj types.Object) string {
	pos := b.fset.Position(obj.Pos())
	if pos.Line <= 1 {
		pos = declPos(pos, obj)
	}
	return fmt.Sprintf("%s.%s (%s)", b.pkg.Name, obj.Name(), pos)
}

// declPos finds obj's declaration in its file when the position the type
// information gives is its first line: read from export data, positions
// in a file longer than 65,536 lines are (oapi-codegen writes 150,000 for
// GitHub's spec). It looks for "type Name " or a method "Name(", and
// gives the file alone when neither is there.
func declPos(pos token.Position, obj types.Object) token.Position {
	data, err := os.ReadFile(pos.Filename)
	if err != nil {
		return token.Position{Filename: pos.Filename}
	}
	var want string
	switch obj.(type) {
	case *types.TypeName:
		want = "\ntype " + obj.Name() + " "
	case *types.Func:
		want = ") " + obj.Name() + "("
	}
	i := -1
	if want != "" {
		i = bytes.Index(data, []byte(want))
	}
	if i < 0 {
		return token.Position{Filename: pos.Filename}
	}
	at := i + strings.Index(want, obj.Name()) // where the name is
	line := bytes.Count(data[:at], []byte("\n")) + 1
	col := at - bytes.LastIndexByte(data[:at], '\n')
	return token.Position{Filename: pos.Filename, Line: line, Column: col}
}

func (b *binder) lookupType(name, what string) (*types.Named, error) {
	obj := b.pkg.Types.Scope().Lookup(name)
	tn, ok := obj.(*types.TypeName)
	if !ok {
		return nil, fmt.Errorf("client package %s declares no %s (%s)", b.pkg.PkgPath, name, what)
	}
	n, ok := types.Unalias(tn.Type()).(*types.Named)
	if !ok {
		return nil, fmt.Errorf("%s is not a defined type", b.where(tn))
	}
	return n, nil
}

// normalize folds a name for matching: letters and digits only, lower case.
// oapi-codegen's Go names are the operation ID camel-cased.
func normalize(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			sb.WriteRune(unicode.ToLower(r))
		}
	}
	return sb.String()
}

func (b *binder) bindOp(op *model.Operation, methods *types.MethodSet) (*Op, error) {
	pg := op.Pagination
	if pg.Position == nil {
		return nil, fmt.Errorf("no request token")
	}
	if err := b.xmlResponse(op); err != nil {
		return nil, err
	}
	bo := &Op{}
	find := b.oapiMethod
	if b.generator == Ogen {
		find = b.ogenMethod
	}
	m, err := find(op, pg.Items, methods, bo)
	if err != nil {
		return nil, err
	}
	bo.Fragment = b.fragment(op)
	if bo.BodyContentType != "" && (op.LongRunning != nil || pg.Position.In == model.InURL || (pg.Next != "" && pg.Next != op.ID)) {
		return nil, fmt.Errorf("%s takes the body as an io.Reader: over such a method pagegen pages by a token, offset or page in the params or body, not by next links, continuation operations or long-running operations", b.where(m.fn))
	}
	if err := b.longRunning(op, m, bo); err != nil {
		return nil, err
	}
	if pg.Next != "" && pg.Next != op.ID {
		if bo.Next, err = b.continuation(op, methods, m); err != nil {
			return nil, err
		}
	}
	if err := b.bindRequest(op, m, bo); err != nil {
		return nil, err
	}
	if bo.Consts, err = b.consts(op.Consts, m); err != nil {
		return nil, err
	}
	if err := b.bindResponse(op, m, bo); err != nil {
		return nil, err
	}
	if bo.Next != nil && TypeString(bo.Next.Op.Item) != TypeString(bo.Item) {
		return nil, fmt.Errorf("continuation %s returns items of type %s, not %s", bo.Next.ID, TypeString(bo.Next.Op.Item), TypeString(bo.Item))
	}
	return bo, nil
}

// fragment is the "#…" part of op's path key when the client is ogen's,
// which sends it in the path; oapi-codegen resolves the path as a URL
// reference and drops it itself.
func (b *binder) fragment(op *model.Operation) string {
	if b.generator != Ogen {
		return ""
	}
	if i := strings.IndexByte(op.Key, '#'); i >= 0 {
		return op.Key[i:]
	}
	return ""
}

// bindRequest finds the inputs the walk writes: its place (token, cursor,
// offset or page, or each token of a set) and the page size.
func (b *binder) bindRequest(op *model.Operation, m *method, bo *Op) error {
	pg := op.Pagination
	var err error
	switch {
	case bo.Next != nil:
		// The token goes to the continuation.
	case pg.Position.In == model.InURL:
		err = b.link(op, m, bo)
	default:
		err = b.place(op, m, bo)
	}
	if err != nil {
		return err
	}
	if len(pg.TokenSet) > 1 {
		for _, part := range pg.TokenSet {
			in, err := b.input(m, part.Request)
			if err != nil {
				return err
			}
			if err := b.stringInput(bo, in); err != nil {
				return err
			}
			bo.TokenSet = append(bo.TokenSet, Part{Input: in})
		}
	}
	if pg.Limit != nil {
		if bo.Limit, err = b.input(m, pg.Limit); err != nil {
			return err
		}
		if s := bo.Limit.Leaf().Deref().Scalar(); !isInteger(s) {
			return fmt.Errorf("limit field %s is %s, not an integer", bo.InputName(bo.Limit), TypeString(bo.Limit.Leaf()))
		}
	}
	return nil
}

// place finds the input the walk writes its place to: the token or cursor,
// the offset or the page number.
func (b *binder) place(op *model.Operation, m *method, bo *Op) error {
	pg := op.Pagination
	var err error
	if bo.Token, err = b.input(m, pg.Position); err != nil {
		return err
	}
	if pg.Style.Counts() {
		if s := bo.Token.Leaf().Deref().Scalar(); !isInteger(s) {
			return fmt.Errorf("%s field %s is %s, not an integer", pg.Style, bo.InputName(bo.Token), TypeString(bo.Token.Leaf()))
		}
		return nil
	}
	return b.stringInput(bo, bo.Token)
}

// stringInput checks that a token input is a string field.
func (b *binder) stringInput(bo *Op, in *Access) error {
	if s := in.Leaf().Deref().Scalar(); s != "string" {
		return fmt.Errorf("token field %s is %s, not a string", bo.InputName(in), TypeString(in.Leaf()))
	}
	return nil
}

// bindResponse finds what the walk reads from a 2xx response: the items,
// the next token (or each token of a set, or the cursor in the last item),
// the flags and the total, and the item's key.
func (b *binder) bindResponse(op *model.Operation, m *method, bo *Op) error {
	pg := op.Pagination
	rbody := m.rbody
	from := bo.Response + "." + bo.Success
	switch {
	case b.generator == Ogen:
		from = bo.Success
	case bo.Decoded != "":
		from = bo.Decoded
	}
	items, err := b.path(rbody, pg.Items.Props, from)
	if err != nil {
		return fmt.Errorf("items %q: %w", pg.Items.String(), err)
	}
	bo.Items = items
	last := rbody
	if len(items) > 0 {
		last = items[len(items)-1].Type
	}
	if bo.Item = last.Deref().Items(); bo.Item == nil {
		return fmt.Errorf("items %q: %s is %s, not a slice", pg.Items.String(), stepsString(from, items), TypeString(last))
	}
	switch {
	case len(bo.TokenSet) > 0:
		for i, part := range pg.TokenSet {
			if bo.TokenSet[i].Tokens, err = b.tokens(m, bo, part.Response, from); err != nil {
				return err
			}
		}
	case !pg.Style.Counts() && (len(pg.ResponseToken) > 0 || pg.CursorFrom == ""):
		paths := linkHeader(bo, pg.ResponseToken)
		if len(paths) > 0 || bo.Link == nil || !bo.Link.Header {
			if bo.Tokens, err = b.tokens(m, bo, paths, from); err != nil {
				return err
			}
		}
	}
	if pg.CursorFrom != "" {
		if bo.CursorFrom, err = b.itemField(bo, "cursor-from", pg.CursorFrom); err != nil {
			return err
		}
	}
	for _, flag := range []struct {
		what  string
		p     *model.Path
		out   *[]Step
		check func(string) bool
		want  string
	}{
		{"flag", pg.More, &bo.More, isBool, "a bool"},
		{"flag", pg.Done, &bo.Done, isBool, "a bool"},
		{"total", pg.Total, &bo.Total, isNumber, "a number"},
	} {
		if flag.p == nil || flag.what == "total" && pg.Style != model.StyleOffset {
			continue
		}
		if flag.p.Header != "" {
			return fmt.Errorf("a %s in header %s over an existing client is not supported yet", flag.what, flag.p.Header)
		}
		steps, err := b.path(rbody, flag.p.Props, from)
		if err != nil {
			return fmt.Errorf("%s %q: %w", flag.what, flag.p.String(), err)
		}
		if t := steps[len(steps)-1].Type; !flag.check(t.Deref().Scalar()) {
			return fmt.Errorf("%s %q: %s is %s, not %s", flag.what, flag.p.String(), b.leafWhere(rbody, steps), TypeString(t), flag.want)
		}
		*flag.out = steps
	}
	if pg.Key != "" {
		if bo.Key, err = b.itemField(bo, "key", pg.Key); err != nil {
			return err
		}
	}
	return nil
}

// tokens finds the places of a token in the response: body fields, raw
// aliases the schema does not declare, and headers. One must be found.
func (b *binder) tokens(m *method, bo *Op, paths []model.Path, from string) ([]Read, error) {
	var out []Read
	found := false
	for _, tok := range paths {
		if tok.Header != "" {
			r, err := b.headerToken(bo, tok.Header)
			if err != nil {
				return nil, err
			}
			out, found = append(out, r), true
			continue
		}
		steps, err := b.path(m.rbody, tok.Props, from)
		if err != nil {
			if tok.Declared {
				return nil, fmt.Errorf("response token %q: %w", tok.String(), err)
			}
			out = append(out, Read{Raw: tok.Props})
			continue
		}
		if t := steps[len(steps)-1].Type; !isText(t.Deref()) {
			return nil, fmt.Errorf("response token %q: %s is %s, not a string or an integer", tok.String(), b.leafWhere(m.rbody, steps), TypeString(t))
		}
		out, found = append(out, Read{Steps: steps}), true
	}
	if !found {
		var names []string
		for _, p := range paths {
			names = append(names, strconv.Quote(p.String()))
		}
		return nil, fmt.Errorf("none of the response tokens %s is a field of %s", strings.Join(names, ", "), from)
	}
	return out, nil
}

// headerToken finds a token in a response header: oapi-codegen hands back
// the HTTP response, whose header it is read from; ogen declares a field
// for each header of the response in its 2xx type (XHeaders), named after
// the header.
func (b *binder) headerToken(bo *Op, header string) (Read, error) {
	if b.generator != Ogen {
		return Read{Header: header}, nil
	}
	wrapper := b.lookupObj(&Type{Kind: Named, Pkg: b.pkg.PkgPath, Name: bo.Success})
	if bo.Unwrap != "" && wrapper != nil {
		st := wrapper.Type().Underlying().(*types.Struct)
		for i := range st.NumFields() {
			f := st.Field(i)
			if f.Name() == bo.Unwrap || normalize(f.Name()) != normalize(header) {
				continue
			}
			t := b.goType(f.Type())
			if !isText(t.Deref()) {
				return Read{}, fmt.Errorf("response header %s: %s.%s is %s, not a string", header, b.where(wrapper), f.Name(), TypeString(t))
			}
			return Read{Header: header, Steps: []Step{{Field: f.Name(), Type: t}}}, nil
		}
	}
	if wrapper == nil {
		return Read{}, fmt.Errorf("response header %s: client package %s declares no %s", header, b.pkg.PkgPath, bo.Success)
	}
	return Read{}, fmt.Errorf("response header %s: %s has no field for it (ogen declares one for each header the spec gives the response)", header, b.where(wrapper))
}

// itemField finds the item's field for a property (the key, cursor-from):
// a string, an integer or a Stringer, which the walk writes as a string.
func (b *binder) itemField(bo *Op, what, prop string) (*Step, error) {
	steps, err := b.path(bo.Item, []string{prop}, TypeString(bo.Item))
	if err != nil {
		return nil, fmt.Errorf("%s %q: %w", what, prop, err)
	}
	k := steps[0]
	if !isText(k.Type.Deref()) {
		return nil, fmt.Errorf("%s %q: %s is %s, not a string, an integer or a Stringer", what, prop, b.leafWhere(bo.Item, steps), TypeString(k.Type))
	}
	return &k, nil
}

// leafWhere names the field steps lead to from root as a Go declaration:
// api.EventList.Total (file:line:col).
func (b *binder) leafWhere(root *Type, steps []Step) string {
	parent := root
	if len(steps) > 1 {
		parent = steps[len(steps)-2].Type
	}
	field := steps[len(steps)-1].Field
	st, obj := b.structOf(parent)
	if st == nil || obj == nil {
		return stepsString(TypeString(parent.Deref()), steps[len(steps)-1:])
	}
	for i := range st.NumFields() {
		if f := st.Field(i); f.Name() == field {
			return fmt.Sprintf("%s.%s.%s (%s)", b.pkg.Name, obj.Name(), field, b.fset.Position(f.Pos()))
		}
	}
	return b.where(obj) + "." + field
}

// paramsIn returns op's parameters in a place, in the order the spec
// gives them; for the path, the order of the path template.
func paramsIn(op *model.Operation, in model.In) []*model.Param {
	var out []*model.Param
	for _, p := range op.Params {
		if p.In == in {
			out = append(out, p)
		}
	}
	if in == model.InPath {
		sort.SliceStable(out, func(i, j int) bool {
			return strings.Index(op.Path, "{"+out[i].Name+"}") < strings.Index(op.Path, "{"+out[j].Name+"}")
		})
	}
	return out
}

// input finds where a request input goes: a params field for a query or
// header parameter (or, with ogen, a path parameter), a path of fields
// into the body for a body property.
func (b *binder) input(m *method, loc *model.Location) (*Access, error) {
	switch loc.In {
	case model.InPath:
		if b.generator == OapiCodegen {
			return nil, fmt.Errorf("%s takes the path parameter %q as an argument, and the walk writes its place and page size only to params and the body of an oapi-codegen client", b.where(m.fn), loc.Name)
		}
		fallthrough
	case model.InQuery, model.InHeader:
		if m.params == nil {
			return nil, fmt.Errorf("%s takes no params for the %s parameter %q", b.where(m.fn), loc.In, loc.Name)
		}
		f, err := b.paramField(m.params, loc)
		if err != nil {
			return nil, err
		}
		return &Access{Steps: []Step{f}}, nil
	case model.InBody:
		if m.body == nil {
			return nil, fmt.Errorf("%s takes no JSON body for %q", b.where(m.fn), loc.Wire())
		}
		steps, err := b.path(b.goType(m.body), loc.Path, m.body.Obj().Name())
		if err != nil {
			return nil, fmt.Errorf("body %q: %w", loc.Wire(), err)
		}
		return &Access{InBody: true, Steps: steps}, nil
	}
	return nil, fmt.Errorf("a request input in %s over an existing client is not supported yet (query, header and JSON body are)", loc)
}

// paramField finds the params field for a query or header parameter, by
// its form tag (query) or json tag (header), as oapi-codegen writes them.
func (b *binder) paramField(params *types.Named, loc *model.Location) (Step, error) {
	st := params.Underlying().(*types.Struct)
	for i := range st.NumFields() {
		f := st.Field(i)
		tag := reflect.StructTag(st.Tag(i))
		name := tagName(tag.Get("form"))
		if name == "" {
			name = tagName(tag.Get("json"))
		}
		// ogen's params have no names in their tags: its field names are
		// the parameter names, Go-cased.
		if name == loc.Name || name == "" && b.generator == Ogen && normalize(f.Name()) == normalize(loc.Name) {
			return Step{Field: f.Name(), Type: b.goType(f.Type())}, nil
		}
	}
	return Step{}, fmt.Errorf("%s has no field for the %s parameter %q", b.where(params.Obj()), loc.In, loc.Name)
}

// successField finds the response's field for the decoded 2xx JSON body.
func (b *binder) successField(resp *types.Named) (string, *Type, error) {
	st := resp.Underlying().(*types.Struct)
	for i := range st.NumFields() {
		f := st.Field(i)
		if n := f.Name(); strings.HasPrefix(n, "JSON2") && len(n) == 7 {
			return n, b.goType(f.Type()), nil
		}
	}
	return "", nil, fmt.Errorf("%s has no JSON2xx field: oapi-codegen decodes only JSON responses", b.where(resp.Obj()))
}
