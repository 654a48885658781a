package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/pagegen/pagegen/generator/model"
)

// paging bundles what the paginator declarations of one operation share.
type paging struct {
	op, next *model.Operation
	p        *model.Pagination
	item     *jen.Statement // the item type
}

// pageOf is page[T] for the item type.
func (pg *paging) pageOf() *jen.Statement { return jen.Id("page").Types(pg.item.Clone()) }

// selfContinued reports whether the operation continues itself by a token
// input, so that one fetch, with no token at first, makes every call.
func (pg *paging) selfContinued() bool {
	return pg.next == pg.op && !pg.p.Style.FollowsLink() && !pg.p.Style.Counts()
}

// genPaginator declares the paginator of op and its iterators.
func (e *emitter) genPaginator(f *jen.File, op *model.Operation) {
	pg := &paging{op: op, next: op, p: op.Pagination, item: goType(op.Pagination.ItemType)}
	if pg.p.Next != "" {
		pg.next = e.api.Operation(pg.p.Next)
	}
	genPageType(f, pg)
	genAPIClient(f, pg)
	genPaginatorType(f, pg)
	genNewPaginator(f, pg)
	genIterators(f, pg)
	genReadPage(f, pg, op, op.Pagination.ResponseToken, op.Pagination.Items, op.Pagination.More, op.Pagination.Done)
	if pg.next != op {
		np := pg.p.NextPaths
		genReadPage(f, pg, pg.next, np.Token, np.Items, np.More, np.Done)
	}
}

func genPageType(f *jen.File, pg *paging) {
	name := pg.op.Names.Page
	f.Comment(fmt.Sprintf("%s is one page of %s results.", name, pg.op.Names.Method))
	if pg.next == pg.op {
		f.Type().Id(name).Op("=").Id("Page").Types(pg.item.Clone(), jen.Op("*").Id(pg.op.Names.Response))
		return
	}
	fields := []jen.Code{
		jen.Comment("Items are the page's items, in the order the API returned them."),
		jen.Id("Items").Index().Add(pg.item.Clone()),
		jen.Comment(wrap("NextToken is the token the API returned with this page, empty when it returned none. To resume a walk later, keep the paginator's ResumeToken instead: it also knows where in the walk it stopped.")),
		jen.Id("NextToken").String(),
	}
	responses := []*model.Operation{pg.op, pg.next}
	for i, op := range responses {
		doc := fmt.Sprintf("%s is the response of %s this page was read from: its headers (rate limits, request id) and the body beside the items.", responseField(i), op.Names.Method)
		doc += fmt.Sprintf(" Only one of Response and NextResponse is set: Response on the first page, NextResponse on the pages of %s.", pg.next.Names.Method)
		fields = append(fields, jen.Comment(wrap(doc)), jen.Id(responseField(i)).Op("*").Id(op.Names.Response))
	}
	f.Type().Id(name).Struct(fields...)
	f.Func().Id(pg.op.Names.NewPage).Params(jen.Id("p").Add(pg.pageOf())).Op("*").Id(name).BlockFunc(func(g *jen.Group) {
		g.Id("pg").Op(":=").Op("&").Id(name).Values(jen.Dict{
			jen.Id("Items"):     jen.Id("p").Dot("items"),
			jen.Id("NextToken"): jen.Id("p").Dot("next"),
		})
		for i, op := range responses {
			g.List(jen.Id("pg").Dot(responseField(i)), jen.Id("_")).Op("=").Id("p").Dot("response").Assert(jen.Op("*").Id(op.Names.Response))
		}
		g.Return(jen.Id("pg"))
	})
}

// newPage is the function that makes the operation's pages: the runtime's
// newPage for a Page, else the operation's own.
func (pg *paging) newPage() jen.Code {
	if pg.next == pg.op {
		return jen.Id("newPage").Types(pg.item.Clone(), jen.Op("*").Id(pg.op.Names.Response))
	}
	return jen.Id(pg.op.Names.NewPage)
}

