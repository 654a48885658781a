package emit

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/pagegen/pagegen/generator/byo"
	"github.com/pagegen/pagegen/generator/model"
)

// The walks over a user's client that go on at a URL a response gave (next
// links, Link headers) or with another operation (continuations): the
// client builds each request as it builds the operation's, and the runtime
// (pagegen_links.go) puts the link in its place before it is sent.

// reader names the function that reads a page of a walk out of one
// operation's response: the walk's own operation or its continuation.
type reader struct {
	id           string // the operation ID, for errors
	name         string // the function
	continuation bool
}

// pageStruct reports whether op's page is a struct of its own: when a
// continuation answers with another type than the operation, a page holds
// the one it was read from in Response or NextResponse, as in pagegen's
// own packages.
func (e *byoEmitter) pageStruct(bo *byo.Op) bool {
	return bo.Next != nil && e.pageTypeName(bo) != e.pageTypeName(bo.Next.Op)
}

// pageTypeName is the name of the type of bo's pages' Response.
func (e *byoEmitter) pageTypeName(bo *byo.Op) string {
	if e.b.Generator == byo.Ogen {
		return bo.Success
	}
	return bo.Response
}

// genContinuedPage declares op's page as a struct with the response of
// either operation, and the function that makes it of the runtime's page.
func (e *byoEmitter) genContinuedPage(f *jen.File, op *model.Operation, bo *byo.Op, item *jen.Statement) {
	next := bo.Next.Op
	both := fmt.Sprintf("Only one of Response and NextResponse is set: Response on the first page, NextResponse on the pages of %s.", next.Method)
	f.Comment(wrap(fmt.Sprintf("%s is one page of %s results.", op.Names.Page, op.Names.Method)))
	f.Type().Id(op.Names.Page).Struct(
		jen.Comment("Items are the page's items, in the order the API returned them."),
		jen.Id("Items").Index().Add(item.Clone()),
		jen.Comment(wrap("NextToken is the token the API returned with this page, empty when it returned none. To resume a walk later, keep the paginator's ResumeToken instead: it also knows where in the walk it stopped.")),
		jen.Id("NextToken").String(),
		jen.Comment(wrap(fmt.Sprintf("Response is what the client's %s returned for this page. %s", bo.Method, both))),
		jen.Id("Response").Add(e.pageResponse(bo)),
		jen.Comment(wrap(fmt.Sprintf("NextResponse is what the client's %s returned for this page. %s", next.Method, both))),
		jen.Id("NextResponse").Add(e.pageResponse(next)),
	)
	f.Func().Id(op.Names.NewPage).Params(jen.Id("p").Id("page").Types(item.Clone())).Op("*").Id(op.Names.Page).Block(
		jen.Id("pg").Op(":=").Op("&").Id(op.Names.Page).Values(jen.Dict{
			jen.Id("Items"):     jen.Id("p").Dot("items"),
			jen.Id("NextToken"): jen.Id("p").Dot("next"),
		}),
		jen.List(jen.Id("pg").Dot("Response"), jen.Id("_")).Op("=").Id("p").Dot("response").Assert(e.pageResponse(bo)),
		jen.List(jen.Id("pg").Dot("NextResponse"), jen.Id("_")).Op("=").Id("p").Dot("response").Assert(e.pageResponse(next)),
		jen.Return(jen.Id("pg")),
	)
}

// nextCall is the body of walkSpec's next: the operation again with the
// token, at the link, or the continuation.
func (e *byoEmitter) nextCall(w *byoWalk) []jen.Code {
	switch bo := w.bo; {
	case bo.Next != nil:
		return e.continuationCall(w)
	case bo.Link != nil:
		return e.call(w, false, e.followLink(bo.Link))
	}
	return e.call(w, true, nil)
}

