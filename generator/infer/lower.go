package infer

import (
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/pagegen/pagegen/generator/model"
	"github.com/pagegen/pagegen/generator/naming"
	"github.com/pagegen/pagegen/templates"
)

// lower settles which operations are emitted — paginated ones and their
// continuations — and lowers them, their types and their pagination into
// the model.
func (b *builder) lower() error {
	overrides, err := b.settle()
	if err != nil {
		return err
	}
	for {
		failed, err := b.lowerEmitted(overrides)
		if err != nil {
			return err
		}
		if len(failed) == 0 {
			b.api.Diagnostics = append(b.api.Diagnostics, b.nameDiags...)
			return nil
		}
		// What the schemas contradict is left out, and the rest lowered
		// again without it, so that no type is declared for it alone.
		for _, o := range b.ops {
			if msg := failed[o]; msg != "" {
				if nxt := b.byID[o.dec.next]; nxt != nil && nxt != o && nxt.m.ContinuationOf == o.m.ID {
					nxt.m.ContinuationOf = b.otherOriginator(nxt, o, failed)
				}
				b.skip(o, msg)
			}
		}
	}
}

// otherOriginator is the first operation besides o, and besides those that
// failed, that nxt continues; "" when there is none.
func (b *builder) otherOriginator(nxt, o *operation, failed map[*operation]string) string {
	for _, p := range b.ops {
		if p != o && p.dec != nil && p.dec.next == nxt.m.ID && failed[p] == "" {
			return p.m.ID
		}
	}
	return ""
}

// settle sets aside the inferred decisions pagegen is not sure of or cannot
// type, so that they continue nothing, and marks continuations. It returns
// the continuations' own annotations, which only override where their
// responses keep the token, items and flags: they are not paginated
// themselves.
func (b *builder) settle() (map[string]*decision, error) {
	skipped := map[*operation]string{}
	for _, o := range b.ops {
		switch d := o.dec; {
		case d == nil || d.stated():
		case d.confidence < b.opts.MinConfidence:
			skipped[o] = fmt.Sprintf("looks paginated, but confidence %.2f is below %.2f; skipped (annotate it with x-pagination to generate it)", d.confidence, b.opts.MinConfidence)
		case d.items == nil:
			skipped[o] = fmt.Sprintf("paginated (%s), but the response declares no array of items to page through; skipped (state items with x-pagination to generate it)", d.source)
		}
	}
	for _, o := range b.ops {
		if o.dec == nil || o.dec.next == "" || o.dec.next == o.m.ID || skipped[o] != "" {
			continue
		}
		nxt := b.byID[o.dec.next]
		if nxt == nil {
			return nil, b.errorAt(append(append([]string{}, o.ptr...), "x-pagination", "next"), o.m.ID,
				fmt.Errorf("next operation %s does not exist", o.dec.next))
		}
		if first := b.byID[nxt.m.ContinuationOf]; first != nil && first != o {
			// One continuation may continue several operations (Azure's
			// …ListNext), as long as they hand it the token the same way.
			if first.dec.reqToken.String() == o.dec.reqToken.String() {
				continue
			}
			if !o.dec.stated() {
				skipped[o] = fmt.Sprintf("its continuation %s already continues %s, which hands it the token as %s, not %s; skipped",
					nxt.m.ID, first.m.ID, first.dec.reqToken, o.dec.reqToken)
				continue
			}
			return nil, b.errorAt(append(append([]string{}, o.ptr...), "x-pagination", "next"), o.m.ID,
				fmt.Errorf("%s already continues %s, which hands it the token as %s, not %s", nxt.m.ID, first.m.ID, first.dec.reqToken, o.dec.reqToken))
		}
		nxt.m.ContinuationOf = o.m.ID
	}
	overrides := map[string]*decision{}
	for _, o := range b.ops {
		if o.m.ContinuationOf != "" {
			if o.dec != nil && o.dec.stated() {
				overrides[o.m.ID] = o.dec
			}
			o.dec = nil
			delete(skipped, o)
		}
	}
	for _, o := range b.ops {
		switch {
		case skipped[o] != "":
			b.skip(o, skipped[o])
		case o.dec != nil && o.dec.ambiguous != "" && !o.dec.stated():
			b.warn(o, ambiguityMessage(o.dec))
		}
	}
	return overrides, nil
}