// responseField names the page field holding the originating operation's
// response (0) or its continuation's (1).
func responseField(i int) string {
	if i == 0 {
		return "Response"
	}
	return "NextResponse"
}

func genAPIClient(f *jen.File, pg *paging) {
	name := pg.op.Names.APIClient
	f.Comment(wrap(fmt.Sprintf("%s is what %s calls: *Client, or a test's stand-in.", name, pg.op.Names.Paginator)))
	f.Type().Id(name).InterfaceFunc(func(g *jen.Group) {
		for _, o := range uniqueOps(pg.op, pg.next) {
			g.Id(o.Names.Method).Params(jen.Qual("context", "Context"), jen.Op("*").Id(o.Names.Params)).Params(jen.Op("*").Id(o.Names.Response), jen.Error())
		}
	})
}

func uniqueOps(a, b *model.Operation) []*model.Operation {
	if a == b {
		return []*model.Operation{a}
	}
	return []*model.Operation{a, b}
}

func genPaginatorType(f *jen.File, pg *paging) {
	name := pg.op.Names.Paginator
	doc := fmt.Sprintf("%s pages through the results of %s", name, pg.op.Names.Method)
	if pg.next != pg.op {
		doc += fmt.Sprintf(", continuing with %s", pg.next.Names.Method)
	}
	doc += ", with Paginator's methods."
	if pg.p.MoreMeans == model.MoreLater {
		doc += fmt.Sprintf(" When the API says nothing more is available yet, the walk stops and ResumeToken picks it up later; %s keeps following.", pg.op.Names.Follow)
	}
	f.Comment(wrap(doc))
	f.Type().Id(name).Op("=").Id("Paginator").Types(pg.item.Clone(), jen.Id(pg.op.Names.Page))
}

func genNewPaginator(f *jen.File, pg *paging) {
	name := pg.op.Names.Paginator
	params := pg.op.Names.Params
	f.Comment(wrap(fmt.Sprintf("%s returns a paginator for %s; params is copied.", pg.op.Names.NewPaginator, pg.op.Names.Method)))
	f.Func().Id(pg.op.Names.NewPaginator).Params(
		jen.Id("client").Id(pg.op.Names.APIClient),
		jen.Id("params").Op("*").Id(params),
		jen.Id("optFns").Op("...").Func().Params(jen.Op("*").Id("PaginatorOptions")),
	).Op("*").Id(name).BlockFunc(func(g *jen.Group) {
		g.List(jen.Id("first"), jen.Id("opts")).Op(":=").List(jen.Id("derefOr").Call(jen.Id("params")), jen.Id("paginatorOptions").Call(jen.Id("optFns")))
		genTokenInParams(g, pg)
		// The fields in walkSpec's order, which is the order a walk uses them in.
		var spec []jen.Code
		field := func(name string, v jen.Code) { spec = append(spec, jen.Id(name).Op(":").Add(v)) }
		if !pg.selfContinued() {
			field("first", genFirst(pg))
		}
		field("next", genNext(pg))
		if k := keyFunc(pg); k != nil {
			field("key", k)
		}
		if pg.p.MoreMeans == model.MoreLater {
			field("moreLater", jen.True())
		}
		if len(pg.p.RestartOn) > 0 {
			codes := make([]jen.Code, len(pg.p.RestartOn))
			for i, c := range pg.p.RestartOn {
				codes[i] = jen.Lit(c)
			}
			field("restartOn", jen.Index().String().Values(codes...))
		}
		if v := validateFunc(pg); v != nil {
			field("validate", v)
		}
		walk := jen.Id("walkSpec").Types(pg.item.Clone()).Custom(jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true}, spec...)
		g.Return(jen.Id("newPaginator").Call(walk, jen.Id("opts"), pg.newPage()))
	})
}