// send emits a call of bo's method with args after ctx, edit applied to
// its request when not nil, and the page read out of its response by
// readPage (with extra arguments after the response).
func (e *byoEmitter) send(opID, readPage string, bo *byo.Op, args []jen.Code, edit jen.Code, pageOf *jen.Statement, extra ...jen.Code) []jen.Code {
	callArgs := append([]jen.Code{jen.Id("ctx")}, args...)
	if e.b.Generator == byo.Ogen {
		// The exchange keeps the HTTP response the call got, which ogen's
		// result does not carry, and edits the request when asked.
		ex := jen.New(jen.Id("exchange"))
		if edit == nil && bo.Fragment != "" {
			edit = jen.Id("dropFragment").Call(jen.Lit(bo.Fragment))
		}
		if edit != nil {
			ex = jen.Op("&").Id("exchange").Values(jen.Dict{jen.Id("edit"): edit})
		}
		callArgs[0] = jen.Id("withExchange").Call(jen.Id("ctx"), jen.Id("ex"))
		return []jen.Code{
			jen.Id("ex").Op(":=").Add(ex),
			jen.List(jen.Id("out"), jen.Id("err")).Op(":=").Id("client").Dot(bo.Method).Call(callArgs...),
			jen.Return(jen.Id(readPage).Call(append([]jen.Code{jen.Id("ex"), jen.Id("out"), jen.Err()}, extra...)...)),
		}
	}
	call := jen.Id("client").Dot(bo.Method).Call(callArgs...)
	if edit != nil {
		call = e.callLink(bo, args, edit)
	}
	return []jen.Code{
		jen.List(jen.Id("out"), jen.Id("err")).Op(":=").Add(call),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(pageOf.Clone().Values(), jen.Id("callError").Call(jen.Lit(opID), jen.Err()))),
		jen.Return(jen.Id(readPage).Call(append([]jen.Code{jen.Id("out")}, extra...)...)),
	}
}

// callLink is a call of bo's method over oapi-codegen with edit applied to
// its request: built as the method builds it (NewXRequest), edited, then
// edited by the client's own editors and sent with its doer (callLink in
// links.go).
func (e *byoEmitter) callLink(bo *byo.Op, args []jen.Code, edit jen.Code) *jen.Statement {
	withEdit := append(append([]jen.Code{jen.Id("ctx")}, args...), jen.Id("edit"))
	return jen.Id("callLink").Call(jen.Id("ctx"), jen.Id("client"), edit,
		jen.Func().Params(jen.Id("server").String()).Params(jen.Op("*").Qual("net/http", "Request"), jen.Error()).Block(
			jen.Return(e.qual(bo.NewRequest).Call(append([]jen.Code{jen.Id("server")}, args...)...)),
		),
		e.qual(bo.Parse),
		jen.Func().Params(jen.Id("edit").Add(e.qual(e.b.EditorType))).Params(e.responseType(bo), jen.Error()).Block(
			jen.Return(jen.Id("client").Dot(bo.Method).Call(withEdit...)),
		),
	)
}

