package emit

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/pagegen/pagegen/generator/model"
)

// operationFile holds everything for one operation: its parameters,
// response, call and, when it pages, its paginator.
func (e *emitter) operationFile(pkg string, op *model.Operation) *jen.File {
	f := newFile(pkg)
	genParams(f, op)
	reads := e.pageReads(op)
	genResponse(f, op, reads)
	genCall(f, op, reads)
	if op.Pagination != nil {
		e.genPaginator(f, op)
	}
	return f
}

// responseReads is what reading a page takes from a response beyond its
// body and headers.
type responseReads struct {
	raw bool // the undecoded body: a token spelling the schema does not declare is looked up there
	url bool // the URL it came from: a relative next link resolves against it
}

// pageReads reports what the pages read out of op's responses take: those
// of op's own walk and those of walks that continue with op.
func (e *emitter) pageReads(op *model.Operation) responseReads {
	var reads responseReads
	undeclared := func(paths []model.Path) bool {
		for _, p := range paths {
			if !p.Declared && p.Header == "" {
				return true
			}
		}
		return false
	}
	for _, o := range e.api.Operations {
		p := o.Pagination
		if p == nil {
			continue
		}
		var tokens []model.Path
		switch {
		case o == op:
			tokens = p.ResponseToken
			for _, part := range p.TokenSet {
				tokens = append(tokens, part.Response...)
			}
		case p.Next == op.ID && p.NextPaths != nil:
			tokens = p.NextPaths.Token
		default:
			continue
		}
		reads.raw = reads.raw || undeclared(tokens)
		reads.url = reads.url || p.Position != nil && p.Position.In == model.InURL
	}
	return reads
}

// genParams declares XParams.
func genParams(f *jen.File, op *model.Operation) {
	name := op.Names.Params
	f.Comment(fmt.Sprintf("%s holds the inputs of %s.", name, op.Names.Method))
	f.Type().Id(name).StructFunc(func(g *jen.Group) {
		for _, p := range op.Params {
			doc := p.Doc
			if where := paramWhere(p); where != "" {
				doc = strings.TrimSpace(doc + "\n\n" + where)
			}
			g.Comment(wrap(doc))
			if p.Required || !pointable(p.Type) {
				g.Id(p.GoName).Add(goType(p.Type))
			} else {
				g.Id(p.GoName).Op("*").Add(goType(p.Type))
			}
		}
		if b := op.Body; b != nil {
			doc := b.Doc
			if doc == "" {
				doc = fmt.Sprintf("Body is the request body, sent as %s.", b.ContentType)
			}
			g.Comment(wrap(doc))
			if pointable(b.Type) {
				g.Id("Body").Op("*").Add(goType(b.Type))
			} else {
				g.Id("Body").Add(goType(b.Type))
			}
		}
		if op.TakesNextLink {
			g.Line()
			g.Comment("nextLink, when set, is a URL from a previous response that is fetched instead.")
			g.Id("nextLink").String()
		}
	})
}

// paramWhere says where a parameter travels and what bounds it has.
func paramWhere(p *model.Param) string {
	s := fmt.Sprintf("Sent as the %s parameter %q", p.In, p.Name)
	if p.Required {
		s += " (required)"
	}
	switch {
	case p.Min != nil && p.Max != nil:
		s += fmt.Sprintf("; %d to %d", *p.Min, *p.Max)
	case p.Min != nil:
		s += fmt.Sprintf("; at least %d", *p.Min)
	case p.Max != nil:
		s += fmt.Sprintf("; at most %d", *p.Max)
	}
	return s + "."
}

// genResponse declares XResponse.
func genResponse(f *jen.File, op *model.Operation, reads responseReads) {
	name := op.Names.Response
	f.Comment(fmt.Sprintf("%s is the successful response of %s.", name, op.Names.Method))
	f.Type().Id(name).StructFunc(func(g *jen.Group) {
		if r := op.Result; r != nil {
			g.Comment("Body is the decoded response body.")
			g.Id("Body").Add(resultType(r))
		}
		g.Comment("Header holds the response's HTTP headers.")
		g.Id("Header").Qual("net/http", "Header")
		if reads.raw || reads.url {
			g.Line()
		}
		if reads.raw {
			g.Comment("raw is the undecoded body, where token spellings the schema does not declare are looked up.")
			g.Id("raw").Index().Byte()
		}
		if reads.url {
			g.Comment("url is the URL the response came from, against which relative links resolve.")
			g.Id("url").String()
		}
	})
}

// resultType is the type of XResponse.Body: structs by pointer, slices and
// scalars as they are.
func resultType(r *model.Response) *jen.Statement {
	if r.Type.Kind == model.KindNamed && r.Type.Named.IsStruct() {
		return jen.Op("*").Add(goType(r.Type))
	}
	return goType(r.Type)
}