// genTokenInParams makes a token the caller put in params the walk's
// StartToken, and takes it out of the params the originating call sends:
// otherwise a walk that restarts would send it again. It applies when the
// operation continues itself with a token input.
func genTokenInParams(g *jen.Group, pg *paging) {
	loc := pg.p.Position
	if pg.next != pg.op || loc == nil || loc.In == model.InURL || pg.p.Style.Counts() || len(pg.p.TokenSet) > 0 {
		return
	}
	if loc.In != model.InBody {
		p := param(pg.op, loc)
		if p == nil || p.Type.Kind != model.KindString {
			return
		}
		v := jen.Id("first").Dot(p.GoName)
		if !p.Required {
			g.Id("startFrom").Call(jen.Op("&").Id("opts"), jen.Op("&").Add(v))
			return
		}
		g.If(jen.Id("token").Op(":=").Add(v.Clone()), jen.Id("token").Op("!=").Lit("").Op("&&").Id("opts").Dot("StartToken").Op("==").Lit("")).Block(
			jen.Id("opts").Dot("StartToken").Op("=").Id("token"),
			v.Clone().Op("=").Lit(""),
		)
		return
	}
	body := pg.op.Body
	if body == nil || body.Type.Kind != model.KindNamed || !bodyField(body.Type.Named, loc.Path) {
		return
	}
	g.Var().Id("token").String()
	readPath(g, jen.Id("derefOr").Call(jen.Id("first").Dot("Body")), body.Type, loc.Path, 0, func(g *jen.Group, v *jen.Statement, t *model.TypeRef, ptr bool) {
		g.Id("token").Op("=").Add(asString(v, t, ptr))
	})
	g.If(jen.Id("token").Op("!=").Lit("").Op("&&").Id("opts").Dot("StartToken").Op("==").Lit("")).BlockFunc(func(g *jen.Group) {
		g.Id("opts").Dot("StartToken").Op("=").Id("token")
		g.Id("in").Op(":=").Id("first")
		setInput(g, pg.op, loc, func(t *model.TypeRef, ptr bool) jen.Code {
			if ptr {
				return jen.Nil()
			}
			return jen.Lit("")
		})
		g.Id("first").Op("=").Id("in")
	})
}

// fetchFunc is the signature of walkSpec's first and next.
func fetchFunc(pg *paging, withToken bool) *jen.Statement {
	params := []jen.Code{jen.Id("ctx").Qual("context", "Context")}
	if withToken {
		params = append(params, jen.Id("token").String())
	}
	return jen.Func().Params(params...).Params(pg.pageOf(), jen.Error())
}

// genFirst is the call of the originating operation with the caller's params.
func genFirst(pg *paging) jen.Code {
	return fetchFunc(pg, false).BlockFunc(func(g *jen.Group) {
		g.Id("in").Op(":=").Id("first")
		setLimit(g, pg, pg.op)
		at := []jen.Code{}
		if pg.p.Style.Counts() {
			g.Id("at").Op(":=").Add(startPosition(pg))
			at = append(at, jen.Id("at"))
		}
		callAndRead(g, pg, pg.op, at)
	})
}

// startPosition is where a counting walk begins: the caller's own offset or
// page when given, else zero or the first page.
func startPosition(pg *paging) jen.Code {
	start := pg.p.Start
	if p := param(pg.op, pg.p.Position); p != nil && p.Type.Kind != model.KindString {
		v := jen.Id("first").Dot(p.GoName)
		if p.Required {
			return jen.Int64().Call(v)
		}
		return jen.Id("positionOr").Call(v, jen.Lit(start))
	}
	return jen.Int64().Call(jen.Lit(start))
}