// firstCall is the body of walkSpec's first: one call, or, for a pageable
// long-running operation, the call and the polls that lead to its first
// page.
func (e *byoEmitter) firstCall(w *byoWalk) []jen.Code {
	bo, op := w.bo, w.op
	if bo.LongRunning == nil {
		return e.call(w, false, nil)
	}
	var body, args []jen.Code
	for _, in := range e.inputs(bo) {
		switch {
		case in.local == "":
			args = append(args, jen.Id(in.name))
			continue
		case in.ptr:
			args = append(args, jen.Op("&").Id(in.local))
		default:
			args = append(args, jen.Id(in.local))
		}
		body = append(body, jen.Id(in.local).Op(":=").Id(in.first))
	}
	if bo.Limit != nil {
		body = append(body, jen.If(jen.Id("opts").Dot("Limit").Op("!=").Lit(0)).Block(
			e.setPath(inputVar(bo.Limit), bo.Limit.Steps, e.setValue(bo.Limit.Leaf(), jen.Id("opts").Dot("Limit"), "int32"), 0)...,
		))
	}
	opID := jen.Lit(op.ID)
	callErr := func(err jen.Code) jen.Code {
		return jen.Return(jen.Nil(), jen.Id("callError").Call(opID.Clone(), err))
	}
	lr := bo.LongRunning
	await := func(first, get jen.Code) jen.Code {
		return jen.If(jen.Err().Op(":=").Id("awaitResult").Call(jen.Id("ctx"), opID.Clone(), methodConst(lr.Method), first, jen.Lit(lr.FinalVia), get), jen.Err().Op("!=").Nil()).Block(
			jen.Return(w.pageOf().Values(), jen.Err()),
		)
	}
	getParams := []jen.Code{jen.Id("ctx").Qual("context", "Context"), jen.Id("url").String()}
	getResults := []jen.Code{jen.Op("*").Id("response"), jen.Error()}
	if e.b.Generator == byo.Ogen {
		callArgs := append([]jen.Code{jen.Id("withExchange").Call(jen.Id("ctx"), jen.Id("ex"))}, args...)
		// get keeps what ogen decoded of each answer in out and err: the
		// last is the first page.
		get := jen.Func().Params(getParams...).Params(getResults...).Block(
			jen.Id("ex").Op("=").Op("&").Id("exchange").Values(jen.Dict{jen.Id("edit"): jen.Id("goTo").Call(jen.Id("url"))}),
			jen.List(jen.Id("out"), jen.Err()).Op("=").Id("client").Dot(bo.Method).Call(callArgs...),
			jen.If(jen.Id("ex").Dot("res").Op("==").Nil()).Block(
				jen.If(jen.Err().Op("!=").Nil()).Block(callErr(jen.Err())),
				jen.Return(jen.Nil(), jen.Id("errNoExchange").Call(opID.Clone())),
			),
			jen.If(jen.Err().Op(":=").Id("responseError").Call(opID.Clone(), jen.Id("ex").Dot("res"), jen.Id("ex").Dot("body")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Err()),
			),
			jen.Return(jen.Id("rawResponse").Call(jen.Id("ex").Dot("res"), jen.Id("ex").Dot("body")), jen.Nil()),
		)
		return append(body,
			jen.Id("ex").Op(":=").New(jen.Id("exchange")),
			jen.List(jen.Id("out"), jen.Err()).Op(":=").Id("client").Dot(bo.Method).Call(callArgs...),
			jen.If(jen.Id("ex").Dot("res").Op("!=").Nil().Op("&&").Err().Op("==").Nil()).Block(
				await(jen.Id("rawResponse").Call(jen.Id("ex").Dot("res"), jen.Id("ex").Dot("body")), get),
			),
			jen.Return(jen.Id(op.Names.ReadPage).Call(jen.Id("ex"), jen.Id("out"), jen.Err())),
		)
	}
	callArgs := append([]jen.Code{jen.Id("ctx")}, args...)
	// get keeps each answer in out: the last is the first page.
	get := jen.Func().Params(getParams...).Params(getResults...).Block(
		jen.List(jen.Id("next"), jen.Err()).Op(":=").Add(e.callLink(bo, args, jen.Id("goTo").Call(jen.Id("url")))),
		jen.If(jen.Err().Op("!=").Nil()).Block(callErr(jen.Err())),
		jen.If(jen.Err().Op(":=").Id("responseError").Call(opID.Clone(), jen.Id("next").Dot("HTTPResponse"), jen.Id("next").Dot("Body")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Err()),
		),
		jen.Id("out").Op("=").Id("next"),
		jen.Return(jen.Id("rawResponse").Call(jen.Id("out").Dot("HTTPResponse"), jen.Id("out").Dot("Body")), jen.Nil()),
	)
	return append(body,
		jen.List(jen.Id("out"), jen.Err()).Op(":=").Id("client").Dot(bo.Method).Call(callArgs...),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(w.pageOf().Values(), jen.Id("callError").Call(opID.Clone(), jen.Err()))),
		jen.If(jen.Err().Op(":=").Id("responseError").Call(opID.Clone(), jen.Id("out").Dot("HTTPResponse"), jen.Id("out").Dot("Body")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(w.pageOf().Values(), jen.Err()),
		),
		await(jen.Id("rawResponse").Call(jen.Id("out").Dot("HTTPResponse"), jen.Id("out").Dot("Body")), get),
		jen.Return(jen.Id(op.Names.ReadPage).Call(jen.Id("out"))),
	)
}

