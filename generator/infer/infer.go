// Package infer decides, for every operation of a loaded spec, whether and
// how it pages — from x-pagination, from the extensions other generators
// use, or from the shapes of its parameters and responses — and lowers the
// operations that pagegen emits into the model. It is the only package
// besides load that sees kin-openapi types.
//
// What decides, in order: an operation's x-pagination (from the spec or an
// overlay; the root's x-pagination gives defaults); else a peer extension
// (x-ms-pageable, x-speakeasy-pagination, x-fern-pagination); inference
// then fills what either leaves out, or decides alone. Contradictions in
// x-pagination are errors; in peer extensions, which were written for other
// generators, and in inference they are warnings, and the operation is
// generated without a paginator.
//
// Inference (detect.go and the files it uses) works from names, locations,
// types and shapes, never from a list of operations; continuation.go pairs an
// operation with the one that continues its walk, and conventions.go lets
// what most operations of a spec do settle what one of them leaves
// undeclared. Every finding adds to a confidence and to the reasons
// explain prints. Below Options.MinConfidence an inferred paginator is not
// generated; neither is one whose response declares no array of items (or
// only a map): both are kept in Operation.Skipped, with a warning.
//
// The files follow a spec through Build:
//
//	infer.go          operations collected, and each one decided
//	annotation.go     x-pagination, its locations, and the root-level defaults
//	fields.go         the table of x-pagination keys: parse, inherit, fill
//	peers.go          the extensions of other generators
//	detect.go         the detectors that propose how an operation pages
//	shapes.go         what they read: request inputs, response fields
//	names.go          the vocabulary of paging names
//	echo.go           inputs the response echoes back, whatever their word
//	items.go          which array holds the items
//	complete.go       page size, end-of-walk flags, total
//	confidence.go     the confidence weights, with their reasons
//	continuation.go   an operation continued by another
//	nextoperation.go  an operation that takes only a link or token continues one
//	conventions.go    what a spec's other operations do
//	lower.go          the operations to emit, lowered into the model
//	idents.go         every name an emitted operation declares, decided once
//	types.go          schemas lowered into Go types
//	resolve.go        a decision checked against the schemas, stage by stage
//	key.go            the item property that identifies an item, if unnamed
//	locate.go         where its locations are in the request and response
//	nextpaths.go      where a continuation's response keeps them
//	schema.go         the kin-openapi schema and response helpers
package infer

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/pagegen/pagegen/generator/internal/parallel"
	"github.com/pagegen/pagegen/generator/load"
	"github.com/pagegen/pagegen/generator/model"
	"github.com/pagegen/pagegen/generator/naming"
)

// Options tune inference.
type Options struct {
	// MinConfidence is the confidence below which an inferred paginator is
	// reported and left out rather than emitted.
	MinConfidence float64
}

// DefaultMinConfidence is the threshold generate uses unless told otherwise.
const DefaultMinConfidence = 0.6

// operation is an operation of the spec while inference works on it.
type operation struct {
	m      *model.Operation
	op     *openapi3.Operation
	item   *openapi3.PathItem
	ptr    []string // JSON pointer tokens of the operation
	params openapi3.Parameters
	dec    *decision

	// inferred is what inference proposes from the operation's shapes and
	// its peers' conventions, before any annotation is applied.
	inferred *decision
	// halfToken is a token input whose response declares nothing to feed
	// it: the spec's conventions may say where the token is.
	halfToken *input
	ins       []input // its request inputs, worked out before inference
	// single marks an operation its annotation declares to return one page
	// (x-ms-pageable with nextLinkName: null): it is emitted as a plain
	// call.
	single bool
}

var methods = []string{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}

// Build decides pagination for every operation of spec and lowers the
// operations to emit. An error is returned for contradictions in
// annotations; findings that do not stop generation are diagnostics.
func Build(spec *load.Spec, opts Options) (*model.API, error) {
	b := &builder{spec: spec, opts: opts}
	return b.build()
}

type builder struct {
	spec  *load.Spec
	opts  Options
	names *naming.Set
	api   *model.API
	ops   []*operation
	byID  map[string]*operation
	typer *typer
	// namedFor lists, per operation, the operations it is named after
	// (ListOrdersByNextToken: ListOrders); worked out when first needed.
	namedFor     map[*operation][]*operation
	namedForOnce sync.Once
	// clients are the client parameters the last lowering met, by where
	// they travel and their wire name.
	clients map[string]*model.ClientParam
	// nameDiags are the warnings about names the last lowering changed.
	nameDiags []model.Diagnostic
}

func (b *builder) build() (*model.API, error) {
	doc := b.spec.Doc
	b.api = &model.API{Spec: b.spec.File}
	if doc.Info != nil {
		b.api.Title = doc.Info.Title
	}
	if err := b.collect(); err != nil {
		return nil, err
	}
	root, off, err := parseAnnotation(doc.Extensions["x-pagination"])
	if err != nil {
		return nil, b.errorAt([]string{"x-pagination"}, "", err)
	}
	if off {
		root = nil
	}
	if root != nil && b.spec.FromOverlay("x-pagination") {
		root.source = "overlay"
	}
	// Inference sees every operation before any is decided: continuations
	// and the spec's own conventions span operations. Each operation's
	// proposal only reads the others, so they are worked out at once.
	parallel.Do(len(b.ops), func(i int) { b.ops[i].ins = inputs(b.ops[i]) })
	parallel.Do(len(b.ops), func(i int) { b.ops[i].inferred = infer(b, b.ops[i]) })
	b.nextOperations()
	b.learnConventions()
	for _, o := range b.ops {
		if err := b.decide(o, root); err != nil {
			return nil, err
		}
	}
	if err := b.lower(); err != nil {
		return nil, err
	}
	sort.Slice(b.api.Types, func(i, j int) bool { return b.api.Types[i].Name < b.api.Types[j].Name })
	return b.api, nil
}