// genNext is the continuation call with a token; for an operation that
// continues itself, also the first call, with none.
func genNext(pg *paging) jen.Code {
	return fetchFunc(pg, true).BlockFunc(func(g *jen.Group) {
		nxt := pg.next
		if nxt == pg.op {
			g.Id("in").Op(":=").Id("first")
		} else {
			g.Id("in").Op(":=").Id(nxt.Names.Params).Values(carried(pg))
		}
		setLimit(g, pg, nxt)
		var at []jen.Code
		switch {
		case pg.p.Style.FollowsLink():
			g.Id("in").Dot("nextLink").Op("=").Id("token")
		case pg.p.Style.Counts():
			g.List(jen.Id("at"), jen.Err()).Op(":=").Qual("strconv", "ParseInt").Call(jen.Id("token"), jen.Lit(10), jen.Lit(64))
			g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(pg.pageOf().Values(), jen.Qual("fmt", "Errorf").Call(jen.Lit("pagegen: %s: token %q is not a position: %w"), jen.Lit(pg.op.ID), jen.Id("token"), jen.Err())))
			setInput(g, nxt, pg.p.Position, func(t *model.TypeRef, ptr bool) jen.Code { return fromInt(jen.Id("at"), model.KindInt64, t, ptr) })
			at = append(at, jen.Id("at"))
		default:
			setToken := func(g *jen.Group) {
				if len(pg.p.TokenSet) > 0 {
					genSetTokenSet(g, pg, nxt)
					return
				}
				setInput(g, nxt, pg.p.Position, func(t *model.TypeRef, ptr bool) jen.Code { return fromString(jen.Id("token"), t, ptr) })
			}
			if pg.selfContinued() {
				if len(pg.p.TokenSet) > 0 || !orInput(g, nxt, pg.p.Position, func(t *model.TypeRef) jen.Code { return fromString(jen.Id("token"), t, false) }) {
					g.If(jen.Id("token").Op("!=").Lit("")).BlockFunc(setToken)
				}
			} else {
				setToken(g)
			}
		}
		callAndRead(g, pg, nxt, at)
	})
}

// genSetTokenSet splits the opaque token of a token set and sends each of
// its parts; a part the API left empty is not sent, whatever the caller's
// params held.
func genSetTokenSet(g *jen.Group, pg *paging, nxt *model.Operation) {
	g.List(jen.Id("parts"), jen.Err()).Op(":=").Id("splitTokenSet").Call(jen.Id("token"), jen.Lit(len(pg.p.TokenSet)))
	g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(pg.pageOf().Values(), jen.Qual("fmt", "Errorf").Call(jen.Lit("pagegen: %s: %w"), jen.Lit(pg.op.ID), jen.Err())))
	for i, part := range pg.p.TokenSet {
		g.If(jen.Id("parts").Index(jen.Lit(i)).Op("!=").Lit("")).BlockFunc(func(g *jen.Group) {
			setInput(g, nxt, part.Request, func(t *model.TypeRef, ptr bool) jen.Code {
				return fromString(jen.Id("parts").Index(jen.Lit(i)), t, ptr)
			})
		}).Else().BlockFunc(func(g *jen.Group) {
			setInput(g, nxt, part.Request, func(t *model.TypeRef, ptr bool) jen.Code {
				if ptr {
					return jen.Nil()
				}
				return fromString(jen.Lit(""), t, false)
			})
		})
	}
}

// callAndRead calls op with in and reads the page from its response.
func callAndRead(g *jen.Group, pg *paging, op *model.Operation, at []jen.Code) {
	call := jen.Id("client").Dot(op.Names.Method).Call(jen.Id("ctx"), jen.Op("&").Id("in"))
	if len(at) == 0 {
		g.Return(jen.Id("readWith").Call(jen.Id(readPageName(pg, op))).Call(call))
		return
	}
	g.List(jen.Id("out"), jen.Err()).Op(":=").Add(call)
	g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(pg.pageOf().Values(), jen.Err()))
	g.Return(jen.Id(readPageName(pg, op)).Call(append([]jen.Code{jen.Id("out")}, at...)...), jen.Nil())
}