// followLink is the runtime's request editor that sends the request the
// client built to the link in token instead.
func (e *byoEmitter) followLink(l *byo.Link) jen.Code {
	args := []jen.Code{jen.Id("token")}
	for _, name := range l.Replaced {
		args = append(args, jen.Lit(name))
	}
	return jen.Id("followLink").Call(args...)
}

// continuationCall emits the walk's next call: the continuation operation
// with the token, its constants and the parameters it shares with the
// walk's first call.
func (e *byoEmitter) continuationCall(w *byoWalk) []jen.Code {
	c := w.bo.Next
	next := c.Op
	var body, args []jen.Code
	token := jen.Id("token")
	var edit jen.Code
	switch {
	case c.Splice:
		token, edit = jen.Id("linkStandIn"), jen.Id("spliceLink").Call(jen.Id("token"))
	case next.Link != nil:
		edit = e.followLink(next.Link)
	}
	for _, a := range next.PathArgs {
		// The binding allows the token alone as a path argument.
		args = append(args, e.setValue(a.Type, token, "string"))
	}
	if next.Params != "" {
		fields := jen.Dict{}
		for _, k := range c.Consts {
			fields[jen.Id(k.Field.Field)] = e.setValue(k.Field.Type, constLit(k.Field.Type, k.Value), basicName(k.Field.Type))
		}
		for _, cp := range c.Carried {
			fields[jen.Id(cp.To.Field)] = jen.Id("first").Dot(cp.From.Field)
		}
		body = append(body, jen.Id("in").Op(":=").Add(e.qual(next.Params)).Values(fields))
		if e.b.Generator == byo.Ogen {
			args = append(args, jen.Id("in"))
		} else {
			args = append(args, jen.Op("&").Id("in"))
		}
	}
	if next.Token != nil {
		body = append(body, e.setPath(jen.Id("in"), next.Token.Steps, e.setValue(next.Token.Leaf(), token, "string"), 0)...)
	}
	return append(body, e.send(c.ID, w.op.Names.ReadNextPage, next, args, edit, w.pageOf())...)
}

// readLink reads a next link from the Link header when the walk follows
// those, and resolves the page's link against the URL of the response that
// carried it: "next?page=2" is a sibling of the page.
func (e *byoEmitter) readLink(w *byoWalk, bo *byo.Op) []jen.Code {
	walk := w.op.Pagination
	links := walk.Position != nil && walk.Position.In == model.InURL
	if !links {
		return nil
	}
	res := jen.Id("out").Dot("HTTPResponse")
	if e.b.Generator == byo.Ogen {
		res = jen.Id("ex").Dot("res")
	}
	var out []jen.Code
	if bo.Link != nil && bo.Link.Header {
		fromHeader := jen.Id("pg").Dot("next").Op("=").Id("nextLinkFromHeader").Call(res.Clone().Dot("Header"))
		if len(bo.Tokens) > 0 {
			fromHeader = jen.If(jen.Id("pg").Dot("next").Op("==").Lit("")).Block(fromHeader)
		}
		out = append(out, fromHeader)
	}
	return append(out, jen.Id("pg").Dot("next").Op("=").Id("resolveLink").Call(jen.Id("responseURL").Call(res.Clone()), jen.Id("pg").Dot("next")))
}

// constLit is a constant's value, as the spec writes it, as a literal of
// t's kind.
func constLit(t *byo.Type, v string) jen.Code {
	s := t.Deref().Scalar()
	switch {
	case s == "bool":
		b, _ := strconv.ParseBool(v)
		return jen.Lit(b)
	case strings.HasPrefix(s, "int"), strings.HasPrefix(s, "uint"):
		n, _ := strconv.ParseInt(v, 10, 64)
		return jen.Lit(int(n))
	case strings.HasPrefix(s, "float"):
		f, _ := strconv.ParseFloat(v, 64)
		return jen.Lit(f)
	}
	return jen.Lit(v)
}

