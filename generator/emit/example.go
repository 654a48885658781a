package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/pagegen/pagegen/generator/model"
)

// exampleOperation returns the operation the example walks: the first
// paginated one; nil when there is none.
func (e *emitter) exampleOperation() *model.Operation {
	for _, op := range e.api.Operations {
		if op.Emit && op.Pagination != nil {
			return op
		}
	}
	return nil
}

// exampleFile holds an Example for op, so the package's documentation
// shows a walk and go vet compiles one. It has no Output comment: go test
// compiles it but does not run it, as it would call the real API.
func (e *emitter) exampleFile(pkg string, op *model.Operation) *jen.File {
	f := newFile(pkg)
	all := op.Names.All
	// go vet reads ExampleClient_A_B as method A with suffix B, which must
	// start in lower case: a renamed ThingsList_All documents Client.
	example := "ExampleClient_" + all
	if strings.Contains(all, "_") {
		example = "ExampleClient"
	}
	f.Comment(wrap(fmt.Sprintf("This example ranges over every item %s returns, page after page, stopping after 100 items. Set the parameters the operation requires, and the API's base URL.", op.Names.Method)))
	f.Func().Id(example).Params().Block(
		jen.List(jen.Id("client"), jen.Err()).Op(":=").Id("NewClient").Call(jen.Lit("https://api.example.com")),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Qual("log", "Fatal").Call(jen.Err()),
		),
		jen.Id("params").Op(":=").Op("&").Id(op.Names.Params).Values(),
		jen.Id("maxItems").Op(":=").Func().Params(jen.Id("o").Op("*").Id("PaginatorOptions")).Block(
			jen.Id("o").Dot("MaxItems").Op("=").Lit(100),
		),
		jen.For(jen.List(jen.Id("item"), jen.Err()).Op(":=").Range().Id("client").Dot(all).Call(
			jen.Qual("context", "Background").Call(), jen.Id("params"), jen.Id("maxItems"),
		)).Block(
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.Qual("log", "Fatal").Call(jen.Err()),
			),
			jen.Qual("fmt", "Printf").Call(jen.Lit("%+v\n"), jen.Id("item")),
		),
	)
	return f
}