// carried copies the caller's params that the continuation takes too
// (same name and place: SellerId, MWSAuthToken).
func carried(pg *paging) jen.Dict {
	d := jen.Dict{}
	for _, np := range pg.next.Params {
		if loc := pg.p.Position; loc != nil && loc.In == np.In && loc.Name == np.Name {
			continue
		}
		for _, p := range pg.op.Params {
			if p.Name != np.Name || p.In != np.In || !p.Type.Same(np.Type) {
				continue
			}
			v := jen.Id("first").Dot(p.GoName)
			fromPtr := !p.Required && pointable(p.Type)
			toPtr := !np.Required && pointable(np.Type)
			switch {
			case fromPtr && !toPtr:
				d[jen.Id(np.GoName)] = jen.Id("derefOr").Call(v)
			case !fromPtr && toPtr:
				d[jen.Id(np.GoName)] = jen.Id("Ptr").Call(v)
			default:
				d[jen.Id(np.GoName)] = v
			}
		}
	}
	return d
}

// setLimit sends PaginatorOptions.Limit as op's limit input, when op has it.
func setLimit(g *jen.Group, pg *paging, op *model.Operation) {
	loc := pg.p.Limit
	if loc == nil || !hasInput(op, loc) {
		return
	}
	limit := func(t *model.TypeRef) jen.Code {
		return fromInt(jen.Id("opts").Dot("Limit"), model.KindInt32, t, false)
	}
	if p := param(op, loc); p != nil && p.Type.Kind != model.KindString && orInput(g, op, loc, limit) {
		return
	}
	g.If(jen.Id("opts").Dot("Limit").Op("!=").Lit(0)).BlockFunc(func(g *jen.Group) {
		setInput(g, op, loc, func(t *model.TypeRef, ptr bool) jen.Code {
			return fromInt(jen.Id("opts").Dot("Limit"), model.KindInt32, t, ptr)
		})
	})
}

// orInput emits in.<loc> = nonZeroOr(value, in.<loc>) and reports true when
// loc is an optional parameter, held by pointer; value must be zero exactly
// when what it converts is.
func orInput(g *jen.Group, op *model.Operation, loc *model.Location, value func(*model.TypeRef) jen.Code) bool {
	p := param(op, loc)
	if loc.In == model.InBody || p == nil || p.Required || !pointable(p.Type) {
		return false
	}
	v := jen.Id("in").Dot(p.GoName)
	g.Add(v.Clone()).Op("=").Id("nonZeroOr").Call(value(p.Type), v)
	return true
}

// hasInput reports whether op's request has the location.
func hasInput(op *model.Operation, loc *model.Location) bool {
	if loc.In == model.InBody {
		return op.Body != nil && op.Body.Type.Kind == model.KindNamed && bodyField(op.Body.Type.Named, loc.Path)
	}
	return param(op, loc) != nil
}

func bodyField(t *model.Type, props []string) bool {
	for i, name := range props {
		f := t.Field(name)
		if f == nil {
			return false
		}
		if i == len(props)-1 {
			return true
		}
		if f.Type.Kind != model.KindNamed || !f.Type.Named.IsStruct() {
			return false
		}
		t = f.Type.Named
	}
	return false
}

func param(op *model.Operation, loc *model.Location) *model.Param {
	if loc == nil {
		return nil
	}
	for _, p := range op.Params {
		if p.Name == loc.Name && p.In == loc.In {
			return p
		}
	}
	return nil
}

// setInput emits in.<loc> = value, for a parameter or a body path.
func setInput(g *jen.Group, op *model.Operation, loc *model.Location, value func(*model.TypeRef, bool) jen.Code) {
	if loc.In != model.InBody {
		p := param(op, loc)
		g.Id("in").Dot(p.GoName).Op("=").Add(value(p.Type, !p.Required && pointable(p.Type)))
		return
	}
	g.Id("body").Op(":=").Id("derefOr").Call(jen.Id("in").Dot("Body"))
	writePath(g, jen.Id("body"), op.Body.Type.Named, loc.Path, 0, value)
	g.Id("in").Dot("Body").Op("=").Op("&").Id("body")
}

// fromInt converts the integer expression v of kind src to type t.
func fromInt(v jen.Code, src model.Kind, t *model.TypeRef, ptr bool) jen.Code {
	var out jen.Code
	switch {
	case t.Kind == src:
		out = v
	case t.Kind == model.KindString:
		out = jen.Qual("strconv", "FormatInt").Call(jen.Int64().Call(v), jen.Lit(10))
	default:
		out = goType(t).Call(v)
	}
	if ptr {
		return jen.Id("Ptr").Call(out)
	}
	return out
}