// genCall declares the method that performs one call.
func genCall(f *jen.File, op *model.Operation, reads responseReads) {
	fallback := fmt.Sprintf("%s calls %s %s.", op.Names.Method, op.Method, op.Path)
	f.Comment(docComment(op.Names.Method, op.Doc, fallback))
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(op.Names.Method).
		Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("params").Op("*").Id(op.Names.Params)).
		Params(jen.Op("*").Id(op.Names.Response), jen.Error()).
		BlockFunc(func(g *jen.Group) {
			if op.TakesNextLink || len(op.Params) > 0 || op.Body != nil {
				g.Id("in").Op(":=").Id("derefOr").Call(jen.Id("params"))
			}
			build := func(g *jen.Group) { genBuildRequest(g, op) }
			if op.TakesNextLink {
				g.Var().Id("r").Op("*").Id("request")
				g.If(jen.Id("in").Dot("nextLink").Op("!=").Lit("")).BlockFunc(func(g *jen.Group) {
					g.Id("r").Op("=").Id("newURLRequest").Call(jen.Qual("net/http", "MethodGet"), jen.Id("in").Dot("nextLink"))
					genLinkRequest(g, op)
				}).Else().BlockFunc(func(g *jen.Group) {
					g.Id("r").Op("=").Id("newRequest").Call(methodConst(op.Method), jen.Lit(op.Path))
					build(g)
				})
			} else {
				g.Id("r").Op(":=").Id("newRequest").Call(methodConst(op.Method), jen.Lit(op.Path))
				build(g)
			}
			target, body := jen.Nil(), []jen.Code{}
			if r := op.Result; r != nil {
				if r.Type.Kind == model.KindNamed && r.Type.Named.IsStruct() {
					body = append(body, jen.Id("Body").Op(":").New(goType(r.Type)))
					target = jen.Id("out").Dot("Body")
				} else {
					target = jen.Op("&").Id("out").Dot("Body")
				}
			}
			g.Id("out").Op(":=").Op("&").Id(op.Names.Response).Values(body...)
			if lr := op.LongRunning; lr != nil {
				g.List(jen.Id("resp"), jen.Err()).Op(":=").Id("c").Dot("doLongRunning").Call(jen.Id("ctx"), jen.Lit(op.ID), jen.Id("r"), jen.Lit(lr.FinalStateVia), target)
			} else {
				g.List(jen.Id("resp"), jen.Err()).Op(":=").Id("c").Dot("do").Call(jen.Id("ctx"), jen.Lit(op.ID), jen.Id("r"), target)
			}
			g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
			g.Id("out").Dot("Header").Op("=").Id("resp").Dot("Header")
			if reads.raw {
				g.Id("out").Dot("raw").Op("=").Id("resp").Dot("Body")
			}
			if reads.url {
				g.Id("out").Dot("url").Op("=").Id("resp").Dot("URL")
			}
			g.Return(jen.Id("out"), jen.Nil())
		})
}

// genBuildRequest fills request r from in, the caller's params.
func genBuildRequest(g *jen.Group, op *model.Operation) {
	for _, c := range op.Consts {
		if a, ok := adders[c.In]; ok {
			g.Id("r").Dot(a).Call(jen.Lit(c.Name), jen.Lit(c.Value))
		}
	}
	for _, cp := range op.ClientParams {
		g.Id("r").Dot(adders[cp.In]).Call(jen.Lit(cp.Name), clientValue(cp))
	}
	for _, p := range op.Params {
		v := jen.Id("in").Dot(p.GoName)
		switch {
		case p.ListItem != "":
			g.Id("r").Dot("addFormList").Call(jen.Lit(p.Name), jen.Lit(p.ListItem), v)
		case p.Unescaped:
			genSetParam(g, p, "setPathUnescaped")
		default:
			genSetParam(g, p, adders[p.In])
		}
	}
	if b := op.Body; b != nil {
		set := "setJSONBody"
		if b.Format == model.FormatXML {
			set = "setXMLBody"
		}
		send := g.If(jen.Id("in").Dot("Body").Op("!=").Nil()).Block(
			jen.If(jen.Err().Op(":=").Id("r").Dot(set).Call(jen.Id("in").Dot("Body"), jen.Lit(b.ContentType)), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Err()),
			),
		)
		if b.Required && b.Format == model.FormatJSON && b.Type.Kind == model.KindNamed && b.Type.Named.IsStruct() {
			// Protocols that require a body (AWS JSON: every call is a
			// POST with a JSON object) reject a request without one.
			send.Else().Block(
				jen.Comment("The body is required: send an empty object."),
				jen.Id("r").Dot("setBody").Call(jen.Index().Byte().Parens(jen.Lit("{}")), jen.Lit(b.ContentType), jen.Lit("application/json")),
			)
		}
	}
}

