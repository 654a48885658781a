package byo

import (
	"fmt"
	"go/types"
	"strconv"
	"strings"

	"github.com/pagegen/pagegen/generator/model"
)

// Link says how a walk reads and requests a next page that is a URL: the
// client builds the request for the operation as for its first page, with
// its own doer and request editors, and the paginator puts the link in
// place of the operation's URL before it is sent (the runtime's
// followLink); the client decodes the response as the operation's.
type Link struct {
	// Header is set when the URL is the Link header's rel="next"; else the
	// response's token fields (Op.Tokens) hold it.
	Header bool
	// Replaced are the operation's query parameters that a link's own
	// query stands in for: the caller's filters, page size and token. Its
	// other query parameters (constants, api-version) and those request
	// editors add go with every page, as Azure's SDKs send them.
	Replaced []string
}

// Continuation is the operation that continues a walk after its first page
// (MWS's ListOrdersByNextToken, x-ms-pageable's operationName).
type Continuation struct {
	ID string // its operation ID
	// Op is its call: method, params and response, and the places its
	// response carries the items, the token and the flags. Its Token is
	// where the token goes when that is a field of its params or body; its
	// Link when the token is a URL requested in place of the operation's.
	Op *Op
	// TokenArg, over oapi-codegen, is the path parameter argument
	// (Op.PathArgs) the token goes to; "" when it goes in Op.Token.
	TokenArg string
	// Splice is set when the token is a link that goes into the path as it
	// is (x-ms-skip-url-encoding): the client is given the runtime's
	// linkStandIn, which the runtime's spliceLink replaces.
	Splice bool
	// Consts are its params fields that the spec fixes to one value,
	// sent on every call.
	Consts []Const
	// Carried are the params fields it shares with the originating
	// operation (the same parameter, name and place): copied from the
	// caller's params.
	Carried []Carry
}

// Const is a params field the spec fixes to one value.
type Const struct {
	Field Step
	Value string // as the spec writes it
}

// Carry is a params field copied from the originating operation's params.
type Carry struct {
	From, To Step
}

// LongRunning says how the first page of a pageable long-running operation
// (x-ms-long-running-operation) is had: the operation answers 201 or 202,
// and the paginator polls where it says, through the client (the runtime's
// poll and goTo), until the result is there.
type LongRunning struct {
	Method   string // the operation's HTTP method, which decides where a PUT's or PATCH's result is
	FinalVia string // final-state-via; "" for Azure's default
}

// longRunning binds how a pageable long-running operation's first page is
// had: over oapi-codegen, the functions that request its monitor and
// result as the client would.
func (b *binder) longRunning(op *model.Operation, m *method, bo *Op) error {
	if op.LongRunning == nil {
		return nil
	}
	bo.LongRunning = &LongRunning{Method: op.Method, FinalVia: op.LongRunning.FinalStateVia}
	if b.generator == OapiCodegen && bo.NewRequest == "" {
		return b.oapiRaw(bo, m)
	}
	return nil
}

// replacedByLink lists op's query parameters a next link's query stands in
// for: all but api-version, which the Azure SDKs send with every page.
func replacedByLink(op *model.Operation) []string {
	var out []string
	for _, p := range op.Params {
		if p.In == model.InQuery && !strings.EqualFold(p.Name, "api-version") {
			out = append(out, p.Name)
		}
	}
	return out
}

// operation returns the operation of the API with the given ID.
func (b *binder) operation(id string) *model.Operation {
	for _, op := range b.api.Operations {
		if op.ID == id {
			return op
		}
	}
	return nil
}