// keyFunc identifies an item, for a restarted walk to find its place by: a
// one-line function literal.
func keyFunc(pg *paging) jen.Code {
	if pg.p.Key == "" || pg.p.ItemType.Kind != model.KindNamed {
		return nil
	}
	fd := pg.p.ItemType.Named.Field(pg.p.Key)
	if fd == nil {
		return nil
	}
	return jen.Func().Params(jen.Id("item").Add(pg.item.Clone())).String().Custom(jen.Options{Open: "{ ", Close: " }"},
		jen.Return(asString(jen.Id("item").Dot(fd.GoName), fd.Type, fd.Optional && pointable(fd.Type))),
	)
}

// validateFunc refuses a Limit outside the schema's bounds before any request.
func validateFunc(pg *paging) jen.Code {
	p := pg.p
	if p.Limit == nil || (p.LimitMin == nil && p.LimitMax == nil) {
		return nil
	}
	bound := func(b *int64) jen.Code {
		if b == nil {
			return jen.Nil()
		}
		return jen.Id("Ptr").Call(jen.Lit(*b))
	}
	name := p.Limit.Wire()
	return jen.Id("limitWithin").Call(jen.Lit(name), bound(p.LimitMin), bound(p.LimitMax))
}

func genIterators(f *jen.File, pg *paging) {
	names := pg.op.Names
	op := names.Method
	ctx := jen.Id("ctx").Qual("context", "Context")
	params := jen.Id("params").Op("*").Id(names.Params)
	optFns := jen.Id("optFns").Op("...").Func().Params(jen.Op("*").Id("PaginatorOptions"))
	walk := func(f string) jen.Code {
		return jen.Return(jen.Id(f).Call(jen.Id("ctx"), jen.Id(names.NewPaginator), jen.Id(names.APIClient).Call(jen.Id("c")), jen.Id("params"), jen.Id("optFns")))
	}
	seq := func(t jen.Code) *jen.Statement { return jen.Qual("iter", "Seq2").Types(t, jen.Error()) }

	f.Comment(wrap(fmt.Sprintf("%s ranges over every item %s returns, page after page. A failure ends the range with a non-nil error. Each range starts a new walk.", names.All, op)))
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(names.All).Params(ctx.Clone(), params.Clone(), optFns.Clone()).Add(seq(pg.item.Clone())).Block(walk("itemsOf"))

	f.Comment(wrap(fmt.Sprintf("%s ranges over the pages of %s. Each range starts a new walk.", names.Pages, op)))
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(names.Pages).Params(ctx.Clone(), params.Clone(), optFns.Clone()).Add(seq(jen.Op("*").Id(names.Page))).Block(walk("pagesOf"))

	if pg.p.MoreMeans != model.MoreLater {
		return
	}
	f.Comment(wrap(fmt.Sprintf("%s ranges over every item %s returns and then keeps waiting for more: when the API says nothing more is available yet, it resumes from the last token every interval until ctx ends.", names.Follow, op)))
	newPager := jen.Id(names.NewPaginator).Call(jen.Id("c"), jen.Id("params"), jen.Id("optFns").Op("...")).Dot("pager")
	yield := jen.Id("yield").Func().Params(pg.item.Clone(), jen.Error()).Bool()
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(names.Follow).Params(ctx.Clone(), params.Clone(), jen.Id("every").Qual("time", "Duration"), optFns.Clone()).Add(seq(pg.item.Clone())).Block(
		jen.Return(jen.Func().Params(yield).Block(
			jen.Id("follow").Call(jen.Id("ctx"), newPager, jen.Id("every")).Call(jen.Id("yield")),
		)),
	)
}

// readPageName names the function that reads a page of pg's walk out of
// op's response: the operation's own ReadPage, or, for its continuation,
// which may continue other walks too, the walk's ReadNextPage.
func readPageName(pg *paging, op *model.Operation) string {
	if op == pg.op {
		return op.Names.ReadPage
	}
	return pg.op.Names.ReadNextPage
}