// lowerEmitted lowers the paginated operations and their continuations,
// afresh, and resolves their pagination. It returns the operations whose
// pagination the schemas contradict and that are not x-pagination's (for
// which it returns the error).
func (b *builder) lowerEmitted(overrides map[string]*decision) (map[*operation]string, error) {
	b.names = &naming.Set{}
	b.names.Reserve(templates.Declared()...)
	b.typer = newTyper(b.names)
	b.typer.swagger2 = b.spec.Swagger2
	b.clients, b.api.ClientParams = map[string]*model.ClientParam{}, nil
	for _, o := range b.ops {
		o.m.Emit, o.m.Params, o.m.Consts, o.m.ClientParams, o.m.Body, o.m.Result, o.m.Pagination = o.single, nil, nil, nil, nil, nil, nil
		o.m.TakesNextLink = false
	}
	for _, o := range b.ops {
		if o.dec != nil {
			o.m.Emit = true
			if o.dec.next != "" && o.dec.next != o.m.ID {
				b.byID[o.dec.next].m.Emit = true
			}
		}
	}
	b.nameDiags = b.nameOperations(b.names)
	for _, o := range b.ops {
		if o.m.Emit {
			if err := b.lowerOperation(o); err != nil {
				return nil, err
			}
		}
	}
	failed := map[*operation]string{}
	for _, o := range b.ops {
		if o.dec == nil {
			continue
		}
		nxt := o
		if o.dec.next != "" {
			nxt = b.byID[o.dec.next]
		}
		p, err := b.resolve(o, nxt, overrides[nxt.m.ID])
		switch {
		case err != nil && o.dec.stated():
			return nil, err
		case err != nil:
			// Another generator's annotation, or inference, that the
			// schemas contradict: reported, and the operation left out.
			msg := err.Error()
			var located *model.Error
			if errors.As(err, &located) {
				msg = located.Err.Error()
			}
			failed[o] = fmt.Sprintf("%s (%s); skipped", msg, o.dec.source)
		default:
			o.m.Pagination = p
			if p.Style.FollowsLink() {
				o.m.TakesNextLink, nxt.m.TakesNextLink = true, true
			}
		}
	}
	b.api.Types = b.typer.types
	for _, r := range b.typer.renames {
		b.nameDiags = append(b.nameDiags, b.renameWarning(r))
	}
	return failed, nil
}

// skip records that o is left out, and why, with what was decided.
func (b *builder) skip(o *operation, msg string) {
	b.warn(o, msg)
	o.m.Skipped = sketch(o.dec)
	o.dec = nil
}

func (b *builder) warn(o *operation, msg string) {
	b.api.Diagnostics = append(b.api.Diagnostics, warningAt(o, "%s", msg))
}

// warningAt is a warning about operation o.
func warningAt(o *operation, format string, args ...any) model.Diagnostic {
	return model.Diagnostic{
		Severity: model.SeverityWarning, Pos: o.m.Pos, Operation: o.m.ID,
		Message: fmt.Sprintf(format, args...),
	}
}

// sketch is the model of a decision pagegen does not generate: its
// locations as stated, unchecked against the schemas.
func sketch(d *decision) *model.Pagination {
	p := &model.Pagination{
		Source: d.source, Confidence: d.confidence, Reasons: d.reasons, MoreMeans: model.MoreNow,
		Next: d.next, CursorFrom: d.cursorFrom, Key: d.key, RestartOn: d.restartOn,
	}
	switch {
	case d.offset != nil:
		p.Style, p.Position = model.StyleOffset, d.offset
	case d.page != nil:
		p.Style, p.Position, p.Start = model.StylePage, d.page, d.pageStart
	case d.reqToken != nil && d.reqToken.In == model.InURL:
		p.Style, p.Position = model.StyleNextLink, d.reqToken
	case d.reqToken != nil:
		p.Style, p.Position = model.StyleToken, d.reqToken
	}
	for _, t := range d.respToken {
		p.ResponseToken = append(p.ResponseToken, model.Path{Header: t.header, Props: splitPath(t.path)})
	}
	if d.items != nil {
		p.Items = model.Path{Props: splitPath(*d.items)}
	}
	return p
}