// basicName is the name of t's basic type, "" when t is not one: setValue
// converts to any other.
func basicName(t *byo.Type) string {
	if d := t.Deref(); d.Kind == byo.Basic {
		return d.Name
	}
	return ""
}

// followsLinks reports whether a paginator of the package requests a next
// link (or a continuation with one) through a NewXRequest function.
func (e *byoEmitter) followsLinks() bool {
	for _, bo := range e.b.Ops {
		if bo.NewRequest != "" || bo.Next != nil && bo.Next.Op.NewRequest != "" {
			return true
		}
	}
	return false
}

// linksFile declares callLink, which requests a next link through an
// oapi-codegen client: its ClientWithResponses' Client builds, edits and
// sends the request, with the link put in place before its own editors
// run, as they would for the operation's own request.
func (e *byoEmitter) linksFile(pkg string) *jen.File {
	f := newFile(pkg)
	f.ImportName(e.b.Import, e.b.PkgName)
	r := jen.Id("R")
	fail := func(err jen.Code) jen.Code { return jen.Return(jen.Id("zero"), err) }
	f.Comment(wrap("callLink makes one call for a page that a response pointed to, with link, the request editor that puts the page's URL in place of the operation's. Over the client package's *ClientWithResponses (and the *Client it wraps), build makes the operation's request for the client's Server; link edits it, then the client's own request editors do, as they do every request it sends; its doer sends it and parse decodes the response. Over another implementation of the operation's interface, call passes link to its method as a request editor."))
	f.Func().Id("callLink").Types(r.Clone().Any()).Params(
		jen.Id("ctx").Qual("context", "Context"),
		jen.Id("client").Any(),
		jen.Id("link").Func().Params(jen.Qual("context", "Context"), jen.Op("*").Qual("net/http", "Request")).Error(),
		jen.Id("build").Func().Params(jen.Id("server").String()).Params(jen.Op("*").Qual("net/http", "Request"), jen.Error()),
		jen.Id("parse").Func().Params(jen.Op("*").Qual("net/http", "Response")).Params(r.Clone(), jen.Error()),
		jen.Id("call").Func().Params(e.qual(e.b.EditorType)).Params(r.Clone(), jen.Error()),
	).Params(r.Clone(), jen.Error()).Block(
		jen.List(jen.Id("cwr"), jen.Id("ok")).Op(":=").Id("client").Assert(jen.Op("*").Add(e.qual("ClientWithResponses"))),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Id("call").Call(jen.Id("link")))),
		jen.List(jen.Id("c"), jen.Id("ok")).Op(":=").Id("cwr").Dot("ClientInterface").Assert(jen.Op("*").Add(e.qual("Client"))),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Id("call").Call(jen.Id("link")))),
		jen.Var().Id("zero").Add(r.Clone()),
		jen.List(jen.Id("req"), jen.Err()).Op(":=").Id("build").Call(jen.Id("c").Dot("Server")),
		jen.If(jen.Err().Op("!=").Nil()).Block(fail(jen.Err())),
		jen.Id("req").Op("=").Id("req").Dot("WithContext").Call(jen.Id("ctx")),
		jen.For(jen.List(jen.Id("_"), jen.Id("edit")).Op(":=").Range().Append(jen.Index().Add(e.qual(e.b.EditorType)).Values(jen.Id("link")), jen.Id("c").Dot("RequestEditors").Op("..."))).Block(
			jen.If(jen.Err().Op(":=").Id("edit").Call(jen.Id("ctx"), jen.Id("req")), jen.Err().Op("!=").Nil()).Block(fail(jen.Err())),
		),
		jen.List(jen.Id("res"), jen.Err()).Op(":=").Id("c").Dot("Client").Dot("Do").Call(jen.Id("req")),
		jen.If(jen.Err().Op("!=").Nil()).Block(fail(jen.Err())),
		jen.Return(jen.Id("parse").Call(jen.Id("res"))),
	)
	return f
}