// genReadPage declares the function that reads a page out of op's response.
func genReadPage(f *jen.File, pg *paging, op *model.Operation, tokens []model.Path, items model.Path, more, done *model.Path) {
	name := readPageName(pg, op)
	params := []jen.Code{jen.Id("out").Op("*").Id(op.Names.Response)}
	if pg.p.Style.Counts() {
		params = append(params, jen.Id("at").Int64())
	}
	f.Comment(fmt.Sprintf("%s reads one page of %s out of a %s response.", name, pg.op.Names.Method, op.Names.Method))
	f.Func().Id(name).Params(params...).Add(pg.pageOf()).BlockFunc(func(g *jen.Group) {
		res := op.Result.Type
		body := jen.Id("out").Dot("Body")
		if res.Kind == model.KindNamed && res.Named.IsStruct() {
			g.Id("body").Op(":=").Id("derefOr").Call(jen.Id("out").Dot("Body"))
			body = jen.Id("body")
		}
		if v, ok := directPath(body, res, items.Props); ok {
			g.Id("pg").Op(":=").Add(pg.pageOf()).Values(jen.Id("items").Op(":").Add(v), jen.Id("response").Op(":").Id("out"))
		} else {
			g.Id("pg").Op(":=").Add(pg.pageOf()).Values(jen.Id("response").Op(":").Id("out"))
			readPath(g, body.Clone(), res, items.Props, 0, func(g *jen.Group, v *jen.Statement, _ *model.TypeRef, _ bool) {
				g.Id("pg").Dot("items").Op("=").Add(v)
			})
		}
		if set := pg.p.TokenSet; len(set) > 0 && op == pg.op {
			// The tokens continue the walk together: one opaque token.
			parts := make([]jen.Code, len(set))
			for i, part := range set {
				g.Var().Add(tokenPartVar(i)).String()
				readTokens(g, tokenPartVar(i), body, res, part.Response)
				parts[i] = tokenPartVar(i)
			}
			g.Id("pg").Dot("next").Op("=").Id("joinTokenSet").Call(parts...)
		} else {
			readTokens(g, jen.Id("pg").Dot("next"), body, res, tokens)
		}
		if more != nil {
			readPath(g, body.Clone(), res, more.Props, 0, func(g *jen.Group, v *jen.Statement, _ *model.TypeRef, ptr bool) {
				if ptr {
					g.Id("pg").Dot("more").Op("=").Add(v)
				} else {
					g.Id("pg").Dot("more").Op("=").Id("Ptr").Call(v)
				}
			})
		}
		if done != nil {
			readPath(g, body.Clone(), res, done.Props, 0, func(g *jen.Group, v *jen.Statement, _ *model.TypeRef, ptr bool) {
				if ptr {
					g.If(v.Clone().Op("!=").Nil()).Block(jen.Id("pg").Dot("more").Op("=").Id("Ptr").Call(jen.Op("!").Op("*").Add(v)))
				} else {
					g.Id("pg").Dot("more").Op("=").Id("Ptr").Call(jen.Op("!").Add(v))
				}
			})
		}
		if loc := pg.p.Position; loc != nil && loc.In == model.InURL {
			g.Id("pg").Dot("next").Op("=").Id("resolveLink").Call(jen.Id("out").Dot("url"), jen.Id("pg").Dot("next"))
		}
		genCursorFromItem(g, pg)
		genNextPosition(g, pg, body, res)
		g.Return(jen.Id("pg"))
	})
}

// directPath is the expression for the property path below base (of type
// t) when reading it needs no nil check on the way, as readPath would emit.
func directPath(base *jen.Statement, t *model.TypeRef, props []string) (*jen.Statement, bool) {
	v := base.Clone()
	for i, name := range props {
		fd := t.Named.Field(name)
		if i < len(props)-1 && fd.Optional && pointable(fd.Type) {
			return nil, false
		}
		v, t = v.Dot(fd.GoName), fd.Type
	}
	return v, true
}

