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
	genParams(f, op, op.TakesNextLink)
	raw := e.readsRaw(op)
	genResponse(f, op, raw)
	genCall(f, op, op.TakesNextLink, raw)
	if op.Pagination != nil {
		e.genPaginator(f, op)
	}
	return f
}

// readsRaw reports whether a page is read from op's undecoded body: a token
// spelling the schema does not declare is looked up there.
func (e *emitter) readsRaw(op *model.Operation) bool {
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
		if o == op && undeclared(p.ResponseToken) {
			return true
		}
		if p.Next == op.ID && p.NextPaths != nil && undeclared(p.NextPaths.Token) {
			return true
		}
	}
	return false
}

// genParams declares XParams.
func genParams(f *jen.File, op *model.Operation, nextLink bool) {
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
		if nextLink {
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
func genResponse(f *jen.File, op *model.Operation, raw bool) {
	name := op.Names.Response
	f.Comment(fmt.Sprintf("%s is the successful response of %s.", name, op.Names.Method))
	f.Type().Id(name).StructFunc(func(g *jen.Group) {
		if r := op.Result; r != nil {
			g.Comment("Body is the decoded response body.")
			g.Id("Body").Add(resultType(r))
		}
		g.Comment("Header holds the response's HTTP headers.")
		g.Id("Header").Qual("net/http", "Header")
		if !raw {
			return
		}
		g.Line()
		g.Comment("raw is the undecoded body, where token spellings the schema does not declare are looked up.")
		g.Id("raw").Index().Byte()
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
func genCall(f *jen.File, op *model.Operation, nextLink, raw bool) {
	fallback := fmt.Sprintf("%s calls %s %s.", op.Names.Method, op.Method, op.Path)
	f.Comment(docComment(op.Names.Method, op.Doc, fallback))
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(op.Names.Method).
		Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("params").Op("*").Id(op.Names.Params)).
		Params(jen.Op("*").Id(op.Names.Response), jen.Error()).
		BlockFunc(func(g *jen.Group) {
			g.Id("in").Op(":=").Id("derefOr").Call(jen.Id("params"))
			build := func(g *jen.Group) { genBuildRequest(g, op) }
			if nextLink {
				g.Var().Id("r").Op("*").Id("request")
				g.If(jen.Id("in").Dot("nextLink").Op("!=").Lit("")).Block(
					jen.Id("r").Op("=").Id("newURLRequest").Call(jen.Qual("net/http", "MethodGet"), jen.Id("in").Dot("nextLink")),
				).Else().BlockFunc(func(g *jen.Group) {
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
			g.List(jen.Id("resp"), jen.Err()).Op(":=").Id("c").Dot("do").Call(jen.Id("ctx"), jen.Lit(op.ID), jen.Id("r"), target)
			g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
			g.Id("out").Dot("Header").Op("=").Id("resp").Dot("Header")
			if raw {
				g.Id("out").Dot("raw").Op("=").Id("resp").Dot("Body")
			}
			g.Return(jen.Id("out"), jen.Nil())
		})
}

// genBuildRequest fills request r from in, the caller's params.
func genBuildRequest(g *jen.Group, op *model.Operation) {
	adders := map[model.In]string{model.InPath: "setPath", model.InQuery: "addQuery", model.InHeader: "setHeader", model.InForm: "addForm"}
	for _, c := range op.Consts {
		if a, ok := adders[c.In]; ok {
			g.Id("r").Dot(a).Call(jen.Lit(c.Name), jen.Lit(c.Value))
		}
	}
	for _, p := range op.Params {
		v := jen.Id("in").Dot(p.GoName)
		if p.ListItem != "" {
			g.Id("r").Dot("addFormList").Call(jen.Lit(p.Name), jen.Lit(p.ListItem), v)
			continue
		}
		a := adders[p.In]
		switch {
		case p.Required:
			g.Id("r").Dot(a).Call(jen.Lit(p.Name), v)
		case pointable(p.Type):
			g.If(v.Clone().Op("!=").Nil()).Block(jen.Id("r").Dot(a).Call(jen.Lit(p.Name), jen.Op("*").Add(v)))
		default:
			g.If(v.Clone().Op("!=").Nil()).Block(jen.Id("r").Dot(a).Call(jen.Lit(p.Name), v))
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