// continuation binds the operation that continues op's walk: its method,
// the input the token goes to, its constants and the parameters it shares
// with op, and the places in its response.
func (b *binder) continuation(op *model.Operation, methods *types.MethodSet, first *method) (*Continuation, error) {
	pg := op.Pagination
	next := b.operation(pg.Next)
	if next == nil {
		return nil, fmt.Errorf("continuation operation %s is not in the spec", pg.Next)
	}
	paths := pg.NextPaths
	if paths == nil {
		return nil, fmt.Errorf("continuation %s: no places in its response", next.ID)
	}
	if err := b.xmlResponse(next); err != nil {
		return nil, fmt.Errorf("continuation %s: %w", next.ID, err)
	}
	if next.LongRunning != nil {
		return nil, fmt.Errorf("continuation %s: a long-running continuation over an existing client is not supported", next.ID)
	}
	c := &Continuation{ID: next.ID, Op: &Op{}}
	find := b.ogenMethod
	if b.generator == OapiCodegen {
		find = b.oapiMethod
	}
	m, err := find(next, paths.Items, methods, c.Op)
	if err != nil {
		return nil, fmt.Errorf("continuation %s: %w", next.ID, err)
	}
	c.Op.Fragment = b.fragment(next)
	if c.Op.BodyContentType != "" {
		return nil, fmt.Errorf("continuation %s: %s takes the body as an io.Reader, which pagegen does not continue a walk through", next.ID, b.where(m.fn))
	}
	pos := pg.Position
	for _, a := range c.Op.PathArgs {
		if pos.In != model.InPath || normalize(a.Name) != normalize(pos.Name) {
			return nil, fmt.Errorf("continuation %s: %s takes the path parameter %s, which the walk has no value for: only the token may be a path parameter of a continuation over an existing client", next.ID, b.where(m.fn), a.Name)
		}
		if a.Type.Scalar() != "string" {
			return nil, fmt.Errorf("continuation %s: %s: argument %s for the path parameter %q is %s, not a string", next.ID, b.where(m.fn), a.Name, pos.Name, TypeString(a.Type))
		}
		c.TokenArg = a.Name
	}
	switch {
	case pos.In == model.InURL:
		c.Op.Link = &Link{Replaced: replacedByLink(next)}
	case c.TokenArg != "":
	default:
		if c.Op.Token, err = b.input(m, pos); err != nil {
			return nil, fmt.Errorf("continuation %s: %w", next.ID, err)
		}
		if err := b.stringInput(c.Op, c.Op.Token); err != nil {
			return nil, fmt.Errorf("continuation %s: %w", next.ID, err)
		}
	}
	if pos.In == model.InPath {
		for _, p := range next.Params {
			c.Splice = c.Splice || p.In == model.InPath && p.Name == pos.Name && p.Unescaped
		}
	}
	if b.generator == OapiCodegen && (c.Splice || c.Op.Link != nil) {
		if err := b.oapiRaw(c.Op, m); err != nil {
			return nil, fmt.Errorf("continuation %s: %w", next.ID, err)
		}
	}
	if err := b.continuationParams(op, next, first, m, c); err != nil {
		return nil, err
	}
	if err := b.responsePlaces(c.Op, m, paths); err != nil {
		return nil, fmt.Errorf("continuation %s: %w", next.ID, err)
	}
	return c, nil
}

// link binds an operation whose next page is a URL the response gives:
// over oapi-codegen, the functions that request it as the client would.
func (b *binder) link(op *model.Operation, m *method, bo *Op) error {
	bo.Link = &Link{Replaced: replacedByLink(op)}
	if b.generator == OapiCodegen && bo.NewRequest == "" {
		return b.oapiRaw(bo, m)
	}
	return nil
}

// linkHeader takes the Link header out of the places a response carries
// its token when the walk follows links: it is read for its rel="next"
// entry (Link.Header), not as a token.
func linkHeader(bo *Op, paths []model.Path) []model.Path {
	if bo.Link == nil {
		return paths
	}
	var out []model.Path
	for _, p := range paths {
		if strings.EqualFold(p.Header, "Link") {
			bo.Link.Header = true
			continue
		}
		out = append(out, p)
	}
	return out
}