// lowerOperation lowers parameters, body and success response.
func (b *builder) lowerOperation(o *operation) error {
	b.typer.at = o
	fields := &naming.Set{}
	fields.Reserve("Body")
	for _, pr := range o.params {
		p := pr.Value
		if p == nil || p.In == "cookie" {
			continue
		}
		in := model.In(p.In)
		if p.Extensions["x-ms-parameter-location"] == "client" {
			o.m.ClientParams = append(o.m.ClientParams, b.clientParam(o, p))
			continue
		}
		if c, ok := constValue(p.Schema, p.Required); ok {
			o.m.Consts = append(o.m.Consts, &model.Const{Name: p.Name, In: in, Value: c})
			continue
		}
		mp := b.param(o, fields, p.Name, clientName(p.Name, p.Extensions), in, p.Schema, p.Required || in == model.InPath, p.Description)
		mp.Unescaped = in == model.InPath && p.Extensions["x-ms-skip-url-encoding"] == true
		o.m.Params = append(o.m.Params, mp)
	}
	if rb := o.op.RequestBody; rb != nil && rb.Value != nil {
		ct, mt, format := pickContent(rb.Value.Content)
		switch {
		case mt == nil || mt.Schema == nil:
		case format == formatForm:
			props, required := flatten(deref(mt.Schema).Value)
			for _, pr := range props {
				if c, ok := constValue(pr.schema, required[pr.name]); ok {
					o.m.Consts = append(o.m.Consts, &model.Const{Name: pr.name, In: model.InForm, Value: c})
					continue
				}
				var ext map[string]any
				if pr.schema != nil && pr.schema.Value != nil {
					ext = pr.schema.Value.Extensions
				}
				p := b.param(o, fields, pr.name, clientName(pr.name, ext), model.InForm, pr.schema, required[pr.name], "")
				if items := deref(pr.schema); isType(items, "array") && items.Value.Items != nil && items.Value.Items.Value != nil {
					if x := deref(items.Value.Items).Value.XML; x != nil && x.Name != "" {
						p.ListItem = x.Name
					} else if x := items.Value.Items.Value.XML; x != nil && x.Name != "" {
						p.ListItem = x.Name
					}
				}
				o.m.Params = append(o.m.Params, p)
			}
		default:
			o.m.Body = &model.Body{
				ContentType: ct,
				Format:      model.BodyFormat(format),
				Type:        b.typer.ref(mt.Schema, o.m.GoName+"Request"),
				Required:    rb.Value.Required,
				Doc:         rb.Value.Description,
			}
			if format == formatXML {
				b.typer.markXML(o.m.Body.Type)
			}
		}
	}
	o.m.LongRunning = longRunning(o.op)
	if ct, mt, format := successContent(o.op); mt != nil && mt.Schema != nil {
		o.m.Result = &model.Response{ContentType: ct, Format: model.BodyFormat(format), Type: b.typer.ref(mt.Schema, o.m.GoName+"Result")}
		if format == formatXML {
			b.typer.markXML(o.m.Result.Type)
		}
	}
	return nil
}

// longRunning reads x-ms-long-running-operation and its options.
func longRunning(op *openapi3.Operation) *model.LongRunning {
	if op.Extensions["x-ms-long-running-operation"] != true {
		return nil
	}
	lr := &model.LongRunning{}
	if opts, ok := op.Extensions["x-ms-long-running-operation-options"].(map[string]any); ok {
		lr.FinalStateVia, _ = opts["final-state-via"].(string)
	}
	return lr
}

// param lowers one parameter; goName is the name it is known by in Go
// (clientName), the wire name otherwise.
func (b *builder) param(o *operation, fields *naming.Set, name, goName string, in model.In, sr *openapi3.SchemaRef, required bool, doc string) *model.Param {
	want := naming.Exported(goName)
	goName = fields.Unique(want)
	if goName != want {
		b.typer.renames = append(b.typer.renames, typeRename{at: o, from: o.m.Names.Params + "." + want, to: o.m.Names.Params + "." + goName})
	}
	p := &model.Param{
		Name:     name,
		GoName:   goName,
		In:       in,
		Type:     b.typer.ref(sr, o.m.GoName+want),
		Required: required,
		Doc:      doc,
	}
	if sr != nil && sr.Value != nil {
		s := deref(sr).Value
		if p.Doc == "" {
			p.Doc = firstNonEmpty(s.Description, s.Title)
		}
		p.Min, p.Max = intBound(s.Min), intBound(s.Max)
	}
	return p
}

// clientParam is the client parameter p is, made the first time an
// operation names it: its option is With and its Go name, unique in the
// package, and its default the spec's one value.
func (b *builder) clientParam(o *operation, p *openapi3.Parameter) *model.ClientParam {
	key := p.In + " " + p.Name
	if cp := b.clients[key]; cp != nil {
		return cp
	}
	goName := naming.Exported(clientName(p.Name, p.Extensions))
	cp := &model.ClientParam{
		Name:     p.Name,
		In:       model.In(p.In),
		Type:     b.typer.ref(p.Schema, goName),
		Option:   b.names.Unique("With" + goName),
		Doc:      p.Description,
		Required: p.Required || p.In == openapi3.ParameterInPath,
	}
	if v, ok := constValue(p.Schema, true); ok {
		cp.Default = &v
	} else if p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Default != nil {
		if v, ok := formatConst(p.Schema.Value.Default); ok {
			cp.Default = &v
		}
	}
	if cp.Doc == "" && p.Schema != nil && p.Schema.Value != nil {
		cp.Doc = p.Schema.Value.Description
	}
	if want := "With" + goName; cp.Option != want {
		b.nameDiags = append(b.nameDiags, nameTaken(o, want, cp.Option))
	}
	b.clients[key] = cp
	b.api.ClientParams = append(b.api.ClientParams, cp)
	return cp
}

// clientName is the name AutoRest's x-ms-client-name gives a parameter or
// property in code, else its wire name: the Go name is made of it, and the
// wire name stays what is sent and read.
func clientName(wire string, ext map[string]any) string {
	if n, ok := ext["x-ms-client-name"].(string); ok && strings.TrimSpace(n) != "" {
		return n
	}
	return wire
}