// readToken reads one spelling of a token into dst (pg.next, or one part of
// a token set).
func readToken(g *jen.Group, dst *jen.Statement, body *jen.Statement, res *model.TypeRef, tp model.Path) {
	switch {
	case tp.Header == "Link":
		g.Add(dst.Clone()).Op("=").Id("nextLinkFromHeader").Call(jen.Id("out").Dot("Header"))
	case tp.Header != "":
		g.Add(dst.Clone()).Op("=").Id("out").Dot("Header").Dot("Get").Call(jen.Lit(tp.Header))
	case !tp.Declared:
		props := []jen.Code{jen.Id("out").Dot("raw")}
		for _, p := range tp.Props {
			props = append(props, jen.Lit(p))
		}
		g.Add(dst.Clone()).Op("=").Id("lookupRaw").Call(props...)
	default:
		readPath(g, body.Clone(), res, tp.Props, 0, func(g *jen.Group, v *jen.Statement, t *model.TypeRef, ptr bool) {
			g.Add(dst.Clone()).Op("=").Add(asString(v, t, ptr))
		})
	}
}

// readTokens reads the first non-empty of a token's spellings into dst.
func readTokens(g *jen.Group, dst *jen.Statement, body *jen.Statement, res *model.TypeRef, tokens []model.Path) {
	for i, tp := range tokens {
		read := func(g *jen.Group) { readToken(g, dst, body, res, tp) }
		if i == 0 {
			read(g)
		} else {
			g.If(dst.Clone().Op("==").Lit("")).BlockFunc(read)
		}
	}
}

// tokenPartVar names the variable that holds part i of a token set.
func tokenPartVar(i int) *jen.Statement { return jen.Id(fmt.Sprintf("part%d", i)) }

// genCursorFromItem takes the next cursor from the last item
// (starting_after = the last item's id).
func genCursorFromItem(g *jen.Group, pg *paging) {
	if pg.p.CursorFrom == "" || pg.p.ItemType.Kind != model.KindNamed {
		return
	}
	fd := pg.p.ItemType.Named.Field(pg.p.CursorFrom)
	last := jen.Id("pg").Dot("items").Index(jen.Id("n").Op("-").Lit(1)).Dot(fd.GoName)
	g.If(jen.Id("n").Op(":=").Len(jen.Id("pg").Dot("items")), jen.Id("pg").Dot("next").Op("==").Lit("").Op("&&").Id("n").Op(">").Lit(0)).Block(
		jen.Id("pg").Dot("next").Op("=").Add(asString(last, fd.Type, fd.Optional && pointable(fd.Type))),
	)
}

// genNextPosition computes the next offset or page number; a total in the
// response ends the walk when it is reached, an empty page ends it anyway.
func genNextPosition(g *jen.Group, pg *paging, body *jen.Statement, res *model.TypeRef) {
	if !pg.p.Style.Counts() {
		return
	}
	step := jen.Int64().Call(jen.Len(jen.Id("pg").Dot("items")))
	if pg.p.Style == model.StylePage {
		step = jen.Lit(1)
	}
	g.If(jen.Len(jen.Id("pg").Dot("items")).Op("==").Lit(0)).Block(jen.Return(jen.Id("pg")))
	g.Id("next").Op(":=").Id("at").Op("+").Add(step)
	if t := pg.p.Total; t != nil && pg.p.Style == model.StyleOffset {
		readPath(g, body.Clone(), res, t.Props, 0, func(g *jen.Group, v *jen.Statement, _ *model.TypeRef, ptr bool) {
			total := v
			if ptr {
				total = jen.Id("derefOr").Call(v)
			}
			g.If(jen.Id("next").Op(">=").Int64().Call(total)).Block(jen.Return(jen.Id("pg")))
		})
	}
	g.Id("pg").Dot("next").Op("=").Qual("strconv", "FormatInt").Call(jen.Id("next"), jen.Lit(10))
}