// continuationParams binds the continuation's constants and the
// parameters it shares with op.
func (b *binder) continuationParams(op, next *model.Operation, first, m *method, c *Continuation) error {
	consts, err := b.consts(next.Consts, m)
	if err != nil {
		return fmt.Errorf("continuation %s: %w", next.ID, err)
	}
	c.Consts = consts
	pos := op.Pagination.Position
	for _, p := range next.Params {
		if p.In == pos.In && p.Name == pos.Name || p.In != model.InQuery && p.In != model.InHeader {
			continue
		}
		shared := false
		for _, q := range op.Params {
			shared = shared || q.In == p.In && q.Name == p.Name
		}
		if !shared {
			continue
		}
		loc := &model.Location{In: p.In, Name: p.Name}
		if first.params == nil || m.params == nil {
			return fmt.Errorf("continuation %s: the %s parameter %q has no params field", next.ID, p.In, p.Name)
		}
		from, err := b.paramField(first.params, loc)
		if err != nil {
			return err
		}
		to, err := b.paramField(m.params, loc)
		if err != nil {
			return fmt.Errorf("continuation %s: %w", next.ID, err)
		}
		if TypeString(from.Type) != TypeString(to.Type) {
			return fmt.Errorf("continuation %s: the %s parameter %q is %s in %s and %s in %s: pagegen copies it from one to the other only when the types are the same",
				next.ID, p.In, p.Name, TypeString(from.Type), first.params.Obj().Name(), TypeString(to.Type), m.params.Obj().Name())
		}
		c.Carried = append(c.Carried, Carry{From: from, To: to})
	}
	return nil
}

// consts binds the query and header constants of an operation to the
// fields of its method's params.
func (b *binder) consts(consts []*model.Const, m *method) ([]Const, error) {
	var out []Const
	for _, k := range consts {
		if k.In != model.InQuery && k.In != model.InHeader {
			continue
		}
		if m.params == nil {
			return nil, fmt.Errorf("%s takes no params for the %s constant %q", b.where(m.fn), k.In, k.Name)
		}
		f, err := b.paramField(m.params, &model.Location{In: k.In, Name: k.Name})
		if err != nil {
			return nil, err
		}
		if err := checkConst(f.Type, k.Value); err != nil {
			return nil, fmt.Errorf("%s.%s: %w", m.params.Obj().Name(), f.Field, err)
		}
		out = append(out, Const{Field: f, Value: k.Value})
	}
	return out, nil
}

// checkConst reports whether a constant's value, as the spec writes it,
// fits a field of type t: a string, an integer or a boolean, or a type
// with one of those underneath.
func checkConst(t *Type, v string) error {
	s := t.Deref().Scalar()
	var err error
	switch {
	case s == "string":
	case s == "bool":
		_, err = strconv.ParseBool(v)
	case strings.HasPrefix(s, "int") || strings.HasPrefix(s, "uint"):
		_, err = strconv.ParseInt(v, 10, 64)
	case strings.HasPrefix(s, "float"):
		_, err = strconv.ParseFloat(v, 64)
	default:
		return fmt.Errorf("is %s, which pagegen cannot set to the constant %q", TypeString(t), v)
	}
	if err != nil {
		return fmt.Errorf("is %s, which the constant %q does not fit", TypeString(t), v)
	}
	return nil
}

// responsePlaces binds where a continuation's response carries the items,
// the token and the flags.
func (b *binder) responsePlaces(bo *Op, m *method, paths *model.ResponsePaths) error {
	from := bo.Response + "." + bo.Success
	if b.generator == Ogen {
		from = bo.Success
	}
	items, err := b.path(m.rbody, paths.Items.Props, from)
	if err != nil {
		return fmt.Errorf("items %q: %w", paths.Items.String(), err)
	}
	bo.Items = items
	last := m.rbody
	if len(items) > 0 {
		last = items[len(items)-1].Type
	}
	if bo.Item = last.Deref().Items(); bo.Item == nil {
		return fmt.Errorf("items %q: %s is %s, not a slice", paths.Items.String(), stepsString(from, items), TypeString(last))
	}
	tokens := linkHeader(bo, paths.Token)
	if len(tokens) > 0 || bo.Link == nil || !bo.Link.Header {
		if bo.Tokens, err = b.tokens(m, bo, tokens, from); err != nil {
			return err
		}
	}
	for _, flag := range []struct {
		p   *model.Path
		out *[]Step
	}{{paths.More, &bo.More}, {paths.Done, &bo.Done}} {
		if flag.p == nil {
			continue
		}
		steps, err := b.path(m.rbody, flag.p.Props, from)
		if err != nil {
			return fmt.Errorf("flag %q: %w", flag.p.String(), err)
		}
		if t := steps[len(steps)-1].Type; !isBool(t.Deref().Scalar()) {
			return fmt.Errorf("flag %q: %s is %s, not a bool", flag.p.String(), b.leafWhere(m.rbody, steps), TypeString(t))
		}
		*flag.out = steps
	}
	return nil
}