// adders are the request's setters for each place a parameter travels.
var adders = map[model.In]string{model.InPath: "setPath", model.InQuery: "addQuery", model.InHeader: "setHeader", model.InForm: "addForm"}

// genSetParam sends the field of in, the caller's params, for p with the request's setter, when
// the caller set it.
func genSetParam(g *jen.Group, p *model.Param, setter string) {
	v := jen.Id("in").Dot(p.GoName)
	switch {
	case p.Required:
		g.Id("r").Dot(setter).Call(jen.Lit(p.Name), v)
	case pointable(p.Type):
		g.If(v.Clone().Op("!=").Nil()).Block(jen.Id("r").Dot(setter).Call(jen.Lit(p.Name), jen.Op("*").Add(v)))
	default:
		g.If(v.Clone().Op("!=").Nil()).Block(jen.Id("r").Dot(setter).Call(jen.Lit(p.Name), v))
	}
}

// genLinkRequest adds to a request for a next link what the operation
// sends with every page, as the Azure SDKs do: its headers, its constant
// query parameters and its api-version, which replace any the link carries
// under the same name. The link's other query parameters are the server's
// and stay as they are.
func genLinkRequest(g *jen.Group, op *model.Operation) {
	for _, c := range op.Consts {
		switch c.In {
		case model.InQuery:
			g.Id("r").Dot("setLinkQuery").Call(jen.Lit(c.Name), jen.Lit(c.Value))
		case model.InHeader:
			g.Id("r").Dot("setHeader").Call(jen.Lit(c.Name), jen.Lit(c.Value))
		}
	}
	for _, cp := range op.ClientParams {
		switch {
		case cp.In == model.InHeader:
			g.Id("r").Dot("setHeader").Call(jen.Lit(cp.Name), clientValue(cp))
		case cp.In == model.InQuery && strings.EqualFold(cp.Name, "api-version"):
			g.Id("r").Dot("setLinkQuery").Call(jen.Lit(cp.Name), clientValue(cp))
		}
	}
	for _, p := range op.Params {
		switch {
		case p.In == model.InHeader:
			genSetParam(g, p, "setHeader")
		case p.In == model.InQuery && strings.EqualFold(p.Name, "api-version"):
			genSetParam(g, p, "setLinkQuery")
		}
	}
}

// clientValue is the value of a client parameter: the one its option set,
// else the spec's default; one the spec requires with no default must be
// set (request r's need).
func clientValue(cp *model.ClientParam) *jen.Statement {
	if cp.Default != nil {
		return jen.Id("c").Dot("param").Call(jen.Lit(cp.Option), jen.Lit(*cp.Default))
	}
	v := jen.Id("c").Dot("param").Call(jen.Lit(cp.Option), jen.Nil())
	if cp.Required {
		return jen.Id("r").Dot("need").Call(jen.Lit(cp.Option), v)
	}
	return v
}

// clientOptionsFile declares the ClientOption of every client parameter.
func (e *emitter) clientOptionsFile(pkg string) *jen.File {
	f := newFile(pkg)
	for _, cp := range e.api.ClientParams {
		doc := fmt.Sprintf("%s sets the %s parameter %q that every operation naming it sends", cp.Option, cp.In, cp.Name)
		if cp.Default != nil {
			doc += fmt.Sprintf(": %q unless set", *cp.Default)
		}
		doc += "."
		if cp.Doc != "" {
			doc += "\n\n" + cp.Doc
		}
		f.Comment(wrap(doc))
		f.Func().Id(cp.Option).Params(jen.Id("v").Add(goType(cp.Type))).Id("ClientOption").Block(
			jen.Return(jen.Func().Params(jen.Id("c").Op("*").Id("Client")).Error().Block(
				jen.Id("c").Dot("setParam").Call(jen.Lit(cp.Option), jen.Id("v")),
				jen.Return(jen.Nil()),
			)),
		)
	}
	return f
}

// methodConst is net/http's constant for an HTTP method.
func methodConst(m string) jen.Code {
	names := map[string]string{
		http.MethodGet: "MethodGet", http.MethodPut: "MethodPut", http.MethodPost: "MethodPost",
		http.MethodDelete: "MethodDelete", http.MethodOptions: "MethodOptions", http.MethodHead: "MethodHead",
		http.MethodPatch: "MethodPatch", http.MethodTrace: "MethodTrace",
	}
	if n, ok := names[m]; ok {
		return jen.Qual("net/http", n)
	}
	return jen.Lit(m)
}