// collect enumerates operations in path and method order and names them.
func (b *builder) collect() error {
	paths := b.spec.Doc.Paths.Map()
	keys := slices.Sorted(maps.Keys(paths))
	b.byID = map[string]*operation{}
	goNames := &naming.Set{}
	for _, key := range keys {
		item := paths[key]
		if item == nil {
			continue
		}
		for _, method := range methods {
			op := item.GetOperation(method)
			if op == nil {
				continue
			}
			path, _, _ := strings.Cut(key, "#")
			id := op.OperationID
			if id == "" {
				id = naming.Exported(strings.ToLower(method) + " " + path)
			}
			ptr := []string{"paths", key, strings.ToLower(method)}
			if prev := b.byID[id]; prev != nil {
				// Published specs do repeat operationIds (SP-API's shipping
				// v2); the later operation is renamed rather than the whole
				// spec refused.
				renamed := id + "_" + method
				for n := 2; b.byID[renamed] != nil; n++ {
					renamed = fmt.Sprintf("%s_%s%d", id, method, n)
				}
				b.api.Diagnostics = append(b.api.Diagnostics, model.Diagnostic{
					Severity: model.SeverityWarning, Pos: b.pos(ptr...), Operation: id,
					Message: fmt.Sprintf("operationId %s is also used by %s %s; this operation is called %s here", id, prev.m.Method, prev.m.Key, renamed),
				})
				id = renamed
			}
			o := &operation{
				op:   op,
				item: item,
				ptr:  ptr,
				m: &model.Operation{
					ID:     id,
					GoName: goNames.Unique(naming.Exported(id)),
					Method: method,
					Path:   path,
					Key:    key,
					Pos:    b.pos(ptr...),
					Doc:    firstNonEmpty(op.Description, op.Summary),
				},
				params: mergeParams(item.Parameters, op.Parameters),
			}
			b.byID[id] = o
			b.ops = append(b.ops, o)
			b.api.Operations = append(b.api.Operations, o.m)
		}
	}
	return nil
}

// mergeParams applies operation parameters over path-item ones (same name
// and location).
func mergeParams(item, op openapi3.Parameters) openapi3.Parameters {
	out := make(openapi3.Parameters, 0, len(item)+len(op))
	seen := map[string]bool{}
	for _, p := range op {
		if p.Value != nil {
			seen[p.Value.In+" "+p.Value.Name] = true
		}
	}
	for _, p := range item {
		if p.Value != nil && !seen[p.Value.In+" "+p.Value.Name] {
			out = append(out, p)
		}
	}
	return append(out, op...)
}

// decide settles o's pagination: the annotation, else a peer extension,
// else inference; inference then fills what an annotation left out.
func (b *builder) decide(o *operation, root *decision) error {
	dec, off, err := parseAnnotation(o.op.Extensions["x-pagination"])
	if err != nil {
		return b.annotationError(o, err)
	}
	if off {
		return nil
	}
	switch {
	case dec != nil:
		dec.inherit(root)
		if b.spec.FromOverlay(append(append([]string{}, o.ptr...), "x-pagination")...) {
			dec.source = "overlay"
		}
	case root != nil:
		dec = b.rootDefaults(o, root)
	}
	if dec == nil {
		peer, single, err := b.peerExtension(o)
		switch {
		case err != nil:
			// Written for another generator: reported, not fatal.
			b.api.Diagnostics = append(b.api.Diagnostics, model.Diagnostic{
				Severity: model.SeverityWarning, Pos: b.pos(append(append([]string{}, o.ptr...), extensionName(o))...),
				Operation: o.m.ID, Message: err.Error() + "; ignored",
			})
		case single:
			// Declared one page: a plain call, no paginator.
			o.single = true
			return nil
		}
		dec = peer
	}
	inferred := o.inferred
	switch {
	case dec == nil && inferred == nil:
		return nil
	case dec == nil:
		dec = inferred
	default:
		dec.fill(inferred)
	}
	// Two decimals are all a confidence means; inference never claims
	// the certainty of a declaration.
	dec.confidence = math.Round(dec.confidence*100) / 100
	if dec.source == "inferred" {
		dec.confidence = min(dec.confidence, inferredCeiling)
	}
	o.dec = dec
	return nil
}

// pos returns the position of the JSON pointer in the main spec.
func (b *builder) pos(tokens ...string) model.Pos {
	return b.spec.Pos(tokens...)
}

// errorAt wraps err as a diagnostic at the pointer, naming the operation.
func (b *builder) errorAt(ptr []string, opID string, err error) error {
	return &model.Error{Pos: b.pos(ptr...), Operation: opID, Err: err}
}

// annotationError places an annotation problem at the offending key.
func (b *builder) annotationError(o *operation, err error) error {
	ptr := append(append([]string{}, o.ptr...), "x-pagination")
	if fe, ok := err.(*fieldError); ok && fe.key != "" {
		ptr = append(ptr, fe.key)
	}
	return b.errorAt(ptr, o.m.ID, err)
}