// oapiRaw finds what requests a next link through an oapi-codegen client
// as its own method would, but with the link in place before the client's
// request editors run (they may sign the URL): the NewXRequest function
// that builds the method's request, the ParseXResponse function that
// decodes its response, and the client's Server, doer and editors.
func (b *binder) oapiRaw(bo *Op, m *method) error {
	if err := b.oapiClientParts(); err != nil {
		return err
	}
	base := strings.TrimSuffix(bo.Method, "WithResponse")
	msig := m.fn.Type().(*types.Signature)
	build, err := b.lookupFunc("New"+base+"Request", "the function that builds the request of "+bo.Method)
	if err != nil {
		return fmt.Errorf("%s: %w", b.where(m.fn), err)
	}
	bsig := build.Type().(*types.Signature)
	// (ctx, args..., reqEditors...) against (server string, args...).
	n := msig.Params().Len()
	ok := bsig.Params().Len() == n-1 && types.Identical(bsig.Params().At(0).Type(), types.Typ[types.String]) &&
		bsig.Results().Len() == 2 && types.TypeString(bsig.Results().At(0).Type(), nil) == "*net/http.Request"
	for i := 1; ok && i < n-1; i++ {
		ok = types.Identical(bsig.Params().At(i).Type(), msig.Params().At(i).Type())
	}
	if !ok {
		return fmt.Errorf("%s does not take what %s does, with the server in place of ctx: %s", b.where(build), bo.Method, bsig)
	}
	parse, err := b.lookupFunc("Parse"+bo.Response, "the function that decodes the response of "+bo.Method)
	if err != nil {
		return fmt.Errorf("%s: %w", b.where(m.fn), err)
	}
	psig := parse.Type().(*types.Signature)
	if psig.Params().Len() != 1 || types.TypeString(psig.Params().At(0).Type(), nil) != "*net/http.Response" ||
		psig.Results().Len() != 2 || !types.Identical(psig.Results().At(0).Type(), msig.Results().At(0).Type()) {
		return fmt.Errorf("%s is not func(*http.Response) (%s, error)", b.where(parse), msig.Results().At(0).Type())
	}
	bo.NewRequest, bo.Parse = build.Name(), parse.Name()
	return nil
}

// lookupFunc finds the package-level function name of the client package.
func (b *binder) lookupFunc(name, what string) (*types.Func, error) {
	fn, ok := b.pkg.Types.Scope().Lookup(name).(*types.Func)
	if !ok {
		return nil, fmt.Errorf("client package %s declares no %s (%s)", b.pkg.PkgPath, name, what)
	}
	return fn, nil
}

// oapiClientParts checks that oapi-codegen's Client has the Server, doer
// and request editors a next link is requested with, and that
// ClientWithResponses embeds the ClientInterface it wraps.
func (b *binder) oapiClientParts() error {
	c, err := b.lookupType("Client", "the client type oapi-codegen generates with client: true")
	if err != nil {
		return err
	}
	st, _ := c.Underlying().(*types.Struct)
	want := map[string]string{"Server": "string", "Client": "HttpRequestDoer", "RequestEditors": "[]RequestEditorFn"}
	for i := 0; st != nil && i < st.NumFields(); i++ {
		f := st.Field(i)
		if w, ok := want[f.Name()]; ok && types.TypeString(f.Type(), types.RelativeTo(b.pkg.Types)) == w {
			delete(want, f.Name())
		}
	}
	if len(want) > 0 {
		return fmt.Errorf("%s lacks the fields Server string, Client HttpRequestDoer and RequestEditors []RequestEditorFn that next links are requested with", b.where(c.Obj()))
	}
	cwr, err := b.lookupType("ClientWithResponses", "the client type oapi-codegen generates with client: true")
	if err != nil {
		return err
	}
	if st, _ := cwr.Underlying().(*types.Struct); st == nil || st.NumFields() != 1 || st.Field(0).Name() != "ClientInterface" {
		return fmt.Errorf("%s does not wrap a ClientInterface, through which pagegen reaches the Client that requests next links", b.where(cwr.Obj()))
	}
	return nil
}
